/* libFuzzer target: the body of PUT /api/v1/workflows/{code} into a
 * template (api/workflow_body.h). Invariants: 1 to MC_WF_MAX_STEPS steps;
 * groups start at 1 and each step stays in its predecessor's group or opens
 * the next one; roles, units and amounts from their sets and range; names
 * non-empty and every string valid UTF-8 in its buffer without control
 * characters; a refusal is a 400 naming the field, its texts valid UTF-8. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "api/workflow_body.h"
#include "check_body.h"
#include "core/fold.h"
#include "core/log.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int one_of(const char *s, const char *const *set)
{
    for (; *set; set++)
        if (!strcmp(s, *set))
            return 1;
    return 0;
}

static void check_template(const struct mc_wf_body *b)
{
    static const char *const roles[] = {"specialist", "leader", "desk_officer", "clerk", NULL};
    static const char *const units[] = {"wd", "d", "h", NULL};
    mc_fuzz_check_text(b->name, sizeof(b->name), 1);
    MC_ASSERT(b->n >= 1 && b->n <= MC_WF_MAX_STEPS);
    for (size_t i = 0; i < b->n; i++) {
        const struct mc_wf_step *s = &b->steps[i];
        mc_fuzz_check_text(s->name, sizeof(s->name), 1);
        mc_fuzz_check_text(b->agency_codes[i], sizeof(b->agency_codes[i]), 0);
        MC_ASSERT(one_of(s->role, roles) && one_of(s->unit, units));
        MC_ASSERT(s->amount >= 0 && s->amount <= 365);
        MC_ASSERT(i ? s->group == b->steps[i - 1].group || s->group == b->steps[i - 1].group + 1 : s->group == 1);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct mc_error e;
    json_t *body = mc_fuzz_body(data, size);
    if (!body)
        return 0;
    mc_error_init(&e);
    static struct mc_wf_body b;
    if (mc_wf_body_read(body, &b, &e) == MC_OK)
        check_template(&b);
    else
        mc_fuzz_check_refusal(&e);
    json_decref(body);
    return 0;
}
