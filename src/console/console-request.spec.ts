import type { FastifyRequest } from 'fastify';
import { publicBase, safeNext } from './console-request';
import { languageFromHeader } from './i18n';

describe('console requests', () => {
  it('returns after sign-in only to a console path of this site', () => {
    expect(safeNext('/console/queue?kind=check')).toBe('/console/queue?kind=check');
    for (const bad of [
      '//evil.example/console/',
      'https://evil.example/console/queue',
      '/console\\..\\x',
      '/docs',
      42,
      undefined,
    ])
      expect(safeNext(bad)).toBe('/console/queue');
  });

  it('builds links on PUBLIC_BASE_URL when set, else on the address the request reached', () => {
    const req = { protocol: 'https', host: 'desk.example:8443' } as FastifyRequest;
    expect(publicBase({ publicBaseUrl: 'https://checks.example' }, req)).toBe('https://checks.example');
    expect(publicBase({}, req)).toBe('https://desk.example:8443');
  });

  it('takes the first of French and English the browser prefers, else English', () => {
    expect(languageFromHeader('fr-FR,fr;q=0.9,en;q=0.8')).toBe('fr');
    expect(languageFromHeader('de;q=1, en;q=0.5, fr;q=0.7')).toBe('fr');
    expect(languageFromHeader('de, es')).toBe('en');
    expect(languageFromHeader('fr;q=0, en')).toBe('en');
    expect(languageFromHeader(undefined)).toBe('en');
  });
});
