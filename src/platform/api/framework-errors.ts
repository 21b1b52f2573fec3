import type { FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_TYPE_BASE } from './problem';

/**
 * Errors Fastify raises before any route runs (a path parameter over the router's length limit, a
 * malformed URL) are rendered as problem+json like every other error, instead of Fastify's own JSON.
 * Found by the input fuzz test (test/e2e/fuzz-input.e2e-spec.ts).
 */
export function frameworkErrors(
  error: Error & { statusCode?: number; code?: string },
  _req: FastifyRequest,
  reply: FastifyReply,
): void {
  const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  const slug = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'uri-too-long' : 'invalid-request';
  const title = status === 414 ? 'URI Too Long' : 'Bad Request';
  const detail =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'A path parameter is too long' : 'The request URL is malformed';
  void reply
    .code(status)
    .type('application/problem+json')
    .send({ type: PROBLEM_TYPE_BASE + slug, title, status, detail });
}
