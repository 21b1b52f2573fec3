import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Principal } from '../../platform/tenancy/principal';
import { roleAllows } from '../../platform/tenancy/principal';
import type { Role } from '../../platform/tenancy/role';
import { Problem } from '../../platform/api/problem';
import type { TenantScope } from '../../platform/tenancy/tenant-scope';
import type { EventType } from '../../platform/queue/queue-names';
import type { Claim } from '../claim.entity';
import { CLAIM_STATUSES, type ClaimStatus } from '../claim-status';
import { ClaimsRepository, type ClaimPatch } from '../claims.repository';

/** Who may perform an action: `system` is the service itself (research, the lease sweep). */
export type Who = 'system' | 'submitter' | 'checker' | 'editor';

/** A claim not stored yet (intake). */
export const NEW = null;
/** Any status not named by another row of the same action. */
export const ANY = '*';
/** The status stays what it was: the action is recorded in the history, nothing moves. */
export const SAME = '=';

interface Row {
  action: string;
  from: readonly (ClaimStatus | typeof NEW | typeof ANY)[];
  to: ClaimStatus | typeof SAME;
  who: Who;
}

/**
 * Every status change of a claim, and every action recorded in its history: the one table. An
 * action is allowed from the statuses its rows name; a row `from: [ANY]` covers the statuses no
 * other row of the action names. Anything else is refused (409 `invalid-transition`). The task
 * statements of TaskLeasesRepository take their SQL from here (`statusAfterSql`, `allowedFromSql`).
 */
export const CLAIM_TRANSITIONS = [
  { action: 'received', from: [NEW], to: 'received', who: 'submitter' },
  { action: 'received', from: [NEW], to: 'duplicate', who: 'submitter' },
  {
    action: 'research_requested',
    from: ['received', 'researching', 'ready_for_check', 'retracted'],
    to: 'received',
    who: 'editor',
  },
  { action: 'research_started', from: ['received'], to: 'researching', who: 'system' },
  { action: 'research_completed', from: ['researching'], to: 'ready_for_check', who: 'system' },
  { action: 'check_claimed', from: ['ready_for_check', 'retracted'], to: 'in_check', who: 'checker' },
  // A check task taken over before the sweep, or claimed while a re-run researches its claim.
  { action: 'check_claimed', from: [ANY], to: SAME, who: 'checker' },
  { action: 'check_released', from: ['in_check'], to: 'ready_for_check', who: 'checker' },
  { action: 'check_released', from: [ANY], to: SAME, who: 'checker' },
  { action: 'lease_expired', from: ['in_check'], to: 'ready_for_check', who: 'system' },
  { action: 'lease_expired', from: [ANY], to: SAME, who: 'system' },
  {
    action: 'verdict_drafted',
    from: ['received', 'researching', 'ready_for_check', 'in_check', 'in_review', 'retracted'],
    to: 'in_review',
    who: 'checker',
  },
  { action: 'verdict_edited', from: ['in_review'], to: SAME, who: 'checker' },
  { action: 'review_claimed', from: [ANY], to: SAME, who: 'editor' },
  { action: 'review_released', from: [ANY], to: SAME, who: 'editor' },
  { action: 'verdict_published', from: ['in_review'], to: 'published', who: 'editor' },
  { action: 'verdict_rejected', from: ['in_review'], to: 'ready_for_check', who: 'editor' },
  { action: 'verdict_corrected', from: ['published'], to: SAME, who: 'editor' },
  { action: 'verdict_retracted', from: ['published'], to: 'retracted', who: 'editor' },
  {
    action: 'dismissed',
    from: ['received', 'researching', 'ready_for_check', 'in_check', 'in_review', 'retracted', 'duplicate'],
    to: 'dismissed',
    who: 'editor',
  },
  { action: 'duplicate_unlinked', from: ['duplicate'], to: 'received', who: 'editor' },
] as const satisfies readonly Row[];

export type ClaimAction = (typeof CLAIM_TRANSITIONS)[number]['action'];
export const CLAIM_ACTIONS = [...new Set(CLAIM_TRANSITIONS.map((r) => r.action))] as ClaimAction[];

const rowsOf = (action: ClaimAction): readonly Row[] => CLAIM_TRANSITIONS.filter((r) => r.action === action);

/** The status a claim in `from` (NEW: not stored yet) takes by `action`; null when the action is not allowed from there. */
export function nextStatus(action: ClaimAction, from: ClaimStatus | typeof NEW): ClaimStatus | null {
  const rows = rowsOf(action);
  const row =
    rows.find((r) => r.from.includes(from)) ?? (from === NEW ? undefined : rows.find((r) => r.from.includes(ANY)));
  if (!row) return null;
  return row.to === SAME ? from : row.to;
}

/** Whether `action` may be performed on a claim in `status`. */
export const allows = (action: ClaimAction, status: ClaimStatus): boolean => nextStatus(action, status) !== null;

/** The statuses `action` is allowed from. */
export const allowedFrom = (action: ClaimAction): ClaimStatus[] => CLAIM_STATUSES.filter((s) => allows(action, s));

const sqlList = (statuses: readonly string[]) => `'{${statuses.join(',')}}'::text[]`;

/**
 * SQL: the status a claim whose status is `column` takes by `action` (a CASE built from the table;
 * statuses the action is not allowed from map to themselves: guard with `allowedFromSql`).
 */
export function statusAfterSql(action: ClaimAction, column: string): string {
  const moves = CLAIM_STATUSES.map((s) => [s, nextStatus(action, s)] as const).filter(
    ([s, to]) => to !== null && to !== s,
  );
  const byTarget = new Map<string, string[]>();
  for (const [s, to] of moves) byTarget.set(to!, [...(byTarget.get(to!) ?? []), s]);
  const whens = [...byTarget].map(([to, from]) => `WHEN ${column} = ANY(${sqlList(from)}) THEN '${to}'`);
  return whens.length ? `CASE ${whens.join(' ')} ELSE ${column} END` : column;
}

/** SQL: whether a claim whose status is `column` may take `action`. */
export function allowedFromSql(action: ClaimAction, column: string): string {
  const from = allowedFrom(action);
  return from.length === CLAIM_STATUSES.length ? 'true' : `${column} = ANY(${sqlList(from)})`;
}

/** SQL: the head of the claim history insert of the single-statement task queries (followed by their SELECT). */
export const HISTORY_INSERT_SQL =
  'INSERT INTO claim_history (organization_id, claim_id, action, from_status, to_status, actor_key_id, details)';

/** The service acting on its own (research, the lease sweep), rather than a key. */
export const SYSTEM = 'system' as const;
export type Actor = Pick<Principal, 'keyId' | 'role'> | typeof SYSTEM;

function mayAct(who: Who, actor: Actor): boolean {
  if (actor === SYSTEM) return who === 'system';
  const roles: Record<Exclude<Who, 'system'>, Role[]> = {
    submitter: ['newsroom', 'editor'],
    checker: ['checker'],
    editor: ['editor'],
  };
  return who !== 'system' && roleAllows(actor.role, roles[who]);
}

export interface TransitionOptions {
  reason?: string | null;
  details?: Record<string, unknown> | null;
  /** Columns written with the status (the assessment at the end of research, the duplicate link). */
  patch?: ClaimPatch;
  /** The outbox event of the change, built from the claim as written. */
  event?: { type: EventType; data: (claim: Claim) => Record<string, unknown> };
}

/**
 * The owner of the claim's status. `transition` checks the action against the table and the
 * actor's role, then writes the status, the history row and the outbox event in the caller's
 * transaction; the claim must have been locked with `lock` in that transaction.
 */
@Injectable()
export class ClaimLifecycle {
  constructor(private readonly claims: ClaimsRepository) {}

  /** The claim of the organization, locked FOR UPDATE for the rest of the transaction; 404 when it has none. */
  async lock(m: EntityManager, scope: TenantScope, claimId: string): Promise<Claim> {
    const claim = await this.claims.lock(scope, m, claimId);
    if (!claim) throw Problem.notFound('Claim');
    return claim;
  }

  /** Refuses (409 `invalid-transition`) an action the claim's status does not allow. */
  assertAllowed(
    claim: Claim,
    action: ClaimAction,
    detail = `A ${claim.status} claim cannot be ${action.replace(/_/g, ' ')}`,
  ): void {
    if (!allows(action, claim.status)) throw Problem.conflict(detail, 'invalid-transition');
  }

  /** Records a claim intake just stored: its first status must be one the table allows, then its history row and event. */
  async created(
    m: EntityManager,
    scope: TenantScope,
    claim: Claim,
    actor: Actor,
    o: Omit<TransitionOptions, 'patch'> = {},
  ): Promise<void> {
    if (!CLAIM_TRANSITIONS.some((r) => r.action === 'received' && r.to === claim.status))
      throw new Error(`A claim cannot be stored as ${claim.status}`);
    await this.record(m, scope, claim, 'received', actor, NEW, o);
  }

  /** Returns the claim as written. */
  async transition(
    m: EntityManager,
    scope: TenantScope,
    claim: Claim,
    action: ClaimAction,
    actor: Actor,
    o: TransitionOptions = {},
  ): Promise<Claim> {
    this.assertAllowed(claim, action);
    const who = rowsOf(action)[0].who;
    if (!mayAct(who, actor))
      throw Problem.forbidden(`Only ${who === 'system' ? 'the service' : `the ${who} role`} may do this (${action})`);
    const from = claim.status;
    const to = nextStatus(action, from)!;
    const written = to !== from || o.patch ? await this.claims.writeStatus(scope, m, claim.id, to, o.patch) : claim;
    Object.assign(claim, written);
    await this.record(m, scope, claim, action, actor, from, o);
    return claim;
  }

  private async record(
    m: EntityManager,
    scope: TenantScope,
    claim: Claim,
    action: ClaimAction,
    actor: Actor,
    from: ClaimStatus | typeof NEW,
    o: TransitionOptions,
  ) {
    const actorKeyId = actor === SYSTEM ? null : actor.keyId;
    await this.claims.addHistory(
      scope,
      m,
      {
        claimId: claim.id,
        action,
        fromStatus: from,
        toStatus: claim.status,
        actorKeyId,
        reason: o.reason ?? null,
        details: o.details ?? null,
      },
      o.event && {
        organizationId: scope.organizationId,
        type: o.event.type,
        claimId: claim.id,
        data: o.event.data(claim),
      },
    );
  }
}
