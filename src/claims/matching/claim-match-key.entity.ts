import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Intake matching's inverted index: one row per key of a claim (`matchKeys`: each content token and
 * each pair of neighbouring sorted tokens, as a 64-bit hash salted with the organization), its
 * primary key ordered so that the latest claims with a key are one bounded index scan away
 * (`key = $1 ORDER BY created_at DESC LIMIT n`). Written with the claim (ClaimsRepository.insert),
 * read by MatchingRepository. `organization_id` lets an organization's deletion remove its rows;
 * claims are never deleted one by one (a key of a claim that no longer exists would find nothing:
 * the search joins the claims).
 */
@Entity('claim_match_keys')
export class ClaimMatchKey {
  @PrimaryColumn('bigint') key: string;
  @PrimaryColumn({ type: 'timestamptz', precision: 3 }) createdAt: Date;
  @PrimaryColumn('uuid') claimId: string;
  /** No foreign key: a check per key row cost intake 7 statements per claim (OrganizationsRepository.delete). */
  @Column('uuid') organizationId: string;
}
