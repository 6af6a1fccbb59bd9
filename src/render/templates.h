/* templates.h - the layouts of slips and registers as data, one table per
 * rule set (Circular 03/2025/TT-VPCP, Circular 01/2018/TT-VPCP). A new
 * circular is a new table in templates.c, not new code.
 *
 * A template is a list of blocks drawn top to bottom. Text in blocks holds
 * placeholders {name} filled by render/slip.c (docs/internals/slips.md lists
 * them); in a paragraph "*" first means bold. A table block names its row
 * source ("components", "history" or "register") and its columns: header,
 * width (fraction of the text width) and the cell text with row
 * placeholders ({n}, {c.name}, {h.at}, {r.code}, ...). */
#ifndef MC_TEMPLATES_H
#define MC_TEMPLATES_H

#include <stddef.h>

enum mc_tpl_kind {
    MC_TPL_HEADER, /* agency (text) and national motto (text2), two columns */
    MC_TPL_TITLE,  /* centred, bold, larger */
    MC_TPL_CENTER, /* centred line */
    MC_TPL_PARA,   /* wrapped paragraph */
    MC_TPL_TABLE,  /* rows of source, columns cols */
    MC_TPL_QR,     /* the QR code of text (the lookup address) */
    MC_TPL_SIGN,   /* signatures: text on the left, text2 on the right */
    MC_TPL_SPACE,
};

struct mc_tpl_col {
    const char *header;
    float width;
    const char *cell;
};

struct mc_tpl_block {
    enum mc_tpl_kind kind;
    const char *text, *text2;
    const char *source; /* MC_TPL_TABLE: "components", "history", "register" */
    const struct mc_tpl_col *cols;
    size_t ncols;
};

struct mc_slip_template {
    const char *rules; /* "03/2025", "01/2018" */
    const char *kind;  /* "receipt", ... (the workflow table's slip names) and "register" */
    const char *form;  /* "Mẫu số 01" */
    const char *basis; /* the circular the form comes from */
    const char *title;
    const struct mc_tpl_block *blocks;
    size_t nblocks;
    int landscape; /* A4 landscape (registers) */
};

/* The template of kind under rules, or NULL (unknown kind or rule set). */
const struct mc_slip_template *mc_slip_template_find(const char *rules, const char *kind);
/* 1 when rules names a rule set with templates. */
int mc_slip_rules_known(const char *rules);
/* Every template (docs, tests); *n receives the count. */
const struct mc_slip_template *mc_slip_templates(size_t *n);

#endif
