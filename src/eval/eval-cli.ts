import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluateCheckWorthiness } from '../extraction/checkworthiness.eval';
import { evaluateAssessment } from './assessment.eval';
import { CROWD_PER_LANGUAGE, evaluateMatching } from './matching.eval';
import { evaluateStance } from './stance.eval';

/**
 * `npm run eval -- <task> [--dataset FILE.jsonl]`: scores an analyzer on a labelled set and prints,
 * as its last line, one JSON object with at least n, accuracy and macroF1. Without --dataset, the
 * project's own set for the task (test/fixtures/eval/<task>.jsonl).
 */
type Task = (dataset: string, args: string[]) => Promise<{ errors?: unknown[]; result: Record<string, unknown> }>;

/** `--bounds PER_KEY,RANKED`: the matching search's bounds to score instead of intake's. */
function boundsArg(args: string[]) {
  const at = args.indexOf('--bounds');
  if (at < 0) return undefined;
  const [perKey, ranked] = (args[at + 1] ?? '').split(',').map(Number);
  if (!(perKey >= 1 && ranked >= 1)) throw new Error('--bounds wants two positive numbers: PER_KEY,RANKED');
  return { perKey, ranked };
}

/** `--crowd N`: claims of the crowd per language (default CROWD_PER_LANGUAGE). */
function crowdArg(args: string[]) {
  const at = args.indexOf('--crowd');
  if (at < 0) return CROWD_PER_LANGUAGE;
  const n = Number(args[at + 1]);
  if (!(Number.isInteger(n) && n >= 0)) throw new Error('--crowd wants a whole number of claims per language');
  return n;
}

const TASKS: Record<string, Task> = {
  checkworthiness: async (dataset) => evaluateCheckWorthiness(dataset),
  stance: evaluateStance,
  assessment: evaluateAssessment,
  // The evidence sets of dev and held-out parts, reported apart: the same tasks on their own files.
  'stance-hard': evaluateStance,
  'stance-crosslang': evaluateStance,
  'assessment-crosslang': evaluateAssessment,
  // Intake matching's pairs (duplicate / similar / distinct), scored as intake scores them.
  matching: (dataset, args) => evaluateMatching(dataset, undefined, { bounds: boundsArg(args) }),
  // The same pairs in an organization crowded enough that common words reach the search's caps.
  'matching-crowded': (dataset, args) =>
    evaluateMatching(dataset, undefined, { crowdPerLanguage: crowdArg(args), bounds: boundsArg(args) }),
};
/** The sets tasks read when they have none of their own name. */
const DATASET_OF: Record<string, string> = { 'matching-crowded': 'matching' };

const ROOT = join(__dirname, '..', '..', '..');

async function main(argv: string[]): Promise<number> {
  const [task, ...rest] = argv;
  const run = task ? TASKS[task] : undefined;
  if (!run) {
    console.error(
      `usage: npm run eval -- <${Object.keys(TASKS).join('|')}> [--dataset FILE.jsonl] [--split dev|heldout] [--verbose]` +
        ' [matching: --bounds PER_KEY,RANKED] [matching-crowded: --crowd N]',
    );
    return 2;
  }
  const at = rest.indexOf('--dataset');
  const dataset = at >= 0 ? rest[at + 1] : join(ROOT, 'test', 'fixtures', 'eval', `${DATASET_OF[task] ?? task}.jsonl`);
  if (!dataset || !existsSync(dataset)) {
    console.error(`dataset not found: ${dataset ?? '(missing after --dataset)'}`);
    return 2;
  }
  // --split dev|heldout: only that part of a set with a `split` field (tuning looks at dev only).
  const sp = rest.indexOf('--split');
  const split = sp >= 0 ? rest[sp + 1] : undefined;
  const { errors, result } = await run(split ? splitFile(dataset, split) : dataset, rest);
  if (split) result.split = split;
  if (rest.includes('--verbose') && errors?.length) for (const e of errors) console.log('miss', JSON.stringify(e));
  console.log(JSON.stringify(result));
  return 0;
}

/** The lines of one split, in a temporary file (the tasks read files). */
function splitFile(dataset: string, split: string): string {
  const lines = readFileSync(dataset, 'utf8')
    .split('\n')
    .filter((l) => l.trim() && (JSON.parse(l) as { split?: string }).split === split);
  if (!lines.length) throw new Error(`${dataset}: no line with "split": "${split}"`);
  const file = join(mkdtempSync(join(tmpdir(), 'eval-')), `${split}.jsonl`);
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
