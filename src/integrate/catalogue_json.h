/* catalogue_json.h - a parsed procedure as motcua's own JSON.
 *
 * The stored and served form of a procedure: the keys of the "json" import
 * format (docs/internals/catalogue.md §2.2) so that what GET returns can be
 * sent back by PUT, plus what only the importer knows: "level_codes", the
 * per-channel "time_source", "source", and the flattened source texts under
 * "raw" {channels, components, legal_basis, result}. Absent strings are left
 * out. The problems are a separate array (they do not make a version). */
#ifndef MC_CATALOGUE_JSON_H
#define MC_CATALOGUE_JSON_H

struct json_t;
struct mc_procedure;

/* A new JSON object (the caller owns the reference) describing p. */
struct json_t *mc_procedure_json(const struct mc_procedure *p);
/* [{"field", "message" (Vietnamese), "message_en"}] for p->problems; a new
 * reference. */
struct json_t *mc_procedure_problems_json(const struct mc_procedure *p);

#endif
