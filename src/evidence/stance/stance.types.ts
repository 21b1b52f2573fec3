import type { Stance } from '../evidence.entity';

export interface StanceInput {
  claim: string;
  /** The claim's language: stemming, stopwords and cues follow it. */
  language: string;
  title: string;
  text: string;
  /** The source's language, when known: its cue words are read too. */
  sourceLanguage?: string | null;
  /** A fact-check's rating, when the source is one. */
  rating?: string | null;
}

export interface StanceResult {
  stance: Stance;
  /** Confidence in the stance, 0..1. */
  stanceScore: number;
  /** How much of the claim the source covers, 0..1. */
  relevance: number;
  /** One sentence a checker can read. */
  rationale: string;
  /** The sentences of the source the analyzer read. */
  passage: string;
  /** The language the source was read in, and whether it differs from the claim's. */
  sourceLanguage?: string;
  crossLanguage?: boolean;
}

/** Sources below this relevance are dropped. */
export const MIN_RELEVANCE = 0.25;
