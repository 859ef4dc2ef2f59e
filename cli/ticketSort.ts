/**
 * The events of an export gathered by ticket in bounded memory: an external merge sort.
 *
 * Events arrive in file order: the ticket's key, then eight numbers (row, time, local flag,
 * state code, priority id, group id, hours on hold, and the event's place in the whole run).
 * They are kept in a buffer of `runEvents` events, their keys interned in a table of the
 * buffer's own (src/texts.ts), so no table of every ticket of the export is ever held. When
 * the buffer is full its events are sorted by ticket key (then push order) and written to a
 * run file of raw 64-bit numbers, the run's keys beside it in key order. At the end the runs
 * are merged by key: each ticket comes out with its events from each run in run order, so in
 * push order, exactly as the in-memory run sees them, with `first`, the place of its first
 * event, by which its rows are put back in order of first appearance (`sortedRowStore`). An
 * export that fits in one buffer never touches the disk.
 *
 * Cost: per run, a sort of its distinct keys (string comparisons) and the typed array's
 * native numeric sort of one key per event; each event is written once and read once (72
 * bytes); the merge compares one key per run and ticket. Memory: the buffer, its key table and
 * a window per run.
 */
import * as fs from "fs";
import * as path from "path";
import { StringDecoder } from "string_decoder";
import { KeyTable, keyTable, textHash } from "../src/texts";

/** Numbers stored per event: buffer id (rank in a run file), then the eight numbers. */
const FIELDS = 9;
/** Events read at a time from each run. */
const WINDOW = 16 * 1024;

/** One ticket's events, in push order, in arrays reused from one ticket to the next. */
export interface TicketBatch {
  /** The ticket's key (trimmed text). */
  readonly key: string;
  /** Place in the run of the ticket's first event (orders tickets by first appearance). */
  readonly first: number;
  readonly n: number;
  readonly rows: Float64Array;
  readonly times: Float64Array;
  readonly local: Uint8Array;
  readonly codes: Int32Array;
  readonly priorityOf: Int32Array;
  readonly groupOf: Int32Array;
  /** Hours on hold the event's row gave (0 for none). */
  readonly holds: Float64Array;
}

/** A sorter of events by ticket, spilling to `dir` beyond `runEvents` events. */
export interface EventSort {
  push(
    key: string,
    row: number,
    ms: number,
    local: boolean,
    code: number,
    priority: number,
    group: number,
    hold: number,
  ): void;
  /** Events pushed so far. */
  readonly size: number;
  /** Run files written so far. */
  readonly runs: number;
  /** Events in the buffer now. */
  readonly buffered: number;
  /**
   * Every ticket with its events (one batch, valid until the next): in order of first
   * appearance when nothing spilled, else in key order (put rows back with `first`).
   */
  tickets(): Iterable<TicketBatch>;
  /** True when the buffer's events are in ticket order already (an export grouped by ticket). */
  ordered(): boolean;
  /** Lowest and highest time (epoch ms as pushed) in the buffer. */
  span(): { lo: number; hi: number };
  /**
   * The buffer's tickets in order of first appearance, each with its events, except (when
   * `keepLast`) the ticket of the last event pushed, whose events stay in the buffer for more
   * to join them. Only before any run is written (a run measured as it is read). Each batch is
   * valid until the next.
   */
  drain(keepLast: boolean): Iterable<TicketBatch>;
}

/**
 * A new sorter.
 * @param dir - Where run files go (a folder the caller removes, see cli/tempdir.ts).
 * @param runEvents - Events kept in memory before a run is written (at most 2^21).
 * @param whenFull - Called when the buffer is full, before a run is written: it may `drain`
 *   the buffer instead (and return true); if the buffer is still full, a run is written.
 * @example const s = eventSort(tmp.path, 1_000_000); s.push("INC1", 2, ms, true, 1, 0, -1, 0); for (const b of s.tickets()) ...
 */
export function eventSort(dir: string, runEvents: number, whenFull?: () => boolean): EventSort {
  // key = rank * SPAN + position in the buffer: one number sorts by ticket, then push order.
  const SPAN = 2 ** Math.ceil(Math.log2(runEvents + 1));
  const buffer = new Float64Array(runEvents * FIELDS);
  let keys: KeyTable = keyTable();
  let n = 0;
  let total = 0;
  const runFiles: string[] = [];
  // The sort's scratch arrays, made at the first sort and reused by every run after it.
  let keyScratch: Float64Array | undefined;
  let outScratch: Float64Array | undefined;

  /** The buffer's events sorted by `rank` of their buffer id (a stable sort), as one array of records. */
  const sortedBy = (rank: ((id: number) => number) | undefined): Float64Array => {
    let ordered = true;
    for (let i = 1; i < n && ordered; i++) {
      const a = buffer[(i - 1) * FIELDS];
      const b = buffer[i * FIELDS];
      ordered = rank ? rank(b) >= rank(a) : b >= a;
    }
    if (ordered) return buffer.subarray(0, n * FIELDS);
    keyScratch ??= new Float64Array(runEvents);
    outScratch ??= new Float64Array(runEvents * FIELDS);
    const order = keyScratch.subarray(0, n);
    for (let i = 0; i < n; i++) {
      const id = buffer[i * FIELDS];
      order[i] = (rank ? rank(id) : id) * SPAN + i;
    }
    order.sort();
    const out = outScratch.subarray(0, n * FIELDS);
    for (let k = 0; k < n; k++) {
      const i = order[k] % SPAN;
      out.set(buffer.subarray(i * FIELDS, i * FIELDS + FIELDS), k * FIELDS);
    }
    return out;
  };
  const spill = () => {
    // The run's keys in key order; each record's id becomes its key's rank.
    const texts = Array.from({ length: keys.size }, (_, i) => keys.keyAt(i));
    const byKey = Array.from(texts.keys()).sort((a, b) => (texts[a] < texts[b] ? -1 : texts[a] > texts[b] ? 1 : 0));
    const rankOf = new Int32Array(texts.length);
    byKey.forEach((id, r) => (rankOf[id] = r));
    const records = sortedBy((id) => rankOf[id]);
    for (let at = 0; at < records.length; at += FIELDS) records[at] = rankOf[records[at]];
    const file = path.join(dir, `run-${runFiles.length}.bin`);
    fs.writeFileSync(file, new Uint8Array(records.buffer, records.byteOffset, n * FIELDS * 8));
    fs.writeFileSync(`${file}.keys`, byKey.map((id) => JSON.stringify(texts[id])).join("\n") + "\n");
    runFiles.push(file);
    n = 0;
    keys = keyTable();
  };
  /** The buffer as a source of the merge, in order of first appearance. */
  const memory = (): RunReader => {
    const table = keys;
    return memoryReader(sortedBy(undefined), (id) => table.keyAt(id));
  };

  return {
    push(key, row, ms, local, code, priority, group, hold) {
      if (n === runEvents && !(whenFull?.() && n < runEvents)) spill();
      const at = n * FIELDS;
      buffer[at] = keys.indexOf(key);
      buffer[at + 1] = row;
      buffer[at + 2] = ms;
      buffer[at + 3] = local ? 1 : 0;
      buffer[at + 4] = code;
      buffer[at + 5] = priority;
      buffer[at + 6] = group;
      buffer[at + 7] = hold;
      buffer[at + 8] = total;
      n++;
      total++;
    },
    get size() {
      return total;
    },
    get runs() {
      return runFiles.length;
    },
    get buffered() {
      return n;
    },
    tickets() {
      if (runFiles.length && n) spill();
      return merge(runFiles.length ? runFiles.map(runReader) : [memory()]);
    },
    ordered() {
      for (let i = 1; i < n; i++) if (buffer[i * FIELDS] < buffer[(i - 1) * FIELDS]) return false;
      return true;
    },
    span() {
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = 0; i < n; i++) {
        const ms = buffer[i * FIELDS + 2];
        if (ms < lo) lo = ms;
        if (ms > hi) hi = ms;
      }
      return { lo, hi };
    },
    *drain(keepLast) {
      if (runFiles.length) throw new Error("drain after a run was written"); // a bug in the caller
      const table = keys;
      const keep = keepLast && n ? buffer[(n - 1) * FIELDS] : -1;
      const keepKey = keep < 0 ? undefined : table.keyAt(keep);
      const records = sortedBy(undefined);
      // The kept ticket's events are together in the sorted records: [from, to).
      let from = records.length;
      let to = records.length;
      for (let at = 0; at < records.length && keep >= 0; at += FIELDS) {
        if (records[at] === keep && from === records.length) from = at;
        if (records[at] > keep) {
          to = at;
          break;
        }
      }
      if (from === records.length) to = from;
      for (const batch of merge([memoryReader(records, (id) => table.keyAt(id))])) {
        if (batch.key !== keepKey) yield batch;
      }
      // Kept events to the front (set copies within one buffer as if through a copy), in a table of their own.
      buffer.set(records.subarray(from, to));
      n = (to - from) / FIELDS;
      keys = keyTable();
      if (n) keys.indexOf(keepKey!);
      for (let i = 0; i < n; i++) buffer[i * FIELDS] = 0;
    },
  };
}

/**
 * Why a run reading one row per ticket straight into tickets stops and takes the general path
 * (cli/tickets.ts reads the export again that way): a ticket seen before came back after
 * another's rows (or the filter of tickets seen could not tell), a ticket has more events than a
 * buffer of the general path holds, or a day/month time waits for its column's order.
 */
export class NotOneRowPerTicket extends Error {
  constructor(
    readonly why: "comeback" | "big ticket" | "day/month",
    readonly row: number,
  ) {
    super(`${why} at row ${row}`);
  }
}

/** One row per ticket read straight into tickets: each ticket handed on when the next one starts (see `adjacentTickets`). */
export interface AdjacentTickets {
  /** As `EventSort.push` (no group: the direct path is taken without --group). @throws NotOneRowPerTicket */
  push(key: string, row: number, ms: number, local: boolean, code: number, priority: number, hold: number): void;
  /** Hands on the last ticket. @throws NotOneRowPerTicket when a ticket's rows were not all together. */
  finish(): void;
  /** Events pushed so far. */
  readonly size: number;
}

/**
 * The events of an export whose rows give each ticket once (a one-row-per-ticket export, or its
 * rows of a ticket one under the other) gathered ticket by ticket with no buffer, sort or merge:
 * a ticket's events go to `measure` as one batch (push order, `first` its first event's place
 * in the run, as the merge gives it) when the next ticket starts. A ticket seen before coming
 * back after another's rows cannot be measured this way: each ticket's 53-bit hash is kept, and
 * `finish` throws when two are equal (a real comeback, or rarely two keys of one hash); a push
 * throws for a ticket of `runEvents` events or more, which the general path sorts on disk.
 * Cost: O(1) an event, a hash of the key a ticket, and a sort of the hashes at the end; memory:
 * one ticket's events and 8 bytes a ticket.
 * @example const a = adjacentTickets(1_000_000, (b) => console.log(b.key, b.n)); a.push("INC1", 2, 0, false, 1, 0, 0); a.finish() // logs INC1 1
 */
export function adjacentTickets(runEvents: number, measure: (batch: TicketBatch) => void): AdjacentTickets {
  let hashes = new Float64Array(1024);
  let tickets = 0;
  let capacity = 8;
  let arrays = newBatch(capacity);
  let key = "";
  let first = 0;
  let n = 0;
  let total = 0;
  const handOn = () => {
    if (n === 0) return;
    const { rows, times, local, codes, priorityOf, groupOf, holds } = arrays;
    measure({ rows, times, local, codes, priorityOf, groupOf, holds, key, first, n });
    n = 0;
  };
  return {
    push(ticket, row, ms, isLocal, code, priority, hold) {
      if (ticket !== key) {
        handOn();
        if (tickets === hashes.length) {
          const more = new Float64Array(tickets * 2);
          more.set(hashes);
          hashes = more;
        }
        hashes[tickets++] = textHash(ticket);
        key = ticket;
        first = total;
      } else if (n + 1 >= runEvents) throw new NotOneRowPerTicket("big ticket", row);
      if (n === capacity) {
        capacity *= 2;
        arrays = grow(arrays, capacity, n);
      }
      arrays.rows[n] = row;
      arrays.times[n] = ms;
      arrays.local[n] = isLocal ? 1 : 0;
      arrays.codes[n] = code;
      arrays.priorityOf[n] = priority;
      arrays.groupOf[n] = -1;
      arrays.holds[n] = hold;
      n++;
      total++;
    },
    finish() {
      handOn();
      // Every ticket once: no two hashes equal (the typed array's numeric sort, in place).
      const sorted = hashes.subarray(0, tickets).sort();
      for (let i = 1; i < tickets; i++) if (sorted[i] === sorted[i - 1]) throw new NotOneRowPerTicket("comeback", 0);
    },
    get size() {
      return total;
    },
  };
}

/** A cursor over one run's records, sorted by ticket. */
interface RunReader {
  /** Key of the current record's ticket, or undefined at the end. */
  key(): string | undefined;
  /** The current record's fields. */
  field(f: number): number;
  next(): void;
}

/** The records of the buffer; `keyOf` gives the key of a buffer id (decoded once a ticket). */
function memoryReader(records: Float64Array, keyOf: (id: number) => string): RunReader {
  let at = 0;
  let id = -1;
  let key = "";
  return {
    key() {
      if (at >= records.length) return undefined;
      if (records[at] !== id) {
        id = records[at];
        key = keyOf(id);
      }
      return key;
    },
    field: (f) => records[at + f],
    next: () => void (at += FIELDS),
  };
}

/** Reads a run file through a window of WINDOW records, and its keys as their ranks come. */
function runReader(file: string): RunReader {
  const fd = fs.openSync(file, "r");
  const window = new Float64Array(WINDOW * FIELDS);
  const bytes = new Uint8Array(window.buffer);
  const keys = lineReader(`${file}.keys`);
  let rank = -1;
  let key = "";
  let count = 0;
  let at = 0;
  let position = 0;
  let done = false;
  const fill = () => {
    let got = 0;
    while (got < bytes.length) {
      const r = fs.readSync(fd, bytes, got, bytes.length - got, position);
      if (r === 0) break;
      got += r;
      position += r;
    }
    count = Math.floor(got / (FIELDS * 8));
    at = 0;
    if (count === 0) {
      done = true;
      fs.closeSync(fd);
      keys.close();
    }
  };
  fill();
  return {
    key() {
      if (done) return undefined;
      // Every rank of the run has records, in order: the next key is the next line.
      while (rank < window[at * FIELDS]) {
        key = JSON.parse(keys.next()!) as string;
        rank++;
      }
      return key;
    },
    field: (f) => window[at * FIELDS + f],
    next: () => {
      if (++at === count) fill();
    },
  };
}

/** Merges sources sorted by ticket: the least key first, its events source by source. */
function* merge(sources: RunReader[]): Iterable<TicketBatch> {
  let capacity = 64;
  let batch = newBatch(capacity);
  for (;;) {
    // Indexed loops, not for...of: this runs once a ticket (a million times), and a lone source
    // (an export listed by ticket, drained from memory) should cost no iterator.
    let key: string | undefined;
    for (let i = 0; i < sources.length; i++) {
      const k = sources[i].key();
      if (k !== undefined && (key === undefined || k < key)) key = k;
    }
    if (key === undefined) return;
    let n = 0;
    let first = Infinity;
    for (let i = 0; i < sources.length; i++) {
      const s = sources[i];
      while (s.key() === key) {
        if (n === capacity) {
          capacity *= 2;
          batch = grow(batch, capacity, n);
        }
        batch.rows[n] = s.field(1);
        batch.times[n] = s.field(2);
        batch.local[n] = s.field(3);
        batch.codes[n] = s.field(4);
        batch.priorityOf[n] = s.field(5);
        batch.groupOf[n] = s.field(6);
        batch.holds[n] = s.field(7);
        const seq = s.field(8);
        if (seq < first) first = seq;
        n++;
        s.next();
      }
    }
    // Each array named (a spread copies by looking the fields up, once a ticket).
    const { rows, times, local, codes, priorityOf, groupOf, holds } = batch;
    yield { rows, times, local, codes, priorityOf, groupOf, holds, key, first, n };
  }
}

type Arrays = Omit<TicketBatch, "key" | "first" | "n">;

function newBatch(capacity: number): Arrays {
  return {
    rows: new Float64Array(capacity),
    times: new Float64Array(capacity),
    local: new Uint8Array(capacity),
    codes: new Int32Array(capacity),
    priorityOf: new Int32Array(capacity),
    groupOf: new Int32Array(capacity),
    holds: new Float64Array(capacity),
  };
}

function grow(batch: Arrays, capacity: number, n: number): Arrays {
  const next = newBatch(capacity);
  for (const k of Object.keys(next) as (keyof Arrays)[]) next[k].set(batch[k].subarray(0, n) as never);
  return next;
}

/** The lines of a text file, read through a 64 KB window. */
export function* textLines(file: string): Iterable<string> {
  const lines = lineReader(file);
  try {
    for (let line = lines.next(); line !== undefined; line = lines.next()) yield line;
  } finally {
    lines.close();
  }
}

/** The lines of a text file, read through a window (64 KB unless given). */
interface LineReader {
  /** The next line, or undefined at the end. */
  next(): string | undefined;
  close(): void;
}

function lineReader(file: string, windowBytes = 1 << 16): LineReader {
  let fd: number | undefined = fs.openSync(file, "r");
  const chunk = Buffer.alloc(windowBytes);
  // A character split between two reads is held back by the decoder, not garbled.
  const decoder = new StringDecoder("utf8");
  let lines: string[] = [];
  let at = 0;
  let rest = "";
  const close = () => {
    if (fd !== undefined) fs.closeSync(fd);
    fd = undefined;
  };
  return {
    next() {
      while (at === lines.length) {
        if (fd === undefined) return undefined;
        const got = fs.readSync(fd, chunk, 0, chunk.length, null);
        if (got === 0) {
          close();
          lines = rest ? [rest] : [];
          rest = "";
        } else {
          lines = (rest + decoder.write(chunk.subarray(0, got))).split("\n");
          rest = lines.pop()!;
        }
        at = 0;
      }
      return lines[at++];
    },
    close,
  };
}

/** A plain cell value of a stored row. */
type Plain = string | number | boolean | null;

/** Rows of plain values kept in memory up to a limit, then in a file of JSON lines. */
export interface RowStore {
  push(cells: readonly Plain[]): void;
  readonly count: number;
  /** The rows in push order (read back from the file when they spilled). */
  rows(): Iterable<Plain[]>;
  /** Closes the file of a store given up (its folder is removed by the caller). */
  close(): void;
}

/** Appends text to a file through a 1 MB buffer (the file is made at the first flush). */
export function appender(file: string) {
  let fd: number | undefined;
  let pending = "";
  const flush = () => {
    if (pending) {
      fd ??= fs.openSync(file, "w");
      fs.writeSync(fd, pending);
    }
    pending = "";
  };
  return {
    write(text: string) {
      pending += text;
      if (pending.length > 1 << 20) flush();
    },
    /** Writes what is buffered, so the file can be read. */
    flush,
    /** Flushes and closes the file (it stays on disk). */
    close() {
      flush();
      if (fd !== undefined) fs.closeSync(fd);
      fd = undefined;
    },
  };
}

/**
 * A store of sheet rows for a streamed run: the first `keep` rows in memory, the rest in
 * `dir/name.jsonl` (JSON keeps every number exactly). Cost: one JSON line a row.
 * @example const s = rowStore(tmp.path, "tickets", 100_000); s.push(["INC1", 4]); [...s.rows()] // => [["INC1", 4]]
 */
export function rowStore(dir: string, name: string, keep: number): RowStore {
  const memory: Plain[][] = [];
  const file = path.join(dir, `${name}.jsonl`);
  const out = appender(file);
  let spilled = false;
  let count = 0;
  return {
    push(cells) {
      count++;
      if (!spilled && memory.length < keep) {
        memory.push(cells as Plain[]);
        return;
      }
      spilled = true;
      out.write(JSON.stringify(cells) + "\n");
    },
    get count() {
      return count;
    },
    close: () => out.close(),
    *rows() {
      yield* memory;
      if (!spilled) return;
      out.close();
      for (const line of textLines(file)) if (line) yield JSON.parse(line) as Plain[];
    },
  };
}

/** Rows put back in an order of their own: each row pushed with a number, read back by it. */
export interface SortedRowStore {
  /** Adds a row at `order` (rows of equal order come back in push order). */
  push(order: number, cells: readonly Plain[]): void;
  readonly count: number;
  /** The rows by order. */
  rows(): Iterable<{ order: number; cells: Plain[] }>;
  close(): void;
}

/**
 * Rows that arrive out of the order they are written in (a sorted run's tickets come in key
 * order and go to the sheet in order of first appearance): `keep` rows in memory; when full,
 * they are sorted and appended to the current run file if they all come after it, else they
 * start a new one; reading merges the runs (a heap over them). Rows that arrive in order make
 * one file read straight through. Cost: O(r log r) for r rows; memory: `keep` rows and a
 * 64 KB window per run file.
 * @example const s = sortedRowStore(tmp.path, "tickets", 2); s.push(5, ["B"]); s.push(1, ["A"]); [...s.rows()].map((r) => r.cells) // => [["A"], ["B"]]
 */
export function sortedRowStore(dir: string, name: string, keep: number): SortedRowStore {
  let memory: { order: number; cells: Plain[] }[] = [];
  const files: string[] = [];
  let out: ReturnType<typeof appender> | undefined;
  let last = -Infinity;
  let count = 0;
  const byOrder = (a: { order: number }, b: { order: number }) => a.order - b.order;
  const spill = () => {
    memory.sort(byOrder);
    if (!out || memory[0].order < last) {
      out?.close();
      const file = path.join(dir, `${name}-${files.length}.jsonl`);
      files.push(file);
      out = appender(file);
    }
    for (const r of memory) out.write(`${r.order}\t${JSON.stringify(r.cells)}\n`);
    last = memory[memory.length - 1].order;
    memory = [];
  };
  return {
    push(order, cells) {
      count++;
      memory.push({ order, cells: cells as Plain[] });
      if (memory.length >= keep) spill();
    },
    get count() {
      return count;
    },
    close: () => out?.close(),
    *rows() {
      memory.sort(byOrder);
      out?.close();
      out = undefined;
      // One source per run file, the rows in memory last: equal orders come in push order.
      const readers = files.map((f) => lineReader(f));
      const heads: ({ order: number; cells: Plain[] } | undefined)[] = [];
      let inMemory = 0;
      const advance = (s: number) => {
        if (s === readers.length) {
          heads[s] = memory[inMemory++];
          return;
        }
        const line = readers[s].next();
        if (line === undefined) heads[s] = undefined;
        else {
          const tab = line.indexOf("\t");
          heads[s] = { order: Number(line.slice(0, tab)), cells: JSON.parse(line.slice(tab + 1)) as Plain[] };
        }
      };
      const heap = minHeap((a: number, b: number) => heads[a]!.order - heads[b]!.order || a - b);
      try {
        for (let s = 0; s <= readers.length; s++) {
          advance(s);
          if (heads[s]) heap.push(s);
        }
        while (heap.size) {
          const s = heap.pop();
          yield heads[s]!;
          advance(s);
          if (heads[s]) heap.push(s);
        }
      } finally {
        for (const r of readers) r.close();
      }
    },
  };
}

/** A binary min-heap of numbers under `less` (negative: a first). */
function minHeap(compare: (a: number, b: number) => number) {
  const items: number[] = [];
  return {
    get size() {
      return items.length;
    },
    push(x: number) {
      items.push(x);
      for (let i = items.length - 1; i > 0;) {
        const p = (i - 1) >> 1;
        if (compare(items[i], items[p]) >= 0) break;
        [items[i], items[p]] = [items[p], items[i]];
        i = p;
      }
    },
    pop(): number {
      const top = items[0];
      const end = items.pop()!;
      if (items.length) {
        items[0] = end;
        for (let i = 0; ;) {
          const l = 2 * i + 1;
          const r = l + 1;
          let m = i;
          if (l < items.length && compare(items[l], items[m]) < 0) m = l;
          if (r < items.length && compare(items[r], items[m]) < 0) m = r;
          if (m === i) break;
          [items[i], items[m]] = [items[m], items[i]];
          i = m;
        }
      }
      return top;
    },
  };
}
