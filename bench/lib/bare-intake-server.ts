import Fastify from 'fastify';
import { Pool } from 'pg';
import { runServer, serveUntilSigterm } from './serve';

/**
 * The bare baseline of the intake benchmark, run as its own process: plain Fastify with a JSON schema,
 * a static bearer token, and the same two inserts (claim + outbox row) in one transaction with `pg`.
 * Env: DATABASE_URL, BARE_TOKEN, BARE_ORG; prints its port on stdout.
 */
async function main() {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
  const token = `Bearer ${process.env.BARE_TOKEN}`;
  const org = process.env.BARE_ORG!;
  const app = Fastify({ logger: false });
  app.post(
    '/v1/claims',
    {
      schema: {
        body: {
          type: 'object',
          required: ['text'],
          additionalProperties: false,
          properties: {
            text: { type: 'string', minLength: 3, maxLength: 2000 },
            language: { type: 'string', enum: ['fr', 'en'] },
          },
        },
      },
    },
    async (req, reply) => {
      if (req.headers.authorization !== token) return reply.code(401).send({ title: 'Unauthorized' });
      const body = req.body as { text: string; language?: string };
      const c = await pool.connect();
      try {
        await c.query('BEGIN');
        const { rows } = await c.query(
          `INSERT INTO claims (organization_id, text, normalized_text, language) VALUES ($1, $2, lower($2), $3) RETURNING id, status, created_at`,
          [org, body.text, body.language ?? 'en'],
        );
        await c.query(
          `INSERT INTO outbox_events (organization_id, type, claim_id, data) VALUES ($1, 'claim.received', $2, $3)`,
          [org, rows[0].id, { claim: { id: rows[0].id, text: body.text } }],
        );
        await c.query('COMMIT');
        return reply.code(202).send({ id: rows[0].id, status: rows[0].status });
      } catch (err) {
        await c.query('ROLLBACK');
        throw err;
      } finally {
        c.release();
      }
    },
  );
  await serveUntilSigterm(app, { port: Number(process.env.PORT ?? 0), host: '127.0.0.1' }, () => pool.end());
}

runServer(main);
