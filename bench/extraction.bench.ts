/**
 * Extraction of a 100 KB article: `npm run bench:extraction`.
 * Runs ExtractionService.analyse (sentences, offsets, check-worthiness, features, speakers) on
 * ~100 KB of French news text, interleaved with two baselines of the same minute: a bare regular
 * expression split on terminal marks (the floor: no offsets, no scoring), and ICU's sentence
 * segmentation (Intl.Segmenter). Writes bench/results/extraction.json with medians, the ratios and
 * whether the median is under 1 s.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExtractionService } from '../src/extraction/extraction.service';

const ROUNDS = 15;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function main() {
  const root = join(__dirname, '..', '..');
  const article = readFileSync(join(root, 'samples', 'seed-article-fr.txt'), 'utf8');
  let text = '';
  while (text.length < 100_000) text += article + '\n\n';
  text = text.slice(0, 100_000);
  const service = new ExtractionService(null as never, null as never, null as never, {
    supportedLanguages: ['fr', 'en'],
  });
  const segmenter = new Intl.Segmenter('fr', { granularity: 'sentence' });
  const ours: number[] = [];
  const baseline: number[] = [];
  const bare: number[] = [];
  let sentences = 0;
  for (let i = 0; i < ROUNDS; i++) {
    let s = process.hrtime.bigint();
    sentences = service.analyse({ text }).sentences.length;
    ours.push(Number(process.hrtime.bigint() - s) / 1e6);
    s = process.hrtime.bigint();
    let n = 0;
    for (const seg of segmenter.segment(text)) n += seg.segment.length > 0 ? 1 : 0;
    baseline.push(Number(process.hrtime.bigint() - s) / 1e6);
    s = process.hrtime.bigint();
    n += text.split(/(?<=[.!?…])\s+/).length;
    bare.push(Number(process.hrtime.bigint() - s) / 1e6);
    if (n < 0) console.log(n);
  }
  // Adversarial 100 KB inputs: each must stay linear (no case may take seconds).
  const N = 100_000;
  const adversarial: Record<string, string> = {
    openingQuotes: '«'.repeat(N - 1) + '»',
    curlyQuotesFarClose: '“ a. '.repeat(N / 5) + '”',
    straightQuotes: '"a. '.repeat(N / 4),
    dots: '. '.repeat(N / 2),
    abbreviations: 'M. '.repeat(Math.floor(N / 3)),
    lineBreaks: 'a\n'.repeat(N / 2),
    noBoundary: 'mot '.repeat(N / 4),
    digits: '1 '.repeat(N / 2),
    dense: 'Le 5 janv. 2020, M. Dupont a déclaré : « 15 bases ! » Selon U.S. Army, 3,5 %… '.repeat(1200).slice(0, N),
  };
  const adversarialMedianMs: Record<string, number> = {};
  for (const [name, input] of Object.entries(adversarial)) {
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const s = process.hrtime.bigint();
      service.analyse({ text: input });
      times.push(Number(process.hrtime.bigint() - s) / 1e6);
    }
    adversarialMedianMs[name] = Math.round(median(times));
  }
  const result = {
    benchmark: 'extraction-100kb',
    characters: text.length,
    sentences,
    rounds: ROUNDS,
    extractionMedianMs: Math.round(median(ours) * 10) / 10,
    regexSplitMedianMs: Math.round(median(bare) * 100) / 100,
    ratioToRegexSplit: Math.round((median(ours) / median(bare)) * 10) / 10,
    icuSegmenterMedianMs: Math.round(median(baseline) * 10) / 10,
    ratioToIcuSegmenter: Math.round((median(ours) / median(baseline)) * 100) / 100,
    underOneSecond: median(ours) < 1000,
    adversarialMedianMs,
    adversarialUnderOneSecond: Object.values(adversarialMedianMs).every((ms) => ms < 1000),
    at: new Date().toISOString(),
  };
  console.log(JSON.stringify(result));
  writeFileSync(join(root, 'bench', 'results', 'extraction.json'), JSON.stringify(result, null, 2) + '\n');
}

main();
