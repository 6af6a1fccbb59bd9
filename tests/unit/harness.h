/* harness.h - the unit-test harness.
 *
 * A test file defines static test functions and one suite:
 *
 *     static void test_add(void) { CHECK_INT(2, 1 + 1); }
 *     MC_SUITE(buf, MC_TEST(test_add), ...);
 *
 * The build collects every MC_SUITE(...) into a registry (build/gen), so a new
 * file needs no edit elsewhere. A CHECK failure is reported with its place and
 * the test goes on; a test passes when none of its checks failed. The runner
 * prints "N passed, N failed" last. */
#ifndef MC_HARNESS_H
#define MC_HARNESS_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct mc_test {
    const char *name;
    void (*fn)(void);
};

struct mc_suite {
    const char *name;
    const struct mc_test *tests;
    size_t ntests;
};

#define MC_TEST(fn)                                                                                                    \
    {                                                                                                                  \
#fn, fn                                                                                                        \
    }
#define MC_SUITE(sname, ...)                                                                                           \
    static const struct mc_test sname##_tests[] = {__VA_ARGS__};                                                       \
    extern const struct mc_suite mc_suite_##sname;                                                                     \
    const struct mc_suite mc_suite_##sname = {#sname, sname##_tests, sizeof(sname##_tests) / sizeof(sname##_tests[0])}

void mc_check_fail(const char *file, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#define CHECK(cond)                                                                                                    \
    do {                                                                                                               \
        if (!(cond))                                                                                                   \
            mc_check_fail(__FILE__, __LINE__, "CHECK(%s)", #cond);                                                     \
    } while (0)

#define CHECK_INT(want, got)                                                                                           \
    do {                                                                                                               \
        long long w_ = (long long)(want), g_ = (long long)(got);                                                       \
        if (w_ != g_)                                                                                                  \
            mc_check_fail(__FILE__, __LINE__, "%s: want %lld, got %lld", #got, w_, g_);                                \
    } while (0)

#define CHECK_STR(want, got)                                                                                           \
    do {                                                                                                               \
        const char *w_ = (want), *g_ = (got);                                                                          \
        if (!g_ || strcmp(w_, g_))                                                                                     \
            mc_check_fail(__FILE__, __LINE__, "%s: want \"%s\", got \"%s\"", #got, w_, g_ ? g_ : "(null)");            \
    } while (0)

/* The directory of test fixtures (tests/fixtures), for file-driven tests. */
const char *mc_test_fixtures(void);

#endif
