import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from '../platform/tenancy/role';
import { Newsroom } from '../newsrooms/newsroom.entity';
import { Organization } from '../organizations/organization.entity';

export const PERSON_LANGUAGES = ['fr', 'en'] as const;
export type PersonLanguage = (typeof PERSON_LANGUAGES)[number];
/** The roles a person can have; `newsroom` people belong to one newsroom and use its portal. */
export const PERSON_ROLES = ['checker', 'editor', 'admin', 'newsroom'] as const;

/**
 * A person who signs in to the console. An email names one person across the deployment (sign-in
 * asks for no organization), stored lower-cased. No password until the invitation is accepted;
 * only the scrypt hash is stored (src/people/password.ts).
 */
@Entity('people')
@Index(['organizationId', 'createdAt'])
export class Person {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') organizationId: string;
  @ManyToOne(() => Organization, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id' })
  organization?: Organization;
  /** The newsroom of a `newsroom` person (they see what its API key sees); null for the desk's own people. */
  @Column('uuid', { nullable: true }) newsroomId: string | null;
  @ManyToOne(() => Newsroom, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'newsroom_id' }) newsroom?: Newsroom;
  @Index({ unique: true }) @Column('text') email: string;
  @Column('text') displayName: string;
  @Column('text') role: Role;
  @Column('text', { default: 'en' }) language: PersonLanguage;
  @Column('text', { nullable: true, select: false }) passwordHash: string | null;
  @CreateDateColumn({ type: 'timestamptz', precision: 3 }) createdAt: Date;
  @Column('timestamptz', { nullable: true }) deactivatedAt: Date | null;
}
