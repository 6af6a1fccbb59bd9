#include "integrate/catalogue_import.h"

#include <errno.h>
#include <stddef.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <zlib.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/fold.h"
#include "core/time.h"
#include "domain/catalogue_text.h"
#include "domain/procedure.h"
#include "core/banned.h"

#define MAX_CSV_COLUMNS 64

struct mc_catalogue_reader {
    enum mc_cat_format format;
    char *data; /* the whole (decompressed) input, NUL-terminated */
    size_t len, pos;
    long line;     /* lines consumed so far */
    long record;   /* records handed out so far */
    json_t *array; /* json format given as one array */
    size_t index;
    int array_failed; /* the array did not parse: one problem, then done */
    json_error_t array_error;
    char *columns[MAX_CSV_COLUMNS]; /* csv header */
    size_t ncolumns;
};

/* ---- problems -------------------------------------------------------------- */

static mc_err fail(struct mc_import_problem *pr, const char *code, long column, const char *en, const char *vi, ...)
    __attribute__((format(printf, 4, 6)));

static mc_err fail(struct mc_import_problem *pr, const char *code, long column, const char *en, const char *vi, ...)
{
    va_list ap;
    pr->code = code;
    pr->column = column;
    va_start(ap, vi);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    vsnprintf(pr->message_en, sizeof(pr->message_en), en, ap);
    va_end(ap);
    va_start(ap, vi);
    vsnprintf(pr->message_vi, sizeof(pr->message_vi), vi, ap);
#pragma GCC diagnostic pop
    va_end(ap);
    /* messages quote input (jansson's text, record codes) and are cut to fit */
    mc_utf8_scrub(pr->message_en);
    mc_utf8_scrub(pr->message_vi);
    mc_utf8_scrub(pr->record_code);
    return MC_ERR_INVALID;
}

/* ---- loading --------------------------------------------------------------- */

static int is_gzip(const void *data, size_t len)
{
    const unsigned char *b = data;
    return len >= 2 && b[0] == 0x1f && b[1] == 0x8b;
}

static mc_err gunzip(const void *data, size_t len, struct mc_buf *out, struct mc_error *err)
{
    z_stream z;
    memset(&z, 0, sizeof(z));
    if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK)
        return mc_error_set(err, MC_ERR_INTERNAL, 500, "zlib", "Lỗi zlib", "zlib initialisation failed");
    z.next_in = (Bytef *)(uintptr_t)data;
    z.avail_in = (uInt)len;
    int rc = Z_OK;
    mc_err e = MC_OK;
    while (rc == Z_OK) {
        e = mc_buf_grow(out, 1 << 20);
        if (e)
            break;
        z.next_out = (Bytef *)out->buf + out->len;
        z.avail_out = (uInt)(out->alloc - out->len - 1);
        size_t before = z.avail_out;
        rc = inflate(&z, Z_NO_FLUSH);
        out->len += before - z.avail_out;
        out->buf[out->len] = '\0';
    }
    inflateEnd(&z);
    if (e)
        return mc_error_set(err, MC_ERR_TOO_LARGE, 413, "too_large", "Tệp danh mục quá lớn",
                            "Catalogue file too large");
    if (rc != Z_STREAM_END)
        return mc_error_setf(err, MC_ERR_INVALID, 400, "bad_gzip", "Tệp gzip hỏng hoặc bị cắt cụt (%s)",
                             "Corrupt or truncated gzip data (%s)", z.msg ? z.msg : "unexpected end");
    return MC_OK;
}

static mc_err read_file(const char *path, struct mc_buf *out, struct mc_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return mc_error_setf(err, MC_ERR_IO, 400, "io", "Không mở được %s: %s", "Cannot open %s: %s", path,
                             strerror(errno));
    char chunk[1 << 16];
    size_t n;
    mc_err e = MC_OK;
    while (!e && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        e = mc_buf_add(out, chunk, n);
    int bad = ferror(f);
    fclose(f);
    if (e)
        return mc_error_set(err, MC_ERR_TOO_LARGE, 413, "too_large", "Tệp danh mục quá lớn",
                            "Catalogue file too large");
    if (bad)
        return mc_error_setf(err, MC_ERR_IO, 400, "io", "Lỗi đọc %s", "Read error on %s", path);
    return MC_OK;
}

/* UTF-16/32 files (with or without a BOM) cannot be read as UTF-8. */
static int wide_encoding(const unsigned char *b, size_t len)
{
    if (len >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF)))
        return 1;
    size_t n = len < 256 ? len : 256, zeros = 0;
    for (size_t i = 0; i < n; i++)
        zeros += b[i] == 0;
    return n >= 4 && zeros * 4 >= n;
}

static const char *base_ext(const char *name, char *buf, size_t cap)
{
    if (!name)
        return "";
    snprintf(buf, cap, "%s", name);
    size_t l = strlen(buf);
    if (l > 3 && !strcmp(buf + l - 3, ".gz"))
        buf[l - 3] = '\0';
    const char *dot = strrchr(buf, '.');
    return dot ? dot + 1 : "";
}

enum mc_cat_format mc_catalogue_format_detect(const char *name, const char *head, size_t len)
{
    char tmp[512];
    const char *ext = base_ext(name, tmp, sizeof(tmp));
    if (!strcmp(ext, "csv") || !strcmp(ext, "CSV"))
        return MC_CAT_FORMAT_CSV;
    size_t i = 0;
    if (len >= 3 && !memcmp(head, "\xEF\xBB\xBF", 3))
        i = 3;
    while (i < len && strchr(" \t\r\n", head[i]))
        i++;
    if (i < len && head[i] == '[')
        return MC_CAT_FORMAT_JSON;
    if (i < len && head[i] == '{') {
        const char *nl = memchr(head + i, '\n', len - i);
        size_t l = nl ? (size_t)(nl - head) - i : len - i;
        return memmem(head + i, l, "\"ma_thu_tuc\"", 12) ? MC_CAT_FORMAT_SCRAPE : MC_CAT_FORMAT_JSON;
    }
    if (!strcmp(ext, "json") || !strcmp(ext, "jsonl"))
        return MC_CAT_FORMAT_JSON;
    return i < len ? MC_CAT_FORMAT_CSV : MC_CAT_FORMAT_AUTO;
}

static const char *const format_names[] = {"auto", "scrape", "json", "csv"};

const char *mc_catalogue_format_name(enum mc_cat_format f)
{
    return (unsigned)f < 4 ? format_names[f] : "auto";
}

enum mc_cat_format mc_catalogue_format_parse(const char *name)
{
    for (int i = 1; name && i < 4; i++)
        if (!strcmp(name, format_names[i]))
            return (enum mc_cat_format)i;
    return MC_CAT_FORMAT_AUTO;
}

static mc_err csv_header(struct mc_catalogue_reader *r, struct mc_error *err);

static mc_err reader_start(struct mc_catalogue_reader *r, const char *name, enum mc_cat_format format,
                           struct mc_error *err)
{
    if (wide_encoding((const unsigned char *)r->data, r->len))
        return mc_error_set(err, MC_ERR_UNSUPPORTED, 400, "wrong_encoding",
                            "Tệp được mã hóa UTF-16/UTF-32; hãy lưu lại dưới dạng UTF-8",
                            "The file is UTF-16 or UTF-32 encoded; save it as UTF-8");
    if (r->len >= 3 && !memcmp(r->data, "\xEF\xBB\xBF", 3))
        r->pos = 3;
    r->format = format ? format : mc_catalogue_format_detect(name, r->data, r->len);
    if (!r->format)
        return mc_error_set(err, MC_ERR_UNSUPPORTED, 400, "unknown_format", "Không nhận ra định dạng danh mục",
                            "Cannot tell the catalogue format; give it explicitly");
    if (r->format == MC_CAT_FORMAT_CSV)
        return csv_header(r, err);
    size_t i = r->pos;
    while (i < r->len && strchr(" \t\r\n", r->data[i]))
        i++;
    if (r->format == MC_CAT_FORMAT_JSON && i < r->len && r->data[i] == '[') {
        r->array = json_loadb(r->data + r->pos, r->len - r->pos, 0, &r->array_error);
        r->array_failed = !r->array || !json_is_array(r->array);
    }
    return MC_OK;
}

static mc_err open_buf(struct mc_buf *b, const char *name, enum mc_cat_format format, struct mc_catalogue_reader **out,
                       struct mc_error *err)
{
    struct mc_buf plain;
    mc_buf_init(&plain, MC_CATALOGUE_MAX_BYTES);
    if (is_gzip(b->buf, b->len)) {
        mc_err e = gunzip(b->buf, b->len, &plain, err);
        mc_buf_release(b);
        if (e) {
            mc_buf_release(&plain);
            return e;
        }
        *b = plain;
    }
    struct mc_catalogue_reader *r = mc_calloc(1, sizeof(*r));
    r->data = mc_buf_detach(b, &r->len);
    mc_err e = reader_start(r, name, format, err);
    if (e) {
        mc_catalogue_reader_free(r);
        return e;
    }
    *out = r;
    return MC_OK;
}

mc_err mc_catalogue_reader_open(const char *path, enum mc_cat_format format, struct mc_catalogue_reader **out,
                                struct mc_error *err)
{
    struct mc_buf b;
    mc_buf_init(&b, MC_CATALOGUE_MAX_BYTES);
    mc_err e = read_file(path, &b, err);
    if (e) {
        mc_buf_release(&b);
        return e;
    }
    return open_buf(&b, path, format, out, err);
}

mc_err mc_catalogue_reader_open_mem(const void *data, size_t len, const char *name, enum mc_cat_format format,
                                    struct mc_catalogue_reader **out, struct mc_error *err)
{
    struct mc_buf b;
    mc_buf_init(&b, MC_CATALOGUE_MAX_BYTES);
    if (mc_buf_add(&b, data, len)) {
        mc_buf_release(&b);
        return mc_error_set(err, MC_ERR_TOO_LARGE, 413, "too_large", "Tệp danh mục quá lớn",
                            "Catalogue file too large");
    }
    return open_buf(&b, name, format, out, err);
}

void mc_catalogue_reader_free(struct mc_catalogue_reader *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->ncolumns; i++)
        mc_free(r->columns[i]);
    json_decref(r->array);
    mc_free(r->data);
    mc_free(r);
}

enum mc_cat_format mc_catalogue_reader_format(const struct mc_catalogue_reader *r)
{
    return r->format;
}

/* ---- records as JSON objects ---------------------------------------------- */

#define NO_INFO "Không có thông tin"
#define FIELD(name) offsetof(struct mc_procedure, name)

struct str_field {
    const char *key;
    size_t off;
};

struct text_field {
    const char *key;
    void (*parse)(struct mc_procedure *p, const char *s, size_t len);
};

static char **field_ptr(struct mc_procedure *p, size_t off)
{
    return (char **)(void *)((char *)p + off);
}

/* A plain string field; "Không có thông tin" counts as absent. */
static void set_plain(struct mc_procedure *p, size_t off, const char *s, size_t len)
{
    if (len == strlen(NO_INFO) && !memcmp(s, NO_INFO, len))
        s = NULL;
    mc_proc_set(field_ptr(p, off), s, len);
}

static const struct str_field scrape_strings[] = {
    {"ma_thu_tuc", FIELD(code)},
    {"ten_thu_tuc", FIELD(name)},
    {"so_quyet_dinh", FIELD(decision)},
    {"loai_thu_tuc", FIELD(kind)},
    {"linh_vuc", FIELD(field)},
    {"doi_tuong_thuc_hien", FIELD(applicants)},
    {"co_quan_co_tham_quyen", FIELD(agency_competent)},
    {"co_quan_thuc_hien", FIELD(agency_executing)},
    {"co_quan_duoc_uy_quyen", FIELD(agency_delegated)},
    {"co_quan_phoi_hop", FIELD(agency_coordinating)},
    {"dia_chi_tiep_nhan", FIELD(address)},
    {"trinh_tu_thuc_hien", FIELD(steps)},
    {"yeu_cau_dieu_kien", FIELD(requirements)},
    {"thu_tuc_lien_quan", FIELD(related)},
    {"detail_url", FIELD(source_url)},
    {"_bo", FIELD(source)},
};

static const struct text_field scrape_texts[] = {
    {"cap_thuc_hien", mc_cat_parse_level},         {"cach_thuc_thuc_hien", mc_cat_parse_channels},
    {"thanh_phan_ho_so", mc_cat_parse_components}, {"can_cu_phap_ly", mc_cat_parse_legal},
    {"ket_qua_xu_ly", mc_cat_parse_results},
};

static const char *jstr(json_t *o, const char *key, size_t *len)
{
    json_t *v = json_object_get(o, key);
    if (!json_is_string(v))
        return NULL;
    *len = json_string_length(v);
    return json_string_value(v);
}

static void from_scrape(json_t *o, struct mc_procedure *p)
{
    size_t len;
    const char *s;
    for (size_t i = 0; i < sizeof(scrape_strings) / sizeof(scrape_strings[0]); i++)
        if ((s = jstr(o, scrape_strings[i].key, &len)))
            set_plain(p, scrape_strings[i].off, s, len);
    for (size_t i = 0; i < sizeof(scrape_texts) / sizeof(scrape_texts[0]); i++)
        if ((s = jstr(o, scrape_texts[i].key, &len)))
            scrape_texts[i].parse(p, s, len);
    mc_cat_derive(p);
}

static const struct str_field own_strings[] = {
    {"code", FIELD(code)},
    {"name", FIELD(name)},
    {"decision", FIELD(decision)},
    {"kind", FIELD(kind)},
    {"field", FIELD(field)},
    {"applicants", FIELD(applicants)},
    {"agency_competent", FIELD(agency_competent)},
    {"agency", FIELD(agency_competent)},
    {"agency_executing", FIELD(agency_executing)},
    {"agency_delegated", FIELD(agency_delegated)},
    {"agency_coordinating", FIELD(agency_coordinating)},
    {"address", FIELD(address)},
    {"steps", FIELD(steps)},
    {"requirements", FIELD(requirements)},
    {"related", FIELD(related)},
    {"source_url", FIELD(source_url)},
    {"workflow", FIELD(workflow_ref)},
    {"agency_code", FIELD(agency_code)},
};

/* Integer member of a JSON object; 1 if present and an integer. */
static int jint(json_t *o, const char *key, long long *v)
{
    json_t *x = json_object_get(o, key);
    if (!json_is_integer(x))
        return 0;
    *v = json_integer_value(x);
    return 1;
}

static int channel_code(json_t *v)
{
    if (json_is_integer(v) && json_integer_value(v) >= 1 && json_integer_value(v) <= 3)
        return (int)json_integer_value(v);
    for (int c = 1; json_is_string(v) && c <= 3; c++)
        if (!strcmp(json_string_value(v), mc_channel_name(c)))
            return c;
    return 0;
}

/* Time and fee given as values or as text, shared by JSON and CSV. */
static void channel_time(struct mc_procedure *p, struct mc_proc_channel *c, long long amount, const char *unit,
                         const char *text)
{
    int a;
    enum mc_time_unit u;
    if (amount >= 0 && amount <= 100000) {
        u = unit ? mc_time_unit_parse(unit) : MC_TIME_WORKDAY;
        if (!u) {
            mc_procedure_problem(p, "channels", "time unit \"%s\" unknown; working days assumed",
                                 "không rõ đơn vị thời gian \"%s\"; coi là ngày làm việc", unit);
            u = MC_TIME_WORKDAY;
        }
        c->has_time = 1, c->time_amount = (int)amount, c->time_unit = u, c->time_source = MC_TIME_SRC_STRUCTURED;
    } else if (text && mc_cat_parse_time(text, strlen(text), &a, &u)) {
        c->has_time = 1, c->time_amount = a, c->time_unit = u, c->time_source = MC_TIME_SRC_CELL;
    } else if (text) {
        mc_procedure_problem(p, "channels", "%s: time \"%s\" not understood", "%s: không hiểu thời gian \"%s\"",
                             mc_channel_name(c->channel), text);
    }
    if (text)
        mc_proc_set(&c->time_text, text, strlen(text));
}

static void channel_fee(struct mc_procedure *p, struct mc_proc_channel *c, long long vnd, const char *text)
{
    int64_t v;
    if (vnd >= 0)
        c->fee_vnd = vnd;
    else if (text && mc_cat_parse_fee(text, strlen(text), &v))
        c->fee_vnd = v;
    else if (text)
        mc_procedure_problem(p, "channels", "%s: fee \"%s\" not understood", "%s: không hiểu phí \"%s\"",
                             mc_channel_name(c->channel), text);
    if (text)
        mc_proc_set(&c->fee_text, text, strlen(text));
}

static const char *jtext(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static void json_channels(struct mc_procedure *p, json_t *arr)
{
    size_t i;
    json_t *o;
    json_array_foreach(arr, i, o)
    {
        int ch = channel_code(json_object_get(o, "channel"));
        if (!ch) {
            mc_procedure_problem(p, "channels", "channel %zu: \"channel\" must be 1, 2, 3 or direct/online/postal",
                                 "kênh %zu: \"channel\" phải là 1, 2, 3 hoặc direct/online/postal", i + 1);
            continue;
        }
        struct mc_proc_channel *c = mc_procedure_add_channel(p, ch);
        long long amount = -1, vnd = -1;
        jint(o, "time_amount", &amount);
        jint(o, "fee_vnd", &vnd);
        channel_time(p, c, amount, jtext(o, "time_unit"), jtext(o, "time_text"));
        channel_fee(p, c, vnd, jtext(o, "fee_text"));
        const char *d = jtext(o, "description");
        mc_proc_set(&c->description, d, d ? strlen(d) : 0);
    }
}

static void json_components(struct mc_procedure *p, json_t *arr)
{
    size_t i;
    json_t *o;
    json_array_foreach(arr, i, o)
    {
        struct mc_proc_component *c = mc_procedure_add_component(p);
        const char *s;
        long long v;
        if (json_is_string(o)) {
            mc_proc_set(&c->name, json_string_value(o), json_string_length(o));
            continue;
        }
        if ((s = jtext(o, "name")))
            mc_proc_set(&c->name, s, strlen(s));
        if ((s = jtext(o, "group")))
            mc_proc_set(&c->group, s, strlen(s));
        if ((s = jtext(o, "form")))
            mc_proc_set(&c->form, s, strlen(s));
        if ((s = jtext(o, "raw")))
            mc_proc_set(&c->raw, s, strlen(s));
        c->originals = jint(o, "originals", &v) ? (int)v : -1;
        c->copies = jint(o, "copies", &v) ? (int)v : -1;
        c->photocopies = jint(o, "photocopies", &v) ? (int)v : -1;
        c->required_online = json_is_true(json_object_get(o, "required_online"));
        if (!c->name)
            mc_procedure_problem(p, "components", "component %zu has no name", "thành phần %zu không có tên", i + 1);
    }
}

static void json_legal(struct mc_procedure *p, json_t *arr)
{
    size_t i;
    json_t *o;
    json_array_foreach(arr, i, o)
    {
        struct mc_proc_legal *l = mc_procedure_add_legal(p);
        const char *s;
        if (json_is_string(o)) {
            mc_proc_set(&l->title, json_string_value(o), json_string_length(o));
            continue;
        }
        char **dst[] = {&l->symbol, &l->title, &l->issuer, &l->doc_type, &l->raw};
        const char *keys[] = {"symbol", "title", "issuer", "doc_type", "raw"};
        for (size_t k = 0; k < 5; k++)
            if ((s = jtext(o, keys[k])))
                mc_proc_set(dst[k], s, strlen(s));
        int64_t days;
        if ((s = jtext(o, "date")) && !mc_date_parse(s, strlen(s), &days))
            mc_date_iso(days, l->date);
        else if (s)
            mc_procedure_problem(p, "legal_basis", "date \"%s\" is not YYYY-MM-DD", "ngày \"%s\" không theo YYYY-MM-DD",
                                 s);
    }
}

static void json_results(struct mc_procedure *p, json_t *o)
{
    size_t i;
    json_t *x;
    const char *name = jtext(o, "result"), *code = jtext(o, "result_code");
    if (name || code) {
        struct mc_proc_result *r = mc_procedure_add_result(p);
        mc_proc_set(&r->name, name, name ? strlen(name) : 0);
        mc_proc_set(&r->code, code, code ? strlen(code) : 0);
    }
    json_array_foreach(json_object_get(o, "results"), i, x)
    {
        struct mc_proc_result *r = mc_procedure_add_result(p);
        name = jtext(x, "name"), code = jtext(x, "code");
        mc_proc_set(&r->name, name, name ? strlen(name) : 0);
        mc_proc_set(&r->code, code, code ? strlen(code) : 0);
    }
}

/* Keys read below, and keys of the stored form (catalogue_json.h) that an
 * update may send back unchanged: accepted without a problem, not read. */
static const char *const own_other_keys[] = {"level",        "online_kind", "cutoff",  "effective_from", "channels",
                                             "components",   "legal_basis", "results", "result",         "result_code",
                                             "level_codes",  "source",      "raw",     "problems",       "version",
                                             "effective_to", "retired_at",  "hash",    "agency_name"};

static int known_key(const char *key)
{
    for (size_t i = 0; i < sizeof(own_strings) / sizeof(own_strings[0]); i++)
        if (!strcmp(key, own_strings[i].key))
            return 1;
    for (size_t i = 0; i < sizeof(own_other_keys) / sizeof(own_other_keys[0]); i++)
        if (!strcmp(key, own_other_keys[i]))
            return 1;
    return 0;
}

static void set_effective(struct mc_procedure *p, const char *s)
{
    int64_t days;
    if (!s)
        return;
    if (mc_date_parse(s, strlen(s), &days))
        mc_procedure_problem(p, "effective_from", "\"%s\" is not a date YYYY-MM-DD",
                             "\"%s\" không phải ngày YYYY-MM-DD", s);
    else
        mc_date_iso(days, p->effective_from);
}

static void set_cutoff(struct mc_procedure *p, const char *s)
{
    if (!s || !*s)
        return;
    p->cutoff_minutes = mc_cat_parse_clock(s, strlen(s));
    if (p->cutoff_minutes < 0)
        mc_procedure_problem(p, "cutoff", "cut-off \"%s\" is not HH:MM", "giờ chốt \"%s\" không theo HH:MM", s);
}

static void set_online_kind(struct mc_procedure *p, long long k)
{
    if (k == 0 || (k >= 2 && k <= 4))
        p->online_kind = (int)k;
    else
        mc_procedure_problem(p, "online_kind", "online_kind %lld is not 2, 3 or 4",
                             "online_kind %lld không phải 2, 3, 4", k);
}

static void from_own_json(json_t *o, struct mc_procedure *p)
{
    size_t len;
    const char *s, *key;
    long long k;
    json_t *v;
    for (size_t i = 0; i < sizeof(own_strings) / sizeof(own_strings[0]); i++)
        if ((s = jstr(o, own_strings[i].key, &len)))
            set_plain(p, own_strings[i].off, s, len);
    if ((s = jstr(o, "level", &len)))
        mc_cat_parse_level(p, s, len);
    if (jint(o, "online_kind", &k))
        set_online_kind(p, k);
    set_cutoff(p, jtext(o, "cutoff"));
    set_effective(p, jtext(o, "effective_from"));
    json_channels(p, json_object_get(o, "channels"));
    json_components(p, json_object_get(o, "components"));
    json_legal(p, json_object_get(o, "legal_basis"));
    json_results(p, o);
    json_object_foreach(o, key, v)
    {
        if (!known_key(key))
            mc_procedure_problem(p, "record", "unknown field \"%s\" ignored", "bỏ qua trường lạ \"%s\"", key);
    }
}

/* ---- record framing: JSON Lines, JSON array ---------------------------------- */

/* "1.001193", "1.000948.H38": a digit, a dot, six digits, then .suffixes. */
static int code_shape_ok(const char *c)
{
    if (!(c[0] >= '0' && c[0] <= '9') || c[1] != '.')
        return 0;
    for (int i = 2; i < 8; i++)
        if (!(c[i] >= '0' && c[i] <= '9'))
            return 0;
    for (const char *s = c + 8; *s; s++)
        if (!((*s >= '0' && *s <= '9') || (*s >= 'A' && *s <= 'Z') || *s == '.'))
            return 0;
    return 1;
}

static mc_err check_code(struct mc_procedure *p, struct mc_import_problem *pr)
{
    if (!p->code) {
        char name[120];
        snprintf(name, sizeof(name), "%s", p->name ? p->name : "");
        mc_procedure_release(p);
        return fail(pr, "missing_code", 0, "record %ld has no procedure code (\"%s\")",
                    "bản ghi %ld không có mã thủ tục (\"%s\")", pr->record, name);
    }
    snprintf(pr->record_code, sizeof(pr->record_code), "%s", p->code);
    if (!code_shape_ok(p->code))
        mc_procedure_problem(p, "code", "code \"%s\" is not of the form 1.001193", "mã \"%s\" không theo dạng 1.001193",
                             p->code);
    return MC_OK;
}

mc_err mc_catalogue_from_json(json_t *o, struct mc_procedure *p, struct mc_import_problem *pr)
{
    memset(pr, 0, sizeof(*pr));
    pr->record = 1;
    mc_procedure_release(p);
    if (!json_is_object(o))
        return fail(pr, "not_object", 0, "record %ld is not a JSON object", "bản ghi %ld không phải đối tượng JSON",
                    pr->record);
    from_own_json(o, p);
    return check_code(p, pr);
}

static mc_err object_record(struct mc_catalogue_reader *r, json_t *o, struct mc_procedure *p,
                            struct mc_import_problem *pr)
{
    if (!json_is_object(o))
        return fail(pr, "not_object", 0, "record %ld is not a JSON object", "bản ghi %ld không phải đối tượng JSON",
                    pr->record);
    if (r->format == MC_CAT_FORMAT_SCRAPE)
        from_scrape(o, p);
    else
        from_own_json(o, p);
    return check_code(p, pr);
}

static int blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strchr(" \t\r\n", s[i]))
            return 0;
    return 1;
}

static mc_err next_json_line(struct mc_catalogue_reader *r, struct mc_procedure *p, struct mc_import_problem *pr)
{
    for (;;) {
        if (r->pos >= r->len)
            return MC_ERR_NOT_FOUND;
        const char *line = r->data + r->pos, *nl = memchr(line, '\n', r->len - r->pos);
        size_t n = nl ? (size_t)(nl - line) : r->len - r->pos, bad;
        r->pos += n + (nl ? 1 : 0);
        r->line++;
        if (blank(line, n))
            continue;
        pr->record = ++r->record;
        pr->line = r->line;
        if (n > MC_CATALOGUE_MAX_RECORD)
            return fail(pr, "too_large", 0, "line %ld is longer than %zu bytes", "dòng %ld dài quá %zu byte", r->line,
                        MC_CATALOGUE_MAX_RECORD);
        if (!mc_utf8_valid(line, n, &bad))
            return fail(
                pr, "invalid_utf8", (long)bad + 1,
                "line %ld: invalid UTF-8 at byte %zu (Latin-1 or Windows-1258 text?); convert the file to UTF-8",
                "dòng %ld: UTF-8 không hợp lệ ở byte %zu (văn bản Latin-1/Windows-1258?); hãy chuyển sang UTF-8",
                r->line, bad + 1);
        json_error_t je;
        json_t *o = json_loadb(line, n, 0, &je);
        if (!o && !nl && strstr(je.text, "end of"))
            return fail(pr, "truncated", je.column, "line %ld: the last record is cut off (%s)",
                        "dòng %ld: bản ghi cuối bị cắt cụt (%s)", r->line, je.text);
        if (!o)
            return fail(pr, "invalid_json", je.column, "line %ld, column %d: invalid JSON: %s",
                        "dòng %ld, cột %d: JSON không hợp lệ: %s", r->line, je.column, je.text);
        mc_err e = object_record(r, o, p, pr);
        json_decref(o);
        return e;
    }
}

static mc_err next_json_element(struct mc_catalogue_reader *r, struct mc_procedure *p, struct mc_import_problem *pr)
{
    if (r->array_failed) {
        if (r->index++)
            return MC_ERR_NOT_FOUND;
        pr->record = 1;
        pr->line = r->array_error.line;
        return fail(pr, r->array_error.position >= (int)(r->len - r->pos) ? "truncated" : "invalid_json",
                    r->array_error.column, "line %d, column %d: invalid JSON array: %s",
                    "dòng %d, cột %d: mảng JSON không hợp lệ: %s", r->array_error.line, r->array_error.column,
                    r->array_error.text);
    }
    if (r->index >= json_array_size(r->array))
        return MC_ERR_NOT_FOUND;
    pr->record = ++r->record;
    pr->line = 0;
    return object_record(r, json_array_get(r->array, r->index++), p, pr);
}

/* ---- CSV (RFC 4180) ---------------------------------------------------------- */

struct csv_row {
    struct mc_buf buf; /* the fields, each NUL-terminated */
    size_t offs[MAX_CSV_COLUMNS];
    size_t n;
};

/* Skips to the end of the current physical line after a malformed row. */
static void csv_resync(struct mc_catalogue_reader *r, size_t i)
{
    while (i < r->len && r->data[i] != '\n')
        i++;
    r->pos = i < r->len ? i + 1 : r->len;
    r->line++;
}

static mc_err csv_quoted(struct mc_catalogue_reader *r, size_t *ip, struct mc_buf *b, struct mc_import_problem *pr,
                         long start_line)
{
    size_t i = *ip + 1;
    for (;;) {
        if (i >= r->len) {
            r->pos = r->len;
            return fail(pr, "truncated", 0, "line %ld: a quoted field never ends (truncated file?)",
                        "dòng %ld: trường trong ngoặc kép không đóng (tệp bị cắt?)", start_line);
        }
        char c = r->data[i];
        if (c == '"' && i + 1 < r->len && r->data[i + 1] == '"')
            i++;
        else if (c == '"')
            break;
        if (c == '\n')
            r->line++;
        if (mc_buf_addch(b, c)) {
            csv_resync(r, i);
            return fail(pr, "too_large", 0, "line %ld: row too long", "dòng %ld: dòng quá dài", start_line);
        }
        i++;
    }
    *ip = i + 1;
    return MC_OK;
}

static int csv_sep(char c)
{
    return c == ',' || c == '\r' || c == '\n';
}

/* One record into row; MC_ERR_NOT_FOUND at the end of the input. */
static mc_err csv_record(struct mc_catalogue_reader *r, struct csv_row *row, struct mc_import_problem *pr)
{
    while (r->pos < r->len && (r->data[r->pos] == '\n' || r->data[r->pos] == '\r'))
        r->line += r->data[r->pos++] == '\n';
    if (r->pos >= r->len)
        return MC_ERR_NOT_FOUND;
    long start_line = r->line + 1;
    size_t i = r->pos, start = r->pos, bad;
    pr->line = start_line;
    mc_buf_clear(&row->buf);
    row->n = 0;
    for (;;) {
        if (row->n == MAX_CSV_COLUMNS) {
            csv_resync(r, i);
            return fail(pr, "bad_row", 0, "line %ld: more than %d fields", "dòng %ld: quá %d trường", start_line,
                        MAX_CSV_COLUMNS);
        }
        row->offs[row->n++] = row->buf.len;
        if (i < r->len && r->data[i] == '"') {
            mc_err e = csv_quoted(r, &i, &row->buf, pr, start_line);
            if (e)
                return e;
            if (i < r->len && !csv_sep(r->data[i])) {
                csv_resync(r, i);
                return fail(pr, "bad_row", (long)(i - start) + 1, "line %ld: text after a closing quote",
                            "dòng %ld: có chữ sau dấu ngoặc kép đóng", start_line);
            }
        } else {
            size_t f = i;
            while (i < r->len && !csv_sep(r->data[i]))
                i++;
            mc_buf_add(&row->buf, r->data + f, i - f);
        }
        mc_buf_addch(&row->buf, '\0');
        if (i < r->len && r->data[i] == ',') {
            i++;
            continue;
        }
        i += i < r->len && r->data[i] == '\r';
        i += i < r->len && r->data[i] == '\n';
        r->line++;
        r->pos = i;
        if (!mc_utf8_valid(r->data + start, i - start, &bad))
            return fail(
                pr, "invalid_utf8", (long)bad + 1,
                "line %ld: invalid UTF-8 at byte %zu (Latin-1 or Windows-1258 text?); convert the file to UTF-8",
                "dòng %ld: UTF-8 không hợp lệ ở byte %zu (văn bản Latin-1/Windows-1258?); hãy chuyển sang UTF-8",
                start_line, bad + 1);
        return MC_OK;
    }
}

static mc_err csv_header(struct mc_catalogue_reader *r, struct mc_error *err)
{
    struct csv_row row;
    struct mc_import_problem pr;
    memset(&pr, 0, sizeof(pr));
    mc_buf_init(&row.buf, MC_CATALOGUE_MAX_RECORD);
    mc_err e = csv_record(r, &row, &pr);
    int has_code = 0;
    for (size_t i = 0; !e && i < row.n; i++) {
        char *c = mc_fold_dup(row.buf.buf + row.offs[i], strlen(row.buf.buf + row.offs[i]));
        for (char *s = c; s && *s; s++)
            *s = *s == ' ' ? '_' : *s;
        r->columns[r->ncolumns++] = c ? c : mc_strdup("");
        has_code |= c && !strcmp(c, "code");
    }
    mc_buf_release(&row.buf);
    if (e || !has_code)
        return mc_error_set(err, MC_ERR_INVALID, 400, "bad_header", "Dòng tiêu đề CSV thiếu hoặc không có cột \"code\"",
                            "The CSV header row is missing or has no \"code\" column");
    return MC_OK;
}

/* The value of a named column in the current row, or NULL when absent/empty. */
static const char *col(const struct mc_catalogue_reader *r, const struct csv_row *row, const char *name)
{
    for (size_t i = 0; i < r->ncolumns && i < row->n; i++) {
        if (strcmp(r->columns[i], name))
            continue;
        const char *v = row->buf.buf + row->offs[i];
        return *v ? v : NULL;
    }
    return NULL;
}

/* A whole non-negative integer, else -1. */
static long long whole_number(const char *s)
{
    long long v = 0;
    if (!s || !*s)
        return -1;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || v > 100000000000000LL)
            return -1;
        v = v * 10 + (*s - '0');
    }
    return v;
}

/* Splits s at '|' into at most max parts (views into a copy). */
static size_t split_bar(char *s, char **parts, size_t max)
{
    size_t n = 0;
    parts[n++] = s;
    for (char *c = s; *c && n < max; c++)
        if (*c == '|') {
            *c = '\0';
            parts[n++] = c + 1;
        }
    return n;
}

/* Calls fn for each non-blank line of s (a writable copy). */
static void each_line(struct mc_procedure *p, const char *s, void (*fn)(struct mc_procedure *, char *))
{
    if (!s)
        return;
    char *copy = mc_strdup(s), *line = copy;
    while (line) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        if (!blank(line, strlen(line)))
            fn(p, line);
        line = nl ? nl + 1 : NULL;
    }
    mc_free(copy);
}

static void csv_component(struct mc_procedure *p, char *line)
{
    char *f[5] = {0};
    size_t n = split_bar(line, f, 5);
    struct mc_proc_component *c = mc_procedure_add_component(p);
    mc_proc_set(&c->name, f[0], strlen(f[0]));
    int *counts[] = {&c->originals, &c->copies, &c->photocopies};
    for (size_t k = 1; k < 4 && k < n; k++)
        *counts[k - 1] = (int)whole_number(f[k]);
    c->required_online = n > 4 && (!strcmp(f[4], "1") || !strcmp(f[4], "yes") || !strcmp(f[4], "true"));
}

static void csv_legal(struct mc_procedure *p, char *line)
{
    char *f[3] = {0};
    size_t n = split_bar(line, f, 3);
    struct mc_proc_legal *l = mc_procedure_add_legal(p);
    int64_t days;
    mc_proc_set(&l->symbol, f[0], strlen(f[0]));
    if (n > 1)
        mc_proc_set(&l->title, f[1], strlen(f[1]));
    if (n > 2 && !mc_date_parse(f[2], strlen(f[2]), &days))
        mc_date_iso(days, l->date);
    else if (n > 2 && *f[2])
        mc_procedure_problem(p, "legal_basis", "date \"%s\" is not YYYY-MM-DD", "ngày \"%s\" không theo YYYY-MM-DD",
                             f[2]);
}

static void csv_channels(struct mc_catalogue_reader *r, struct csv_row *row, struct mc_procedure *p)
{
    static const char *const cols[] = {NULL, "time_direct", "time_online", "time_postal"};
    const char *unit = col(r, row, "time_unit"), *fee_text = col(r, row, "fee_text");
    long long fee = whole_number(col(r, row, "fee_vnd"));
    if (col(r, row, "fee_vnd") && fee < 0)
        mc_procedure_problem(p, "channels", "fee_vnd \"%s\" is not a whole number of đồng",
                             "fee_vnd \"%s\" không phải số đồng nguyên", col(r, row, "fee_vnd"));
    for (int ch = 1; ch <= 3; ch++) {
        const char *t = col(r, row, cols[ch]);
        if (!t)
            continue;
        struct mc_proc_channel *c = mc_procedure_add_channel(p, ch);
        long long amount = whole_number(t);
        channel_time(p, c, amount, amount >= 0 ? (unit ? unit : "wd") : NULL, amount >= 0 ? NULL : t);
        if (amount >= 0)
            mc_proc_set(&c->time_text, t, strlen(t));
        channel_fee(p, c, fee, fee_text);
    }
}

static void from_csv(struct mc_catalogue_reader *r, struct csv_row *row, struct mc_procedure *p)
{
    const char *v;
    for (size_t i = 0; i < sizeof(own_strings) / sizeof(own_strings[0]); i++)
        if ((v = col(r, row, own_strings[i].key)))
            set_plain(p, own_strings[i].off, v, strlen(v));
    if ((v = col(r, row, "level")))
        mc_cat_parse_level(p, v, strlen(v));
    if ((v = col(r, row, "online_kind")))
        set_online_kind(p, whole_number(v));
    set_cutoff(p, col(r, row, "cutoff"));
    set_effective(p, col(r, row, "effective_from"));
    csv_channels(r, row, p);
    each_line(p, col(r, row, "components"), csv_component);
    each_line(p, col(r, row, "legal_basis"), csv_legal);
    const char *name = col(r, row, "result"), *code = col(r, row, "result_code");
    if (name || code) {
        struct mc_proc_result *res = mc_procedure_add_result(p);
        mc_proc_set(&res->name, name, name ? strlen(name) : 0);
        mc_proc_set(&res->code, code, code ? strlen(code) : 0);
    }
    if (row->n != r->ncolumns)
        mc_procedure_problem(p, "record", "row has %zu fields, the header %zu", "dòng có %zu trường, tiêu đề có %zu",
                             row->n, r->ncolumns);
}

static mc_err next_csv(struct mc_catalogue_reader *r, struct mc_procedure *p, struct mc_import_problem *pr)
{
    struct csv_row row;
    mc_buf_init(&row.buf, MC_CATALOGUE_MAX_RECORD);
    mc_err e = csv_record(r, &row, pr);
    if (e != MC_ERR_NOT_FOUND)
        pr->record = ++r->record;
    if (!e) {
        from_csv(r, &row, p);
        e = check_code(p, pr);
    }
    mc_buf_release(&row.buf);
    return e;
}

/* ---- the reader ------------------------------------------------------------ */

mc_err mc_catalogue_reader_next(struct mc_catalogue_reader *r, struct mc_procedure *out,
                                struct mc_import_problem *problem)
{
    memset(problem, 0, sizeof(*problem));
    problem->code = "";
    mc_procedure_release(out);
    if (r->format == MC_CAT_FORMAT_CSV)
        return next_csv(r, out, problem);
    if (r->array || r->array_failed)
        return next_json_element(r, out, problem);
    return next_json_line(r, out, problem);
}
