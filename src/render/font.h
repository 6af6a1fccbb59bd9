/* font.h - the TrueType fonts slips are drawn with, prepared once per process.
 *
 * libharu reads and embeds a TrueType font per document, and embeds loca,
 * hmtx and name whole. So at start the configured fonts (Debian's
 * DejaVuSans and -Bold by default) are read once and re-written in memory
 * with the tables libharu needs and a new cmap that covers only the scripts
 * slips print (MC_FONT_RANGES in font.c: Latin with Vietnamese, combining
 * marks, Greek, Cyrillic, punctuation, currency, arrows, box drawing,
 * symbols), in a dozen segments. Only the glyphs those ranges reach (and
 * the parts of composites) are kept, numbered anew, with their metrics, and
 * the name table keeps only the names libharu reads, which makes each slip
 * smaller and faster to compress. The derived fonts live in anonymous
 * memory files (memfd) that libharu opens by path. Nothing is drawn
 * differently. Text is written with the CIDs of render/cid.h.
 *
 * A code point is printable when both fonts map it (mc_font_covers); every
 * other character is replaced before drawing (render/pdf.h). */
#ifndef MC_FONT_H
#define MC_FONT_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

/* Glyphs of one font: libharu 2.3 embeds a composite glyph (most
 * Vietnamese letters with two marks are composites of composites) without
 * all of its parts, so the renderer marks every part of what it drew as used
 * (render/pdf.c) from these tables. */
struct mc_font_glyphs {
    uint16_t *gid_of; /* 65,536 entries: the glyph of each BMP code point (0 = none) */
    uint32_t *first;  /* nglyphs + 1 entries: parts[first[g] .. first[g + 1]) */
    uint16_t *parts;  /* every component of composite glyph g, at any depth */
    uint32_t nglyphs;
};

struct mc_fonts {
    char regular[64], bold[64];      /* paths libharu loads (/proc/self/fd/N, or the original files) */
    int fds[2];                      /* the memory files, -1 when not used */
    unsigned char cover[8192];       /* bit per BMP code point: printable in both fonts */
    struct mc_font_glyphs glyphs[2]; /* regular, bold */
};

/* Reads the two TrueType files and prepares f. MC_ERR_IO (the file cannot be
 * read) or MC_ERR_INVALID (not a TrueType font with a Unicode cmap), with a
 * message naming the file. Release with mc_fonts_release. */
mc_err mc_fonts_open(struct mc_fonts *f, const char *regular_path, const char *bold_path, struct mc_error *err);
void mc_fonts_release(struct mc_fonts *f);
/* 1 when code point cp can be drawn with both fonts. */
int mc_font_covers(const struct mc_fonts *f, uint32_t cp);

/* Derives the font of ttf[0..len) as described above into *out (mc_malloc'd,
 * *out_len bytes, owned by the caller) and sets in cover (8192 bytes, cleared
 * first) the bit of every code point the derived cmap maps to a glyph.
 * Exposed for the unit tests. */
mc_err mc_font_derive(const unsigned char *ttf, size_t len, unsigned char **out, size_t *out_len,
                      unsigned char cover[8192], struct mc_error *err);
/* Fills g from the TrueType font ttf[0..len) (the derived font, so that the
 * ids are the ones libharu draws with; release with
 * mc_font_glyphs_release). MC_ERR_INVALID on a malformed font. */
mc_err mc_font_glyphs_load(const unsigned char *ttf, size_t len, struct mc_font_glyphs *g, struct mc_error *err);
void mc_font_glyphs_release(struct mc_font_glyphs *g);

#endif
