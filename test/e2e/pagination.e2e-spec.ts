import { ClaimsRepository } from '../../src/claims/claims.repository';
import { factories } from '../helpers/db-context';
import { newOrg, OrgCtx } from '../helpers/factories';
import { Client } from '../helpers/http';
import { startTestApp, TestApp } from '../helpers/app';

/** Walks a list by its nextCursor with a small limit; the pages joined must be the whole list. */
async function walk(api: Client, path: string, limit: number): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const res: { status: number; body: { data: { id: string | number }[]; nextCursor: string | null } } = await api.get(
      `${path}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
    );
    expect(res.status).toBe(200);
    expect(res.body.data.length).toBeLessThanOrEqual(limit);
    ids.push(...res.body.data.map((r) => String(r.id)));
    cursor = res.body.nextCursor;
    pages++;
  } while (cursor && pages < 50);
  return { ids, pages };
}

describe('pagination (e2e): every list pages one way, by an opaque cursor over its own order', () => {
  let app: TestApp;
  let org: OrgCtx;
  let editor: Client;

  beforeAll(async () => {
    app = await startTestApp({ ROLE: 'api' });
    org = await newOrg(app);
    editor = (await org.newKey('editor')).api;
  });
  afterAll(() => app.close());

  it('claims newest first, evidence by relevance, history oldest first: every row once, in order', async () => {
    const rows = factories(app.ds, org.organizationId);
    const claims = [];
    for (let i = 0; i < 5; i++) claims.push(await rows.newClaim({ status: 'ready_for_check' }));
    const claim = claims[0];
    const relevances = [0.9, 0.7, 0.7, 0.5, 0.3];
    const evidence = [];
    for (const relevance of relevances) evidence.push(await rows.newEvidence(claim, { relevance }));
    const repo = new ClaimsRepository(app.ds);
    for (const action of ['a1', 'a2', 'a3', 'a4', 'a5'])
      await repo.addHistory(org, app.ds.manager, { claimId: claim.id, action });

    const listed = await walk(editor, '/v1/claims', 2);
    expect(listed.ids.slice(0, 5)).toEqual(claims.map((c) => c.id).reverse());

    const ev = await walk(editor, `/v1/claims/${claim.id}/evidence`, 2);
    expect(ev.pages).toBe(3);
    const expected = evidence
      .slice()
      .sort((a, b) => b.relevance - a.relevance || (a.id < b.id ? 1 : -1))
      .map((e) => e.id);
    expect(ev.ids).toEqual(expected);

    const history = await walk(editor, `/v1/claims/${claim.id}/history`, 2);
    expect(history.pages).toBe(3);
    const actions = (await editor.get(`/v1/claims/${claim.id}/history`)).body.data.map(
      (h: { action: string }) => h.action,
    );
    expect(actions).toEqual(['a1', 'a2', 'a3', 'a4', 'a5']);
    expect(new Set(history.ids).size).toBe(5);
  });

  it('refuses a cursor it did not give, on every list, with a 400 problem naming the cursor', async () => {
    const claim = await factories(app.ds, org.organizationId).newClaim();
    const foreign = Buffer.from(JSON.stringify(['not', 'a key'])).toString('base64url');
    for (const path of [
      '/v1/claims',
      `/v1/claims/${claim.id}/evidence`,
      `/v1/claims/${claim.id}/history`,
      '/v1/tasks',
    ]) {
      for (const cursor of [foreign, 'bm90IGpzb24']) {
        const res = await (path === '/v1/tasks' ? (await org.newKey('checker')).api : editor).get(
          `${path}?cursor=${cursor}`,
        );
        expect({ path, status: res.status, type: res.headers.get('content-type'), errors: res.body.errors }).toEqual({
          path,
          status: 400,
          type: expect.stringContaining('application/problem+json'),
          errors: [{ path: 'cursor', message: 'cursor is not a valid cursor' }],
        });
      }
    }
  });
});
