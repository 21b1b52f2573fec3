import { ATTRIBUTION } from './checkworthiness-lexicon';

export interface Speaker {
  name: string;
  role?: string;
}

/** A person's name: two to four capitalised words ("Jens Stoltenberg", "Kay Bailey Hutchison"). */
const NAME =
  /\p{Lu}[\p{Ll}'’-]+(?:[\s\u00A0](?:(?:al|el|de|van|von|da|di|le|la|du|bin)[\s\u00A0-])?\p{Lu}[\p{Ll}'’-]+){1,3}/gu;
/** Words that start capitalised runs without being names. */
const NOT_NAMES =
  /^(Le|La|Les|Un|Une|Des|Selon|The|A|An|According|Sky|News|Début|Mais|Par|Au|En|Dans|Il|Elle|Ils|Elles|Ce|Cet|Cette|C)$/;

/**
 * The speaker of an attributed sentence ("…, a déclaré le ministre Jean Dupont", "Selon Jean
 * Dupont, …", "Jane Doe said …"): the person's name nearest to the attribution cue, or null when the
 * sentence has no attribution or names no person. A heuristic, explained in docs/intake.md.
 */
export function findSpeaker(sentence: string): Speaker | null {
  ATTRIBUTION.lastIndex = 0;
  const cue = ATTRIBUTION.exec(sentence);
  if (!cue) return null;
  const names: { name: string; index: number }[] = [];
  NAME.lastIndex = 0;
  for (const m of sentence.matchAll(NAME)) {
    const words = m[0].split(/[\s\u00A0]+/);
    // "l'Otan Jens Stoltenberg": an elided article marks an institution, not a first name.
    if (m.index && /['’]/.test(sentence[m.index - 1])) words.shift();
    while (words.length && NOT_NAMES.test(words[0])) words.shift();
    if (words.length >= 2 && m.index !== undefined)
      names.push({ name: words.join(' '), index: m.index + m[0].indexOf(words[0]) });
  }
  if (!names.length) return null;
  const at = cue.index;
  // "Selon X, …", "According to X, …": the speaker is X, inside the cue's clause, or nobody
  // ("Selon le député irakien, Washington … Aïn al-Asad" names a place, not the speaker).
  if (/^(selon|d'après|d’après|according to|se référant à)$/i.test(cue[0])) {
    const clauseEnd = sentence.slice(at).search(/[,;:.]/);
    const end = clauseEnd < 0 ? sentence.length : at + clauseEnd;
    const inside = names.find((n) => n.index > at && n.index < end);
    return inside ? { name: inside.name.slice(0, 200) } : null;
  }
  const after = names.filter((n) => n.index > at).sort((a, b) => a.index - b.index)[0];
  const before = names.filter((n) => n.index < at).sort((a, b) => b.index - a.index)[0];
  // "Selon X" names the speaker after the cue; "X a déclaré" before; "…, a déclaré X" after.
  const best = after && (!before || after.index - at < at - before.index) ? after : before;
  return best ? { name: best.name.slice(0, 200) } : null;
}
