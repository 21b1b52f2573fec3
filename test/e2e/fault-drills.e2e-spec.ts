import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { createDataSource } from '../../src/schema/data-source';
import { freePort, sleep } from '../../src/local/processes';
import { PostgresServer } from '../../src/local/postgres-server';
import { RedisServer } from '../../src/local/redis-server';
import { startTestApp, TestApp } from '../helpers/app';
import { newOrg } from '../helpers/factories';
import { client } from '../helpers/http';
import { WebhookReceiver } from '../helpers/webhook-receiver';
import { waitFor } from '../helpers/wait';

/** Fault drills: dependencies go away and come back; nothing accepted may be lost. */
describe('fault drills (e2e)', () => {
  describe('Redis down for 30 s', () => {
    let redis: RedisServer;
    let app: TestApp;
    let receiver: WebhookReceiver;

    beforeAll(async () => {
      redis = new RedisServer(join(process.env.TEST_TMP_DIR!, `redis-drill-${process.pid}`), await freePort());
      await redis.start();
      app = await startTestApp({
        ROLE: 'all',
        REDIS_URL: redis.url,
        ALLOW_PRIVATE_NETWORKS: 'true',
        WEBHOOK_RETRY_SCHEDULE: '1,1,1,2,2,2,5,5',
      });
      receiver = await new WebhookReceiver().start();
    });
    afterAll(async () => {
      await receiver?.stop();
      if (redis && !redis.running) await redis.start(); // a failed run may leave it stopped
      await app?.close();
      await redis?.stop();
    });

    it('intake answers 202 throughout, readiness reports the outage, and the backlog drains when Redis returns', async () => {
      const org = await newOrg(app);
      const hook = await org.admin.post('/v1/webhooks', {
        url: receiver.url,
        events: ['claim.received'],
        scope: 'all',
      });
      expect(hook.status).toBe(201);
      const verifier = new Webhook(hook.body.secret);

      await redis.stop();
      const downSince = Date.now();
      const ids: string[] = [];
      for (let i = 0; i < 20; i++) {
        const t = Date.now();
        const res = await org.admin.post('/v1/claims', {
          text: `Claim ${i} submitted while Redis is down, about ${i + 10} bases`,
        });
        expect(res.status).toBe(202);
        expect(Date.now() - t).toBeLessThan(3000);
        ids.push(res.body.id);
        if (i === 10) {
          const ready = await client(app.url).get('/health/ready');
          expect(ready.status).toBe(503);
          expect(ready.body.error.redis.status).toBe('down');
          expect(ready.body.info.database.status).toBe('up');
        }
        await sleep(1000);
      }
      await sleep(Math.max(0, 30_000 - (Date.now() - downSince)));
      expect(receiver.requests).toHaveLength(0);

      await redis.start();
      await waitFor('every event delivered', () => receiver.ofType('claim.received').length >= ids.length, 60_000);
      await sleep(1000);
      const delivered = receiver
        .ofType('claim.received')
        .map(
          (r) =>
            (verifier.verify(r.body, r.headers as Record<string, string>) as { data: { claim: { id: string } } }).data
              .claim.id,
        );
      expect(new Set(delivered)).toEqual(new Set(ids));
      expect(delivered).toHaveLength(ids.length);
      expect((await client(app.url).get('/health/ready')).status).toBe(200);
    }, 150_000);
  });

  describe('PostgreSQL restarted', () => {
    let pg: PostgresServer;
    let app: TestApp;

    beforeAll(async () => {
      pg = new PostgresServer(join(process.env.TEST_TMP_DIR!, `pg-drill-${process.pid}`), await freePort());
      await pg.start();
      const url = await pg.ensureDatabase('drill');
      const ds = createDataSource(url, 1);
      await ds.initialize();
      await ds.runMigrations({ transaction: 'each' });
      await ds.destroy();
      app = await startTestApp({ ROLE: 'all', DATABASE_URL: url });
    });
    afterAll(async () => {
      await app?.close().catch(() => undefined);
      await pg?.stop();
    });

    it('answers 503 problem+json during the outage and recovers without a restart', async () => {
      const org = await newOrg(app);
      expect((await org.admin.get('/v1/me')).status).toBe(200);

      await pg.stop();
      for (const res of [
        await org.admin.get('/v1/me'),
        await org.admin.post('/v1/claims', { text: 'A claim sent while the database is down' }),
        await org.admin.get('/v1/claims'),
      ]) {
        expect(res.status).toBe(503);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
        expect(res.headers.get('retry-after')).toBeTruthy();
      }
      const ready = await client(app.url).get('/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body.error.database.status).toBe('down');

      await pg.start();
      const me = await waitFor(
        'API recovery',
        async () => ((await org.admin.get('/v1/me')).status === 200 ? true : undefined),
        30_000,
      );
      expect(me).toBe(true);
      const claim = await org.admin.post('/v1/claims', { text: 'A claim sent after the database came back' });
      expect(claim.status).toBe(202);
      expect((await org.admin.get(`/v1/claims/${claim.body.id}`)).status).toBe(200);
      expect((await client(app.url).get('/health/ready')).status).toBe(200);
    }, 90_000);
  });
});
