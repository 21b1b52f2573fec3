import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiProperty, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { FieldErrorView } from './field-error.view';

/** RFC 9457 problem details, as every error of the API is answered (common/problem.ts). */
export class ProblemView {
  @ApiProperty({
    format: 'uri',
    example: 'https://corroborate.dev/problems/invalid-request',
    description: 'Identifies the kind of problem',
  })
  type!: string;
  @ApiProperty({ example: 'Bad Request' }) title!: string;
  @ApiProperty({ type: 'integer', minimum: 400, maximum: 599, example: 400 }) status!: number;
  @ApiProperty({ example: 'text must be shorter than or equal to 2000 characters' }) detail!: string;
  @ApiProperty({ type: [FieldErrorView], required: false, description: 'Validation: one entry per invalid field' })
  errors?: FieldErrorView[];
}

const RETRY_AFTER = {
  'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer' as const, minimum: 0 } },
};

/** What each status means on this API (spec section 4). */
export const PROBLEM_MEANINGS: Record<number, string> = {
  400: 'Malformed or invalid input: `errors` lists each field',
  401: 'No API key, or an unknown or revoked one',
  403: "The key's role does not allow this",
  404: 'Unknown, or not visible to this key',
  409: 'State conflict (task taken, lease lost, invalid transition)',
  413: 'Body larger than BODY_LIMIT_BYTES',
  415: 'Content-Type is not application/json',
  422: 'Idempotency-Key reused with another body',
  429: 'Rate limited: retry after Retry-After seconds',
  500: 'An unexpected failure (logged); never an answer to bad input',
  503: 'A dependency (database, queue, secret store) is unavailable: retry after Retry-After seconds',
};

/** Declares problem+json error responses; `description` says when this route gives it. */
export function ApiProblem(status: number, description = PROBLEM_MEANINGS[status]) {
  return ApiResponse({
    status,
    description,
    content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemView) } } },
    ...(status === 429 || status === 503 ? { headers: RETRY_AFTER } : {}),
  });
}

export const ApiProblems = (...statuses: number[]) => applyDecorators(...statuses.map((s) => ApiProblem(s)));

/**
 * Every route behind the AuthGuard and the RateLimitGuard (every route not @Public): the bearer
 * key, and the 401, 429 and 503 those guards give (the key is looked up in PostgreSQL, budgets in Redis).
 */
export const Authenticated = () => applyDecorators(ApiBearerAuth(), ApiProblems(401, 429, 503));

const problemResponse = (status: number) => ({
  description: PROBLEM_MEANINGS[status],
  content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemView) } } },
});

/**
 * The errors of the global ValidationPipe, ParseUUIDPipe and body parser, which run on every route:
 * a route that declares inputs (path, query, body: the same decorators the pipes validate) can
 * answer 400; one with a path id, 404; one that takes a body, 413 and 415. Every route can fail
 * unexpectedly (500, problem+json from the filter).
 */
export function declareInputErrors(document: { paths: Record<string, Record<string, any>> }): void {
  for (const item of Object.values(document.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!op || typeof op !== 'object' || !op.responses) continue;
      const params: { in: string }[] = op.parameters ?? [];
      const add = (status: number) => (op.responses[String(status)] ??= problemResponse(status));
      const withBody = ['post', 'put', 'patch'].includes(method);
      if (params.some((p) => p.in === 'path' || p.in === 'query') || op.requestBody) add(400);
      if (params.some((p) => p.in === 'path')) add(404);
      if (withBody) [413, 415].forEach(add);
      add(500);
    }
  }
}

/** A POST that honours Idempotency-Key (IdempotencyService): the header, and its 409 and 422. */
export const Idempotent = (
  description = 'Retrying with the same key and body returns the original response; another body gets 422',
) =>
  applyDecorators(
    ApiHeader({ name: 'Idempotency-Key', required: false, description, schema: { type: 'string', maxLength: 255 } }),
    ApiProblem(409, 'A request with this Idempotency-Key is still in progress: retry shortly'),
    ApiProblem(422),
  );
