/**
 * Cue words and patterns of the check-worthiness features, French and English together (the two
 * vocabularies hardly collide, and mixed-language articles exist). Every pattern is anchored on
 * word boundaries and has no nested quantifier, so matching stays linear.
 */

/** Builds a case-insensitive, Unicode-aware, whole-word regular expression from alternatives. */
export function words(alternatives: string[], flags = 'giu'): RegExp {
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`, flags);
}

export const NUMBER_WORDS = words([
  'deux', 'trois', 'quatre', 'cinq', 'six', 'sept', 'huit', 'neuf', 'dix', 'onze', 'douze', 'quinze', 'vingt', 'trente', 'quarante', 'cinquante', 'soixante', 'cent', 'cents', 'mille', 'millions?', 'milliards?', 'centaines?', 'milliers?', 'dizaines?', 'moitié', 'tiers', 'quart', 'double', 'triple',
  'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'fifteen', 'twenty', 'thirty', 'forty', 'fifty', 'hundreds?', 'thousands?', 'millions?', 'billions?', 'trillions?', 'dozens?', 'half', 'third', 'quarter', 'twice', 'tripled', 'doubled',
]);

/** A number with its unit or what it counts: a quantity. */
export const QUANTITY = new RegExp(
  `\\d(?:[\\d\\s\\u00A0\\u202F.,]{0,12}\\d)?\\s?(?:%|‰|€|\\$|£|(?:pour\\s?cent|percent|per\\s?cent|points?|km|kilomètres?|kilometres?|kilometers?|miles?|m|mètres?|metres?|meters?|kg|tonnes?|tons?|hectares?|acres?|euros?|dollars?|livres|pounds|habitants|personnes|people|morts|deaths|victimes|soldats|soldiers|troops|militaires|salariés|employés|jobs|emplois|postes|cas|cases|voix|votes|ans|years|mois|months|jours|days|heures|hours|bases|missiles|drones|patients|patients|migrants|touristes|tourists|millions?|milliards?|billions?|mds?|md|bn))(?![\\p{L}])`,
  'giu',
);
export const DIGITS = /\p{N}/gu;

export const MONTHS_AND_DAYS = words([
  'janvier', 'février', 'fevrier', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'aout', 'septembre', 'octobre', 'novembre', 'décembre', 'decembre', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche', 'hier', 'trimestre', 'semestre', "l'an dernier", "l'année dernière", 'depuis \\d{4}',
  'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'yesterday', 'last (?:year|month|week|decade)', 'quarter', 'since \\d{4}',
]);
export const YEAR = /(?<!\p{N})(?:1[89]\d{2}|20\d{2})(?!\p{N})/gu;

export const COMPARISON = words([
  'plus de', 'moins de', 'plus que', 'moins que', 'davantage', 'supérieure?s?', 'inférieure?s?', 'hausse', 'baisse', 'augment\\p{L}*', 'diminu\\p{L}*', 'recul\\p{L}*', 'progress\\p{L}*', 'doublé', 'triplé', 'dépass\\p{L}*', 'record', 'premier', 'première', 'dernier', 'seule?', 'le plus', 'la plus', 'les plus', 'plus bas', 'plus haut', 'plus grande?s?', 'majorité', 'moyenne', 'tombée?s?', 'passée?s? de', 'contre \\d',
  'more than', 'less than', 'fewer than', 'over \\d', 'under \\d', 'higher', 'lower', 'rose', 'risen', 'rise', 'fell', 'fallen', 'dropped', 'shrank', 'grew', 'grown', 'increased?', 'decreased?', 'overtook', 'overtaking', 'exceeded', 'record', 'first', 'only', 'most', 'least', 'largest', 'biggest', 'highest', 'lowest', 'worst', 'best', 'majority', 'average', 'cut', 'doubled', 'halved', 'faster', 'slower',
]);

export const ATTRIBUTION = words([
  'a déclaré', "qu'a déclaré", 'ont déclaré', 'a affirmé', 'ont affirmé', 'a assuré', 'a annoncé', 'ont annoncé', 'a démenti', 'ont démenti', 'a indiqué', 'a précisé', 'a confirmé', 'a reconnu', 'a expliqué', 'a estimé', 'a rapporté', 'a révélé', 'a dénoncé', 'a accusé', 'a nié', 'démenti', 'selon', "d'après", 'se référant à', 'indique', 'affirme', 'déclare', 'rapporte',
  'said', 'says', 'told', 'stated', 'claimed', 'claims', 'announced', 'denied', 'denies', 'confirmed', 'reported', 'according to', 'found', 'revealed', 'admitted', 'insisted', 'accused',
]);

export const CAUSAL = words([
  'parce que', 'à cause de', 'en raison de', 'grâce à', 'provoqu\\p{L}*', 'entraîné\\p{L}?', 'entraîne', 'entraînant', 'causé\\p{L}*', 'a permis de', 'responsable de', 'conduit à', 'en représailles',
  'because', 'due to', 'caused?', 'causes', 'led to', 'leads to', 'result(?:ed)? in', 'as a result', 'responsible for', 'thanks to',
]);

/** Measurable public quantities: the usual subjects of fact-checks. */
export const STATISTIC = words([
  'taux', 'chômage', 'inflation', 'dette', 'déficit', 'budget', 'impôts?', 'salaires?', 'prix', 'population', 'habitants', 'naissances', 'morts', 'décès', 'victimes', 'émissions', 'croissance', 'PIB', 'exportations', 'importations', 'électricité', 'recettes', 'dépenses', 'subventions?', 'aides',
  'rate', 'unemployment', 'inflation', 'debt', 'deficit', 'budget', 'tax(?:es)?', 'wages?', 'salary', 'prices?', 'population', 'births', 'deaths', 'died', 'killed', 'emissions', 'growth', 'GDP', 'exports?', 'imports?', 'electricity', 'revenue', 'spending', 'funding', 'profits?', 'loss',
]);

/** Completed events: an action that happened (passé composé, simple past of common news verbs). */
export const EVENT = words([
  '(?:a|ont) été \\p{L}+', '(?:a|ont) (?:adopté|voté|signé|supprimé|créé|licencié|tiré|lancé|construit|condamné|arrêté|interpellé|bombardé|détruit|fermé|ouvert|atteint|perdu|gagné|quitté|retiré|tué|fait|coûté|permis|relevé|réduit|doublé|brûlé)',
  'passed', 'signed', 'launched', 'killed', 'arrested', 'sentenced', 'approved', 'destroyed', 'deployed', 'withdrew', 'withdrawn', 'paid', 'burned', 'cost', 'built', 'closed', 'created', 'reached', 'became', 'voted',
]);

export const OPINION = words([
  'je pense', 'je crois', 'à mon avis', 'selon moi', "j'en suis convaincu", 'il faut', 'il faudrait', 'faut-il', 'nous devons', 'on doit', 'devrait', 'devraient', 'magnifique', 'formidable', 'incroyable', 'injuste', 'scandaleux', 'honteux', 'catastrophe', 'sans doute', 'profondément', 'absolument', 
  'i think', 'i believe', 'in my opinion', 'we need', 'we must', 'we should', 'should', 'ought to', 'beautiful', 'wonderful', 'amazing', 'terrible', 'unfair', 'disgrace', 'shameful', 'disaster', 'deeply', 
]);

export const PREDICTION = words([
  'pourrait', 'pourraient', 'pourra', 'pourront', 'va', 'vont', 'allons', 'sera', 'seront', 'serait', 'seraient', 'espère', 'prochaine?s?', 'peut-être', "d'ici", 'à l\'avenir', "l'avenir", 
  'will', "won't", 'would', 'could', 'might', 'may', 'going to', 'next (?:week|month|year)', 'coming days', 'hopes?', 'maybe', 'perhaps', 'future', 'later this', "let's",
]);

export const FIRST_PERSON = words(['je', "j'", 'nous', 'moi', 'on', 'i', 'we', 'us', 'our', 'my', 'me']);
export const GREETING = words(['bonjour', 'bonsoir', 'merci', 'bienvenue', 'hello', 'good (?:morning|evening|afternoon)', 'thank you', 'thanks', 'welcome']);

/** A capitalised word that is not the sentence's first (a name, a place, an institution). */
export const CAPITALISED = /(?<=[\s(«"“'’-])\p{Lu}[\p{L}'’-]*/gu;
/** An acronym: two or more capitals ("CENTCOM", "OMS", "FDA"). */
export const ACRONYM = /(?<![\p{L}])\p{Lu}{2,}(?![\p{L}])/gu;
