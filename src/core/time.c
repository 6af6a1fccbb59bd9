#include "core/time.h"

#include <stdio.h>
#include <time.h>

#include "core/banned.h"

int64_t mc_time_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec;
}

int64_t mc_clock_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t mc_days_from_civil(int y, int m, int d)
{
    int64_t yy = (int64_t)y - (m <= 2);
    int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
    int64_t yoe = yy - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void mc_civil_from_days(int64_t z, int *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int dd = (int)(doy - (153 * mp + 2) / 5 + 1);
    int mm = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (mm <= 2));
    *m = mm;
    *d = dd;
}

int mc_days_in_month(int y, int m)
{
    static const int len[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return len[m - 1];
}

int mc_weekday(int64_t days)
{
    int64_t w = (days + 4) % 7; /* 1970-01-01 was a Thursday */
    return (int)(w < 0 ? w + 7 : w);
}

int mc_date_valid(int y, int m, int d)
{
    return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= mc_days_in_month(y, m);
}

void mc_date_iso(int64_t days, char out[11])
{
    int y, m, d;
    mc_civil_from_days(days, &y, &m, &d);
    unsigned uy = (unsigned)(y < 0 ? 0 : y % 10000);
    out[0] = (char)('0' + uy / 1000);
    out[1] = (char)('0' + uy / 100 % 10);
    out[2] = (char)('0' + uy / 10 % 10);
    out[3] = (char)('0' + uy % 10);
    out[4] = '-';
    out[5] = (char)('0' + m / 10);
    out[6] = (char)('0' + m % 10);
    out[7] = '-';
    out[8] = (char)('0' + d / 10);
    out[9] = (char)('0' + d % 10);
    out[10] = '\0';
}

void mc_time_iso(int64_t t, char out[MC_ISO_LEN])
{
    int64_t local = t + MC_TZ_OFFSET;
    int64_t days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
    int64_t sec = local - days * 86400;
    mc_date_iso(days, out);
    snprintf(out + 10, MC_ISO_LEN - 10, "T%02u:%02u:%02u+07:00", (unsigned)(sec / 3600) % 24u,
             (unsigned)(sec / 60 % 60), (unsigned)(sec % 60));
}

/* Reads exactly n digits at s[*i]; -1 when they are not all digits. */
static int digits(const char *s, size_t len, size_t *i, int n)
{
    int v = 0;
    for (int k = 0; k < n; k++) {
        if (*i >= len || s[*i] < '0' || s[*i] > '9')
            return -1;
        v = v * 10 + (s[(*i)++] - '0');
    }
    return v;
}

static int expect(const char *s, size_t len, size_t *i, char c)
{
    if (*i >= len || s[*i] != c)
        return 0;
    (*i)++;
    return 1;
}

static mc_err parse_date_at(const char *s, size_t len, size_t *i, int64_t *days)
{
    int y = digits(s, len, i, 4);
    if (y < 0 || !expect(s, len, i, '-'))
        return MC_ERR_INVALID;
    int m = digits(s, len, i, 2);
    if (m < 0 || !expect(s, len, i, '-'))
        return MC_ERR_INVALID;
    int d = digits(s, len, i, 2);
    if (d < 0 || !mc_date_valid(y, m, d))
        return MC_ERR_INVALID;
    *days = mc_days_from_civil(y, m, d);
    return MC_OK;
}

mc_err mc_date_parse(const char *s, size_t len, int64_t *days)
{
    size_t i = 0;
    if (parse_date_at(s, len, &i, days) || i != len)
        return MC_ERR_INVALID;
    return MC_OK;
}

static mc_err parse_offset(const char *s, size_t len, size_t *i, int *offset)
{
    *offset = MC_TZ_OFFSET;
    if (*i == len)
        return MC_OK;
    if (s[*i] == 'Z' || s[*i] == 'z') {
        (*i)++;
        *offset = 0;
        return MC_OK;
    }
    int sign = s[*i] == '+' ? 1 : s[*i] == '-' ? -1 : 0;
    if (!sign)
        return MC_ERR_INVALID;
    (*i)++;
    int hh = digits(s, len, i, 2);
    if (hh < 0 || hh > 14)
        return MC_ERR_INVALID;
    expect(s, len, i, ':');
    int mm = digits(s, len, i, 2);
    if (mm < 0 || mm > 59)
        return MC_ERR_INVALID;
    *offset = sign * (hh * 3600 + mm * 60);
    return MC_OK;
}

mc_err mc_time_parse(const char *s, size_t len, int64_t *t)
{
    size_t i = 0;
    int64_t days;
    int hh = 0, mi = 0, ss = 0, offset;
    if (parse_date_at(s, len, &i, &days))
        return MC_ERR_INVALID;
    if (i < len && (s[i] == 'T' || s[i] == 't' || s[i] == ' ')) {
        i++;
        hh = digits(s, len, &i, 2);
        if (hh < 0 || hh > 23 || !expect(s, len, &i, ':'))
            return MC_ERR_INVALID;
        mi = digits(s, len, &i, 2);
        if (mi < 0 || mi > 59)
            return MC_ERR_INVALID;
        if (expect(s, len, &i, ':')) {
            ss = digits(s, len, &i, 2);
            if (ss < 0 || ss > 59)
                return MC_ERR_INVALID;
            if (expect(s, len, &i, '.'))
                while (i < len && s[i] >= '0' && s[i] <= '9')
                    i++;
        }
    }
    if (parse_offset(s, len, &i, &offset) || i != len)
        return MC_ERR_INVALID;
    *t = days * 86400 + hh * 3600 + mi * 60 + ss - offset;
    return MC_OK;
}
