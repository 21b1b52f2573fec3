import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ApiKeysRepository } from '../../src/auth/api-keys.repository';
import type { Role } from '../../src/platform/tenancy/role';
import { NewsroomsRepository } from '../../src/newsrooms/newsrooms.repository';
import { OrganizationsRepository } from '../../src/organizations/organizations.repository';
import { factories } from './db-context';
import { client, Client } from './http';

export interface OrgCtx extends ReturnType<typeof factories> {
  organizationId: string;
  admin: Client;
  adminKey: string;
  /** A new key of the organization; for `newsroom`, a new newsroom unless one is given. */
  newKey(
    role: Role,
    newsroomId?: string,
  ): Promise<{ key: string; keyId: string; newsroomId: string | null; api: Client }>;
  newNewsroom(name?: string): Promise<string>;
}

/** One-line factories over the real repositories: `const org = await newOrg(app)`. */
export async function newOrg(
  app: { ds: DataSource; url: string },
  name = `Desk ${randomBytes(3).toString('hex')}`,
): Promise<OrgCtx> {
  const keys = new ApiKeysRepository(app.ds);
  const orgs = new OrganizationsRepository(app.ds, keys);
  const { organization, secret } = await orgs.createWithAdmin(name);
  const ctx: OrgCtx = {
    ...factories(app.ds, organization.id),
    organizationId: organization.id,
    adminKey: secret,
    admin: client(app.url, secret),
    async newNewsroom(n = `Newsroom ${randomBytes(3).toString('hex')}`) {
      return (await new NewsroomsRepository(app.ds).create({ organizationId: organization.id }, { name: n })).id;
    },
    async newKey(role: Role, newsroomId?: string) {
      const nid = role === 'newsroom' ? (newsroomId ?? (await ctx.newNewsroom())) : null;
      const { key, secret: s } = await keys.create(organization.id, {
        name: `${role} key`,
        role,
        newsroomId: nid,
        languages: ['fr', 'en'],
      });
      return { key: s, keyId: key.id, newsroomId: nid, api: client(app.url, s) };
    },
  };
  return ctx;
}
