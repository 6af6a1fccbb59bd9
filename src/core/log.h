/* log.h - one-line log records on stderr, and the three failure exits.
 *
 * mc_log writes "2026-11-23T10:30:00+07:00 level: message" as one write(2),
 * so lines from several threads never interleave. */
#ifndef MC_LOG_H
#define MC_LOG_H

enum mc_log_level { MC_LOG_DEBUG, MC_LOG_INFO, MC_LOG_WARN, MC_LOG_ERROR };

/* Sets the lowest level written (start-up only, before threads exist). */
void mc_log_set_level(enum mc_log_level level);
void mc_log(enum mc_log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Start-up or configuration failure: log and exit(1). main paths only. */
void mc_fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
/* Broken invariant: log with the place and abort(). */
void mc_panic(const char *file, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4), noreturn));

#define MC_ASSERT(cond)                                                                                                \
    do {                                                                                                               \
        if (!(cond))                                                                                                   \
            mc_panic(__FILE__, __LINE__, "assertion failed: %s", #cond);                                               \
    } while (0)

#endif
