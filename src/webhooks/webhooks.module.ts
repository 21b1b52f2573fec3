import { Module } from '@nestjs/common';
import { secretBoxProvider } from './secret-box.provider';
import { WebhookJobs } from './webhook-jobs';
import { WebhooksController } from './webhooks.controller';
import { WebhooksRepository } from './webhooks.repository';
import { WebhooksService } from './webhooks.service';

/** HTTP side: /v1/webhooks. */
@Module({
  controllers: [WebhooksController],
  providers: [WebhooksRepository, WebhooksService, WebhookJobs, secretBoxProvider],
  exports: [WebhooksRepository, WebhooksService],
})
export class WebhooksModule {}
