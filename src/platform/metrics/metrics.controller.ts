import { Controller, Get, Headers, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../tenancy/principal';
import { Problem } from '../api/problem';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { metricsAccess } from './metrics-access';
import { MetricsService } from './metrics.service';

/**
 * Prometheus text exposition. With METRICS_TOKEN set, scrapers send `Authorization: Bearer <token>`;
 * without it the route answers 404 unless METRICS_PUBLIC=true (see metricsAccess).
 */
@ApiExcludeController()
@Controller('metrics')
@Public()
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  async scrape(@Headers('authorization') auth: string | undefined, @Res({ passthrough: true }) reply: FastifyReply) {
    const access = metricsAccess(this.config, auth);
    if (access === 'disabled') throw Problem.notFound('Metrics');
    if (access === 'unauthorized')
      throw Problem.unauthorized('Send the metrics token as "Authorization: Bearer <METRICS_TOKEN>"');
    reply.header('content-type', this.metrics.registry.contentType);
    return this.metrics.render();
  }
}
