/* font.c - TrueType fonts re-written with a small cmap (see font.h). */
#include "render/font.h"

#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/banned.h"

/* What slips print, as cmap segments (each a contiguous block; code points
 * the font lacks inside a block map to glyph 0 and count as not covered). */
static const struct {
    uint16_t first, last;
} MC_FONT_RANGES[] = {
    {0x0020, 0x036F}, /* Latin, Latin-1, Extended-A/B (Ơ ư Đ), IPA, modifiers, combining marks */
    {0x0370, 0x052F}, /* Greek, Cyrillic */
    {0x1E00, 0x1EFF}, /* Latin Extended Additional: the Vietnamese precomposed letters */
    {0x2000, 0x206F}, /* general punctuation (– — “ ” …) */
    {0x20A0, 0x20CF}, /* currency (₫ €) */
    {0x2100, 0x215F}, /* letterlike (№) */
    {0x2190, 0x22FF}, /* arrows, mathematical operators */
    {0x2500, 0x27BF}, /* box drawing, shapes, symbols, dingbats (☐ ☑ ✓) */
};
#define NRANGES (sizeof(MC_FONT_RANGES) / sizeof(MC_FONT_RANGES[0]))

/* Tables libharu reads or embeds (hpdf_fontdef_tt.c REQUIRED_TAGS), sorted. */
static const char *const KEEP[] = {"OS/2", "cmap", "cvt ", "fpgm", "glyf", "head", "hhea",
                                   "hmtx", "loca", "maxp", "name", "post", "prep"};
#define NKEEP (sizeof(KEEP) / sizeof(KEEP[0]))

static uint32_t be16(const unsigned char *p)
{
    return (uint32_t)p[0] << 8 | p[1];
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static mc_err put16(struct mc_buf *b, uint32_t v)
{
    unsigned char x[2] = {(unsigned char)(v >> 8), (unsigned char)v};
    return mc_buf_add(b, x, 2);
}

static mc_err put32(struct mc_buf *b, uint32_t v)
{
    unsigned char x[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16), (unsigned char)(v >> 8),
                          (unsigned char)v};
    return mc_buf_add(b, x, 4);
}

/* floor(log2(n)) for n >= 1: the binary-search fields of TrueType headers. */
static uint32_t log2_floor(uint32_t n)
{
    uint32_t k = 0;
    while (n >> (k + 1))
        k++;
    return k;
}

struct ttf {
    const unsigned char *p;
    size_t len;
    const unsigned char *cmap4; /* the (3,1) format 4 subtable */
    size_t cmap4_len;
};

/* The table record of tag, or NULL. */
static const unsigned char *find_table(const struct ttf *t, const char *tag, uint32_t *off, uint32_t *len)
{
    uint32_t n = be16(t->p + 4);
    for (uint32_t i = 0; i < n && 12 + 16 * (size_t)(i + 1) <= t->len; i++) {
        const unsigned char *rec = t->p + 12 + 16 * i;
        if (memcmp(rec, tag, 4))
            continue;
        *off = be32(rec + 8);
        *len = be32(rec + 12);
        return (size_t)*off + *len <= t->len ? rec : NULL;
    }
    return NULL;
}

static int find_cmap4(struct ttf *t)
{
    uint32_t off, len;
    if (!find_table(t, "cmap", &off, &len) || len < 4)
        return 0;
    const unsigned char *c = t->p + off;
    for (uint32_t i = 0, n = be16(c + 2); i < n && 4 + 8 * (size_t)(i + 1) <= len; i++) {
        uint32_t sub = be32(c + 4 + 8 * i + 4);
        if (be16(c + 4 + 8 * i) != 3 || be16(c + 4 + 8 * i + 2) != 1 || (size_t)sub + 14 > len || be16(c + sub) != 4)
            continue;
        t->cmap4 = c + sub;
        t->cmap4_len = len - sub;
        size_t seg = be16(t->cmap4 + 6) / 2;
        return 16 + 8 * seg <= t->cmap4_len;
    }
    return 0;
}

/* The glyph of cp in the format 4 subtable (0 = none). */
static uint32_t glyph_of(const struct ttf *t, uint32_t cp)
{
    const unsigned char *m = t->cmap4;
    size_t seg = be16(m + 6) / 2;
    const unsigned char *end = m + 14, *start = end + 2 * seg + 2, *delta = start + 2 * seg, *ro = delta + 2 * seg;
    for (size_t i = 0; i < seg; i++) {
        if (cp > be16(end + 2 * i))
            continue;
        if (cp < be16(start + 2 * i))
            return 0;
        uint32_t r = be16(ro + 2 * i);
        if (!r)
            return (cp + be16(delta + 2 * i)) & 0xFFFF;
        size_t at = (size_t)(ro + 2 * i - m) + r + 2 * (cp - be16(start + 2 * i));
        if (at + 2 > t->cmap4_len || !be16(m + at))
            return 0;
        return (be16(m + at) + be16(delta + 2 * i)) & 0xFFFF;
    }
    return 0;
}

/* ---- composite glyphs ---- */

struct glyf {
    const unsigned char *glyf, *loca;
    uint32_t glyf_len, nglyphs;
    int long_loca;
};

static int glyph_range(const struct glyf *t, uint32_t g, uint32_t *from, uint32_t *to)
{
    if (g >= t->nglyphs)
        return 0;
    *from = t->long_loca ? be32(t->loca + 4 * g) : 2 * be16(t->loca + 2 * g);
    *to = t->long_loca ? be32(t->loca + 4 * g + 4) : 2 * be16(t->loca + 2 * g + 2);
    return *from <= *to && *to <= t->glyf_len;
}

/* Appends the components of g (recursively, depth-limited) to parts. */
static void components(const struct glyf *t, uint32_t g, int depth, struct mc_buf *parts)
{
    uint32_t from, to;
    if (depth > 8 || !glyph_range(t, g, &from, &to) || to - from < 12 || be16(t->glyf + from) != 0xFFFF)
        return;
    for (uint32_t at = from + 10, flags = 0x20; (flags & 0x20) && at + 4 <= to;) {
        flags = be16(t->glyf + at);
        uint32_t part = be16(t->glyf + at + 2);
        put16(parts, part);
        components(t, part, depth + 1, parts);
        at += 4 + ((flags & 1) ? 4 : 2) + ((flags & 0x80) ? 8 : (flags & 0x40) ? 4 : (flags & 8) ? 2 : 0);
    }
}

/* The glyph tables of t; 0 when they are missing or malformed. */
static int glyf_open(const struct ttf *t, struct glyf *g)
{
    uint32_t off, n, head, hlen, maxp, mlen;
    if (!find_table(t, "head", &head, &hlen) || hlen < 54 || !find_table(t, "maxp", &maxp, &mlen) || mlen < 6 ||
        !find_table(t, "glyf", &off, &g->glyf_len) || !find_table(t, "loca", &n, &mlen))
        return 0;
    g->glyf = t->p + off;
    g->loca = t->p + n;
    g->long_loca = be16(t->p + head + 50) != 0;
    g->nglyphs = be16(t->p + maxp + 4);
    if ((size_t)(g->nglyphs + 1) * (g->long_loca ? 4 : 2) > mlen)
        g->nglyphs = mlen / (g->long_loca ? 4 : 2) - 1;
    return g->nglyphs > 0;
}

#define MC_GLYPH_NONE 0xFFFFu

/* The new id of every glyph (MC_GLYPH_NONE for the dropped ones): glyph 0,
 * the glyphs the ranges reach and every part of those, numbered in their old
 * order; *count receives how many. Caller frees. */
static uint16_t *glyph_map(const struct ttf *t, const struct glyf *g, uint32_t *count)
{
    uint16_t *map = mc_malloc(((size_t)g->nglyphs + 1) * sizeof(*map));
    struct mc_buf parts;
    mc_buf_init(&parts, 0);
    for (uint32_t i = 0; i <= g->nglyphs; i++)
        map[i] = MC_GLYPH_NONE;
    map[0] = 0;
    for (size_t i = 0; i < NRANGES; i++)
        for (uint32_t cp = MC_FONT_RANGES[i].first; cp <= MC_FONT_RANGES[i].last; cp++) {
            uint32_t gid = glyph_of(t, cp);
            if (gid < g->nglyphs)
                map[gid] = 0;
            components(g, gid, 0, &parts);
        }
    for (size_t i = 0; i + 1 < parts.len; i += 2)
        if (be16((const unsigned char *)parts.buf + i) < g->nglyphs)
            map[be16((const unsigned char *)parts.buf + i)] = 0;
    *count = 0;
    for (uint32_t i = 0; i < g->nglyphs; i++)
        if (map[i] != MC_GLYPH_NONE)
            map[i] = (uint16_t)(*count)++;
    mc_buf_release(&parts);
    return map;
}

/* Renumbers the components of the composite glyph at p[0..len) in place. */
static void renumber_parts(unsigned char *p, uint32_t len, const uint16_t *map, uint32_t nglyphs)
{
    if (len < 12 || be16(p) != 0xFFFF)
        return;
    for (uint32_t at = 10, flags = 0x20; (flags & 0x20) && at + 4 <= len;) {
        flags = be16(p + at);
        uint32_t part = be16(p + at + 2);
        uint32_t to = part < nglyphs && map[part] != MC_GLYPH_NONE ? map[part] : 0;
        p[at + 2] = (unsigned char)(to >> 8);
        p[at + 3] = (unsigned char)to;
        at += 4 + ((flags & 1) ? 4 : 2) + ((flags & 0x80) ? 8 : (flags & 0x40) ? 4 : (flags & 8) ? 2 : 0);
    }
}

/* glyf and loca (long format) of the kept glyphs under their new ids. */
static void compact_glyf(const struct glyf *g, const uint16_t *map, struct mc_buf *glyf, struct mc_buf *loca)
{
    static const unsigned char zero[4] = {0, 0, 0, 0};
    for (uint32_t i = 0; i < g->nglyphs; i++) {
        uint32_t from, to;
        if (map[i] == MC_GLYPH_NONE)
            continue;
        put32(loca, (uint32_t)glyf->len);
        if (!glyph_range(g, i, &from, &to))
            continue;
        size_t at = glyf->len;
        mc_buf_add(glyf, g->glyf + from, to - from);
        renumber_parts((unsigned char *)glyf->buf + at, to - from, map, g->nglyphs);
        mc_buf_add(glyf, zero, ((to - from + 3) & ~3u) - (to - from));
    }
    put32(loca, (uint32_t)glyf->len);
}

/* hmtx with a full metric (advance, left side bearing) for every kept glyph
 * under its new id; 0 when hhea or hmtx is missing or short. */
static int compact_hmtx(const struct ttf *t, const struct glyf *g, const uint16_t *map, struct mc_buf *hmtx)
{
    uint32_t hoff, hlen, moff, mlen;
    if (!find_table(t, "hhea", &hoff, &hlen) || hlen < 36 || !find_table(t, "hmtx", &moff, &mlen))
        return 0;
    uint32_t nlong = be16(t->p + hoff + 34);
    if (!nlong || (size_t)nlong * 4 > mlen)
        return 0;
    const unsigned char *m = t->p + moff;
    for (uint32_t i = 0; i < g->nglyphs; i++) {
        if (map[i] == MC_GLYPH_NONE)
            continue;
        uint32_t adv = be16(m + 4 * (i < nlong ? i : nlong - 1));
        size_t lsb_at = i < nlong ? 4 * (size_t)i + 2 : 4 * (size_t)nlong + 2 * (size_t)(i - nlong);
        uint32_t lsb = lsb_at + 2 <= mlen ? be16(m + lsb_at) : 0;
        put16(hmtx, adv);
        put16(hmtx, lsb);
    }
    return 1;
}

/* The new cmap: one (3,1) format 4 subtable, one segment per range and the
 * closing 0xFFFF segment, the new glyph ids through idRangeOffset. */
static mc_err build_cmap(const struct ttf *t, const uint16_t *map, uint32_t nglyphs, struct mc_buf *b,
                         unsigned char cover[8192])
{
    size_t seg = NRANGES + 1, glyphs = 0;
    for (size_t i = 0; i < NRANGES; i++)
        glyphs += (size_t)MC_FONT_RANGES[i].last - MC_FONT_RANGES[i].first + 1;
    size_t sublen = 16 + 8 * seg + 2 * glyphs;
    uint32_t sel = log2_floor((uint32_t)seg), sr = 2u << sel;
    mc_err rc = put16(b, 0) || put16(b, 1) || put16(b, 3) || put16(b, 1) || put32(b, 12) || put16(b, 4) ||
                        put16(b, (uint32_t)sublen) || put16(b, 0) || put16(b, (uint32_t)(2 * seg)) || put16(b, sr) ||
                        put16(b, sel) || put16(b, (uint32_t)(2 * seg - sr))
                    ? MC_ERR_TOO_LARGE
                    : MC_OK;
    for (size_t i = 0; !rc && i < seg; i++)
        rc = put16(b, i < NRANGES ? MC_FONT_RANGES[i].last : 0xFFFF);
    rc = rc ? rc : put16(b, 0);
    for (size_t i = 0; !rc && i < seg; i++)
        rc = put16(b, i < NRANGES ? MC_FONT_RANGES[i].first : 0xFFFF);
    for (size_t i = 0; !rc && i < seg; i++)
        rc = put16(b, i < NRANGES ? 0 : 1); /* idDelta; the last maps 0xFFFF to glyph 0 */
    for (size_t i = 0, base = 0; !rc && i < seg; i++) {
        rc = put16(b, i < NRANGES ? (uint32_t)(2 * (seg - i) + 2 * base) : 0);
        if (i < NRANGES)
            base += (size_t)MC_FONT_RANGES[i].last - MC_FONT_RANGES[i].first + 1;
    }
    for (size_t i = 0; !rc && i < NRANGES; i++)
        for (uint32_t cp = MC_FONT_RANGES[i].first; !rc && cp <= MC_FONT_RANGES[i].last; cp++) {
            uint32_t g = glyph_of(t, cp);
            g = g < nglyphs && map[g] != MC_GLYPH_NONE ? map[g] : 0;
            if (g)
                cover[cp >> 3] |= (unsigned char)(1u << (cp & 7));
            rc = put16(b, g);
        }
    return rc;
}

static uint32_t checksum(const unsigned char *p, size_t len)
{
    uint32_t sum = 0;
    for (size_t i = 0; i < len; i += 4) {
        unsigned char w[4] = {0, 0, 0, 0};
        memcpy(w, p + i, len - i < 4 ? len - i : 4);
        sum += be32(w);
    }
    return sum;
}

/* A name table with only the family, subfamily, full and PostScript names
 * (ids 1, 2, 4, 6; libharu reads 6 and 2) of every platform: the other
 * records (copyright, licence text, URLs: 15 kB in DejaVu) would be embedded
 * in every slip. 0 when the table is missing or malformed. */
static int small_name(const struct ttf *t, struct mc_buf *name)
{
    uint32_t off, len;
    if (!find_table(t, "name", &off, &len) || len < 6)
        return 0;
    const unsigned char *n = t->p + off;
    uint32_t count = be16(n + 2), strings = be16(n + 4), kept = 0;
    if (6 + 12 * (size_t)count > len || strings > len)
        return 0;
    for (uint32_t i = 0; i < count; i++) {
        uint32_t id = be16(n + 6 + 12 * i + 6);
        kept += id == 1 || id == 2 || id == 4 || id == 6;
    }
    struct mc_buf str;
    mc_buf_init(&str, 0);
    put16(name, 0);
    put16(name, kept);
    put16(name, 6 + 12 * kept);
    for (uint32_t i = 0; i < count; i++) {
        const unsigned char *r = n + 6 + 12 * i;
        uint32_t id = be16(r + 6), slen = be16(r + 8), soff = be16(r + 10);
        if (id != 1 && id != 2 && id != 4 && id != 6)
            continue;
        if ((size_t)strings + soff + slen > len)
            slen = 0;
        mc_buf_add(name, r, 8);
        put16(name, slen);
        put16(name, (uint32_t)str.len);
        mc_buf_add(&str, n + strings + soff, slen);
    }
    mc_buf_add(name, str.buf, str.len);
    mc_buf_release(&str);
    return kept > 0;
}

/* Tables copied from the original with one field set: head's
 * indexToLocFormat (long, as the new loca), hhea's numberOfHMetrics and
 * maxp's numGlyphs (every kept glyph, as the new hmtx), post's version (3.0:
 * the same metrics without the 60 kB of glyph names). A table shorter than
 * min is left out; at most max bytes are kept. */
#define GLYPH_COUNT UINT32_MAX /* value: the number of kept glyphs */
static const struct patch {
    const char *tag;
    uint32_t min, max, at, width, value;
} PATCHES[] = {
    {"head", 54, 54, 50, 2, 1},
    {"hhea", 36, 36, 34, 2, GLYPH_COUNT},
    {"maxp", 6, 32, 4, 2, GLYPH_COUNT},
    {"post", 32, 32, 0, 4, 0x00030000},
};
#define NPATCHES (sizeof(PATCHES) / sizeof(PATCHES[0]))

/* The tables of the derived font, in KEEP order. */
struct tables {
    const unsigned char *data[NKEEP];
    uint32_t len[NKEEP], n;
    const char *tag[NKEEP];
    unsigned char patched[NPATCHES][54];
};

/* Appends tag as the derived font has it: ours (cmap, glyf, loca, hmtx,
 * name), a patched copy (PATCHES), or the original. 0 when the original
 * lacks it. */
static int pick(const struct ttf *t, const char *tag, const struct mc_buf *ours[5], uint32_t nglyphs, struct tables *x)
{
    static const char *const OURS[5] = {"cmap", "glyf", "loca", "hmtx", "name"};
    size_t k = x->n;
    uint32_t off, len;
    x->tag[k] = tag;
    for (int i = 0; i < 5; i++)
        if (!strcmp(tag, OURS[i])) {
            x->data[k] = (const unsigned char *)ours[i]->buf;
            x->len[k] = (uint32_t)ours[i]->len;
            return 1;
        }
    if (!find_table(t, tag, &off, &len))
        return 0;
    x->data[k] = t->p + off;
    x->len[k] = len;
    for (size_t i = 0; i < NPATCHES; i++) {
        const struct patch *pt = &PATCHES[i];
        if (strcmp(tag, pt->tag))
            continue;
        if (len < pt->min)
            return 0;
        unsigned char *copy = x->patched[i];
        uint32_t v = pt->value == GLYPH_COUNT ? nglyphs : pt->value;
        x->len[k] = len < pt->max ? len : pt->max;
        memcpy(copy, t->p + off, x->len[k]);
        for (uint32_t b = 0; b < pt->width; b++)
            copy[pt->at + b] = (unsigned char)(v >> (8 * (pt->width - 1 - b)));
        x->data[k] = copy;
    }
    return 1;
}

/* Writes the table directory and the tables (4-byte aligned). */
static mc_err write_font(const struct ttf *t, const struct mc_buf *ours[5], uint32_t nglyphs, struct mc_buf *out)
{
    struct tables x;
    memset(&x, 0, sizeof(x));
    for (size_t i = 0; i < NKEEP; i++)
        x.n += (uint32_t)pick(t, KEEP[i], ours, nglyphs, &x);
    uint32_t n = x.n, sel = log2_floor(n);
    mc_err rc = mc_buf_add(out, t->p, 4) || put16(out, n) || put16(out, 16u << sel) || put16(out, sel) ||
                        put16(out, n * 16 - (16u << sel))
                    ? MC_ERR_TOO_LARGE
                    : MC_OK;
    uint32_t at = 12 + 16 * n;
    for (uint32_t k = 0; !rc && k < n; k++) {
        rc = mc_buf_add(out, x.tag[k], 4) || put32(out, checksum(x.data[k], x.len[k])) || put32(out, at) ||
                     put32(out, x.len[k])
                 ? MC_ERR_TOO_LARGE
                 : MC_OK;
        at += (x.len[k] + 3) & ~3u;
    }
    static const unsigned char zero[4] = {0, 0, 0, 0};
    for (uint32_t k = 0; !rc && k < n; k++)
        rc = mc_buf_add(out, x.data[k], x.len[k]) || mc_buf_add(out, zero, ((x.len[k] + 3) & ~3u) - x.len[k])
                 ? MC_ERR_TOO_LARGE
                 : MC_OK;
    return rc;
}

mc_err mc_font_derive(const unsigned char *ttf, size_t len, unsigned char **out, size_t *out_len,
                      unsigned char cover[8192], struct mc_error *err)
{
    struct ttf t = {.p = ttf, .len = len};
    struct glyf g;
    memset(cover, 0, 8192);
    if (len < 12 || !find_cmap4(&t) || !glyf_open(&t, &g))
        return mc_error_set(err, MC_ERR_INVALID, 500, "font_invalid",
                            "Phông chữ không phải TrueType có bảng mã Unicode",
                            "The font is not a TrueType font with a Unicode cmap");
    struct mc_buf cmap, font, glyf, loca, hmtx, name;
    mc_buf_init(&name, 0);
    mc_buf_init(&cmap, 0);
    mc_buf_init(&font, 0);
    mc_buf_init(&glyf, 0);
    mc_buf_init(&loca, 0);
    mc_buf_init(&hmtx, 0);
    uint32_t nglyphs = 0;
    uint16_t *map = glyph_map(&t, &g, &nglyphs);
    compact_glyf(&g, map, &glyf, &loca);
    mc_err rc = compact_hmtx(&t, &g, map, &hmtx) && small_name(&t, &name) ? MC_OK : MC_ERR_INVALID;
    if (!rc)
        rc = build_cmap(&t, map, g.nglyphs, &cmap, cover);
    const struct mc_buf *ours[5] = {&cmap, &glyf, &loca, &hmtx, &name};
    if (!rc)
        rc = write_font(&t, ours, nglyphs, &font);
    mc_free(map);
    mc_buf_release(&cmap);
    mc_buf_release(&glyf);
    mc_buf_release(&loca);
    mc_buf_release(&hmtx);
    mc_buf_release(&name);
    if (rc) {
        mc_buf_release(&font);
        return mc_error_set(err, rc, 500, "font_invalid", "Không chuyển được phông chữ", "Cannot prepare the font");
    }
    *out = (unsigned char *)mc_buf_detach(&font, out_len);
    return MC_OK;
}

mc_err mc_font_glyphs_load(const unsigned char *ttf, size_t len, struct mc_font_glyphs *g, struct mc_error *err)
{
    struct ttf t = {.p = ttf, .len = len};
    struct glyf gt;
    memset(g, 0, sizeof(*g));
    if (len < 12 || !find_cmap4(&t) || !glyf_open(&t, &gt))
        return mc_error_set(err, MC_ERR_INVALID, 500, "font_invalid", "Phông chữ TrueType không hợp lệ",
                            "Invalid TrueType font");
    g->nglyphs = gt.nglyphs;
    g->gid_of = mc_calloc(65536, sizeof(*g->gid_of));
    g->first = mc_calloc(gt.nglyphs + 1, sizeof(*g->first));
    for (size_t i = 0; i < NRANGES; i++)
        for (uint32_t cp = MC_FONT_RANGES[i].first; cp <= MC_FONT_RANGES[i].last; cp++)
            g->gid_of[cp] = (uint16_t)glyph_of(&t, cp);
    struct mc_buf parts;
    mc_buf_init(&parts, 0);
    for (uint32_t i = 0; i < gt.nglyphs; i++) {
        g->first[i] = (uint32_t)(parts.len / 2);
        components(&gt, i, 0, &parts);
    }
    g->first[gt.nglyphs] = (uint32_t)(parts.len / 2);
    g->parts = mc_malloc(parts.len + 2);
    for (size_t i = 0; i < parts.len / 2; i++)
        g->parts[i] = (uint16_t)be16((const unsigned char *)parts.buf + 2 * i);
    mc_buf_release(&parts);
    return MC_OK;
}

void mc_font_glyphs_release(struct mc_font_glyphs *g)
{
    mc_free(g->gid_of);
    mc_free(g->first);
    mc_free(g->parts);
    memset(g, 0, sizeof(*g));
}

static mc_err read_file(const char *path, struct mc_buf *b, struct mc_error *err)
{
    FILE *fp = fopen(path, "rb");
    char chunk[65536];
    size_t n;
    mc_err rc = MC_OK;
    if (!fp)
        return mc_error_setf(err, MC_ERR_IO, 500, "font_missing", "Không đọc được phông chữ %s",
                             "Cannot read the font %s", path);
    while (!rc && (n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
        rc = mc_buf_add(b, chunk, n);
    fclose(fp);
    return rc ? mc_error_setf(err, rc, 500, "font_invalid", "Phông chữ quá lớn: %s", "Font too large: %s", path)
              : MC_OK;
}

/* Prepares one font into a memory file; path receives what libharu opens. */
static mc_err open_one(const char *src, char *path, size_t cap, int *fd, unsigned char cover[8192],
                       struct mc_font_glyphs *g, struct mc_error *err)
{
    struct mc_buf in;
    unsigned char *font = NULL;
    size_t len = 0;
    mc_buf_init(&in, (size_t)64 << 20);
    mc_err rc = read_file(src, &in, err);
    if (!rc)
        rc = mc_font_derive((const unsigned char *)in.buf, in.len, &font, &len, cover, err);
    if (!rc) /* glyph ids of the derived font, the one libharu draws with */
        rc = mc_font_glyphs_load(font, len, g, err);
    mc_buf_release(&in);
    if (rc) {
        mc_free(font);
        return rc;
    }
    *fd = memfd_create("motcua-font", MFD_CLOEXEC);
    if (*fd < 0 || write(*fd, font, len) != (ssize_t)len) {
        /* no memory files here: libharu reads the original (slower) */
        if (*fd >= 0)
            close(*fd);
        *fd = -1;
        snprintf(path, cap, "%s", src);
    } else {
        snprintf(path, cap, "/proc/self/fd/%d", *fd);
    }
    mc_free(font);
    return MC_OK;
}

mc_err mc_fonts_open(struct mc_fonts *f, const char *regular_path, const char *bold_path, struct mc_error *err)
{
    unsigned char bold_cover[8192];
    memset(f, 0, sizeof(*f));
    f->fds[0] = f->fds[1] = -1;
    mc_err rc = open_one(regular_path, f->regular, sizeof(f->regular), &f->fds[0], f->cover, &f->glyphs[0], err);
    if (!rc)
        rc = open_one(bold_path, f->bold, sizeof(f->bold), &f->fds[1], bold_cover, &f->glyphs[1], err);
    for (size_t i = 0; !rc && i < sizeof(bold_cover); i++)
        f->cover[i] &= bold_cover[i];
    if (rc)
        mc_fonts_release(f);
    return rc;
}

void mc_fonts_release(struct mc_fonts *f)
{
    for (int i = 0; i < 2; i++) {
        if (f->fds[i] >= 0)
            close(f->fds[i]);
        mc_font_glyphs_release(&f->glyphs[i]);
    }
    f->fds[0] = f->fds[1] = -1;
}

int mc_font_covers(const struct mc_fonts *f, uint32_t cp)
{
    return cp < 0x10000 && (f->cover[cp >> 3] >> (cp & 7) & 1);
}
