import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '../../src/local/processes';

export interface TestIdentityProvider {
  issuer: string;
  /** The desk's directory at the provider: who can sign in there. */
  setUsers(users: { email: string; password: string; name: string; locale?: string }[]): Promise<void>;
  /** Makes the token endpoint answer an ID token for another audience (null: normal again). */
  setTokenAudience(aud: string | null): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A real OpenID provider (the `oidc-provider` package, ESM, in its own Node process:
 * test/helpers/oidc-provider.mjs) with one confidential client whose redirect URI is the service's.
 */
export async function startOidcProvider(client: {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}): Promise<TestIdentityProvider> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(__dirname, 'oidc-provider.mjs')], {
    env: {
      ...process.env,
      PORT: String(port),
      CLIENT_ID: client.clientId,
      CLIENT_SECRET: client.clientSecret,
      REDIRECT_URI: client.redirectUri,
      NODE_ENV: 'test',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const issuer = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the OpenID provider did not start: ${out}`)), 20_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => reject(new Error(`the OpenID provider exited (${code}): ${out}`)));
  });
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${issuer}${path}`, { method: 'POST', body: JSON.stringify(body) });
    if (res.status !== 204) throw new Error(`${path}: ${res.status}`);
  };
  return {
    issuer,
    setUsers: (users) => post('/test/users', users),
    setTokenAudience: (aud) => post('/test/audience', { aud }),
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
