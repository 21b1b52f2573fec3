import { randomBytes } from 'node:crypto';
import { DataSource, DeepPartial } from 'typeorm';
import { ApiKeysRepository } from '../../src/auth/api-keys.repository';
import { Claim } from '../../src/claims/claim.entity';
import { Evidence } from '../../src/evidence/evidence.entity';
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
  newTask(claim: Claim, o?: DeepPartial<Task>): Promise<Task>;
  newVerdict(claim: Claim, o?: DeepPartial<Verdict>): Promise<Verdict>;
  newEvidence(claim: Claim, o?: DeepPartial<Evidence>): Promise<Evidence>;
  close(): Promise<void>;
}

/** Rows for an organization of an existing data source (an e2e test's `app.ds`). */
export function factories(ds: DataSource, organizationId: string) {
  const into =
    <T extends object>(type: new () => T) =>
    (row: DeepPartial<T>): Promise<T> =>
      ds.getRepository(type).save(ds.getRepository(type).create(row)) as Promise<T>;
  return {
    newClaim: (o: DeepPartial<Claim> = {}) => {
      const text = o.text ?? `Claim ${randomBytes(4).toString('hex')} about 15 bases`;
      return into(Claim)({
        organizationId,
        text,
        normalizedText: text.toLowerCase(),
        language: 'fr',
        status: 'ready_for_check',
        ...o,
      });
    },
    newTask: (claim: Claim, o: DeepPartial<Task> = {}) =>
      into(Task)({ organizationId, claimId: claim.id, kind: 'check', status: 'open', language: claim.language, ...o }),
    newVerdict: (claim: Claim, o: DeepPartial<Verdict> = {}) =>
      into(Verdict)({ organizationId, claimId: claim.id, status: 'draft', rating: 'false', summary: 'Faux.', ...o }),
    newEvidence: (claim: Claim, o: DeepPartial<Evidence> = {}) =>
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
