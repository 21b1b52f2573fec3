import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { ApiKeysController } from './auth/api-keys.controller';
import { AuthGuard } from './auth/auth.guard';
import { MeController } from './auth/me.controller';
import { ClaimsModule } from './claims/claims.module';
import { ConsoleModule } from './console/console.module';
import { PeopleModule } from './people/people.module';
import { ExtractionModule } from './extraction/extraction.module';
import { ProblemFilter } from './platform/api/problem.filter';
import { AppValidationPipe } from './platform/api/validation';
import { HealthModule } from './platform/health/health.module';
import { MetricsController } from './platform/metrics/metrics.controller';
import { NewsroomsModule } from './newsrooms/newsrooms.module';
import { RateLimitGuard } from './platform/rate-limit/rate-limit.guard';
import { RateLimitModule } from './platform/rate-limit/rate-limits';
import { ResearchApiModule } from './research/research-api.module';
import { SettingsModule } from './organizations/settings.module';
import { TasksApiModule } from './tasks/tasks-api.module';
import { WebhooksModule } from './webhooks/webhooks.module';

/** The HTTP process: routes, auth, validation, problem+json. */
@Module({
  imports: [
    HealthModule,
    NewsroomsModule,
    ClaimsModule,
    ExtractionModule,
    WebhooksModule,
    ResearchApiModule,
    TasksApiModule,
    SettingsModule,
    RateLimitModule,
    PeopleModule,
    ConsoleModule,
  ],
  controllers: [MeController, ApiKeysController, MetricsController],
  providers: [
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_GUARD, useClass: RateLimitGuard },
    { provide: APP_PIPE, useClass: AppValidationPipe },
    { provide: APP_FILTER, useClass: ProblemFilter },
  ],
})
export class ApiModule {}
