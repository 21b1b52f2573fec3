import { Module } from '@nestjs/common';
import { ClaimsRepository } from '../claims/claims.repository';
import { DeliverWebhookWorker } from './deliver-webhook.job';
import { secretBoxProvider } from './secret-box.provider';
import { WebhookFanOut } from './webhook-fan-out';
import { WebhookJobs } from './webhook-jobs';
import { WebhooksRepository } from './webhooks.repository';

/** Worker side: fan-out of outbox events to deliveries, and the delivery worker. */
@Module({
  providers: [
    ClaimsRepository,
    WebhooksRepository,
    WebhookJobs,
    WebhookFanOut,
    DeliverWebhookWorker,
    secretBoxProvider,
  ],
})
export class WebhooksWorkerModule {}
