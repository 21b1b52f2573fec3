import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiProblem } from '../api/problems';
import type { Role } from './role';

/**
 * Who is calling: resolved by the AuthGuard from an API key or a console session. Every repository
 * query takes it. `keyId` is the actor id written in every attribution column (task holder, verdict
 * author and reviewer, history actor): the API key's id, or for a session the person's id, so that
 * history names the person and four-eyes compares people whatever session they use.
 */
export interface Principal {
  keyId: string;
  /** The signed-in person (then equal to keyId); absent for an API key. */
  personId?: string;
  organizationId: string;
  newsroomId: string | null;
  role: Role;
  languages: string[];
  /** A read-only newsroom portal session (docs/portal.md): the AuthGuard refuses every state-changing request. */
  readOnly?: boolean;
}

export const ROLES_KEY = 'roles';
export const PUBLIC_KEY = 'public';

/**
 * Roles allowed on a route. `admin` is always allowed; `editor` may do what a `checker` may.
 */
export const Roles = (...roles: Role[]) =>
  applyDecorators(
    SetMetadata(ROLES_KEY, roles),
    ApiProblem(
      403,
      `Only for the roles ${['admin', ...roles.filter((r) => r !== 'admin')].join(', ')}${roles.includes('checker') ? ' (editors may do what checkers do)' : ''}`,
    ),
  );
export const READ_ONLY_ALLOWED_KEY = 'readOnlyAllowed';
/** A state-changing route a read-only portal session may still call (signing out). */
export const ReadOnlyAllowed = () => SetMetadata(READ_ONLY_ALLOWED_KEY, true);

/** A route that needs no API key (health, docs). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

export const CurrentPrincipal = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Principal => ctx.switchToHttp().getRequest().principal,
);

export function roleAllows(role: Role, required: readonly Role[]): boolean {
  return role === 'admin' || required.includes(role) || (role === 'editor' && required.includes('checker'));
}
