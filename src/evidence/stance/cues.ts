/**
 * Cue phrases of the built-in stance analyzer, folded (lower case, no accents). A phrase is matched
 * on word boundaries in folded text. Lists are the analyzer's explainable knowledge: a rationale
 * quotes the cue it found.
 */
export const DENIAL_CUES: Record<string, string[]> = {
  fr: [
    'dement', 'dementi', 'dementent', 'a dementi', 'ont dementi', 'dementir', 'faux', 'fausse', 'infonde', 'infondee', 'infondees', 'infondes', 'errone', 'erronee',
    'rumeur', 'intox', 'canular', 'fake', 'aucune preuve', 'pas de preuve', 'aucun element', 'nie', 'nient', 'a nie', 'ont nie', 'contredit', 'contredisent', 'inexact', 'inexacte',
    'n\'a pas', 'n\'ont pas', 'n\'est pas', 'ne sont pas', 'n\'a jamais', 'n\'ont jamais', 'jamais', 'aucun', 'aucune', 'pas', 'non', 'rejete', 'rejette', 'conteste', 'contestent',
    'qualifie d\'erreur', 'erreur', 'trompeur', 'trompeuse', 'ni', 'sans fondement', 'dementis',
  ],
  en: [
    'denied', 'denies', 'deny', 'denial', 'false', 'falsely', 'untrue', 'unfounded', 'baseless', 'no evidence', 'not true', 'hoax', 'debunked', 'fake', 'incorrect', 'inaccurate',
    'not', 'never', 'no', 'did not', 'does not', 'has not', 'have not', 'was not', 'were not', 'didn\'t', 'doesn\'t', 'hasn\'t', 'haven\'t', 'wasn\'t', 'weren\'t', 'isn\'t', 'aren\'t',
    'rejected', 'rejects', 'refuted', 'refutes', 'dismissed', 'contradicts', 'contradicted', 'misleading', 'myth', 'rumor', 'rumour', 'wrong', 'error', 'nor', 'disputed',
  ],
};

/** Strong denial words: they say the claim itself is false (stronger than a bare negation). */
export const STRONG_DENIAL: Record<string, string[]> = {
  fr: ['dement', 'dementi', 'dementent', 'dementir', 'dementis', 'faux', 'fausse', 'infonde', 'infondee', 'infondees', 'infondes', 'errone', 'erronee', 'rumeur', 'intox', 'canular', 'aucune preuve', 'pas de preuve', 'nie', 'nient', 'contredit', 'contredisent', 'inexact', 'inexacte', 'sans fondement', 'qualifie d\'erreur', 'trompeur', 'trompeuse', 'rejete', 'conteste', 'contestent'],
  en: ['denied', 'denies', 'deny', 'denial', 'false', 'falsely', 'untrue', 'unfounded', 'baseless', 'no evidence', 'not true', 'hoax', 'debunked', 'incorrect', 'inaccurate', 'refuted', 'contradicts', 'contradicted', 'misleading', 'myth', 'disputed', 'rejected'],
};

export const HEDGE_CUES: Record<string, string[]> = {
  fr: [
    'pourrait', 'pourraient', 'peut-etre', 'peut etre', 'eventuel', 'eventuelle', 'eventuellement', 'selon certaines informations', 'serait', 'seraient', 'aurait', 'auraient',
    'non confirme', 'non confirmee', 'non confirmes', 'non confirmees', 'pas confirme', 'sans confirmation', 'a l\'etude', 'a letude', 'envisage', 'envisagent', 'envisagerait', 'possible', 'possiblement', 'probablement', 'hypothese', 'il est question', 'evoque', 'evoquent',
    'reste a confirmer', 'spécule', 'specule', 'speculations', 'pas encore',
  ],
  en: [
    'could', 'might', 'may', 'possibly', 'perhaps', 'reportedly', 'allegedly', 'unconfirmed', 'not confirmed', 'rumoured', 'rumored', 'considering', 'considers', 'weighing',
    'speculation', 'speculate', 'expected to', 'plans to', 'planning to', 'would', 'likely', 'unclear', 'not yet', 'yet to be confirmed', 'is said to', 'are said to', 'no decision',
    'under consideration', 'rumours', 'rumors', 'if',
  ],
};

/** Fact-check ratings (folded) and the stance they give. */
export const RATING_STANCE: { pattern: RegExp; stance: 'supports' | 'refutes' | 'neutral' }[] = [
  { pattern: /\b(mostly false|mostly-false|plutot faux|pants on fire|faux|fausse|false|incorrect|inexact|trompeur|misleading|fake|intox|infonde|wrong|untrue|four pinocchios)\b/, stance: 'refutes' },
  { pattern: /\b(mixed|mitige|partly|partiellement|half|a nuancer|unproven|unverifiable|invérifiable|inverifiable|manque de contexte|missing context)\b/, stance: 'neutral' },
  { pattern: /\b(true|vrai|vraie|correct|exact|exacte|accurate|mostly true|plutot vrai|confirmed|confirme)\b/, stance: 'supports' },
];
