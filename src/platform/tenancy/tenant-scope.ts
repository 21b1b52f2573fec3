/**
 * The tenant a repository call acts for: the first, required argument of every repository method
 * that reads or writes tenant rows, so that forgetting the organization is a type error. A
 * `Principal` is one; workers build one from the job's organization. A method that works across
 * tenants (the lease sweeper, metrics) has no scope and says why in its name and comment.
 */
export interface TenantScope {
  readonly organizationId: string;
}
