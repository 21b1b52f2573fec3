import { ApiKey } from '../auth/api-key.entity';
import { ClaimHistory } from '../claims/claim-history.entity';
import { Claim } from '../claims/claim.entity';
import { IdempotencyKey } from '../common/idempotency-key.entity';
import { Newsroom } from '../newsrooms/newsroom.entity';
import { Organization } from '../organizations/organization.entity';
import { OutboxEvent } from '../outbox/outbox-event.entity';

/** Every entity of the schema; the migrations are generated from this list. */
export const ENTITIES = [Organization, Newsroom, ApiKey, Claim, ClaimHistory, OutboxEvent, IdempotencyKey];
