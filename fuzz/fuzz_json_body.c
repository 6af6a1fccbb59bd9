/* libFuzzer target: a JSON request body through the depth check and the parser. */
#include <stddef.h>
#include <stdint.h>

#include "http/json_body.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct mc_error err;
    json_t *j = NULL;
    mc_error_init(&err);
    if (mc_json_parse((const char *)data, size, 32, &j, &err) == MC_OK)
        json_decref(j);
    return 0;
}
