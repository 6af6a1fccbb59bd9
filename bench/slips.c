/* bench/slips.c - slips rendered per second and the time of a large
 * processing-control sheet (issue 7), in process, on one thread per core as
 * the server's worker pool renders them. Lines in the format of bench/lib.sh's
 * result. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/time.h"
#include "render/font.h"
#include "render/slip.h"
#include "core/banned.h"

#define FONT "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
#define FONT_BOLD "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"

static struct mc_fonts fonts;

static void result(const char *name, double v, const char *unit, const char *op, double target)
{
    int ok = !strcmp(op, ">=") ? v >= target : v <= target;
    char value[32], tgt[32];
    snprintf(value, sizeof(value), "%.1f", v);
    snprintf(tgt, sizeof(tgt), "%.0f", target);
    printf("%-32s %12s %-8s target %s %-10s %s\n", name, value, unit, op, tgt, ok ? "PASS" : "FAIL");
}

static void event(struct mc_slip_input *in, const char *action, int from, int to, int64_t at)
{
    struct mc_slip_event ev = {.at = at, .due_at = at + 10 * 86400, .from = from, .to = to};
    snprintf(ev.action, sizeof(ev.action), "%s", action);
    mc_slip_input_event(in, &ev, "Trần Văn Minh (Chuyên viên)", "Sở Khoa học và Công nghệ",
                        "Đã thẩm định hồ sơ, chuyển bước tiếp theo");
}

static void fixture(struct mc_slip_input *in, const char *kind, int events)
{
    int64_t t0 = mc_time_now();
    mc_slip_input_init(in);
    in->rules = "03/2025";
    in->kind = kind;
    in->now = t0;
    snprintf(in->public_url, sizeof(in->public_url), "https://dichvucong.thanhhoa.gov.vn");
    snprintf(in->place, sizeof(in->place), "Thanh Hóa");
    snprintf(in->agency, sizeof(in->agency), "Sở Khoa học và Công nghệ");
    snprintf(in->parent, sizeof(in->parent), "Ủy ban nhân dân tỉnh Thanh Hóa");
    struct mc_dossier *d = &in->d;
    snprintf(d->code, sizeof(d->code), "000.00.06.H56-261123-0042");
    snprintf(d->applicant_name, sizeof(d->applicant_name), "Nguyễn Văn Ánh");
    snprintf(d->applicant_id_kind, sizeof(d->applicant_id_kind), "cccd");
    snprintf(d->applicant_id, sizeof(d->applicant_id), "038090012345");
    snprintf(d->applicant_phone, sizeof(d->applicant_phone), "0912345678");
    snprintf(d->applicant_address, sizeof(d->applicant_address), "Số 1 Lê Lợi, phường Hạc Thành, tỉnh Thanh Hóa");
    snprintf(d->procedure_name, sizeof(d->procedure_name), "Cấp giấy phép xuất bản bản tin");
    snprintf(d->time_unit, sizeof(d->time_unit), "wd");
    d->time_amount = 10;
    d->channel = 1;
    d->received_at = t0;
    d->due_at = t0 + 14 * 86400;
    d->ncomponents = 3;
    const char *names[] = {"Đơn đề nghị cấp giấy phép", "Bản sao quyết định thành lập", "Mẫu trình bày bản tin"};
    for (int i = 0; i < 3; i++) {
        snprintf(d->components[i].name, sizeof(d->components[i].name), "%s", names[i]);
        d->components[i].originals = 1;
    }
    event(in, "receive", 0, 2, t0);
    for (int i = 1; i < events; i++)
        event(in, i == 1 ? "forward" : "complete_step", i == 1 ? 2 : 4, 4, t0 + i * 60);
}

struct worker {
    int64_t until;
    long done;
    size_t bytes;
};

static void *receipts(void *arg)
{
    struct worker *w = arg;
    struct mc_slip_input in;
    struct mc_buf out;
    struct mc_error e;
    fixture(&in, "receipt", 1);
    mc_buf_init(&out, 0);
    while (mc_clock_ms() < w->until) {
        mc_error_init(&e);
        if (mc_slip_render(&fonts, &in, &out, NULL, &e) == MC_OK) {
            w->done++;
            w->bytes = out.len;
        }
    }
    mc_buf_release(&out);
    mc_slip_input_release(&in);
    return NULL;
}

static double control_sheet_ms(void)
{
    struct mc_slip_input in;
    struct mc_buf out;
    struct mc_error e;
    double best = 1e9;
    fixture(&in, "control_sheet", 200);
    mc_buf_init(&out, 0);
    for (int i = 0; i < 5; i++) {
        int64_t t = mc_clock_ms();
        mc_error_init(&e);
        mc_slip_render(&fonts, &in, &out, NULL, &e);
        double ms = (double)(mc_clock_ms() - t);
        best = ms < best ? ms : best;
    }
    mc_buf_release(&out);
    mc_slip_input_release(&in);
    return best;
}

int main(void)
{
    struct mc_error e;
    mc_error_init(&e);
    if (mc_fonts_open(&fonts, FONT, FONT_BOLD, &e)) {
        printf("slips: no fonts (%s)\n", e.message_en);
        return 0;
    }
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    n = n < 1 ? 1 : n > 16 ? 16 : n;
    pthread_t th[16];
    struct worker w[16];
    int64_t start = mc_clock_ms();
    for (long i = 0; i < n; i++) {
        w[i] = (struct worker){.until = start + 3000};
        pthread_create(&th[i], NULL, receipts, &w[i]);
    }
    long total = 0;
    for (long i = 0; i < n; i++) {
        pthread_join(th[i], NULL);
        total += w[i].done;
    }
    result("slips.receipt_per_s", (double)total * 1000.0 / (double)(mc_clock_ms() - start), "slips/s", ">=", 200);
    printf("%-32s %12.1f kB\n", "slips.receipt_size", (double)w[0].bytes / 1024.0);
    result("slips.control_sheet_200_rows", control_sheet_ms(), "ms", "<=", 200);
    mc_fonts_release(&fonts);
    return 0;
}
