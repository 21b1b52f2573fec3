import { Module } from '@nestjs/common';
import { ClaimsRepository } from '../claims/claims.repository';
import { DeliverWebhookWorker } from './deliver-webhook.job';
import { DeliveryReconciler } from './delivery-reconciler';
import { secretBoxProvider } from './secret-box.provider';
import { WebhookFanOut } from './webhook-fan-out';
import { WebhookJobs } from './webhook-jobs';
import { WebhooksRepository } from './webhooks.repository';

/** Worker side: fan-out of outbox events to deliveries, the delivery worker and its reconciler. */
@Module({
  providers: [
    ClaimsRepository,
    WebhooksRepository,
    WebhookJobs,
    WebhookFanOut,
    DeliverWebhookWorker,
    DeliveryReconciler,
    secretBoxProvider,
  ],
})
export class WebhooksWorkerModule {}
