/* report.c - the counting rules of Biểu 06 and Decision 766 (report.h). */
#include "domain/report.h"

#include <string.h>

#include "core/time.h"
#include "domain/dossier.h"
#include "domain/procedure.h"
#include "core/banned.h"

void mc_report_period_init(struct mc_report_period *p, int64_t from_day, int64_t to_day)
{
    p->from_day = from_day;
    p->to_day = to_day;
    p->from_at = from_day * 86400 - MC_TZ_OFFSET;
    p->to_end = (to_day + 1) * 86400 - MC_TZ_OFFSET;
}

mc_err mc_report_period_parse(const char *from, const char *to, int64_t max_days, struct mc_report_period *p,
                              struct mc_error *err)
{
    int64_t f, t;
    if (!from || mc_date_parse(from, strlen(from), &f))
        return mc_error_field(err, "from", "Ngày bắt đầu kỳ báo cáo phải có dạng YYYY-MM-DD",
                              "The period start must be a date YYYY-MM-DD");
    if (!to || mc_date_parse(to, strlen(to), &t))
        return mc_error_field(err, "to", "Ngày kết thúc kỳ báo cáo phải có dạng YYYY-MM-DD",
                              "The period end must be a date YYYY-MM-DD");
    if (t < f)
        return mc_error_field(err, "to", "Ngày kết thúc phải sau ngày bắt đầu",
                              "The period must not end before it starts");
    if (t - f + 1 > max_days)
        return mc_error_field(err, "to", "Kỳ báo cáo quá dài", "The period is too long");
    mc_report_period_init(p, f, t);
    return MC_OK;
}

int64_t mc_report_day(int64_t t)
{
    int64_t l = t + MC_TZ_OFFSET;
    return l >= 0 ? l / 86400 : (l - 86399) / 86400;
}

int mc_report_overdue_at(int64_t due, int64_t to_day)
{
    return mc_report_day(due) < to_day;
}

unsigned mc_bieu06_columns(const struct mc_report_facts *f, const struct mc_report_period *p)
{
    if (f->status == MC_ST_SUBMITTED || f->status == MC_ST_REFUSED || !f->received_at || f->received_at >= p->to_end)
        return 0;
    if (f->finished_at && f->finished_at < p->from_at && f->received_at < p->from_at)
        return 0; /* finished before the period: not carried over */
    unsigned m = MC_B06_COL(3);
    if (f->received_at < p->from_at)
        m |= MC_B06_COL(6);
    else
        m |= f->channel == MC_CHANNEL_ONLINE ? MC_B06_COL(4) : MC_B06_COL(5);
    int closing = f->status == MC_ST_WITHDRAWN || f->status == MC_ST_RESOLVED || f->status == MC_ST_DELIVERED;
    if (closing && f->finished_at && f->finished_at < p->to_end) {
        m |= MC_B06_COL(7);
        if (f->status == MC_ST_WITHDRAWN || !f->due_at)
            return m | MC_B06_COL(9);
        const char *t = mc_dossier_timeliness(f->finished_at, f->due_at);
        return m | (!strcmp(t, "early") ? MC_B06_COL(8) : !strcmp(t, "late") ? MC_B06_COL(10) : MC_B06_COL(9));
    }
    m |= MC_B06_COL(11);
    int paused = f->status == MC_ST_SUPPLEMENT || f->status == MC_ST_PAYMENT ||
                 (f->status == MC_ST_STOPPED && f->finished_at && f->finished_at < p->to_end);
    if (paused || !f->due_at || !mc_report_overdue_at(f->due_at, p->to_day))
        return m | MC_B06_COL(12);
    return m | MC_B06_COL(13);
}

void mc_b06_add_mask(struct mc_b06_counts *x, unsigned mask)
{
    for (int c = 3; c < MC_B06_NCOLS; c++)
        if (mask & MC_B06_COL(c))
            x->c[c]++;
}

void mc_b06_add(struct mc_b06_counts *x, const struct mc_b06_counts *y)
{
    for (int c = 3; c < MC_B06_NCOLS; c++)
        x->c[c] += y->c[c];
}

int mc_b06_check(const struct mc_b06_counts *x)
{
    const int64_t *c = x->c;
    if (c[3] != c[4] + c[5] + c[6] || c[3] != c[7] + c[11])
        return 3;
    if (c[7] != c[8] + c[9] + c[10])
        return 7;
    if (c[11] != c[12] + c[13])
        return 11;
    return 0;
}

/* ---- levels ---- */

const char *const mc_report_agency_level_names[] = {"ministry", "district", "town",     "city",
                                                    "commune",  "ward",     "township", NULL};
const unsigned mc_report_agency_level_bits[] = {
    MC_LEVEL_MINISTRY, MC_LEVEL_DISTRICT, MC_LEVEL_DISTRICT, MC_LEVEL_DISTRICT,
    MC_LEVEL_COMMUNE,  MC_LEVEL_COMMUNE,  MC_LEVEL_COMMUNE,  0};

unsigned mc_report_agency_level(const char *agency_level)
{
    for (int i = 0; agency_level && mc_report_agency_level_names[i]; i++)
        if (!strcmp(agency_level, mc_report_agency_level_names[i]))
            return mc_report_agency_level_bits[i];
    return MC_LEVEL_PROVINCE;
}

unsigned mc_report_level(unsigned proc_level, const char *agency_level)
{
    unsigned a = mc_report_agency_level(agency_level);
    if (!proc_level || (proc_level & a))
        return a;
    return proc_level & (~proc_level + 1u);
}

static const struct {
    unsigned bit;
    const char *code, *vi, *en;
} levels[] = {
    {MC_LEVEL_MINISTRY, "ministry", "Cấp bộ", "Ministry"},    {MC_LEVEL_PROVINCE, "province", "Cấp tỉnh", "Province"},
    {MC_LEVEL_DISTRICT, "district", "Cấp huyện", "District"}, {MC_LEVEL_COMMUNE, "commune", "Cấp xã", "Commune"},
    {MC_LEVEL_OTHER, "other", "Cơ quan khác", "Other"},
};

const char *mc_report_level_name(unsigned bit, int en)
{
    for (size_t i = 0; i < sizeof(levels) / sizeof(levels[0]); i++)
        if (levels[i].bit == bit)
            return en ? levels[i].en : levels[i].vi;
    return en ? "Other" : "Khác";
}

const char *mc_report_level_code(unsigned bit)
{
    for (size_t i = 0; i < sizeof(levels) / sizeof(levels[0]); i++)
        if (levels[i].bit == bit)
            return levels[i].code;
    return "other";
}

unsigned mc_report_level_parse(const char *code)
{
    for (size_t i = 0; code && i < sizeof(levels) / sizeof(levels[0]); i++)
        if (!strcmp(levels[i].code, code))
            return levels[i].bit;
    return 0;
}

/* ---- Decision 766 ---- */

const struct mc_766_group mc_766_groups[MC_766_NGROUPS] = {
    {"publicity",
     "Công khai, minh bạch",
     "Publicity and transparency",
     18,
     2,
     {{"publicity.procedures_published", "Thủ tục công khai đầy đủ nội dung", "Procedures published in full"},
      {"publicity.dossiers_synced", "Hồ sơ đồng bộ lên Cổng DVC quốc gia", "Dossiers synced to the National Portal"}}},
    {"progress",
     "Tiến độ giải quyết",
     "Progress",
     20,
     2,
     {{"progress.resolved_on_time", "Hồ sơ giải quyết đúng hạn", "Dossiers resolved on time"},
      {"progress.in_progress_on_time", "Hồ sơ đang giải quyết trong hạn", "Dossiers in progress within the deadline"}}},
    {"online",
     "Dịch vụ công trực tuyến",
     "Online service",
     12,
     2,
     {{"online.procedures_online", "Thủ tục cung cấp trực tuyến (một phần, toàn trình)",
       "Procedures offered online (partly or fully)"},
      {"online.dossiers_online", "Hồ sơ tiếp nhận trực tuyến", "Dossiers received online"}}},
    {"payment",
     "Thanh toán trực tuyến",
     "Online payment",
     10,
     1,
     {{"payment.online_payment", "Hồ sơ thanh toán trực tuyến", "Dossiers paid online"}}},
    {"satisfaction",
     "Mức độ hài lòng",
     "Satisfaction",
     18,
     2,
     {{"satisfaction.rated_satisfied", "Đánh giá hài lòng (4-5 sao)", "Ratings of 4 or 5 stars"},
      {"satisfaction.complaints_handled", "Phản ánh, kiến nghị được xử lý", "Complaints handled"}}},
    {"digitisation",
     "Số hóa hồ sơ",
     "Digitisation",
     22,
     3,
     {{"digitisation.components_digitised", "Thành phần hồ sơ được số hóa khi tiếp nhận",
       "Components digitised at receipt"},
      {"digitisation.results_digitised", "Kết quả được số hóa", "Results digitised"},
      {"digitisation.components_reused", "Thành phần số hóa được tái sử dụng", "Digitised components reused"}}},
};

double mc_766_fraction(const struct mc_766_value *v)
{
    if (!v->measured || v->den <= 0)
        return -1;
    int target = v->target_pct > 0 && v->target_pct <= 100 ? v->target_pct : 100;
    double r = (double)v->num / (double)v->den * 100.0 / (double)target;
    return r > 1 ? 1 : r;
}
