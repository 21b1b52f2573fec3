import type { FastifyInstance } from 'fastify';

/** Every console response: no script but the service's own files, never framed, never sniffed, never cached. */
export const CONSOLE_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
  'cache-control': 'no-store',
};

const FORM_LIMIT_BYTES = 64 * 1024;

/**
 * What the console needs of Fastify: HTML form bodies (on /console routes only: the API
 * stays JSON-only and answers 415 to a form) and the security headers on every /console answer.
 */
export async function installConsoleHttp(fastify: FastifyInstance): Promise<void> {
  fastify.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: FORM_LIMIT_BYTES },
    (req, body, done) => {
      if (!req.url.startsWith('/console/'))
        return done(
          Object.assign(new Error('Unsupported Media Type'), {
            statusCode: 415,
            code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
          }),
          undefined,
        );
      const fields: Record<string, string | string[]> = {};
      for (const [k, v] of new URLSearchParams(body as string)) {
        const had = fields[k];
        fields[k] = had === undefined ? v : Array.isArray(had) ? [...had, v] : [had, v];
      }
      done(null, fields);
    },
  );
  fastify.addHook('onSend', (req, reply, payload, done) => {
    if (req.url === '/console' || req.url.startsWith('/console/') || req.url.startsWith('/console?'))
      reply.headers(CONSOLE_HEADERS);
    done(null, payload);
  });
}
