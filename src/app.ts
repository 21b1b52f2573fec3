import { INestApplicationContext } from '@nestjs/common';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { mountQueueDashboard } from './platform/queue/queue-dashboard';
import { AppModule } from './app.module';
import { applyExamples, ExampleBook, recordExamples } from './platform/api/openapi-examples';
import { AppConfig } from './platform/config/config';
import { metricsAccess } from './platform/metrics/metrics-access';
import { MetricsService } from './platform/metrics/metrics.service';
import { frameworkErrors } from './platform/api/framework-errors';
import { declareInputErrors, ProblemView } from './platform/api/problems';
import { withTimeout } from './platform/with-timeout';
import { toOpenApi31 } from './platform/api/openapi-31';
import { setServedDocument } from './platform/api/openapi-document';
import { describeDocument } from './platform/api/openapi-descriptions';
import { WEBHOOK_EVENT_MODELS, WEBHOOK_HEADERS, webhooksSection } from './webhooks/webhook-events';
import { installConsoleHttp } from './console/console-http';

export interface Running {
  app: INestApplicationContext;
  /** Base URL of the HTTP server, when this process serves the API. */
  url?: string;
  /**
   * Graceful stop (HTTP drains, workers finish active jobs, connections close), rejected after
   * SHUTDOWN_GRACE_SECONDS: with PostgreSQL or Redis gone, BullMQ and ioredis wait for a reconnect
   * that never comes, so the caller exits anyway.
   */
  close(): Promise<void>;
}

function boundedClose(config: AppConfig, close: () => Promise<void>): () => Promise<void> {
  const s = config.shutdownGraceSeconds;
  return () =>
    withTimeout(
      close(),
      s * 1000,
      () =>
        new Error(`Shutdown did not finish within SHUTDOWN_GRACE_SECONDS (${s}s); is PostgreSQL or Redis unreachable?`),
    );
}

export function openApiDocument(app: NestFastifyApplication) {
  const config = new DocumentBuilder()
    .setTitle('Corroborate API')
    .setDescription(
      'Fact-check workflow: submit claims, research evidence, check, review, publish ClaimReview, receive signed webhooks.',
    )
    .setVersion('1')
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'cbk_ API key (opaque)',
      description: 'An API key: Authorization: Bearer cbk_...',
    })
    .addServer('/', 'This server')
    .setLicense('MIT', 'https://opensource.org/licenses/MIT')
    .build();
  // The contact is the operator's, not the service's (docs/api.md, lint).
  delete config.info.contact;
  const document = SwaggerModule.createDocument(app, config, { extraModels: [ProblemView, ...WEBHOOK_EVENT_MODELS] });
  document.webhooks = webhooksSection() as OpenAPIObject['webhooks'];
  document.components!.parameters = { ...document.components!.parameters, ...WEBHOOK_HEADERS } as NonNullable<
    OpenAPIObject['components']
  >['parameters'];
  declareInputErrors(document);
  applyExamples(document);
  for (const ops of Object.values(document.paths)) {
    for (const op of Object.values(ops) as { summary?: string; operationId?: string; security?: unknown[] }[]) {
      if (typeof op !== 'object' || !op.operationId) continue;
      // Routes without @ApiOperation get a summary from their handler name ("ClaimsController_submitBatch" → "Claims: submit batch").
      if (!op.summary) {
        const [ctrl, handler] = op.operationId.split('_');
        op.summary = `${ctrl.replace(/Controller$/, '')}: ${handler.replace(/([A-Z])/g, ' $1').toLowerCase()}`;
      }
      // Public routes (health) say so explicitly.
      op.security ??= [];
    }
  }
  describeDocument(document as unknown as Parameters<typeof describeDocument>[0]);
  return toOpenApi31(document);
}

function serveMetrics(metrics: MetricsService, config: AppConfig): Promise<Server> {
  const server = createServer((req, res) => {
    const access = metricsAccess(config, req.headers.authorization);
    if (req.url !== '/metrics' || req.method !== 'GET' || access === 'disabled') return void res.writeHead(404).end();
    if (access === 'unauthorized') return void res.writeHead(401).end();
    metrics.render().then(
      (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
      () => res.writeHead(500).end(),
    );
  });
  return new Promise((resolve) => server.listen(config.workerMetricsPort, config.host, () => resolve(server)));
}

/** Builds the process for config.role and starts it (HTTP listening when the role has the API). */
export async function startApp(
  config: AppConfig,
  opts: { logger?: boolean; recordExamples?: ExampleBook } = {},
): Promise<Running> {
  const withApi = config.role !== 'worker';
  if (!withApi) {
    const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), {
      bufferLogs: opts.logger !== false,
      logger: opts.logger === false ? false : undefined,
    });
    if (opts.logger !== false) app.useLogger(app.get(Logger));
    await app.init();
    // A worker serves no API, but its job metrics are scraped from WORKER_METRICS_PORT when set.
    const metricsServer =
      config.workerMetricsPort === undefined ? undefined : await serveMetrics(app.get(MetricsService), config);
    return {
      app,
      url: metricsServer ? `http://127.0.0.1:${(metricsServer.address() as AddressInfo).port}` : undefined,
      close: boundedClose(config, async () => {
        metricsServer?.close();
        await app.close();
      }),
    };
  }
  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    return503OnClosing: true,
    frameworkErrors,
  });
  const fastify = adapter.getInstance();
  // JSON only: text/plain (Fastify's other default) and anything else is answered 415.
  fastify.removeContentTypeParser('text/plain');
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    bufferLogs: opts.logger !== false,
    logger: opts.logger === false ? false : undefined,
    bodyParser: false,
  });
  // The console's form bodies (on /console only) and security headers.
  await installConsoleHttp(fastify);
  if (opts.logger !== false) app.useLogger(app.get(Logger));
  if (opts.recordExamples) recordExamples(fastify, opts.recordExamples);
  const metrics = app.get(MetricsService);
  fastify.addHook('onResponse', (req, reply, done) => {
    const labels = {
      method: req.method,
      route: req.routeOptions?.url ?? 'unmatched',
      status: String(reply.statusCode),
    };
    metrics.httpRequests.inc(labels);
    metrics.httpDuration.observe(labels, reply.elapsedTime / 1000);
    done();
  });
  await mountQueueDashboard(app, config);
  const document = openApiDocument(app);
  setServedDocument(document);
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs/openapi.json',
    yamlDocumentUrl: 'docs/openapi.yaml',
  });
  await app.listen({ port: config.port, host: config.host });
  const address = fastify.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  return { app, url: `http://127.0.0.1:${port}`, close: boundedClose(config, () => app.close()) };
}
