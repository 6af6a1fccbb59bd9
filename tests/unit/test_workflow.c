/* Unit tests of the dossier state machine (src/domain/workflow.c) and the
 * dossier rules of src/domain/dossier.c. */
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "calendar/cal.h"
#include "calendar/due.h"
#include "core/time.h"
#include "domain/dossier.h"
#include "domain/workflow.h"

/* DOMAIN.md §2 as an independent list: (from, action) -> to. */
static const struct {
    int from;
    const char *action;
    int to;
} expected[] = {
    {0, "submit", 1},
    {0, "receive", 2},
    {1, "accept", 2},
    {1, "refuse", 3},
    {1, "guide_supplement", 1},
    {2, "forward", 4},
    {4, "claim", 4},
    {4, "assign", 4},
    {4, "complete_step", 4},
    {4, "request_supplement", 5},
    {5, "supplement", 4},
    {4, "request_payment", 6},
    {6, "confirm_payment", 4},
    {2, "withdraw", 7},
    {4, "withdraw", 7},
    {5, "withdraw", 7},
    {6, "withdraw", 7},
    {4, "stop", 8},
    {4, "approve", 9},
    {9, "deliver", 10},
    {10, "recall", 9},
    {4, "apologize", 4},
    {10, "rate", 10},
};

static int expected_to(int from, const char *action)
{
    for (size_t i = 0; i < sizeof(expected) / sizeof(expected[0]); i++)
        if (expected[i].from == from && !strcmp(expected[i].action, action))
            return expected[i].to;
    return -1;
}

static void test_every_status_times_every_action(void)
{
    size_t n;
    const struct mc_transition *table = mc_workflow_table(&n);
    int checked = 0;
    for (int from = 0; from < MC_ST_COUNT; from++) {
        for (size_t i = 0; i < n; i++) {
            const struct mc_transition *t = mc_workflow_find(table[i].action, (enum mc_status)from);
            int want = expected_to(from, table[i].action);
            if (want < 0) {
                if (t)
                    mc_check_fail(__FILE__, __LINE__, "%s allowed from %d", table[i].action, from);
            } else if (!t) {
                mc_check_fail(__FILE__, __LINE__, "%s refused from %d", table[i].action, from);
            } else {
                CHECK_INT(want, t->to == MC_ST_NONE ? from : (int)t->to);
            }
            checked++;
        }
    }
    CHECK(checked >= 11 * 20);
    CHECK(!mc_workflow_known("fly"));
    CHECK(mc_workflow_find("fly", MC_ST_PROCESSING) == NULL);
}

static void test_allowed_actions_depend_on_the_actor(void)
{
    const char *names[16];
    size_t n = mc_workflow_allowed(MC_ST_PROCESSING, MC_BY_APPLICANT, names, 16);
    CHECK_INT(1, n);
    CHECK_STR("withdraw", names[0]);
    n = mc_workflow_allowed(MC_ST_PROCESSING, MC_BY_LEADER, names, 16);
    int approve = 0, stop = 0;
    for (size_t i = 0; i < n; i++) {
        approve |= !strcmp(names[i], "approve");
        stop |= !strcmp(names[i], "stop");
    }
    CHECK(approve && stop);
    CHECK_INT(0, mc_workflow_allowed(MC_ST_REFUSED, ~0u, names, 16));
    CHECK_STR("waiting", mc_status_portal(MC_ST_SUPPLEMENT));
    CHECK_STR("Đã trả kết quả", mc_status_name(MC_ST_DELIVERED));
    CHECK(mc_status_paused(MC_ST_PAYMENT) && !mc_status_paused(MC_ST_PROCESSING));
}

static void test_identity_numbers_and_codes(void)
{
    struct mc_error e;
    char phone[16], l4[5];
    mc_error_init(&e);
    CHECK_INT(MC_OK, mc_dossier_check_id("cccd", "038090001234", &e));
    CHECK_INT(MC_ERR_INVALID, mc_dossier_check_id("cccd", "03809000123", &e));
    CHECK_STR("applicant.id_number", e.details[0].value);
    CHECK_INT(MC_OK, mc_dossier_check_id("passport", "C1234567", &e));
    CHECK_INT(MC_ERR_INVALID, mc_dossier_check_id("passport", "c1234567", &e));
    CHECK_INT(MC_OK, mc_dossier_check_id("tax_code", "0101234567-001", &e));
    CHECK_INT(MC_ERR_INVALID, mc_dossier_check_id("licence", "1", &e));
    CHECK_INT(MC_OK, mc_dossier_check_phone("+84 912.345.678", phone, sizeof(phone), &e));
    CHECK_STR("0912345678", phone);
    CHECK_INT(MC_ERR_INVALID, mc_dossier_check_phone("912345678", phone, sizeof(phone), &e));
    char code[48], day[7];
    mc_dossier_format_code(code, sizeof(code), "000.00.06.H56", "231027", 361);
    CHECK_STR("000.00.06.H56-231027-0361", code);
    CHECK(mc_dossier_code_valid(code));
    CHECK(!mc_dossier_code_valid("000.00.06.H56-2310-0361"));
    int64_t t;
    mc_time_parse("2023-10-27T23:30:00+07:00", 25, &t);
    mc_dossier_day(t, day);
    CHECK_STR("231027", day);
    mc_dossier_last4("038090001234", l4);
    CHECK_STR("1234", l4);
}

static void test_clock_start_pause_resume_and_timeliness(void)
{
    struct mc_cal_rules rules;
    struct mc_worktime wt;
    struct mc_cal *cal;
    struct mc_error e;
    mc_error_init(&e);
    mc_cal_rules_default(&rules);
    mc_worktime_default(&wt);
    CHECK_INT(MC_OK, mc_cal_new(&rules, NULL, 0, &wt, &cal, &e));
    struct mc_dossier d = {0};
    d.status = MC_ST_SUBMITTED;
    d.time_amount = 3;
    snprintf(d.time_unit, sizeof(d.time_unit), "wd");
    int64_t mon9;
    mc_time_parse("2026-11-23T09:00:00+07:00", 25, &mon9); /* a Monday */
    struct mc_action_input in = {.now = mon9, .cal = cal};
    CHECK_INT(MC_OK, mc_dossier_apply(&d, mc_workflow_find("accept", MC_ST_SUBMITTED), &in, &e));
    char iso[MC_ISO_LEN];
    mc_time_iso(d.due_at, iso);
    /* Mon 09:00 + 3 wd, due at the end of the day: Mon counts only if the
     * clock starts at its beginning, so Tue, Wed, Thu -> Thu 17:00 */
    CHECK_STR("2026-11-26T17:00:00+07:00", iso);
    d.status = MC_ST_PROCESSING;
    in.now = mon9 + 3600; /* paused Mon 10:00 */
    in.comment = "Thiếu bản sao giấy chứng sinh";
    CHECK_INT(MC_OK, mc_dossier_apply(&d, mc_workflow_find("request_supplement", MC_ST_PROCESSING), &in, &e));
    CHECK_INT(MC_ST_SUPPLEMENT, d.status);
    CHECK(d.paused_at == mon9 + 3600);
    /* resumed Tue 10:00: one full working day (8 h) paused shifts the due */
    struct mc_cal_pause p = {mon9 + 3600, mon9 + 86400 + 3600};
    in.now = p.to;
    in.pauses = &p;
    in.npauses = 1;
    CHECK_INT(MC_OK, mc_dossier_apply(&d, mc_workflow_find("supplement", MC_ST_SUPPLEMENT), &in, &e));
    mc_time_iso(d.due_at, iso);
    CHECK_STR("2026-11-27T17:00:00+07:00", iso);
    CHECK_INT(0, d.paused_at);
    in.comment = NULL;
    CHECK_INT(MC_ERR_INVALID, mc_dossier_apply(&d, mc_workflow_find("stop", MC_ST_PROCESSING), &in, &e));
    CHECK_STR("comment", e.details[0].value);
    CHECK_STR("early", mc_dossier_timeliness(d.due_at - 2 * 86400, d.due_at));
    CHECK_STR("on_time", mc_dossier_timeliness(d.due_at - 3600, d.due_at));
    CHECK_STR("late", mc_dossier_timeliness(d.due_at + 1, d.due_at));
    CHECK_STR("on_time", mc_dossier_timeliness(d.due_at, 0));
    in.new_due = d.due_at - 1;
    in.comment = "Chờ ý kiến liên ngành";
    CHECK_INT(MC_ERR_INVALID, mc_dossier_apply(&d, mc_workflow_find("apologize", MC_ST_PROCESSING), &in, &e));
    mc_cal_free(cal);
}

MC_SUITE(workflow, MC_TEST(test_every_status_times_every_action), MC_TEST(test_allowed_actions_depend_on_the_actor),
         MC_TEST(test_identity_numbers_and_codes), MC_TEST(test_clock_start_pause_resume_and_timeliness));
