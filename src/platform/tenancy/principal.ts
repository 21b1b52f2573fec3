import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiProblem } from '../api/problems';
import type { Role } from './role';

/** Who is calling: resolved from the API key by the AuthGuard. Every repository query takes it. */
export interface Principal {
  keyId: string;
  organizationId: string;
  newsroomId: string | null;
  role: Role;
  languages: string[];
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
/** A route that needs no API key (health, docs). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

export const CurrentPrincipal = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Principal => ctx.switchToHttp().getRequest().principal,
);

export function roleAllows(role: Role, required: readonly Role[]): boolean {
  return role === 'admin' || required.includes(role) || (role === 'editor' && required.includes('checker'));
}
