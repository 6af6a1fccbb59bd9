/* check_procedure.h - invariants every procedure an importer hands out must
 * keep, shared by the catalogue fuzz targets (header-only: scripts/fuzz.sh
 * builds each fuzz_*.c on its own). Valid UTF-8 in, valid UTF-8 out: every
 * string and every problem message must be storable as text (PostgreSQL
 * refuses invalid UTF-8, jansson returns NULL for it). */
#ifndef MC_FUZZ_CHECK_PROCEDURE_H
#define MC_FUZZ_CHECK_PROCEDURE_H

#include <string.h>

#include "core/fold.h"
#include "core/log.h"
#include "domain/procedure.h"

static inline void mc_fuzz_check_str(const char *s)
{
    if (s)
        MC_ASSERT(*s && mc_utf8_valid(s, strlen(s), NULL));
}

static inline void mc_fuzz_check_procedure(const struct mc_procedure *p)
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
                          p->raw_channels,
                          p->raw_components,
                          p->raw_legal,
                          p->raw_result};
    for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++)
        mc_fuzz_check_str(strs[i]);
    MC_ASSERT(p->cutoff_minutes >= -1 && p->cutoff_minutes < 24 * 60);
    MC_ASSERT(p->online_kind == 0 || (p->online_kind >= 2 && p->online_kind <= 4));
    MC_ASSERT(p->effective_from[0] == '\0' || strlen(p->effective_from) == 10);
    for (size_t i = 0; i < p->nchannels; i++) {
        const struct mc_proc_channel *c = &p->channels[i];
        MC_ASSERT(c->channel >= 1 && c->channel <= 3);
        MC_ASSERT(!c->has_time || (c->time_amount >= 0 && c->time_unit != MC_TIME_NONE));
        MC_ASSERT(c->fee_vnd >= -1);
        mc_fuzz_check_str(c->time_text);
        mc_fuzz_check_str(c->fee_text);
        mc_fuzz_check_str(c->description);
    }
    for (size_t i = 0; i < p->ncomponents; i++) {
        const struct mc_proc_component *c = &p->components[i];
        mc_fuzz_check_str(c->group);
        mc_fuzz_check_str(c->name);
        mc_fuzz_check_str(c->form);
        mc_fuzz_check_str(c->raw);
    }
    for (size_t i = 0; i < p->nlegal; i++) {
        const struct mc_proc_legal *l = &p->legal[i];
        mc_fuzz_check_str(l->symbol);
        mc_fuzz_check_str(l->doc_type);
        mc_fuzz_check_str(l->issuer);
        mc_fuzz_check_str(l->title);
        mc_fuzz_check_str(l->raw);
        MC_ASSERT(l->date[0] == '\0' || strlen(l->date) == 10);
    }
    for (size_t i = 0; i < p->nresults; i++) {
        mc_fuzz_check_str(p->results[i].name);
        mc_fuzz_check_str(p->results[i].code);
    }
    for (size_t i = 0; i < p->nproblems; i++) {
        MC_ASSERT(mc_utf8_valid(p->problems[i].message_en, strlen(p->problems[i].message_en), NULL));
        MC_ASSERT(mc_utf8_valid(p->problems[i].message_vi, strlen(p->problems[i].message_vi), NULL));
    }
    char hex[17];
    mc_procedure_hash_hex(p, hex);
    MC_ASSERT(strlen(hex) == 16);
}

#endif
