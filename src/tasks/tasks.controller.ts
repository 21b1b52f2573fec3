import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal, Roles } from '../platform/tenancy/principal';
import type { Principal } from '../platform/tenancy/principal';
import { CompleteTaskDto, LeaseDto, ListTasksQuery, NextTaskDto, ReleaseDto } from './dto/task.dto';
import { CompletedTaskView, taskView, TaskView } from './task.view';
import { TasksService } from './tasks.service';
import { PageOf } from '../platform/api/page';
import { ApiProblem } from '../platform/api/problems';
import { Authenticated } from '../platform/api/problems';

@ApiTags('tasks')
@Authenticated()
@Roles('checker')
@Controller('v1/tasks')
export class TasksController {
  constructor(private readonly service: TasksService) {}

  @Post('next')
  @HttpCode(200)
  @ApiOperation({ summary: 'Claim the best open task (priority, then age) for the caller' })
  @ApiOkResponse({ type: TaskView, description: 'The claimed task with leaseToken and leaseExpiresAt' })
  @ApiNoContentResponse({ description: 'No task is waiting' })
  async next(
    @CurrentPrincipal() p: Principal,
    @Body() body: NextTaskDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const task = await this.service.next(p, body ?? {});
    if (!task) {
      reply.status(204);
      return undefined;
    }
    return taskView(task, true);
  }

  @Get()
  @ApiOperation({ summary: 'List tasks' })
  @ApiOkResponse({ type: PageOf(TaskView) })
  list(@CurrentPrincipal() p: Principal, @Query() q: ListTasksQuery) {
    return this.service.list(p, q);
  }

  @Post(':id/claim')
  @HttpCode(200)
  @ApiOperation({ summary: 'Claim this task (409 when taken)' })
  @ApiOkResponse({ type: TaskView, description: 'The task, held by the caller, with leaseToken' })
  @ApiProblem(409, 'The task is held by someone else, or done')
  async claim(@CurrentPrincipal() p: Principal, @Param('id', new ParseUUIDPipe()) id: string) {
    return taskView(await this.service.claim(p, id), true);
  }

  @Post(':id/heartbeat')
  @HttpCode(200)
  @ApiOperation({ summary: 'Extend the lease (409 when lost)' })
  @ApiOkResponse({ type: TaskView, description: 'The task with its extended lease' })
  @ApiProblem(409, 'The lease was lost (expired, released or taken)')
  async heartbeat(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: LeaseDto,
  ) {
    return taskView(await this.service.heartbeat(p, id, body.leaseToken), true);
  }

  @Post(':id/release')
  @HttpCode(200)
  @ApiOperation({ summary: 'Give the task back to the pool' })
  @ApiOkResponse({ type: TaskView, description: 'The task, open again' })
  @ApiProblem(409, 'The lease was lost (expired, released or taken)')
  async release(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: ReleaseDto,
  ) {
    return taskView(await this.service.release(p, id, body.leaseToken, body.note ?? null));
  }

  @Post(':id/complete')
  @HttpCode(200)
  @ApiOperation({ summary: 'Complete: a check with a verdict draft, a review with approve or reject' })
  @ApiOkResponse({ type: CompletedTaskView })
  @ApiProblem(409, 'The lease was lost, or the verdict under review is no longer a draft')
  async complete(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: CompleteTaskDto,
  ): Promise<CompletedTaskView> {
    const r = await this.service.complete(p, id, body);
    return { ...taskView(r.task), verdictId: r.verdictId, nextTaskId: r.nextTaskId };
  }
}
