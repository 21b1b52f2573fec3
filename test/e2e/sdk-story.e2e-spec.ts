import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  collect,
  createCorroborateClient,
  type CorroborateClient,
  type operations,
  paginate,
  type Problem,
  unwrap,
  verifyWebhook,
  withIdempotencyKey,
} from '../../clients/typescript';
import { startTestApp, TestApp } from '../helpers/app';
import { checkContract } from '../helpers/contract';
import { newOrg } from '../helpers/factories';
import { startPgBouncer } from '../helpers/pgbouncer';
import { startRedisCluster } from '../helpers/redis-cluster';
import { WebhookReceiver } from '../helpers/webhook-receiver';
import { waitFor } from '../helpers/wait';

/** Compile-time checks (`npm run typecheck`): a value's type is not `any`; every API error is typed as problem+json. */
type IsAny<T> = 0 extends 1 & T ? true : false;
const notAny = <T>(_value: T, isAny: IsAny<T>) => isAny;
type ErrorContent<O> = O extends { responses: infer R }
  ? {
      [S in keyof R]: `${S & (number | string)}` extends `4${string}` | `5${string}`
        ? R[S] extends { content: infer C }
          ? C
          : 'no content'
        : never;
    }[keyof R]
  : never;
/** The operations of paths (webhook operations, named *Event, are the receiver's) with an error not typed as a problem. */
type UntypedErrors = {
  [K in keyof operations]: K extends `${string}Event`
    ? never
    : ErrorContent<operations[K]> extends { 'application/problem+json': Problem }
      ? never
      : K;
}[keyof operations];
const everyErrorIsAProblem: [UntypedErrors] extends [never] ? true : UntypedErrors = true;

/**
 * The whole story through the generated TypeScript client alone (clients/typescript), as a
 * newsroom engineer would write it: a newsroom submits a claim, research runs, a checker takes and
 * completes the check, an editor approves and publishes, the verdict.published webhook arrives
 * and verifies with the client's verifier, and the ClaimReview is read. `npm run typecheck` checks
 * this file: no cast and no `any` on a response. Only the first admin key comes from the database.
 */
const DASHBOARD_TOKEN = 'operator-dashboard-token-for-the-cluster';
const SETUPS = [
  { through: 'PostgreSQL and one Redis directly', pgbouncer: false, redisCluster: false },
  { through: 'PgBouncer in transaction mode, prepared statements off', pgbouncer: true, redisCluster: false },
  { through: 'a Redis Cluster of 3 masters', pgbouncer: false, redisCluster: true },
];

describe.each(SETUPS)('the story through the generated client, to $through (e2e)', ({ pgbouncer, redisCluster }) => {
  let app: TestApp;
  let receiver: WebhookReceiver;
  let bouncer: Awaited<ReturnType<typeof startPgBouncer>> | undefined;
  let cluster: Awaited<ReturnType<typeof startRedisCluster>> | undefined;
  beforeAll(async () => {
    if (pgbouncer) bouncer = await startPgBouncer(process.env.DATABASE_URL!);
    if (redisCluster) cluster = await startRedisCluster();
    app = await startTestApp({
      ROLE: 'all',
      ALLOW_PRIVATE_NETWORKS: 'true',
      ...(bouncer ? { DATABASE_URL: bouncer.url, DATABASE_PREPARED_STATEMENTS: 'false' } : {}),
      // The queue prefix's hash tag keeps each queue's keys in one slot, as BullMQ needs on a cluster.
      ...(cluster
        ? {
            REDIS_URL: cluster.url,
            REDIS_CLUSTER: 'true',
            QUEUE_PREFIX: `{t${randomBytes(4).toString('hex')}}`,
            QUEUE_DASHBOARD_TOKEN: DASHBOARD_TOKEN,
          }
        : {}),
    });
    receiver = await new WebhookReceiver().start();
  });
  afterAll(async () => {
    await receiver?.stop();
    await app?.close();
    await bouncer?.stop();
    await cluster?.stop();
  });

  /** A client for a key, whose every answer is also checked against the served document. */
  const clientFor = (apiKey: string): CorroborateClient => {
    const api = createCorroborateClient({ baseUrl: app.url, apiKey });
    api.use({
      async onResponse({ request, response }) {
        const text = await response.clone().text();
        const body: unknown = text ? JSON.parse(text) : undefined;
        await checkContract(app.url, request.method, new URL(request.url).pathname + new URL(request.url).search, {
          status: response.status,
          headers: response.headers,
          body,
          text,
        });
      },
    });
    return api;
  };

  it('submits, researches, checks, publishes, delivers a verifiable webhook and serves the ClaimReview', async () => {
    const admin = clientFor((await newOrg(app)).adminKey);
    const newsroom = unwrap(
      await admin.POST('/v1/newsrooms', { body: { name: 'Le Quotidien', url: 'https://lequotidien.example' } }),
    );
    const keyOf = async (role: 'newsroom' | 'checker' | 'editor') =>
      unwrap(
        await admin.POST('/v1/api-keys', {
          body: {
            name: `${role} key`,
            role,
            languages: ['fr'],
            ...(role === 'newsroom' ? { newsroomId: newsroom.id } : {}),
          },
        }),
      ).key;
    const cms = clientFor(await keyOf('newsroom'));
    const checker = clientFor(await keyOf('checker'));
    const editor = clientFor(await keyOf('editor'));

    // The archive research will search.
    unwrap(
      await editor.POST('/v1/sources/documents', {
        body: {
          documents: [
            {
              url: 'https://archive.example/centcom',
              title: 'Le CENTCOM dément tout retrait des forces américaines d Irak',
              body: 'Le commandement central américain (CENTCOM) a démenti tout retrait des soldats américains des 15 bases militaires en Irak.',
              language: 'fr',
            },
          ],
        },
      }),
    );

    // The newsroom subscribes to its verdicts and submits a claim, retried safely with one Idempotency-Key.
    const hook = unwrap(
      await cms.POST('/v1/webhooks', { body: { url: receiver.url, events: ['verdict.published'], scope: 'own' } }),
    );
    const body = {
      text: 'Les États-Unis ont retiré leurs troupes de 15 bases militaires en Irak',
      sourceUrl: 'https://lequotidien.example/a/1',
      priority: 'high' as const,
    };
    const submit = (key: string) => cms.POST('/v1/claims', { body, params: { header: { 'Idempotency-Key': key } } });
    const submitted = await withIdempotencyKey(submit, { idempotencyKey: 'cms-story-1' });
    const claim = unwrap(submitted);
    expect(submitted.response.status).toBe(202);
    expect(unwrap(await withIdempotencyKey(submit, { idempotencyKey: 'cms-story-1' })).id).toBe(claim.id);

    // Research runs by itself.
    await waitFor(
      'research',
      async () =>
        unwrap(await cms.GET('/v1/claims/{id}', { params: { path: { id: claim.id } } })).status === 'ready_for_check',
      60_000,
    );
    const evidence = await collect(
      paginate((cursor) =>
        checker.GET('/v1/claims/{id}/evidence', { params: { path: { id: claim.id }, query: { cursor, limit: 1 } } }),
      ),
    );
    expect(evidence.length).toBeGreaterThan(0);

    // A checker takes the check and completes it with a verdict; an editor approves it.
    const check = unwrap(await checker.POST('/v1/tasks/next', { body: { kinds: ['check'] } }));
    expect(check).toMatchObject({ kind: 'check', claimId: claim.id });
    const done = unwrap(
      await checker.POST('/v1/tasks/{id}/complete', {
        params: { path: { id: check.id } },
        body: {
          leaseToken: check.leaseToken ?? '',
          rating: 'false',
          title: 'Pas de retrait des 15 bases',
          summary: 'Le CENTCOM a démenti tout retrait.',
          evidenceIds: evidence.map((e) => e.id),
        },
      }),
    );
    const review = unwrap(await editor.POST('/v1/tasks/next', { body: { kinds: ['review'] } }));
    unwrap(
      await editor.POST('/v1/tasks/{id}/complete', {
        params: { path: { id: review.id } },
        body: { leaseToken: review.leaseToken ?? '', decision: 'approve' },
      }),
    );

    // The webhook arrives and verifies with the client's verifier; its event is typed by `type`.
    const request = await waitFor(
      'the verdict.published webhook',
      () => receiver.ofType('verdict.published')[0],
      30_000,
    );
    const event = verifyWebhook(hook.secret, request.body, request.headers);
    if (event.type !== 'verdict.published') throw new Error(`unexpected ${event.type}`);
    expect(event.data.claim.id).toBe(claim.id);
    expect(event.data.verdict).toMatchObject({ id: done.verdictId, rating: 'false', status: 'published', version: 1 });
    expect(() => verifyWebhook(hook.secret, request.body.replace('false', 'true'), request.headers)).toThrow();

    // The ClaimReview is read, and a missing claim answers a typed problem.
    const claimReview = unwrap(await cms.GET('/v1/claims/{id}/claim-review', { params: { path: { id: claim.id } } }));
    expect(claimReview).toMatchObject({
      '@type': 'ClaimReview',
      claimReviewed: expect.stringContaining('15 bases'),
      reviewRating: { alternateName: expect.any(String) },
    });
    const missing = await cms.GET('/v1/claims/{id}', {
      params: { path: { id: '00000000-0000-4000-8000-000000000000' } },
    });
    expect(missing.error?.status).toBe(404);
    expect(missing.error?.title).toBe('Not Found');
    expect([
      notAny(claim, false),
      notAny(evidence, false),
      notAny(check, false),
      notAny(event, false),
      notAny(claimReview, false),
      notAny(missing.error, false),
      everyErrorIsAProblem,
    ]).toEqual([false, false, false, false, false, false, true]);
  }, 120_000);

  // On the cluster, the service's keys are really there (the rate limiters fall back to memory when
  // Redis refuses them, so a limit that answers 429 alone would not prove it), and nothing of this app
  // is on the run's single Redis.
  (redisCluster ? it : it.skip)('keeps its queues, rate limits and dashboard on the cluster', async () => {
    const keysOn = (args: string[]) =>
      execFileSync('redis-cli', [...args, '--scan', '--pattern', `${app.queuePrefix}*`])
        .toString()
        .split('\n')
        .filter(Boolean);
    const bad = createCorroborateClient({ baseUrl: app.url, apiKey: 'ck_not_a_key_of_anyone' });
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++) statuses.push((await bad.GET('/v1/claims')).response.status);
    expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(30)).toEqual([429, 429]);

    const onCluster = cluster!.ports.flatMap((p) => keysOn(['-p', String(p)]));
    expect(onCluster.some((k) => k.includes(':rl:'))).toBe(true);
    expect(onCluster.some((k) => k.includes(':events:'))).toBe(true);
    const single = new URL(process.env.REDIS_URL!);
    expect(keysOn(['-h', single.hostname, '-p', single.port])).toEqual([]);

    const queues = await fetch(`${app.url}/admin/queues/api/queues`, {
      headers: { authorization: `Bearer ${DASHBOARD_TOKEN}` },
    });
    expect(queues.status).toBe(200);
    expect(JSON.stringify(await queues.json())).toContain('webhook-deliveries');
  });
});
