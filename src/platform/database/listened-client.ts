import { Logger } from '@nestjs/common';
import { Client, ClientConfig } from 'pg';

const logger = new Logger('PostgreSQL');

/**
 * The pg Client of every pool of the service: it listens for 'error' from its construction on.
 *
 * pg emits 'error' on a client that runs no query when PostgreSQL ends its connection (FATAL 57P01 at a
 * shutdown or a restart, a terminated backend, a reset socket), and Node throws an 'error' nobody listens
 * to, which ends the process. The pool listens while the client is idle in it, TypeORM's query runner
 * while it holds it, and between the two nothing does: the pool hands a new client over from inside the
 * socket read that brought its ReadyForQuery, and when PostgreSQL is shutting down the same read can carry
 * the FATAL that follows, while TypeORM attaches its listener only a few promise turns later. (Seen in CI:
 * the PostgreSQL-restart drill's worker died with an unhandled 57P01.) Here the error is logged; pg has
 * already marked the client not queryable, so its next query fails with an error and the pool discards it
 * on release.
 */
export class ListenedClient extends Client {
  constructor(config?: string | ClientConfig) {
    super(config);
    // The message and code only: the error of a connection never carries its password, but its config would.
    this.on('error', (err: Error & { code?: string }) =>
      logger.warn(`connection lost${err.code ? ` (${err.code})` : ''}: ${err.message}`),
    );
  }
}
