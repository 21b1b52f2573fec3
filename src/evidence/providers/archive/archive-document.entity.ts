import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Organization } from '../../../organizations/organization.entity';

/**
 * A document of the organization's archive. `search` is the full-text vector, written by the
 * upsert in the document language's text-search configuration over unaccented title and body;
 * its GIN index (`archive_documents_search`) is created by the migration.
 */
@Entity('archive_documents')
@Index(['organizationId', 'url'], { unique: true })
@Index('archive_documents_search', { synchronize: false })
export class ArchiveDocument {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') organizationId: string;
  @ManyToOne(() => Organization, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id' })
  organization?: Organization;
  @Column('text') url: string;
  @Column('text') title: string;
  @Column('text') body: string;
  @Column('text') language: string;
  @Column('text', { nullable: true }) publisher: string | null;
  @Column('timestamptz', { nullable: true }) publishedAt: Date | null;
  @Column('tsvector', { select: false }) search: string;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}
