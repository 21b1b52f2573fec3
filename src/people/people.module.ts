import { Module } from '@nestjs/common';
import { INVITATION_SENDER, ShowOnceSender } from './invitation-sender';
import { PeopleService } from './people.service';
import { SessionsRepository } from './sessions.repository';
import { SignInThrottle } from './sign-in-throttle';
import { PortalLinksService } from './portal-links.service';
import { NewsroomsModule } from '../newsrooms/newsrooms.module';

/** People, their links and sessions: used by the AuthGuard (sessions) and the console. */
@Module({
  imports: [NewsroomsModule],
  providers: [
    PeopleService,
    PortalLinksService,
    SessionsRepository,
    SignInThrottle,
    { provide: INVITATION_SENDER, useClass: ShowOnceSender },
  ],
  exports: [PeopleService, SessionsRepository, PortalLinksService],
})
export class PeopleModule {}
