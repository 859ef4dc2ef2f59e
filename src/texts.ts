/**
 * Millions of short texts kept off the JavaScript heap: ticket keys of a large run, the shared
 * strings of a large workbook.
 *
 * A JavaScript string and its map entry cost about 100 bytes each on the garbage-collected
 * heap, which the engine lets grow to several times its live size before collecting: two
 * million ticket keys made that the largest part of a ten-million-event run's memory. Here the
 * texts' UTF-16 code units sit in one typed array with their start positions beside them
 * (about 30 bytes for a text of ten characters), and they become strings again only when asked
 * for, one at a time.
 */

/** Texts by position, kept as code units in typed arrays. */
export interface TextList {
  /** Appends a text; returns its position. Cost: O(length), amortized. */
  push(text: string): number;
  /** The text at a position (0 <= i < size). Cost: O(length). */
  at(i: number): string;
  /** True when the text at `i` is exactly `text`, without decoding it. */
  equals(i: number, text: string): boolean;
  readonly size: number;
}

/** Code units decoded per call of String.fromCharCode (under every engine's argument limit). */
const DECODE_CHUNK = 4096;

/**
 * An empty text list.
 * @example const l = textList(); l.push("a"); l.push("bc"); l.at(1) // => "bc"
 */
export function textList(): TextList {
  let units = new Uint16Array(1 << 12);
  let used = 0;
  // starts[i] .. starts[i + 1]: the code units of text i.
  let starts = new Float64Array(1 << 10);
  let size = 0;
  return {
    push(text) {
      if (used + text.length > units.length) {
        const grown = new Uint16Array(Math.max(units.length * 2, used + text.length));
        grown.set(units.subarray(0, used));
        units = grown;
      }
      for (let k = 0; k < text.length; k++) units[used + k] = text.charCodeAt(k);
      if (size + 2 > starts.length) {
        const grown = new Float64Array(starts.length * 2);
        grown.set(starts);
        starts = grown;
      }
      used += text.length;
      starts[size + 1] = used;
      return size++;
    },
    at(i) {
      if (!(i >= 0 && i < size)) throw new RangeError(`text ${i} of ${size}`); // a bug in the caller
      const from = starts[i];
      const to = starts[i + 1];
      let text = "";
      for (let at = from; at < to; at += DECODE_CHUNK) {
        const part = units.subarray(at, Math.min(to, at + DECODE_CHUNK));
        text += String.fromCharCode.apply(null, part as unknown as number[]);
      }
      return text;
    },
    equals(i, text) {
      const from = starts[i];
      if (starts[i + 1] - from !== text.length) return false;
      for (let k = 0; k < text.length; k++) if (units[from + k] !== text.charCodeAt(k)) return false;
      return true;
    },
    get size() {
      return size;
    },
  };
}

/** Keys to indices in order of first appearance, kept in typed arrays. */
export interface KeyTable {
  /** The index of a key, adding it when new. */
  indexOf(key: string): number;
  /** The key of an index (0 <= i < size). */
  keyAt(i: number): string;
  /** Keys so far. */
  readonly size: number;
}

/** FNV-1a over a string's UTF-16 code units, as a 32-bit integer. */
function hashOf(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h | 0;
}

/**
 * An empty key table: the texts in a {@link textList}, with an open-addressing hash table of
 * their indices (at most half full). About 40 bytes a key of ten characters, none of it on the
 * heap the collector scans. Cost: O(length of the key) per lookup; a key is decoded back to a
 * string only by `keyAt`.
 * @example const t = keyTable(); t.indexOf("INC1"); t.indexOf("INC2"); t.indexOf("INC1") // => 0
 */
export function keyTable(): KeyTable {
  const texts = textList();
  let hashes = new Int32Array(1 << 10);
  // index + 1 per slot, 0 for an empty one; linear probing.
  let slots = new Int32Array(1 << 11);
  // Exports list a ticket's events together: comparing with the last key skips most lookups.
  let lastKey: string | undefined;
  let last = -1;

  const place = (i: number) => {
    const mask = slots.length - 1;
    let s = hashes[i] & mask;
    while (slots[s] !== 0) s = (s + 1) & mask;
    slots[s] = i + 1;
  };
  const add = (key: string, h: number): number => {
    const i = texts.push(key);
    if (i === hashes.length) {
      const grown = new Int32Array(hashes.length * 2);
      grown.set(hashes);
      hashes = grown;
    }
    hashes[i] = h;
    if (texts.size * 2 > slots.length) {
      slots = new Int32Array(slots.length * 2);
      for (let j = 0; j < texts.size; j++) place(j);
    } else place(i);
    return i;
  };

  return {
    indexOf(key) {
      if (key === lastKey) return last;
      const h = hashOf(key);
      const mask = slots.length - 1;
      let i = -1;
      for (let s = h & mask; slots[s] !== 0; s = (s + 1) & mask) {
        const j = slots[s] - 1;
        if (hashes[j] === h && texts.equals(j, key)) {
          i = j;
          break;
        }
      }
      if (i < 0) i = add(key, h);
      lastKey = key;
      last = i;
      return i;
    },
    keyAt: (i) => texts.at(i),
    get size() {
      return texts.size;
    },
  };
}

/** A set of texts that may answer "seen" for a text never added, but never "unseen" for one added. */
export interface TextFilter {
  add(text: string): void;
  /** False when the text was never added; true when it was, or (rarely) when it was not. */
  mayHave(text: string): boolean;
}

/** A second hash over the code units (a multiply-xorshift), independent of FNV-1a's. */
function hash2Of(key: string): number {
  let h = 0x9e3779b9;
  for (let i = 0; i < key.length; i++) {
    h = Math.imul(h ^ key.charCodeAt(i), 0x85ebca6b);
    h ^= h >>> 13;
  }
  return (h | 1) >>> 0;
}

/**
 * A 53-bit hash of a text (FNV-1a's 32 bits and 21 of a second, independent hash), exact in a
 * double: among a million texts two share one with a chance of about 1 in 18,000, so a caller
 * telling texts apart by it must treat an equal hash as "maybe the same". Cost: O(length).
 * @example textHash("INC1") === textHash("INC1") // => true
 */
export function textHash(text: string): number {
  return (hashOf(text) >>> 0) * 2 ** 21 + (hash2Of(text) >>> 11);
}

/** Probes a text makes in a filter. */
const PROBES = 7;

/**
 * A Bloom filter of `bits` bits (a power of two, 2^5 to 2^31): fixed memory (bits / 8 bytes)
 * whatever is added; with m bits and n texts, a text never added is reported as seen with a
 * chance of about (1 - e^(-7n/m))^7 (one in a billion at 134 bits a text). Cost: O(length) per
 * call.
 * @example const f = textFilter(1 << 16); f.add("INC1"); [f.mayHave("INC1"), f.mayHave("INC2")] // => [true, false]
 */
export function textFilter(bits: number): TextFilter {
  const words = new Int32Array(Math.max(1, bits >>> 5));
  const mask = words.length * 32 - 1;
  const each = (text: string, probe: (bit: number) => boolean): boolean => {
    const h1 = hashOf(text) >>> 0;
    const h2 = hash2Of(text);
    for (let i = 0; i < PROBES; i++) if (!probe((h1 + Math.imul(i, h2)) & mask)) return false;
    return true;
  };
  return {
    add: (text) =>
      void each(text, (bit) => {
        words[bit >>> 5] |= 1 << (bit & 31);
        return true;
      }),
    mayHave: (text) => each(text, (bit) => (words[bit >>> 5] & (1 << (bit & 31))) !== 0),
  };
}
