/* catalogue_json.c - struct mc_procedure -> motcua JSON (catalogue_json.h). */
#include "integrate/catalogue_json.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "domain/procedure.h"
#include "core/banned.h"

static void put_str(json_t *o, const char *key, const char *s)
{
    if (s && *s)
        json_object_set_new(o, key, json_string(s));
}

static void put_int(json_t *o, const char *key, long long v)
{
    if (v >= 0)
        json_object_set_new(o, key, json_integer(v));
}

static json_t *channel_json(const struct mc_proc_channel *c)
{
    static const char *const sources[] = {"", "cell", "bare", "split", "description", "structured"};
    json_t *o = json_pack("{s:i, s:s}", "channel", c->channel, "channel_name", mc_channel_name(c->channel));
    if (c->has_time) {
        json_object_set_new(o, "time_amount", json_integer(c->time_amount));
        json_object_set_new(o, "time_unit", json_string(mc_time_unit_name(c->time_unit)));
        put_str(o, "time_source", sources[c->time_source]);
    }
    put_str(o, "time_text", c->time_text);
    put_int(o, "fee_vnd", c->fee_vnd);
    put_str(o, "fee_text", c->fee_text);
    put_str(o, "description", c->description);
    return o;
}

static json_t *component_json(const struct mc_proc_component *c)
{
    json_t *o = json_object();
    put_str(o, "name", c->name);
    put_str(o, "group", c->group);
    put_str(o, "form", c->form);
    put_int(o, "originals", c->originals);
    put_int(o, "copies", c->copies);
    put_int(o, "photocopies", c->photocopies);
    json_object_set_new(o, "required_online", json_boolean(c->required_online));
    put_str(o, "raw", c->raw);
    return o;
}

static json_t *legal_json(const struct mc_proc_legal *l)
{
    json_t *o = json_object();
    put_str(o, "symbol", l->symbol);
    put_str(o, "title", l->title);
    put_str(o, "date", l->date);
    put_str(o, "doc_type", l->doc_type);
    put_str(o, "issuer", l->issuer);
    put_str(o, "raw", l->raw);
    return o;
}

static void put_rows(json_t *o, const struct mc_procedure *p)
{
    json_t *ch = json_array(), *co = json_array(), *le = json_array(), *re = json_array();
    for (size_t i = 0; i < p->nchannels; i++)
        json_array_append_new(ch, channel_json(&p->channels[i]));
    for (size_t i = 0; i < p->ncomponents; i++)
        json_array_append_new(co, component_json(&p->components[i]));
    for (size_t i = 0; i < p->nlegal; i++)
        json_array_append_new(le, legal_json(&p->legal[i]));
    for (size_t i = 0; i < p->nresults; i++) {
        json_t *r = json_object();
        put_str(r, "name", p->results[i].name);
        put_str(r, "code", p->results[i].code);
        json_array_append_new(re, r);
    }
    json_object_set_new(o, "channels", ch);
    json_object_set_new(o, "components", co);
    json_object_set_new(o, "legal_basis", le);
    json_object_set_new(o, "results", re);
}

static json_t *level_codes(unsigned level)
{
    char buf[64], *save = NULL;
    json_t *a = json_array();
    mc_level_codes(level, buf, sizeof(buf));
    for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save))
        json_array_append_new(a, json_string(t));
    return a;
}

json_t *mc_procedure_json(const struct mc_procedure *p)
{
    const struct {
        const char *key, *val;
    } strs[] = {
        {"code", p->code},
        {"name", p->name},
        {"decision", p->decision},
        {"kind", p->kind},
        {"field", p->field},
        {"level", p->level_text},
        {"applicants", p->applicants},
        {"agency_competent", p->agency_competent},
        {"agency_executing", p->agency_executing},
        {"agency_delegated", p->agency_delegated},
        {"agency_coordinating", p->agency_coordinating},
        {"agency_code", p->agency_code},
        {"address", p->address},
        {"steps", p->steps},
        {"requirements", p->requirements},
        {"related", p->related},
        {"source_url", p->source_url},
        {"source", p->source},
        {"workflow", p->workflow_ref},
        {"effective_from", p->effective_from},
    };
    json_t *o = json_object();
    for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++)
        put_str(o, strs[i].key, strs[i].val);
    json_object_set_new(o, "level_codes", level_codes(p->level));
    json_object_set_new(o, "online_kind", json_integer(p->online_kind));
    if (p->cutoff_minutes >= 0) {
        char hhmm[8];
        snprintf(hhmm, sizeof(hhmm), "%02d:%02d", p->cutoff_minutes / 60 % 24, p->cutoff_minutes % 60);
        json_object_set_new(o, "cutoff", json_string(hhmm));
    }
    put_rows(o, p);
    json_t *raw = json_object();
    put_str(raw, "channels", p->raw_channels);
    put_str(raw, "components", p->raw_components);
    put_str(raw, "legal_basis", p->raw_legal);
    put_str(raw, "result", p->raw_result);
    json_object_set_new(o, "raw", raw);
    return o;
}

json_t *mc_procedure_problems_json(const struct mc_procedure *p)
{
    json_t *a = json_array();
    for (size_t i = 0; i < p->nproblems; i++)
        json_array_append_new(a, json_pack("{s:s, s:s?, s:s?}", "field", p->problems[i].field, "message",
                                           p->problems[i].message_vi, "message_en", p->problems[i].message_en));
    return a;
}
