/* libFuzzer target: configuration file text (motcua.conf) through
 * mc_config_parse. Invariants: a parsed configuration keeps every string
 * set and every number inside its documented range; an error names
 * invalid_config; the listen splitter never overflows its buffer. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/config.h"
#include "core/log.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct mc_config cfg;
    struct mc_error err;
    mc_error_init(&err);
    mc_config_init(&cfg);
    mc_err e = mc_config_parse(&cfg, (const char *)data, size, "fuzz.conf", &err);
    if (e)
        MC_ASSERT(!strcmp(err.code, "invalid_config"));
    /* whatever was applied before an error is still in range */
    MC_ASSERT(cfg.listen && cfg.db && cfg.web && cfg.log_level && cfg.access_log);
    MC_ASSERT(cfg.threads >= 0 && cfg.threads <= 256);
    MC_ASSERT(cfg.max_json >= 64 && cfg.max_json <= (int64_t)1 << 30);
    MC_ASSERT(cfg.max_upload >= 1024 && cfg.max_upload <= (int64_t)1 << 32);
    MC_ASSERT(cfg.max_headers >= 1024 && cfg.max_headers <= 1 << 20);
    MC_ASSERT(cfg.req_timeout >= 100 && cfg.req_timeout <= 3600000);
    MC_ASSERT(cfg.demo == 0 || cfg.demo == 1);
    MC_ASSERT(cfg.pwhash_mem >= 8 && cfg.pwhash_mem <= 4194304);
    char host[64];
    int port = -1;
    if (mc_config_listen(&cfg, host, sizeof(host), &port) == MC_OK)
        MC_ASSERT(port >= 0 && port <= 65535 && strlen(host) < sizeof(host));
    mc_config_release(&cfg);
    return 0;
}
