import { Global, Module } from '@nestjs/common';
import { MetricsCollectors } from './metrics.collectors';
import { MetricsService } from './metrics.service';

/** The registry (every process) and the scrape-time collectors. The controller is in ApiModule. */
@Global()
@Module({ providers: [MetricsService, MetricsCollectors], exports: [MetricsService] })
export class MetricsModule {}
