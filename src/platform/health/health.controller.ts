import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { ProblemView } from '../api/problems';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../tenancy/principal';
import { RedisHealthIndicator } from './redis.health';
import { HealthView, LiveView } from './health.view';

/** Per dependency: { status: up | down, … } (@nestjs/terminus). */
const DEPENDENCIES = { type: 'object' as const, additionalProperties: true };

@ApiTags('health')
@Controller('health')
@Public()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
  ) {}

  /** The process is up. */
  @Get('live')
  @ApiOkResponse({ type: LiveView })
  live(): LiveView {
    return { status: 'ok' };
  }

  /** Postgres and Redis answer: 200, or 503 naming what is down. */
  @Get('ready')
  @HealthCheck({ swaggerDocumentation: false })
  @ApiOkResponse({ type: HealthView, description: 'Every dependency is up' })
  @ApiResponse({
    status: 503,
    description: 'A dependency is down: a problem whose details name it',
    content: {
      'application/problem+json': {
        schema: {
          allOf: [
            { $ref: getSchemaPath(ProblemView) },
            { type: 'object', properties: { info: DEPENDENCIES, error: DEPENDENCIES, details: DEPENDENCIES } },
          ],
        },
      },
    },
  })
  ready() {
    return this.health.check([() => this.db.pingCheck('database', { timeout: 1500 }), () => this.redis.check('redis')]);
  }
}
