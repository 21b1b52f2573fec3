import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  validateSync,
} from 'class-validator';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const toFloat = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === ''
    ? undefined
    : value === true || value === 'true' || value === '1'
      ? true
      : value === false || value === 'false' || value === '0'
        ? false
        : value;

/** Whether HOST binds loopback only: the service is then reachable from this machine alone. */
export const isLoopbackHost = (host: string | undefined): boolean =>
  host === '127.0.0.1' || host === '::1' || host === 'localhost';

/**
 * Every environment variable the service reads, with its default. This class is the only reader of
 * process.env (through loadConfig); the rest of the code receives the typed AppConfig.
 * docs/operations.md documents each variable; test/config.spec.ts checks the two stay in step.
 */
export class EnvironmentVariables {
  @IsOptional()
  @IsIn(['api', 'worker', 'all'])
  ROLE: 'api' | 'worker' | 'all' = 'all';

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsOptional()
  @IsString()
  HOST = '0.0.0.0';

  @IsString()
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL: string;

  @IsString()
  @Matches(/^rediss?:\/\/[^,\s]+(,\s*(rediss?:\/\/)?[^,\s]+)*$/, {
    message: 'REDIS_URL must be a redis:// or rediss:// URL (on a Redis Cluster, comma-separated nodes)',
  })
  REDIS_URL: string;

  /** Connect to a Redis Cluster (ioredis Cluster) starting from the node(s) of REDIS_URL. */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  REDIS_CLUSTER = false;

  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_\-]{24,200}$/, { message: 'BOOTSTRAP_ADMIN_KEY must be 24 to 200 characters of [A-Za-z0-9_-]' })
  BOOTSTRAP_ADMIN_KEY?: string;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  ALLOW_PRIVATE_NETWORKS = false;

  @IsOptional()
  @Matches(/^(true|false|[0-9]{1,2}|[0-9A-Fa-f.:/]+(,[0-9A-Fa-f.:/]+)*)$/, {
    message: 'TRUST_PROXY must be true, false, a hop count, or comma-separated proxy addresses/CIDRs',
  })
  TRUST_PROXY = 'false';

  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(100 * 1024 * 1024)
  BODY_LIMIT_BYTES = 1024 * 1024;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(50)
  @Max(60000)
  OUTBOX_POLL_MS = 500;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10000)
  OUTBOX_BATCH_SIZE = 200;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  EVENT_CONCURRENCY = 8;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(600000)
  EVENT_LOCK_MS = 8000;

  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_\-{}]{1,64}$/, { message: 'QUEUE_PREFIX must be 1 to 64 characters of [A-Za-z0-9_-{}]' })
  QUEUE_PREFIX = 'corroborate';

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  DATABASE_POOL_SIZE = 10;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  DATABASE_WORKER_POOL_SIZE = 10;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(600000)
  DATABASE_STATEMENT_TIMEOUT_MS = 15000;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  DATABASE_PREPARED_STATEMENTS = true;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  SHUTDOWN_GRACE_SECONDS = 25;

  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  PUBLIC_BASE_URL?: string;

  @IsOptional()
  @Matches(/^[a-z]{2,3}(,[a-z]{2,3})*$/, {
    message: 'SUPPORTED_LANGUAGES must be comma-separated ISO 639-1 codes, e.g. "fr,en"',
  })
  SUPPORTED_LANGUAGES = 'fr,en';

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  RATE_LIMIT_PER_MINUTE = 1200;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  RATE_LIMIT_INTAKE_PER_MINUTE = 600;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  RATE_LIMIT_ORG_INTAKE_PER_MINUTE = 1200;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  RATE_LIMIT_AUTH_FAILURES_PER_MINUTE = 30;

  @IsOptional()
  @IsString()
  @Matches(/^\S{16,200}$/, { message: 'METRICS_TOKEN must be 16 to 200 non-space characters' })
  METRICS_TOKEN?: string;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  METRICS_PUBLIC = false;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(300)
  METRICS_CACHE_SECONDS = 5;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  WORKER_METRICS_PORT?: number;

  @IsOptional()
  @IsString()
  @Matches(/^\S{24,200}$/, { message: 'QUEUE_DASHBOARD_TOKEN must be 24 to 200 non-space characters' })
  QUEUE_DASHBOARD_TOKEN?: string;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  QUEUE_DASHBOARD_READ_ONLY = true;

  @IsOptional()
  @Transform(toFloat)
  @IsNumber({ allowNaN: false })
  @Min(0.001)
  @Max(24 * 365)
  IDEMPOTENCY_KEY_TTL_HOURS = 24;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(86400)
  IDEMPOTENCY_PURGE_SECONDS = 3600;

  @IsOptional()
  @Transform(toFloat)
  @IsNumber({ allowNaN: false })
  @Min(0)
  @Max(1)
  MATCH_DUPLICATE_THRESHOLD = 0.75;

  @IsOptional()
  @Transform(toFloat)
  @IsNumber({ allowNaN: false })
  @Min(0)
  @Max(1)
  MATCH_SIMILAR_THRESHOLD = 0.35;

  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9+/]{43}=$/, { message: 'WEBHOOK_SECRET_KEY must be 32 bytes in base64 (44 characters)' })
  WEBHOOK_SECRET_KEY?: string;

  @IsOptional()
  @IsString()
  @Matches(/^\s*\d+(\.\d+)?(\s*,\s*\d+(\.\d+)?)*\s*$/, {
    message: 'WEBHOOK_RETRY_SCHEDULE must be comma-separated delays in seconds',
  })
  WEBHOOK_RETRY_SCHEDULE?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(120000)
  WEBHOOK_TIMEOUT_MS = 15000;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  WEBHOOK_CONCURRENCY = 32;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  WEBHOOK_PER_SUBSCRIPTION_CONCURRENCY = 4;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3600)
  WEBHOOK_SLOW_DOWN_SECONDS = 60;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(600000)
  WEBHOOK_LOCK_MS = 8000;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(86400)
  WEBHOOK_RECONCILE_SECONDS = 60;
  // Research pipeline
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(64)
  RESEARCH_CONCURRENCY = 2;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(600000)
  RESEARCH_LOCK_MS = 8000;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(120000)
  PROVIDER_TIMEOUT_MS = 8000;

  @IsOptional()
  @IsString()
  @Matches(/^([a-z-]+=\d+)(,[a-z-]+=\d+)*$/, {
    message: 'PROVIDER_TIMEOUTS must look like "searxng=5000,mediawiki=3000"',
  })
  PROVIDER_TIMEOUTS?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10)
  PROVIDER_ATTEMPTS = 2;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(60000)
  PROVIDER_BACKOFF_MS = 300;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  PROVIDER_RATE_PER_SECOND = 5;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  ARCHIVE_PROVIDER_ENABLED = true;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  FACTCHECKS_PROVIDER_ENABLED = true;

  @IsOptional()
  @IsString()
  GOOGLE_FACTCHECK_API_KEY?: string;

  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  GOOGLE_FACTCHECK_BASE_URL = 'https://factchecktools.googleapis.com';

  @IsOptional()
  @IsString()
  @Matches(/^https?:\/\/\S+$/, { message: 'MEDIAWIKI_BASE_URL must be an http(s) URL, optionally with {lang}' })
  MEDIAWIKI_BASE_URL?: string;

  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  SEARXNG_BASE_URL?: string;

  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  STANCE_MODEL_URL?: string;

  @IsOptional()
  @IsIn(['openai', 'nli'])
  STANCE_MODEL_KIND: 'openai' | 'nli' = 'openai';

  @IsOptional()
  @IsString()
  STANCE_MODEL_NAME = 'gpt-4o-mini';

  @IsOptional()
  @IsString()
  STANCE_MODEL_API_KEY?: string;

  // Checker workflow
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(86400)
  TASK_LEASE_SECONDS = 900;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  TASK_SWEEP_SECONDS = 30;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  REVIEW_ALLOW_SELF_APPROVAL = false;

  // The console (docs/console.md)
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1440)
  SESSION_IDLE_MINUTES = 60;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(720)
  SESSION_MAX_HOURS = 12;

  @IsOptional()
  @IsIn(['auto', 'always'])
  SESSION_COOKIE_SECURE: 'auto' | 'always' = 'auto';

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  SIGN_IN_FAILURES_PER_ACCOUNT = 5;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100000)
  SIGN_IN_FAILURES_PER_ADDRESS = 30;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 30)
  INVITATION_TTL_HOURS = 168;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 7)
  PASSWORD_RESET_TTL_HOURS = 24;
}

export type AppConfig = Readonly<{
  role: 'api' | 'worker' | 'all';
  port: number;
  host: string;
  databaseUrl: string;
  redisUrl: string;
  /** A Redis Cluster: REDIS_URL names one or more of its nodes. */
  redisCluster: boolean;
  bootstrapAdminKey?: string;
  allowPrivateNetworks: boolean;
  /** Whose X-Forwarded-For to believe for the client address (Fastify's trustProxy): nobody's unless configured. */
  trustProxy: boolean | number | string[];
  logLevel: string;
  bodyLimitBytes: number;
  outbox: { pollMs: number; batchSize: number };
  /** Event jobs (the reactions to outbox events) run in parallel per worker process. */
  events: { concurrency: number; lockMs: number };
  queuePrefix: string;
  /** Connections of this process's pool: the API's, the worker's, or both for ROLE=all. */
  databasePoolSize: number;
  /** statement_timeout of the connections that serve requests (ROLE api and all); 0: none. */
  databaseStatementTimeoutMs: number;
  databasePreparedStatements: boolean;
  shutdownGraceSeconds: number;
  publicBaseUrl?: string;
  /** The desk's languages: language detection chooses among them. */
  supportedLanguages: readonly string[];
  /**
   * Per minute: perMinute and intakePerMinute per API key (perMinute 0 turns key limits off),
   * orgIntakePerMinute per organization, authFailuresPerMinute per client address (0: off).
   */
  rateLimit: { perMinute: number; intakePerMinute: number; orgIntakePerMinute: number; authFailuresPerMinute: number };
  /** /metrics needs `Bearer <metricsToken>` when set; without it, /metrics is served only when metricsPublic (404 otherwise). */
  metricsToken?: string;
  metricsPublic: boolean;
  /** Shared-state collection (SQL, Redis) runs at most once per this many seconds, whatever the scrape rate. */
  metricsCacheSeconds: number;
  workerMetricsPort?: number;
  /** The deployment operator's bull-board at /admin/queues: off without a token, read-only unless told otherwise. */
  queueDashboard: { token?: string; readOnly: boolean };
  /** An Idempotency-Key is remembered ttlHours; a worker deletes older records every purgeSeconds. */
  idempotency: { ttlHours: number; purgeSeconds: number };
  matching: { duplicateThreshold: number; similarThreshold: number };
  webhooks: {
    secretKey?: string;
    retryScheduleSeconds: number[];
    timeoutMs: number;
    concurrency: number;
    perSubscriptionConcurrency: number;
    slowDownSeconds: number;
    lockMs: number;
    reconcileSeconds: number;
  };
  research: ResearchConfig;
  tasks: { leaseSeconds: number; sweepSeconds: number; allowSelfApproval: boolean };
  /**
   * Console sessions end after sessionIdleMinutes without a request or sessionMaxHours after sign-in;
   * cookieSecure 'auto' marks the cookie Secure when the request came over HTTPS (behind a proxy:
   * TRUST_PROXY), 'always' whatever the request. Sign-in failures count per account and per address
   * over 15 minutes.
   */
  console: {
    sessionIdleMinutes: number;
    sessionMaxHours: number;
    cookieSecure: 'auto' | 'always';
    signInFailuresPerAccount: number;
    signInFailuresPerAddress: number;
    invitationTtlHours: number;
    passwordResetTtlHours: number;
  };
}>;

/** Delays before each retry of a webhook delivery (the first attempt is immediate): 5 s ... then daily, about 5 days in all. */
export const DEFAULT_WEBHOOK_RETRY_SCHEDULE = [5, 300, 1800, 7200, 18000, 36000, 36000, 86400, 86400, 86400, 86400];

export interface ResearchConfig {
  concurrency: number;
  lockMs: number;
  provider: {
    timeoutMs: number;
    timeouts: Record<string, number>;
    attempts: number;
    backoffMs: number;
    ratePerSecond: number;
  };
  archiveEnabled: boolean;
  factChecksEnabled: boolean;
  googleFactCheck: { apiKey?: string; baseUrl: string };
  mediawikiBaseUrl?: string;
  searxngBaseUrl?: string;
  stanceModel?: { url: string; kind: 'openai' | 'nli'; model: string; apiKey?: string };
}

export class ConfigError extends Error {}

/** Reads and validates the environment once. Throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const raw: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') raw[k] = v;
  const vars = plainToInstance(EnvironmentVariables, raw, { exposeDefaultValues: true });
  const errors = validateSync(vars, { skipMissingProperties: false, whitelist: false });
  if (errors.length > 0) {
    const lines = errors.map((e) => `  ${e.property}: ${Object.values(e.constraints ?? {}).join('; ') || 'invalid'}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  if (vars.REDIS_URL.includes(',') && !vars.REDIS_CLUSTER)
    throw new ConfigError(
      'Invalid configuration:\n  REDIS_URL: several nodes are only for a Redis Cluster; set REDIS_CLUSTER=true',
    );
  if (vars.REDIS_CLUSTER && !/\{[^{}]+\}/.test(vars.QUEUE_PREFIX))
    throw new ConfigError(
      "Invalid configuration:\n  QUEUE_PREFIX: on a Redis Cluster it must contain a hash tag, e.g. {corroborate}, so each queue's keys share a slot",
    );
  return Object.freeze({
    role: vars.ROLE,
    port: vars.PORT,
    host: vars.HOST,
    databaseUrl: vars.DATABASE_URL,
    redisUrl: vars.REDIS_URL,
    redisCluster: vars.REDIS_CLUSTER,
    bootstrapAdminKey: vars.BOOTSTRAP_ADMIN_KEY,
    allowPrivateNetworks: vars.ALLOW_PRIVATE_NETWORKS,
    trustProxy:
      vars.TRUST_PROXY === 'true'
        ? true
        : vars.TRUST_PROXY === 'false'
          ? false
          : /^\d+$/.test(vars.TRUST_PROXY)
            ? Number(vars.TRUST_PROXY)
            : vars.TRUST_PROXY.split(','),
    logLevel: vars.LOG_LEVEL,
    bodyLimitBytes: vars.BODY_LIMIT_BYTES,
    outbox: { pollMs: vars.OUTBOX_POLL_MS, batchSize: vars.OUTBOX_BATCH_SIZE },
    events: { concurrency: vars.EVENT_CONCURRENCY, lockMs: vars.EVENT_LOCK_MS },
    queuePrefix: vars.QUEUE_PREFIX,
    databasePoolSize:
      vars.ROLE === 'api'
        ? vars.DATABASE_POOL_SIZE
        : vars.ROLE === 'worker'
          ? vars.DATABASE_WORKER_POOL_SIZE
          : vars.DATABASE_POOL_SIZE + vars.DATABASE_WORKER_POOL_SIZE,
    databaseStatementTimeoutMs: vars.ROLE === 'worker' ? 0 : vars.DATABASE_STATEMENT_TIMEOUT_MS,
    databasePreparedStatements: vars.DATABASE_PREPARED_STATEMENTS,
    shutdownGraceSeconds: vars.SHUTDOWN_GRACE_SECONDS,
    publicBaseUrl: vars.PUBLIC_BASE_URL,
    supportedLanguages: Object.freeze(vars.SUPPORTED_LANGUAGES.split(',')),
    rateLimit: {
      perMinute: vars.RATE_LIMIT_PER_MINUTE,
      intakePerMinute: vars.RATE_LIMIT_INTAKE_PER_MINUTE,
      orgIntakePerMinute: vars.RATE_LIMIT_ORG_INTAKE_PER_MINUTE,
      authFailuresPerMinute: vars.RATE_LIMIT_AUTH_FAILURES_PER_MINUTE,
    },
    metricsToken: vars.METRICS_TOKEN,
    metricsPublic: vars.METRICS_PUBLIC,
    metricsCacheSeconds: vars.METRICS_CACHE_SECONDS,
    workerMetricsPort: vars.WORKER_METRICS_PORT,
    queueDashboard: { token: vars.QUEUE_DASHBOARD_TOKEN, readOnly: vars.QUEUE_DASHBOARD_READ_ONLY },
    idempotency: { ttlHours: vars.IDEMPOTENCY_KEY_TTL_HOURS, purgeSeconds: vars.IDEMPOTENCY_PURGE_SECONDS },
    matching: {
      duplicateThreshold: vars.MATCH_DUPLICATE_THRESHOLD,
      similarThreshold: Math.min(vars.MATCH_SIMILAR_THRESHOLD, vars.MATCH_DUPLICATE_THRESHOLD),
    },
    webhooks: {
      secretKey: vars.WEBHOOK_SECRET_KEY,
      retryScheduleSeconds: vars.WEBHOOK_RETRY_SCHEDULE
        ? vars.WEBHOOK_RETRY_SCHEDULE.split(',').map((x) => Number(x.trim()))
        : DEFAULT_WEBHOOK_RETRY_SCHEDULE,
      timeoutMs: vars.WEBHOOK_TIMEOUT_MS,
      concurrency: vars.WEBHOOK_CONCURRENCY,
      perSubscriptionConcurrency: vars.WEBHOOK_PER_SUBSCRIPTION_CONCURRENCY,
      slowDownSeconds: vars.WEBHOOK_SLOW_DOWN_SECONDS,
      lockMs: vars.WEBHOOK_LOCK_MS,
      reconcileSeconds: vars.WEBHOOK_RECONCILE_SECONDS,
    },
    research: {
      concurrency: vars.RESEARCH_CONCURRENCY,
      lockMs: vars.RESEARCH_LOCK_MS,
      provider: {
        timeoutMs: vars.PROVIDER_TIMEOUT_MS,
        timeouts: Object.fromEntries(
          (vars.PROVIDER_TIMEOUTS ?? '')
            .split(',')
            .filter(Boolean)
            .map((kv) => [kv.split('=')[0], Number(kv.split('=')[1])]),
        ),
        attempts: vars.PROVIDER_ATTEMPTS,
        backoffMs: vars.PROVIDER_BACKOFF_MS,
        ratePerSecond: vars.PROVIDER_RATE_PER_SECOND,
      },
      archiveEnabled: vars.ARCHIVE_PROVIDER_ENABLED,
      factChecksEnabled: vars.FACTCHECKS_PROVIDER_ENABLED,
      googleFactCheck: { apiKey: vars.GOOGLE_FACTCHECK_API_KEY, baseUrl: vars.GOOGLE_FACTCHECK_BASE_URL },
      mediawikiBaseUrl: vars.MEDIAWIKI_BASE_URL,
      searxngBaseUrl: vars.SEARXNG_BASE_URL,
      stanceModel: vars.STANCE_MODEL_URL
        ? {
            url: vars.STANCE_MODEL_URL,
            kind: vars.STANCE_MODEL_KIND,
            model: vars.STANCE_MODEL_NAME,
            apiKey: vars.STANCE_MODEL_API_KEY,
          }
        : undefined,
    },
    tasks: {
      leaseSeconds: vars.TASK_LEASE_SECONDS,
      sweepSeconds: vars.TASK_SWEEP_SECONDS,
      allowSelfApproval: vars.REVIEW_ALLOW_SELF_APPROVAL,
    },
    console: {
      sessionIdleMinutes: vars.SESSION_IDLE_MINUTES,
      sessionMaxHours: vars.SESSION_MAX_HOURS,
      cookieSecure: vars.SESSION_COOKIE_SECURE,
      signInFailuresPerAccount: vars.SIGN_IN_FAILURES_PER_ACCOUNT,
      signInFailuresPerAddress: vars.SIGN_IN_FAILURES_PER_ADDRESS,
      invitationTtlHours: vars.INVITATION_TTL_HOURS,
      passwordResetTtlHours: vars.PASSWORD_RESET_TTL_HOURS,
    },
  });
}

/** Injection token for the typed config. */
export const APP_CONFIG = Symbol('APP_CONFIG');
