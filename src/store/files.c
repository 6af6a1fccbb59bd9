/* files.c - the content-addressed file store (see files.h). */
#include "store/files.h"

#include <errno.h>
#include <fcntl.h>
#include <magic.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/crypto.h"
#include "core/fold.h"
#include "core/log.h"
#include "core/time.h"
#include "store/store.h"
#include "core/banned.h"

#define MC_FILES_PATH_MAX 4096

int mc_files_is_sha256(const char *s)
{
    size_t n = 0;
    for (; s[n]; n++)
        if (!((s[n] >= '0' && s[n] <= '9') || (s[n] >= 'a' && s[n] <= 'f')))
            return 0;
    return n == MC_FILES_SHA_LEN;
}

static mc_err dir_of(const char *root, const char *sha, int depth, char *out, size_t cap)
{
    int n = depth == 0   ? snprintf(out, cap, "%s", root)
            : depth == 1 ? snprintf(out, cap, "%s/%.2s", root, sha)
                         : snprintf(out, cap, "%s/%.2s/%.2s", root, sha, sha + 2);
    return n < 0 || (size_t)n >= cap ? MC_ERR_TOO_LARGE : MC_OK;
}

mc_err mc_files_path(const char *root, const char *sha, char *out, size_t cap)
{
    if (!mc_files_is_sha256(sha))
        return MC_ERR_INVALID;
    int n = snprintf(out, cap, "%s/%.2s/%.2s/%s", root, sha, sha + 2, sha);
    return n < 0 || (size_t)n >= cap ? MC_ERR_TOO_LARGE : MC_OK;
}

static mc_err io_error(struct mc_error *err, const char *what, const char *path)
{
    mc_log(MC_LOG_ERROR, "file store: %s %s: %s", what, path, strerror(errno));
    return mc_error_set(err, MC_ERR_IO, 500, "file_store_failed", "Không lưu được tệp, vui lòng thử lại",
                        "The file could not be stored, please try again");
}

static int fsync_path(const char *path)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

/* Creates ROOT, ROOT/ab and ROOT/ab/cd as needed; a new folder's entry is
 * made durable by an fsync of its parent. */
static mc_err make_dirs(const char *root, const char *sha, struct mc_error *err)
{
    char path[MC_FILES_PATH_MAX], parent[MC_FILES_PATH_MAX];
    for (int depth = 0; depth < 3; depth++) {
        if (dir_of(root, sha, depth, path, sizeof(path)))
            return io_error(err, "path too long", root);
        if (mkdir(path, 0750) == 0) {
            if (depth > 0 && (dir_of(root, sha, depth - 1, parent, sizeof(parent)) || fsync_path(parent)))
                return io_error(err, "fsync", parent);
        } else if (errno != EEXIST) {
            return io_error(err, "mkdir", path);
        }
    }
    return MC_OK;
}

static int write_all(int fd, const char *data, size_t len)
{
    while (len) {
        ssize_t n = write(fd, data, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

/* Writes data to a new temporary file tmp and fsyncs it. */
static mc_err write_temp(const char *tmp, const void *data, size_t len, struct mc_error *err)
{
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0640);
    if (fd < 0)
        return io_error(err, "create", tmp);
    if (write_all(fd, data, len) || fsync(fd)) {
        mc_err rc = io_error(err, "write", tmp);
        close(fd);
        unlink(tmp);
        return rc;
    }
    if (close(fd)) {
        unlink(tmp);
        return io_error(err, "close", tmp);
    }
    return MC_OK;
}

mc_err mc_files_put(const char *root, const char *sha, const void *data, size_t len, int *created, struct mc_error *err)
{
    char path[MC_FILES_PATH_MAX], dir[MC_FILES_PATH_MAX], tmp[MC_FILES_PATH_MAX + 64], token[MC_TOKEN_LEN];
    struct stat st;
    if (mc_files_path(root, sha, path, sizeof(path)) || dir_of(root, sha, 2, dir, sizeof(dir)))
        return io_error(err, "bad path", root);
    if (created)
        *created = 0;
    mc_err rc = make_dirs(root, sha, err);
    if (rc)
        return rc;
    /* present with the right size: the same bytes (named by their hash);
     * the folder is synced again in case its writer has not done so yet */
    if (lstat(path, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size == len)
        return fsync_path(dir) ? io_error(err, "fsync", dir) : MC_OK;
    mc_random_token(token);
    snprintf(tmp, sizeof(tmp), "%s/.tmp-%s", dir, token);
    rc = write_temp(tmp, data, len, err);
    if (rc)
        return rc;
    if (rename(tmp, path)) {
        rc = io_error(err, "rename", tmp);
        unlink(tmp);
        return rc;
    }
    if (fsync_path(dir))
        return io_error(err, "fsync", dir);
    if (created)
        *created = 1;
    return MC_OK;
}

static int read_all(int fd, char *buf, size_t len)
{
    while (len) {
        ssize_t n = read(fd, buf, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        buf += n;
        len -= (size_t)n;
    }
    return 0;
}

mc_err mc_files_read(const char *root, const char *sha, size_t max, char **data, size_t *len, struct mc_error *err)
{
    char path[MC_FILES_PATH_MAX];
    struct stat st;
    *data = NULL;
    *len = 0;
    if (mc_files_path(root, sha, path, sizeof(path)))
        return mc_error_set(err, MC_ERR_NOT_FOUND, 404, "file_not_found", "Không tìm thấy tệp", "No such file");
    errno = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0 && errno == ENOENT)
        return mc_error_set(err, MC_ERR_NOT_FOUND, 404, "file_not_found", "Không tìm thấy tệp", "No such file");
    if (fd < 0)
        return io_error(err, "open", path);
    mc_err rc = MC_OK;
    char *buf = NULL;
    if (fstat(fd, &st) || !S_ISREG(st.st_mode) || (size_t)st.st_size > max) {
        errno = errno ? errno : EFBIG;
        rc = io_error(err, "stat", path);
    }
    if (!rc && !(buf = mc_try_malloc((size_t)st.st_size + 1)))
        rc = mc_error_set(err, MC_ERR_NOMEM, 503, "out_of_memory", "Máy chủ đang bận", "The server is busy");
    if (!rc && read_all(fd, buf, (size_t)st.st_size))
        rc = io_error(err, "read", path);
    close(fd);
    if (rc) {
        mc_free(buf);
        return rc;
    }
    *data = buf;
    *len = (size_t)st.st_size;
    return MC_OK;
}

mc_err mc_files_sniff(const void *data, size_t len, char mime[MC_FILES_MAX_MIME], struct mc_error *err)
{
    magic_t m = magic_open(MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS | MAGIC_NO_CHECK_ELF | MAGIC_NO_CHECK_CDF);
    size_t bytes_max = MC_FILES_SNIFF_BYTES;
    const char *t = NULL;
    if (m && magic_load(m, NULL) == 0 && magic_setparam(m, MAGIC_PARAM_BYTES_MAX, &bytes_max) == 0)
        t = magic_buffer(m, data, len < MC_FILES_SNIFF_BYTES ? len : MC_FILES_SNIFF_BYTES);
    if (!t) {
        mc_log(MC_LOG_ERROR, "libmagic: %s", m && magic_error(m) ? magic_error(m) : "cannot open");
        if (m)
            magic_close(m);
        return mc_error_set(err, MC_ERR_INTERNAL, 500, "internal_error", "Không nhận dạng được kiểu tệp",
                            "The file type could not be determined");
    }
    snprintf(mime, MC_FILES_MAX_MIME, "%s", t);
    magic_close(m);
    return MC_OK;
}

/* The declared type, lower-cased, with the usual aliases resolved; "" when
 * none was given. */
static void declared_type(const char *decl, size_t len, char out[MC_FILES_MAX_MIME])
{
    size_t n = len < MC_FILES_MAX_MIME - 1 ? len : MC_FILES_MAX_MIME - 1;
    for (size_t i = 0; i < n; i++)
        out[i] = (char)(decl[i] >= 'A' && decl[i] <= 'Z' ? decl[i] - 'A' + 'a' : decl[i]);
    out[n] = '\0';
    if (!strcmp(out, "image/jpg") || !strcmp(out, "image/pjpeg"))
        snprintf(out, MC_FILES_MAX_MIME, "image/jpeg");
    else if (!strcmp(out, "application/x-pdf"))
        snprintf(out, MC_FILES_MAX_MIME, "application/pdf");
    else if (!strcmp(out, "application/octet-stream"))
        out[0] = '\0';
}

static int in_list(const char *list, const char *type)
{
    size_t n = strlen(type);
    for (const char *p = list; *p;) {
        while (*p == ' ' || *p == ',')
            p++;
        size_t k = strcspn(p, ", ");
        if (k && k == n && !strncmp(p, type, n))
            return 1;
        p += k;
    }
    return 0;
}

mc_err mc_files_check_type(const char *allowed, const char *decl, size_t decl_len, const char *sniffed,
                           struct mc_error *err)
{
    char declared[MC_FILES_MAX_MIME];
    declared_type(decl, decl_len, declared);
    if (in_list(allowed, sniffed) && (!*declared || !strcmp(declared, sniffed)))
        return MC_OK;
    if (!in_list(allowed, sniffed))
        mc_error_setf(err, MC_ERR_UNSUPPORTED, 415, "unsupported_file_type", "Không nhận loại tệp %s (chỉ nhận: %s)",
                      "Files of type %s are not accepted (accepted: %s)", sniffed, allowed);
    else
        mc_error_setf(err, MC_ERR_UNSUPPORTED, 415, "unsupported_file_type", "Tệp khai là %s nhưng nội dung là %s",
                      "The file is declared as %s but its content is %s", declared, sniffed);
    mc_error_detail_str(err, "declared", *declared ? declared : "");
    mc_error_detail_str(err, "detected", sniffed);
    return MC_ERR_UNSUPPORTED;
}

/* Characters a display name never shows: controls, C1 controls,
 * Windows-reserved punctuation and the bidirectional overrides that make
 * "gpj.exe" look like "exe.jpg". */
static int unsafe_cp(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || (cp < 0x80 && strchr("<>:\"|?*", (int)cp)) ||
           (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200e || cp == 0x200f;
}

void mc_files_display_name(const char *name, size_t len, char out[MC_FILES_MAX_NAME + 1])
{
    size_t start = 0, n = 0;
    for (size_t i = 0; i < len; i++)
        if (name[i] == '/' || name[i] == '\\')
            start = i + 1;
    for (size_t i = start; i < len;) {
        uint32_t cp;
        size_t k = mc_utf8_decode(name + i, len - i, &cp);
        int bad = !k || unsafe_cp(cp);
        const char *src = bad ? "_" : name + i;
        size_t w = bad ? 1 : k;
        i += k ? k : 1;
        if (!n && (*src == '.' || *src == ' '))
            continue;
        if (n + w > MC_FILES_MAX_NAME)
            break;
        memcpy(out + n, src, w);
        n += w;
    }
    while (n && out[n - 1] == ' ')
        n--;
    out[n] = '\0';
    if (!n)
        snprintf(out, MC_FILES_MAX_NAME + 1, "tep");
}

mc_err mc_files_record(struct mc_db *db, int64_t dossier_id, const struct mc_file_row *f, int64_t user_id,
                       struct mc_error *err)
{
    int64_t now = mc_time_now();
    mc_err rc = mc_db_do(db, err,
                         "INSERT INTO files (sha256, size, mime, created_at) VALUES ($1, $2, $3, $4) "
                         "ON CONFLICT (sha256) DO NOTHING",
                         "sisi", f->sha256, f->size, f->mime, now);
    if (rc)
        return rc;
    return mc_db_do(db, err,
                    "INSERT INTO dossier_files (dossier_id, component, sha256, name, uploaded_by, uploaded_at, kind) "
                    "VALUES ($1, NULLIF($2, -1), $3, $4, NULLIF($5, 0), $6, $7)",
                    "iissiis", dossier_id, (int64_t)f->component, f->sha256, f->name, user_id, now, f->kind);
}
