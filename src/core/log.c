#include "core/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/time.h"
#include "core/banned.h"

static enum mc_log_level min_level = MC_LOG_INFO;
static const char *const level_name[] = {"debug", "info", "warn", "error"};

void mc_log_set_level(enum mc_log_level level)
{
    min_level = level;
}

static void vlog(const char *level, const char *fmt, va_list ap)
{
    char line[2048];
    char ts[MC_ISO_LEN];
    mc_time_iso(mc_time_now(), ts);
    int n = snprintf(line, sizeof(line), "%s %s: ", ts, level);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    n += vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
#pragma GCC diagnostic pop
    if (n > (int)sizeof(line) - 2)
        n = (int)sizeof(line) - 2;
    line[n++] = '\n';
    ssize_t w = write(STDERR_FILENO, line, (size_t)n);
    (void)w;
}

void mc_log(enum mc_log_level level, const char *fmt, ...)
{
    if (level < min_level)
        return;
    va_list ap;
    va_start(ap, fmt);
    vlog(level_name[level], fmt, ap);
    va_end(ap);
}

void mc_fatal(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vlog("fatal", fmt, ap);
    va_end(ap);
    exit(1);
}

void mc_panic(const char *file, int line, const char *fmt, ...)
{
    char where[256];
    snprintf(where, sizeof(where), "panic at %s:%d", file, line);
    va_list ap;
    va_start(ap, fmt);
    vlog(where, fmt, ap);
    va_end(ap);
    abort();
}
