/**
 * The spec's statuses, plus `retracted`: the claim's published verdict was retracted and none is in
 * force; a check task is open to check it again (docs/workflow.md). Transitions: lifecycle/claim-lifecycle.ts.
 */
export const CLAIM_STATUSES = [
  'received',
  'researching',
  'ready_for_check',
  'in_check',
  'in_review',
  'published',
  'retracted',
  'duplicate',
  'dismissed',
] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];
/** Numeric rank of a priority, for ordering work. */
export const PRIORITY_RANK: Record<Priority, number> = { low: 0, normal: 1, high: 2, urgent: 3 };
