/* The unit-test runner: runs every registered suite, or those named on the
 * command line ("suite" or "suite/test"), and ends with "N passed, N failed". */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

extern const struct mc_suite *const mc_suites[];

static int current_failed;

void mc_check_fail(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "    %s:%d: ", file, line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    current_failed = 1;
}

const char *mc_test_fixtures(void)
{
    const char *dir = getenv("MC_FIXTURES");
    return dir ? dir : "tests/fixtures";
}

static int selected(int argc, char **argv, const char *suite, const char *test)
{
    if (argc < 2)
        return 1;
    for (int i = 1; i < argc; i++) {
        size_t n = strlen(suite);
        if (!strcmp(argv[i], suite))
            return 1;
        if (!strncmp(argv[i], suite, n) && argv[i][n] == '/' && !strcmp(argv[i] + n + 1, test))
            return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    int passed = 0, failed = 0;
    setvbuf(stdout, NULL, _IOLBF, 0);
    for (const struct mc_suite *const *s = mc_suites; *s; s++) {
        for (size_t i = 0; i < (*s)->ntests; i++) {
            const struct mc_test *t = &(*s)->tests[i];
            if (!selected(argc, argv, (*s)->name, t->name))
                continue;
            current_failed = 0;
            t->fn();
            if (current_failed) {
                failed++;
                printf("FAIL %s/%s\n", (*s)->name, t->name);
            } else {
                passed++;
            }
        }
    }
    printf("unit: %d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
