import type { Task } from './task.entity';

/** The public JSON shape of a task; the lease token only for its holder. */
export function taskView(t: Task, holder = false) {
  return {
    id: t.id,
    kind: t.kind,
    status: t.status,
    claimId: t.claimId,
    verdictId: t.verdictId,
    priority: t.priority,
    language: t.language,
    note: t.note,
    assigneeKeyId: t.assigneeKeyId,
    leaseExpiresAt: t.leaseExpiresAt ? new Date(t.leaseExpiresAt).toISOString() : null,
    ...(holder ? { leaseToken: t.leaseToken } : {}),
    createdAt: new Date(t.createdAt).toISOString(),
    completedAt: t.completedAt ? new Date(t.completedAt).toISOString() : null,
  };
}
