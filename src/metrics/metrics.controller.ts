import { Controller, Get, Headers, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { Public } from '../auth/principal';
import { Problem } from '../common/problem';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { MetricsService } from './metrics.service';

/** Prometheus text exposition. With METRICS_TOKEN set, scrapers send `Authorization: Bearer <token>`. */
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
    const token = this.config.metricsToken;
    if (token) {
      const given = Buffer.from(auth ?? '');
      const expected = Buffer.from(`Bearer ${token}`);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw Problem.unauthorized('Send the metrics token as "Authorization: Bearer <METRICS_TOKEN>"');
    }
    reply.header('content-type', this.metrics.registry.contentType);
    return this.metrics.render();
  }
}
