/* libFuzzer target: a multipart/form-data body through the strict parser.
 * The first line of the input is the Content-Type value, the rest the body;
 * every view the parser returns must lie inside its input. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/multipart.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_view(struct mc_mp_view v, const char *lo, const char *hi)
{
    if (v.len && (v.ptr < lo || v.ptr + v.len > hi))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *in = (const char *)data, *nl = memchr(in, '\n', size);
    size_t ctlen = nl ? (size_t)(nl - in) : size;
    const char *body = nl ? nl + 1 : in + size;
    size_t len = size - (size_t)(body - in);
    struct mc_multipart mp;
    struct mc_error err;
    mc_error_init(&err);
    if (mc_multipart_parse(in, ctlen, body, len, &mp, &err) != MC_OK)
        return 0;
    if (mp.nparts > MC_MP_MAX_PARTS)
        abort();
    for (int i = 0; i < mp.nparts; i++) {
        const struct mc_mp_part *p = &mp.parts[i];
        check_view(p->name, body, body + len);
        check_view(p->filename, body, body + len);
        check_view(p->content_type, body, body + len);
        check_view(p->data, body, body + len);
        if (!p->name.len || p->name.len > MC_MP_MAX_NAME || p->filename.len > MC_MP_MAX_FILENAME)
            abort();
    }
    return 0;
}
