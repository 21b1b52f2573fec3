import { createHash, timingSafeEqual } from 'node:crypto';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardFastifyAdapter } from '@bull-board/fastify';
import { getQueueToken } from '@nestjs/bullmq';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Queue } from 'bullmq';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppConfig } from '../config/config';
import { problemFor } from '../api/problem';
import { sendProblem } from '../api/problem.filter';
import { QueueName } from './queue-names';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/**
 * The operator's credential from an `Authorization` header: `Bearer <token>`, or HTTP Basic with the
 * token as password (what a browser prompts for). Null when the header has neither form.
 */
export function dashboardCredential(header: unknown): string | null {
  if (typeof header !== 'string') return null;
  const bearer = /^Bearer\s+(\S{1,512})\s*$/i.exec(header);
  if (bearer) return bearer[1];
  const basic = /^Basic\s+([A-Za-z0-9+/=]{1,1024})\s*$/i.exec(header);
  if (!basic) return null;
  const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : decoded.slice(colon + 1);
}

/**
 * bull-board at /admin/queues. Queues are shared by every organization, so the dashboard belongs to
 * the deployment's operator, never to an organization: it opens with QUEUE_DASHBOARD_TOKEN only (no
 * API key, whatever its role), is not mounted at all when that token is unset, and is read-only
 * unless QUEUE_DASHBOARD_READ_ONLY=false. Jobs carry ids, not tenant data, so even the operator sees
 * which rows a job names, not their content.
 */
export async function mountQueueDashboard(
  app: NestFastifyApplication,
  config: Pick<AppConfig, 'queueDashboard'>,
): Promise<void> {
  const { token, readOnly } = config.queueDashboard;
  if (!token) return;
  const board = new BullBoardFastifyAdapter();
  board.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({
    queues: Object.values(QueueName).map(
      (name) => new BullMQAdapter(app.get<Queue>(getQueueToken(name), { strict: false }), { readOnlyMode: readOnly }),
    ),
    serverAdapter: board,
  });
  const expected = digest(token);
  const operatorOnly = async (req: FastifyRequest, reply: FastifyReply) => {
    const given = dashboardCredential(req.headers.authorization);
    if (given !== null && timingSafeEqual(digest(given), expected)) return;
    reply.header('www-authenticate', 'Basic realm="Corroborate queue dashboard", charset="UTF-8"');
    return sendProblem(
      reply,
      problemFor(
        401,
        'The queue dashboard is for the deployment operator: use QUEUE_DASHBOARD_TOKEN (Bearer, or as the Basic password). API keys do not open it.',
      ),
    );
  };
  await app.register(async (scope: FastifyInstance) => {
    scope.addHook('onRequest', operatorOnly);
    await scope.register(board.registerPlugin() as never, { prefix: QUEUE_DASHBOARD_PATH });
  });
}
