// A real OpenID provider for the single sign-on tests: the `oidc-provider` package (ESM, run as
// its own process by test/helpers/oidc-provider.ts), with a login page of its own and a few
// test-only controls. Configuration from the environment: PORT, CLIENT_ID, CLIENT_SECRET,
// REDIRECT_URI. Prints "listening <issuer>" when ready.
//
// Test controls (POST, JSON):
//   /test/users     [{ email, password, name }]: the desk's directory; a person not in it cannot sign in
//   /test/audience  { aud }: the token endpoint answers an ID token for another audience (signed by
//                   this provider's key), or normally again with { aud: null }
import { createServer, request } from 'node:http';
import Provider from 'oidc-provider';
import { decodeJwt, exportJWK, generateKeyPair, importJWK, SignJWT } from 'jose';

const port = Number(process.env.PORT);
const issuer = `http://127.0.0.1:${port}`;
let users = [];
let tamperAudience = null;

const { privateKey } = await generateKeyPair('RS256', { extractable: true });
const jwk = { ...(await exportJWK(privateKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: process.env.CLIENT_ID,
      client_secret: process.env.CLIENT_SECRET,
      redirect_uris: [process.env.REDIRECT_URI],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post',
    },
  ],
  jwks: { keys: [jwk] },
  cookies: { keys: ['a-test-cookie-key-of-the-provider'] },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'locale'] },
  features: { devInteractions: { enabled: false } },
  pkce: { required: () => true },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  // The desk's directory decides: someone removed from it has no account (and no session here).
  findAccount: async (_ctx, id) => {
    const user = users.find((u) => u.email === id);
    if (!user) return undefined;
    return {
      accountId: id,
      claims: async () => ({ sub: id, email: id, email_verified: true, name: user.name, locale: user.locale ?? 'en' }),
    };
  },
  // No consent screen: the desk's own application.
  loadExistingGrant: async (ctx) => {
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
});
provider.proxy = false;

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const loginPage = (
  uid,
  error,
) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Desk identity provider</title></head>
<body><main><h1>Desk identity provider</h1>${error ? `<p role="alert">${escape(error)}</p>` : ''}
<form method="post" action="/interaction/${escape(uid)}/login">
<label for="idp-email">Directory email</label> <input id="idp-email" name="email" type="email" required>
<label for="idp-password">Directory password</label> <input id="idp-password" name="password" type="password" required>
<button type="submit">Sign in at the provider</button></form>
<form method="post" action="/interaction/${escape(uid)}/abort"><button type="submit">Cancel and go back</button></form>
</main></body></html>`;

const readBody = (req) =>
  new Promise((resolve, reject) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });

async function interaction(req, res) {
  const [, , uid, action] = req.url.split('?')[0].split('/');
  if (req.method === 'GET') {
    await provider.interactionDetails(req, res);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    return res.end(loginPage(uid));
  }
  const form = new URLSearchParams(await readBody(req));
  if (action === 'abort')
    return provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'cancelled' });
  const user = users.find((u) => u.email === form.get('email') && u.password === form.get('password'));
  if (!user) {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    return res.end(loginPage(uid, 'Unknown person or wrong password.'));
  }
  return provider.interactionFinished(
    req,
    res,
    { login: { accountId: user.email } },
    { mergeWithLastSubmission: false },
  );
}

/** The token endpoint's answer with its ID token replaced by one for another audience (same key, same nonce). */
async function tamperedToken(req, res) {
  const body = await readBody(req);
  const upstream = await new Promise((resolve, reject) => {
    const r = request(
      { host: '127.0.0.1', port, path: '/token', method: 'POST', headers: { ...req.headers, 'x-untampered': '1' } },
      (out) => {
        let text = '';
        out.on('data', (d) => (text += d));
        out.on('end', () => resolve({ status: out.statusCode, text }));
      },
    );
    r.on('error', reject);
    r.end(body);
  });
  if (upstream.status !== 200) {
    res.writeHead(upstream.status, { 'content-type': 'application/json' });
    return res.end(upstream.text);
  }
  const tokens = JSON.parse(upstream.text);
  const claims = decodeJwt(tokens.id_token);
  tokens.id_token = await new SignJWT({ ...claims, aud: tamperAudience })
    .setProtectedHeader({ alg: 'RS256', kid: jwk.kid, typ: 'JWT' })
    .sign(await importJWK(jwk, 'RS256'));
  res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(tokens));
}

const handle = provider.callback();
const server = createServer(async (req, res) => {
  try {
    const path = req.url.split('?')[0];
    if (req.method === 'POST' && path === '/test/users') {
      users = JSON.parse(await readBody(req));
      return res.writeHead(204).end();
    }
    if (req.method === 'POST' && path === '/test/audience') {
      tamperAudience = JSON.parse(await readBody(req)).aud;
      return res.writeHead(204).end();
    }
    if (path.startsWith('/interaction/')) return await interaction(req, res);
    if (tamperAudience && req.method === 'POST' && path === '/token' && !req.headers['x-untampered'])
      return await tamperedToken(req, res);
    return handle(req, res);
  } catch (err) {
    res.writeHead(500, { 'content-type': 'text/plain' });
    res.end(String(err?.stack ?? err));
  }
});
server.listen(port, '127.0.0.1', () => console.log(`listening ${issuer}`));
