import { readFileSync } from 'node:fs';

/** Reads a JSON Lines file; blank lines are skipped, a bad line names its number. */
export function readJsonl<T>(file: string): T[] {
  const out: T[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (!line.trim()) return;
      try {
        out.push(JSON.parse(line) as T);
      } catch {
        throw new Error(`${file}:${i + 1}: not valid JSON`);
      }
    });
  return out;
}
