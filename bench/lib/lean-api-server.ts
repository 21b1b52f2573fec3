import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import Fastify, { FastifyReply, FastifyRequest } from 'fastify';
import { AppModule } from '../../src/app.module';
import { bearerSecret } from '../../src/auth/api-key-secret';
import { ApiKeysRepository } from '../../src/auth/api-keys.repository';
import { ClaimsService } from '../../src/claims/claims.service';
import { loadConfig } from '../../src/platform/config/config';
import type { Principal } from '../../src/platform/tenancy/principal';
import { taskView } from '../../src/tasks/task.view';
import { TasksService } from '../../src/tasks/tasks.service';
import { runServer, serveUntilSigterm } from './serve';

/**
 * A diagnostic, not a product (it is never deployed): our own services and statements, called from
 * plain Fastify. The same key lookup (ApiKeysRepository), the same intake (`ClaimsService.submit`:
 * matching, the claim, its history and event) and the same task statements (`TasksService.next`
 * and `complete`), with the config of ROLE=api; without Nest's HTTP pipeline (guards, pipes,
 * filters), the class-validator DTOs (a JSON schema of the fields the benchmarks send instead),
 * request logging or metrics, and without role checks (the benchmarks' keys have the right role).
 * `npm run bench -- intake|tasks --lean` runs it in place of our API process: the ratio it reaches
 * against the bare baseline is the ceiling of any lighter request path over today's services and SQL.
 * Env: ROLE=api's (DATABASE_URL, REDIS_URL, PORT, HOST...).
 */
async function main() {
  const config = loadConfig({ ...process.env, ROLE: 'api' });
  const ctx = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: false });
  await ctx.init();
  const keys = ctx.get(ApiKeysRepository);
  const claims = ctx.get(ClaimsService);
  const tasks = ctx.get(TasksService);
  const app = Fastify({ logger: false });
  const principal = async (req: FastifyRequest, reply: FastifyReply): Promise<Principal | null> => {
    const secret = bearerSecret(req.headers.authorization);
    const p = secret ? await keys.findActiveBySecret(secret) : null;
    if (!p) void reply.code(401).send({ title: 'Unauthorized' });
    return p;
  };
  app.get('/health/live', async () => ({ status: 'ok' }));
  app.post(
    '/v1/claims',
    {
      schema: {
        body: {
          type: 'object',
          required: ['text'],
          additionalProperties: false,
          properties: { text: { type: 'string', minLength: 3, maxLength: 2000 }, language: { type: 'string' } },
        },
      },
    },
    async (req, reply) => {
      const p = await principal(req, reply);
      if (!p) return reply;
      const r = await claims.submit(p, req.body as { text: string; language?: string });
      return reply
        .code(r.status)
        .headers(r.headers ?? {})
        .send(r.body);
    },
  );
  app.post('/v1/tasks/next', async (req, reply) => {
    const p = await principal(req, reply);
    if (!p) return reply;
    const task = await tasks.next(p, {});
    return task ? taskView(task, true) : reply.code(204).send();
  });
  app.post<{ Params: { id: string } }>(
    '/v1/tasks/:id/complete',
    {
      schema: {
        body: {
          type: 'object',
          required: ['leaseToken'],
          properties: { leaseToken: { type: 'string' }, rating: { type: 'string' }, summary: { type: 'string' } },
        },
      },
    },
    async (req, reply) => {
      const p = await principal(req, reply);
      if (!p) return reply;
      const r = await tasks.complete(p, req.params.id, req.body as Parameters<TasksService['complete']>[2]);
      return { ...taskView(r.task), verdictId: r.verdictId, nextTaskId: r.nextTaskId };
    },
  );
  await serveUntilSigterm(app, { port: config.port, host: config.host }, () => ctx.close());
}

runServer(main);
