import type { Person } from './person.entity';

export interface PersonLink {
  kind: 'invitation' | 'password_reset';
  person: Pick<Person, 'email' | 'displayName' | 'language'>;
  url: string;
  expiresAt: Date;
}

/**
 * Delivers an invitation or reset link. There is no mail server today: the sender delivers
 * nothing and the admin is shown the link once. An SMTP sender implements the same interface and
 * answers `delivered: true` (the admin is then told it was mailed).
 */
export interface InvitationSender {
  send(link: PersonLink): Promise<{ delivered: boolean }>;
}

export const INVITATION_SENDER = Symbol('INVITATION_SENDER');

export class ShowOnceSender implements InvitationSender {
  send(): Promise<{ delivered: boolean }> {
    return Promise.resolve({ delivered: false });
  }
}
