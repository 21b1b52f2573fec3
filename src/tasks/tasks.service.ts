import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '../platform/tenancy/principal';
import { roleAllows } from '../platform/tenancy/principal';
import type { Claim } from '../claims/claim.entity';
import { ClaimLifecycle } from '../claims/lifecycle/claim-lifecycle';
import type { FieldError } from '../platform/api/problem';
import { Problem } from '../platform/api/problem';
import { validateDto } from '../platform/api/validation';
import { APP_CONFIG, type AppConfig } from '../platform/config/config';
import { VerdictContentDto } from '../verdicts/dto/verdict-content.dto';
import { VerdictsRepository } from '../verdicts/verdicts.repository';
import { VerdictsService } from '../verdicts/verdicts.service';
import type { CompleteTaskDto, ListTasksQuery, NextTaskDto } from './dto/task.dto';
import { decodeCursor, type Page, toPage } from '../platform/api/pagination';
import { taskView, type TaskView } from './task.view';
import { type DraftContent, TaskLeasesRepository } from './task-leases.repository';
import type { Task, TaskKind } from './task.entity';
import { TasksRepository } from './tasks.repository';

/**
 * Claiming, heartbeats, release and completion of human tasks. The claim's status follows its
 * tasks: `in_check` while a check task is held, back to `ready_for_check` when it returns to the
 * pool, `in_review` once a draft waits for review.
 */
@Injectable()
export class TasksService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly ds: DataSource,
    private readonly leases: TaskLeasesRepository,
    private readonly verdicts: VerdictsRepository,
    private readonly verdictService: VerdictsService,
    private readonly tasks: TasksRepository,
    private readonly lifecycle: ClaimLifecycle,
  ) {}

  /** Tasks of the organization, newest first; `assignee=me`: the ones the caller holds. */
  async list(p: Principal, q: ListTasksQuery): Promise<Page<TaskView>> {
    const filters = { status: q.status, kind: q.kind, assigneeKeyId: q.assignee === 'me' ? p.keyId : undefined };
    const rows = await this.leases.list(p, filters, decodeCursor(q.cursor), q.limit);
    return toPage(rows, q.limit, (t) => taskView(t));
  }

  private kindsFor(p: Principal, asked?: TaskKind[]): TaskKind[] {
    const allowed: TaskKind[] = roleAllows(p.role, ['editor']) ? ['check', 'review'] : ['check'];
    if (!asked?.length) return allowed;
    if (asked.some((k) => !allowed.includes(k))) throw Problem.forbidden('Only editors review verdicts');
    return asked;
  }

  /** One statement: the claim of the task, the claim's status and its history row (TaskLeasesRepository.claimNext). */
  async next(p: Principal, dto: NextTaskDto): Promise<Task | null> {
    const kinds = this.kindsFor(p, dto.kinds);
    const languages = dto.languages?.length ? dto.languages : p.languages.length ? p.languages : null;
    const got = await this.leases.claimNext(
      p,
      { kinds, languages, excludeAuthorKeyId: this.config.tasks.allowSelfApproval ? null : p.keyId },
      this.config.tasks.leaseSeconds,
    );
    return got?.task ?? null;
  }

  /**
   * The checks (404, role and four-eyes for a review task) read the task without a lock; the claim
   * itself is one statement that re-checks claimability under lock (TaskLeasesRepository.claimById).
   */
  async claim(p: Principal, id: string): Promise<Task> {
    const task = await this.leases.find(p, id);
    if (!task) throw Problem.notFound('Task');
    if (task.kind === 'review') {
      if (!roleAllows(p.role, ['editor'])) throw Problem.forbidden('Only editors review verdicts');
      await this.assertNotAuthor(this.ds.manager, p, task);
    }
    const got = await this.leases.claimById(p, id, this.config.tasks.leaseSeconds);
    if (!got)
      throw Problem.conflict(
        task.status === 'claimed' ? 'The task is held by someone else' : `The task is ${task.status}`,
        'task-taken',
      );
    return got.task;
  }

  async heartbeat(p: Principal, id: string, token: string): Promise<Task> {
    const task = await this.leases.heartbeat(p, id, token, this.config.tasks.leaseSeconds);
    if (task) return task;
    if (!(await this.leases.find(p, id))) throw Problem.notFound('Task');
    throw Problem.conflict('The lease was lost (expired, released or taken by someone else)', 'lease-lost');
  }

  async release(p: Principal, id: string, token: string, note: string | null): Promise<Task> {
    return this.ds.transaction(async (m) => {
      const task = await this.held(m, p, id, token);
      const reopened = await this.leases.reopen(p, m, task.id, note);
      const claim = await this.lifecycle.lock(m, p, task.claimId);
      await this.lifecycle.transition(m, p, claim, task.kind === 'check' ? 'check_released' : 'review_released', p, {
        reason: note,
        details: { taskId: task.id },
      });
      return reopened;
    });
  }

  /**
   * A check completed with valid content is one statement (TaskLeasesRepository.completeCheck), with
   * no transaction around it. When that statement writes nothing (not found, lease lost, a review
   * task, evidence of another claim), or for a review task, the transaction below finds the task and
   * answers as it always did (404, 409, 400 naming the field, or the review's outcome).
   */
  async complete(
    p: Principal,
    id: string,
    dto: CompleteTaskDto,
  ): Promise<{ task: Task; verdictId: string; nextTaskId: string | null }> {
    const content = dto.decision ? null : await this.draftContent(dto);
    if (content?.value) {
      const done = await this.leases.completeCheck(this.ds.manager, p, id, dto.leaseToken, content.value);
      if (done) return done;
    }
    return this.ds.transaction(async (m) => {
      const task = await this.held(m, p, id, dto.leaseToken);
      const claim = await this.lifecycle.lock(m, p, task.claimId);
      return task.kind === 'check'
        ? this.completeCheck(m, p, task, claim, dto, content)
        : this.completeReview(m, p, task, claim, dto);
    });
  }

  /** The verdict content of a check completion, validated (VerdictContentDto), evidence ids without duplicates. */
  private async draftContent(dto: CompleteTaskDto): Promise<{ value?: DraftContent; errors?: FieldError[] }> {
    const { value, errors } = await validateDto(VerdictContentDto, {
      rating: dto.rating,
      summary: dto.summary,
      title: dto.title,
      evidenceIds: dto.evidenceIds,
      sources: dto.sources,
    });
    if (errors) return { errors };
    return {
      value: {
        rating: value!.rating,
        summary: value!.summary,
        title: value!.title ?? null,
        evidenceIds: [...new Set(value!.evidenceIds ?? [])],
        sources: value!.sources ?? [],
      },
    };
  }

  /** The transactional path of a check completion: the task and claim are locked; the errors, then the same statement. */
  private async completeCheck(
    m: EntityManager,
    p: Principal,
    task: Task,
    claim: Claim,
    dto: CompleteTaskDto,
    content: { value?: DraftContent; errors?: FieldError[] } | null,
  ) {
    if (dto.decision || !content)
      throw Problem.badRequest('decision is for review tasks', [
        { path: 'decision', message: 'decision is for review tasks' },
      ]);
    if (content.errors) throw Problem.badRequest('Invalid verdict', content.errors);
    this.lifecycle.assertAllowed(claim, 'verdict_drafted');
    await this.verdictService.validateContent(m, claim, content.value!);
    const done = await this.leases.completeCheck(m, p, task.id, dto.leaseToken, content.value!);
    // Only the clocks can disagree here: `held` compared the lease with this process's clock, the
    // statement with the database's (or evidence was deleted meanwhile).
    if (!done) throw Problem.conflict('The lease was lost (expired, released or taken by someone else)', 'lease-lost');
    return done;
  }

  private async completeReview(m: EntityManager, p: Principal, task: Task, claim: Claim, dto: CompleteTaskDto) {
    if (!dto.decision)
      throw Problem.badRequest('decision is required', [
        { path: 'decision', message: 'decision must be approve or reject' },
      ]);
    if (dto.decision === 'reject' && !dto.note)
      throw Problem.badRequest('A rejection needs a note', [{ path: 'note', message: 'note is required to reject' }]);
    await this.assertNotAuthor(m, p, task);
    const draft = await this.verdicts.find(p, task.verdictId!, m, true);
    if (!draft || draft.status !== 'draft')
      throw Problem.conflict('The verdict under review is no longer a draft', 'invalid-transition');
    const done = await this.leases.finish(p, m, task.id, 'done');
    if (dto.decision === 'approve') {
      await this.verdictService.publish(m, p, claim, draft, dto.note ?? null);
      return { task: done, verdictId: draft.id, nextTaskId: null };
    }
    this.lifecycle.assertAllowed(claim, 'verdict_rejected');
    await this.verdicts.update(p, m, draft.id, { status: 'rejected', reviewerKeyId: p.keyId, reviewNote: dto.note! });
    const check = await this.tasks.open(p, m, {
      claimId: claim.id,
      kind: 'check',
      priority: task.priority,
      language: task.language,
      verdictId: draft.id,
      note: dto.note!,
    });
    await this.lifecycle.transition(m, p, claim, 'verdict_rejected', p, {
      reason: dto.note!,
      details: { verdictId: draft.id, checkTaskId: check.id },
    });
    return { task: done, verdictId: draft.id, nextTaskId: check.id };
  }

  /** Four-eyes: the author of a draft may not review it (unless REVIEW_ALLOW_SELF_APPROVAL). */
  private async assertNotAuthor(m: EntityManager, p: Principal, task: Task) {
    if (this.config.tasks.allowSelfApproval || !task.verdictId) return;
    const v = await this.verdicts.find(p, task.verdictId, m);
    if (v?.authorKeyId === p.keyId)
      throw Problem.forbidden('The author of a verdict cannot review it (four-eyes rule)');
  }

  /** The task, locked, when the caller holds its live lease with this token; 404 or 409 otherwise. */
  private async held(m: EntityManager, p: Principal, id: string, token: string): Promise<Task> {
    const task = await this.leases.find(p, id, m, true);
    if (!task) throw Problem.notFound('Task');
    if (!TaskLeasesRepository.holds(task, p, token))
      throw Problem.conflict('The lease was lost (expired, released or taken by someone else)', 'lease-lost');
    return task;
  }
}
