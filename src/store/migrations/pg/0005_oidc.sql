-- 0005: OpenID Connect sign-in (issue 3).
-- One row per started sign-in: the state is kept as its SHA-256, the PKCE
-- verifier and the nonce in clear (the back channel needs them); a row is
-- used at most once and purged after a day.
CREATE TABLE oidc_logins (
    state_hash TEXT PRIMARY KEY,
    verifier TEXT NOT NULL,
    nonce TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    used_at BIGINT
);
CREATE INDEX oidc_logins_created ON oidc_logins(created_at);

-- What the provider published (discovery document and signing keys), cached
-- for every node; refreshed when stale or when a token names an unknown key.
CREATE TABLE oidc_providers (
    issuer TEXT PRIMARY KEY,
    discovery TEXT NOT NULL,
    jwks TEXT NOT NULL,
    fetched_at BIGINT NOT NULL
);
