import Fastify from 'fastify';
import { Pool } from 'pg';
import { CLAIM_SQL, DONE_BY_HOLDER_SQL } from './bare-tasks';
import { runServer, serveUntilSigterm } from './serve';

/**
 * The HTTP baseline of the tasks benchmark (`--bare-http`), run as its own process: plain Fastify
 * serving the two calls a checker makes, each one statement with `pg` (pool of 10, like ours):
 * `POST /v1/tasks/next` runs the bare claim SQL (200 with id and lease token, or 204),
 * `POST /v1/tasks/:id/complete` marks the task done when the lease token matches (200, or 409), with
 * a JSON schema for its body. The token names the organization and the key (`Bearer <org>:<key>`):
 * no lookup, as the intake baseline compares a static token. Env: DATABASE_URL; prints its port.
 */
async function main() {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
  const app = Fastify({ logger: false });
  const caller = (authorization: string | undefined) => {
    const [org, key] = (authorization ?? '').replace(/^Bearer /, '').split(':');
    return org && key ? { org, key } : null;
  };
  app.post('/v1/tasks/next', async (req, reply) => {
    const who = caller(req.headers.authorization);
    if (!who) return reply.code(401).send({ title: 'Unauthorized' });
    const { rows } = await pool.query(CLAIM_SQL, [who.org, who.key]);
    return rows.length ? reply.send(rows[0]) : reply.code(204).send();
  });
  app.post(
    '/v1/tasks/:id/complete',
    {
      schema: {
        params: { type: 'object', properties: { id: { type: 'string', format: 'uuid' } } },
        body: {
          type: 'object',
          required: ['leaseToken', 'rating', 'summary'],
          properties: {
            leaseToken: { type: 'string', format: 'uuid' },
            rating: { type: 'string', maxLength: 40 },
            summary: { type: 'string', minLength: 1, maxLength: 5000 },
          },
        },
      },
    },
    async (req, reply) => {
      if (!caller(req.headers.authorization)) return reply.code(401).send({ title: 'Unauthorized' });
      const { id } = req.params as { id: string };
      const { leaseToken } = req.body as { leaseToken: string };
      const { rowCount } = await pool.query(DONE_BY_HOLDER_SQL, [id, leaseToken]);
      return rowCount ? reply.send({ id, status: 'done' }) : reply.code(409).send({ title: 'Lease lost' });
    },
  );
  await serveUntilSigterm(app, { port: Number(process.env.PORT ?? 0), host: '127.0.0.1' }, () => pool.end());
}

runServer(main);
