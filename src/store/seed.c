#include "store/seed.h"

#include <stdio.h>
#include <string.h>

#include "core/crypto.h"
#include "integrate/catalogue_import.h"
#include "integrate/catalogue_load.h"
#include "store/accounts.h"
#include "store/store.h"
#include "store/workflow_store.h"
#include "core/banned.h"

struct demo_agency {
    const char *code, *name, *level, *parent; /* parent code, NULL for the root */
};

/* A province of the two-tier present, with the department that now holds the
 * former ICT department's procedures and the service centre with the desk. */
static const struct demo_agency agencies[] = {
    {"000.00.00.H56", "Ủy ban nhân dân tỉnh Thanh Hóa", "province", NULL},
    {"000.00.01.H56", "Văn phòng Ủy ban nhân dân tỉnh", "department", "000.00.00.H56"},
    {"000.00.06.H56", "Sở Khoa học và Công nghệ", "department", "000.00.00.H56"},
    {"000.00.12.H56", "Sở Tư pháp", "department", "000.00.00.H56"},
    {"000.00.15.H56", "Sở Xây dựng", "department", "000.00.00.H56"},
    {"000.00.20.H56", "Trung tâm Phục vụ hành chính công tỉnh", "service_centre", "000.00.00.H56"},
    {"000.06.01.H56", "Phòng Bưu chính, Viễn thông và Chuyển đổi số", "division", "000.00.06.H56"},
    {"000.31.01.H56", "Ủy ban nhân dân phường Hạc Thành", "commune", "000.00.00.H56"},
    {"000.31.02.H56", "Ủy ban nhân dân xã Quảng Phú", "commune", "000.00.00.H56"},
    {"000.31.03.H56", "Ủy ban nhân dân xã Hoằng Hóa", "commune", "000.00.00.H56"},
    {"000.31.04.H56", "Ủy ban nhân dân phường Sầm Sơn", "commune", "000.00.00.H56"},
};

struct demo_account {
    const char *login, *kind, *name, *role, *agency;
};

static const struct demo_account accounts[] = {
    {"admin", "staff", "Quản trị hệ thống", "system_admin", "000.00.00.H56"},
    {"qtdonvi", "staff", "Quản trị Sở Khoa học và Công nghệ", "agency_admin", "000.00.06.H56"},
    /* the provincial service centre receives for every department: its desk
     * officers hold the role on the province */
    {"motcua", "staff", "Nguyễn Thị Lan (Một cửa)", "desk_officer", "000.00.00.H56"},
    {"chuyenvien", "staff", "Trần Văn Minh (Chuyên viên)", "specialist", "000.00.06.H56"},
    {"lanhdao", "staff", "Lê Quang Hùng (Lãnh đạo Sở)", "leader", "000.00.06.H56"},
    {"vanthu", "staff", "Phạm Thị Hoa (Văn thư)", "clerk", "000.00.06.H56"},
    {"bientap", "staff", "Đỗ Minh Châu (Biên tập)", "editor", "000.00.01.H56"},
    {"motcua.xa", "staff", "Hoàng Văn Nam (Một cửa xã)", "desk_officer", "000.31.02.H56"},
    {"chuyenvien.xd", "staff", "Vũ Thị Thu (Chuyên viên Sở Xây dựng)", "specialist", "000.00.15.H56"},
    {"congdan@example.vn", "citizen", "Nguyễn Văn An", "citizen", "000.00.00.H56"},
    {"doanhnghiep@example.vn", "business", "Công ty TNHH Viễn thông Sông Mã", "business", "000.00.00.H56"},
    {"lgsp", "client", "Trục liên thông LGSP tỉnh", "client", "000.00.00.H56"},
};

#define N(a) (sizeof(a) / sizeof(a[0]))

/* src/store/seed/procedures.json (motcua JSON, catalogue.md §2.2), embedded
 * at build time: about 40 procedures of the demo province. The seed is the
 * one place below the API that pulls the layers together, so it loads them
 * through the importer (integrate/catalogue_load.h) like `motcua import`. */
extern const char mc_seed_procedures[];
extern const size_t mc_seed_procedures_len;

static mc_err seed_agencies(struct mc_db *db, struct mc_error *err)
{
    mc_err rc = MC_OK;
    for (size_t i = 0; !rc && i < N(agencies); i++) {
        int64_t parent = 0, id;
        if (agencies[i].parent)
            rc = mc_agency_id_by_code(db, agencies[i].parent, &parent, err);
        if (!rc)
            rc = mc_agency_insert(db, agencies[i].code, agencies[i].name, agencies[i].level, parent, &id, err);
    }
    return rc;
}

static mc_err seed_accounts(struct mc_db *db, const char *hash, struct mc_error *err)
{
    mc_err rc = MC_OK;
    for (size_t i = 0; !rc && i < N(accounts); i++) {
        const struct demo_account *a = &accounts[i];
        struct mc_user u = {0};
        int64_t agency;
        snprintf(u.kind, sizeof(u.kind), "%s", a->kind);
        snprintf(u.login, sizeof(u.login), "%s", a->login);
        snprintf(u.full_name, sizeof(u.full_name), "%s", a->name);
        snprintf(u.status, sizeof(u.status), "active");
        snprintf(u.password_hash, sizeof(u.password_hash), "%s", hash);
        if (strchr(a->login, '@'))
            snprintf(u.email, sizeof(u.email), "%s", a->login);
        rc = mc_user_create(db, &u, err);
        if (!rc)
            rc = mc_agency_id_by_code(db, a->agency, &agency, err);
        if (!rc)
            rc = mc_user_add_role(db, u.id, a->role, agency, err);
    }
    return rc;
}

/* Inside the seed's transaction; a record that fails is a bug in the data. */
static mc_err seed_procedures(struct mc_db *db, struct mc_error *err)
{
    struct mc_catalogue_reader *r;
    struct mc_cat_counts c;
    struct mc_cat_load opt = {.source = "seed", .actor = "seed"};
    mc_err rc = mc_catalogue_reader_open_mem(mc_seed_procedures, mc_seed_procedures_len, "procedures.json",
                                             MC_CAT_FORMAT_JSON, &r, err);
    if (rc)
        return rc;
    rc = mc_catalogue_load(db, r, &opt, &c, err);
    mc_catalogue_reader_free(r);
    if (!rc && (c.failed || c.partial))
        rc = mc_error_setf(err, MC_ERR_INTERNAL, 500, "bad_seed", "Dữ liệu mẫu lỗi: %ld thủ tục hỏng, %ld chưa đủ",
                           "Demo data broken: %ld procedures failed, %ld partial", c.failed, c.partial);
    return rc;
}

/* Workflow templates: the default (a specialist examines, a leader signs),
 * the commune civil-status one, and an inter-agency one (liên thông) where
 * two departments examine in parallel before the leader signs. */
struct demo_step {
    const char *template, *template_name;
    int group;
    const char *name, *role, *agency; /* agency NULL = the processing agency */
    int amount;
};

static const struct demo_step workflow_steps[] = {
    {"mac-dinh", "Quy trình mặc định", 1, "Thẩm định hồ sơ", "specialist", NULL, 3},
    {"mac-dinh", "Quy trình mặc định", 2, "Phê duyệt kết quả", "leader", NULL, 1},
    {"ho-tich-mot-cap", "Hộ tịch một cấp (xã)", 1, "Công chức tư pháp - hộ tịch xử lý", "specialist", NULL, 1},
    {"ho-tich-mot-cap", "Hộ tịch một cấp (xã)", 2, "Chủ tịch UBND xã ký", "leader", NULL, 1},
    {"lien-thong-bts", "Liên thông chấp thuận vị trí trạm BTS", 1, "Thẩm định kỹ thuật viễn thông", "specialist",
     "000.00.06.H56", 4},
    {"lien-thong-bts", "Liên thông chấp thuận vị trí trạm BTS", 1, "Ý kiến của Sở Xây dựng", "specialist",
     "000.00.15.H56", 4},
    {"lien-thong-bts", "Liên thông chấp thuận vị trí trạm BTS", 2, "Lãnh đạo Sở phê duyệt", "leader", "000.00.06.H56",
     1},
};

static mc_err seed_workflows(struct mc_db *db, struct mc_error *err)
{
    mc_err rc = MC_OK;
    for (size_t i = 0; !rc && i < N(workflow_steps);) {
        struct mc_wf_step steps[8];
        size_t n = 0;
        const char *code = workflow_steps[i].template, *name = workflow_steps[i].template_name;
        for (; i < N(workflow_steps) && !strcmp(workflow_steps[i].template, code) && !rc; i++, n++) {
            const struct demo_step *d = &workflow_steps[i];
            memset(&steps[n], 0, sizeof(steps[n]));
            steps[n].group = d->group;
            snprintf(steps[n].name, sizeof(steps[n].name), "%s", d->name);
            snprintf(steps[n].role, sizeof(steps[n].role), "%s", d->role);
            snprintf(steps[n].unit, sizeof(steps[n].unit), "wd");
            steps[n].amount = d->amount;
            if (d->agency)
                rc = mc_agency_id_by_code(db, d->agency, &steps[n].agency_id, err);
        }
        if (!rc)
            rc = mc_wf_template_put(db, code, name, steps, n, err);
    }
    return rc;
}

mc_err mc_seed_demo(struct mc_db *db, unsigned long long ops, size_t mem_kib, int *loaded, struct mc_error *err)
{
    int64_t n;
    char hash[128];
    *loaded = 0;
    mc_err rc = mc_db_int(db, &n, err, "SELECT count(*) FROM agencies", "");
    if (rc || n)
        return rc;
    if (mc_password_hash(MC_DEMO_PASSWORD, ops, mem_kib, hash))
        return mc_error_set(err, MC_ERR_NOMEM, 500, "out_of_memory", "Thiếu bộ nhớ", "Out of memory");
    rc = mc_db_begin(db, err);
    if (!rc)
        rc = seed_agencies(db, err);
    if (!rc)
        rc = seed_accounts(db, hash, err);
    if (!rc)
        rc = seed_procedures(db, err);
    if (!rc)
        rc = seed_workflows(db, err);
    if (!rc)
        rc = mc_audit_append(db, 0, "motcua", "demo_seeded", "database", "", "", err);
    if (!rc)
        rc = mc_db_commit(db, err);
    if (rc)
        mc_db_rollback(db);
    *loaded = !rc;
    return rc;
}

void mc_seed_print_accounts(void)
{
    printf("Demo accounts (password for all: %s):\n", MC_DEMO_PASSWORD);
    for (size_t i = 0; i < N(accounts); i++)
        printf("  %-24s %-14s %s\n", accounts[i].login, accounts[i].role, accounts[i].agency);
}
