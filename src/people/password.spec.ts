import { hashPassword, passwordProblem, verifyPassword } from './password';

describe('passwords (scrypt)', () => {
  it('verifies the password it hashed, with a fresh salt each time and the parameters in the hash', async () => {
    const a = await hashPassword('correct horse battery staple');
    const b = await hashPassword('correct horse battery staple');
    expect(a).toMatch(/^scrypt\$131072\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery staple', a)).toBe(true);
    expect(await verifyPassword('correct horse battery stapl', a)).toBe(false);
    // NFKC: the same password typed with a composed or decomposed accent.
    expect(
      await verifyPassword(
        'e\u0301te\u0301 ensoleille\u0301 2026',
        await hashPassword('\u00e9t\u00e9 ensoleill\u00e9 2026'),
      ),
    ).toBe(true);
  });

  it('refuses without a stored hash (an invited person) and on a malformed one', async () => {
    expect(await verifyPassword('anything at all here', null)).toBe(false);
    expect(await verifyPassword('anything at all here', 'md5$abc')).toBe(false);
  });

  it('asks for length only: 12 to 200 characters', () => {
    expect(passwordProblem('short')).toBe('too-short');
    expect(passwordProblem(undefined)).toBe('too-short');
    expect(passwordProblem('x'.repeat(201))).toBe('too-long');
    expect(passwordProblem('twelve chars')).toBeNull();
  });
});
