import { randomUUID } from 'node:crypto';
import { EVENT_BATCH } from '../queue/queue-names';
import { eventJobs, EVENTS_PER_JOB } from './outbox-relay';

/**
 * The job ids of a relay pass decide what BullMQ keeps: a job added again under an id it already
 * holds is ignored. A pass re-run after a failed commit must add nothing new; an event relayed again
 * among other events must get a job it is not already in, or it would be dropped.
 */
describe('eventJobs (the relay pass → BullMQ jobs)', () => {
  const row = (organization_id: string, type = 'claim.received') => ({ id: randomUUID(), type, organization_id });

  it('gives the same rows the same jobs: a re-run pass adds nothing new', () => {
    const rows = [row('o1'), row('o1'), row('o1')];
    expect(eventJobs(rows).map((j) => j.opts.jobId)).toEqual(eventJobs([...rows]).map((j) => j.opts.jobId));
  });

  it('gives events relayed again among others a new job (their earlier job does not swallow the newcomer)', () => {
    const [a, b, c] = [row('o1'), row('o1'), row('o1')];
    const [first] = eventJobs([a, b]);
    const [again] = eventJobs([a, b, c]);
    expect(again.opts.jobId).not.toBe(first.opts.jobId);
    expect(again.data).toEqual({ eventIds: [a.id, b.id, c.id], organizationId: 'o1' });
    // A lone event's job is named after its type, its id is the event's: the id of no batch.
    const [lone] = eventJobs([c]);
    expect(lone).toEqual({
      name: 'claim.received',
      data: { eventId: c.id, organizationId: 'o1', type: 'claim.received' },
      opts: { jobId: c.id },
    });
    expect(again.opts.jobId).not.toBe(c.id);
  });

  it('keeps organizations apart and puts at most EVENTS_PER_JOB events in a job, in outbox order', () => {
    const rows = [...Array.from({ length: EVENTS_PER_JOB + 1 }, () => row('o1')), row('o2'), row('o2')];
    const jobs = eventJobs(rows);
    expect(jobs.map((j) => [j.name, j.data.organizationId])).toEqual([
      [EVENT_BATCH, 'o1'],
      ['claim.received', 'o1'],
      [EVENT_BATCH, 'o2'],
    ]);
    expect((jobs[0].data as { eventIds: string[] }).eventIds).toEqual(rows.slice(0, EVENTS_PER_JOB).map((r) => r.id));
    expect(new Set(jobs.map((j) => j.opts.jobId)).size).toBe(3);
  });
});
