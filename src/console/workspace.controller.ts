import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  Res,
  UseFilters,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ClaimsRepository } from '../claims/claims.repository';
import { ClaimsService } from '../claims/claims.service';
import { EvidenceRepository } from '../evidence/evidence.repository';
import { STANCES, type Stance } from '../evidence/evidence.entity';
import { OrganizationSettingsRepository } from '../organizations/organization-settings.repository';
import { DEFAULT_SCALE, type RatingLabels } from '../organizations/rating-scale';
import type { FieldError } from '../platform/api/problem';
import { Problem } from '../platform/api/problem';
import { validateDto } from '../platform/api/validation';
import { Roles } from '../platform/tenancy/principal';
import { TasksService } from '../tasks/tasks.service';
import { CorrectionDto, ReasonDto } from '../verdicts/dto/verdict-content.dto';
import { verdictClaimOf, VerdictsRepository } from '../verdicts/verdicts.repository';
import { VerdictsService } from '../verdicts/verdicts.service';
import { errorMessage, ConsoleErrorsFilter } from './console-errors.filter';
import { ActorNames } from './actor-names';
import type { ConsoleRequest } from './console-request';
import { consoleLanguage } from './console-request';
import { ConsoleViews } from './console-views';
import type { Messages } from './i18n';
import type { WorkingDraftContent } from './working-draft.entity';
import { WorkingDraftsRepository } from './working-drafts.repository';
import { TaskLeasesRepository } from '../tasks/task-leases.repository';

type Req = Parameters<typeof consoleLanguage>[0] & ConsoleRequest;
type Form = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
const many = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
/** Extra sources: one URL per line in the form. */
const lines = (v: string | undefined) =>
  (v ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
const text = (v: string | undefined) => (v && v.trim() ? v.trim() : undefined);

/** Messages a redirect may ask the page to show (?done=…): keys only, never text from the URL. */
const NOTICES = new Set<keyof Messages>([
  'tookTask',
  'draftCompleted',
  'approved',
  'rejected',
  'corrected',
  'retracted',
]);

/** French labels of the default scale, used when the organization gave none in French. */
const DEFAULT_FR: Record<string, string> = {
  true: 'Vrai',
  mostly_true: 'Plutôt vrai',
  mixed: 'Mitigé',
  mostly_false: 'Plutôt faux',
  false: 'Faux',
  misleading: 'Trompeur',
  unverifiable: 'Invérifiable',
};

/**
 * The claim workspace (claim, assessment, evidence, history, the task held), the draft, the review
 * and the published verdict. Every action calls the service its REST route calls (TasksService,
 * VerdictsService), under the same guard, so roles, leases and four-eyes are the API's.
 */
@ApiExcludeController()
@UseFilters(ConsoleErrorsFilter)
@Roles('checker')
@Controller('console')
export class WorkspaceController {
  constructor(
    private readonly views: ConsoleViews,
    private readonly names: ActorNames,
    private readonly drafts: WorkingDraftsRepository,
    private readonly leases: TaskLeasesRepository,
    private readonly claims: ClaimsRepository,
    private readonly claimsService: ClaimsService,
    private readonly evidence: EvidenceRepository,
    private readonly verdicts: VerdictsRepository,
    private readonly verdictsService: VerdictsService,
    private readonly settings: OrganizationSettingsRepository,
    private readonly tasks: TasksService,
  ) {}

  @Get('claims/:id')
  async claim(
    @Req() req: Req,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() q: Record<string, unknown>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const done =
      typeof q.done === 'string' && NOTICES.has(q.done as keyof Messages) ? (q.done as keyof Messages) : null;
    const stance = STANCES.includes(q.stance as Stance) ? (q.stance as Stance) : undefined;
    return this.workspace(req, reply, id, { notice: done, stance });
  }

  /** Takes this task of the claim (TasksService.claim, `POST /v1/tasks/:id/claim`). */
  @Post('tasks/:id/claim')
  async take(@Req() req: Req, @Param('id', new ParseUUIDPipe()) id: string, @Res() reply: FastifyReply) {
    const task = await this.tasks.claim(req.principal!, id);
    reply.status(303).header('location', `/console/claims/${task.claimId}?done=tookTask`).send('');
  }

  /** htmx, every minute while the page is open: extends the lease and says how long is left, or that it is lost. */
  @Post('tasks/:id/heartbeat')
  @HttpCode(200)
  async heartbeat(
    @Req() req: Req,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() form: Form,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const ctx = this.views.context(consoleLanguage(req), req.consoleSession!, req.url);
    try {
      const task = await this.tasks.heartbeat(req.principal!, id, one(form?.leaseToken) ?? '');
      return this.html(reply, this.views.render('lease', ctx, { lost: false, until: task.leaseExpiresAt }));
    } catch (err) {
      if (!(err instanceof Problem) || err.getStatus() !== 409) throw err;
      // 200 so htmx swaps the message in; the draft stays on the server (working_drafts).
      return this.html(reply, this.views.render('lease', ctx, { lost: true, until: null }));
    }
  }

  @Post('tasks/:id/release')
  async release(
    @Req() req: Req,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() form: Form,
    @Res() reply: FastifyReply,
  ) {
    await this.tasks.release(req.principal!, id, one(form?.leaseToken) ?? '', null);
    reply.status(303).header('location', '/console/queue?done=released').send('');
  }

  /** htmx autosave of the draft form: kept on the server, so a reload or a lost lease loses nothing. */
  @Post('claims/:id/draft')
  @HttpCode(200)
  async saveDraft(
    @Req() req: Req,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() form: Form,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    if (!(await this.claims.find(req.principal!, id))) throw Problem.notFound('Claim');
    await this.keepDraft(req, id, form);
    const ctx = this.views.context(consoleLanguage(req), req.consoleSession!, req.url);
    return this.html(reply, `<span>${ctx.t('draftSaved')}</span>`);
  }

  /** Completes the check with the draft (TasksService.complete, `POST /v1/tasks/:id/complete`). */
  @Post('tasks/:id/complete')
  @HttpCode(200)
  async complete(
    @Req() req: Req,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() form: Form,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const claimId = one(form?.claimId) ?? '';
    const p = req.principal!;
    const draft = claimId && (await this.claims.find(p, claimId)) ? await this.keepDraft(req, claimId, form) : null;
    try {
      await this.tasks.complete(p, id, {
        leaseToken: one(form?.leaseToken) ?? '',
        rating: draft?.rating,
        title: draft?.title,
        summary: draft?.summary,
        evidenceIds: draft?.evidenceIds,
        sources: lines(draft?.sources),
      } as never);
    } catch (err) {
      if (!(err instanceof Problem) || ![400, 409].includes(err.getStatus()) || !draft) throw err;
      reply.status(err.getStatus());
      return this.workspace(req, reply, claimId, { problem: err });
    }
    await this.drafts.remove(p, claimId);
    reply.status(303).header('location', `/console/queue?done=draftCompleted`);
    return '';
  }

  /** The editor's decision on a review task: approve, or reject with a note (required: the checker reads it). */
  @Post('tasks/:id/review')
  @HttpCode(200)
  async review(
    @Req() req: Req,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() form: Form,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const decision = one(form?.decision) === 'approve' ? 'approve' : 'reject';
    const claimId = one(form?.claimId) ?? '';
    try {
      await this.tasks.complete(req.principal!, id, {
        leaseToken: one(form?.leaseToken) ?? '',
        decision,
        note: text(one(form?.note)),
      } as never);
    } catch (err) {
      if (!(err instanceof Problem) || ![400, 409].includes(err.getStatus()) || !claimId) throw err;
      reply.status(err.getStatus());
      return this.workspace(req, reply, claimId, { problem: err, note: one(form?.note) ?? '' });
    }
    reply
      .status(303)
      .header(
        'location',
        decision === 'approve' ? `/console/claims/${claimId}/published?done=approved` : '/console/queue?done=rejected',
      );
    return '';
  }

  @Get('claims/:id/published')
  async published(
    @Req() req: Req,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query('done') done: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.publishedPage(req, reply, id, {
      notice: typeof done === 'string' && NOTICES.has(done as keyof Messages) ? (done as keyof Messages) : null,
    });
  }

  @Roles('editor')
  @Post('claims/:id/corrections')
  @HttpCode(200)
  async correct(
    @Req() req: Req,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() form: Form,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const input = {
      rating: one(form?.rating),
      title: text(one(form?.title)),
      summary: text(one(form?.summary)),
      evidenceIds: many(form?.evidenceIds),
      sources: lines(one(form?.sources)),
      reason: text(one(form?.reason)),
    };
    const { value, errors } = await validateDto(CorrectionDto, input);
    if (errors) return this.publishedPage(req, reply.status(400), id, { errors, form: input, which: 'correct' });
    await this.verdictsService.correct(req.principal!, id, value!);
    reply.status(303).header('location', `/console/claims/${id}/published?done=corrected`);
    return '';
  }

  @Roles('editor')
  @Post('verdicts/:id/retract')
  @HttpCode(200)
  async retract(
    @Req() req: Req,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() form: Form,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const claimId = one(form?.claimId) ?? '';
    const { value, errors } = await validateDto(ReasonDto, { reason: text(one(form?.reason)) });
    if (errors && claimId) return this.publishedPage(req, reply.status(400), claimId, { errors, which: 'retract' });
    if (errors) throw Problem.badRequest('Invalid retraction', errors);
    const v = await this.verdictsService.retract(req.principal!, id, value!.reason);
    reply.status(303).header('location', `/console/claims/${v.claimId}/published?done=retracted`);
    return '';
  }

  /** The working draft of the person for the claim, updated from the form. */
  private async keepDraft(req: Req, claimId: string, form: Form): Promise<WorkingDraftContent> {
    const content: WorkingDraftContent = {
      rating: one(form?.rating) || undefined,
      title: text(one(form?.title)),
      summary: text(one(form?.summary)),
      evidenceIds: many(form?.evidenceIds).slice(0, 100),
      sources: (one(form?.sources) ?? '').slice(0, 50 * 2100),
    };
    await this.drafts.keep(req.principal!, claimId, content);
    return content;
  }

  private async workspace(
    req: Req,
    reply: FastifyReply,
    id: string,
    opts: { notice?: keyof Messages | null; stance?: Stance; problem?: Problem; note?: string },
  ) {
    const p = req.principal!;
    const detail = await this.claimsService.detail(p, id); // 404 for another organization's claim
    const claim = (await this.claims.find(p, id))!;
    const [held, active, evidence, history, org, saved, similar] = await Promise.all([
      this.leases.heldOn(p, id, p.keyId),
      this.leases.activeOn(p, id),
      this.evidence.list(p, id, { stance: opts.stance, limit: 200 }),
      this.claims.history(p, id, null, 200),
      this.settings.get(p.organizationId),
      this.drafts.find(p, id),
      this.claimsService.similarTo(p, id),
    ]);
    const lang = consoleLanguage(req);
    const ctx = this.views.context(lang, req.consoleSession!, req.url);
    // The draft under review (review task), or the rejected one a returned check task names.
    const verdict = held?.verdictId ? await this.verdicts.find(p, held.verdictId) : null;
    let draft: WorkingDraftContent | null = saved;
    if (!draft && held?.kind === 'check' && verdict)
      draft = {
        rating: verdict.rating,
        title: verdict.title ?? undefined,
        summary: verdict.summary,
        evidenceIds: verdict.evidenceIds,
        sources: verdict.sources.join('\n'),
      };
    const names = await this.names.of(p, [
      ...history.map((h) => h.actorKeyId),
      verdict?.authorKeyId,
      ...active.map((t) => t.assigneeKeyId),
    ]);
    const problem = opts.problem;
    const slug = problem?.slug ?? '';
    return this.html(
      reply,
      this.views.render('claim', ctx, {
        claim,
        detail,
        similar,
        task: held,
        otherTasks: active.filter((t) => t.id !== held?.id),
        evidence: evidence.slice(0, 200),
        stance: opts.stance ?? null,
        history,
        names,
        draft: draft ?? {},
        verdict,
        ownDraft: verdict?.authorKeyId === p.keyId,
        scale: this.scale(org.ratingLabels as RatingLabels | null, lang),
        notice: opts.notice ? ctx.t(opts.notice) : null,
        error: problem
          ? problem.getStatus() === 400
            ? ctx.t('invalid')
            : errorMessage(ctx.t, problem.getStatus(), slug, problem.detail)
          : null,
        errors: problem?.errors ?? [],
        note: opts.note ?? '',
      }),
    );
  }

  private async publishedPage(
    req: Req,
    reply: FastifyReply,
    id: string,
    opts: {
      notice?: keyof Messages | null;
      errors?: FieldError[];
      form?: Record<string, unknown>;
      which?: 'correct' | 'retract';
    },
  ) {
    const p = req.principal!;
    const claim = await this.claims.find(p, id);
    if (!claim) throw Problem.notFound('Claim');
    const lang = consoleLanguage(req);
    const [versions, current, org, evidence] = await Promise.all([
      this.verdicts.forClaim(p, verdictClaimOf(claim)),
      this.verdicts.current(p, verdictClaimOf(claim)),
      this.settings.get(p.organizationId),
      this.evidence.list(p, id, { limit: 200 }),
    ]);
    const ctx = this.views.context(lang, req.consoleSession!, req.url);
    const names = await this.names.of(
      p,
      versions.flatMap((v) => [v.authorKeyId, v.reviewerKeyId]),
    );
    const scale = this.scale(org.ratingLabels as RatingLabels | null, lang);
    return this.html(
      reply,
      this.views.render('published', ctx, {
        claim,
        versions: versions.filter((v) => v.status !== 'draft' && v.status !== 'rejected').reverse(),
        current,
        evidence,
        names,
        scale,
        jsonLd: current?.claimReview ? JSON.stringify(current.claimReview, null, 2) : null,
        notice: opts.notice ? ctx.t(opts.notice) : null,
        errors: opts.errors ?? [],
        which: opts.which ?? null,
        form:
          opts.form ??
          (current
            ? {
                rating: current.rating,
                title: current.title,
                summary: current.summary,
                evidenceIds: current.evidenceIds,
                sources: current.sources,
              }
            : {}),
      }),
    );
  }

  /** The organization's scale with its labels in the reader's language (default French labels when it gave none). */
  private scale(labels: RatingLabels | null, lang: string) {
    return DEFAULT_SCALE.map((r) => ({
      key: r.key,
      label:
        labels?.[r.key]?.[lang] ?? (lang === 'fr' ? DEFAULT_FR[r.key] : undefined) ?? labels?.[r.key]?.en ?? r.label,
    }));
  }

  private html(reply: FastifyReply, html: string) {
    reply.type('text/html; charset=utf-8');
    return html;
  }
}
