import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import { AuthModule } from './auth/auth.module';
import { APP_CONFIG, AppConfig } from './platform/config/config';
import { SafeHttpClient } from './platform/http/safe-http';
import { ConfigModule } from './platform/config/config.module';
import { dataSourceOptions } from './schema/data-source';
import { usePreparedStatements } from './platform/database/prepared';
import { OrganizationsModule } from './organizations/organizations.module';
import { OutboxModule } from './platform/outbox/outbox.module';
import { MetricsModule } from './platform/metrics/metrics.module';
import { QueueModule } from './platform/queue/queue.module';

/** Redacted wherever they appear in a log line. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["idempotency-key"]',
  '*.secret',
  '*.key',
  '*.password',
  'secret',
  'key',
];

/** What every process shares: config, logging, database, queues, auth storage. */
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig): DynamicModule {
    usePreparedStatements(config.databasePreparedStatements);
    return {
      module: CoreModule,
      global: true,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            redact: { paths: REDACT_PATHS, censor: '[redacted]' },
            genReqId: (req, res) => {
              const given = req.headers['x-request-id'];
              const id = typeof given === 'string' && /^[\w.-]{1,128}$/.test(given) ? given : randomUUID();
              res.setHeader('x-request-id', id);
              return id;
            },
            autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/health') },
          },
        }),
        TypeOrmModule.forRoot({
          ...dataSourceOptions(config.databaseUrl, config.databasePoolSize, config.databaseStatementTimeoutMs),
          retryAttempts: 3,
          retryDelay: 1000,
        }),
        QueueModule,
        AuthModule,
        OrganizationsModule,
        OutboxModule,
        MetricsModule,
      ],
      providers: [
        {
          provide: SafeHttpClient,
          inject: [APP_CONFIG],
          useFactory: (c: AppConfig) => new SafeHttpClient(c.allowPrivateNetworks),
        },
      ],
      exports: [SafeHttpClient, ConfigModule, QueueModule, AuthModule, OrganizationsModule, OutboxModule],
    };
  }
}
