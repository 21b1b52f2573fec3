import { Module } from '@nestjs/common';
import { ClaimsModule } from '../claims/claims.module';
import { PeopleModule } from '../people/people.module';
import { TasksApiModule } from '../tasks/tasks-api.module';
import { VerdictsModule } from '../verdicts/verdicts.module';
import { AdminAccessController } from './admin-access.controller';
import { AdminSettingsController } from './admin-settings.controller';
import { ResearchRunsRepository } from '../research/research-runs.repository';
import { SourcesService } from '../research/sources.service';
import { DeskToolsController } from './desk-tools.controller';
import { EvidenceModule } from '../evidence/evidence.module';
import { ExtractionModule } from '../extraction/extraction.module';
import { RateLimitModule } from '../platform/rate-limit/rate-limits';
import { AdminPeopleController } from './admin-people.controller';
import { NewsroomsModule } from '../newsrooms/newsrooms.module';
import { AuthModule } from '../auth/auth.module';
import { SettingsModule } from '../organizations/settings.module';
import { ConsoleErrorsFilter } from './console-errors.filter';
import { ActorNames } from './actor-names';
import { WorkingDraftsRepository } from './working-drafts.repository';
import { TaskLeasesRepository } from '../tasks/task-leases.repository';
import { ConsoleController, ConsoleNotFoundController } from './console.controller';
import { ConsoleViews } from './console-views';
import { WorkspaceController } from './workspace.controller';
import { PortalController } from './portal.controller';
import { PortalLinksController } from './portal-links.controller';
import { WebhooksModule } from '../webhooks/webhooks.module';

/** The console's pages under /console: server-rendered Eta templates over the API's own services. */
@Module({
  imports: [
    PeopleModule,
    TasksApiModule,
    ClaimsModule,
    VerdictsModule,
    NewsroomsModule,
    AuthModule,
    EvidenceModule,
    ExtractionModule,
    RateLimitModule,
    SettingsModule,
    WebhooksModule,
  ],
  controllers: [
    ConsoleController,
    WorkspaceController,
    AdminPeopleController,
    AdminAccessController,
    AdminSettingsController,
    DeskToolsController,
    PortalController,
    PortalLinksController,
    ConsoleNotFoundController,
  ],
  providers: [
    ConsoleViews,
    ConsoleErrorsFilter,
    ActorNames,
    WorkingDraftsRepository,
    TaskLeasesRepository,
    ResearchRunsRepository,
    SourcesService,
  ],
})
export class ConsoleModule {}
