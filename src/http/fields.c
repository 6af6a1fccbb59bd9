#include "http/fields.h"

#include <string.h>

#include "core/banned.h"

int mc_field_object(json_t *body, struct mc_error *err)
{
    if (json_is_object(body))
        return 1;
    mc_error_set(err, MC_ERR_INVALID, 400, "invalid_body", "Nội dung gửi lên phải là một đối tượng JSON",
                 "The request body must be a JSON object");
    return 0;
}

static mc_err missing(const char *key, struct mc_error *err)
{
    mc_error_setf(err, MC_ERR_INVALID, 400, "missing_field", "Thiếu trường bắt buộc \"%s\"",
                  "The required field \"%s\" is missing", key);
    mc_error_detail_str(err, "field", key);
    return MC_ERR_INVALID;
}

static mc_err invalid(const char *key, const char *vi, const char *en, struct mc_error *err)
{
    mc_error_setf(err, MC_ERR_INVALID, 400, "invalid_field", "Trường \"%s\": %s", "Field \"%s\": %s", key, vi);
    /* the English message needs its own text: format again */
    char msg[384];
    snprintf(msg, sizeof(msg), "Field \"%s\": %s", key, en);
    snprintf(err->message_en, sizeof(err->message_en), "%s", msg);
    mc_error_detail_str(err, "field", key);
    return MC_ERR_INVALID;
}

static int has_control(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 && *s != '\n' && *s != '\t' && *s != '\r')
            return 1;
    return 0;
}

mc_err mc_field_str(json_t *obj, const char *key, size_t max, int required, const char **out, struct mc_error *err)
{
    json_t *v = json_object_get(obj, key);
    *out = NULL;
    if (!v || json_is_null(v))
        return required ? missing(key, err) : MC_OK;
    if (!json_is_string(v))
        return invalid(key, "phải là chuỗi ký tự", "must be a string", err);
    const char *s = json_string_value(v);
    size_t n = json_string_length(v);
    if (n > max) {
        mc_err rc = invalid(key, "quá dài", "too long", err);
        mc_error_detail_int(err, "max_length", (int64_t)max);
        return rc;
    }
    if (required && n == 0)
        return missing(key, err);
    if (has_control(s))
        return invalid(key, "chứa ký tự điều khiển", "contains control characters", err);
    *out = s;
    return MC_OK;
}

mc_err mc_field_int(json_t *obj, const char *key, int64_t min, int64_t max, int required, int64_t *out,
                    struct mc_error *err)
{
    json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v))
        return required ? missing(key, err) : MC_OK;
    if (!json_is_integer(v))
        return invalid(key, "phải là số nguyên", "must be an integer", err);
    json_int_t x = json_integer_value(v);
    if (x < min || x > max)
        return invalid(key, "ngoài khoảng cho phép", "out of range", err);
    *out = x;
    return MC_OK;
}
