/* libFuzzer target: ISO 8601 instants and dates as clients send them. */
#include <stddef.h>
#include <stdint.h>

#include "core/log.h"
#include "core/time.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int64_t t, d;
    if (mc_time_parse((const char *)data, size, &t) == MC_OK) {
        char out[MC_ISO_LEN];
        int64_t back;
        mc_time_iso(t, out);
        /* what we print we must read back to the same instant */
        MC_ASSERT(t < -62135596800LL || t > 253402300799LL || (mc_time_parse(out, 25, &back) == MC_OK && back == t));
    }
    if (mc_date_parse((const char *)data, size, &d) == MC_OK)
        MC_ASSERT(size == 10);
    return 0;
}
