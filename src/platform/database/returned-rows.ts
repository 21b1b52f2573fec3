/**
 * The rows of a raw `manager.query`: TypeORM's pg driver answers UPDATE/DELETE … RETURNING with
 * [rows, count] and INSERT/SELECT with rows. The one way to read `… RETURNING` in repositories.
 */
export function returnedRows<T>(res: unknown): T[] {
  return (
    Array.isArray(res) && res.length === 2 && Array.isArray(res[0]) && typeof res[1] === 'number' ? res[0] : res
  ) as T[];
}
