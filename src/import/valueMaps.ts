/**
 * Value maps: a client's own words for a field's values ("In Progress" for the gate L3),
 * given as `In Progress=L3,Completed=L5` (`--gate-map`) or in a mapping file. A value the map
 * does not name stays as typed and is reported by the field's own check.
 */
import { Result, fail, importMessages } from "../errors";

/** Folds a value for lookup: trimmed, inner spaces collapsed, case ignored. */
export function foldValue(value: unknown): string {
  return String(value ?? "")
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase();
}

/**
 * Reads `VALUE=TARGET` pairs separated by commas (a value may hold spaces, not commas).
 * Cost: O(length).
 * @param text - The list.
 * @param option - The option's name, for messages.
 * @param read - Reads a target ("L3"), undefined when it is not one.
 * @param targets - What the targets may be, for messages ("gates L0..L5").
 * @returns The map by folded value, or a `#VALUE!` failure naming the bad pair.
 * @example parseValueMap("In Progress=L3", "--gate-map", parseGate, "gates L0..L5").get("in progress") // => "L3 Implementing"
 */
export function parseValueMap<T>(
  text: string,
  option: string,
  read: (target: string) => T | undefined,
  targets: string,
): Result<Map<string, T>> {
  return valueMapOf(
    text
      .split(",")
      .map((p) => p.trim())
      .filter((p) => p !== "")
      .map((part) => {
        const eq = part.lastIndexOf("=");
        return eq <= 0 ? [part, ""] : [part.slice(0, eq), part.slice(eq + 1)];
      }),
    option,
    read,
    targets,
  );
}

/**
 * Builds a value map from pairs (a mapping file's object entries). Cost: O(pairs).
 * @returns The map by folded value, or a `#VALUE!` failure naming the bad pair or the repeated value.
 */
export function valueMapOf<T>(
  pairs: readonly (readonly [string, string])[],
  option: string,
  read: (target: string) => T | undefined,
  targets: string,
): Result<Map<string, T>> {
  const out = new Map<string, T>();
  for (const [value, target] of pairs) {
    const key = foldValue(value);
    const t = read(target.trim());
    if (key === "" || t === undefined)
      return fail("#VALUE!", importMessages.badValuePair(option, value, target, targets));
    if (out.has(key)) return fail("#VALUE!", importMessages.repeatedValue(option, value));
    out.set(key, t);
  }
  return out;
}
