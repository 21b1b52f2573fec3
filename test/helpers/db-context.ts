import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource, DeepPartial } from 'typeorm';
import { ApiKeysRepository } from '../../src/auth/api-keys.repository';
import { Claim } from '../../src/claims/claim.entity';
import { claimView } from '../../src/claims/claim.view';
import { ClaimMatchKey } from '../../src/claims/matching/claim-match-key.entity';
import { matchKeys } from '../../src/claims/matching/similarity';
import { Evidence } from '../../src/evidence/evidence.entity';
import { hashPassword } from '../../src/people/password';
import { Person } from '../../src/people/person.entity';
import { OutboxEvent } from '../../src/platform/outbox/outbox-event.entity';
import { WebhookDelivery } from '../../src/webhooks/webhook-delivery.entity';
import { OrganizationsRepository } from '../../src/organizations/organizations.repository';
import { createDataSource } from '../../src/schema/data-source';
import { Task } from '../../src/tasks/task.entity';
import type { Principal } from '../../src/platform/tenancy/principal';
import type { Role } from '../../src/platform/tenancy/role';
import { Verdict } from '../../src/verdicts/verdict.entity';

/**
 * The medium test tier: real repositories and services on the test run's PostgreSQL, without HTTP.
 * One organization per context; rows are written through the entities, one line each:
 * `const claim = await ctx.newClaim({ status: 'ready_for_check' })`.
 */
export interface DbContext {
  ds: DataSource;
  organizationId: string;
  /** A principal of the organization with `role` (its key exists, so history rows can name it). */
  as(role: Role): Promise<Principal>;
  newClaim(o?: DeepPartial<Claim>): Promise<Claim>;
  newTask(claim: ClaimRef, o?: DeepPartial<Task>): Promise<Task>;
  newVerdict(claim: ClaimRef, o?: DeepPartial<Verdict>): Promise<Verdict>;
  newEvidence(claim: ClaimRef, o?: DeepPartial<Evidence>): Promise<Evidence>;
  close(): Promise<void>;
}

/** A claim a row belongs to: a Claim, or its id (and language) as an API answer gives them. */
type ClaimRef = { id: string; language?: string };

/** Rows for an organization of an existing data source (an e2e test's `app.ds`). */
export function factories(ds: DataSource, organizationId: string) {
  const into =
    <T extends object>(type: new () => T) =>
    (row: DeepPartial<T>): Promise<T> =>
      ds.getRepository(type).save(ds.getRepository(type).create(row)) as Promise<T>;
  const delivery = (subscriptionId: string, o: DeepPartial<WebhookDelivery>) => ({
    organizationId,
    subscriptionId,
    eventId: randomUUID(),
    eventType: 'webhook.ping',
    body: JSON.stringify({
      type: 'webhook.ping',
      timestamp: new Date().toISOString(),
      data: { webhookId: subscriptionId },
    }),
    status: 'pending' as const,
    ...o,
  });
  /**
   * Outbox events in one statement (the relay sees them as one burst), `createdAt` giving their
   * order; unpublished unless `publishedAt`.
   */
  const newEvents = async (
    events: {
      type: string;
      claimId: string | null;
      data: Record<string, unknown>;
      createdAt?: Date;
      publishedAt?: Date | null;
    }[],
  ) => {
    const { identifiers } = await ds
      .getRepository(OutboxEvent)
      .insert(events.map((e) => ({ organizationId, publishedAt: null, ...e })) as never);
    return identifiers.map((i) => i.id as string);
  };
  const newClaim = (o: DeepPartial<Claim> = {}) => {
    const text = o.text ?? `Claim ${randomBytes(4).toString('hex')} about 15 bases`;
    return into(Claim)({
      organizationId,
      text,
      normalizedText: text.toLowerCase(),
      language: 'fr',
      status: 'ready_for_check',
      ...o,
    });
  };
  return {
    /** A person of the organization; with `password`, one who can sign in with it. */
    newPerson: async (o: {
      email: string;
      role: Role;
      displayName?: string;
      language?: 'fr' | 'en';
      password?: string;
    }) =>
      into(Person)({
        organizationId,
        newsroomId: null,
        email: o.email.toLowerCase(),
        displayName: o.displayName ?? 'Pat',
        role: o.role,
        language: o.language ?? 'en',
        passwordHash: o.password ? await hashPassword(o.password) : null,
        deactivatedAt: null,
      }),
    /** Many claims in one statement (`make(i)` gives each its fields). */
    newClaims: async (count: number, make: (i: number) => DeepPartial<Claim>) => {
      for (let i = 0; i < count; i += 2000) {
        const claims = Array.from({ length: Math.min(2000, count - i) }, (_, j) => ({
          organizationId,
          language: 'fr',
          status: 'received' as const,
          ...make(i + j),
        }));
        const { generatedMaps } = await ds.getRepository(Claim).insert(claims as never);
        // Claims with a match text are found by intake matching: their keys, as ClaimsRepository.insert writes them.
        const keys = claims.flatMap((c, j) =>
          c.matchText
            ? matchKeys(organizationId, c.matchText, c.language).map((key) => ({
                key,
                createdAt: generatedMaps[j].createdAt as Date,
                claimId: generatedMaps[j].id as string,
                organizationId,
              }))
            : [],
        );
        // 10,000 rows (40,000 parameters) at a time: one statement binds at most 65,535.
        for (let k = 0; k < keys.length; k += 10_000)
          await ds.getRepository(ClaimMatchKey).insert(keys.slice(k, k + 10_000));
      }
    },
    /** A webhook delivery row (by default a pending ping); `count` of them with `newDeliveries`. */
    newDelivery: (subscriptionId: string, o: DeepPartial<WebhookDelivery> = {}) =>
      into(WebhookDelivery)(delivery(subscriptionId, o)),
    newDeliveries: async (subscriptionId: string, count: number, o: DeepPartial<WebhookDelivery> = {}) => {
      await ds
        .getRepository(WebhookDelivery)
        .insert(Array.from({ length: count }, () => delivery(subscriptionId, o)) as never);
    },
    newEvents,
    /**
     * `count` dismissed claims and their claim.dismissed events, one burst (1 ms apart, in order;
     * only the webhook fan-out reacts to this type), after `first` (for a claim of its own) when
     * given; `published` ones the relay leaves to jobs the test adds itself. Returns the event ids.
     */
    newDismissedEvents: async (
      count: number,
      o: { first?: { type: string; data: Record<string, unknown> }; published?: boolean } = {},
    ) => {
      const t0 = Date.now();
      const publishedAt = o.published ? new Date() : null;
      const events = [];
      if (o.first) {
        const claim = await newClaim({ status: 'received' });
        events.push({ ...o.first, claimId: claim.id, createdAt: new Date(t0), publishedAt });
      }
      for (let i = 0; i < count; i++) {
        const claim = await newClaim({ status: 'dismissed' });
        events.push({
          type: 'claim.dismissed',
          claimId: claim.id,
          data: { claim: claimView(claim), reason: 'Hors sujet' },
          createdAt: new Date(t0 + events.length + 1),
          publishedAt,
        });
      }
      return newEvents(events);
    },
    /** An unpublished outbox event, as a feature records it. */
    newEvent: (type: string, claimId: string | null, data: Record<string, unknown>) =>
      into(OutboxEvent)({ organizationId, type, claimId, data, publishedAt: null }),
    newClaim,
    newTask: (claim: ClaimRef, o: DeepPartial<Task> = {}) =>
      into(Task)({
        organizationId,
        claimId: claim.id,
        kind: 'check',
        status: 'open',
        language: claim.language ?? 'fr',
        ...o,
      }),
    newVerdict: (claim: ClaimRef, o: DeepPartial<Verdict> = {}) =>
      into(Verdict)({ organizationId, claimId: claim.id, status: 'draft', rating: 'false', summary: 'Faux.', ...o }),
    newEvidence: (claim: ClaimRef, o: DeepPartial<Evidence> = {}) =>
      into(Evidence)({
        organizationId,
        claimId: claim.id,
        provider: 'archive',
        url: `https://source.example/${randomBytes(4).toString('hex')}`,
        title: 'A source',
        snippet: 'What the source says.',
        stance: 'neutral',
        stanceScore: 0,
        relevance: 0.5,
        rationale: 'test row',
        analyzer: 'builtin',
        retrievedAt: new Date(),
        ...o,
      }),
  };
}

/** A new organization on its own small pool of the test database. */
export async function dbContext(): Promise<DbContext> {
  const ds = await createDataSource(process.env.DATABASE_URL!, 3).initialize();
  const keys = new ApiKeysRepository(ds);
  const { organization } = await new OrganizationsRepository(ds, keys).createWithAdmin(
    `Desk ${randomBytes(3).toString('hex')}`,
  );
  return {
    ds,
    organizationId: organization.id,
    async as(role: Role) {
      const { key } = await keys.create(organization.id, { name: `${role} key`, role, languages: ['fr', 'en'] });
      return { keyId: key.id, organizationId: organization.id, newsroomId: null, role, languages: ['fr', 'en'] };
    },
    ...factories(ds, organization.id),
    close: () => ds.destroy(),
  };
}
