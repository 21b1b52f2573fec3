import { lookup as dnsLookup, LookupAddress } from 'node:dns';
import { Agent, errors as undiciErrors, request } from 'undici';
import { forbiddenReason, isIpLiteral } from './address-policy';

/** Outbound request refused because of where it would go. */
export class SsrfError extends Error {
  readonly code = 'SSRF_REFUSED';
}

export interface SafeRequest {
  method?: 'GET' | 'POST' | 'HEAD';
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Whole request deadline (connect, headers and body). */
  timeoutMs?: number;
  /** Bytes of body kept; the rest is not read. */
  maxBytes?: number;
}

export interface SafeResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  truncated: boolean;
  latencyMs: number;
}

type LookupCb = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * The one HTTP client for outbound calls (webhooks, evidence providers). It resolves the host
 * itself, refuses the request when any resolved address is not public (unless private networks
 * are allowed), and connects to the address it checked, so a DNS answer cannot change between
 * check and connection. Redirects are never followed (a 3xx is returned as is). Responses are
 * cut at maxBytes and the whole exchange at timeoutMs. Connections are kept alive and reused.
 */
export class SafeHttpClient {
  readonly agent: Agent;

  constructor(
    private readonly allowPrivateNetworks: boolean,
    opts: { connections?: number; userAgent?: string; lookup?: typeof dnsLookup } = {},
  ) {
    const allowPrivate = allowPrivateNetworks;
    const resolve = (this.lookup = opts.lookup ?? dnsLookup);
    const safeLookup = (hostname: string, options: object, cb: LookupCb) => {
      resolve(hostname, { all: true, verbatim: true }, (err, addresses) => {
        if (err) return cb(err, []);
        const list = addresses as LookupAddress[];
        if (!list.length) return cb(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), []);
        if (!allowPrivate) {
          for (const a of list) {
            const reason = forbiddenReason(a.address);
            if (reason) return cb(new SsrfError(`Refused: ${hostname} resolves to ${reason}`), []);
          }
        }
        const wantsAll = (options as { all?: boolean }).all;
        return wantsAll ? cb(null, [list[0]]) : cb(null, list[0].address, list[0].family);
      });
    };
    this.agent = new Agent({
      connections: opts.connections ?? 64,
      keepAliveTimeout: 30_000,
      connect: { lookup: safeLookup as never, timeout: 10_000 },
    });
    this.userAgent = opts.userAgent ?? 'Corroborate/0.1 (+https://github.com/corroborate)';
  }

  private readonly userAgent: string;
  private readonly lookup: typeof dnsLookup;

  /** Throws SsrfError when the URL itself is not acceptable (scheme, credentials, literal address). */
  checkUrl(raw: string, opts: { requireHttps?: boolean } = {}): URL {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new SsrfError('Not a valid URL');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      throw new SsrfError('Only http and https URLs are allowed');
    if (opts.requireHttps && url.protocol !== 'https:' && !this.allowPrivateNetworks)
      throw new SsrfError('Only https URLs are allowed');
    if (url.username || url.password) throw new SsrfError('URLs with credentials are not allowed');
    if (!this.allowPrivateNetworks) {
      const host = url.hostname.replace(/^\[|\]$/g, '');
      if (isIpLiteral(host)) {
        const reason = forbiddenReason(host);
        if (reason) throw new SsrfError(`Refused: ${reason}`);
      } else if (host === 'localhost' || host.endsWith('.localhost') || !host.includes('.')) {
        throw new SsrfError(`Refused: ${host} is a local name`);
      }
    }
    return url;
  }

  /** Resolves a host name now and refuses it if it points at a forbidden address (subscription-time check). */
  async checkResolves(raw: string): Promise<void> {
    const url = this.checkUrl(raw);
    if (this.allowPrivateNetworks || isIpLiteral(url.hostname.replace(/^\[|\]$/g, ''))) return;
    const addresses = await new Promise<LookupAddress[]>((resolve, reject) =>
      this.lookup(url.hostname, { all: true, verbatim: true }, (err, list) =>
        err ? reject(new SsrfError(`${url.hostname} does not resolve`)) : resolve(list as LookupAddress[]),
      ),
    );
    for (const a of addresses) {
      const reason = forbiddenReason(a.address);
      if (reason) throw new SsrfError(`Refused: ${url.hostname} resolves to ${reason}`);
    }
  }

  async request(raw: string, req: SafeRequest = {}): Promise<SafeResponse> {
    const url = this.checkUrl(raw);
    const maxBytes = req.maxBytes ?? 1024 * 1024;
    const timeoutMs = req.timeoutMs ?? 15_000;
    const started = performance.now();
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      const res = await request(url, {
        method: req.method ?? 'GET',
        headers: { 'user-agent': this.userAgent, ...req.headers },
        body: req.body,
        dispatcher: this.agent,
        signal,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      const chunks: Buffer[] = [];
      let size = 0;
      let truncated = false;
      for await (const chunk of res.body) {
        const buf = chunk as Buffer;
        if (size + buf.length > maxBytes) {
          chunks.push(buf.subarray(0, maxBytes - size));
          size = maxBytes;
          truncated = true;
          res.body.destroy();
          break;
        }
        chunks.push(buf);
        size += buf.length;
      }
      return {
        status: res.statusCode,
        headers: res.headers,
        body: Buffer.concat(chunks),
        truncated,
        latencyMs: Math.round(performance.now() - started),
      };
    } catch (err) {
      if (
        signal.aborted ||
        err instanceof undiciErrors.HeadersTimeoutError ||
        err instanceof undiciErrors.BodyTimeoutError
      ) {
        throw Object.assign(new Error(`Timed out after ${timeoutMs} ms`), { code: 'TIMEOUT' });
      }
      const cause = (err as { cause?: unknown }).cause;
      if (cause instanceof SsrfError) throw cause;
      throw err;
    }
  }

  close(): Promise<void> {
    return this.agent.close();
  }

  /** Nest lifecycle: close pooled connections on shutdown. */
  onApplicationShutdown(): Promise<void> {
    return this.close();
  }
}
