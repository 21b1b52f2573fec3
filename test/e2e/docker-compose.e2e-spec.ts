import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/** No Docker engine runs here: the compose file and Dockerfile are checked by reading them. */
describe('docker-compose.yml and Dockerfile', () => {
  const root = join(__dirname, '..', '..');
  const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true });
  const services = compose.services;

  it('has postgres, redis, a one-shot migrate, api and worker', () => {
    expect(Object.keys(services).sort()).toEqual(['api', 'migrate', 'postgres', 'redis', 'worker']);
    expect(services.migrate.restart).toBe('no');
    expect(services.migrate.command.join(' ')).toContain('migration-cli.js run');
  });

  it('runs Redis with noeviction and AOF on a volume', () => {
    const cmd = services.redis.command.join(' ');
    expect(cmd).toMatch(/--maxmemory-policy noeviction/);
    expect(cmd).toMatch(/--appendonly yes/);
    expect(services.redis.volumes.some((v: string) => v.endsWith(':/data'))).toBe(true);
    expect(Object.keys(compose.volumes)).toEqual(expect.arrayContaining(['pgdata', 'redisdata']));
  });

  it('api and worker use the same image, the right roles, health checks and restart policies', () => {
    const { api, worker, migrate } = services;
    expect(api.image).toBe(worker.image);
    expect(migrate.image).toBe(api.image);
    expect(migrate.build).toBeDefined();
    expect(api.environment.ROLE).toBe('api');
    expect(worker.environment.ROLE).toBe('worker');
    // Passed through, so that a deployment sets it without editing the file (the API warns without it).
    expect(api.environment.PUBLIC_BASE_URL).toBe('${PUBLIC_BASE_URL:-}');
    for (const s of [api, worker, services.postgres, services.redis]) {
      expect(s.healthcheck?.test).toBeDefined();
      expect(s.restart).toBe('unless-stopped');
    }
    expect(api.healthcheck.test.join(' ')).toContain('/health/ready');
    expect(worker.healthcheck.test.join(' ')).toContain('probe.js');
    // workers can scale: no fixed container name or host port
    expect(worker.container_name).toBeUndefined();
    expect(worker.ports).toBeUndefined();
    for (const s of [api, worker]) {
      expect(s.depends_on.migrate.condition).toBe('service_completed_successfully');
      expect(s.environment.DATABASE_URL).toMatch(/^postgres:\/\/.+@postgres:5432\//);
      expect(s.environment.REDIS_URL).toBe('redis://redis:6379');
    }
  });

  it('the Dockerfile is multi-stage, installs production dependencies only and runs as a non-root user', () => {
    const df = readFileSync(join(root, 'Dockerfile'), 'utf8');
    expect((df.match(/^FROM /gm) ?? []).length).toBeGreaterThanOrEqual(2);
    expect(df).toMatch(/npm ci[^\n]*--omit=dev/);
    expect(df).toMatch(/^USER node$/m);
    expect(df).toMatch(/CMD \["node", "dist\/src\/main.js"\]/);
  });
});
