import { randomBytes } from 'node:crypto';
import { SecretBox } from './secret-box';

describe('SecretBox (AES-256-GCM at rest)', () => {
  const box = new SecretBox(randomBytes(32).toString('base64'));

  it('round-trips, never stores the plain text, and uses a fresh IV each time', () => {
    const a = box.encrypt('whsec_abc', 'row-1');
    const b = box.encrypt('whsec_abc', 'row-1');
    expect(a).not.toContain('whsec_abc');
    expect(a).not.toBe(b);
    expect(box.decrypt(a, 'row-1')).toBe('whsec_abc');
  });

  it('refuses another row, another key, or a tampered ciphertext', () => {
    const a = box.encrypt('whsec_abc', 'row-1');
    expect(() => box.decrypt(a, 'row-2')).toThrow();
    expect(() => new SecretBox(randomBytes(32).toString('base64')).decrypt(a, 'row-1')).toThrow();
    const parts = a.split('.');
    parts[3] = Buffer.from('whsec_abd').toString('base64url');
    expect(() => box.decrypt(parts.join('.'), 'row-1')).toThrow();
  });

  it('wants a 32-byte key', () => {
    expect(() => new SecretBox(randomBytes(16).toString('base64'))).toThrow(/32 bytes/);
  });
});
