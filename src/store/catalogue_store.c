/* catalogue_store.c - procedures with versions, search, the agency tree
 * (catalogue_store.h). The SQL is shared by both engines except the search
 * match (FTS5 MATCH / tsvector @@) and its rank (bm25 / ts_rank). */
#include "store/catalogue_store.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/fold.h"
#include "core/time.h"
#include "domain/procedure.h"
#include "store/store.h"
#include "core/banned.h"

static void today_iso(char out[11])
{
    mc_date_iso((mc_time_now() + MC_TZ_OFFSET) / 86400, out);
}

static int is_date(const char *s)
{
    int64_t d;
    return s && !mc_date_parse(s, strlen(s), &d);
}

static void copy_col(struct mc_stmt *st, int col, char *out, size_t cap)
{
    snprintf(out, cap, "%s", mc_stmt_text(st, col, NULL));
}

/* ---- saving ------------------------------------------------------------------ */

/* The folded form of s, or "" (NULL in, or not UTF-8). Heap, caller frees. */
static char *folded(const char *s)
{
    char *f = s ? mc_fold_dup(s, strlen(s)) : NULL;
    return f ? f : mc_strdup("");
}

/* The folded name without the "Thủ tục" most national names start with, so
 * that "dang ky khai sinh" is a prefix of "Thủ tục đăng ký khai sinh". */
static char *name_key(const char *name)
{
    char *f = folded(name);
    size_t n = strlen("thu tuc ");
    if (!strncmp(f, "thu tuc ", n))
        memmove(f, f + n, strlen(f + n) + 1);
    return f;
}

static char *agencies_folded(const struct mc_procedure *p)
{
    struct mc_buf b;
    mc_buf_init(&b, 1 << 20);
    const char *parts[] = {p->agency_competent, p->agency_executing};
    for (size_t i = 0; i < 2; i++)
        if (parts[i] && !mc_fold(parts[i], strlen(parts[i]), &b, NULL))
            mc_buf_addch(&b, ' ');
    char *s = mc_buf_detach(&b, NULL);
    return s;
}

struct latest {
    int64_t id, version;
    char hash[17], from[11];
    int retired;
};

static mc_err find_latest(struct mc_db *db, const char *code, struct latest *l, struct mc_error *err)
{
    struct mc_stmt *st;
    int row;
    mc_err rc = mc_db_query(db, &st, &row, err,
                            "SELECT id, version, hash, effective_from, retired_at FROM procedures "
                            "WHERE code = $1 AND is_latest = 1",
                            "s", code);
    if (rc)
        return rc;
    if (row) {
        l->id = mc_stmt_int(st, 0);
        l->version = mc_stmt_int(st, 1);
        copy_col(st, 2, l->hash, sizeof(l->hash));
        copy_col(st, 3, l->from, sizeof(l->from));
        l->retired = !mc_stmt_null(st, 4);
    }
    mc_stmt_reset(st);
    return row ? MC_OK : MC_ERR_NOT_FOUND;
}

/* Closes the latest version at date (exclusive end; an earlier end stays). */
static mc_err close_latest(struct mc_db *db, const struct latest *l, const char *date, struct mc_error *err)
{
    mc_err rc = mc_db_do(db, err,
                         "UPDATE procedures SET is_latest = 0, effective_to = CASE WHEN effective_to IS NULL OR "
                         "effective_to > $1 THEN $1 ELSE effective_to END WHERE id = $2",
                         "si", date, l->id);
    return rc ? rc : mc_db_do(db, err, "DELETE FROM procedures_fts WHERE rowid = $1", "i", l->id);
}

struct row_text {
    char *name, *field, *agencies;
};

static mc_err insert_version(struct mc_db *db, const struct mc_cat_save *in, int64_t version, const char *from,
                             struct mc_error *err)
{
    const struct mc_procedure *p = in->p;
    struct row_text t = {name_key(p->name), folded(p->field), agencies_folded(p)};
    char hash[17], code_lc[48];
    int64_t id = 0;
    mc_procedure_hash_hex(p, hash);
    snprintf(code_lc, sizeof(code_lc), "%s", p->code);
    for (char *c = code_lc; *c; c++)
        *c = (char)tolower((unsigned char)*c);
    mc_err rc = mc_db_int(
        db, &id, err,
        "INSERT INTO procedures (code, version, is_latest, effective_from, hash, name, name_folded, field, "
        "field_folded, level, online_kind, cutoff_minutes, workflow_ref, agency_id, agency_folded, source, nproblems, "
        "created_at, created_by) VALUES ($1, $2, 1, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, "
        "CASE WHEN $13 > 0 THEN $13 END, $14, $15, $16, $17, $18) RETURNING id",
        "sissssssiiisissiis", p->code, version, from, hash, p->name ? p->name : "", t.name, p->field ? p->field : "",
        t.field, (int64_t)p->level, (int64_t)p->online_kind, (int64_t)p->cutoff_minutes, p->workflow_ref, in->agency_id,
        t.agencies, in->source ? in->source : "", (int64_t)p->nproblems, in->now, in->actor ? in->actor : "");
    if (!rc)
        rc = mc_db_do(db, err, "INSERT INTO procedure_docs (id, doc, problems) VALUES ($1, $2, $3)", "iss", id, in->doc,
                      in->problems ? in->problems : "[]");
    if (!rc)
        rc = mc_db_do(db, err,
                      "INSERT INTO procedures_fts (rowid, code, name, field, agency) VALUES ($1, $2, $3, $4, $5)",
                      "issss", id, code_lc, t.name, t.field, t.agencies);
    mc_free(t.name);
    mc_free(t.field);
    mc_free(t.agencies);
    return rc;
}

mc_err mc_catalogue_save(struct mc_db *db, const struct mc_cat_save *in, enum mc_cat_outcome *outcome, int64_t *version,
                         struct mc_error *err)
{
    struct latest l;
    char hash[17], from[11];
    memset(&l, 0, sizeof(l));
    *outcome = MC_CAT_UNCHANGED;
    if (!in->p->code || !is_date(in->today))
        return mc_error_set(err, MC_ERR_INVALID, 400, "invalid_procedure", "Thủ tục thiếu mã hoặc ngày hiệu lực sai",
                            "The procedure has no code or a bad effective date");
    mc_err rc = find_latest(db, in->p->code, &l, err);
    if (rc && rc != MC_ERR_NOT_FOUND)
        return rc;
    mc_procedure_hash_hex(in->p, hash);
    if (!rc && !strcmp(hash, l.hash)) {
        if (version)
            *version = l.version;
        return MC_OK;
    }
    snprintf(from, sizeof(from), "%s", in->p->effective_from[0] ? in->p->effective_from : in->today);
    if (!rc && strcmp(from, l.from) < 0)
        snprintf(from, sizeof(from), "%s", l.from);
    *outcome = rc ? MC_CAT_CREATED : MC_CAT_UPDATED;
    rc = rc ? MC_OK : close_latest(db, &l, from, err);
    if (!rc)
        rc = insert_version(db, in, l.version + 1, from, err);
    if (!rc && version)
        *version = l.version + 1;
    return rc;
}

/* ---- reading versions ------------------------------------------------------------ */

#define VERSION_COLS                                                                                                   \
    "p.id, p.version, p.retired_at, p.created_at, p.agency_id, p.nproblems, p.is_latest, p.code, p.effective_from, "   \
    "p.effective_to, p.hash, p.source, COALESCE(a.code, '') "

static void read_version(struct mc_stmt *st, struct mc_cat_version *v)
{
    int64_t *ints[] = {&v->id, &v->version, &v->retired_at, &v->created_at, &v->agency_id, &v->nproblems, &v->latest};
    for (int i = 0; i < 7; i++)
        *ints[i] = mc_stmt_int(st, i);
    copy_col(st, 7, v->code, sizeof(v->code));
    copy_col(st, 8, v->effective_from, sizeof(v->effective_from));
    copy_col(st, 9, v->effective_to, sizeof(v->effective_to));
    copy_col(st, 10, v->hash, sizeof(v->hash));
    copy_col(st, 11, v->source, sizeof(v->source));
    copy_col(st, 12, v->agency_code, sizeof(v->agency_code));
}

void mc_cat_version_release(struct mc_cat_version *v)
{
    mc_free(v->doc);
    mc_free(v->problems);
    v->doc = v->problems = NULL;
}

static mc_err code_known(struct mc_db *db, const char *code, struct mc_error *err)
{
    int64_t n = 0;
    mc_err rc = mc_db_int(db, &n, err, "SELECT count(*) FROM procedures WHERE code = $1", "s", code);
    return rc ? rc : n ? MC_OK : MC_ERR_NOT_FOUND;
}

mc_err mc_catalogue_get(struct mc_db *db, const char *code, const char *date, struct mc_cat_version *out,
                        struct mc_error *err)
{
    struct mc_stmt *st;
    int row;
    char today[11];
    memset(out, 0, sizeof(*out));
    if (!date) {
        today_iso(today);
        date = today;
    }
    mc_err rc =
        mc_db_query(db, &st, &row, err,
                    "SELECT " VERSION_COLS ", d.doc, d.problems FROM procedures p JOIN procedure_docs d ON d.id = p.id "
                    "LEFT JOIN agencies a ON a.id = p.agency_id WHERE p.code = $1 AND p.effective_from <= $2 "
                    "AND (p.effective_to IS NULL OR p.effective_to > $2) ORDER BY p.version DESC LIMIT 1",
                    "ss", code, date);
    if (rc)
        return rc;
    if (row) {
        read_version(st, out);
        out->doc = mc_strdup(mc_stmt_text(st, 13, NULL));
        out->problems = mc_strdup(mc_stmt_text(st, 14, NULL));
    }
    mc_stmt_reset(st);
    if (row)
        return MC_OK;
    rc = code_known(db, code, err);
    if (rc)
        return rc;
    mc_error_setf(err, MC_ERR_RANGE, 404, "not_in_force", "Thủ tục %s không có hiệu lực vào ngày %s",
                  "Procedure %s is not in force on %s", code, date);
    mc_error_detail_str(err, "date", date);
    return MC_ERR_RANGE;
}

mc_err mc_catalogue_history(struct mc_db *db, const char *code, void (*fn)(void *ctx, const struct mc_cat_version *v),
                            void *ctx, struct mc_error *err)
{
    struct mc_stmt *st;
    int row;
    struct mc_cat_version v;
    mc_err rc = mc_db_query(db, &st, &row, err,
                            "SELECT " VERSION_COLS " FROM procedures p LEFT JOIN agencies a ON a.id = p.agency_id "
                            "WHERE p.code = $1 ORDER BY p.version",
                            "s", code);
    while (!rc && row) {
        memset(&v, 0, sizeof(v));
        read_version(st, &v);
        fn(ctx, &v);
        rc = mc_stmt_step(st, &row, err);
    }
    if (!rc)
        mc_stmt_reset(st);
    return rc;
}

mc_err mc_catalogue_retire(struct mc_db *db, const char *code, const char *date, int64_t now, int64_t *version,
                           struct mc_error *err)
{
    struct latest l;
    char day[11];
    memset(&l, 0, sizeof(l));
    if (date && !is_date(date))
        return mc_error_field(err, "date", "Ngày phải theo dạng YYYY-MM-DD", "The date must be YYYY-MM-DD");
    mc_err rc = find_latest(db, code, &l, err);
    if (rc)
        return rc;
    if (l.retired)
        return MC_ERR_NOT_FOUND;
    if (date)
        snprintf(day, sizeof(day), "%s", date);
    else
        today_iso(day);
    if (strcmp(day, l.from) < 0)
        snprintf(day, sizeof(day), "%s", l.from);
    rc = mc_db_do(db, err, "UPDATE procedures SET effective_to = $1, retired_at = $2 WHERE id = $3", "sii", day, now,
                  l.id);
    if (!rc)
        rc = mc_db_do(db, err, "DELETE FROM procedures_fts WHERE rowid = $1", "i", l.id);
    if (!rc && version)
        *version = l.version;
    return rc;
}

/* ---- search ------------------------------------------------------------------------ */

/* A code-shaped token: a digit, a dot, then digits, letters and dots. */
static int code_token(const char *s, size_t n)
{
    if (n < 3 || !isdigit((unsigned char)s[0]) || s[1] != '.')
        return 0;
    for (size_t i = 2; i < n; i++)
        if (!isalnum((unsigned char)s[i]) && s[i] != '.')
            return 0;
    return 1;
}

static void add_code(const char *s, size_t n, struct mc_buf *fts, char *code, size_t cap)
{
    char lc[64];
    n = n < sizeof(lc) - 1 ? n : sizeof(lc) - 1;
    for (size_t i = 0; i < n; i++)
        lc[i] = (char)tolower((unsigned char)s[i]);
    lc[n] = '\0';
    mc_buf_addf(fts, "%s\"%s\"*", fts->len ? " " : "", lc);
    if (!*code)
        snprintf(code, cap, "%s", lc);
}

/* Appends each folded word as "w" (FTS5) and w (tsquery), the last with a
 * prefix mark. */
static void add_words(const char *words, struct mc_buf *fts, struct mc_buf *tsq)
{
    const char *w = words;
    while (*w) {
        size_t n = strcspn(w, " ");
        int last = w[n] == '\0';
        mc_buf_addf(fts, "%s\"%.*s\"%s", fts->len ? " " : "", (int)n, w, last ? "*" : "");
        mc_buf_addf(tsq, "%s%.*s%s", tsq->len ? " & " : "", (int)n, w, last ? ":*" : "");
        w += n + (w[n] == ' ');
    }
}

int mc_catalogue_query_text(const char *q, struct mc_buf *fts, struct mc_buf *tsq, struct mc_buf *folded_q, char *code,
                            size_t code_cap)
{
    struct mc_buf words;
    mc_buf_init(&words, MC_CAT_MAX_QUERY * 2 + 16);
    *code = '\0';
    for (const char *s = q; s && *s;) {
        size_t n = strcspn(s, " \t\r\n");
        if (code_token(s, n))
            add_code(s, n, fts, code, code_cap);
        else if (n && !mc_fold(s, n, &words, NULL) && words.len && words.buf[words.len - 1] != ' ')
            mc_buf_addch(&words, ' ');
        s += n;
        s += strspn(s, " \t\r\n");
    }
    while (words.len && words.buf[words.len - 1] == ' ')
        mc_buf_truncate(&words, words.len - 1);
    add_words(words.buf, fts, tsq);
    if (q)
        mc_fold(q, strlen(q), folded_q, NULL);
    mc_buf_release(&words);
    return fts->len > 0;
}

/* Filters shared by the search and the listing, on five parameters (field,
 * level, online kind, agency path, agency words; '' or 0 = any). CAST gives
 * PostgreSQL the parameter types. */
#define FILTERS(a, b, c, d, e)                                                                                         \
    " AND (CAST(" a " AS TEXT) = '' OR p.field_folded = " a ") AND (CAST(" b " AS INTEGER) = 0 OR (p.level & " b       \
    ") <> 0) AND (CAST(" c " AS INTEGER) = 0 OR p.online_kind = " c ") AND (CAST(" d                                   \
    " AS TEXT) = '' OR a.path LIKE " d " || '%') AND (CAST(" e " AS TEXT) = '' OR p.agency_folded LIKE '%' || " e      \
    " || '%')"

#define HIT_COLS                                                                                                       \
    "SELECT p.id, p.version, p.level, p.online_kind, COALESCE(p.agency_id, 0), p.code, p.name, p.field, "              \
    "p.effective_from, COALESCE(a.code, ''), COALESCE(a.name, ''), count(*) OVER ()"

/* SQLite numbers $N parameters in their order of first appearance and the
 * store binds by position, so every statement in this file names $1, $2...
 * in that order: here the rank class is a column, ahead of the filters. */
#define RANK_CLASS                                                                                                     \
    ", CASE WHEN lower(p.code) = $2 THEN 0 WHEN p.name_folded = $3 THEN 1 WHEN p.name_folded LIKE CAST($3 AS TEXT) "   \
    "|| '%' THEN 2 ELSE 3 END AS k "

/* Within a rank class, shorter names first (the words make up more of
 * them), then the code: as good as bm25 on these one-line names, several
 * times cheaper (bm25 reads every match's column sizes), and the same on
 * PostgreSQL. */
static const char search_sqlite[] = HIT_COLS RANK_CLASS
    "FROM procedures_fts f JOIN procedures p ON p.id = f.rowid LEFT JOIN agencies a ON a.id = "
    "p.agency_id WHERE procedures_fts MATCH $1" FILTERS("$4", "$5", "$6", "$7",
                                                        "$8") " ORDER BY "
                                                              "k, length(p.name_folded), p.code LIMIT $9 OFFSET $10";

static const char search_pg[] = HIT_COLS RANK_CLASS
    "FROM procedures_fts f JOIN procedures p ON p.id = f.rowid LEFT JOIN agencies a ON a.id = "
    "p.agency_id WHERE (f.tsv @@ to_tsquery('simple', CAST($1 AS TEXT)) OR (CAST($2 AS TEXT) <> '' AND lower(p.code) "
    "LIKE $2 || '%'))" FILTERS("$4", "$5", "$6", "$7",
                               "$8") " ORDER BY k, length(p.name_folded), p.code LIMIT $9 OFFSET $10";

static const char listing[] = HIT_COLS " FROM procedures p LEFT JOIN agencies a ON a.id = p.agency_id "
                                       "WHERE p.is_latest = 1 AND p.retired_at IS NULL" FILTERS(
                                           "$1", "$2", "$3", "$4", "$5") " ORDER BY p.code LIMIT $6 OFFSET $7";

static void read_hit(struct mc_stmt *st, struct mc_cat_hit *h)
{
    h->id = mc_stmt_int(st, 0);
    h->version = mc_stmt_int(st, 1);
    h->level = mc_stmt_int(st, 2);
    h->online_kind = mc_stmt_int(st, 3);
    h->agency_id = mc_stmt_int(st, 4);
    h->code = mc_stmt_text(st, 5, NULL);
    h->name = mc_stmt_text(st, 6, NULL);
    h->field = mc_stmt_text(st, 7, NULL);
    h->effective_from = mc_stmt_text(st, 8, NULL);
    h->agency_code = mc_stmt_text(st, 9, NULL);
    h->agency_name = mc_stmt_text(st, 10, NULL);
}

struct search_text {
    struct mc_buf fts, tsq, folded, field;
    char code[64];
    int has_text;
};

static mc_err prepare_text(const struct mc_cat_query *q, struct search_text *t, struct mc_error *err)
{
    size_t bad;
    mc_buf_init(&t->fts, 4096);
    mc_buf_init(&t->tsq, 4096);
    mc_buf_init(&t->folded, 1024);
    mc_buf_init(&t->field, 1024);
    if (q->q && (strlen(q->q) > MC_CAT_MAX_QUERY || !mc_utf8_valid(q->q, strlen(q->q), &bad)))
        return mc_error_field(err, "q", "Từ khóa quá dài hoặc không phải UTF-8", "The query is too long or not UTF-8");
    if (q->field && mc_fold(q->field, strlen(q->field), &t->field, NULL))
        return mc_error_field(err, "field", "Lĩnh vực không hợp lệ", "Invalid field");
    t->has_text = mc_catalogue_query_text(q->q, &t->fts, &t->tsq, &t->folded, t->code, sizeof(t->code));
    return MC_OK;
}

static void release_text(struct search_text *t)
{
    mc_buf_release(&t->fts);
    mc_buf_release(&t->tsq);
    mc_buf_release(&t->folded);
    mc_buf_release(&t->field);
}

static mc_err run_search(struct mc_db *db, const struct mc_cat_query *q, const struct search_text *t, int64_t offset,
                         int64_t limit, struct mc_stmt **st, int *row, struct mc_error *err)
{
    const char *path = q->agency_path ? q->agency_path : "", *atext = q->agency_text ? q->agency_text : "";
    if (!t->has_text)
        return mc_db_query(db, st, row, err, listing, "siissii", t->field.buf, (int64_t)q->level,
                           (int64_t)q->online_kind, path, atext, limit, offset);
    int pg = !strcmp(mc_db_engine(db), "postgresql");
    return mc_db_query(db, st, row, err, pg ? search_pg : search_sqlite, "ssssiissii", pg ? t->tsq.buf : t->fts.buf,
                       t->code, t->folded.buf, t->field.buf, (int64_t)q->level, (int64_t)q->online_kind, path, atext,
                       limit, offset);
}

mc_err mc_catalogue_search(struct mc_db *db, const struct mc_cat_query *q,
                           void (*fn)(void *ctx, const struct mc_cat_hit *h), void *ctx, int64_t *total,
                           struct mc_error *err)
{
    struct search_text t;
    struct mc_stmt *st;
    struct mc_cat_hit h;
    int row = 0;
    int64_t per = q->per_page < 1 ? 20 : q->per_page > MC_CAT_MAX_PER_PAGE ? MC_CAT_MAX_PER_PAGE : q->per_page;
    int64_t page = q->page < 1 ? 1 : q->page;
    *total = 0;
    mc_err rc = prepare_text(q, &t, err);
    if (!rc)
        rc = run_search(db, q, &t, (page - 1) * per, per, &st, &row, err);
    while (!rc && row) {
        *total = mc_stmt_int(st, 11);
        read_hit(st, &h);
        fn(ctx, &h);
        rc = mc_stmt_step(st, &row, err);
    }
    if (!rc && page > 1 && *total == 0) { /* past the last page: count from the first */
        rc = run_search(db, q, &t, 0, 1, &st, &row, err);
        if (!rc && row)
            *total = mc_stmt_int(st, 11);
        if (!rc)
            mc_stmt_reset(st);
    }
    release_text(&t);
    return rc;
}

/* ---- agencies ------------------------------------------------------------------------ */

#define AGENCY_COLS                                                                                                    \
    "SELECT id, COALESCE(parent_id, 0), COALESCE(active_from, 0), COALESCE(active_to, 0), code, name, level, path, "   \
    "address, phone, email, website FROM agencies "

static void read_agency(struct mc_stmt *st, struct mc_agency_row *a)
{
    a->id = mc_stmt_int(st, 0);
    a->parent_id = mc_stmt_int(st, 1);
    a->active_from = mc_stmt_int(st, 2);
    a->active_to = mc_stmt_int(st, 3);
    const char **strs[] = {&a->code, &a->name, &a->level, &a->path, &a->address, &a->phone, &a->email, &a->website};
    for (int i = 0; i < 8; i++)
        *strs[i] = mc_stmt_text(st, 4 + i, NULL);
}

static mc_err each_agency(struct mc_db *db, const char *sql, const char *fmt, const char *arg,
                          void (*fn)(void *ctx, const struct mc_agency_row *a), void *ctx, struct mc_error *err)
{
    struct mc_stmt *st;
    struct mc_agency_row a;
    int row, n = 0;
    mc_err rc = mc_db_query(db, &st, &row, err, sql, fmt, arg);
    while (!rc && row) {
        read_agency(st, &a);
        fn(ctx, &a);
        n++;
        rc = mc_stmt_step(st, &row, err);
    }
    if (!rc)
        mc_stmt_reset(st);
    return rc ? rc : n ? MC_OK : MC_ERR_NOT_FOUND;
}

mc_err mc_agency_each(struct mc_db *db, void (*fn)(void *ctx, const struct mc_agency_row *a), void *ctx,
                      struct mc_error *err)
{
    mc_err rc = each_agency(db, AGENCY_COLS "ORDER BY path, code", "", NULL, fn, ctx, err);
    return rc == MC_ERR_NOT_FOUND ? MC_OK : rc;
}

mc_err mc_agency_get(struct mc_db *db, const char *id_or_code, void (*fn)(void *ctx, const struct mc_agency_row *a),
                     void *ctx, struct mc_error *err)
{
    return each_agency(db, AGENCY_COLS "WHERE code = $1 OR CAST(id AS TEXT) = $1", "s", id_or_code, fn, ctx, err);
}

int mc_agency_code_valid(const char *c)
{
    static const char shape[] = "999.99.99.A99";
    if (strlen(c) != sizeof(shape) - 1)
        return 0;
    for (size_t i = 0; shape[i]; i++) {
        int ok = shape[i] == '9'   ? isdigit((unsigned char)c[i])
                 : shape[i] == 'A' ? isupper((unsigned char)c[i])
                                   : c[i] == shape[i];
        if (!ok)
            return 0;
    }
    return 1;
}
