#include "core/crypto.h"

#include <sodium.h>
#include <string.h>

#include "core/banned.h"

mc_err mc_crypto_init(void)
{
    return sodium_init() < 0 ? MC_ERR_INTERNAL : MC_OK;
}

void mc_sha256_hex(const void *data, size_t len, char out[MC_SHA256_HEX])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, data, len);
    sodium_bin2hex(out, MC_SHA256_HEX, h, sizeof(h));
}

void mc_random_token(char out[MC_TOKEN_LEN])
{
    unsigned char b[32];
    randombytes_buf(b, sizeof(b));
    sodium_bin2base64(out, MC_TOKEN_LEN, b, sizeof(b), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

void mc_random_digits(char *out, size_t n)
{
    for (size_t i = 0; i < n; i++)
        out[i] = (char)('0' + randombytes_uniform(10));
    out[n] = '\0';
}

mc_err mc_password_hash(const char *password, unsigned long long ops, size_t mem_kib, char out[128])
{
    if (crypto_pwhash_str_alg(out, password, strlen(password), ops, mem_kib * 1024, crypto_pwhash_ALG_ARGON2ID13))
        return MC_ERR_NOMEM;
    return MC_OK;
}

int mc_password_verify(const char *hash, const char *password)
{
    return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

int mc_secure_equal(const char *a, const char *b)
{
    size_t n = strlen(a);
    return n == strlen(b) && sodium_memcmp(a, b, n) == 0;
}
