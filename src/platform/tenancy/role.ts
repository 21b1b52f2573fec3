export const ROLES = ['admin', 'editor', 'checker', 'newsroom'] as const;
export type Role = (typeof ROLES)[number];
