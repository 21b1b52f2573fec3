import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '../platform/tenancy/principal';
import { WorkingDraft, type WorkingDraftContent } from './working-draft.entity';

/** The console's working drafts (`working_drafts`): one per person and claim, scoped by organization. */
@Injectable()
export class WorkingDraftsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async find(p: Principal, claimId: string): Promise<WorkingDraftContent | null> {
    const row = await this.ds
      .getRepository(WorkingDraft)
      .findOne({ where: { organizationId: p.organizationId, personId: p.keyId, claimId } });
    return row?.content ?? null;
  }

  async keep(p: Principal, claimId: string, content: WorkingDraftContent): Promise<void> {
    await this.ds
      .getRepository(WorkingDraft)
      .upsert({ personId: p.keyId, claimId, organizationId: p.organizationId, content }, ['personId', 'claimId']);
  }

  async remove(p: Principal, claimId: string): Promise<void> {
    await this.ds.getRepository(WorkingDraft).delete({ organizationId: p.organizationId, personId: p.keyId, claimId });
  }
}
