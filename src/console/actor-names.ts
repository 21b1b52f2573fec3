import { Injectable } from '@nestjs/common';
import { ApiKeysRepository } from '../auth/api-keys.repository';
import { PeopleService } from '../people/people.service';
import type { Principal } from '../platform/tenancy/principal';

/**
 * Who an actor id names, for history rows, authors, reviewers and task holders: a person of the
 * organization (sessions act with the person's id), else one of its API keys (machine actions).
 */
@Injectable()
export class ActorNames {
  constructor(
    private readonly people: PeopleService,
    private readonly keys: ApiKeysRepository,
  ) {}

  async of(scope: Principal, ids: (string | null | undefined)[]): Promise<Map<string, string>> {
    const [people, keys] = await Promise.all([this.people.namesOf(scope, ids), this.keys.namesOf(scope, ids)]);
    return new Map([...keys, ...people]);
  }
}
