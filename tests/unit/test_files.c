/* Unit tests of src/store/files.c: paths, durable writes and dedup, type
 * checks with libmagic, display names. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "core/alloc.h"
#include "core/crypto.h"
#include "store/files.h"

static const char PDF[] = "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
                          "2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";
static const unsigned char PNG[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I',  'H',  'D',  'R', 0,
                                    0,    0,   1,   0,   0,    0,    1,    8,    6, 0, 0, 0,  0x1f, 0x15, 0xc4, 0x89};

static void test_sha_and_path(void)
{
    char sha[MC_SHA256_HEX], path[256];
    mc_sha256_hex("abc", 3, sha);
    CHECK(mc_files_is_sha256(sha));
    CHECK(!mc_files_is_sha256("../../etc/passwd"));
    CHECK(!mc_files_is_sha256("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD"));
    CHECK_INT(MC_OK, mc_files_path("/srv/files", sha, path, sizeof(path)));
    CHECK_STR("/srv/files/ba/78/ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", path);
    CHECK_INT(MC_ERR_TOO_LARGE, mc_files_path("/srv/files", sha, path, 20));
    CHECK_INT(MC_ERR_INVALID, mc_files_path("/srv/files", "abc", path, sizeof(path)));
}

static int count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    int n = 0;
    if (!d)
        return -1;
    for (struct dirent *e = readdir(d); e; e = readdir(d))
        n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
    closedir(d);
    return n;
}

static void test_put_read_dedup(void)
{
    char root[64], sha[MC_SHA256_HEX], dir[128];
    snprintf(root, sizeof(root), "/tmp/motcua-unit-files-%d", (int)getpid());
    mc_sha256_hex(PDF, sizeof(PDF) - 1, sha);
    int created = -1;
    struct mc_error e;
    mc_error_init(&e);
    CHECK_INT(MC_OK, mc_files_put(root, sha, PDF, sizeof(PDF) - 1, &created, &e));
    CHECK_INT(1, created);
    CHECK_INT(MC_OK, mc_files_put(root, sha, PDF, sizeof(PDF) - 1, &created, &e));
    CHECK_INT(0, created);
    snprintf(dir, sizeof(dir), "%s/%.2s/%.2s", root, sha, sha + 2);
    CHECK_INT(1, count_entries(dir)); /* one file, no temporary left */
    char *data;
    size_t len;
    CHECK_INT(MC_OK, mc_files_read(root, sha, 1 << 20, &data, &len, &e));
    CHECK_INT(sizeof(PDF) - 1, len);
    CHECK(data && !memcmp(data, PDF, len));
    mc_free(data);
    CHECK_INT(MC_ERR_IO, mc_files_read(root, sha, 10, &data, &len, &e)); /* over max */
    mc_sha256_hex("other", 5, sha);
    CHECK_INT(MC_ERR_NOT_FOUND, mc_files_read(root, sha, 1 << 20, &data, &len, &e));
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf %s", root);
    CHECK_INT(0, system(cmd));
}

static const char *detail(const struct mc_error *e, const char *key)
{
    for (int i = 0; i < e->ndetails; i++)
        if (!strcmp(e->details[i].key, key))
            return e->details[i].value;
    return "";
}

static void test_sniff_and_type_checks(void)
{
    const char *allowed = "application/pdf, image/jpeg,image/png";
    char mime[MC_FILES_MAX_MIME];
    struct mc_error e;
    mc_error_init(&e);
    CHECK_INT(MC_OK, mc_files_sniff(PDF, sizeof(PDF) - 1, mime, &e));
    CHECK_STR("application/pdf", mime);
    CHECK_INT(MC_OK, mc_files_sniff(PNG, sizeof(PNG), mime, &e));
    CHECK_STR("image/png", mime);
    CHECK_INT(MC_OK, mc_files_check_type(allowed, "image/png", 9, "image/png", &e));
    CHECK_INT(MC_OK, mc_files_check_type(allowed, "", 0, "image/png", &e));
    CHECK_INT(MC_OK, mc_files_check_type(allowed, "application/octet-stream", 24, "image/png", &e));
    CHECK_INT(MC_OK, mc_files_check_type(allowed, "IMAGE/JPG", 9, "image/jpeg", &e));
    CHECK_INT(MC_ERR_UNSUPPORTED, mc_files_check_type(allowed, "application/pdf", 15, "image/png", &e));
    CHECK_INT(415, e.status);
    CHECK_STR("unsupported_file_type", e.code);
    CHECK_STR("application/pdf", detail(&e, "declared"));
    CHECK_STR("image/png", detail(&e, "detected"));
    mc_error_init(&e);
    CHECK_INT(MC_ERR_UNSUPPORTED, mc_files_check_type(allowed, "", 0, "text/html", &e));
    CHECK_STR("text/html", detail(&e, "detected"));
    /* a list entry is matched whole, not as a prefix */
    CHECK_INT(MC_ERR_UNSUPPORTED, mc_files_check_type("image/pngx", "", 0, "image/png", &e));
    static const char gz[] = "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03";
    CHECK_INT(MC_OK, mc_files_sniff(gz, sizeof(gz) - 1, mime, &e));
    CHECK_STR("application/gzip", mime);
}

static void test_display_names(void)
{
    char out[MC_FILES_MAX_NAME + 1];
    const struct {
        const char *in, *want;
    } cases[] = {
        {"../../etc/passwd", "passwd"},
        {"C:\\Users\\an\\giay to.pdf", "giay to.pdf"},
        {"..", "tep"},
        {"", "tep"},
        {".htaccess", "htaccess"},
        {"a<b>c:d\"e|f?g*h.pdf", "a_b_c_d_e_f_g_h.pdf"},
        {"Gi\xe1\xba\xa5y khai sinh.pdf", "Gi\xe1\xba\xa5y khai sinh.pdf"},
        {"bad\xff\xfe.pdf", "bad__.pdf"},
        {"tab\there.pdf", "tab_here.pdf"},
        {"invoice\xe2\x80\xae"
         "fdp.exe",
         "invoice_fdp.exe"},
        {"  name.pdf  ", "name.pdf"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        mc_files_display_name(cases[i].in, strlen(cases[i].in), out);
        CHECK_STR(cases[i].want, out);
    }
    char longname[600];
    for (int i = 0; i < 300; i++)
        memcpy(longname + 2 * i, "\xc3\xa9", 2); /* é, two bytes: the cut stays on a boundary */
    mc_files_display_name(longname, 600, out);
    CHECK_INT(MC_FILES_MAX_NAME, strlen(out));
    mc_files_display_name("x\0y", 3, out);
    CHECK_STR("x_y", out);
}

MC_SUITE(files, MC_TEST(test_sha_and_path), MC_TEST(test_put_read_dedup), MC_TEST(test_sniff_and_type_checks),
         MC_TEST(test_display_names));
