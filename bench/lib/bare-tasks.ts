/**
 * The bare baseline's SQL of the tasks benchmark, shared by its in-process loop and its HTTP server
 * (`bare-tasks-server.ts`): claim the best open task (FOR UPDATE SKIP LOCKED, a fresh lease token),
 * then mark it done. $1 organization, $2 the claiming key.
 */
export const CLAIM_SQL = `WITH pick AS (
    SELECT t.id FROM tasks t
     WHERE t.organization_id = $1 AND t.status IN ('open', 'claimed') AND (t.status = 'open' OR t.lease_expires_at <= now()) AND t.kind = 'check'
     ORDER BY t.priority DESC, t.created_at ASC, t.id ASC LIMIT 1 FOR UPDATE SKIP LOCKED)
  UPDATE tasks t SET status = 'claimed', assignee_key_id = $2, lease_token = gen_random_uuid(), lease_expires_at = now() + interval '30 minutes'
    FROM pick WHERE t.id = pick.id RETURNING t.id, t.lease_token AS "leaseToken"`;

/** $1 the task; with $2 its lease token, the holder's completion (fenced by the token). */
export const DONE_SQL = `UPDATE tasks SET status = 'done', completed_at = now() WHERE id = $1`;
export const DONE_BY_HOLDER_SQL = `UPDATE tasks SET status = 'done', completed_at = now(), lease_token = NULL, lease_expires_at = NULL
  WHERE id = $1 AND status = 'claimed' AND lease_token = $2 AND lease_expires_at > now()`;
