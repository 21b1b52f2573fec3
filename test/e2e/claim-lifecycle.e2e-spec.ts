import { join } from 'node:path';
import { freePort } from '../../src/local/processes';
import { RedisServer } from '../../src/local/redis-server';
import { startTestApp, TestApp } from '../helpers/app';
import { newOrg, OrgCtx } from '../helpers/factories';
import { Client } from '../helpers/http';
import { waitFor } from '../helpers/wait';

/** The claim lifecycle's gaps (issue 13): duplicates follow their canonical claim, retraction, re-runs through the outbox, tenant-scoped writes. */

const status = async (api: Client, id: string) => (await api.get(`/v1/claims/${id}`)).body.status as string;
const untilStatus = (api: Client, id: string, wanted: string) =>
  waitFor(`claim ${id} ${wanted}`, async () => (await status(api, id)) === wanted, 60000);

async function checkTaskOf(app: TestApp, claimId: string): Promise<string> {
  const [t] = await app.ds.query(`SELECT id FROM tasks WHERE claim_id = $1 AND kind = 'check' AND status = 'open'`, [
    claimId,
  ]);
  return t.id;
}

async function checkAndPublish(checker: Client, reviewer: Client, taskId: string, rating = 'false') {
  const claimed = await checker.post(`/v1/tasks/${taskId}/claim`);
  expect(claimed.status).toBe(200);
  const done = await checker.post(`/v1/tasks/${taskId}/complete`, {
    leaseToken: claimed.body.leaseToken,
    rating,
    summary: 'Le CENTCOM a démenti.',
  });
  expect(done.status).toBe(200);
  const review = await reviewer.post(`/v1/tasks/${done.body.nextTaskId}/claim`);
  const approved = await reviewer.post(`/v1/tasks/${done.body.nextTaskId}/complete`, {
    leaseToken: review.body.leaseToken,
    decision: 'approve',
  });
  expect(approved.status).toBe(200);
  return done.body.verdictId as string;
}

describe('claim lifecycle (e2e)', () => {
  let app: TestApp;
  let org: OrgCtx;
  let editor: Client;
  let reviewer: Client;
  let checker: Client;

  beforeAll(async () => {
    app = await startTestApp({ ROLE: 'all' });
    org = await newOrg(app);
    editor = (await org.newKey('editor')).api;
    reviewer = (await org.newKey('editor')).api;
    checker = (await org.newKey('checker')).api;
  });
  afterAll(() => app.close());

  it('a duplicate follows its canonical claim: its detail and verdict list name the verdict in force; unlinked, it has its own lifecycle again', async () => {
    const text = 'Le maire de Grenoble a interdit les voitures diesel dans 12 rues du centre';
    const canonical = (await editor.post('/v1/claims', { text, language: 'fr' })).body.id as string;
    await untilStatus(editor, canonical, 'ready_for_check');
    const dup = await editor.post('/v1/claims', { text, language: 'fr' });
    expect(dup.body).toMatchObject({ status: 'duplicate', duplicateOf: canonical });
    const verdictId = await checkAndPublish(checker, reviewer, await checkTaskOf(app, canonical));

    const detail = (await editor.get(`/v1/claims/${dup.body.id}`)).body;
    expect(detail).toMatchObject({
      status: 'duplicate',
      duplicateOf: canonical,
      verdict: { id: verdictId },
      verdictInForce: { verdictId, version: 1, claimId: canonical, inherited: true },
    });
    expect((await editor.get(`/v1/claims/${canonical}`)).body.verdictInForce).toEqual({
      verdictId,
      version: 1,
      claimId: canonical,
      inherited: false,
    });
    const list = (await editor.get(`/v1/claims/${dup.body.id}/verdicts`)).body.data;
    expect(list.map((v: { id: string; status: string; claimId: string }) => [v.id, v.status, v.claimId])).toEqual([
      [verdictId, 'published', canonical],
    ]);

    const unlinked = await editor.post(`/v1/claims/${dup.body.id}/unlink-duplicate`, { reason: 'Autre ville' });
    expect(unlinked.body).toMatchObject({ status: 'received', duplicateOf: null });
    expect((await editor.get(`/v1/claims/${dup.body.id}`)).body).toMatchObject({ verdict: null, verdictInForce: null });
    expect((await editor.get(`/v1/claims/${dup.body.id}/verdicts`)).body.data).toEqual([]);
    await untilStatus(editor, dup.body.id, 'ready_for_check'); // its own research, its own check task
    expect(await checkTaskOf(app, dup.body.id)).toEqual(expect.any(String));
  });

  it('a retracted verdict leaves its claim retracted, with a check task that checks it again up to a new publication', async () => {
    const claim = (
      await editor.post('/v1/claims', {
        text: 'La SNCF a supprimé 40 % des trains régionaux en Bretagne cet hiver',
        language: 'fr',
      })
    ).body.id as string;
    await untilStatus(editor, claim, 'ready_for_check');
    const v1 = await checkAndPublish(checker, reviewer, await checkTaskOf(app, claim));
    expect((await editor.post(`/v1/verdicts/${v1}/retract`, { reason: 'Source retirée' })).status).toBe(200);

    const detail = (await editor.get(`/v1/claims/${claim}`)).body;
    expect(detail).toMatchObject({ status: 'retracted', verdict: null, verdictInForce: null });
    const history = (await editor.get(`/v1/claims/${claim}/history`)).body.data;
    expect(history[history.length - 1]).toMatchObject({
      action: 'verdict_retracted',
      fromStatus: 'published',
      toStatus: 'retracted',
      reason: 'Source retirée',
    });
    expect((await editor.get(`/v1/claims?status=retracted`)).body.data.map((c: { id: string }) => c.id)).toContain(
      claim,
    );

    const task = await checkTaskOf(app, claim);
    expect(
      (await editor.get(`/v1/tasks?kind=check&status=open`)).body.data.find((t: { id: string }) => t.id === task),
    ).toMatchObject({ claimId: claim, verdictId: v1, note: 'Source retirée' });
    const v2 = await checkAndPublish(checker, reviewer, task, 'mostly_false');
    expect((await editor.get(`/v1/claims/${claim}`)).body).toMatchObject({
      status: 'published',
      verdictInForce: { verdictId: v2, version: 2 },
    });
    const actions = (await editor.get(`/v1/claims/${claim}/history`)).body.data.map(
      (h: { action: string; toStatus: string }) => [h.action, h.toStatus],
    );
    expect(actions.slice(-4)).toEqual([
      ['check_claimed', 'in_check'],
      ['verdict_drafted', 'in_review'],
      ['review_claimed', 'in_review'],
      ['verdict_published', 'published'],
    ]);
  });

  it("dismissal cancels only its organization's tasks", async () => {
    const claim = (
      await editor.post('/v1/claims', {
        text: 'Le port du Havre a perdu la moitié de son trafic de conteneurs en 2024',
        language: 'fr',
      })
    ).body.id as string;
    await untilStatus(editor, claim, 'ready_for_check');
    const own = await checkTaskOf(app, claim);
    // A row another organization holds that names this claim (written by hand: no route can make one).
    const other = await newOrg(app);
    const foreign = await other.newTask({ id: claim, language: 'fr' }, { kind: 'review', priority: 1 });
    expect((await editor.post(`/v1/claims/${claim}/dismiss`, { reason: 'Hors sujet' })).body.status).toBe('dismissed');
    expect(await app.ds.query(`SELECT status FROM tasks WHERE id = $1`, [own])).toEqual([{ status: 'cancelled' }]);
    expect(await app.ds.query(`SELECT status FROM tasks WHERE id = $1`, [foreign.id])).toEqual([{ status: 'open' }]);
  });
});

describe('re-running research while Redis is down (e2e)', () => {
  let redis: RedisServer;
  let app: TestApp;

  beforeAll(async () => {
    redis = new RedisServer(join(process.env.TEST_TMP_DIR!, `redis-rerun-${process.pid}`), await freePort());
    await redis.start();
    app = await startTestApp({ ROLE: 'all', REDIS_URL: redis.url });
  });
  afterAll(async () => {
    if (redis && !redis.running) await redis.start();
    await app?.close();
    await redis?.stop();
  });

  it('answers 202 through the outbox, and the run happens once Redis is back', async () => {
    const org = await newOrg(app);
    const editor = (await org.newKey('editor')).api;
    const claim = (
      await editor.post('/v1/claims', {
        text: 'Le prix du gazole a dépassé 3 euros le litre à Lille en mars',
        language: 'fr',
      })
    ).body.id as string;
    await untilStatus(editor, claim, 'ready_for_check');

    await redis.stop();
    const res = await editor.post(`/v1/claims/${claim}/research`);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ claimId: claim, jobId: expect.stringMatching(/^rerun-/), status: 'queued' });
    expect(await status(editor, claim)).toBe('received');
    const history = (await editor.get(`/v1/claims/${claim}/history`)).body.data;
    expect(history[history.length - 1]).toMatchObject({
      action: 'research_requested',
      fromStatus: 'ready_for_check',
      toStatus: 'received',
    });

    await redis.start();
    await waitFor(
      'the re-run',
      async () => {
        const runs = (await editor.get(`/v1/claims/${claim}/research-runs`)).body.data;
        return (
          runs.length === 2 &&
          runs.every((r: { status: string }) => r.status === 'completed') &&
          runs.some((r: { trigger: string }) => r.trigger === 'rerun')
        );
      },
      90000,
    );
    await untilStatus(editor, claim, 'ready_for_check');
    const [{ n }] = await app.ds.query(
      `SELECT count(*)::int AS n FROM tasks WHERE claim_id = $1 AND status IN ('open', 'claimed')`,
      [claim],
    );
    expect(n).toBe(1);
  });
});
