import { join } from 'node:path';
import { DataSource, DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { ListenedClient } from '../platform/database/listened-client';
import { SnakeNamingStrategy } from '../platform/database/snake-naming.strategy';

/**
 * Options shared by the service and the migration CLI. Migrations are never run by `synchronize`.
 * statementTimeoutMs (0: none) bounds every statement on the pool's connections.
 */
export function dataSourceOptions(url: string, poolSize = 10, statementTimeoutMs = 0): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: [join(__dirname, '..', '..', 'migrations', '*.{js,ts}')],
    migrationsTableName: 'migrations',
    namingStrategy: new SnakeNamingStrategy(),
    uuidExtension: 'pgcrypto',
    synchronize: false,
    migrationsRun: false,
    logging: ['error'],
    extra: {
      // pg-pool builds its clients with this class (see ListenedClient: no unhandled 'error' ends the process).
      Client: ListenedClient,
      max: poolSize,
      connectionTimeoutMillis: 5000,
      application_name: 'corroborate',
      ...(statementTimeoutMs > 0 ? { statement_timeout: statementTimeoutMs } : {}),
    },
  };
}

export const createDataSource = (url: string, poolSize?: number) => new DataSource(dataSourceOptions(url, poolSize));
