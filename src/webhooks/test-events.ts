import { existsSync, readFileSync } from 'node:fs';
import { Problem } from '../platform/api/problem';
import { type ExampleBook, OPENAPI_EXAMPLES_FILE, webhookExampleKey } from '../platform/api/openapi-examples';
import type { EventType } from '../platform/queue/queue-names';

let book: ExampleBook | null = null;

/** The recorded example body of an event type: the one the OpenAPI document's `webhooks` section shows. */
export function recordedEventExample(type: EventType): { type: string; timestamp: string; data: unknown } | null {
  if (!book)
    book = existsSync(OPENAPI_EXAMPLES_FILE)
      ? (JSON.parse(readFileSync(OPENAPI_EXAMPLES_FILE, 'utf8')) as ExampleBook)
      : {};
  const ex = book[webhookExampleKey(type)]?.request as { type: string; timestamp: string; data: unknown } | undefined;
  return ex ?? null;
}

/**
 * The body of a test event sent to one subscription: `webhook.ping` carries the subscription's id;
 * any other catalog type carries the data of its recorded example (the catalog's), so a receiver
 * sees exactly the shape the catalog documents. The timestamp is now.
 */
export function testEventBody(type: EventType, subscriptionId: string, now: Date): string {
  if (type === 'webhook.ping')
    return JSON.stringify({ type, timestamp: now.toISOString(), data: { webhookId: subscriptionId } });
  const example = recordedEventExample(type);
  if (!example)
    throw Problem.unavailable(`No example of ${type} is recorded (docs/openapi-examples.json); send webhook.ping`);
  return JSON.stringify({ type, timestamp: now.toISOString(), data: example.data });
}
