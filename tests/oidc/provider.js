// provider.js - a certified OpenID Connect provider (npm oidc-provider) on
// loopback, for tests/api/scenarios_oidc.py.
//
// Usage: node provider.js PORT REDIRECT_URI
// Prints "ready ISSUER" on stdout once it listens. One confidential client
// (motcua-test / motcua-test-secret, client_secret_basic, PKCE required) and
// one account (login "citizen1", password "pw-citizen1", sub "vneid-0001").
// The interaction is plain HTTP a script can drive with a cookie jar:
//   GET  /interaction/UID        -> 200 JSON {"uid", "prompt"} (login) or,
//                                   for consent, an automatic grant + 303
//   POST /interaction/UID/login  (form: login, password) -> 303 back to /auth
import { generateKeyPairSync } from 'node:crypto';
import Provider from 'oidc-provider';

const port = Number(process.argv[2]);
const redirectUri = process.argv[3];
const issuer = `http://127.0.0.1:${port}`;

const ACCOUNTS = {
  citizen1: {
    password: 'pw-citizen1',
    claims: { sub: 'vneid-0001', email: 'Citizen1@Example.VN', email_verified: true, name: 'Nguyễn Văn Một' },
  },
};

function signingKey() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: 'test-rs256', use: 'sig', alg: 'RS256' };
}

async function findAccount(ctx, sub) {
  const acct = Object.values(ACCOUNTS).find((a) => a.claims.sub === sub);
  if (!acct) return undefined;
  return { accountId: sub, claims: async () => ({ ...acct.claims }) };
}

const provider = new Provider(issuer, {
  clients: [{
    client_id: 'motcua-test',
    client_secret: 'motcua-test-secret',
    redirect_uris: [redirectUri],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  jwks: { keys: [signingKey()] },
  findAccount,
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  features: { devInteractions: { enabled: false } },
  pkce: { required: () => true },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  cookies: { keys: ['motcua-test-cookie-key'] },
  ttl: { IdToken: 300, AccessToken: 300, AuthorizationCode: 60, Interaction: 300, Session: 600, Grant: 600 },
});

async function readForm(req) {
  let body = '';
  for await (const chunk of req) body += chunk;
  return Object.fromEntries(new URLSearchParams(body));
}

async function consent(ctx, details) {
  const grant = new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
  grant.addOIDCScope(details.params.scope);
  const grantId = await grant.save();
  return provider.interactionResult(ctx.req, ctx.res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

async function login(ctx) {
  const form = await readForm(ctx.req);
  const acct = ACCOUNTS[form.login];
  if (!acct || acct.password !== form.password) {
    ctx.status = 401;
    ctx.body = { error: 'wrong login or password' };
    return null;
  }
  return provider.interactionResult(ctx.req, ctx.res, { login: { accountId: acct.claims.sub } },
    { mergeWithLastSubmission: false });
}

provider.use(async (ctx, next) => {
  const m = /^\/interaction\/([^/]+)(\/login)?$/.exec(ctx.path);
  if (!m) return next();
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  let to = null;
  if (ctx.method === 'POST' && m[2]) {
    to = await login(ctx);
  } else if (ctx.method === 'GET' && details.prompt.name === 'consent') {
    to = await consent(ctx, details);
  } else if (ctx.method === 'GET') {
    ctx.body = { uid: details.uid, prompt: details.prompt.name };
  }
  if (to) {
    ctx.status = 303;
    ctx.redirect(to);
  }
  return undefined;
});

provider.listen(port, '127.0.0.1', () => {
  process.stdout.write(`ready ${issuer}\n`);
});
