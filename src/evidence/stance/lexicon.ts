/**
 * A small concept lexicon: inflected or derived forms that stemming does not bring together
 * (retrait / retiré, withdrew / withdrawal) and a few names with several forms, mapped to one key.
 * Keys are compared like stems. Folded words (no accents, lower case).
 */
const GROUPS: Record<string, string[]> = {
  '#withdraw': ['retrait', 'retraits', 'retire', 'retiree', 'retires', 'retirees', 'retirer', 'retirent', 'retirait', 'retiraient', 'retirera', 'retireront', 'withdrew', 'withdrawn', 'withdraw', 'withdraws', 'withdrawal', 'withdrawing', 'departure', 'depart', 'quitte', 'quitter', 'quittent', 'leave', 'left', 'leaving'],
  '#troops': ['troupes', 'troupe', 'soldats', 'soldat', 'militaires', 'forces', 'troops', 'soldiers', 'personnel', 'military'],
  '#usa': ['etats', 'unis', 'americains', 'americaines', 'americain', 'americaine', 'washington', 'american', 'americans', 'united', 'states', 'us', 'usa', 'pentagone', 'pentagon'],
  '#increase': ['hausse', 'augmente', 'augmentation', 'augmenter', 'progresse', 'progression', 'increase', 'increased', 'rise', 'rose', 'risen', 'grew', 'grown', 'growth'],
  '#decrease': ['baisse', 'baisser', 'diminue', 'diminution', 'recul', 'recule', 'chute', 'decrease', 'decreased', 'fall', 'fell', 'fallen', 'drop', 'dropped', 'decline', 'declined'],
  '#died': ['mort', 'morts', 'mortes', 'tue', 'tues', 'decede', 'deces', 'died', 'dead', 'killed', 'deaths', 'death'],
  '#said': ['declare', 'affirme', 'annonce', 'annoncé', 'said', 'says', 'stated', 'announced', 'claimed'],
};

const INDEX = new Map<string, string>();
for (const [key, forms] of Object.entries(GROUPS)) for (const f of forms) INDEX.set(f, key);

/** The concept key of a folded word, if the lexicon knows it. */
export const conceptOf = (word: string): string | undefined => INDEX.get(word);
