import { once } from 'node:events';
import { AddressInfo, createConnection, createServer, Server, Socket } from 'node:net';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/schema/data-source';

/**
 * PostgreSQL ends a connection the moment the pool hands it over (what a shutdown or a restart does to a
 * connection that has just opened): the service must fail that query with an error, and live on. A TCP proxy
 * in front of the test's real PostgreSQL forwards everything; from its second connection on, it appends to
 * the server's first ReadyForQuery, in the same write, the FATAL 57P01 PostgreSQL sends at a shutdown, then
 * closes. Without ListenedClient, pg emitted that error while no one listened, and the test process died of
 * it (the CI failure of the PostgreSQL-restart drill, seen once in its worker).
 */
describe('PostgreSQL ends a connection as it is handed over (integration)', () => {
  let proxy: Server;
  let ds: DataSource;
  let connections = 0;
  let injected = 0;
  let armed = true;
  const sockets = new Set<Socket>();

  /** ErrorResponse as PostgreSQL writes it at `pg_ctl stop -m fast`. */
  const fatal57P01 = (() => {
    const fields = Buffer.concat([
      ...[
        ['S', 'FATAL'],
        ['V', 'FATAL'],
        ['C', '57P01'],
        ['M', 'terminating connection due to administrator command'],
      ].map(([k, v]) => Buffer.from(`${k}${v}\0`)),
      Buffer.from([0]),
    ]);
    const head = Buffer.alloc(5);
    head.write('E', 0);
    head.writeInt32BE(fields.length + 4, 1);
    return Buffer.concat([head, fields]);
  })();

  beforeAll(async () => {
    const target = new URL(process.env.DATABASE_URL!);
    proxy = createServer((client) => {
      const n = ++connections;
      const server = createConnection(Number(target.port), target.hostname);
      sockets.add(client).add(server);
      client.on('error', () => server.destroy());
      server.on('error', () => client.destroy());
      client.on('close', () => server.destroy());
      server.on('close', () => client.destroy());
      client.pipe(server);
      const inject = armed && n >= 2;
      let pending = Buffer.alloc(0);
      let done = false;
      // Server messages are a type byte and a 4-byte length (which counts itself); forwarded whole.
      server.on('data', (chunk: Buffer) => {
        if (!inject || done) return void client.write(chunk);
        pending = Buffer.concat([pending, chunk]);
        let at = 0;
        while (pending.length - at >= 5 && pending.length - at >= 1 + pending.readInt32BE(at + 1)) {
          const end = at + 1 + pending.readInt32BE(at + 1);
          if (String.fromCharCode(pending[at]) === 'Z') {
            done = true;
            injected++;
            client.end(Buffer.concat([pending.subarray(0, end), fatal57P01]));
            server.destroy();
            return;
          }
          at = end;
        }
        // Authentication goes back and forth before ReadyForQuery: forward the whole messages read so far.
        client.write(pending.subarray(0, at));
        pending = pending.subarray(at);
      });
    });
    proxy.listen(0, '127.0.0.1');
    await once(proxy, 'listening');
    const url = new URL(process.env.DATABASE_URL!);
    url.host = `127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    ds = new DataSource(dataSourceOptions(url.toString(), 4));
    await ds.initialize();
  });

  afterAll(async () => {
    await ds?.destroy();
    for (const s of sockets) s.destroy();
    proxy?.close();
  });

  it('fails the query that got the ended connection, and the next query is served', async () => {
    const before = connections;
    // The pool holds one idle connection (initialize's): the second query needs a new one.
    const [slow, fresh] = await Promise.allSettled([ds.query('SELECT pg_sleep(0.3)'), ds.query('SELECT 1 AS one')]);
    expect(connections).toBeGreaterThan(before);
    expect(injected).toBe(1);
    expect(slow.status).toBe('fulfilled');
    expect(fresh.status).toBe('rejected');
    expect(String((fresh as PromiseRejectedResult).reason)).toMatch(/not queryable|terminat/);

    armed = false;
    await expect(ds.query('SELECT 1 AS one')).resolves.toEqual([{ one: 1 }]);
    await expect(Promise.all([1, 2, 3].map(() => ds.query('SELECT pg_sleep(0.05)')))).resolves.toHaveLength(3);
  });
});
