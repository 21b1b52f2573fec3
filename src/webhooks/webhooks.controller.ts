import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../platform/tenancy/principal';
import type { Principal } from '../platform/tenancy/principal';
import { decodeCursor, PageQuery, toPage } from '../platform/api/pagination';
import { CreateWebhookDto } from './dto/create-webhook.dto';
import { ListDeliveriesQuery } from './dto/list-deliveries.query';
import { UpdateWebhookDto } from './dto/update-webhook.dto';
import { RecoverWebhookDto } from './dto/recover-webhook.dto';
import { PingWebhookQuery } from './dto/ping-webhook.query';
import {
  deliveryView,
  subscriptionView,
  WebhookDeliveryDetailView,
  WebhookDeliveryView,
  WebhookRecoverView,
  WebhookSecretView,
  WebhookStatsView,
  WebhookSubscriptionView,
  WebhookSubscriptionWithSecretView,
} from './webhook.view';
import { WebhooksRepository } from './webhooks.repository';
import { WebhooksService } from './webhooks.service';
import { PageOf } from '../platform/api/page';
import { ApiProblem } from '../platform/api/problems';
import { Authenticated } from '../platform/api/problems';

const uuid = new ParseUUIDPipe();

@ApiTags('webhooks')
@Authenticated()
@Controller('v1/webhooks')
@Roles('newsroom', 'admin')
export class WebhooksController {
  constructor(
    private readonly service: WebhooksService,
    private readonly repo: WebhooksRepository,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiCreatedResponse({
    type: WebhookSubscriptionWithSecretView,
    description: 'The subscription with its signing `secret`, shown this once',
  })
  create(@CurrentPrincipal() p: Principal, @Body() body: CreateWebhookDto): Promise<WebhookSubscriptionWithSecretView> {
    return this.service.create(p, body);
  }

  @Get()
  @ApiOkResponse({ type: PageOf(WebhookSubscriptionView) })
  async list(@CurrentPrincipal() p: Principal, @Query() q: PageQuery) {
    return toPage(await this.repo.list(p, decodeCursor(q.cursor), q.limit), q.limit, subscriptionView);
  }

  @Get(':id')
  @ApiOkResponse({ type: WebhookSubscriptionView })
  async get(@CurrentPrincipal() p: Principal, @Param('id', uuid) id: string) {
    return subscriptionView(await this.service.get(p, id));
  }

  @Patch(':id')
  @ApiOkResponse({ type: WebhookSubscriptionView })
  update(
    @CurrentPrincipal() p: Principal,
    @Param('id', uuid) id: string,
    @Body() body: UpdateWebhookDto,
  ): Promise<WebhookSubscriptionView> {
    return this.service.update(p, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted, with its deliveries and attempts' })
  async remove(@CurrentPrincipal() p: Principal, @Param('id', uuid) id: string) {
    await this.service.remove(p, id);
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @ApiOkResponse({
    type: WebhookSubscriptionWithSecretView,
    description: 'The new `secret`, shown this once; the previous one keeps signing alongside for 24 hours',
  })
  rotateSecret(
    @CurrentPrincipal() p: Principal,
    @Param('id', uuid) id: string,
  ): Promise<WebhookSubscriptionWithSecretView> {
    return this.service.rotateSecret(p, id);
  }

  @Post(':id/ping')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: WebhookDeliveryView, description: 'The test event (webhook.ping by default), queued' })
  @ApiProblem(409, 'The webhook is paused or disabled')
  ping(
    @CurrentPrincipal() p: Principal,
    @Param('id', uuid) id: string,
    @Query() q: PingWebhookQuery,
  ): Promise<WebhookDeliveryView> {
    return this.service.ping(p, id, q.type);
  }

  @Get(':id/secret')
  @ApiOkResponse({
    type: WebhookSecretView,
    description: 'The signing secret, and the previous one while it still signs (after a rotation)',
  })
  secret(@CurrentPrincipal() p: Principal, @Param('id', uuid) id: string): Promise<WebhookSecretView> {
    return this.service.revealSecret(p, id);
  }

  @Get(':id/stats')
  @ApiOkResponse({
    type: WebhookStatsView,
    description: 'Attempts of the last 24 hours and 7 days (success rate, p50 and p95 latency) and the failing streak',
  })
  stats(@CurrentPrincipal() p: Principal, @Param('id', uuid) id: string): Promise<WebhookStatsView> {
    return this.service.stats(p, id);
  }

  @Post(':id/recover')
  @HttpCode(202)
  @ApiAcceptedResponse({
    type: WebhookRecoverView,
    description:
      'Every failed delivery since `since` is pending again (same webhook-id), at most 500 per call; `remaining` counts those left for another call. Calling again sends nothing twice: recovered deliveries are no longer failed.',
  })
  @ApiProblem(409, 'The webhook is paused or disabled')
  recover(
    @CurrentPrincipal() p: Principal,
    @Param('id', uuid) id: string,
    @Body() body: RecoverWebhookDto,
  ): Promise<WebhookRecoverView> {
    return this.service.recover(p, id, body.since);
  }

  @Get(':id/deliveries')
  @ApiOkResponse({ type: PageOf(WebhookDeliveryView), description: 'Deliveries, newest first, each with its attempts' })
  async deliveries(@CurrentPrincipal() p: Principal, @Param('id', uuid) id: string, @Query() q: ListDeliveriesQuery) {
    const { limit, cursor, ...filters } = q;
    const { rows, attempts } = await this.service.deliveries(p, id, filters, decodeCursor(cursor), limit);
    return toPage(rows, q.limit, (d) =>
      deliveryView(
        d,
        attempts.filter((a) => a.deliveryId === d.id),
      ),
    );
  }

  @Get(':id/deliveries/:deliveryId')
  @ApiOkResponse({
    type: WebhookDeliveryDetailView,
    description: 'The delivery, its payload and every attempt with the headers sent',
  })
  delivery(
    @CurrentPrincipal() p: Principal,
    @Param('id', uuid) id: string,
    @Param('deliveryId', uuid) deliveryId: string,
  ): Promise<WebhookDeliveryDetailView> {
    return this.service.delivery(p, id, deliveryId);
  }

  @Post(':id/deliveries/:deliveryId/redeliver')
  @HttpCode(202)
  @ApiAcceptedResponse({
    type: WebhookDeliveryView,
    description: 'The delivery, pending again; it keeps its webhook-id',
  })
  @ApiProblem(409, 'The webhook is paused or disabled')
  redeliver(
    @CurrentPrincipal() p: Principal,
    @Param('id', uuid) id: string,
    @Param('deliveryId', uuid) deliveryId: string,
  ): Promise<WebhookDeliveryView> {
    return this.service.redeliver(p, id, deliveryId);
  }
}
