import { ClaimsRepository } from '../../src/claims/claims.repository';
import { ClaimLifecycle, SYSTEM } from '../../src/claims/lifecycle/claim-lifecycle';
import { Problem } from '../../src/platform/api/problem';
import { dbContext, DbContext } from '../helpers/db-context';

/** The lifecycle owner on the real PostgreSQL: what one transition writes, and what a refused or rolled-back one leaves. */
describe('ClaimLifecycle (integration)', () => {
  let ctx: DbContext;
  let lifecycle: ClaimLifecycle;

  beforeAll(async () => {
    ctx = await dbContext();
    lifecycle = new ClaimLifecycle(new ClaimsRepository(ctx.ds));
  });
  afterAll(() => ctx.close());

  const rowsOf = async (claimId: string) => ({
    status: (await ctx.ds.query(`SELECT status FROM claims WHERE id = $1`, [claimId]))[0].status,
    history: await ctx.ds.query(
      `SELECT action, from_status, to_status, actor_key_id FROM claim_history WHERE claim_id = $1 ORDER BY id`,
      [claimId],
    ),
    events: await ctx.ds.query(`SELECT type FROM outbox_events WHERE claim_id = $1`, [claimId]),
  });

  it('writes the status, its history row and its outbox event in the caller transaction', async () => {
    const editor = await ctx.as('editor');
    const claim = await ctx.newClaim({ status: 'ready_for_check' });
    await ctx.ds.transaction(async (m) => {
      const locked = await lifecycle.lock(m, editor, claim.id);
      await lifecycle.transition(m, editor, locked, 'dismissed', editor, {
        reason: 'out of scope',
        event: { type: 'claim.dismissed', data: (c) => ({ claimId: c.id }) },
      });
    });
    expect(await rowsOf(claim.id)).toEqual({
      status: 'dismissed',
      history: [
        { action: 'dismissed', from_status: 'ready_for_check', to_status: 'dismissed', actor_key_id: editor.keyId },
      ],
      events: [{ type: 'claim.dismissed' }],
    });
  });

  it("writes the event with the claim's organization and the data built from the claim as written; no event, no outbox row", async () => {
    const editor = await ctx.as('editor');
    const claim = await ctx.newClaim({ status: 'ready_for_check' });
    const other = await ctx.newClaim({ status: 'ready_for_check' });
    await ctx.ds.transaction(async (m) => {
      await lifecycle.transition(m, editor, await lifecycle.lock(m, editor, claim.id), 'dismissed', editor, {
        event: { type: 'claim.dismissed', data: (c) => ({ claimId: c.id, status: c.status }) },
      });
      await lifecycle.transition(m, editor, await lifecycle.lock(m, editor, other.id), 'dismissed', editor);
    });
    expect(
      await ctx.ds.query(`SELECT organization_id, type, data FROM outbox_events WHERE claim_id = $1`, [claim.id]),
    ).toEqual([
      {
        organization_id: editor.organizationId,
        type: 'claim.dismissed',
        data: { claimId: claim.id, status: 'dismissed' },
      },
    ]);
    expect(await rowsOf(other.id)).toMatchObject({
      status: 'dismissed',
      history: [{ action: 'dismissed' }],
      events: [],
    });
  });

  it('leaves nothing behind when the caller transaction rolls back', async () => {
    const editor = await ctx.as('editor');
    const claim = await ctx.newClaim({ status: 'ready_for_check' });
    await expect(
      ctx.ds.transaction(async (m) => {
        const locked = await lifecycle.lock(m, editor, claim.id);
        await lifecycle.transition(m, editor, locked, 'dismissed', editor, {
          event: { type: 'claim.dismissed', data: (c) => ({ claimId: c.id }) },
        });
        throw new Error('the caller failed after the transition');
      }),
    ).rejects.toThrow('the caller failed after the transition');
    expect(await rowsOf(claim.id)).toEqual({ status: 'ready_for_check', history: [], events: [] });
  });

  it('refuses a transition the table does not allow (409 invalid-transition) and writes nothing', async () => {
    const editor = await ctx.as('editor');
    const claim = await ctx.newClaim({ status: 'published' });
    const err = await ctx.ds
      .transaction(async (m) =>
        lifecycle.transition(m, editor, await lifecycle.lock(m, editor, claim.id), 'dismissed', editor),
      )
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Problem);
    expect((err as Problem).getStatus()).toBe(409);
    expect(await rowsOf(claim.id)).toEqual({ status: 'published', history: [], events: [] });
  });

  it('refuses an actor whose role may not act (a checker dismissing, the system claiming a check)', async () => {
    const checker = await ctx.as('checker');
    const claim = await ctx.newClaim({ status: 'ready_for_check' });
    for (const [actor, action] of [
      [checker, 'dismissed'],
      [SYSTEM, 'check_claimed'],
    ] as const) {
      const err = await ctx.ds
        .transaction(async (m) =>
          lifecycle.transition(m, checker, await lifecycle.lock(m, checker, claim.id), action, actor),
        )
        .catch((e: unknown) => e);
      expect((err as Problem).getStatus()).toBe(403);
    }
    expect(await rowsOf(claim.id)).toEqual({ status: 'ready_for_check', history: [], events: [] });
  });

  it("does not find another organization's claim (404)", async () => {
    const other = await dbContext();
    try {
      const claim = await other.newClaim();
      const editor = await ctx.as('editor');
      const err = await ctx.ds.transaction((m) => lifecycle.lock(m, editor, claim.id)).catch((e: unknown) => e);
      expect((err as Problem).getStatus()).toBe(404);
    } finally {
      await other.close();
    }
  });
});
