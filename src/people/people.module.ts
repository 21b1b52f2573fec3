import { Module } from '@nestjs/common';
import { INVITATION_SENDER, ShowOnceSender } from './invitation-sender';
import { PeopleRepository } from './people.repository';
import { PeopleService } from './people.service';
import { SessionsRepository } from './sessions.repository';
import { SignInThrottle } from './sign-in-throttle';
import { PortalLinksRepository } from './portal-links.repository';
import { PortalLinksService } from './portal-links.service';
import { NewsroomsModule } from '../newsrooms/newsrooms.module';
import { secretBoxProvider } from '../webhooks/secret-box.provider';
import { SsoRepository } from './sso/sso.repository';
import { SsoService } from './sso/sso.service';

/** People, their links, sessions and single sign-on: used by the AuthGuard (sessions) and the console. */
@Module({
  imports: [NewsroomsModule],
  providers: [
    PeopleRepository,
    PortalLinksRepository,
    PeopleService,
    PortalLinksService,
    SessionsRepository,
    SignInThrottle,
    SsoRepository,
    SsoService,
    secretBoxProvider,
    { provide: INVITATION_SENDER, useClass: ShowOnceSender },
  ],
  exports: [PeopleService, SessionsRepository, PortalLinksService, SsoService],
})
export class PeopleModule {}
