/**
 * Red/Amber/Green: the status words of implementation and potential, how users may type
 * them, and their severity order for "worst of" roll-ups.
 */
import { Result, fail, messages } from "../errors";

/** The RAG words, spelled as the contract spells them, from best to worst: the index of a word is its severity. */
export const RAGS = ["Green", "Amber", "Red"] as const;

/** A RAG status word. */
export type Rag = (typeof RAGS)[number];

/** Severity of each RAG word: Green 0, Amber 1, Red 2. Higher is worse. */
export const RAG_SEVERITY: Readonly<Record<Rag, number>> = { Green: 0, Amber: 1, Red: 2 };

// Accepted spellings after trimming and lower-casing: the word or its initial. A Map, so
// that text such as "constructor" cannot reach Object.prototype.
const SPELLINGS: ReadonlyMap<string, Rag> = new Map<string, Rag>([
  ["green", "Green"],
  ["g", "Green"],
  ["amber", "Amber"],
  ["a", "Amber"],
  ["red", "Red"],
  ["r", "Red"],
]);

/**
 * Reads a RAG status as a user typed it: Green, Amber or Red, or G, A, R, in any case,
 * ignoring spaces around the word.
 * @param value - The cell value (text; anything else is rejected).
 * @param arg - The argument name, for the message.
 * @param at - Optional position text, for the message.
 * @returns The status word as the contract spells it, or a `#VALUE!` failure naming the accepted words.
 * @example parseRag(" amber ") // => "Amber"
 * @example parseRag("r") // => "Red"
 */
export function parseRag(value: unknown, arg = "status", at?: string): Result<Rag> {
  const rag = typeof value === "string" ? SPELLINGS.get(value.trim().toLowerCase()) : undefined;
  return rag ?? fail("#VALUE!", messages.notRag(arg, value, at));
}

/**
 * The worst of some RAG statuses (Red over Amber over Green). Cost: O(n).
 * @param statuses - The statuses to roll up.
 * @returns The most severe one, or Green for none.
 * @example worstRag(["Green", "Amber", "Green"]) // => "Amber"
 */
export function worstRag(statuses: readonly Rag[]): Rag {
  let worst: Rag = "Green";
  for (const s of statuses) if (RAG_SEVERITY[s] > RAG_SEVERITY[worst]) worst = s;
  return worst;
}
