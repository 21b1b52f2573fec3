import { Column, Entity, Index, JoinColumn, ManyToOne, OneToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { Organization } from '../../organizations/organization.entity';
import type { Role } from '../../platform/tenancy/role';

/**
 * An organization's OpenID Connect single sign-on: its identity provider (issuer, discovered),
 * the client registered there (the secret encrypted at rest, null for a public client: PKCE alone),
 * the role a person joining through an email domain gets, and whether password sign-in stays on.
 */
@Entity('sso_configs')
export class SsoConfig {
  @PrimaryColumn('uuid') organizationId: string;
  @OneToOne(() => Organization, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id' })
  organization?: Organization;
  @Column('text') issuer: string;
  @Column('text') clientId: string;
  @Column('text', { nullable: true, select: false }) clientSecretEncrypted: string | null;
  /** The role of a person who joins through one of the organization's email domains (never admin). */
  @Column('text', { default: 'checker' }) joinRole: Role;
  @Column('boolean', { default: true }) passwordSignIn: boolean;
  @Column('boolean', { default: true }) enabled: boolean;
  @UpdateDateColumn({ type: 'timestamptz', precision: 3 }) updatedAt: Date;
}

/** An email domain whose people sign in through one organization's provider (a domain names one organization). */
@Entity('sso_domains')
export class SsoDomain {
  @PrimaryColumn('text') domain: string;
  @Index() @Column('uuid') organizationId: string;
  @ManyToOne(() => Organization, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id' })
  organization?: Organization;
}

/**
 * A sign-in on its way through the provider: what the callback must find again (state, nonce, PKCE
 * verifier), bound to the browser that started it by the hash of a cookie. Single use, 10 minutes.
 */
@Entity('sso_sign_ins')
export class SsoSignIn {
  @PrimaryColumn('text') stateHash: string;
  @Column('uuid') organizationId: string;
  @ManyToOne(() => Organization, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id' })
  organization?: Organization;
  @Column('text') browserHash: string;
  @Column('text') nonce: string;
  @Column('text') codeVerifier: string;
  @Column('text') next: string;
  @Index() @Column('timestamptz') expiresAt: Date;
}
