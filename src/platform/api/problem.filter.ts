import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DatabaseError } from 'pg';
import { QueryFailedError } from 'typeorm';
import { Problem, ProblemBody, problemFor } from './problem';

/** Turns every error into RFC 9457 application/problem+json. Unknown errors are logged and become 500. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const { body, headers } = toProblem(exception, this.logger);
    sendProblem(reply, body, headers);
  }
}

export function sendProblem(reply: FastifyReply, body: ProblemBody, headers: Record<string, string> = {}): void {
  for (const [k, v] of Object.entries(headers)) reply.header(k, v);
  reply
    .status(body.status)
    .header('content-type', 'application/problem+json; charset=utf-8')
    .send(JSON.stringify(body));
}

const CONNECTION_ERRORS =
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|Connection terminated|timeout exceeded when trying to connect|the database system is (starting up|shutting down)|terminating connection/i;

/** PostgreSQL errors (SQLSTATE) that only a value sent by the client can cause. */
export const BAD_INPUT_SQLSTATES: Record<string, string> = {
  '21000': 'the same item twice in one request',
  '22001': 'a text too long',
  '22003': 'a number out of range',
  '22007': 'a date in an invalid format',
  '22008': 'a date out of range',
  '22009': 'a time zone offset out of range',
  '22021': 'an invalid character',
  '22025': 'an invalid escape sequence',
  '22P02': 'a value in an invalid format',
  '22P05': 'a character that cannot be stored',
  '54000': 'a value too large to index',
};

export function toProblem(
  exception: unknown,
  logger?: Logger,
): { body: ProblemBody; headers?: Record<string, string> } {
  if (exception instanceof Problem) return { body: exception.body(), headers: exception.headers };
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const res = exception.getResponse();
    const message = typeof res === 'string' ? res : ((res as { message?: unknown }).message ?? exception.message);
    let detail = Array.isArray(message) ? message.join('; ') : String(message);
    if (status === 415) detail = 'Content-Type must be application/json';
    if (status === 413) detail = 'Request body is larger than the configured limit (BODY_LIMIT_BYTES)';
    const body = problemFor(
      status,
      status === 404 && /^Cannot (GET|POST|PUT|PATCH|DELETE)/.test(detail) ? 'No such route' : detail,
    );
    // Structured details (e.g. the readiness checks: info, error, details) stay as extension members.
    if (typeof res === 'object' && res) {
      for (const [k, v] of Object.entries(res))
        if (!['message', 'statusCode', 'status'].includes(k) && typeof v === 'object' && v !== null && !(k in body))
          body[k] = v;
    }
    return { body };
  }
  // Errors raised by Fastify before the route (body parsing, limits, content type).
  const fe = exception as { statusCode?: number; code?: string; message?: string };
  if (
    fe &&
    typeof fe.statusCode === 'number' &&
    fe.statusCode >= 400 &&
    fe.statusCode < 500 &&
    typeof fe.code === 'string' &&
    fe.code.startsWith('FST_')
  ) {
    const detail =
      fe.statusCode === 413
        ? 'Request body is larger than the configured limit (BODY_LIMIT_BYTES)'
        : fe.statusCode === 415
          ? 'Content-Type must be application/json'
          : (fe.message ?? 'Bad request');
    return { body: problemFor(fe.statusCode, detail) };
  }
  // TypeORM wraps driver errors; the prepared statements (src/platform/database/prepared.ts) raise pg's own.
  const code =
    exception instanceof QueryFailedError
      ? (exception as QueryFailedError & { driverError?: { code?: string } }).driverError?.code
      : exception instanceof DatabaseError
        ? exception.code
        : undefined;
  // Bad input that slipped past validation is still the client's: 400, not 500.
  if (code && code in BAD_INPUT_SQLSTATES) {
    logger?.warn(
      `Bad input reached the database (${code}): ${exception instanceof Error ? exception.message : String(exception)}`,
    );
    return { body: problemFor(400, `A value in the request is not valid (${BAD_INPUT_SQLSTATES[code]})`) };
  }
  // query_canceled: a statement ran past DATABASE_STATEMENT_TIMEOUT_MS (the database is overloaded).
  if (code === '57014')
    return {
      body: problemFor(503, 'The database took too long to answer; retry later', 'dependency-unavailable'),
      headers: { 'retry-after': '5' },
    };
  const msg = exception instanceof Error ? exception.message : String(exception);
  if (CONNECTION_ERRORS.test(msg) || (exception as { code?: string })?.code === 'ECONNREFUSED') {
    logger?.warn(`Dependency unavailable: ${msg}`);
    return {
      body: problemFor(503, 'A dependency (database) is unavailable; retry later', 'dependency-unavailable'),
      headers: { 'retry-after': '5' },
    };
  }
  logger?.error(exception instanceof Error ? (exception.stack ?? msg) : msg);
  return { body: problemFor(500, 'Internal error') };
}
