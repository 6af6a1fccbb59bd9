/* workflow.h - the national dossier statuses and the one-stop state machine
 * (DOMAIN.md §2), as one static table (STYLE.md rule 17).
 *
 * The database stores status codes 1-10 and action names; what may happen
 * next is always answered by this table, never by code scattered in
 * handlers. */
#ifndef MC_WORKFLOW_H
#define MC_WORKFLOW_H

#include <stddef.h>

enum mc_status {
    MC_ST_NONE = 0,       /* not registered yet */
    MC_ST_SUBMITTED = 1,  /* Mới đăng ký: submitted online, not yet accepted */
    MC_ST_RECEIVED = 2,   /* Được tiếp nhận: accepted, appointment fixed */
    MC_ST_REFUSED = 3,    /* Không được tiếp nhận */
    MC_ST_PROCESSING = 4, /* Đang xử lý */
    MC_ST_SUPPLEMENT = 5, /* Yêu cầu bổ sung giấy tờ (clock paused) */
    MC_ST_PAYMENT = 6,    /* Yêu cầu thực hiện nghĩa vụ tài chính (clock paused) */
    MC_ST_WITHDRAWN = 7,  /* Công dân yêu cầu rút hồ sơ */
    MC_ST_STOPPED = 8,    /* Dừng xử lý */
    MC_ST_RESOLVED = 9,   /* Đã xử lý xong */
    MC_ST_DELIVERED = 10, /* Đã trả kết quả */
};
#define MC_ST_COUNT 11

/* Who may take an action. */
enum mc_actor {
    MC_BY_APPLICANT = 1 << 0, /* the citizen or business that owns the dossier */
    MC_BY_DESK = 1 << 1,      /* one-stop desk officer */
    MC_BY_SPECIALIST = 1 << 2,
    MC_BY_LEADER = 1 << 3,
};

/* How an action moves the processing clock. */
enum mc_clock {
    MC_CLOCK_KEEP = 0,
    MC_CLOCK_START,  /* appointment fixed from now */
    MC_CLOCK_PAUSE,  /* paused (statuses 5 and 6) */
    MC_CLOCK_RESUME, /* resumed: the due date moves */
    MC_CLOCK_STOP,   /* the dossier left processing (finished, withdrawn, stopped) */
    MC_CLOCK_NEW_DUE /* an apology sets a new appointment */
};

struct mc_transition {
    const char *action; /* "accept", "forward", ... */
    unsigned from;      /* bit mask of statuses (1u << status) */
    enum mc_status to;  /* MC_ST_NONE = stays where it is */
    unsigned actors;    /* enum mc_actor mask */
    enum mc_clock clock;
    const char *slip;  /* slip issued ("receipt", ...) or NULL */
    int needs_comment; /* a reason is required (refusal, stop, supplement...) */
};

/* The transition for action from status, or NULL when not allowed. */
const struct mc_transition *mc_workflow_find(const char *action, enum mc_status from);
/* 1 when action names a known action. */
int mc_workflow_known(const char *action);
/* Writes the actions allowed from status for actors into out (up to max),
 * returning how many. */
size_t mc_workflow_allowed(enum mc_status from, unsigned actors, const char **out, size_t max);
/* Every transition (for docs and tests); *n receives the count. */
const struct mc_transition *mc_workflow_table(size_t *n);

/* Vietnamese status name, and the National Portal string (DOMAIN.md §2). */
const char *mc_status_name(enum mc_status s);
const char *mc_status_portal(enum mc_status s);
/* 1 for statuses in which the clock does not run (5, 6). */
int mc_status_paused(enum mc_status s);
/* 1 for statuses that end processing (3, 7, 8, 9, 10). */
int mc_status_final(enum mc_status s);

#endif
