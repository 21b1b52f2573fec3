import { DatabaseError } from 'pg';
import { QueryFailedError } from 'typeorm';
import { toProblem } from './problem.filter';

const pgError = (code: string) => Object.assign(new DatabaseError(`error ${code}`, 0, 'error'), { code });

describe('problem filter: database errors caused by the request', () => {
  // The SQLSTATEs a client's value can raise: each is a 400 problem, whichever route hits it.
  it.each([
    ['21000', 'ON CONFLICT DO UPDATE command cannot affect row a second time'],
    ['22001', 'value too long for type character varying'],
    ['22003', 'value out of range for type real'],
    ['22007', 'invalid input syntax for type timestamp with time zone'],
    ['22008', 'date/time field value out of range'],
    ['22009', 'time zone displacement out of range: "+099999-01-01"'],
    ['22021', 'invalid byte sequence for encoding "UTF8"'],
    ['22025', 'invalid escape string'],
    ['22P02', 'invalid input syntax for type uuid'],
    ['22P05', 'unsupported Unicode escape sequence (\\u0000 cannot be converted to text)'],
    ['54000', 'string is too long for tsvector'],
  ])('%s (%s) → 400', (code) => {
    const direct = toProblem(pgError(code)).body;
    expect(direct).toMatchObject({ status: 400, title: 'Bad Request', detail: expect.stringContaining('not valid') });
    const wrapped = toProblem(new QueryFailedError('SELECT 1', [], pgError(code))).body;
    expect(wrapped).toEqual(direct);
  });

  it('keeps other database errors a 500', () => {
    expect(toProblem(pgError('42P01')).body).toMatchObject({ status: 500, detail: 'Internal error' });
    expect(toProblem(new QueryFailedError('SELECT 1', [], pgError('23503'))).body.status).toBe(500);
  });
});
