import { createServer, Server } from 'node:http';
import type { LookupAddress } from 'node:dns';
import { forbiddenReason } from './address-policy';
import { SafeHttpClient, SsrfError } from './safe-http';

// A resolver with fixed answers, standing in for DNS records an attacker controls.
const RECORDS: Record<string, LookupAddress[]> = {
  'loopback.test.example': [{ address: '127.0.0.1', family: 4 }],
  'private.test.example': [{ address: '10.0.0.7', family: 4 }],
  'metadata.test.example': [{ address: '169.254.169.254', family: 4 }],
  'cgnat.test.example': [{ address: '100.64.1.1', family: 4 }],
  'ula.test.example': [{ address: 'fd12:3456::1', family: 6 }],
  'v6loop.test.example': [{ address: '::1', family: 6 }],
  'mapped.test.example': [{ address: '::ffff:127.0.0.1', family: 6 }],
  'mixed.test.example': [
    { address: '93.184.216.34', family: 4 },
    { address: '192.168.1.1', family: 4 },
  ],
  // Every other class of the webhooks issue's table, through a hostname.
  'private172.test.example': [{ address: '172.16.5.4', family: 4 }],
  'private192.test.example': [{ address: '192.168.0.1', family: 4 }],
  'linklocal6.test.example': [{ address: 'fe80::1', family: 6 }],
  'ula-fc.test.example': [{ address: 'fc00::1', family: 6 }],
  'mapped-private.test.example': [{ address: '::ffff:10.0.0.1', family: 6 }],
  'zero.test.example': [{ address: '0.0.0.0', family: 4 }],
  'unspecified6.test.example': [{ address: '::', family: 6 }],
  'multicast.test.example': [{ address: '224.0.0.1', family: 4 }],
  'multicast6.test.example': [{ address: 'ff02::1', family: 6 }],
  'reserved.test.example': [{ address: '240.0.0.1', family: 4 }],
  'broadcast.test.example': [{ address: '255.255.255.255', family: 4 }],
  // IPv4-compatible IPv6 as getaddrinfo prints it, pointing at loopback and at a public IPv4 address.
  'compat.test.example': [{ address: '::127.0.0.1', family: 6 }],
  'compat-public.test.example': [{ address: '::93.184.216.34', family: 6 }],
  'nat64-private.test.example': [{ address: '64:ff9b::10.0.0.1', family: 6 }],
  'teredo.test.example': [{ address: '2001:0:4136:e378:8000:63bf:3fff:fdd2', family: 6 }],
};
const fakeLookup = ((host: string, _opts: unknown, cb: (err: Error | null, a: LookupAddress[]) => void) => {
  const r = RECORDS[host];
  if (r) cb(null, r);
  else cb(Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' }), []);
}) as never;

describe('address policy', () => {
  it.each([
    '127.0.0.1',
    '127.1.2.3',
    '10.0.0.1',
    '172.16.5.4',
    '192.168.0.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '240.0.0.1',
    '::1',
    '::',
    'fe80::1',
    'fc00::1',
    'fd00::2',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
    'ff02::1',
    '192.0.2.1',
    '2001:db8::1',
  ])('refuses %s', (ip) => {
    expect(forbiddenReason(ip)).not.toBeNull();
  });

  it.each(['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:93.184.216.34'])('allows %s', (ip) => {
    expect(forbiddenReason(ip)).toBeNull();
  });
});

describe('SafeHttpClient', () => {
  const strict = new SafeHttpClient(false, { lookup: fakeLookup });
  afterAll(() => strict.close());

  it.each([
    'http://127.0.0.1/',
    'http://10.0.0.1/',
    'http://169.254.169.254/latest/meta-data',
    'http://[::1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://[fe80::1]/',
    'http://100.64.0.1/',
    'http://0.0.0.0/',
    'http://localhost/',
    'http://intranet/',
    'ftp://93.184.216.34/',
    'http://user:pw@93.184.216.34/',
    'http://172.16.0.1/',
    'http://192.168.0.1/',
    'http://[fc00::1]/',
    'http://[fd00::2]/',
    'http://[::ffff:10.0.0.1]/',
    'http://[::]/',
    'http://224.0.0.1/',
    'http://[ff02::1]/',
    'http://240.0.0.1/',
    'http://255.255.255.255/',
    'http://[::127.0.0.1]/',
    'https://[::7f00:1]/',
    'http://[0:0:0:0:0:0:127.0.0.1]/',
    'http://[::10.0.0.1]/',
    'http://[64:ff9b::127.0.0.1]/',
    'http://[2002:7f00:1::1]/',
    'http://[fec0::1]/',
    'http://[100::1]/',
  ])('refuses the URL %s before connecting', async (url) => {
    await expect(strict.request(url)).rejects.toBeInstanceOf(SsrfError);
  });

  it.each(Object.keys(RECORDS))(
    'refuses the host %s, which resolves to a forbidden address, at connection time',
    async (host) => {
      await expect(strict.request(`http://${host}:1/`, { timeoutMs: 2000 })).rejects.toBeInstanceOf(SsrfError);
      await expect(strict.checkResolves(`https://${host}/`)).rejects.toBeInstanceOf(SsrfError);
    },
  );

  describe('with private networks allowed (tests, development)', () => {
    let server: Server;
    let base: string;
    const open = new SafeHttpClient(true);
    beforeAll(async () => {
      server = createServer((req, res) => {
        if (req.url === '/redirect') return res.writeHead(302, { location: 'http://127.0.0.1:1/' }).end();
        if (req.url === '/big') return res.end('x'.repeat(10_000));
        if (req.url === '/slow') return void setTimeout(() => res.end('late'), 3000).unref();
        res.end('ok');
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    });
    afterAll(async () => {
      await open.close();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    });

    it('reaches loopback and returns the body', async () => {
      const res = await open.request(`${base}/`);
      expect(res.status).toBe(200);
      expect(res.body.toString()).toBe('ok');
    });

    it('does not follow redirects', async () => {
      const res = await open.request(`${base}/redirect`);
      expect(res.status).toBe(302);
    });

    it('cuts the body at maxBytes', async () => {
      const res = await open.request(`${base}/big`, { maxBytes: 100 });
      expect(res.body.length).toBe(100);
      expect(res.truncated).toBe(true);
    });

    it('times out', async () => {
      await expect(open.request(`${base}/slow`, { timeoutMs: 300 })).rejects.toMatchObject({ code: 'TIMEOUT' });
    });
  });
});
