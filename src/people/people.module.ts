import { Module } from '@nestjs/common';
import { INVITATION_SENDER, ShowOnceSender } from './invitation-sender';
import { PeopleService } from './people.service';
import { SessionsRepository } from './sessions.repository';
import { SignInThrottle } from './sign-in-throttle';

/** People, their links and sessions: used by the AuthGuard (sessions) and the console. */
@Module({
  providers: [
    PeopleService,
    SessionsRepository,
    SignInThrottle,
    { provide: INVITATION_SENDER, useClass: ShowOnceSender },
  ],
  exports: [PeopleService, SessionsRepository],
})
export class PeopleModule {}
