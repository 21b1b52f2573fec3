import { newOrg } from '../helpers/factories';
import { startTestApp, TestApp } from '../helpers/app';

describe('webhooks without WEBHOOK_SECRET_KEY (e2e)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ ROLE: 'api', ALLOW_PRIVATE_NETWORKS: 'true', WEBHOOK_SECRET_KEY: '' });
  });
  afterAll(() => app.close());

  it('boots, and answers 503 instead of storing a secret it cannot encrypt', async () => {
    const org = await newOrg(app);
    const res = await org.admin.post('/v1/webhooks', { url: 'http://127.0.0.1:9/hook', events: ['*'] });
    expect(res.status).toBe(503);
    expect(res.body.detail).toMatch(/WEBHOOK_SECRET_KEY/);
    const [row] = await app.ds.query(
      `SELECT count(*)::int AS n FROM webhook_subscriptions WHERE organization_id = $1`,
      [org.organizationId],
    );
    expect(row.n).toBe(0);
    expect((await org.admin.get('/v1/webhooks')).status).toBe(200);
  });
});
