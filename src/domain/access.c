#include "domain/access.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "core/banned.h"

const char *const mc_roles[] = {"citizen", "business",     "desk_officer", "specialist", "leader", "clerk",
                                "editor",  "agency_admin", "system_admin", "client",     NULL};

const char *const mc_perms[] = {"auth",
                                "users.read",
                                "users.manage",
                                "tokens.manage",
                                "audit.read",
                                "calendar.manage",
                                "catalogue.manage",
                                "events.read",
                                "dossier.submit",
                                "dossier.receive",
                                "dossier.process",
                                "dossier.approve",
                                "dossier.read",
                                "reports.read",
                                NULL};

struct grant {
    const char *role;
    const char *perms; /* space-separated */
};

static const struct grant grants[] = {
    {"citizen", "auth dossier.submit"},
    {"business", "auth dossier.submit"},
    {"desk_officer", "auth dossier.submit dossier.receive dossier.read"},
    {"specialist", "auth dossier.process dossier.read"},
    {"leader", "auth users.read dossier.process dossier.approve dossier.read reports.read"},
    {"clerk", "auth"},
    {"editor", "auth"},
    {"agency_admin", "auth users.read users.manage catalogue.manage dossier.read reports.read"},
    {"system_admin", "auth users.read users.manage tokens.manage audit.read calendar.manage catalogue.manage "
                     "events.read dossier.read reports.read"},
    {"client", "auth events.read"},
};

static int in_list(const char *list, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = list; (p = strstr(p, word)); p += n)
        if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
            return 1;
    return 0;
}

int mc_role_valid(const char *role)
{
    for (const char *const *r = mc_roles; *r; r++)
        if (!strcmp(*r, role))
            return 1;
    return 0;
}

int mc_perm_valid(const char *perm)
{
    for (const char *const *p = mc_perms; *p; p++)
        if (!strcmp(*p, perm))
            return 1;
    return 0;
}

int mc_role_grants(const char *role, const char *perm)
{
    for (size_t i = 0; i < sizeof(grants) / sizeof(grants[0]); i++)
        if (!strcmp(grants[i].role, role))
            return in_list(grants[i].perms, perm);
    return 0;
}

int mc_role_is_staff(const char *role)
{
    return mc_role_valid(role) && strcmp(role, "citizen") && strcmp(role, "business");
}

mc_err mc_password_check(const char *password, const char *login, struct mc_error *err)
{
    size_t n = strlen(password);
    int letter = 0, digit = 0;
    for (const char *p = password; *p; p++) {
        letter |= isalpha((unsigned char)*p) || (unsigned char)*p >= 0x80;
        digit |= isdigit((unsigned char)*p);
    }
    if (n < 8 || n > 128)
        return mc_error_field(err, "password", "Mật khẩu phải dài từ 8 đến 128 ký tự",
                              "The password must be 8 to 128 characters long");
    if (!letter || !digit)
        return mc_error_field(err, "password", "Mật khẩu phải có cả chữ và số",
                              "The password must contain letters and digits");
    if (login && !strcasecmp(password, login))
        return mc_error_field(err, "password", "Mật khẩu không được trùng tên đăng nhập",
                              "The password must differ from the login");
    return MC_OK;
}

static int valid_email(const char *s)
{
    const char *at = strchr(s, '@');
    if (!at || at == s || strchr(at + 1, '@') || !strchr(at + 1, '.') || strlen(s) > 254)
        return 0;
    for (const char *p = s; *p; p++)
        if ((unsigned char)*p <= ' ' || *p == '<' || *p == '>' || *p == ',' || *p == ';')
            return 0;
    return at[1] != '.' && s[strlen(s) - 1] != '.';
}

mc_err mc_login_normalize(const char *in, char *out, size_t cap, int *is_email, struct mc_error *err)
{
    while (isspace((unsigned char)*in))
        in++;
    size_t n = strlen(in);
    while (n && isspace((unsigned char)in[n - 1]))
        n--;
    if (n == 0 || n >= cap)
        return mc_error_field(err, "login", "Thiếu thư điện tử hoặc số điện thoại",
                              "An e-mail address or a phone number is required");
    if (memchr(in, '@', n)) {
        for (size_t i = 0; i < n; i++)
            out[i] = (char)tolower((unsigned char)in[i]);
        out[n] = '\0';
        *is_email = 1;
        if (!valid_email(out))
            return mc_error_field(err, "login", "Địa chỉ thư điện tử không hợp lệ", "Invalid e-mail address");
        return MC_OK;
    }
    size_t k = 0;
    for (size_t i = 0; i < n && k + 2 < cap; i++) {
        if (isdigit((unsigned char)in[i]))
            out[k++] = in[i];
        else if (!(in[i] == '+' && i == 0) && in[i] != ' ' && in[i] != '.' && in[i] != '-')
            return mc_error_field(err, "login", "Số điện thoại không hợp lệ", "Invalid phone number");
    }
    out[k] = '\0';
    if (k == 11 && !strncmp(out, "84", 2)) {
        memmove(out + 1, out + 2, 10);
        out[0] = '0';
        k = 10;
    }
    *is_email = 0;
    if (k != 10 || out[0] != '0')
        return mc_error_field(err, "login", "Số điện thoại phải có 10 chữ số, bắt đầu bằng 0",
                              "A phone number has 10 digits starting with 0");
    return MC_OK;
}
