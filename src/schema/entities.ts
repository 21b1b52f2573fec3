import { ApiKey } from '../auth/api-key.entity';
import { ClaimHistory } from '../claims/claim-history.entity';
import { Claim } from '../claims/claim.entity';
import { ClaimMatchKey } from '../claims/matching/claim-match-key.entity';
import { IdempotencyKey } from '../platform/idempotency/idempotency-key.entity';
import { Newsroom } from '../newsrooms/newsroom.entity';
import { Organization } from '../organizations/organization.entity';
import { OutboxEvent } from '../platform/outbox/outbox-event.entity';
import { WebhookAttempt } from '../webhooks/webhook-attempt.entity';
import { WebhookDelivery } from '../webhooks/webhook-delivery.entity';
import { WebhookSubscription } from '../webhooks/webhook-subscription.entity';
import { Task } from '../tasks/task.entity';
import { Evidence } from '../evidence/evidence.entity';
import { ResearchRun } from '../research/research-run.entity';
import { ArchiveDocument } from '../evidence/providers/archive/archive-document.entity';
import { FactCheck } from '../evidence/providers/fact-checks/fact-check.entity';
import { Verdict } from '../verdicts/verdict.entity';
import { Person } from '../people/person.entity';
import { PersonToken } from '../people/person-token.entity';
import { ConsoleSession } from '../people/session.entity';
import { PortalLink } from '../people/portal-link.entity';
import { WorkingDraft } from '../console/working-draft.entity';
import { SsoConfig, SsoDomain, SsoSignIn } from '../people/sso/sso-config.entity';

/** Every entity of the schema; the migrations are generated from this list. */
export const ENTITIES = [
  Organization,
  Newsroom,
  ApiKey,
  Claim,
  ClaimHistory,
  ClaimMatchKey,
  OutboxEvent,
  IdempotencyKey,
];
// Webhooks: subscriptions, deliveries, attempts.
(ENTITIES as unknown[]).push(WebhookSubscription, WebhookDelivery, WebhookAttempt);
// Research pipeline: tasks, evidence, research runs, archive documents, fact-checks.
(ENTITIES as unknown[]).push(Task, Evidence, ResearchRun, ArchiveDocument, FactCheck);
// Checker workflow: verdict versions.
(ENTITIES as unknown[]).push(Verdict);
// The console: people, their invitation and reset links, sessions, drafts being edited.
(ENTITIES as unknown[]).push(Person, PersonToken, ConsoleSession, WorkingDraft);
// The newsroom portal: portal links.
(ENTITIES as unknown[]).push(PortalLink);
// Single sign-on: organizations' identity providers, their email domains, sign-ins under way.
(ENTITIES as unknown[]).push(SsoConfig, SsoDomain, SsoSignIn);
