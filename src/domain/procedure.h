/* procedure.h - the administrative procedure (thủ tục hành chính) model.
 *
 * Plain C structs, no SQL, no JSON: the importers fill them, the store saves
 * them, the API renders them. One procedure owns everything it points to:
 * every char * is NULL (absent) or a heap string owned by the procedure, and
 * every array is owned too. mc_procedure_release frees it all.
 *
 * Processing time (DOMAIN.md §4) is an integer amount in a unit:
 *   MC_TIME_WORKDAY  working days ("Ngày làm việc")
 *   MC_TIME_DAY      calendar days ("Ngày")
 *   MC_TIME_HOUR     working hours ("Giờ", "giờ làm việc"); a working day = 8 h
 *   MC_TIME_MONTH    calendar months ("Tháng")
 * A fractional amount ("1.5 Ngày làm việc", "0,5 ngày") is stored in working
 * hours: 1.5 wd -> 12 h, 0,5 ngày -> 4 h (half a day in a Vietnamese
 * procedure means half a working day). "Trong ngày" / "ngay sau khi nhận đủ
 * hồ sơ" (same day) is 0 working days: due at the end of the working day of
 * receipt. See docs/internals/catalogue.md. */
#ifndef MC_PROCEDURE_H
#define MC_PROCEDURE_H

#include <stddef.h>
#include <stdint.h>

enum mc_channel { MC_CHANNEL_DIRECT = 1, MC_CHANNEL_ONLINE = 2, MC_CHANNEL_POSTAL = 3 };

enum mc_time_unit { MC_TIME_NONE = 0, MC_TIME_WORKDAY, MC_TIME_DAY, MC_TIME_HOUR, MC_TIME_MONTH };

/* Where a channel's numeric time came from. */
enum mc_time_source {
    MC_TIME_SRC_NONE = 0,
    MC_TIME_SRC_CELL,        /* the time cell: "7 Ngày làm việc" */
    MC_TIME_SRC_BARE,        /* a number with no unit: working days assumed */
    MC_TIME_SRC_SPLIT,       /* a bare number run into the fee ("120 VNĐ" = 1 | 20) */
    MC_TIME_SRC_DESCRIPTION, /* no time cell; found in the channel's description */
    MC_TIME_SRC_STRUCTURED,  /* given as a value by a CSV/JSON import */
};

/* Online public service kind (Decree 42/2022); 0 = unknown. */
enum mc_online_kind { MC_ONLINE_UNKNOWN = 0, MC_ONLINE_NONE = 2, MC_ONLINE_PARTLY = 3, MC_ONLINE_FULL = 4 };

/* Levels that carry out a procedure (cap_thuc_hien), as a bit mask. */
enum mc_level {
    MC_LEVEL_MINISTRY = 1, /* Cấp bộ */
    MC_LEVEL_PROVINCE = 2, /* Cấp tỉnh */
    MC_LEVEL_DISTRICT = 4, /* Cấp huyện (history: three tiers before 7/2025) */
    MC_LEVEL_COMMUNE = 8,  /* Cấp xã */
    MC_LEVEL_OTHER = 16,   /* Cơ quan khác */
};

struct mc_proc_channel {
    int channel;     /* enum mc_channel */
    int has_time;    /* 1 when time_amount/time_unit hold a numeric time */
    int time_amount; /* >= 0; 0 with MC_TIME_WORKDAY = same working day */
    enum mc_time_unit time_unit;
    enum mc_time_source time_source;
    char *time_text;   /* the time cell as written ("7 Ngày làm việc", "Không có thông tin") */
    char *fee_text;    /* the fee cell as written, note included */
    int64_t fee_vnd;   /* -1 unknown or not in VND, 0 free, else the amount in đồng */
    char *description; /* the description cell */
};

struct mc_proc_component {
    char *group;         /* the heading the row sits under ("Giấy tờ phải nộp"), or NULL */
    char *name;          /* the document asked for */
    char *form;          /* the form / template file named in the row ("NA15.pdf"), or NULL */
    int originals;       /* bản chính; -1 unknown */
    int copies;          /* bản sao (whether certified is in the name); -1 unknown */
    int photocopies;     /* bản chụp / photo; -1 unknown */
    int required_online; /* 1 needed for online submission, 0 no / unknown */
    char *raw;           /* the row as written */
};

struct mc_proc_legal {
    char *symbol;   /* "68/2013/TT-BCA", or NULL */
    char *doc_type; /* from the symbol: "TT", "NĐ", "QH", "QĐ", "NQ", "TTLT"... or NULL */
    char *issuer;   /* from the symbol: "BCA", "CP", "QH13", "TTg"... or NULL */
    char *title;    /* the document's name as written */
    char date[11];  /* "2013-12-26" when the text gives "ngày 26/12/2013", else "" */
    char *raw;
};

struct mc_proc_result {
    char *name; /* "Quyết định giải quyết khiếu nại lần 1, lần 2" */
    char *code; /* "KQ.G01.00262", or NULL */
};

/* Something a parser could not understand, or guessed. field is the model
 * field ("channels", "components", "legal_basis", "result", "level", "code"...). */
struct mc_proc_problem {
    char field[32];
    char *message_en;
    char *message_vi;
};

struct mc_procedure {
    char *code; /* "1.001193", "1.000948.H38" */
    char *name;
    char *decision;   /* publishing decision (so_quyet_dinh) */
    char *kind;       /* loai_thu_tuc */
    char *field;      /* lĩnh vực */
    char *level_text; /* "Cấp bộ, Cấp tỉnh" as written */
    unsigned level;   /* enum mc_level bits parsed from level_text */
    char *applicants; /* applicant types as written */
    char *agency_competent, *agency_executing, *agency_delegated, *agency_coordinating;
    char *address;      /* where dossiers are received */
    char *steps;        /* trình tự thực hiện */
    char *requirements; /* yêu cầu, điều kiện */
    char *related;      /* thủ tục liên quan */
    char *source_url;
    char *source;            /* the source ministry slug of a scrape record ("bo-tu-phap") */
    int online_kind;         /* enum mc_online_kind */
    int cutoff_minutes;      /* receipt after this minute of the day counts from the next working day; -1 none */
    char *workflow_ref;      /* the workflow template that processes it; NULL = default */
    char *agency_code;       /* the local agency (NNN.NN.NN.Xnn) that handles it, when known; else NULL */
    char effective_from[11]; /* "YYYY-MM-DD" or "" */

    /* The flattened source texts, kept beside what was parsed from them. */
    char *raw_channels, *raw_components, *raw_legal, *raw_result;

    struct mc_proc_channel *channels;
    size_t nchannels;
    struct mc_proc_component *components;
    size_t ncomponents;
    struct mc_proc_legal *legal;
    size_t nlegal;
    struct mc_proc_result *results;
    size_t nresults;
    struct mc_proc_problem *problems;
    size_t nproblems;
};

/* Sets up an empty procedure: no strings, no arrays, online_kind unknown,
 * cutoff_minutes -1. */
void mc_procedure_init(struct mc_procedure *p);
/* Frees everything p owns and re-initialises it. */
void mc_procedure_release(struct mc_procedure *p);

/* Replaces *dst (a string field of a procedure or of one of its rows) with a
 * copy of s[0..len), trimmed of ASCII white space; an empty result stores
 * NULL. s may be NULL (stores NULL). */
void mc_proc_set(char **dst, const char *s, size_t len);

/* Append a zeroed row and return it (owned by p; valid until the next append
 * of the same kind). A channel starts with fee_vnd -1; a component with all
 * counts -1. */
struct mc_proc_channel *mc_procedure_add_channel(struct mc_procedure *p, int channel);
struct mc_proc_component *mc_procedure_add_component(struct mc_procedure *p);
struct mc_proc_legal *mc_procedure_add_legal(struct mc_procedure *p);
struct mc_proc_result *mc_procedure_add_result(struct mc_procedure *p);

/* Records a problem on field, with an English and a Vietnamese printf
 * format that take the same arguments in the same order. */
void mc_procedure_problem(struct mc_procedure *p, const char *field, const char *en_fmt, const char *vi_fmt, ...)
    __attribute__((format(printf, 3, 5)));

/* The first channel with that code, or NULL. */
const struct mc_proc_channel *mc_procedure_channel(const struct mc_procedure *p, int channel);
/* 1 when at least one channel has a numeric processing time. */
int mc_procedure_has_numeric_time(const struct mc_procedure *p);

/* A 64-bit FNV-1a content hash over a canonical serialization of every field
 * except the problems: equal for an unchanged record, different (with
 * overwhelming probability) for a changed one, so a re-import can tell "same
 * version" from "new version". Stable across runs and machines. */
uint64_t mc_procedure_hash(const struct mc_procedure *p);
/* The hash as 16 lowercase hex digits. */
void mc_procedure_hash_hex(const struct mc_procedure *p, char out[17]);

/* "wd", "d", "h", "month" ("" for MC_TIME_NONE); parse returns MC_TIME_NONE
 * for anything else. */
const char *mc_time_unit_name(enum mc_time_unit u);
enum mc_time_unit mc_time_unit_parse(const char *s);
/* "direct", "online", "postal" (or "unknown"). */
const char *mc_channel_name(int channel);
/* Writes the level bits as "ministry,province,district,commune,other" into
 * out (cap bytes, NUL-terminated, truncated if short). */
void mc_level_codes(unsigned level, char *out, size_t cap);

#endif
