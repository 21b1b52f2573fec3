import { startTestApp, TestApp } from '../helpers/app';
import { newOrg } from '../helpers/factories';
import type { Client } from '../helpers/http';
import { waitFor } from '../helpers/wait';

/** The desk's own published verdicts are fact-checks for later research; a retraction withdraws them. */
describe('own verdicts as fact-checks (e2e)', () => {
  let app: TestApp;
  beforeAll(async () => (app = await startTestApp({ ROLE: 'all' })));
  afterAll(() => app.close());

  const ready = (api: Client, id: string) =>
    waitFor(
      'research',
      async () => ((await api.get(`/v1/claims/${id}`)).body.status === 'ready_for_check' ? true : undefined),
      20_000,
    );

  it('a published "false" verdict refutes a later, reworded claim; retracting it removes the fact-check', async () => {
    const org = await newOrg(app);
    const checker = await org.newKey('checker');
    const editor = await org.newKey('editor');
    const first = await editor.api.post('/v1/claims', {
      text: 'Le CENTCOM a confirmé le retrait des troupes américaines de 15 bases en Irak',
      language: 'fr',
    });
    expect(first.status).toBe(202);
    await ready(editor.api, first.body.id);

    const task = (await checker.api.get('/v1/tasks?kind=check&status=open')).body.data.find(
      (t: { claimId: string }) => t.claimId === first.body.id,
    );
    const lease = (await checker.api.post(`/v1/tasks/${task.id}/claim`, {})).body.leaseToken;
    const done = await checker.api.post(`/v1/tasks/${task.id}/complete`, {
      leaseToken: lease,
      rating: 'false',
      summary: 'Le CENTCOM a au contraire démenti tout retrait.',
    });
    expect(done.status).toBe(200);
    const review = (await editor.api.post('/v1/tasks/next', { kinds: ['review'] })).body;
    expect(
      (await editor.api.post(`/v1/tasks/${review.id}/complete`, { leaseToken: review.leaseToken, decision: 'approve' }))
        .status,
    ).toBe(200);

    const own = await waitFor(
      'own fact-check',
      async () =>
        (
          await app.ds.query(
            `SELECT url, rating, claim_reviewed FROM fact_checks WHERE organization_id = $1 AND origin = 'own'`,
            [org.organizationId],
          )
        )[0],
      15_000,
    );
    expect(own.claim_reviewed).toBe('Le CENTCOM a confirmé le retrait des troupes américaines de 15 bases en Irak');
    expect(own.rating).toBe('False');

    const later = await editor.api.post('/v1/claims', {
      text: 'Selon le CENTCOM, les troupes américaines ont quitté 15 bases en Irak',
      language: 'fr',
    });
    expect(later.body.status).not.toBe('duplicate');
    await ready(editor.api, later.body.id);
    const evidence = (await editor.api.get(`/v1/claims/${later.body.id}/evidence`)).body.data;
    expect(evidence).toEqual(
      expect.arrayContaining([expect.objectContaining({ provider: 'fact-checks', url: own.url, stance: 'refutes' })]),
    );

    const verdict = (await editor.api.get(`/v1/claims/${first.body.id}`)).body.verdict;
    expect((await editor.api.post(`/v1/verdicts/${verdict.id}/retract`, { reason: 'Retiré' })).status).toBe(200);
    await waitFor(
      'removal',
      async () =>
        Number(
          (
            await app.ds.query(`SELECT count(*) FROM fact_checks WHERE organization_id = $1 AND origin = 'own'`, [
              org.organizationId,
            ])
          )[0].count,
        ) === 0,
      15_000,
    );
  }, 60_000);
});
