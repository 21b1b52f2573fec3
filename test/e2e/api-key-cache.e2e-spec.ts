import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { startTestApp, type TestApp } from '../helpers/app';
import { newOrg, type OrgCtx } from '../helpers/factories';
import { client } from '../helpers/http';
import { waitFor } from '../helpers/wait';

/**
 * Active keys are remembered by each API process (ApiKeyCache, issue 18); a revocation must still be
 * refused at once by every process. Two API processes (two apps of the service, each with its own
 * cache and Redis connections) on one PostgreSQL and one Redis.
 */
describe('the API key cache across API processes (e2e)', () => {
  let a: TestApp;
  let b: TestApp;
  let org: OrgCtx;
  const prefix = `kc${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    a = await startTestApp({ ROLE: 'api', QUEUE_PREFIX: prefix, RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: '100000' });
    b = await startTestApp({ ROLE: 'api', QUEUE_PREFIX: prefix, RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: '100000' });
    org = await newOrg(a);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  const cachedOnB = async (secret: string) => {
    // The cache serves only once its subscription is live (just after start, it may not be yet).
    await waitFor('the key to be cached by B', async () => {
      expect((await client(b.url, secret).get('/v1/me')).status).toBe(200);
      const [{ id }] = await a.ds.query(`SELECT id FROM api_keys WHERE key_hash = encode(sha256($1::bytea), 'hex')`, [
        secret,
      ]);
      // Flip the row behind the cache's back and see whether B still answers from memory.
      await a.ds.query(`UPDATE api_keys SET revoked_at = now() WHERE id = $1`, [id]);
      const fromMemory = (await client(b.url, secret).get('/v1/me')).status === 200;
      await a.ds.query(`UPDATE api_keys SET revoked_at = NULL WHERE id = $1`, [id]);
      return fromMemory;
    });
  };

  it('serves a key from memory, and refuses it on the other process from the revocation answer on', async () => {
    for (let i = 0; i < 15; i++) {
      const key = await org.newKey('checker');
      await cachedOnB(key.key);
      const revoked = await org.admin.delete(`/v1/api-keys/${key.keyId}`);
      expect(revoked.status).toBe(200);
      const onB = await client(b.url, key.key).get('/v1/me');
      expect(onB.status).toBe(401);
      expect((await client(a.url, key.key).get('/v1/me')).status).toBe(401);
    }
  });

  it('forgets every key when its subscription is lost (a revocation it may have missed)', async () => {
    const key = await org.newKey('editor');
    await cachedOnB(key.key);
    const redis = new URL(process.env.REDIS_URL!);
    execFileSync('redis-cli', ['-h', redis.hostname, '-p', redis.port, 'client', 'kill', 'type', 'pubsub']);
    // Revoked in the database only: no message reaches anyone, as if it had been lost with the connection.
    await a.ds.query(`UPDATE api_keys SET revoked_at = now() WHERE id = $1`, [key.keyId]);
    expect((await client(b.url, key.key).get('/v1/me')).status).toBe(401);
    // Both caches subscribe again (a later key is served from memory once more).
    await cachedOnB((await org.newKey('checker')).key);
  });
});
