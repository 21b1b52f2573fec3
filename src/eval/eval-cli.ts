import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { evaluateCheckWorthiness } from '../extraction/checkworthiness.eval';
import { evaluateAssessment } from '../research/eval/assessment.eval';
import { evaluateStance } from '../research/eval/stance.eval';

/**
 * `npm run eval -- <task> [--dataset FILE.jsonl]`: scores an analyzer on a labelled set and prints,
 * as its last line, one JSON object with at least n, accuracy and macroF1. Without --dataset, the
 * project's own set for the task (test/fixtures/eval/<task>.jsonl).
 */
type Task = (dataset: string) => Promise<{ errors?: unknown[]; result: Record<string, unknown> }>;

const TASKS: Record<string, Task> = {
  checkworthiness: async (dataset) => evaluateCheckWorthiness(dataset),
  stance: evaluateStance,
  assessment: evaluateAssessment,
};

const ROOT = join(__dirname, '..', '..', '..');

async function main(argv: string[]): Promise<number> {
  const [task, ...rest] = argv;
  const run = task ? TASKS[task] : undefined;
  if (!run) {
    console.error(`usage: npm run eval -- <${Object.keys(TASKS).join('|')}> [--dataset FILE.jsonl] [--verbose]`);
    return 2;
  }
  const at = rest.indexOf('--dataset');
  const dataset = at >= 0 ? rest[at + 1] : join(ROOT, 'test', 'fixtures', 'eval', `${task}.jsonl`);
  if (!dataset || !existsSync(dataset)) {
    console.error(`dataset not found: ${dataset ?? '(missing after --dataset)'}`);
    return 2;
  }
  const { errors, result } = await run(dataset);
  if (rest.includes('--verbose') && errors?.length) for (const e of errors) console.log('miss', JSON.stringify(e));
  console.log(JSON.stringify(result));
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
