#include "http/json_body.h"

#include "core/banned.h"

size_t mc_json_depth(const char *text, size_t len)
{
    size_t depth = 0, max = 0;
    int in_string = 0;
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        if (in_string) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_string = 0;
            continue;
        }
        if (c == '"') {
            in_string = 1;
        } else if (c == '[' || c == '{') {
            if (++depth > max)
                max = depth;
        } else if ((c == ']' || c == '}') && depth) {
            depth--;
        }
    }
    return max;
}

mc_err mc_json_parse(const char *text, size_t len, size_t max_depth, json_t **out, struct mc_error *err)
{
    if (mc_json_depth(text, len) > max_depth) {
        mc_error_setf(err, MC_ERR_INVALID, 400, "json_too_deep", "JSON lồng nhau quá %zu cấp",
                      "JSON nested deeper than %zu levels", max_depth);
        mc_error_detail_int(err, "max_depth", (int64_t)max_depth);
        return MC_ERR_INVALID;
    }
    json_error_t je;
    json_t *j = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
    if (!j) {
        mc_error_setf(err, MC_ERR_INVALID, 400, "invalid_json", "JSON không hợp lệ ở dòng %d, cột %d",
                      "Malformed JSON at line %d, column %d", je.line, je.column);
        mc_error_detail_int(err, "line", je.line);
        mc_error_detail_int(err, "column", je.column);
        mc_error_detail_int(err, "position", je.position);
        mc_error_detail_str(err, "reason", je.text);
        return MC_ERR_INVALID;
    }
    *out = j;
    return MC_OK;
}
