import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Newsroom } from '../newsrooms/newsroom.entity';
import { Organization } from '../organizations/organization.entity';
import type { Role } from '../platform/tenancy/role';

/** An API key. Only the SHA-256 of the secret is stored, with a short visible prefix. */
@Entity('api_keys')
@Index(['organizationId', 'createdAt'])
export class ApiKey {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') organizationId: string;
  @ManyToOne(() => Organization, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id' })
  organization?: Organization;
  @Column('uuid', { nullable: true }) newsroomId: string | null;
  @ManyToOne(() => Newsroom, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'newsroom_id' }) newsroom?: Newsroom;
  @Column('text') name: string;
  @Column('text') role: Role;
  @Column('text', { array: true, default: () => "'{}'" }) languages: string[];
  @Column('text') prefix: string;
  @Index({ unique: true }) @Column('text') keyHash: string;
  @CreateDateColumn({ type: 'timestamptz', precision: 3 }) createdAt: Date;
  @Column('timestamptz', { nullable: true }) revokedAt: Date | null;
}
