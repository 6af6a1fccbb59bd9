#include "domain/workflow.h"

#include <string.h>

#include "core/banned.h"

#define S(x) (1u << (x))
#define APPLICANT MC_BY_APPLICANT
#define DESK MC_BY_DESK
#define STAFF (MC_BY_SPECIALIST | MC_BY_LEADER)
#define LEADER MC_BY_LEADER

/* DOMAIN.md §2, one row per allowed move. "submit" and "receive" create the
 * dossier (from MC_ST_NONE); the rest act on an existing one. */
static const struct mc_transition table[] = {
    {"submit", S(MC_ST_NONE), MC_ST_SUBMITTED, APPLICANT, MC_CLOCK_KEEP, NULL, 0},
    {"receive", S(MC_ST_NONE), MC_ST_RECEIVED, DESK, MC_CLOCK_START, "receipt", 0},
    {"accept", S(MC_ST_SUBMITTED), MC_ST_RECEIVED, DESK, MC_CLOCK_START, "receipt", 0},
    {"refuse", S(MC_ST_SUBMITTED), MC_ST_REFUSED, DESK, MC_CLOCK_STOP, "refusal", 1},
    {"guide_supplement", S(MC_ST_SUBMITTED), MC_ST_NONE, DESK, MC_CLOCK_KEEP, "supplement_guidance", 1},
    {"forward", S(MC_ST_RECEIVED), MC_ST_PROCESSING, DESK, MC_CLOCK_KEEP, "control_sheet", 0},
    {"claim", S(MC_ST_PROCESSING), MC_ST_NONE, STAFF, MC_CLOCK_KEEP, NULL, 0},
    {"assign", S(MC_ST_PROCESSING), MC_ST_NONE, LEADER, MC_CLOCK_KEEP, "control_sheet", 0},
    {"complete_step", S(MC_ST_PROCESSING), MC_ST_NONE, STAFF, MC_CLOCK_KEEP, "control_sheet", 0},
    {"request_supplement", S(MC_ST_PROCESSING), MC_ST_SUPPLEMENT, STAFF, MC_CLOCK_PAUSE, "supplement_request", 1},
    {"supplement", S(MC_ST_SUPPLEMENT), MC_ST_PROCESSING, APPLICANT | DESK, MC_CLOCK_RESUME, NULL, 0},
    {"request_payment", S(MC_ST_PROCESSING), MC_ST_PAYMENT, STAFF, MC_CLOCK_PAUSE, "payment_request", 1},
    {"confirm_payment", S(MC_ST_PAYMENT), MC_ST_PROCESSING, DESK | STAFF, MC_CLOCK_RESUME, NULL, 0},
    {"withdraw", S(MC_ST_RECEIVED) | S(MC_ST_PROCESSING) | S(MC_ST_SUPPLEMENT) | S(MC_ST_PAYMENT), MC_ST_WITHDRAWN,
     APPLICANT | DESK, MC_CLOCK_STOP, NULL, 0},
    {"stop", S(MC_ST_PROCESSING), MC_ST_STOPPED, LEADER, MC_CLOCK_STOP, "stop_notice", 1},
    {"approve", S(MC_ST_PROCESSING), MC_ST_RESOLVED, LEADER, MC_CLOCK_STOP, NULL, 0},
    {"deliver", S(MC_ST_RESOLVED), MC_ST_DELIVERED, DESK, MC_CLOCK_KEEP, "result_receipt", 0},
    {"recall", S(MC_ST_DELIVERED), MC_ST_RESOLVED, DESK | LEADER, MC_CLOCK_KEEP, NULL, 1},
    {"apologize", S(MC_ST_PROCESSING), MC_ST_NONE, STAFF, MC_CLOCK_NEW_DUE, "apology", 1},
    {"rate", S(MC_ST_DELIVERED), MC_ST_NONE, APPLICANT, MC_CLOCK_KEEP, NULL, 0},
};

#define NT (sizeof(table) / sizeof(table[0]))

const struct mc_transition *mc_workflow_find(const char *action, enum mc_status from)
{
    for (size_t i = 0; i < NT; i++)
        if (!strcmp(table[i].action, action) && (table[i].from & S(from)))
            return &table[i];
    return NULL;
}

int mc_workflow_known(const char *action)
{
    for (size_t i = 0; i < NT; i++)
        if (!strcmp(table[i].action, action))
            return 1;
    return 0;
}

size_t mc_workflow_allowed(enum mc_status from, unsigned actors, const char **out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < NT && n < max; i++)
        if ((table[i].from & S(from)) && (table[i].actors & actors) && from != MC_ST_NONE)
            out[n++] = table[i].action;
    return n;
}

const struct mc_transition *mc_workflow_table(size_t *n)
{
    *n = NT;
    return table;
}

static const struct {
    const char *vi, *portal;
} names[MC_ST_COUNT] = {
    {"Chưa đăng ký", ""},
    {"Mới đăng ký", "receiving"},
    {"Được tiếp nhận", "new"},
    {"Không được tiếp nhận", "denied"},
    {"Đang xử lý", "processing"},
    {"Yêu cầu bổ sung giấy tờ", "waiting"},
    {"Yêu cầu thực hiện nghĩa vụ tài chính", "paying"},
    {"Công dân yêu cầu rút hồ sơ", "cancelled"},
    {"Dừng xử lý", "unresolved"},
    {"Đã xử lý xong", "releasing"},
    {"Đã trả kết quả", "done"},
};

const char *mc_status_name(enum mc_status s)
{
    return (unsigned)s < MC_ST_COUNT ? names[s].vi : "";
}

const char *mc_status_portal(enum mc_status s)
{
    return (unsigned)s < MC_ST_COUNT ? names[s].portal : "";
}

int mc_status_paused(enum mc_status s)
{
    return s == MC_ST_SUPPLEMENT || s == MC_ST_PAYMENT;
}

int mc_status_final(enum mc_status s)
{
    return s == MC_ST_REFUSED || s == MC_ST_WITHDRAWN || s == MC_ST_STOPPED || s == MC_ST_RESOLVED ||
           s == MC_ST_DELIVERED;
}
