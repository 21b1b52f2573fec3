import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import * as oidc from 'openid-client';
import { fetch as undiciFetch } from 'undici';
import { APP_CONFIG, type AppConfig } from '../../platform/config/config';
import { SafeHttpClient, SsrfError } from '../../platform/http/safe-http';
import type { Principal } from '../../platform/tenancy/principal';
import { SecretBox, WEBHOOK_SECRET_BOX } from '../../webhooks/secret-box';
import { PeopleService } from '../people.service';
import type { Person } from '../person.entity';
import { SsoRepository, type SsoConfigWithSecret } from './sso.repository';

/** Why a single sign-on was refused; the console shows each as its own message (i18n `sso_<reason>`). */
export type SsoRefusal =
  | 'noProvider'
  | 'expired'
  | 'providerRefused'
  | 'codeRefused'
  | 'wrongAudience'
  | 'tokenInvalid'
  | 'noEmail'
  | 'unknownDomain'
  | 'otherOrganization'
  | 'deactivated'
  | 'unreachable';

export class SsoRefused extends Error {
  constructor(
    readonly reason: SsoRefusal,
    readonly status: number,
    detail: string,
  ) {
    super(detail);
  }
}

export interface SsoSettingsInput {
  issuer: string;
  clientId: string;
  /** Empty keeps the stored secret; `clearSecret` makes the client public (PKCE alone). */
  clientSecret?: string;
  clearSecret?: boolean;
  domains: string[];
  joinRole: 'checker' | 'editor';
  passwordSignIn: boolean;
  enabled: boolean;
}

export interface SsoSettingsView {
  issuer: string;
  clientId: string;
  hasClientSecret: boolean;
  domains: string[];
  joinRole: string;
  passwordSignIn: boolean;
  enabled: boolean;
}

const SIGN_IN_TTL_MS = 10 * 60_000;
const DISCOVERY_TTL_MS = 10 * 60_000;
const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const DOMAIN = /^(?=.{3,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/**
 * OpenID Connect single sign-on for an organization's people (docs/console.md, "Single sign-on"):
 * authorization code flow with PKCE (S256), the issuer's discovery document, `state` and `nonce`
 * checked, the ID token's signature and claims verified by openid-client. Every request to the
 * provider goes through the SSRF-safe HTTP client. The email (verified unless the provider says
 * otherwise) finds the person; a person without an account joins when the email's domain is one of
 * the organization's; an invited person signs in with the role of the invitation.
 */
@Injectable()
export class SsoService {
  private readonly log = new Logger('SSO');
  private readonly discovered = new Map<string, { key: string; at: number; config: oidc.Configuration }>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly http: SafeHttpClient,
    @Inject(WEBHOOK_SECRET_BOX) private readonly box: SecretBox | null,
    private readonly repo: SsoRepository,
    private readonly people: PeopleService,
  ) {}

  async settings(p: Principal): Promise<SsoSettingsView | null> {
    const c = await this.repo.get(p.organizationId);
    if (!c) return null;
    return {
      issuer: c.issuer,
      clientId: c.clientId,
      hasClientSecret: !!c.clientSecretEncrypted,
      domains: c.domains,
      joinRole: c.joinRole,
      passwordSignIn: c.passwordSignIn,
      enabled: c.enabled,
    };
  }

  /**
   * Saves the organization's configuration once its provider answers discovery. Field errors are
   * returned, not thrown: `{ path, message }` for the form.
   */
  async configure(p: Principal, input: SsoSettingsInput): Promise<{ path: string; message: string }[]> {
    const errors: { path: string; message: string }[] = [];
    try {
      this.http.checkUrl(input.issuer, { requireHttps: true });
    } catch (err) {
      errors.push({ path: 'issuer', message: `the issuer must be an https URL (${(err as Error).message})` });
    }
    if (!/^[\x21-\x7e]{1,200}$/.test(input.clientId))
      errors.push({ path: 'clientId', message: 'the client id is 1 to 200 printable characters' });
    if (input.clientSecret && !/^[\x21-\x7e]{1,500}$/.test(input.clientSecret))
      errors.push({ path: 'clientSecret', message: 'the client secret is 1 to 500 printable characters' });
    if (input.clientSecret && !this.box)
      errors.push({
        path: 'clientSecret',
        message: 'secrets cannot be stored: WEBHOOK_SECRET_KEY, which encrypts them, is not set on this server',
      });
    const domains = [...new Set(input.domains.map((d) => d.trim().toLowerCase()).filter(Boolean))];
    const bad = domains.filter((d) => !DOMAIN.test(d));
    if (bad.length) errors.push({ path: 'domains', message: `not email domains: ${bad.join(', ')}` });
    if (domains.length > 50) errors.push({ path: 'domains', message: 'at most 50 domains' });
    if (!errors.length) {
      const taken = await this.repo.domainsOfOthers(p, domains);
      if (taken.length)
        errors.push({ path: 'domains', message: `already signs in with another organization: ${taken.join(', ')}` });
    }
    if (!input.passwordSignIn && !input.enabled)
      errors.push({
        path: 'passwordSignIn',
        message: 'password sign-in can only be turned off while single sign-on is enabled',
      });
    if (errors.length) return errors;

    const stored = await this.repo.get(p.organizationId);
    const secret = input.clearSecret
      ? null
      : input.clientSecret
        ? this.box!.encrypt(input.clientSecret, `sso:${p.organizationId}`)
        : (stored?.clientSecretEncrypted ?? null);
    const candidate = { issuer: input.issuer, clientId: input.clientId, clientSecretEncrypted: secret };
    try {
      await this.discover(p.organizationId, candidate, true);
    } catch (err) {
      return [{ path: 'issuer', message: `the provider's discovery document could not be read: ${describe(err)}` }];
    }
    await this.repo.save(
      p,
      {
        issuer: input.issuer,
        clientId: input.clientId,
        clientSecretEncrypted: secret,
        joinRole: input.joinRole,
        passwordSignIn: input.passwordSignIn,
        enabled: input.enabled,
      },
      domains,
    );
    this.discovered.delete(p.organizationId);
    return [];
  }

  async remove(p: Principal): Promise<void> {
    await this.repo.remove(p);
    this.discovered.delete(p.organizationId);
  }

  passwordSignInAllowed(organizationId: string): Promise<boolean> {
    return this.repo.passwordSignInAllowed(organizationId);
  }

  /**
   * Starts a sign-in for this email: the organization is the person's (an account or an invitation),
   * else the one whose domain the email has. Returns the provider's authorization URL and the value
   * of the cookie that binds the callback to this browser.
   */
  async start(emailInput: unknown, next: string, baseUrl: string): Promise<{ url: string; browser: string }> {
    const email = typeof emailInput === 'string' ? emailInput.trim().toLowerCase().slice(0, 320) : '';
    const person = email ? await this.people.byEmail(email) : null;
    const organizationId =
      person?.organizationId ?? (email.includes('@') ? await this.repo.organizationOfDomain(domainOf(email)) : null);
    const sso = organizationId ? await this.repo.get(organizationId) : null;
    if (!sso || !sso.enabled)
      throw new SsoRefused('noProvider', 404, 'No organization signs in with single sign-on for this email');
    const config = await this.discover(sso.organizationId, sso);
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const browser = randomBytes(32).toString('base64url');
    await this.repo.begin({
      stateHash: sha256(state),
      organizationId: sso.organizationId,
      browserHash: sha256(browser),
      nonce,
      codeVerifier,
      next,
      expiresAt: new Date(Date.now() + SIGN_IN_TTL_MS),
    });
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: callbackUrl(baseUrl),
      scope: 'openid email profile',
      response_type: 'code',
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
      login_hint: email,
    });
    return { url: url.href, browser };
  }

  /** Completes the sign-in the provider sent back: the person to open a session for, and where to go. */
  async finish(
    query: Record<string, unknown>,
    browser: string | undefined,
    baseUrl: string,
  ): Promise<{ person: Person; next: string }> {
    const state = typeof query.state === 'string' ? query.state : '';
    const signIn = state ? await this.repo.take(sha256(state)) : null;
    if (!signIn || signIn.expiresAt.getTime() < Date.now() || !browser || sha256(browser) !== signIn.browserHash)
      throw new SsoRefused('expired', 400, 'This sign-in is unknown, expired, already used or was started elsewhere');
    const sso = await this.repo.get(signIn.organizationId);
    if (!sso || !sso.enabled) throw new SsoRefused('noProvider', 404, 'Single sign-on is off for this organization');
    const config = await this.discover(sso.organizationId, sso);
    const current = new URL(callbackUrl(baseUrl));
    for (const [k, v] of Object.entries(query)) if (typeof v === 'string') current.searchParams.set(k, v);
    let claims: Record<string, unknown> | undefined;
    try {
      const tokens = await oidc.authorizationCodeGrant(config, current, {
        pkceCodeVerifier: signIn.codeVerifier,
        expectedState: state,
        expectedNonce: signIn.nonce,
        idTokenExpected: true,
      });
      const idToken = tokens.claims()!;
      // Providers that keep profile claims out of the ID token give them at UserInfo, for the same subject.
      claims =
        typeof idToken.email === 'string'
          ? idToken
          : { ...(await oidc.fetchUserInfo(config, tokens.access_token, idToken.sub)), ...idToken };
    } catch (err) {
      throw this.refusal(err);
    }
    const email = typeof claims?.email === 'string' ? claims.email.trim().toLowerCase() : '';
    if (!email || claims?.email_verified === false)
      throw new SsoRefused('noEmail', 401, 'The identity provider gave no verified email for this person');
    const person = await this.people.byEmail(email);
    if (person) {
      if (person.organizationId !== sso.organizationId)
        throw new SsoRefused('otherOrganization', 403, 'This email has an account in another organization');
      if (person.deactivatedAt) throw new SsoRefused('deactivated', 403, 'This account is deactivated');
      return { person, next: signIn.next };
    }
    if (!sso.domains.includes(domainOf(email)))
      throw new SsoRefused(
        'unknownDomain',
        403,
        `No account for ${email}, and its domain is not one of the organization's`,
      );
    const joined = await this.people.joinThroughSso(sso.organizationId, {
      email,
      displayName: typeof claims?.name === 'string' && claims.name.trim() ? claims.name.trim().slice(0, 200) : email,
      role: sso.joinRole,
      language: typeof claims?.locale === 'string' && claims.locale.startsWith('fr') ? 'fr' : 'en',
    });
    return { person: joined, next: signIn.next };
  }

  private refusal(err: unknown): SsoRefused {
    this.log.warn(`Single sign-on refused: ${describe(err)}`);
    if (err instanceof oidc.AuthorizationResponseError)
      return new SsoRefused('providerRefused', 401, `The identity provider refused: ${err.error}`);
    if (err instanceof oidc.ResponseBodyError)
      return new SsoRefused('codeRefused', 401, `The identity provider refused the code: ${err.error}`);
    if ((err as { code?: string }).code === 'OAUTH_JWT_CLAIM_COMPARISON_FAILED' && failedClaim(err) === 'aud')
      return new SsoRefused('wrongAudience', 401, 'The ID token was issued for another client');
    if (isNetwork(err)) return new SsoRefused('unreachable', 503, 'The identity provider cannot be reached');
    return new SsoRefused('tokenInvalid', 401, `The ID token was refused: ${describe(err)}`);
  }

  /** The provider's configuration (discovery, cached 10 minutes per organization and settings). */
  private async discover(
    organizationId: string,
    sso: Pick<SsoConfigWithSecret, 'issuer' | 'clientId' | 'clientSecretEncrypted'>,
    fresh = false,
  ): Promise<oidc.Configuration> {
    const key = `${sso.issuer}\n${sso.clientId}\n${sso.clientSecretEncrypted ?? ''}`;
    const hit = this.discovered.get(organizationId);
    if (!fresh && hit && hit.key === key && Date.now() - hit.at < DISCOVERY_TTL_MS) return hit.config;
    const secret = sso.clientSecretEncrypted
      ? this.box?.decrypt(sso.clientSecretEncrypted, `sso:${organizationId}`)
      : undefined;
    if (sso.clientSecretEncrypted && !secret)
      throw new SsoRefused('unreachable', 503, 'The client secret cannot be read: WEBHOOK_SECRET_KEY is not set');
    let config: oidc.Configuration;
    try {
      config = await oidc.discovery(
        new URL(sso.issuer),
        sso.clientId,
        secret ? { client_secret: secret } : undefined,
        secret ? oidc.ClientSecretPost(secret) : oidc.None(),
        {
          [oidc.customFetch]: this.fetch,
          // http issuers only where private networks are allowed (development, the tests).
          ...(this.config.allowPrivateNetworks ? { execute: [oidc.allowInsecureRequests] } : {}),
          timeout: 10,
        },
      );
    } catch (err) {
      if (fresh) throw err;
      this.log.warn(`Discovery of ${sso.issuer} failed: ${describe(err)}`);
      throw new SsoRefused('unreachable', 503, 'The identity provider cannot be reached');
    }
    this.discovered.set(organizationId, { key, at: Date.now(), config });
    return config;
  }

  /** Every request to a provider through the SSRF-safe agent (its address policy, its timeouts). */
  private readonly fetch: oidc.CustomFetch = async (url, options) => {
    this.http.checkUrl(url, { requireHttps: true });
    return undiciFetch(url, {
      method: options.method,
      headers: options.headers as Record<string, string>,
      body: options.body as string | undefined,
      redirect: 'manual',
      signal: options.signal,
      dispatcher: this.http.agent,
    }) as unknown as Promise<Response>;
  };
}

const callbackUrl = (baseUrl: string) => `${baseUrl}/console/sso/callback`;
const domainOf = (email: string) => email.slice(email.lastIndexOf('@') + 1);
const describe = (err: unknown) =>
  err instanceof SsrfError ? err.message : err instanceof Error ? `${err.message}` : String(err);
/** The claim a comparison failed on: openid-client wraps oauth4webapi's error, whose cause names it. */
function failedClaim(err: unknown): string | undefined {
  for (let e = err as { cause?: unknown; claim?: unknown } | undefined, i = 0; e && i < 4; e = e.cause as never, i++)
    if (typeof e.claim === 'string') return e.claim;
  return undefined;
}
const isNetwork = (err: unknown) =>
  err instanceof SsrfError ||
  (err instanceof Error &&
    /fetch failed|ECONNREFUSED|ETIMEDOUT|timeout|aborted/i.test(`${err.message} ${String(err.cause)}`));
