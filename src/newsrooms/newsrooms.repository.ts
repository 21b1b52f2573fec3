import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import type { TenantScope } from '../platform/tenancy/tenant-scope';
import type { Principal } from '../platform/tenancy/principal';
import { Problem } from '../platform/api/problem';
import { TimeCursor } from '../platform/api/pagination';
import { Newsroom } from './newsroom.entity';

@Injectable()
export class NewsroomsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async create(scope: TenantScope, input: { name: string; url?: string }): Promise<Newsroom> {
    const rows = await this.ds.query(
      `INSERT INTO newsrooms (organization_id, name, url) VALUES ($1, $2, $3) ON CONFLICT (organization_id, name) DO NOTHING RETURNING id`,
      [scope.organizationId, input.name, input.url ?? null],
    );
    if (!rows.length) throw Problem.conflict(`A newsroom named "${input.name}" already exists`);
    return (await this.find(scope, rows[0].id))!;
  }

  /** Names of the organization's newsrooms among these ids. */
  async namesOf(scope: TenantScope, ids: string[]): Promise<Map<string, string>> {
    const wanted = [...new Set(ids)];
    if (!wanted.length) return new Map();
    const rows = await this.ds
      .getRepository(Newsroom)
      .find({ select: { id: true, name: true }, where: { organizationId: scope.organizationId, id: In(wanted) } });
    return new Map(rows.map((n) => [n.id, n.name]));
  }

  find(scope: TenantScope, id: string): Promise<Newsroom | null> {
    return this.ds.getRepository(Newsroom).findOne({ where: { id, organizationId: scope.organizationId } });
  }

  list(scope: Principal, cursor: TimeCursor | null, limit: number): Promise<Newsroom[]> {
    const qb = this.ds
      .getRepository(Newsroom)
      .createQueryBuilder('n')
      .where('n.organization_id = :org', { org: scope.organizationId });
    if (scope.newsroomId) qb.andWhere('n.id = :nid', { nid: scope.newsroomId });
    if (cursor) qb.andWhere('(n.created_at, n.id) < (:c, :i)', { c: cursor.createdAt, i: cursor.id });
    return qb
      .orderBy('n.created_at', 'DESC')
      .addOrderBy('n.id', 'DESC')
      .limit(limit + 1)
      .getMany();
  }
}
