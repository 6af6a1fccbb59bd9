/* cid.c - the slips' CID encoder for libharu (see cid.h). */
#include "render/cid.h"

#include <hpdf_doc.h>
#include <hpdf_encoder.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_streams.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/fold.h"
#include "core/banned.h"

static char ENCODER_NAME[] = "MC-CID";

/* libharu's CMap encoder record followed by ours: libharu frees the block
 * whole (HPDF_CMapEncoder_Free). */
struct attr {
    HPDF_CMapEncoderAttr_Rec rec;
    uint16_t cid_of[65536]; /* the CID of each code point drawn, 0 = not yet */
    uint16_t cp_of[65536];  /* the code point of CIDs 1..n */
    uint32_t n;
    unsigned char seq[4]; /* the UTF-8 sequence being read for text widths */
    unsigned have, need;
    uint32_t cp; /* the last code point read */
};

static HPDF_STATUS add_range(HPDF_Encoder e, HPDF_List list, HPDF_UINT16 from, HPDF_UINT16 to)
{
    HPDF_CidRange_Rec *r = HPDF_GetMem(e->mmgr, sizeof(*r));
    if (!r)
        return e->error->error_no;
    r->from = from;
    r->to = to;
    r->cid = 0;
    return HPDF_List_Add(list, r);
}

static uint16_t number(struct attr *a, uint32_t cp)
{
    if (cp > 0xFFFF)
        cp = '?';
    if (!a->cid_of[cp] && a->n < 0xFFFF) {
        a->cid_of[cp] = (uint16_t)++a->n;
        a->cp_of[a->n] = (uint16_t)cp;
    }
    return a->cid_of[cp];
}

/* Like HPDF_CMapEncoder_InitAttr, without filling the 65,536 unicode_map
 * entries nobody reads here. HPDF_GetFont builds a font's first width array
 * and CIDToGIDMap from the codes whose cid_map entry is not 0: only the
 * space (libharu needs one); mc_cids_finish replaces them. */
static HPDF_STATUS init(HPDF_Encoder e)
{
    struct attr *a = HPDF_GetMem(e->mmgr, sizeof(*a));
    if (!a)
        return e->error->error_no;
    memset(&a->rec, 0, sizeof(a->rec));
    memset(a->cid_of, 0, sizeof(a->cid_of));
    a->n = a->have = 0;
    e->attr = a;
    a->rec.writing_mode = HPDF_WMODE_HORIZONTAL;
    a->rec.cmap_range = HPDF_List_New(e->mmgr, 8);
    a->rec.notdef_range = HPDF_List_New(e->mmgr, 8);
    a->rec.code_space_range = HPDF_List_New(e->mmgr, 8);
    if (!a->rec.cmap_range || !a->rec.notdef_range || !a->rec.code_space_range)
        return e->error->error_no;
    HPDF_STATUS rc = add_range(e, a->rec.code_space_range, 0x0000, 0xFFFF);
    if (!rc)
        rc = add_range(e, a->rec.notdef_range, 0x0000, 0x0000);
    if (!rc)
        rc = add_range(e, a->rec.cmap_range, 0x0000, 0xFFFF);
    memcpy(a->rec.registry, "Adobe", 6);
    memcpy(a->rec.ordering, "Identity-H", 11); /* a Type0 font with /Encoding /Identity-H and a ToUnicode */
    e->type = HPDF_ENCODER_TYPE_DOUBLE_BYTE;
    a->rec.cid_map[' '][0] = number(a, ' ');
    a->rec.unicode_map[' '][0] = ' ';
    return rc;
}

/* Text widths (HPDF_Page_ShowText) read the text a byte at a time: every
 * byte but the last of a UTF-8 sequence is a "trial" byte, the last one
 * gives the character, whose code point to_unicode then returns. */
static HPDF_ByteType byte_type(HPDF_Encoder e, HPDF_ParseText_Rec *state)
{
    struct attr *a = e->attr;
    unsigned char b = state->text[state->index++];
    if (!a->have) {
        a->need = b < 0x80 ? 1 : (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 0;
        if (!a->need) {
            a->cp = '?';
            return HPDF_BYTE_TYPE_SINGLE;
        }
    }
    a->seq[a->have++] = b;
    if (a->have < a->need)
        return HPDF_BYTE_TYPE_TRIAL;
    if (!mc_utf8_decode((const char *)a->seq, a->have, &a->cp) || a->cp > 0xFFFF)
        a->cp = '?';
    a->have = 0;
    return HPDF_BYTE_TYPE_SINGLE;
}

static HPDF_UNICODE to_unicode(HPDF_Encoder e, HPDF_UINT16 code)
{
    (void)code;
    return (HPDF_UNICODE)((struct attr *)e->attr)->cp;
}

/* The content stream's bytes: each character's CID, big-endian, numbered
 * on first use. libharu frees the result with free() (mc_malloc is malloc). */
static char *encode_text(HPDF_Encoder e, const char *text, HPDF_UINT len, HPDF_UINT *out_len)
{
    struct attr *a = e->attr;
    char *out = mc_malloc((size_t)len * 2 + 2), *o = out;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = mc_utf8_decode(text + i, len - i, &cp);
        i += n ? n : 1;
        uint16_t cid = number(a, n ? cp : '?');
        *o++ = (char)(cid >> 8);
        *o++ = (char)cid;
    }
    *out_len = (HPDF_UINT)(o - out);
    return out;
}

const char *mc_cids_use(HPDF_Doc doc)
{
    HPDF_Encoder e = HPDF_CMapEncoder_New(doc->mmgr, ENCODER_NAME, init);
    if (!e || HPDF_Doc_RegisterEncoder(doc, e) != HPDF_OK || HPDF_GetEncoder(doc, ENCODER_NAME) != e)
        return NULL;
    return ENCODER_NAME;
}

HPDF_STATUS mc_cids_ready(HPDF_Doc doc)
{
    HPDF_Encoder e = HPDF_GetEncoder(doc, ENCODER_NAME);
    if (!e)
        return HPDF_INVALID_ENCODER;
    e->byte_type_fn = byte_type;
    e->to_unicode_fn = to_unicode;
    e->encode_text_fn = encode_text;
    return HPDF_OK;
}

size_t mc_cids_drawn(HPDF_Doc doc, const uint16_t **cps)
{
    HPDF_Encoder e = HPDF_GetEncoder(doc, ENCODER_NAME);
    const struct attr *a = e ? e->attr : NULL;
    *cps = a ? a->cp_of + 1 : NULL;
    return a ? a->n : 0;
}

/* ---- the per-font tables of the characters drawn ---- */

/* [1 [w1 w2 ... wn]]: the width of CIDs 1..n in this font. */
static HPDF_STATUS widths(HPDF_Font font, const struct attr *a)
{
    HPDF_FontAttr fa = font->attr;
    HPDF_Array w = HPDF_Array_New(font->mmgr), run = HPDF_Array_New(font->mmgr);
    HPDF_STATUS rc = w && run ? HPDF_Array_AddNumber(w, 1) : HPDF_FAILD_TO_ALLOC_MEM;
    if (!rc)
        rc = HPDF_Array_Add(w, run); /* w owns run from here (libharu frees run when this fails) */
    else if (run)
        HPDF_Array_Free(run);
    for (uint32_t cid = 1; !rc && cid <= a->n; cid++)
        rc = HPDF_Array_AddNumber(run, HPDF_TTFontDef_GetCharWidth(fa->fontdef, a->cp_of[cid]));
    if (!rc)
        return HPDF_Dict_Add(fa->descendant_font, "W", w);
    if (w)
        HPDF_Array_Free(w);
    return rc;
}

static HPDF_STATUS gid_map(HPDF_Font font, const struct attr *a)
{
    HPDF_FontAttr fa = font->attr;
    size_t len = 2 * ((size_t)a->n + 1);
    unsigned char *map = mc_malloc(len);
    map[0] = map[1] = 0;
    for (uint32_t cid = 1; cid <= a->n; cid++) {
        HPDF_UINT16 gid = HPDF_TTFontDef_GetGlyphid(fa->fontdef, a->cp_of[cid]);
        map[2 * cid] = (unsigned char)(gid >> 8);
        map[2 * cid + 1] = (unsigned char)gid;
    }
    HPDF_MemStream_FreeData(fa->map_stream->stream);
    HPDF_STATUS rc = HPDF_Stream_Write(fa->map_stream->stream, map, (HPDF_UINT)len);
    mc_free(map);
    return rc;
}

static HPDF_STATUS write_str(HPDF_Stream s, const char *text)
{
    return HPDF_Stream_Write(s, (const HPDF_BYTE *)text, (HPDF_UINT)strlen(text));
}

static HPDF_STATUS to_unicode_cmap(HPDF_Font font, const struct attr *a)
{
    HPDF_Stream s = ((HPDF_FontAttr)font->attr)->cmap_stream->stream;
    char line[64];
    HPDF_MemStream_FreeData(s);
    HPDF_STATUS rc = write_str(s, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                                  "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                                  "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                                  "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    for (uint32_t cid = 1; !rc && cid <= a->n; cid++) {
        if (cid % 100 == 1) {
            snprintf(line, sizeof(line), "%u beginbfchar\n", a->n - cid + 1 < 100 ? a->n - cid + 1 : 100);
            rc = write_str(s, line);
        }
        snprintf(line, sizeof(line), "<%04X> <%04X>\n%s", cid, a->cp_of[cid],
                 cid % 100 == 0 || cid == a->n ? "endbfchar\n" : "");
        if (!rc)
            rc = write_str(s, line);
    }
    return rc ? rc : write_str(s, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
}

HPDF_STATUS mc_cids_finish(HPDF_Doc doc, HPDF_Font *fonts, size_t nfonts)
{
    HPDF_Encoder e = HPDF_GetEncoder(doc, ENCODER_NAME);
    if (!e)
        return HPDF_INVALID_ENCODER;
    const struct attr *a = e->attr;
    HPDF_STATUS rc = HPDF_OK;
    for (size_t i = 0; !rc && i < nfonts; i++) {
        HPDF_FontAttr fa = fonts[i]->attr;
        if (fa->encoder != e || !fa->descendant_font || !fa->map_stream || !fa->cmap_stream)
            return HPDF_INVALID_FONT;
        rc = widths(fonts[i], a);
        if (!rc)
            rc = gid_map(fonts[i], a);
        if (!rc)
            rc = to_unicode_cmap(fonts[i], a);
    }
    return rc;
}
