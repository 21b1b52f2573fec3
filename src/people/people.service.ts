import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '../platform/tenancy/principal';
import type { Role } from '../platform/tenancy/role';
import type { FieldError } from '../platform/api/problem';
import { Problem } from '../platform/api/problem';
import { APP_CONFIG, type AppConfig } from '../platform/config/config';
import { INVITATION_SENDER, type InvitationSender } from './invitation-sender';
import { hashPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, passwordProblem, verifyPassword } from './password';
import { issueLink } from './person-links';
import type { PersonToken, PersonTokenPurpose } from './person-token.entity';
import { PeopleRepository } from './people.repository';
import { Person, PERSON_LANGUAGES, PERSON_ROLES, type PersonLanguage } from './person.entity';
import { NewsroomsRepository } from '../newsrooms/newsrooms.repository';
import { SessionsRepository } from './sessions.repository';
import { SignInThrottle } from './sign-in-throttle';
import { SsoRepository } from './sso/sso.repository';

export interface NewPerson {
  email: string;
  displayName: string;
  role: Role;
  language: PersonLanguage;
  /** For role `newsroom` only: a newsroom of the organization. */
  newsroomId: string | null;
}

export interface IssuedLink {
  person: Person;
  url: string;
  expiresAt: Date;
  /** false: no sender delivered it, the admin is shown the URL (once). */
  delivered: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{2,63}$/;

/**
 * People of an organization: invitations, roles, deactivation, reset links and sign-in. Every
 * method taking a Principal is scoped to its organization; the role checks are the routes' (@Roles).
 */
@Injectable()
export class PeopleService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly ds: DataSource,
    private readonly people: PeopleRepository,
    private readonly sessions: SessionsRepository,
    private readonly throttle: SignInThrottle,
    @Inject(INVITATION_SENDER) private readonly sender: InvitationSender,
    private readonly newsrooms: NewsroomsRepository,
    private readonly sso: SsoRepository,
  ) {}

  list(scope: Principal): Promise<Person[]> {
    return this.people.list(scope);
  }

  /** Display names of the people among these ids (task holders), within the organization. */
  async namesOf(scope: Principal, ids: (string | null | undefined)[]): Promise<Map<string, string>> {
    return this.people.namesOf(scope, [...new Set(ids.filter((x): x is string => !!x))]);
  }

  async find(scope: Principal, id: string): Promise<Person> {
    const person = await this.people.find(scope, id);
    if (!person) throw Problem.notFound('Person');
    return person;
  }

  /** The person of this email, whatever the organization (sign-in asks for none); null if none. */
  byEmail(email: string): Promise<Person | null> {
    return this.people.byEmailAcrossTenants(email);
  }

  /**
   * A person who joins through the organization's single sign-on (their email's domain is one of
   * its domains): active at once, no password. Two first sign-ins at once make one person.
   */
  async joinThroughSso(
    organizationId: string,
    fields: { email: string; displayName: string; role: Role; language: PersonLanguage },
  ): Promise<Person> {
    await this.people.insertIfAbsent({ organizationId }, fields);
    const person = await this.byEmail(fields.email);
    if (!person || person.organizationId !== organizationId)
      throw Problem.conflict('This email already has an account');
    return person;
  }

  /** Creates the person (no password yet) and an invitation link, single use, valid INVITATION_TTL_HOURS. */
  async invite(
    scope: Principal,
    input: Partial<Record<keyof NewPerson, unknown>>,
    baseUrl: string,
  ): Promise<IssuedLink> {
    const fields = validatePerson(input);
    if (fields.newsroomId && !(await this.newsrooms.find(scope, fields.newsroomId)))
      throw Problem.badRequest('Invalid person', [
        { path: 'newsroomId', message: 'choose a newsroom of the organization' },
      ]);
    return this.ds.transaction(async (m) => {
      if (await this.people.emailTaken(m, fields.email))
        throw Problem.badRequest('This email already has an account', [
          { path: 'email', message: 'already has an account' },
        ]);
      const person = await this.people.create(m, scope, fields);
      return this.issue(m, person, 'invitation', baseUrl);
    });
  }

  /** A new password-reset link; earlier unused links of the person stop working. */
  async resetLink(scope: Principal, id: string, baseUrl: string): Promise<IssuedLink> {
    const person = await this.find(scope, id);
    if (person.deactivatedAt) throw Problem.conflict('The person is deactivated', 'invalid-transition');
    return this.ds.transaction((m) => this.issue(m, person, 'password_reset', baseUrl));
  }

  async update(
    scope: Principal,
    id: string,
    change: { role?: unknown; language?: unknown; displayName?: unknown },
  ): Promise<Person> {
    const person = await this.find(scope, id);
    const errors: FieldError[] = [];
    if (change.role !== undefined && !PERSON_ROLES.includes(change.role as never))
      errors.push({ path: 'role', message: `role must be one of ${PERSON_ROLES.join(', ')}` });
    if (change.language !== undefined && !PERSON_LANGUAGES.includes(change.language as never))
      errors.push({ path: 'language', message: 'language must be fr or en' });
    if (change.displayName !== undefined && !validName(change.displayName))
      errors.push({ path: 'displayName', message: 'displayName must be 1 to 200 characters' });
    if (errors.length) throw Problem.badRequest('Invalid change', errors);
    if (change.role !== undefined && change.role !== person.role && id === scope.personId)
      throw Problem.conflict('You cannot change your own role (ask another admin)', 'invalid-transition');
    // A newsroom person belongs to a newsroom and a desk person to none: the role changes only within each side.
    if (
      change.role !== undefined &&
      change.role !== person.role &&
      (change.role === 'newsroom' || person.role === 'newsroom')
    )
      throw Problem.badRequest('Invalid change', [
        { path: 'role', message: 'newsroom people are invited as such; desk people cannot become newsroom people' },
      ]);
    if (change.role !== undefined) person.role = change.role as Role;
    if (change.language !== undefined) person.language = change.language as PersonLanguage;
    if (change.displayName !== undefined) person.displayName = (change.displayName as string).trim();
    await this.people.updateProfile(scope, id, {
      role: person.role,
      language: person.language,
      displayName: person.displayName,
    });
    return person;
  }

  /** Deactivates the person and ends every session of theirs at once (the session lookup also checks the person). */
  async deactivate(scope: Principal, id: string): Promise<Person> {
    const person = await this.find(scope, id);
    if (id === scope.personId) throw Problem.conflict('You cannot deactivate yourself', 'invalid-transition');
    if (!person.deactivatedAt) {
      person.deactivatedAt = new Date();
      await this.ds.transaction(async (m) => {
        await this.people.deactivate(m, scope, id, person.deactivatedAt!);
        await this.sessions.revokeAll(m, id);
      });
    }
    return person;
  }

  /** The person a still-valid link names, or null (unknown, used, expired, or the person deactivated). */
  personOfLink(
    secret: string,
    purpose: PersonTokenPurpose,
    m?: EntityManager,
    lock = false,
  ): Promise<{ token: PersonToken; person: Person } | null> {
    return this.people.personOfTokenAcrossTenants(secret, purpose, m, lock);
  }

  /** Sets the password through a link, once; every session of the person ends (a reset follows a suspicion). */
  async usePasswordLink(secret: string, purpose: PersonTokenPurpose, password: unknown): Promise<Person> {
    const problem = passwordProblem(password);
    if (problem)
      throw Problem.badRequest('Invalid password', [
        {
          path: 'password',
          message:
            problem === 'too-short'
              ? `at least ${PASSWORD_MIN_LENGTH} characters`
              : `at most ${PASSWORD_MAX_LENGTH} characters`,
        },
      ]);
    const hash = await hashPassword(password as string);
    return this.ds.transaction(async (m) => {
      const found = await this.personOfLink(secret, purpose, m, true);
      if (!found) throw Problem.conflict('This link is invalid, expired or already used', 'link-invalid');
      await this.people.useToken(m, found.token.id);
      await this.people.setPassword(m, found.person, found.person.id, hash);
      await this.sessions.revokeAll(m, found.person.id);
      return found.person;
    });
  }

  /**
   * The person for this email and password. Failures count per account and per address
   * (SIGN_IN_FAILURES_PER_*); past either budget sign-in is refused with 429 until the window ends.
   */
  async authenticate(email: unknown, password: unknown, address: string): Promise<Person> {
    const account = typeof email === 'string' ? email.trim().toLowerCase().slice(0, 320) : '';
    const wait = await this.throttle.waitSeconds(account, address);
    if (wait > 0)
      throw new Problem(
        429,
        'rate-limited',
        `Too many failed sign-ins; retry in ${Math.ceil(wait / 60)} min`,
        undefined,
        { 'retry-after': String(wait) },
      );
    const person = account ? await this.people.withPasswordHashAcrossTenants(account) : null;
    const ok = await verifyPassword(
      typeof password === 'string' ? password.slice(0, PASSWORD_MAX_LENGTH * 4) : '',
      person?.passwordHash ?? null,
    );
    if (!ok || !person || person.deactivatedAt) {
      await this.throttle.failed(account, address);
      throw Problem.unauthorized('Wrong email or password');
    }
    await this.throttle.succeeded(account);
    // Said only to whoever knows the password: the organization's people sign in through its provider.
    // Admins keep their password: the way back in when the provider is broken or misconfigured.
    if (person.role !== 'admin' && !(await this.sso.passwordSignInAllowed(person.organizationId)))
      throw new Problem(403, 'password-sign-in-off', 'Your organization signs in with single sign-on only');
    delete (person as Partial<Person>).passwordHash;
    return person;
  }

  async issue(m: EntityManager, person: Person, purpose: PersonTokenPurpose, baseUrl: string): Promise<IssuedLink> {
    const hours =
      purpose === 'invitation' ? this.config.console.invitationTtlHours : this.config.console.passwordResetTtlHours;
    const { url, expiresAt } = await issueLink(this.people, m, person, purpose, hours, baseUrl);
    const { delivered } = await this.sender.send({ kind: purpose, person, url, expiresAt });
    return { person, url, expiresAt, delivered };
  }
}

function validName(v: unknown): v is string {
  return typeof v === 'string' && v.trim().length >= 1 && v.trim().length <= 200 && !/[\u0000-\u001f\u007f]/.test(v);
}

export function validatePerson(input: Partial<Record<keyof NewPerson, unknown>>): NewPerson {
  const errors: FieldError[] = [];
  const email = typeof input.email === 'string' ? input.email.trim().toLowerCase() : '';
  if (!EMAIL.test(email)) errors.push({ path: 'email', message: 'email must be an address like name@example.org' });
  if (!validName(input.displayName))
    errors.push({ path: 'displayName', message: 'displayName must be 1 to 200 characters' });
  if (!PERSON_ROLES.includes(input.role as never))
    errors.push({ path: 'role', message: `role must be one of ${PERSON_ROLES.join(', ')}` });
  if (!PERSON_LANGUAGES.includes(input.language as never))
    errors.push({ path: 'language', message: 'language must be fr or en' });
  const newsroomId = typeof input.newsroomId === 'string' && input.newsroomId ? input.newsroomId : null;
  if (input.role === 'newsroom' && !(newsroomId && UUID.test(newsroomId)))
    errors.push({ path: 'newsroomId', message: 'choose the newsroom of a newsroom person' });
  if (input.role !== 'newsroom' && newsroomId)
    errors.push({ path: 'newsroomId', message: 'only newsroom people belong to a newsroom' });
  if (errors.length) throw Problem.badRequest('Invalid person', errors);
  return {
    email,
    displayName: (input.displayName as string).trim(),
    role: input.role as Role,
    language: input.language as PersonLanguage,
    newsroomId: input.role === 'newsroom' ? newsroomId : null,
  };
}
