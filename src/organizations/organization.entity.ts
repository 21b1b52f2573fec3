import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One fact-checking desk: the tenant and isolation boundary. */
@Entity('organizations')
export class Organization {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') name: string;
  @Column('text', { nullable: true }) url: string | null;
  /** Public URL of a fact-check page: `{claimId}`, `{verdictId}`, `{version}`, `{language}` are replaced. */
  @Column('text', { nullable: true }) publicUrlTemplate: string | null;
  /** Labels of the rating scale per key and language: `{ false: { en: 'False', fr: 'Faux' } }`. */
  @Column('jsonb', { nullable: true }) ratingLabels: Record<string, Record<string, string>> | null;
  @CreateDateColumn({ type: 'timestamptz', precision: 3 }) createdAt: Date;
}
