import { Webhook } from 'standardwebhooks';
import { newWebhookSecret, webhookHeaders } from './signing';

describe('webhook signing (checked with the standardwebhooks reference library)', () => {
  const body = JSON.stringify({
    type: 'claim.received',
    timestamp: '2026-01-01T00:00:00.000Z',
    data: { claim: { id: 'c1', text: 'Élysée: 15 bases' } },
  });
  const id = '9b2f1c8e-2b7a-4d4e-8f1e-0c7f6b5a4d3c';

  it('makes secrets of whsec_ + base64 of 32 random bytes', () => {
    const s = newWebhookSecret();
    expect(s).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(s.slice(6), 'base64')).toHaveLength(32);
    expect(newWebhookSecret()).not.toBe(s);
  });

  it('signs so that Webhook.verify accepts, and refuses a changed body', () => {
    const secret = newWebhookSecret();
    const headers = webhookHeaders([secret], id, Math.floor(Date.now() / 1000), body);
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(secret).verify(body.replace('15', '16'), headers)).toThrow();
    expect(() => new Webhook(newWebhookSecret()).verify(body, headers)).toThrow();
  });

  it('gives space-separated signatures that each live secret verifies', () => {
    const [oldS, newS] = [newWebhookSecret(), newWebhookSecret()];
    const headers = webhookHeaders([newS, oldS], id, Math.floor(Date.now() / 1000), body);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(() => new Webhook(newS).verify(body, headers)).not.toThrow();
    expect(() => new Webhook(oldS).verify(body, headers)).not.toThrow();
  });
});
