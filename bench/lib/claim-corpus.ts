/**
 * A synthetic stream of claims shaped like a newsroom's: content words drawn from a vocabulary of
 * 20,000 pseudo-words with a Zipf–Mandelbrot distribution (a few frequent, most rare), stop words
 * between them, some numbers; real topic words are in the vocabulary so claims share some words.
 * Deterministic for a seed. Used by the matching and intake benchmarks.
 */
const SYLLABLES =
  'ba be bi bo bu da de di do du fa fe fi fo ga ge gi go ka ke ki ko la le li lo lu ma me mi mo mu na ne ni no nu pa pe pi po ra re ri ro ru sa se si so ta te ti to tu va ve vi vo za ze'.split(
    ' ',
  );
const TOPICS =
  'gouvernement ministre chomage inflation retraite impots dette budget sante hopital ecole police justice armee troupes bases retrait guerre ukraine russie irak etats unis otan chine europe france election depute senat salaire essence climat vaccin migrants frontiere'.split(
    ' ',
  );
const STOP = 'le la les des de du a ont est sont en dans pour plus the of in to has have is are by'.split(' ');

export function rng(seed: number): () => number {
  return () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) / 0x1000000;
  };
}

function vocabulary(r: () => number, size: number): string[] {
  const out = new Set<string>(TOPICS);
  while (out.size < size) {
    let w = '';
    const n = 2 + Math.floor(r() * 3);
    for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(r() * SYLLABLES.length)];
    out.add(w);
  }
  return [...out];
}

/** Zipf–Mandelbrot: the rank-k word has weight 1/(k + 10) (the most frequent content word is in ~8% of claims); sampled by inverse CDF. */
function zipf(r: () => number, words: string[]): () => string {
  const cdf: number[] = [];
  let total = 0;
  for (let k = 1; k <= words.length; k++) cdf.push((total += 1 / (k + 10)));
  return () => {
    const x = r() * total;
    let lo = 0;
    let hi = cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return words[lo];
  };
}

/** A generator of claim texts (8 to 17 words). */
export function claimCorpus(seed = 42): () => string {
  const r = rng(seed);
  const nextWord = zipf(r, vocabulary(r, 20_000));
  return () => {
    const n = 8 + Math.floor(r() * 10);
    const out: string[] = [];
    for (let i = 0; i < n; i++)
      out.push(
        r() < 0.4 ? STOP[Math.floor(r() * STOP.length)] : r() < 0.08 ? String(Math.floor(r() * 5000)) : nextWord(),
      );
    return out.join(' ');
  };
}
