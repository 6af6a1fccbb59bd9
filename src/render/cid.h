/* cid.h - the character ids slips write their text with (libharu 2.3).
 *
 * libharu's UTF-8 encoder uses each code point as its own CID, so every
 * document builds, for each font, a width array and a CIDToGIDMap over all
 * 65,536 BMP code points: 131,072 cmap lookups, a width array of thousands
 * of entries grown one block at a time, and two 128 kB maps copied byte by
 * byte and deflated. After the derived fonts (font.h) that was most of a
 * receipt's cost. This encoder numbers the characters of each document as
 * it draws them (1, 2, 3... in order of first use), and before saving gives
 * each font a width array, a CIDToGIDMap and a ToUnicode CMap (bfchar, so
 * the text copies and searches as Unicode) for those characters only: a
 * slip uses about a hundred. It reads UTF-8 like libharu's own encoder and
 * is built the way that one is, on the encoder interface libharu installs
 * (hpdf_encoder.h). Text reaches it cleaned (render/pdf.h: only characters
 * both fonts print, others '?'), so a document has at most a few thousand
 * CIDs, well under libharu's 8,191 entries per array. */
#ifndef MC_CID_H
#define MC_CID_H

#include <hpdf.h>
#include <stddef.h>
#include <stdint.h>

/* Registers the encoder in doc and returns its name for HPDF_GetFont, or
 * NULL (libharu's error handler has the code). */
const char *mc_cids_use(HPDF_Doc doc);
/* After HPDF_GetFont with that encoder for every font of the document:
 * turns the encoder to reading UTF-8 text. */
HPDF_STATUS mc_cids_ready(HPDF_Doc doc);
/* The code points the document has drawn so far (*cps[0 .. return value),
 * in order of first use; the space comes first, always. */
size_t mc_cids_drawn(HPDF_Doc doc, const uint16_t **cps);
/* Before saving: the width array, CIDToGIDMap and ToUnicode of each font
 * for the characters drawn. HPDF_OK or libharu's error. */
HPDF_STATUS mc_cids_finish(HPDF_Doc doc, HPDF_Font *fonts, size_t nfonts);

#endif
