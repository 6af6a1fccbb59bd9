/* access.h - roles, permissions and the password policy (no SQL, no HTTP).
 *
 * Roles are granted to a user on an agency and cover that agency's whole
 * subtree (ARCHITECTURE.md §7); system_admin covers everything. Which role
 * grants which permission is one static table (access.c). */
#ifndef MC_ACCESS_H
#define MC_ACCESS_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

/* Permissions named by routes. "auth" means: any signed-in account. */
#define MC_PERM_AUTH "auth"

/* 1 when role is one of the known role names. */
int mc_role_valid(const char *role);
/* 1 when role grants perm. */
int mc_role_grants(const char *role, const char *perm);
/* 1 when role is staff-only (may not be given to citizen accounts). */
int mc_role_is_staff(const char *role);
/* The known roles, NULL-terminated, for listings and tests. */
extern const char *const mc_roles[];
/* The known permissions, NULL-terminated. */
extern const char *const mc_perms[];
int mc_perm_valid(const char *perm);

/* Password policy: 8-128 bytes, at least one letter and one digit, not the
 * login itself. MC_ERR_INVALID with a message naming field "password". */
mc_err mc_password_check(const char *password, const char *login, struct mc_error *err);
/* Normalises a login (e-mail lower-cased and trimmed, phone digits only with
 * +84 turned into 0) into out; MC_ERR_INVALID when it is neither a valid
 * e-mail nor a valid Vietnamese phone number (10 digits starting with 0). */
mc_err mc_login_normalize(const char *in, char *out, size_t cap, int *is_email, struct mc_error *err);

#endif
