import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardFastifyAdapter } from '@bull-board/fastify';
import { getQueueToken } from '@nestjs/bullmq';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Queue } from 'bullmq';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiKeysRepository } from '../auth/api-keys.repository';
import { problemFor } from '../common/problem';
import { sendProblem } from '../common/problem.filter';
import { QueueName } from '../queue/queue-names';
import { bearerSecret } from '../auth/api-key-secret';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';

/** bull-board at /admin/queues, for admin keys only (Authorization: Bearer <admin key>). */
export async function mountQueueDashboard(app: NestFastifyApplication): Promise<void> {
  const board = new BullBoardFastifyAdapter();
  board.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({
    queues: Object.values(QueueName).map((name) => new BullMQAdapter(app.get<Queue>(getQueueToken(name), { strict: false }))),
    serverAdapter: board,
  });
  const keys = app.get(ApiKeysRepository);
  const adminOnly = async (req: FastifyRequest, reply: FastifyReply) => {
    const secret = bearerSecret(req.headers.authorization);
    const principal = secret ? await keys.findActiveBySecret(secret) : null;
    if (!principal) return sendProblem(reply, problemFor(401, 'The queue dashboard needs an admin API key: Authorization: Bearer <key>'));
    if (principal.role !== 'admin') return sendProblem(reply, problemFor(403, 'The queue dashboard is for admin keys only'));
  };
  await app.register(async (scope: FastifyInstance) => {
    scope.addHook('onRequest', adminOnly);
    await scope.register(board.registerPlugin() as never, { prefix: QUEUE_DASHBOARD_PATH });
  });
}
