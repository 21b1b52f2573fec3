import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { ApiKeysController } from './auth/api-keys.controller';
import { AuthGuard } from './auth/auth.guard';
import { MeController } from './auth/me.controller';
import { ClaimsModule } from './claims/claims.module';
import { ProblemFilter } from './common/problem.filter';
import { AppValidationPipe } from './common/validation';
import { HealthModule } from './health/health.module';
import { NewsroomsModule } from './newsrooms/newsrooms.module';
import { ResearchApiModule } from './research/research-api.module';
import { SettingsModule } from './organizations/settings.module';
import { TasksApiModule } from './tasks/tasks-api.module';

/** The HTTP process: routes, auth, validation, problem+json. */
@Module({
  imports: [HealthModule, NewsroomsModule, ClaimsModule,
    ResearchApiModule,
    TasksApiModule, SettingsModule,
  ],
  controllers: [MeController, ApiKeysController],
  providers: [
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_PIPE, useClass: AppValidationPipe },
    { provide: APP_FILTER, useClass: ProblemFilter },
  ],
})
export class ApiModule {}
