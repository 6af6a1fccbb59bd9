#include "domain/catalogue_text.h"

#include <string.h>

#include "core/alloc.h"
#include "core/fold.h"
#include "core/time.h"
#include "core/banned.h"

#define HDR_CHANNELS "Hình thức nộpThời gianPhí, lệ phíMô tả"
#define HDR_COMPONENTS "Tên giấy tờMẫu đơn, tờ khaiSố lượng"
#define HDR_LEGAL "Tên văn bản pháp lýMã văn bản"
#define NO_INFO "Không có thông tin"
#define FREE "Miễn phí"
#define MAX_DIGITS 15 /* amounts beyond 10^15 đồng are not fees */

/* ---- small text helpers ------------------------------------------------ */

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static size_t lit_len(const char *lit)
{
    return strlen(lit);
}

/* 1 when s[0..n) starts with the exact bytes of lit. */
static int starts(const char *s, size_t n, const char *lit)
{
    size_t l = lit_len(lit);
    return n >= l && !memcmp(s, lit, l);
}

/* Offset of the first lit in s[from..n), or n. */
static size_t find(const char *s, size_t n, size_t from, const char *lit)
{
    if (from >= n)
        return n;
    const char *hit = memmem(s + from, n - from, lit, lit_len(lit));
    return hit ? (size_t)(hit - s) : n;
}

static size_t skip_spaces(const char *s, size_t n, size_t i)
{
    while (i < n && is_space(s[i]))
        i++;
    return i;
}

static size_t count_digits(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && is_digit(s[i]))
        i++;
    return i;
}

/* 1 when the code point at s folds to a letter (the word goes on). */
static int letter_at(const char *s, size_t n)
{
    uint32_t cp;
    if (!mc_utf8_decode(s, n, &cp))
        return 0;
    int f = mc_fold_cp(cp);
    return f >= 'a' && f <= 'z';
}

/* 1 when the code point at s is a capital letter (ASCII, Latin-1, Đ Ă Ơ Ư
 * Ĩ Ũ, or Vietnamese U+1EA0-U+1EF9 where capitals have even code points). */
static int upper_at_cp(const char *s, size_t n)
{
    uint32_t cp;
    if (!mc_utf8_decode(s, n, &cp))
        return 0;
    if (cp < 0x80)
        return cp >= 'A' && cp <= 'Z';
    if (cp >= 0xC0 && cp <= 0xDE)
        return cp != 0xD7;
    if (cp == 0x102 || cp == 0x110 || cp == 0x128 || cp == 0x168 || cp == 0x1A0 || cp == 0x1AF)
        return 1;
    return cp >= 0x1EA0 && cp <= 0x1EF9 && cp % 2 == 0;
}

/* Start of the code point before offset i (i > 0). */
static size_t prev_cp(const char *s, size_t i)
{
    do
        i--;
    while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80);
    return i;
}

/* 1 when offset i starts a word: the text start or a non-letter before. */
static int word_start(const char *s, size_t n, size_t i)
{
    if (i == 0)
        return 1;
    size_t j = prev_cp(s, i);
    return !letter_at(s + j, n - j);
}

/* ---- numbers, units, currencies ---------------------------------------- */

/* An amount: digits with optional thousands groups "100,000" / "100.000".
 * Returns its length (0 if none) and its value; *well_formed says the groups
 * are regular (first 1-3 digits, then groups of 3, no leading zero). */
static size_t parse_amount(const char *s, size_t n, int64_t *value, int *well_formed)
{
    size_t i = count_digits(s, n), first = i, ndig = i;
    int64_t v = 0;
    if (!i)
        return 0;
    while (i + 4 <= n && (s[i] == ',' || s[i] == '.') && count_digits(s + i + 1, n - i - 1) == 3)
        i += 4, ndig += 3;
    for (size_t k = 0, d = 0; k < i && d < MAX_DIGITS; k++)
        if (is_digit(s[k]))
            v = v * 10 + (s[k] - '0'), d++;
    *value = ndig > MAX_DIGITS ? -1 : v;
    if (well_formed)
        *well_formed = !(s[0] == '0' && ndig > 1) && (i == first || first <= 3) && ndig <= MAX_DIGITS;
    return i;
}

enum currency { CUR_NONE, CUR_VND, CUR_OTHER };

/* A currency word at s: returns its kind and sets *used. */
static enum currency currency_at(const char *s, size_t n, size_t *used)
{
    static const struct {
        const char *pat;
        enum currency cur;
    } names[] = {{"viet nam dong", CUR_VND}, {"vnd", CUR_VND},   {"dong", CUR_VND},
                 {"usd", CUR_OTHER},         {"eur", CUR_OTHER}, {"d", CUR_VND}};
    for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
        size_t m = mc_fold_prefix(s, n, names[k].pat);
        if (m && !letter_at(s + m, n - m)) {
            *used = m;
            return names[k].cur;
        }
    }
    return CUR_NONE;
}

/* An amount followed by a currency ("100,000 Việt Nam Đồng", "20.000đ").
 * Returns the bytes used (0 if s does not start with one). */
static size_t money_at(const char *s, size_t n, int64_t *value, enum currency *cur, int *well_formed)
{
    size_t i = parse_amount(s, n, value, well_formed), u;
    if (!i)
        return 0;
    size_t j = i < n && s[i] == ' ' ? i + 1 : i;
    *cur = currency_at(s + j, n - j, &u);
    return *cur == CUR_NONE ? 0 : j + u;
}

/* The first amount in đồng anywhere in s; 1 if found. */
static int find_vnd(const char *s, size_t n, int64_t *vnd)
{
    for (size_t i = 0; i < n; i++) {
        if (!is_digit(s[i]) || (i > 0 && is_digit(s[i - 1])))
            continue;
        int64_t v;
        enum currency cur;
        if (money_at(s + i, n - i, &v, &cur, NULL) && cur == CUR_VND && v >= 0) {
            *vnd = v;
            return 1;
        }
    }
    return 0;
}

static const struct unit_name {
    const char *pat;
    enum mc_time_unit unit;
    int mult;
} unit_names[] = {
    {"ngay lam viec", MC_TIME_WORKDAY, 1},
    {"ngay", MC_TIME_DAY, 1},
    {"gio lam viec", MC_TIME_HOUR, 1},
    {"gio", MC_TIME_HOUR, 1},
    {"thang", MC_TIME_MONTH, 1},
    {"tuan lam viec", MC_TIME_WORKDAY, 5},
    {"tuan", MC_TIME_DAY, 7},
};

static const struct unit_name *unit_at(const char *s, size_t n, size_t *used)
{
    for (size_t k = 0; k < sizeof(unit_names) / sizeof(unit_names[0]); k++) {
        *used = mc_fold_prefix(s, n, unit_names[k].pat);
        if (*used)
            return &unit_names[k];
    }
    return NULL;
}

/* A time number: "7", "05", "1.5", "0,5". Value in tenths; length returned. */
static size_t time_number(const char *s, size_t n, int *tenths)
{
    size_t i = count_digits(s, n);
    if (!i || i > 4)
        return 0;
    int v = 0;
    for (size_t k = 0; k < i; k++)
        v = v * 10 + (s[k] - '0');
    *tenths = v * 10;
    if (i + 2 <= n && (s[i] == '.' || s[i] == ',') && is_digit(s[i + 1]) && (i + 2 == n || !is_digit(s[i + 2]))) {
        *tenths += s[i + 1] - '0';
        i += 2;
    }
    return i;
}

/* Turns tenths of a unit into an integer amount (halves become hours). */
static void set_amount(int tenths, const struct unit_name *u, int *amount, enum mc_time_unit *unit)
{
    if (tenths % 10 == 0) {
        *amount = tenths / 10 * u->mult;
        *unit = u->unit;
        return;
    }
    int per = u->unit == MC_TIME_HOUR ? 1 : u->unit == MC_TIME_MONTH ? 22 * 8 : 8 * u->mult;
    *amount = (tenths * per + 9) / 10;
    *unit = MC_TIME_HOUR;
}

/* "N unit" at s: returns bytes used or 0. */
static size_t time_at(const char *s, size_t n, int *amount, enum mc_time_unit *unit)
{
    int tenths;
    size_t i = time_number(s, n, &tenths), u;
    if (!i)
        return 0;
    size_t j = skip_spaces(s, n, i);
    const struct unit_name *un = unit_at(s + j, n - j, &u);
    if (!un)
        return 0;
    set_amount(tenths, un, amount, unit);
    return j + u;
}

/* "Trong ngày", "ngay sau khi nhận": due the same working day. */
static size_t same_day_at(const char *s, size_t n)
{
    size_t m = mc_fold_prefix(s, n, "trong ngay");
    if (m && !letter_at(s + m, n - m) && !mc_fold_prefix(s + m, n - m, " lam viec tiep"))
        return m;
    m = mc_fold_prefix(s, n, "ngay sau khi");
    return m;
}

int mc_cat_parse_time(const char *s, size_t n, int *amount, enum mc_time_unit *unit)
{
    static const char *const lead[] = {"khong qua ", "trong thoi han ", "trong vong ", "toi da ", "trong "};
    size_t i = skip_spaces(s, n, 0);
    if (same_day_at(s + i, n - i)) {
        *amount = 0;
        *unit = MC_TIME_WORKDAY;
        return 1;
    }
    for (size_t k = 0; k < sizeof(lead) / sizeof(lead[0]); k++) {
        size_t m = mc_fold_prefix(s + i, n - i, lead[k]);
        if (m) {
            i += m;
            break;
        }
    }
    return time_at(s + i, n - i, amount, unit) > 0;
}

int mc_cat_parse_fee(const char *s, size_t n, int64_t *vnd)
{
    static const char *const labels[] = {"le phi", "phi", "muc thu"};
    size_t i = skip_spaces(s, n, 0);
    for (size_t k = 0; k < sizeof(labels) / sizeof(labels[0]); k++) {
        size_t m = mc_fold_prefix(s + i, n - i, labels[k]);
        if (m && !letter_at(s + i + m, n - i - m)) {
            i = skip_spaces(s, n, i + m);
            break;
        }
    }
    if (mc_fold_prefix(s + i, n - i, "mien") || mc_fold_prefix(s + i, n - i, "khong thu")) {
        *vnd = 0;
        return 1;
    }
    return find_vnd(s + i, n - i, vnd);
}

int mc_cat_parse_clock(const char *s, size_t n)
{
    size_t i = skip_spaces(s, n, 0), d = count_digits(s + i, n - i);
    if (!d || d > 2)
        return -1;
    int h = s[i] - '0', m = 0;
    if (d == 2)
        h = h * 10 + (s[i + 1] - '0');
    i += d;
    size_t g = mc_fold_prefix(s + i, n - i, " gio");
    if (!g)
        g = mc_fold_prefix(s + i, n - i, "gio");
    if (g)
        i += g;
    else if (i < n && (s[i] == 'h' || s[i] == 'H' || s[i] == ':'))
        i++;
    else
        return -1;
    i = skip_spaces(s, n, i);
    d = count_digits(s + i, n - i);
    if (d == 2)
        m = (s[i] - '0') * 10 + (s[i + 1] - '0');
    if (h > 23 || m > 59)
        return -1;
    return h * 60 + m;
}

/* ---- channels: "Trực tuyến7 Ngày làm việcMiễn phí(...)Mô tả..." -------- */

static const struct {
    const char *lit;
    int channel;
} channel_names[] = {
    {"Trực tuyến", MC_CHANNEL_ONLINE}, {"Trực tiếp", MC_CHANNEL_DIRECT}, {"Dịch vụ bưu chính", MC_CHANNEL_POSTAL}};

/* 1 when s starts a table cell: a digit or a capital glued to what precedes. */
static int cell_start(const char *s, size_t n)
{
    if (!n)
        return 1;
    return is_digit(s[0]) || upper_at_cp(s, n);
}

/* Offset of the next channel name in s[from..n) that begins a table row
 * (its name is followed directly by a cell), or n; sets *ch and *name_len. */
static size_t next_row(const char *s, size_t n, size_t from, int *ch, size_t *name_len)
{
    for (size_t i = from; i < n; i++) {
        if (s[i] != 'T' && s[i] != 'D')
            continue;
        for (size_t k = 0; k < sizeof(channel_names) / sizeof(channel_names[0]); k++) {
            size_t l = lit_len(channel_names[k].lit);
            if (starts(s + i, n - i, channel_names[k].lit) && cell_start(s + i + l, n - i - l)) {
                *ch = channel_names[k].channel;
                *name_len = l;
                return i;
            }
        }
    }
    return n;
}

/* Where the fee cell starts inside a text time cell, or n. */
static size_t fee_start(const char *s, size_t n)
{
    size_t best = find(s, n, 0, FREE), k = find(s, n, 1, NO_INFO);
    if (k < best)
        best = k;
    for (size_t i = 0; i < best; i++) {
        int64_t v;
        enum currency cur;
        if (is_digit(s[i]) && (i == 0 || !is_digit(s[i - 1])) && money_at(s + i, n - i, &v, &cur, NULL))
            return i;
    }
    return best;
}

static void set_time(struct mc_proc_channel *c, int amount, enum mc_time_unit unit, enum mc_time_source src)
{
    c->has_time = 1;
    c->time_amount = amount;
    c->time_unit = unit;
    c->time_source = src;
}

/* The time cell at the start of a row; returns its length. 0 with a digit at
 * s[0] means the time ran into the fee (handled by the fee cell). */
static size_t time_cell(struct mc_procedure *p, struct mc_proc_channel *c, const char *s, size_t n)
{
    int amount, tenths;
    enum mc_time_unit unit;
    if (starts(s, n, NO_INFO)) {
        mc_proc_set(&c->time_text, s, lit_len(NO_INFO));
        return lit_len(NO_INFO);
    }
    size_t used = time_at(s, n, &amount, &unit);
    if (used) {
        set_time(c, amount, unit, MC_TIME_SRC_CELL);
        mc_proc_set(&c->time_text, s, used);
        return used;
    }
    used = time_number(s, n, &tenths);
    if (used && (starts(s + used, n - used, FREE) || starts(s + used, n - used, "Không"))) {
        set_amount(tenths, &unit_names[0], &amount, &unit);
        set_time(c, amount, unit, MC_TIME_SRC_BARE);
        mc_proc_set(&c->time_text, s, used);
        mc_procedure_problem(p, "channels", "%s: time \"%.*s\" has no unit; working days assumed",
                             "%s: thời gian \"%.*s\" không có đơn vị; coi là ngày làm việc",
                             mc_channel_name(c->channel), (int)used, s);
        return used;
    }
    if (used)
        return 0;
    size_t f = fee_start(s, n);
    mc_proc_set(&c->time_text, s, f);
    if (mc_cat_parse_time(s, f, &amount, &unit))
        set_time(c, amount, unit, MC_TIME_SRC_CELL);
    if (f == n)
        mc_procedure_problem(p, "channels", "%s: no fee cell found after the time",
                             "%s: không tìm thấy ô phí sau thời gian", mc_channel_name(c->channel));
    return f;
}

/* Length of a balanced "(...)" at s, or of the rest when it never closes. */
static size_t paren_note(const char *s, size_t n)
{
    if (!n || s[0] != '(')
        return 0;
    int depth = 0;
    for (size_t i = 0; i < n; i++) {
        depth += s[i] == '(' ? 1 : s[i] == ')' ? -1 : 0;
        if (!depth)
            return i + 1;
    }
    return n;
}

/* "120 VNĐ(20.000 vnđ/tờ khai)": a bare time "1" run into the fee "20".
 * Picks the split whose fee the note confirms, else the first well-formed one. */
static int64_t split_time_fee(struct mc_procedure *p, struct mc_proc_channel *c, const char *s, size_t numlen,
                              int64_t note)
{
    size_t lead = count_digits(s, numlen), best = 0;
    int64_t best_v = -1;
    for (size_t k = 1; k <= 2 && k < lead; k++) {
        int64_t v;
        int ok;
        if (parse_amount(s + k, numlen - k, &v, &ok) != numlen - k || !ok)
            continue;
        if (!best || (note > 0 && (v == note || v * 1000 == note))) {
            best = k;
            best_v = v;
        }
        if (note > 0 && (v == note || v * 1000 == note))
            break;
    }
    if (!best)
        return -2;
    int t = 0;
    for (size_t k = 0; k < best; k++)
        t = t * 10 + (s[k] - '0');
    set_time(c, t, MC_TIME_WORKDAY, MC_TIME_SRC_SPLIT);
    mc_proc_set(&c->time_text, s, best);
    mc_procedure_problem(p, "channels",
                         "%s: time and fee ran together in \"%.*s\"; read as %d (working days assumed) and %lld",
                         "%s: thời gian và phí dính liền \"%.*s\"; hiểu là %d (ngày làm việc) và %lld",
                         mc_channel_name(c->channel), (int)numlen, s, t, (long long)best_v);
    return best_v;
}

/* A fee under 1,000 đồng is the amount written in thousands ("135 VNĐ" for
 * 135.000 đồng); the note usually says the real figure. */
static void check_thousands(struct mc_procedure *p, struct mc_proc_channel *c, int64_t note)
{
    if (c->fee_vnd <= 0 || c->fee_vnd >= 1000)
        return;
    if (note == c->fee_vnd * 1000) {
        mc_procedure_problem(p, "channels", "%s: fee %lld written in thousands; %lld đồng taken from its note",
                             "%s: phí %lld ghi theo nghìn đồng; lấy %lld đồng theo ghi chú",
                             mc_channel_name(c->channel), (long long)c->fee_vnd, (long long)note);
        c->fee_vnd = note;
        return;
    }
    mc_procedure_problem(p, "channels", "%s: fee %lld đồng is below 1,000; probably written in thousands",
                         "%s: phí %lld đồng dưới 1.000; có thể ghi theo nghìn đồng", mc_channel_name(c->channel),
                         (long long)c->fee_vnd);
}

/* The fee cell and its note; returns the bytes used. */
static size_t fee_cell(struct mc_procedure *p, struct mc_proc_channel *c, const char *s, size_t n, int run_together)
{
    size_t k = 0, skip = 0;
    int64_t v = -1, note = -1;
    enum currency cur = CUR_NONE;
    if (starts(s, n, FREE)) {
        k = lit_len(FREE);
        c->fee_vnd = 0;
    } else if (starts(s, n, NO_INFO)) {
        k = lit_len(NO_INFO);
    } else {
        k = money_at(s, n, &v, &cur, NULL);
    }
    if (!k) {
        mc_procedure_problem(p, "channels", "%s: fee not understood", "%s: không hiểu được phí",
                             mc_channel_name(c->channel));
        return 0;
    }
    size_t nl = paren_note(s + k, n - k);
    if (nl && !find_vnd(s + k, nl, &note))
        note = -1;
    if (run_together) {
        int64_t sv = split_time_fee(p, c, s, parse_amount(s, n, &v, NULL), note);
        skip = c->has_time ? lit_len(c->time_text) : 0;
        if (sv >= -1)
            v = sv;
        else
            mc_procedure_problem(p, "channels", "%s: \"%.*s\" looks like a time run into a fee but cannot be split",
                                 "%s: \"%.*s\" giống thời gian dính với phí nhưng không tách được",
                                 mc_channel_name(c->channel), (int)k, s);
    }
    if (cur == CUR_VND)
        c->fee_vnd = v;
    else if (cur == CUR_OTHER)
        mc_procedure_problem(p, "channels", "%s: fee \"%.*s\" is not in đồng", "%s: phí \"%.*s\" không tính bằng đồng",
                             mc_channel_name(c->channel), (int)k, s);
    mc_proc_set(&c->fee_text, s + skip, k + nl - skip);
    check_thousands(p, c, note);
    return k + nl;
}

/* No time cell: the description or the fee note says "Trong thời hạn 15 ngày", "Thời hạn giải quyết: 05 ngày làm
 * việc", a description that starts with "15 ngày", or "Ngay sau khi nhận đủ
 * hồ sơ" (same day). */
static int time_in_text(const char *s, size_t n, int *amount, enum mc_time_unit *unit)
{
    static const char *const triggers[] = {"thoi han giai quyet", "trong thoi han", "khong qua",
                                           "thoi gian giai quyet"};
    for (size_t i = 0; i < n; i++) {
        if ((unsigned char)s[i] >= 0x80 && ((unsigned char)s[i] & 0xC0) == 0x80)
            continue;
        if (!word_start(s, n, i))
            continue;
        if (i == 0 && time_at(s, n, amount, unit))
            return 1;
        if (same_day_at(s + i, n - i) && mc_fold_prefix(s + i, n - i, "ngay sau khi nhan")) {
            *amount = 0;
            *unit = MC_TIME_WORKDAY;
            return 1;
        }
        for (size_t k = 0; k < sizeof(triggers) / sizeof(triggers[0]); k++) {
            size_t m = mc_fold_prefix(s + i, n - i, triggers[k]);
            if (!m)
                continue;
            size_t end = i + m + 48 < n ? i + m + 48 : n;
            for (size_t j = i + m; j < end; j++)
                if (is_digit(s[j]) && !is_digit(s[j - 1]) && time_at(s + j, n - j, amount, unit))
                    return 1;
        }
    }
    return 0;
}

static void time_from_description(struct mc_procedure *p, struct mc_proc_channel *c)
{
    int amount;
    enum mc_time_unit unit;
    const char *d = c->description, *f = c->fee_text;
    const char *where = "description", *where_vi = "phần mô tả";
    if (!d || !time_in_text(d, strlen(d), &amount, &unit)) {
        if (!f || !time_in_text(f, strlen(f), &amount, &unit))
            return;
        where = "fee note", where_vi = "ghi chú phí";
    }
    set_time(c, amount, unit, MC_TIME_SRC_DESCRIPTION);
    mc_procedure_problem(p, "channels", "%s: no time cell; %d %s taken from the %s%.0s",
                         "%s: không có ô thời gian; lấy %d %s từ %.0s%s", mc_channel_name(c->channel), amount,
                         mc_time_unit_name(unit), where, where_vi);
}

static void parse_row(struct mc_procedure *p, int ch, const char *s, size_t n)
{
    struct mc_proc_channel *c = mc_procedure_add_channel(p, ch);
    size_t t = time_cell(p, c, s, n);
    size_t f = t < n ? fee_cell(p, c, s + t, n - t, t == 0 && is_digit(s[0])) : 0;
    mc_proc_set(&c->description, s + t + f, n - t - f);
    if (!c->has_time)
        time_from_description(p, c);
}

/* "nếu thời điểm nhận hồ sơ sau 15 giờ cùng ngày thì..." */
static int find_cutoff(const char *s, size_t n)
{
    for (size_t i = find(s, n, 0, "sau "); i < n; i = find(s, n, i + 1, "sau ")) {
        int m = mc_cat_parse_clock(s + i + 4, n - i - 4);
        if (m < 10 * 60 || m > 18 * 60)
            continue;
        size_t from = i > 60 ? i - 60 : 0;
        while (from < i && ((unsigned char)s[from] & 0xC0) == 0x80)
            from++;
        char *ctx = mc_fold_dup(s + from, i - from);
        int ok = ctx && (strstr(ctx, "nhan") || strstr(ctx, "ho so"));
        mc_free(ctx);
        if (ok)
            return m;
    }
    return -1;
}

void mc_cat_parse_channels(struct mc_procedure *p, const char *s, size_t n)
{
    size_t i = 0, nl = 0;
    int ch = 0;
    mc_proc_set(&p->raw_channels, s, n);
    if (starts(s, n, HDR_CHANNELS))
        i = lit_len(HDR_CHANNELS);
    size_t at = next_row(s, n, i, &ch, &nl);
    if (at > skip_spaces(s, n, i))
        mc_procedure_problem(p, "channels", "text before the first channel not understood: \"%.*s\"",
                             "không hiểu phần trước kênh đầu tiên: \"%.*s\"", (int)(at - i > 80 ? 80 : at - i), s + i);
    while (at < n) {
        int next_ch = 0;
        size_t next_nl = 0, cell = at + nl;
        size_t end = next_row(s, n, cell, &next_ch, &next_nl);
        parse_row(p, ch, s + cell, end - cell);
        at = end, ch = next_ch, nl = next_nl;
    }
    if (!p->nchannels && n)
        mc_procedure_problem(p, "channels", "no channel found", "không tìm thấy cách thức nộp nào");
    else if (p->nchannels && !mc_procedure_has_numeric_time(p))
        mc_procedure_problem(p, "channels", "no channel gives a numeric processing time",
                             "không kênh nào có thời hạn giải quyết bằng số");
    int cut = find_cutoff(s, n);
    if (cut >= 0)
        p->cutoff_minutes = cut;
}

/* ---- components: "--Tên giấy tờMẫu đơn, tờ khaiSố lượngĐơn...1 bản chính" */

static const struct {
    const char *pat;
    int kind; /* 0 originals, 1 copies, 2 photocopies */
} count_names[] = {{"ban chinh", 0}, {"ban sao", 1}, {"ban chup", 2}, {"ban photo", 2}};

/* "N bản chính" at s (N at most 2 digits). Returns bytes used, kind, count. */
static size_t count_at(const char *s, size_t n, int *kind, int *count)
{
    size_t d = count_digits(s, n);
    if (!d || d > 2)
        return 0;
    size_t j = d < n && s[d] == ' ' ? d + 1 : d;
    for (size_t k = 0; k < sizeof(count_names) / sizeof(count_names[0]); k++) {
        size_t m = mc_fold_prefix(s + j, n - j, count_names[k].pat);
        if (m && (!letter_at(s + j + m, n - j - m) || upper_at_cp(s + j + m, n - j - m))) {
            *kind = count_names[k].kind;
            *count = d == 2 ? (s[0] - '0') * 10 + (s[1] - '0') : s[0] - '0';
            return j + m;
        }
    }
    return 0;
}

/* A run of counts "0 bản chính,1 bản sao" ending a row: the run must be
 * followed by the end, or glued to the next row (not by running prose). */
static size_t counts_at(const char *s, size_t n, int counts[3])
{
    size_t i = 0;
    int found = 0;
    for (;;) {
        int kind, cnt;
        size_t m = count_at(s + i, n - i, &kind, &cnt);
        if (!m)
            break;
        counts[kind] = cnt, found = 1, i += m;
        size_t j = i;
        while (j < n && (s[j] == ',' || s[j] == ';' || s[j] == ' '))
            j++;
        if (j == i || !count_at(s + j, n - j, &kind, &cnt))
            break;
        i = j;
    }
    if (!found)
        return 0;
    size_t j = skip_spaces(s, n, i);
    if (j == n || cell_start(s + j, n - j) || strchr("-+*", s[j]) || (j == i && s[j] == '('))
        return i;
    return 0; /* prose: "nộp 01 bản chính để đối chiếu" */
}

static int has_file_ext(const char *s, size_t n)
{
    static const char *const exts[] = {".pdf", ".doc", ".docx", ".xls", ".xlsx",
                                       ".rar", ".zip", ".PDF",  ".DOC", ".DOCX"};
    for (size_t k = 0; k < sizeof(exts) / sizeof(exts[0]); k++) {
        size_t l = lit_len(exts[k]);
        if (n >= l && !memcmp(s + n - l, exts[k], l))
            return 1;
    }
    return 0;
}

/* Splits a trailing form file name ("...Bộ Công an.NA15.pdf") off a row. */
static size_t form_start(const char *s, size_t n)
{
    if (!has_file_ext(s, n))
        return n;
    size_t t = n;
    while (t > 0 && !is_space(s[t - 1]))
        t--;
    for (size_t k = t + 1; k < n; k++)
        if (strchr(".;:)", s[k - 1]) && (is_digit(s[k]) || (s[k] >= 'A' && s[k] <= 'Z')))
            return k;
    return t;
}

static void trim_marks(const char **s, size_t *n)
{
    while (*n && (strchr("-+*: \t\r\n", **s)))
        (*s)++, (*n)--;
    while (*n && strchr(":; \t\r\n", (*s)[*n - 1]))
        (*n)--;
}

static void add_component(struct mc_procedure *p, const char *group, const char *s, size_t n, const int counts[3])
{
    struct mc_proc_component *c = mc_procedure_add_component(p);
    size_t f = form_start(s, n);
    const char *name = s;
    size_t nlen = f;
    mc_proc_set(&c->raw, s, n);
    mc_proc_set(&c->group, group, group ? strlen(group) : 0);
    trim_marks(&name, &nlen);
    if (!nlen) {
        name = s, nlen = n;
        f = n;
    }
    mc_proc_set(&c->name, name, nlen);
    if (f < n)
        mc_proc_set(&c->form, s + f, n - f);
    if (counts) {
        c->originals = counts[0];
        c->copies = counts[1];
        c->photocopies = counts[2];
    }
}

/* Rows of one table section; returns where the unclaimed tail starts. */
static size_t component_rows(struct mc_procedure *p, const char *group, const char *s, size_t n)
{
    size_t row = 0;
    for (size_t i = 0; i < n; i++) {
        if (!is_digit(s[i]) || (i > 0 && is_digit(s[i - 1]) && count_digits(s + i, n - i) > 1))
            continue;
        int counts[3] = {0, 0, 0};
        size_t m = counts_at(s + i, n - i, counts);
        if (!m)
            continue;
        if (i > row)
            add_component(p, group, s + row, i - row, counts);
        else if (p->ncomponents)
            mc_procedure_problem(p, "components", "counts with no document name", "số lượng không kèm tên giấy tờ");
        row = i + m;
        i = row - 1;
    }
    return row;
}

void mc_cat_parse_components(struct mc_procedure *p, const char *s, size_t n)
{
    mc_proc_set(&p->raw_components, s, n);
    size_t at = find(s, n, 0, HDR_COMPONENTS), hl = lit_len(HDR_COMPONENTS);
    size_t lead = skip_spaces(s, n, 0);
    if (lead == n || starts(s + lead, n - lead, NO_INFO)) /* n, not n - lead, read past the end */
        return;
    const char *g = s;
    size_t gl = at == n ? 0 : at;
    size_t body = at == n ? 0 : at + hl;
    for (;;) {
        size_t next = find(s, n, body, HDR_COMPONENTS);
        trim_marks(&g, &gl);
        char *group = gl ? mc_strndup(g, gl) : NULL;
        size_t tail = body + component_rows(p, group, s + body, next - body);
        if (next == n) {
            if (skip_spaces(s, n, tail) < n) {
                add_component(p, group, s + tail, n - tail, NULL);
                mc_procedure_problem(p, "components", "a row without counts: \"%.*s\"",
                                     "một dòng không có số lượng: \"%.*s\"", (int)(n - tail > 80 ? 80 : n - tail),
                                     s + tail);
            }
            mc_free(group);
            break;
        }
        mc_free(group);
        g = s + tail, gl = next - tail;
        body = next + hl;
    }
}

/* ---- legal basis: "Tên văn bản pháp lýMã văn bảnLuật ...02/2011/QH13..." */

static int upper_at(const char *s, size_t n, size_t *len)
{
    if (n && s[0] >= 'A' && s[0] <= 'Z') {
        *len = 1;
        return 1;
    }
    if (starts(s, n, "Đ")) {
        *len = lit_len("Đ");
        return 1;
    }
    return 0;
}

/* One part of a symbol's tail: capitals, "TTg", optional digits ("QH13")
 * unless they begin the next symbol ("CP05/2012/..."). */
static size_t symbol_part(const char *s, size_t n)
{
    size_t i = 0, l, last = 0;
    while (i < n && upper_at(s + i, n - i, &l))
        last = i, i += l;
    if (!i)
        return 0;
    if (i < n && s[i] == 'g' && i >= 2 && !memcmp(s + i - 2, "TT", 2) &&
        (!letter_at(s + i + 1, n - i - 1) || upper_at_cp(s + i + 1, n - i - 1)))
        return i + 1;
    size_t d = count_digits(s + i, n - i);
    if (d && d <= 2 && !(i + d < n && s[i + d] == '/'))
        return i + d;
    if (d > 2 && i + d < n && s[i + d] == '/' && i >= 2 && !memcmp(s + i - 2, "QH", 2))
        return i + 2; /* "QH1354/2014/QH13": the legislature, then the next symbol */
    if (i < n && letter_at(s + i, n - i) && last > 0 && !is_digit(s[i]))
        return last; /* "NĐ-CPVề": the V starts the next title */
    return i;
}

/* A document symbol "123/2015/NĐ-CP", "02/2011/QH13", "45/QĐ-TTg" at s. */
static size_t symbol_at(const char *s, size_t n)
{
    size_t d = count_digits(s, n), i;
    if (!d || d > 4 || d >= n || s[d] != '/')
        return 0;
    i = d + 1;
    size_t y = count_digits(s + i, n - i);
    if (y == 4 && i + 4 < n && s[i + 4] == '/')
        i += 5;
    size_t m = symbol_part(s + i, n - i);
    if (!m)
        return 0;
    i += m;
    while (i + 1 < n && s[i] == '-' && (m = symbol_part(s + i + 1, n - i - 1)))
        i += 1 + m;
    return i;
}

static void set_symbol(struct mc_proc_legal *l, const char *s, size_t n)
{
    mc_proc_set(&l->symbol, s, n);
    size_t i = 0;
    while (i < n && s[i] != '/')
        i++;
    size_t t = i + 1;
    if (t + 5 <= n && count_digits(s + t, n - t) == 4 && s[t + 4] == '/')
        t += 5;
    size_t dash = t;
    while (dash < n && s[dash] != '-')
        dash++;
    size_t tl = t;
    while (tl < dash && !is_digit(s[tl]))
        tl++;
    if (t < n)
        mc_proc_set(&l->doc_type, s + t, tl - t);
    if (dash < n)
        mc_proc_set(&l->issuer, s + dash + 1, n - dash - 1);
    else if (t < n)
        mc_proc_set(&l->issuer, s + t, n - t);
}

/* "ngày 26/12/2013" or "ngày 14 tháng 11 năm 2025" inside a title. */
static void find_date(const char *s, size_t n, char out[11])
{
    for (size_t i = find(s, n, 0, "ngày "); i < n; i = find(s, n, i + 1, "ngày ")) {
        size_t j = i + lit_len("ngày "), a = count_digits(s + j, n - j);
        int dd = 0, mm = 0, yy = 0;
        if (!a || a > 2)
            continue;
        for (size_t k = 0; k < a; k++)
            dd = dd * 10 + (s[j + k] - '0');
        j += a;
        size_t sep = j < n && s[j] == '/' ? 1 : mc_fold_prefix(s + j, n - j, " thang ");
        size_t b = count_digits(s + j + sep, n - j - sep);
        if (!sep || !b || b > 2)
            continue;
        for (size_t k = 0; k < b; k++)
            mm = mm * 10 + (s[j + sep + k] - '0');
        j += sep + b;
        sep = j < n && s[j] == '/' ? 1 : mc_fold_prefix(s + j, n - j, " nam ");
        if (!sep || count_digits(s + j + sep, n - j - sep) != 4)
            continue;
        for (size_t k = 0; k < 4; k++)
            yy = yy * 10 + (s[j + sep + k] - '0');
        if (mc_date_valid(yy, mm, dd)) {
            mc_date_iso(mc_days_from_civil(yy, mm, dd), out);
            return;
        }
    }
}

static void add_legal(struct mc_procedure *p, const char *t, size_t tn, const char *sym, size_t sn)
{
    struct mc_proc_legal *l = mc_procedure_add_legal(p);
    mc_proc_set(&l->raw, t, tn + sn);
    mc_proc_set(&l->title, t, tn);
    if (sn)
        set_symbol(l, sym, sn);
    find_date(t, tn, l->date);
}

void mc_cat_parse_legal(struct mc_procedure *p, const char *s, size_t n)
{
    mc_proc_set(&p->raw_legal, s, n);
    size_t i = starts(s, n, HDR_LEGAL) ? lit_len(HDR_LEGAL) : 0, title = i;
    if (skip_spaces(s, n, i) == n || starts(s + skip_spaces(s, n, i), n - skip_spaces(s, n, i), NO_INFO))
        return;
    size_t prev = 0, prev_end = (size_t)-1; /* the last symbol skipped inside a title */
    for (; i < n; i++) {
        if (i == prev_end && n - i >= prev_end - prev && !memcmp(s + i, s + prev, prev_end - prev)) {
            /* "Nghị định 05/2012/NĐ-CP05/2012/NĐ-CP": the code cell repeats the title's symbol */
            add_legal(p, s + title, i - title, s + i, prev_end - prev);
            title = i + (prev_end - prev);
            i = title - 1;
            continue;
        }
        if (!is_digit(s[i]) || (i > 0 && (is_digit(s[i - 1]) || s[i - 1] == '/')))
            continue;
        size_t start = i, d = count_digits(s + i, n - i);
        int glued = i == title || !is_space(s[i - 1]);
        if (d > 4 && d - 4 <= 4 && (s[i] == '1' || s[i] == '2'))
            start = i + 4, glued = 1; /* "năm 201102/2011/QH13": a year glued to the number */
        size_t m = symbol_at(s + start, n - start);
        if (!m)
            continue;
        size_t e = start + m;
        if (!glued || (e < n && (is_space(s[e]) || strchr(".,;:)", s[e])))) {
            prev = start, prev_end = e;
            i = e - 1; /* a symbol inside a title: skip it whole */
            continue;
        }
        add_legal(p, s + title, start - title, s + start, m);
        title = e;
        i = e - 1;
    }
    if (skip_spaces(s, n, title) < n) {
        add_legal(p, s + title, n - title, NULL, 0);
        mc_procedure_problem(p, "legal_basis", "a document without a symbol: \"%.*s\"",
                             "một văn bản không có số hiệu: \"%.*s\"", (int)(n - title > 80 ? 80 : n - title),
                             s + title);
    }
}

/* ---- results: "Quyết định ...Mã: KQ.G01.00262Từ khóa...Mô tả..." --------- */

/* A result code "KQ.G01.00262", "Test_P001": letters, digits, '.', '_', '-';
 * a capital right after a digit starts the next result's name. */
static size_t result_code_at(const char *s, size_t n)
{
    size_t i = 0;
    for (; i < n; i++) {
        char c = s[i];
        int upper = c >= 'A' && c <= 'Z';
        if (upper && i > 0 && is_digit(s[i - 1]))
            break;
        if (!(upper || (c >= 'a' && c <= 'z') || is_digit(c) || c == '.' || c == '_' || c == '-'))
            break;
    }
    while (i > 0 && (s[i - 1] == '.' || s[i - 1] == '-'))
        i--;
    return i;
}

void mc_cat_parse_results(struct mc_procedure *p, const char *s, size_t n)
{
    mc_proc_set(&p->raw_result, s, n);
    size_t end = find(s, n, 0, "Từ khóa"), name = 0;
    if (skip_spaces(s, end, 0) == end || starts(s, end, NO_INFO))
        return;
    for (size_t i = find(s, end, 0, "Mã:"); i < end; i = find(s, end, name, "Mã:")) {
        size_t c = skip_spaces(s, end, i + lit_len("Mã:")), m = result_code_at(s + c, end - c);
        struct mc_proc_result *r = mc_procedure_add_result(p);
        mc_proc_set(&r->name, s + name, i - name);
        mc_proc_set(&r->code, s + c, m);
        if (!m)
            mc_procedure_problem(p, "result", "result code not understood", "không hiểu mã kết quả");
        name = c + m;
    }
    if (skip_spaces(s, end, name) < end) {
        struct mc_proc_result *r = mc_procedure_add_result(p);
        mc_proc_set(&r->name, s + name, end - name);
    }
}

/* ---- level and derived fields ------------------------------------------ */

void mc_cat_parse_level(struct mc_procedure *p, const char *s, size_t n)
{
    static const struct {
        const char *pat;
        unsigned bit;
    } levels[] = {{"cap bo", MC_LEVEL_MINISTRY},   {"cap trung uong", MC_LEVEL_MINISTRY},
                  {"cap tinh", MC_LEVEL_PROVINCE}, {"cap huyen", MC_LEVEL_DISTRICT},
                  {"cap xa", MC_LEVEL_COMMUNE},    {"co quan khac", MC_LEVEL_OTHER}};
    mc_proc_set(&p->level_text, s, n);
    p->level = 0;
    for (size_t i = 0; i < n;) {
        size_t e = i;
        while (e < n && s[e] != ',' && s[e] != ';')
            e++;
        size_t b = skip_spaces(s, e, i), k, found = 0;
        for (k = 0; k < sizeof(levels) / sizeof(levels[0]) && !found; k++) {
            found = mc_fold_prefix(s + b, e - b, levels[k].pat);
            if (found)
                p->level |= levels[k].bit;
        }
        if (!found && b < e)
            mc_procedure_problem(p, "level", "level \"%.*s\" not understood", "không hiểu cấp \"%.*s\"", (int)(e - b),
                                 s + b);
        i = e + 1;
    }
}

void mc_cat_derive(struct mc_procedure *p)
{
    if (p->nchannels && !mc_procedure_channel(p, MC_CHANNEL_ONLINE) && p->online_kind == MC_ONLINE_UNKNOWN)
        p->online_kind = MC_ONLINE_NONE;
}
