/* cmd_calendar.c - motcua calendar: holidays, lunar dates, due dates.
 *
 * Other tools parse these outputs; the formats are documented in
 * docs/internals/calendar.md. Input errors exit with 2 and a message on
 * stderr naming the field in Vietnamese and English. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "calendar/cal.h"
#include "calendar/due.h"
#include "calendar/lunar.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "core/err.h"
#include "core/time.h"
#include "core/banned.h"

#define MAX_OVERRIDES 64
#define MAX_PAUSES 32
#define MAX_POSITIONAL 3

struct opts {
    int json, to_solar, leap;
    const char *from, *amount, *unit, *cutoff;
    const char *pos[MAX_POSITIONAL];
    int npos;
    struct mc_cal_rules rules;
    struct mc_cal_override ov[MAX_OVERRIDES];
    size_t nov;
    struct mc_cal_pause pauses[MAX_PAUSES];
    size_t npauses;
};

static const char rule_help[] =
    "Rule options (every subcommand):\n"
    "  --off YYYY-MM-DD[=NAME]     an extra day off that year (override_off)\n"
    "  --work YYYY-MM-DD[=NAME]    a rest day made a working day (override_work)\n"
    "  --adjacent before|after|none  the day joined to 2/9 (default before: 1/9)\n"
    "  --tet FIRST,DAYS            Tết days off: first offset from lunar 1/1 and count (default -1,5)\n"
    "  --no-compensatory           no compensatory day for a holiday on a rest day\n"
    "  --convention end-of-day|same-time   where a working-day due lands (default end-of-day)\n"
    "  --pause-mode shift|restart  what a pause does (default shift)\n"
    "  --json                      JSON output\n";

static const char top_help[] =
    "Usage: motcua calendar SUBCOMMAND [options]\n\n"
    "The working calendar (1900-2199): holidays, lunar dates, due dates.\n\n"
    "  holidays YEAR [--json]                      days off of YEAR beyond plain weekends\n"
    "  lunar YYYY-MM-DD [--json]                   the lunar date of a solar date\n"
    "  lunar --to-solar D M Y [--leap] [--json]    the solar date of a lunar date\n"
    "  due --from ISO8601 --amount N --unit wd|d|h [--cutoff HH:MM] [--pause FROM/TO]... [--json]\n\n"
    "motcua calendar SUBCOMMAND --help for details.\n";

static const char holidays_help[] =
    "Usage: motcua calendar holidays YEAR [--json] [rule options]\n\n"
    "Every day off of YEAR that is not a plain weekend day, and the make-up working days.\n"
    "JSON: [{\"date\": \"YYYY-MM-DD\", \"name\": \"...\", \"kind\": "
    "\"holiday|tet|compensatory|override_off|override_work\"}]\n\n";

static const char lunar_help[] =
    "Usage: motcua calendar lunar YYYY-MM-DD [--json]\n"
    "       motcua calendar lunar --to-solar D M Y [--leap] [--json]\n\n"
    "Vietnamese lunar calendar (UTC+7, Hồ Ngọc Đức's rules), 1900-2199.\n"
    "JSON: {\"day\": D, \"month\": M, \"year\": Y, \"leap\": true|false} or {\"date\": \"YYYY-MM-DD\"}\n\n";

static const char due_help[] =
    "Usage: motcua calendar due --from ISO8601 --amount N --unit wd|d|h [options]\n\n"
    "The due instant of a time limit counted from a receipt instant.\n"
    "  --from ISO8601      receipt instant (no offset = Vietnam time)\n"
    "  --amount N          0..100000\n"
    "  --unit wd|d|h       working days, calendar days, working hours\n"
    "  --cutoff HH:MM      receipt after this time counts from the next working day\n"
    "  --pause FROM/TO     a pause (repeatable, in order)\n"
    "JSON: {\"due\": \"ISO8601+07:00\", \"start\": \"...\", \"explanation\": [{\"date\", \"kind\", \"reason\"}]}\n\n";

/* ---- argument parsing ---- */

static mc_err parse_long(const char *s, long min, long max, const char *field, long *out, struct mc_error *e)
{
    char *end;
    errno = 0;
    long v = s ? strtol(s, &end, 10) : 0;
    if (!s || !*s || *end || errno || v < min || v > max) {
        mc_error_setf(e, MC_ERR_INVALID, 400, "invalid_field", "Trường \"%s\": phải là số nguyên từ %ld đến %ld",
                      "Field \"%s\": must be an integer from %ld to %ld", field, min, max, field, min, max);
        mc_error_detail_str(e, "field", field);
        return MC_ERR_INVALID;
    }
    *out = v;
    return MC_OK;
}

static mc_err parse_date(const char *s, const char *field, int64_t *day, struct mc_error *e)
{
    if (!s || mc_date_parse(s, strlen(s), day)) {
        mc_error_setf(e, MC_ERR_INVALID, 400, "invalid_field",
                      "Trường \"%s\": ngày không hợp lệ (cần YYYY-MM-DD, ngày có thật)",
                      "Field \"%s\": invalid date (YYYY-MM-DD, a real date)", field, field);
        mc_error_detail_str(e, "field", field);
        return MC_ERR_INVALID;
    }
    return mc_lunar_check_day(*day, field, e);
}

static mc_err parse_instant(const char *s, const char *field, int64_t *t, struct mc_error *e)
{
    if (!s || mc_time_parse(s, strlen(s), t)) {
        mc_error_setf(e, MC_ERR_INVALID, 400, "invalid_field", "Trường \"%s\": thời điểm không hợp lệ (ISO 8601)",
                      "Field \"%s\": invalid instant (ISO 8601)", field, field);
        mc_error_detail_str(e, "field", field);
        return MC_ERR_INVALID;
    }
    return MC_OK;
}

static mc_err parse_hhmm(const char *s, int *minutes, struct mc_error *e)
{
    unsigned hh, mm;
    char tail;
    if (!s || strlen(s) != 5 || sscanf(s, "%2u:%2u%c", &hh, &mm, &tail) != 2 || hh > 23 || mm > 59 || hh + mm == 0)
        return mc_error_field(e, "cutoff", "Trường \"cutoff\": giờ chốt phải có dạng HH:MM (00:01-23:59)",
                              "Field \"cutoff\": the cut-off must be HH:MM (00:01-23:59)");
    *minutes = (int)(hh * 60 + mm);
    return MC_OK;
}

static mc_err add_override(struct opts *o, const char *arg, enum mc_day_kind kind, struct mc_error *e)
{
    const char *field = kind == MC_DAY_OVERRIDE_OFF ? "off" : "work";
    char date[16];
    const char *eq = arg ? strchr(arg, '=') : NULL;
    size_t len = eq ? (size_t)(eq - arg) : (arg ? strlen(arg) : 0);
    if (o->nov == MAX_OVERRIDES || len >= sizeof(date))
        return mc_error_field(e, field, "Ngày điều chỉnh không hợp lệ hoặc quá nhiều",
                              "Invalid override or too many overrides");
    memcpy(date, arg, len);
    date[len] = '\0';
    struct mc_cal_override *ov = &o->ov[o->nov];
    mc_err err = parse_date(date, field, &ov->day, e);
    if (err)
        return err;
    ov->kind = kind;
    ov->name = eq ? eq + 1 : NULL;
    o->nov++;
    return MC_OK;
}

static mc_err add_pause(struct opts *o, const char *arg, struct mc_error *e)
{
    char buf[80];
    const char *slash = arg ? strchr(arg, '/') : NULL;
    if (!slash || o->npauses == MAX_PAUSES || strlen(arg) >= sizeof(buf))
        return mc_error_field(e, "pause", "Trường \"pause\": cần dạng FROM/TO (ISO 8601), tối đa 32 lần",
                              "Field \"pause\": FROM/TO (ISO 8601) expected, at most 32");
    memcpy(buf, arg, (size_t)(slash - arg));
    buf[slash - arg] = '\0';
    struct mc_cal_pause *p = &o->pauses[o->npauses];
    mc_err err = parse_instant(buf, "pause", &p->from, e);
    if (!err)
        err = parse_instant(slash + 1, "pause", &p->to, e);
    if (!err)
        o->npauses++;
    return err;
}

static mc_err parse_choice(const char *arg, const char *field, const char *const *names, int n, int *out,
                           struct mc_error *e)
{
    for (int i = 0; arg && i < n; i++) {
        if (!strcmp(arg, names[i])) {
            *out = i;
            return MC_OK;
        }
    }
    mc_error_setf(e, MC_ERR_INVALID, 400, "invalid_field", "Trường \"%s\": giá trị không hợp lệ \"%s\"",
                  "Field \"%s\": invalid value \"%s\"", field, arg ? arg : "", field, arg ? arg : "");
    mc_error_detail_str(e, "field", field);
    return MC_ERR_INVALID;
}

static mc_err parse_tet(struct opts *o, const char *arg, struct mc_error *e)
{
    int first, days, used = 0;
    if (!arg || sscanf(arg, "%d,%d%n", &first, &days, &used) != 2 || arg[used])
        return mc_error_field(e, "tet", "Trường \"tet\": cần dạng FIRST,DAYS (ví dụ -1,5)",
                              "Field \"tet\": FIRST,DAYS expected (e.g. -1,5)");
    o->rules.tet_first = first;
    o->rules.tet_days = days;
    return MC_OK;
}

/* Options that shape the calendar itself. */
static mc_err rule_option(struct opts *o, const char *name, const char *arg, struct mc_error *e)
{
    static const char *const adjacent[] = {"before", "none", "after"};
    static const char *const conventions[] = {"end-of-day", "same-time"};
    static const char *const modes[] = {"shift", "restart"};
    int v = 0;
    mc_err err = MC_OK;
    if (!strcmp(name, "--off"))
        return add_override(o, arg, MC_DAY_OVERRIDE_OFF, e);
    if (!strcmp(name, "--work"))
        return add_override(o, arg, MC_DAY_OVERRIDE_WORK, e);
    if (!strcmp(name, "--tet"))
        return parse_tet(o, arg, e);
    if (!strcmp(name, "--adjacent")) {
        err = parse_choice(arg, "adjacent", adjacent, 3, &v, e);
        o->rules.national_adjacent = v - 1;
    } else if (!strcmp(name, "--convention")) {
        err = parse_choice(arg, "convention", conventions, 2, &v, e);
        o->rules.due_convention = (enum mc_due_convention)v;
    } else if (!strcmp(name, "--pause-mode")) {
        err = parse_choice(arg, "pause-mode", modes, 2, &v, e);
        o->rules.pause_mode = (enum mc_pause_mode)v;
    } else {
        return MC_ERR_NOT_FOUND;
    }
    return err;
}

/* Options that take a value; returns MC_ERR_NOT_FOUND for an unknown name. */
static mc_err value_option(struct opts *o, const char *name, const char *arg, struct mc_error *e)
{
    if (!strcmp(name, "--from"))
        o->from = arg;
    else if (!strcmp(name, "--amount"))
        o->amount = arg;
    else if (!strcmp(name, "--unit"))
        o->unit = arg;
    else if (!strcmp(name, "--cutoff"))
        o->cutoff = arg;
    else if (!strcmp(name, "--pause"))
        return add_pause(o, arg, e);
    else
        return rule_option(o, name, arg, e);
    return MC_OK;
}

static int flag_option(struct opts *o, const char *name)
{
    if (!strcmp(name, "--json"))
        o->json = 1;
    else if (!strcmp(name, "--leap"))
        o->leap = 1;
    else if (!strcmp(name, "--to-solar"))
        o->to_solar = 1;
    else if (!strcmp(name, "--no-compensatory"))
        o->rules.compensatory = 0;
    else
        return 0;
    return 1;
}

static mc_err unknown_option(const char *name, struct mc_error *e)
{
    mc_error_setf(e, MC_ERR_INVALID, 400, "invalid_field", "Tùy chọn không hợp lệ \"%s\"", "Unknown option \"%s\"",
                  name, name);
    mc_error_detail_str(e, "field", name);
    return MC_ERR_INVALID;
}

/* A negative number ("-5") is a positional argument, not an option. */
static int is_option(const char *s)
{
    return s[0] == '-' && s[1] == '-';
}

static mc_err parse_opts(int argc, char **argv, struct opts *o, struct mc_error *e)
{
    memset(o, 0, sizeof(*o));
    mc_cal_rules_default(&o->rules);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!is_option(a)) {
            if (o->npos == MAX_POSITIONAL)
                return unknown_option(a, e);
            o->pos[o->npos++] = a;
            continue;
        }
        if (flag_option(o, a))
            continue;
        mc_err err = value_option(o, a, i + 1 < argc ? argv[i + 1] : NULL, e);
        if (err == MC_ERR_NOT_FOUND)
            return unknown_option(a, e);
        if (err)
            return err;
        i++;
    }
    return MC_OK;
}

/* ---- output ---- */

static int print_json(json_t *j)
{
    char *s = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(j);
    if (!s)
        return 1;
    puts(s);
    free(s);
    return 0;
}

static mc_err new_cal(const struct opts *o, struct mc_cal **cal, struct mc_error *e)
{
    return mc_cal_new(&o->rules, o->ov, o->nov, NULL, cal, e);
}

/* ---- holidays ---- */

static int holidays_out(const struct opts *o, const struct mc_cal_day *days, size_t n)
{
    json_t *arr = o->json ? json_array() : NULL;
    for (size_t i = 0; i < n; i++) {
        char iso[11];
        mc_date_iso(days[i].day, iso);
        if (arr)
            json_array_append_new(arr, json_pack("{s:s, s:s, s:s}", "date", iso, "name", days[i].name, "kind",
                                                 mc_day_kind_name(days[i].kind)));
        else
            printf("%s  %-13s %s\n", iso, mc_day_kind_name(days[i].kind), days[i].name);
    }
    return arr ? print_json(arr) : 0;
}

static mc_err run_holidays(const struct opts *o, struct mc_error *e, int *status)
{
    long year;
    struct mc_cal *cal = NULL;
    struct mc_cal_day days[MC_CAL_YEAR_MAX_DAYS];
    size_t n = 0;
    mc_err err = o->npos == 1 ? MC_OK : mc_error_field(e, "year", "Thiếu năm (YEAR)", "YEAR is missing");
    if (!err)
        err = parse_long(o->pos[0], MC_CAL_FIRST_YEAR, MC_CAL_LAST_YEAR, "year", &year, e);
    if (!err)
        err = new_cal(o, &cal, e);
    if (!err)
        err = mc_cal_holidays(cal, (int)year, days, &n, e);
    if (!err)
        *status = holidays_out(o, days, n);
    mc_cal_free(cal);
    return err;
}

/* ---- lunar ---- */

static int lunar_out(const struct opts *o, int64_t solar, const struct mc_lunar_date *ld)
{
    char iso[11], name[32];
    mc_date_iso(solar, iso);
    if (o->json && o->to_solar)
        return print_json(json_pack("{s:s}", "date", iso));
    if (o->json)
        return print_json(
            json_pack("{s:i, s:i, s:i, s:b}", "day", ld->day, "month", ld->month, "year", ld->year, "leap", ld->leap));
    mc_lunar_year_name(ld->year, name, sizeof(name));
    printf("%s = %d/%d%s/%d âm lịch, năm %s (tháng %d ngày)\n", iso, ld->day, ld->month, ld->leap ? " nhuận" : "",
           ld->year, name, ld->month_days);
    return 0;
}

static mc_err lunar_to_solar(const struct opts *o, const struct mc_lunar *lt, int64_t *solar, struct mc_error *e)
{
    long d, m, y;
    if (o->npos != 3)
        return mc_error_field(e, "date", "Cần ba số: ngày tháng năm âm lịch (D M Y)",
                              "Three numbers needed: lunar day month year (D M Y)");
    mc_err err = parse_long(o->pos[0], 1, 30, "day", &d, e);
    if (!err)
        err = parse_long(o->pos[1], 1, 12, "month", &m, e);
    if (!err)
        err = parse_long(o->pos[2], -99999, 99999, "year", &y, e);
    if (!err)
        err = mc_lunar_to_solar(lt, (int)d, (int)m, (int)y, o->leap, solar, e);
    return err;
}

static mc_err run_lunar(const struct opts *o, struct mc_error *e, int *status)
{
    struct mc_lunar *lt = mc_lunar_new();
    struct mc_lunar_date ld;
    int64_t solar = 0;
    mc_err err;
    if (o->to_solar)
        err = lunar_to_solar(o, lt, &solar, e);
    else if (o->npos != 1)
        err = mc_error_field(e, "date", "Cần một ngày dương lịch YYYY-MM-DD", "One solar date YYYY-MM-DD needed");
    else
        err = parse_date(o->pos[0], "date", &solar, e);
    if (!err)
        err = mc_lunar_from_solar(lt, solar, &ld, e);
    if (!err)
        *status = lunar_out(o, solar, &ld);
    mc_lunar_free(lt);
    return err;
}

/* ---- due ---- */

static mc_err due_request(const struct opts *o, struct mc_due_req *req, struct mc_error *e)
{
    long amount;
    memset(req, 0, sizeof(*req));
    mc_err err = parse_instant(o->from, "from", &req->received, e);
    if (!err)
        err = mc_lunar_check_day((req->received + MC_TZ_OFFSET - (req->received < 0 ? 86399 : 0)) / 86400, "from", e);
    if (!err)
        err = parse_long(o->amount, 0, MC_DUE_MAX_AMOUNT, "amount", &amount, e);
    if (!err)
        err = mc_due_unit_parse(o->unit, &req->unit, e);
    if (!err && o->cutoff)
        err = parse_hhmm(o->cutoff, &req->cutoff, e);
    if (!err && o->npos)
        err = unknown_option(o->pos[0], e);
    req->amount = err ? 0 : amount;
    req->pauses = o->pauses;
    req->npauses = o->npauses;
    return err;
}

static int due_out(const struct opts *o, const struct mc_due_res *res, const struct mc_cal_explain *x)
{
    char due[MC_ISO_LEN], start[MC_ISO_LEN], day[11];
    mc_time_iso(res->due, due);
    mc_time_iso(res->start, start);
    json_t *arr = json_array();
    if (!o->json)
        printf("due: %s\nclock start: %s\nexplanation:\n", due, start);
    for (size_t i = 0; i < x->n; i++) {
        const struct mc_cal_note *nt = &x->notes[i];
        static const char *const kinds[] = {"start", "day", "pause", "due"};
        mc_date_iso(nt->day, day);
        const char *kind = nt->kind == MC_NOTE_DAY ? mc_day_kind_name((enum mc_day_kind)nt->day_kind) : kinds[nt->kind];
        if (!o->json)
            printf("  - %s\n", nt->reason);
        json_array_append_new(arr, json_pack("{s:s, s:s, s:s}", "date", day, "kind", kind, "reason", nt->reason));
    }
    if (!o->json) {
        json_decref(arr);
        return 0;
    }
    return print_json(
        json_pack("{s:s, s:s, s:o, s:b}", "due", due, "start", start, "explanation", arr, "truncated", x->truncated));
}

static mc_err run_due(const struct opts *o, struct mc_error *e, int *status)
{
    struct mc_due_req req;
    struct mc_due_res res;
    struct mc_cal *cal = NULL;
    struct mc_cal_explain x;
    mc_cal_explain_init(&x);
    mc_err err = due_request(o, &req, e);
    if (!err)
        err = new_cal(o, &cal, e);
    if (!err)
        err = mc_cal_due(cal, &req, &res, &x, e);
    if (!err)
        *status = due_out(o, &res, &x);
    mc_cal_explain_release(&x);
    mc_cal_free(cal);
    return err;
}

/* ---- dispatch ---- */

struct subcommand {
    const char *name;
    mc_err (*run)(const struct opts *o, struct mc_error *e, int *status);
    const char *help;
};

static const struct subcommand subcommands[] = {
    {"holidays", run_holidays, holidays_help},
    {"lunar", run_lunar, lunar_help},
    {"due", run_due, due_help},
};

static int run_sub(const struct subcommand *sc, int argc, char **argv)
{
    struct opts o;
    struct mc_error e;
    int status = 0;
    mc_error_init(&e);
    if (mc_cli_wants_help(argc, argv)) {
        fputs(sc->help, stdout);
        fputs(rule_help, stdout);
        return 0;
    }
    mc_err err = parse_opts(argc, argv, &o, &e);
    if (!err)
        err = sc->run(&o, &e, &status);
    if (!err)
        return status;
    char cmd[32];
    snprintf(cmd, sizeof(cmd), "calendar %s", sc->name);
    mc_cli_print_error(cmd, &e);
    return e.status >= 400 && e.status < 500 ? 2 : 1;
}

int mc_cmd_calendar(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        fputs(top_help, argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    for (size_t i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++)
        if (!strcmp(argv[1], subcommands[i].name))
            return run_sub(&subcommands[i], argc - 1, argv + 1);
    fprintf(stderr, "motcua calendar: lệnh con không hợp lệ \"%s\" / unknown subcommand \"%s\"\n\n%s", argv[1], argv[1],
            top_help);
    return 2;
}
