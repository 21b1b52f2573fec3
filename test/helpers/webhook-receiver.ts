import { createServer, IncomingHttpHeaders, Server, ServerResponse } from 'node:http';
import { checkWebhookBody } from './contract';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

/** What the receiver answers to its n-th request (0-based), optionally after delayMs; `hang` never answers. */
export type Answer = { status: number; headers?: Record<string, string>; body?: string; delayMs?: number } | 'hang';

/** Webhook bodies that broke the contract and checks still running, since the last report. */
const contractFailures: Error[] = [];
const contractChecks = new Set<Promise<void>>();

/**
 * Throws the first contract failure of a webhook body received since the last call (after the
 * checks under way finish). test/setup/webhook-contract.ts calls it after each test, so the test
 * that received the body fails.
 */
export async function reportWebhookContract(): Promise<void> {
  await Promise.all([...contractChecks]);
  const failures = contractFailures.splice(0);
  if (failures.length)
    throw new Error(
      `${failures.length} webhook bod${failures.length === 1 ? 'y' : 'ies'} broke the OpenAPI contract; the first: ${failures[0].message}`,
    );
}

/**
 * A real local HTTP server standing in for a newsroom's webhook endpoint: records every request
 * and answers as the test says (status, headers, body, or hanging). Every body is checked against
 * the `webhooks` section of the OpenAPI document (helpers/contract.ts).
 */
export class WebhookReceiver {
  readonly requests: ReceivedRequest[] = [];
  private server?: Server;
  private hanging: ServerResponse[] = [];
  url = '';
  /** TCP connections opened to this receiver (keep-alive reuse shows as fewer connections than requests). */
  connections = 0;
  /** Requests being answered now, and the most there ever were at once. */
  inFlight = 0;
  maxInFlight = 0;

  constructor(public answer: (n: number, req: ReceivedRequest) => Answer = () => ({ status: 204 })) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.maxInFlight = Math.max(this.maxInFlight, ++this.inFlight);
      res.once('close', () => this.inFlight--);
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const r: ReceivedRequest = {
          method: req.method ?? '',
          path: req.url ?? '',
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          at: Date.now(),
        };
        const n = this.requests.push(r) - 1;
        const check = checkWebhookBody(r.body).catch((err: Error) => void contractFailures.push(err));
        contractChecks.add(check);
        void check.finally(() => contractChecks.delete(check));
        const a = this.answer(n, r);
        if (a === 'hang') return void this.hanging.push(res);
        const send = () => res.writeHead(a.status, a.headers ?? {}).end(a.body ?? '');
        if (a.delayMs) setTimeout(send, a.delayMs);
        else send();
      });
    });
    this.server.on('connection', () => this.connections++);
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}/hook`;
    return this;
  }

  /** Requests carrying this event type in their body. */
  ofType(type: string): ReceivedRequest[] {
    return this.requests.filter((r) => (JSON.parse(r.body) as { type: string }).type === type);
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server?.closeAllConnections();
    await new Promise((r) => this.server?.close(r));
  }
}
