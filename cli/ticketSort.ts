/**
 * The events of an export gathered by ticket in bounded memory: an external merge sort.
 *
 * Events arrive in file order as seven numbers (ticket index, row, time, local flag, state
 * code, priority id, group id). They are kept in a buffer of `runEvents` events; when it is
 * full it is sorted by ticket (push order kept within a ticket) and written to a run file of
 * raw 64-bit numbers. At the end the runs are merged: for each ticket in index order, its
 * events from each run in run order, so every ticket's events come in push order, exactly as
 * the in-memory run sees them. An export that fits in one buffer never touches the disk.
 *
 * Cost: the sort is the typed array's native numeric sort on one key per event; each event is
 * written once and read once (56 bytes); memory is the buffer plus a 1 MB read window per run.
 * Ticket indices are assigned in order of first appearance (src/tickets/clock.ts' ticketIndex),
 * so the merge needs no string comparison.
 */
import * as fs from "fs";
import * as path from "path";
import { StringDecoder } from "string_decoder";

/** Numbers stored per event. */
const FIELDS = 7;
/** Events read at a time from each run. */
const WINDOW = 16 * 1024;

/** One ticket's events, in push order, in arrays reused from one ticket to the next. */
export interface TicketBatch {
  readonly ticket: number;
  readonly n: number;
  readonly rows: Float64Array;
  readonly times: Float64Array;
  readonly local: Uint8Array;
  readonly codes: Int32Array;
  readonly priorityOf: Int32Array;
  readonly groupOf: Int32Array;
}

/** A sorter of events by ticket, spilling to `dir` beyond `runEvents` events. */
export interface EventSort {
  push(ticket: number, row: number, ms: number, local: boolean, code: number, priority: number, group: number): void;
  /** Events pushed so far. */
  readonly size: number;
  /** Run files written so far. */
  readonly runs: number;
  /** Events in the buffer now. */
  readonly buffered: number;
  /** The tickets in index order, each with its events; the batch is valid until the next one. */
  tickets(): Iterable<TicketBatch>;
  /** True when the buffer's events are in ticket order already (an export grouped by ticket). */
  ordered(): boolean;
  /** Lowest and highest time (epoch ms as pushed) in the buffer. */
  span(): { lo: number; hi: number };
  /**
   * The buffer's tickets in index order, each with its events, except ticket `keep` (whose
   * events stay in the buffer for more to join them); the buffer then holds only those.
   * Only before any run is written (a run measured as it is read). Each batch is valid until the next.
   */
  drain(keep: number): Iterable<TicketBatch>;
}

/**
 * A new sorter.
 * @param dir - Where run files go (a folder the caller removes, see cli/tempdir.ts).
 * @param runEvents - Events kept in memory before a run is written (at most 2^21).
 * @param whenFull - Called when the buffer is full, before a run is written: it may `drain`
 *   the buffer instead (and return true); if the buffer is still full, a run is written.
 * @example const s = eventSort(tmp.path, 1_000_000); s.push(0, 2, ms, true, 1, 0, -1); for (const b of s.tickets()) ...
 */
export function eventSort(dir: string, runEvents: number, whenFull?: () => boolean): EventSort {
  // key = ticket * SPAN + position in the buffer: one number sorts by ticket, then push order.
  const SPAN = 2 ** Math.ceil(Math.log2(runEvents + 1));
  const buffer = new Float64Array(runEvents * FIELDS);
  let n = 0;
  let total = 0;
  const runFiles: string[] = [];
  // The sort's scratch arrays, made at the first sort and reused by every run after it.
  let keyScratch: Float64Array | undefined;
  let outScratch: Float64Array | undefined;

  /** The buffer's events sorted by ticket, as one array of records (valid until the next sort). */
  const sorted = (): Float64Array => {
    // An export grouped by ticket gives ticket indices that never decrease: already in order.
    let ordered = true;
    for (let i = 1; i < n && ordered; i++) ordered = buffer[i * FIELDS] >= buffer[(i - 1) * FIELDS];
    if (ordered) return buffer.subarray(0, n * FIELDS);
    keyScratch ??= new Float64Array(runEvents);
    outScratch ??= new Float64Array(runEvents * FIELDS);
    const keys = keyScratch.subarray(0, n);
    for (let i = 0; i < n; i++) keys[i] = buffer[i * FIELDS] * SPAN + i;
    keys.sort();
    const out = outScratch.subarray(0, n * FIELDS);
    for (let k = 0; k < n; k++) {
      const i = keys[k] % SPAN;
      out.set(buffer.subarray(i * FIELDS, i * FIELDS + FIELDS), k * FIELDS);
    }
    return out;
  };
  const spill = () => {
    const file = path.join(dir, `run-${runFiles.length}.bin`);
    const records = sorted();
    fs.writeFileSync(file, new Uint8Array(records.buffer, records.byteOffset, n * FIELDS * 8));
    runFiles.push(file);
    n = 0;
  };

  return {
    push(ticket, row, ms, local, code, priority, group) {
      if (n === runEvents && !(whenFull?.() && n < runEvents)) spill();
      const at = n * FIELDS;
      buffer[at] = ticket;
      buffer[at + 1] = row;
      buffer[at + 2] = ms;
      buffer[at + 3] = local ? 1 : 0;
      buffer[at + 4] = code;
      buffer[at + 5] = priority;
      buffer[at + 6] = group;
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
      const sources = runFiles.length ? runFiles.map(runReader) : [memoryReader(sorted())];
      return merge(sources);
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
    *drain(keep) {
      if (runFiles.length) throw new Error("drain after a run was written"); // a bug in the caller
      const records = sorted();
      // The kept ticket's events are together in the sorted records: [from, to).
      let from = records.length;
      let to = records.length;
      for (let at = 0; at < records.length; at += FIELDS) {
        if (records[at] === keep && from === records.length) from = at;
        if (records[at] > keep) {
          to = at;
          break;
        }
      }
      if (from === records.length) to = from;
      const rest = memoryReader(records);
      for (const batch of merge([rest])) if (batch.ticket !== keep) yield batch;
      // Kept events to the front (set copies within one buffer as if through a copy).
      buffer.set(records.subarray(from, to));
      n = (to - from) / FIELDS;
    },
  };
}

/** A cursor over one run's records. */
interface RunReader {
  /** Ticket of the current record, or Infinity at the end. */
  ticket(): number;
  /** The current record's fields. */
  field(f: number): number;
  next(): void;
}

function memoryReader(records: Float64Array): RunReader {
  let at = 0;
  return {
    ticket: () => (at < records.length ? records[at] : Infinity),
    field: (f) => records[at + f],
    next: () => void (at += FIELDS),
  };
}

/** Reads a run file through a window of WINDOW records. */
function runReader(file: string): RunReader {
  const fd = fs.openSync(file, "r");
  const window = new Float64Array(WINDOW * FIELDS);
  const bytes = new Uint8Array(window.buffer);
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
    }
  };
  fill();
  return {
    ticket: () => (done ? Infinity : window[at * FIELDS]),
    field: (f) => window[at * FIELDS + f],
    next: () => {
      if (++at === count) fill();
    },
  };
}

/** Merges sorted runs: each ticket in index order, its events run by run. */
function* merge(sources: RunReader[]): Iterable<TicketBatch> {
  let capacity = 64;
  let batch = newBatch(capacity);
  for (;;) {
    let ticket = Infinity;
    for (const s of sources) if (s.ticket() < ticket) ticket = s.ticket();
    if (ticket === Infinity) return;
    let n = 0;
    for (const s of sources) {
      while (s.ticket() === ticket) {
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
        n++;
        s.next();
      }
    }
    yield { ...batch, ticket, n };
  }
}

type Arrays = Omit<TicketBatch, "ticket" | "n">;

function newBatch(capacity: number): Arrays {
  return {
    rows: new Float64Array(capacity),
    times: new Float64Array(capacity),
    local: new Uint8Array(capacity),
    codes: new Int32Array(capacity),
    priorityOf: new Int32Array(capacity),
    groupOf: new Int32Array(capacity),
  };
}

function grow(batch: Arrays, capacity: number, n: number): Arrays {
  const next = newBatch(capacity);
  next.rows.set(batch.rows.subarray(0, n));
  next.times.set(batch.times.subarray(0, n));
  next.local.set(batch.local.subarray(0, n));
  next.codes.set(batch.codes.subarray(0, n));
  next.priorityOf.set(batch.priorityOf.subarray(0, n));
  next.groupOf.set(batch.groupOf.subarray(0, n));
  return next;
}

/** Rows of plain values kept in memory up to a limit, then in a file of JSON lines. */
export interface RowStore {
  push(cells: readonly (string | number | boolean | null)[]): void;
  readonly count: number;
  /** The rows in push order (read back from the file when they spilled). */
  rows(): Iterable<(string | number | boolean | null)[]>;
  /** Closes the file of a store given up (its folder is removed by the caller). */
  close(): void;
}

/**
 * A store of sheet rows for a streamed run: the first `keep` rows in memory, the rest in
 * `dir/name.jsonl` (JSON keeps every number exactly). Cost: one JSON line a row.
 * @example const s = rowStore(tmp.path, "tickets", 100_000); s.push(["INC1", 4]); [...s.rows()] // => [["INC1", 4]]
 */
export function rowStore(dir: string, name: string, keep: number): RowStore {
  const memory: (string | number | boolean | null)[][] = [];
  const file = path.join(dir, `${name}.jsonl`);
  let fd: number | undefined;
  let pending = "";
  let count = 0;
  const flush = () => {
    if (pending && fd !== undefined) fs.writeSync(fd, pending);
    pending = "";
  };
  return {
    push(cells) {
      count++;
      if (fd === undefined && memory.length < keep) {
        memory.push(cells as (string | number | boolean | null)[]);
        return;
      }
      fd ??= fs.openSync(file, "w");
      pending += JSON.stringify(cells) + "\n";
      if (pending.length > 1 << 20) flush();
    },
    get count() {
      return count;
    },
    close() {
      if (fd !== undefined) fs.closeSync(fd);
      fd = undefined;
    },
    *rows() {
      yield* memory;
      if (fd === undefined) return;
      flush();
      fs.closeSync(fd);
      fd = undefined;
      const input = fs.openSync(file, "r");
      try {
        const chunk = Buffer.alloc(1 << 20);
        // A character split between two reads is held back by the decoder, not garbled.
        const decoder = new StringDecoder("utf8");
        let rest = "";
        for (;;) {
          const got = fs.readSync(input, chunk, 0, chunk.length, null);
          if (got === 0) break;
          const text = rest + decoder.write(chunk.subarray(0, got));
          const lines = text.split("\n");
          rest = lines.pop()!;
          for (const line of lines) yield JSON.parse(line) as (string | number | boolean | null)[];
        }
        if (rest) yield JSON.parse(rest) as (string | number | boolean | null)[];
      } finally {
        fs.closeSync(input);
      }
    },
  };
}
