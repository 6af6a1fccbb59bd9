#include "domain/procedure.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/fold.h"
#include "core/banned.h"

void mc_procedure_init(struct mc_procedure *p)
{
    memset(p, 0, sizeof(*p));
    p->cutoff_minutes = -1;
}

static void free_channel(struct mc_proc_channel *c)
{
    mc_free(c->time_text);
    mc_free(c->fee_text);
    mc_free(c->description);
}

static void free_component(struct mc_proc_component *c)
{
    mc_free(c->group);
    mc_free(c->name);
    mc_free(c->form);
    mc_free(c->raw);
}

static void free_legal(struct mc_proc_legal *l)
{
    mc_free(l->symbol);
    mc_free(l->doc_type);
    mc_free(l->issuer);
    mc_free(l->title);
    mc_free(l->raw);
}

void mc_procedure_release(struct mc_procedure *p)
{
    char **strs[] = {&p->code,
                     &p->name,
                     &p->decision,
                     &p->kind,
                     &p->field,
                     &p->level_text,
                     &p->applicants,
                     &p->agency_competent,
                     &p->agency_executing,
                     &p->agency_delegated,
                     &p->agency_coordinating,
                     &p->address,
                     &p->steps,
                     &p->requirements,
                     &p->related,
                     &p->source_url,
                     &p->source,
                     &p->workflow_ref,
                     &p->agency_code,
                     &p->raw_channels,
                     &p->raw_components,
                     &p->raw_legal,
                     &p->raw_result};
    for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++)
        mc_free(*strs[i]);
    for (size_t i = 0; i < p->nchannels; i++)
        free_channel(&p->channels[i]);
    for (size_t i = 0; i < p->ncomponents; i++)
        free_component(&p->components[i]);
    for (size_t i = 0; i < p->nlegal; i++)
        free_legal(&p->legal[i]);
    for (size_t i = 0; i < p->nresults; i++) {
        mc_free(p->results[i].name);
        mc_free(p->results[i].code);
    }
    for (size_t i = 0; i < p->nproblems; i++) {
        mc_free(p->problems[i].message_en);
        mc_free(p->problems[i].message_vi);
    }
    mc_free(p->channels);
    mc_free(p->components);
    mc_free(p->legal);
    mc_free(p->results);
    mc_free(p->problems);
    mc_procedure_init(p);
}

static int is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

void mc_proc_set(char **dst, const char *s, size_t len)
{
    mc_free(*dst);
    *dst = NULL;
    if (!s)
        return;
    while (len && is_ws(*s))
        s++, len--;
    while (len && is_ws(s[len - 1]))
        len--;
    if (len)
        *dst = mc_strndup(s, len);
}

/* Appends one zeroed element of size to *arr holding *n. */
static void *push(void *arr_ptr, size_t *n, size_t size)
{
    void **arr = arr_ptr;
    *arr = mc_reallocarray(*arr, *n + 1, size);
    char *elem = (char *)*arr + *n * size;
    memset(elem, 0, size);
    (*n)++;
    return elem;
}

struct mc_proc_channel *mc_procedure_add_channel(struct mc_procedure *p, int channel)
{
    struct mc_proc_channel *c = push(&p->channels, &p->nchannels, sizeof(*c));
    c->channel = channel;
    c->fee_vnd = -1;
    return c;
}

struct mc_proc_component *mc_procedure_add_component(struct mc_procedure *p)
{
    struct mc_proc_component *c = push(&p->components, &p->ncomponents, sizeof(*c));
    c->originals = c->copies = c->photocopies = -1;
    return c;
}

struct mc_proc_legal *mc_procedure_add_legal(struct mc_procedure *p)
{
    return push(&p->legal, &p->nlegal, sizeof(struct mc_proc_legal));
}

struct mc_proc_result *mc_procedure_add_result(struct mc_procedure *p)
{
    return push(&p->results, &p->nresults, sizeof(struct mc_proc_result));
}

void mc_procedure_problem(struct mc_procedure *p, const char *field, const char *en_fmt, const char *vi_fmt, ...)
{
    char en[512], vi[512];
    va_list ap;
    va_start(ap, vi_fmt);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    vsnprintf(en, sizeof(en), en_fmt, ap);
    va_end(ap);
    va_start(ap, vi_fmt);
    vsnprintf(vi, sizeof(vi), vi_fmt, ap);
#pragma GCC diagnostic pop
    va_end(ap);
    /* "%.*s" excerpts and the fixed buffers may cut a character in two */
    mc_utf8_scrub(en);
    mc_utf8_scrub(vi);
    struct mc_proc_problem *pr = push(&p->problems, &p->nproblems, sizeof(*pr));
    snprintf(pr->field, sizeof(pr->field), "%s", field);
    pr->message_en = mc_strdup(en);
    pr->message_vi = mc_strdup(vi);
}

const struct mc_proc_channel *mc_procedure_channel(const struct mc_procedure *p, int channel)
{
    for (size_t i = 0; i < p->nchannels; i++)
        if (p->channels[i].channel == channel)
            return &p->channels[i];
    return NULL;
}

int mc_procedure_has_numeric_time(const struct mc_procedure *p)
{
    for (size_t i = 0; i < p->nchannels; i++)
        if (p->channels[i].has_time)
            return 1;
    return 0;
}

/* FNV-1a, 64 bits. Strings are hashed with their length (NULL differs from
 * ""), so field boundaries cannot shift. */
#define FNV_OFFSET 0xcbf29ce484222325ULL
#define FNV_PRIME 0x100000001b3ULL

static uint64_t hash_bytes(uint64_t h, const void *data, size_t len)
{
    const unsigned char *b = data;
    for (size_t i = 0; i < len; i++) {
        h ^= b[i];
        h *= FNV_PRIME;
    }
    return h;
}

static uint64_t hash_int(uint64_t h, int64_t v)
{
    unsigned char b[8];
    for (int i = 0; i < 8; i++)
        b[i] = (unsigned char)((uint64_t)v >> (8 * i));
    return hash_bytes(h, b, sizeof(b));
}

static uint64_t hash_str(uint64_t h, const char *s)
{
    if (!s)
        return hash_int(h, -1);
    size_t n = strlen(s);
    return hash_bytes(hash_int(h, (int64_t)n), s, n);
}

static uint64_t hash_channel(uint64_t h, const struct mc_proc_channel *c)
{
    h = hash_int(h, c->channel);
    h = hash_int(h, c->has_time);
    h = hash_int(h, c->time_amount);
    h = hash_int(h, c->time_unit);
    h = hash_int(h, c->time_source);
    h = hash_str(h, c->time_text);
    h = hash_str(h, c->fee_text);
    h = hash_int(h, c->fee_vnd);
    return hash_str(h, c->description);
}

static uint64_t hash_component(uint64_t h, const struct mc_proc_component *c)
{
    h = hash_str(h, c->group);
    h = hash_str(h, c->name);
    h = hash_str(h, c->form);
    h = hash_int(h, c->originals);
    h = hash_int(h, c->copies);
    h = hash_int(h, c->photocopies);
    h = hash_int(h, c->required_online);
    return hash_str(h, c->raw);
}

static uint64_t hash_legal(uint64_t h, const struct mc_proc_legal *l)
{
    h = hash_str(h, l->symbol);
    h = hash_str(h, l->doc_type);
    h = hash_str(h, l->issuer);
    h = hash_str(h, l->title);
    h = hash_str(h, l->date);
    return hash_str(h, l->raw);
}

uint64_t mc_procedure_hash(const struct mc_procedure *p)
{
    const char *strs[] = {p->code,
                          p->name,
                          p->decision,
                          p->kind,
                          p->field,
                          p->level_text,
                          p->applicants,
                          p->agency_competent,
                          p->agency_executing,
                          p->agency_delegated,
                          p->agency_coordinating,
                          p->address,
                          p->steps,
                          p->requirements,
                          p->related,
                          p->source_url,
                          p->source,
                          p->workflow_ref,
                          p->effective_from,
                          p->raw_channels,
                          p->raw_components,
                          p->raw_legal,
                          p->raw_result};
    uint64_t h = hash_str(FNV_OFFSET, "motcua.procedure.v1");
    for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++)
        h = hash_str(h, strs[i]);
    if (p->agency_code) /* hashed only when set, so older hashes stay valid */
        h = hash_str(hash_str(h, "agency_code"), p->agency_code);
    h = hash_int(h, p->level);
    h = hash_int(h, p->online_kind);
    h = hash_int(h, p->cutoff_minutes);
    h = hash_int(h, (int64_t)p->nchannels);
    for (size_t i = 0; i < p->nchannels; i++)
        h = hash_channel(h, &p->channels[i]);
    h = hash_int(h, (int64_t)p->ncomponents);
    for (size_t i = 0; i < p->ncomponents; i++)
        h = hash_component(h, &p->components[i]);
    h = hash_int(h, (int64_t)p->nlegal);
    for (size_t i = 0; i < p->nlegal; i++)
        h = hash_legal(h, &p->legal[i]);
    h = hash_int(h, (int64_t)p->nresults);
    for (size_t i = 0; i < p->nresults; i++)
        h = hash_str(hash_str(h, p->results[i].name), p->results[i].code);
    return h;
}

void mc_procedure_hash_hex(const struct mc_procedure *p, char out[17])
{
    snprintf(out, 17, "%016llx", (unsigned long long)mc_procedure_hash(p));
}

static const char *const unit_names[] = {
    [MC_TIME_NONE] = "", [MC_TIME_WORKDAY] = "wd", [MC_TIME_DAY] = "d", [MC_TIME_HOUR] = "h", [MC_TIME_MONTH] = "month",
};

const char *mc_time_unit_name(enum mc_time_unit u)
{
    if ((unsigned)u >= sizeof(unit_names) / sizeof(unit_names[0]))
        return "";
    return unit_names[u];
}

enum mc_time_unit mc_time_unit_parse(const char *s)
{
    for (size_t i = 1; s && i < sizeof(unit_names) / sizeof(unit_names[0]); i++)
        if (!strcmp(s, unit_names[i]))
            return (enum mc_time_unit)i;
    return MC_TIME_NONE;
}

const char *mc_channel_name(int channel)
{
    static const char *const names[] = {"unknown", "direct", "online", "postal"};
    if (channel < 1 || channel > 3)
        return names[0];
    return names[channel];
}

void mc_level_codes(unsigned level, char *out, size_t cap)
{
    static const char *const names[] = {"ministry", "province", "district", "commune", "other"};
    size_t len = 0;
    if (cap)
        out[0] = '\0';
    for (size_t i = 0; i < 5 && cap; i++) {
        if (!(level & (1u << i)))
            continue;
        int n = snprintf(out + len, cap - len, "%s%s", len ? "," : "", names[i]);
        if (n < 0 || (size_t)n >= cap - len)
            return;
        len += (size_t)n;
    }
}
