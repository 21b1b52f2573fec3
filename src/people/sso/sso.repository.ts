import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, LessThan, Not } from 'typeorm';
import { returnedRows } from '../../platform/database/returned-rows';
import type { Principal } from '../../platform/tenancy/principal';
import { SsoConfig, SsoDomain, SsoSignIn } from './sso-config.entity';

export type SsoConfigWithSecret = SsoConfig & { domains: string[] };

/** The owner of sso_configs, sso_domains and sso_sign_ins. */
@Injectable()
export class SsoRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** The organization's configuration with its encrypted client secret and its domains, or null. */
  async get(organizationId: string): Promise<SsoConfigWithSecret | null> {
    const config = await this.ds
      .getRepository(SsoConfig)
      .createQueryBuilder('c')
      .addSelect('c.clientSecretEncrypted')
      .where('c.organizationId = :o', { o: organizationId })
      .getOne();
    if (!config) return null;
    const domains = await this.ds
      .getRepository(SsoDomain)
      .find({ where: { organizationId }, order: { domain: 'ASC' } });
    return Object.assign(config, { domains: domains.map((d) => d.domain) });
  }

  /** The organization whose provider signs in people of this email domain, if any. */
  async organizationOfDomain(domain: string): Promise<string | null> {
    return (await this.ds.getRepository(SsoDomain).findOneBy({ domain }))?.organizationId ?? null;
  }

  /** Domains among these that another organization already has. */
  async domainsOfOthers(scope: Principal, domains: string[]): Promise<string[]> {
    if (!domains.length) return [];
    const rows = await this.ds
      .getRepository(SsoDomain)
      .findBy({ domain: In(domains), organizationId: Not(scope.organizationId) });
    return rows.map((r) => r.domain);
  }

  /** Password sign-in is on unless the organization turned it off while its single sign-on is enabled. */
  async passwordSignInAllowed(organizationId: string): Promise<boolean> {
    const c = await this.ds.getRepository(SsoConfig).findOneBy({ organizationId });
    return !c || !c.enabled || c.passwordSignIn;
  }

  /** Writes the configuration and replaces its domains, in one transaction. */
  async save(
    scope: Principal,
    fields: Omit<SsoConfig, 'organizationId' | 'organization' | 'updatedAt' | 'clientSecretEncrypted'> & {
      /** undefined keeps the stored secret. */
      clientSecretEncrypted?: string | null;
    },
    domains: string[],
  ): Promise<void> {
    await this.ds.transaction(async (m) => {
      await m.getRepository(SsoConfig).upsert({ ...fields, organizationId: scope.organizationId }, ['organizationId']);
      await m.getRepository(SsoDomain).delete({ organizationId: scope.organizationId });
      if (domains.length)
        await m
          .getRepository(SsoDomain)
          .insert(domains.map((domain) => ({ domain, organizationId: scope.organizationId })));
    });
  }

  async remove(scope: Principal): Promise<void> {
    await this.ds.transaction(async (m) => {
      await m.getRepository(SsoDomain).delete({ organizationId: scope.organizationId });
      await m.getRepository(SsoConfig).delete({ organizationId: scope.organizationId });
    });
  }

  /** Records a sign-in on its way to the provider; sign-ins past their expiry are dropped. */
  async begin(signIn: SsoSignIn): Promise<void> {
    await this.ds.getRepository(SsoSignIn).delete({ expiresAt: LessThan(new Date()) });
    await this.ds.getRepository(SsoSignIn).insert(signIn);
  }

  /** Takes the sign-in of this state once: a second callback with the same state finds nothing. */
  async take(stateHash: string): Promise<SsoSignIn | null> {
    const rows = returnedRows<SsoSignIn>(
      await this.ds.query(
        `DELETE FROM sso_sign_ins WHERE state_hash = $1
         RETURNING state_hash AS "stateHash", organization_id AS "organizationId", browser_hash AS "browserHash",
                   nonce, code_verifier AS "codeVerifier", next, expires_at AS "expiresAt"`,
        [stateHash],
      ),
    );
    return rows[0] ?? null;
  }
}
