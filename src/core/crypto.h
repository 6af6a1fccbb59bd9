/* crypto.h - hashing and random tokens (libsodium underneath).
 * mc_crypto_init must run once before threads start (sodium_init). */
#ifndef MC_CRYPTO_H
#define MC_CRYPTO_H

#include <stddef.h>

#include "core/err.h"

#define MC_SHA256_HEX 65
#define MC_TOKEN_LEN 44 /* 32 random bytes, base64url without padding, + NUL */

mc_err mc_crypto_init(void);
/* Lower-case hex SHA-256 of data. */
void mc_sha256_hex(const void *data, size_t len, char out[MC_SHA256_HEX]);
/* A fresh random token (URL- and cookie-safe). */
void mc_random_token(char out[MC_TOKEN_LEN]);
/* n random decimal digits (n < cap). */
void mc_random_digits(char *out, size_t n);
/* argon2id hash of password into out (crypto_pwhash_STRBYTES = 128 bytes);
 * ops and mem_kib set the cost. MC_ERR_NOMEM when memory is short. */
mc_err mc_password_hash(const char *password, unsigned long long ops, size_t mem_kib, char out[128]);
/* 1 when password matches hash (constant time). */
int mc_password_verify(const char *hash, const char *password);
/* Constant-time equality of two NUL-terminated strings of the same length. */
int mc_secure_equal(const char *a, const char *b);

#endif
