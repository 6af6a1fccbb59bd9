/* lunar.c - the Vietnamese lunar calendar as a table of month starts.
 *
 * The astronomy (new moons after Meeus, the sun's apparent longitude) runs
 * only while the table is built; conversions are table look-ups. Day numbers
 * in the astronomy are Julian day numbers (JDN) of local (UTC+7) dates. */
#include "calendar/lunar.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>

#include "core/alloc.h"
#include "core/err.h"
#include "core/log.h"
#include "core/time.h"
#include "core/banned.h"

#define JDN_EPOCH 2440588 /* JDN of 1970-01-01 */
#define TZ_DAYS (7.0 / 24.0)
#define SYNODIC 29.530588853
#define JD_1900_NM 2415021.076998695 /* a new moon near 1900-01-01, the k = 0 of the series */
#define DEG (M_PI / 180.0)
/* The table covers the suis (month 11 to month 11) ending in these years. */
#define SUI_FIRST (MC_CAL_FIRST_YEAR - 1)
#define SUI_LAST (MC_CAL_LAST_YEAR + 2)
#define MAX_MONTHS ((SUI_LAST - SUI_FIRST + 1) * 13)

struct month {
    int32_t start; /* day number (since 1970-01-01) of day 1 */
    int16_t year;
    uint8_t month;
    uint8_t leap;
};

struct mc_lunar {
    struct month *months;
    size_t n;                                      /* months[n] is a sentinel: start of the month after */
    int32_t first_month[SUI_LAST - SUI_FIRST + 1]; /* index of month 1 of lunar year SUI_FIRST + i */
};

/* Julian date (UT) of the k-th new moon after 1900-01-01: the mean phase
 * plus the largest periodic terms, minus ΔT (Meeus's series as used by
 * Hồ Ngọc Đức). */
static double new_moon_jd(int k)
{
    double t = k / 1236.85, t2 = t * t, t3 = t2 * t;
    double jd = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3;
    jd += 0.00033 * sin((166.56 + 132.87 * t - 0.009173 * t2) * DEG);
    double m = (359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3) * DEG;   /* sun's anomaly */
    double mp = (306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3) * DEG; /* moon's anomaly */
    double f = (21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3) * DEG;   /* moon's latitude */
    double c = (0.1734 - 0.000393 * t) * sin(m) + 0.0021 * sin(2 * m);
    c += -0.4068 * sin(mp) + 0.0161 * sin(2 * mp) - 0.0004 * sin(3 * mp);
    c += 0.0104 * sin(2 * f) - 0.0051 * sin(m + mp) - 0.0074 * sin(m - mp);
    c += 0.0004 * sin(2 * f + m) - 0.0004 * sin(2 * f - m) - 0.0006 * sin(2 * f + mp);
    c += 0.0010 * sin(2 * f - mp) + 0.0005 * sin(2 * mp + m);
    double dt;
    if (t < -11)
        dt = 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3;
    else
        dt = -0.000278 + 0.000265 * t + 0.000262 * t2;
    return jd + c - dt;
}

/* JDN of the local day holding the k-th new moon. */
static int64_t new_moon_day(int k)
{
    return (int64_t)floor(new_moon_jd(k) + 0.5 + TZ_DAYS);
}

/* The sun's apparent longitude (radians, 0..2π) at Julian date jd. */
static double sun_longitude(double jd)
{
    double t = (jd - 2451545.0) / 36525, t2 = t * t;
    double m = (357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2) * DEG;
    double l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
    double dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * sin(m);
    dl += (0.019993 - 0.000101 * t) * sin(2 * m) + 0.000290 * sin(3 * m);
    double l = (l0 + dl) * DEG;
    return l - 2 * M_PI * floor(l / (2 * M_PI));
}

/* Which 30° sector (0..11) the sun is in at local midnight opening day jdn;
 * a month whose start and end share a sector holds no principal term. */
static int sun_sector(int64_t jdn)
{
    return (int)floor(sun_longitude((double)jdn - 0.5 - TZ_DAYS) / M_PI * 6);
}

static int month_index_near(int64_t jdn)
{
    return (int)floor(((double)jdn - JD_1900_NM) / SYNODIC + 0.5);
}

/* JDN of the first day of month 11 (the month holding the winter solstice)
 * of solar year y. */
static int64_t month11(int y)
{
    int64_t off = mc_days_from_civil(y, 12, 31) + JDN_EPOCH - 2415021;
    int k = (int)floor((double)off / SYNODIC);
    int64_t nm = new_moon_day(k);
    if (sun_sector(nm) >= 9)
        nm = new_moon_day(k - 1);
    return nm;
}

/* In a 13-month sui starting at month 11 (JDN a11), the offset (1..12) of
 * the first month without a principal term: the leap month. */
static int leap_offset(int64_t a11)
{
    int k = month_index_near(a11);
    int i = 1;
    int arc = sun_sector(new_moon_day(k + i));
    int last;
    do {
        last = arc;
        i++;
        arc = sun_sector(new_moon_day(k + i));
    } while (arc != last && i < 14);
    return i - 1;
}

/* Appends the months of the sui from month 11 of solar year y - 1 up to
 * (not including) month 11 of year y; the lunar year of months 1..10 is y. */
static void add_sui(struct mc_lunar *lt, int y)
{
    int64_t a11 = month11(y - 1), b11 = month11(y);
    int k0 = month_index_near(a11);
    int count = (int)floor((double)(b11 - a11) / SYNODIC + 0.5);
    int leap_at = count == 13 ? leap_offset(a11) : 99;
    MC_ASSERT(count == 12 || count == 13);
    MC_ASSERT(new_moon_day(k0) == a11 && new_moon_day(k0 + count) == b11);
    for (int i = 0; i < count; i++) {
        struct month *mo = &lt->months[lt->n++];
        int m = i >= leap_at ? i + 10 : i + 11;
        mo->start = (int32_t)(new_moon_day(k0 + i) - JDN_EPOCH);
        mo->leap = i == leap_at;
        mo->month = (uint8_t)(m > 12 ? m - 12 : m);
        mo->year = (int16_t)(mo->month >= 11 && i < 4 ? y - 1 : y);
        if (mo->month == 1 && !mo->leap && y <= SUI_LAST)
            lt->first_month[y - SUI_FIRST] = (int32_t)(lt->n - 1);
    }
    lt->months[lt->n].start = (int32_t)(b11 - JDN_EPOCH);
}

struct mc_lunar *mc_lunar_new(void)
{
    struct mc_lunar *lt = mc_calloc(1, sizeof(*lt));
    lt->months = mc_calloc(MAX_MONTHS + 1, sizeof(*lt->months));
    for (int y = SUI_FIRST; y <= SUI_LAST; y++)
        add_sui(lt, y);
    return lt;
}

void mc_lunar_free(struct mc_lunar *lt)
{
    if (!lt)
        return;
    mc_free(lt->months);
    mc_free(lt);
}

int64_t mc_lunar_min_day(void)
{
    return mc_days_from_civil(MC_CAL_FIRST_YEAR, 1, 1);
}

int64_t mc_lunar_max_day(void)
{
    return mc_days_from_civil(MC_CAL_LAST_YEAR, 12, 31);
}

mc_err mc_lunar_check_day(int64_t day, const char *field, struct mc_error *e)
{
    if (day >= mc_lunar_min_day() && day <= mc_lunar_max_day())
        return MC_OK;
    mc_error_setf(e, MC_ERR_RANGE, 400, "out_of_range", "Trường \"%s\": ngày nằm ngoài phạm vi 1900-2199",
                  "Field \"%s\": date outside the range 1900-2199", field);
    mc_error_detail_str(e, "field", field);
    return MC_ERR_RANGE;
}

static void fill_date(const struct mc_lunar *lt, size_t i, int64_t day, struct mc_lunar_date *out)
{
    const struct month *mo = &lt->months[i];
    out->day = (int)(day - mo->start) + 1;
    out->month = mo->month;
    out->year = mo->year;
    out->leap = mo->leap;
    out->month_days = (int)(lt->months[i + 1].start - mo->start);
}

mc_err mc_lunar_from_solar(const struct mc_lunar *lt, int64_t day, struct mc_lunar_date *out, struct mc_error *e)
{
    mc_err err = mc_lunar_check_day(day, "date", e);
    if (err)
        return err;
    size_t lo = 0, hi = lt->n; /* months[lo].start <= day < months[hi].start */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (lt->months[mid].start <= day)
            lo = mid;
        else
            hi = mid;
    }
    fill_date(lt, lo, day, out);
    return MC_OK;
}

static mc_err check_lunar_fields(int day, int month, int year, struct mc_error *e)
{
    /* The last months of lunar 1899 fall in January 1900. */
    if (year < MC_CAL_FIRST_YEAR - 1 || year > MC_CAL_LAST_YEAR) {
        mc_error_set(e, MC_ERR_RANGE, 400, "out_of_range", "Trường \"year\": năm âm lịch nằm ngoài phạm vi 1900-2199",
                     "Field \"year\": lunar year outside the range 1900-2199");
        mc_error_detail_str(e, "field", "year");
        return MC_ERR_RANGE;
    }
    if (month < 1 || month > 12)
        return mc_error_field(e, "month", "Trường \"month\": tháng âm lịch phải từ 1 đến 12",
                              "Field \"month\": the lunar month must be 1 to 12");
    if (day < 1 || day > 30)
        return mc_error_field(e, "day", "Trường \"day\": ngày âm lịch phải từ 1 đến 30",
                              "Field \"day\": the lunar day must be 1 to 30");
    return MC_OK;
}

mc_err mc_lunar_to_solar(const struct mc_lunar *lt, int day, int month, int year, int leap, int64_t *out,
                         struct mc_error *e)
{
    mc_err err = check_lunar_fields(day, month, year, e);
    if (err)
        return err;
    size_t i = (size_t)lt->first_month[year - SUI_FIRST];
    while (i < lt->n && lt->months[i].year == year && (lt->months[i].month != month || lt->months[i].leap != !!leap))
        i++;
    if (i >= lt->n || lt->months[i].year != year)
        return mc_error_field(e, "leap", "Trường \"leap\": năm âm lịch này không có tháng nhuận đó",
                              "Field \"leap\": this lunar year has no such leap month");
    if (day > lt->months[i + 1].start - lt->months[i].start)
        return mc_error_field(e, "day", "Trường \"day\": tháng âm lịch này chỉ có 29 ngày",
                              "Field \"day\": this lunar month has only 29 days");
    int64_t solar = lt->months[i].start + day - 1;
    err = mc_lunar_check_day(solar, "date", e);
    if (err)
        return err;
    *out = solar;
    return MC_OK;
}

void mc_lunar_year_name(int year, char *out, size_t cap)
{
    static const char *const stems[10] = {"Giáp", "Ất", "Bính", "Đinh", "Mậu", "Kỷ", "Canh", "Tân", "Nhâm", "Quý"};
    static const char *const branches[12] = {"Tý",  "Sửu", "Dần",  "Mão", "Thìn", "Tỵ",
                                             "Ngọ", "Mùi", "Thân", "Dậu", "Tuất", "Hợi"};
    int s = ((year + 6) % 10 + 10) % 10, b = ((year + 8) % 12 + 12) % 12;
    snprintf(out, cap, "%s %s", stems[s], branches[b]);
}
