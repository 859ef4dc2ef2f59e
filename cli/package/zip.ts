/**
 * The zip container of an .xlsx, read and written at the level of its entries, so a part the
 * product does not own is copied as its stored (compressed) bytes: never inflated, parsed or
 * re-serialized. Reading takes the central directory (APPNOTE 4.3.12) and, per entry, the
 * local header only to find where the data starts; writing puts each entry's local header,
 * data and (for streamed parts of unknown size) data descriptor, then the central directory.
 * Stored and deflated entries are what OOXML packages use (ECMA-376 Part 2, annex C).
 *
 * Cost: opening reads the central directory only (O(entries)); copying an entry streams its
 * compressed bytes (O(its size), constant memory); a new part is deflated as it is written.
 */
import * as fs from "fs";
import * as zlib from "zlib";
import { ReadLimitError } from "./limits";
import { messages } from "../messages";

/** One entry of the central directory. */
export interface ZipEntry {
  /** The name as stored (OPC part names without the leading "/"). */
  readonly name: string;
  readonly method: number;
  readonly crc: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localOffset: number;
  /** General-purpose flags; bit 11 says the name is UTF-8. */
  readonly flags: number;
}

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_END = 0x06054b50;
const SIG_DESCRIPTOR = 0x08074b50;
const FLAG_DESCRIPTOR = 0x0008;
const FLAG_UTF8 = 0x0800;
const STORED = 0;
const DEFLATED = 8;
/** Chunk size when copying an entry's bytes. */
const COPY_CHUNK = 1 << 20;

/** A damaged or unsupported zip (the caller reports the file as unreadable). */
export class ZipError extends Error {}

/** CRC-32 of bytes, continuing from `crc` (zlib's when Node has it: 20.15+). */
export const crc32: (data: Buffer, crc?: number) => number =
  (zlib as unknown as { crc32?: (d: Buffer, c?: number) => number }).crc32 ?? tableCrc32;

/** The CRC-32 table (reflected polynomial 0xEDB88320), for Nodes before 20.15. */
const CRC_TABLE = Int32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});
function tableCrc32(data: Buffer, crc = 0): number {
  let c = ~crc;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

/** An open zip file: its entries by name, and reads of one entry at a time. */
export class ZipReader {
  private constructor(
    private readonly fd: number,
    readonly entries: ReadonlyMap<string, ZipEntry>,
  ) {}

  /**
   * Opens a zip and reads its central directory.
   * @throws ZipError when the file is not a zip this reader handles (no end record, a damaged directory, encryption).
   */
  static open(file: string): ZipReader {
    const fd = fs.openSync(file, "r");
    try {
      return new ZipReader(fd, readDirectory(fd));
    } catch (e) {
      fs.closeSync(fd);
      throw e instanceof ZipError ? e : new ZipError((e as Error).message);
    }
  }

  /** The entry's name as this reader stores it, found ignoring case (OPC part names are case-insensitive). */
  find(name: string): ZipEntry | undefined {
    const exact = this.entries.get(name);
    if (exact) return exact;
    const lower = name.toLowerCase();
    for (const [n, e] of this.entries) if (n.toLowerCase() === lower) return e;
    return undefined;
  }

  /** Where an entry's data starts (after its local header). */
  private dataOffset(entry: ZipEntry): number {
    const head = Buffer.alloc(30);
    fs.readSync(this.fd, head, 0, 30, entry.localOffset);
    if (head.readUInt32LE(0) !== SIG_LOCAL) throw new ZipError(`no local header for ${entry.name}`);
    return entry.localOffset + 30 + head.readUInt16LE(26) + head.readUInt16LE(28);
  }

  /** The entry's stored bytes, in chunks (compressed as stored). Cost: O(compressed size), 1 MB at a time. */
  *raw(entry: ZipEntry): Generator<Buffer> {
    let at = this.dataOffset(entry);
    let left = entry.compressedSize;
    while (left > 0) {
      const n = Math.min(left, COPY_CHUNK);
      const chunk = Buffer.alloc(n);
      const read = fs.readSync(this.fd, chunk, 0, n, at);
      if (read !== n) throw new ZipError(`${entry.name} is cut short`);
      yield chunk;
      at += n;
      left -= n;
    }
  }

  /**
   * The entry's content, inflated. Cost: O(size); for index parts and sheets the product reads.
   * Inflating stops at the size the zip directory declares (the size the bounds were checked on).
   * @throws ReadLimitError when the entry inflates to more than that.
   */
  read(entry: ZipEntry): Buffer {
    const stored = Buffer.concat([...this.raw(entry)]);
    if (entry.method === STORED) return stored;
    if (entry.method === DEFLATED) {
      try {
        return zlib.inflateRawSync(stored, { maxOutputLength: Math.max(entry.size, 1) });
      } catch (e) {
        if ((e as { code?: unknown }).code === "ERR_BUFFER_TOO_LARGE")
          throw new ReadLimitError(entry.name, "declared", entry.size);
        throw e;
      }
    }
    throw new ZipError(`${entry.name} uses compression method ${entry.method}`);
  }

  /** The entry's content as UTF-8 text (a byte-order mark dropped). */
  text(entry: ZipEntry): string {
    return ZipReader.textOf(this.read(entry));
  }

  /** Inflated bytes as UTF-8 text (a byte-order mark dropped). */
  static textOf(bytes: Buffer): string {
    const text = bytes.toString("utf8");
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}

/** The largest central directory read (about a million entries): more is no workbook. */
const MAX_DIRECTORY = 64 * 1024 * 1024;
const SIG_END64 = 0x06064b50;
const SIG_END64_LOCATOR = 0x07064b50;
const ZIP64_EXTRA = 0x0001;
/** A 32-bit field that says "the value is in the zip64 extra field". */
const IN_ZIP64 = 0xffffffff;

/**
 * Where the central directory lies and how many entries it has: from the end record, or from
 * the zip64 end record its locator points at (APPNOTE 4.3.14-4.3.15) when the end record's
 * fields are saturated or a locator is there (zip64 is needed past 4 GB or 65,535 entries, and
 * some writers use it for any package: Info-ZIP's `zip -fz`, streaming writers that cannot know
 * a part's size in advance).
 */
function directoryBounds(fd: number, size: number): { count: number; dirSize: number; dirOffset: number } {
  const tailLength = Math.min(size, 65557); // end record (22) + the longest comment
  const tail = Buffer.alloc(tailLength);
  fs.readSync(fd, tail, 0, tailLength, size - tailLength);
  let end = -1;
  for (let i = tailLength - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === SIG_END) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new ZipError("no end of central directory record");
  const bounds = {
    count: tail.readUInt16LE(end + 10),
    dirSize: tail.readUInt32LE(end + 12),
    dirOffset: tail.readUInt32LE(end + 16),
  };
  const locator = end - 20;
  if (locator >= 0 && tail.readUInt32LE(locator) === SIG_END64_LOCATOR) {
    const at = Number(tail.readBigUInt64LE(locator + 8));
    const record = Buffer.alloc(56);
    if (at + 56 > size || fs.readSync(fd, record, 0, 56, at) !== 56 || record.readUInt32LE(0) !== SIG_END64)
      throw new ZipError("damaged zip64 end of central directory record");
    bounds.count = Number(record.readBigUInt64LE(32));
    bounds.dirSize = Number(record.readBigUInt64LE(40));
    bounds.dirOffset = Number(record.readBigUInt64LE(48));
  } else if (bounds.count === 0xffff || bounds.dirOffset === IN_ZIP64 || bounds.dirSize === IN_ZIP64) {
    throw new ZipError("a zip64 end record without its locator");
  }
  return bounds;
}

/**
 * An entry's sizes and offset with the zip64 extra field applied: it holds, in this order,
 * only the fields the central header saturated (APPNOTE 4.5.3).
 */
function withZip64(
  dir: Buffer,
  extraStart: number,
  extraLength: number,
  fields: { size: number; compressedSize: number; localOffset: number },
  name: string,
): void {
  const saturated = (["size", "compressedSize", "localOffset"] as const).filter((f) => fields[f] === IN_ZIP64);
  if (!saturated.length) return;
  for (let e = extraStart; e + 4 <= extraStart + extraLength;) {
    const id = dir.readUInt16LE(e);
    const length = dir.readUInt16LE(e + 2);
    if (id === ZIP64_EXTRA) {
      if (length < saturated.length * 8) break;
      saturated.forEach((f, k) => (fields[f] = Number(dir.readBigUInt64LE(e + 4 + 8 * k))));
      return;
    }
    e += 4 + length;
  }
  throw new ZipError(`${name}: its zip64 sizes are missing`);
}

function readDirectory(fd: number): Map<string, ZipEntry> {
  const size = fs.fstatSync(fd).size;
  const { count, dirSize, dirOffset } = directoryBounds(fd, size);
  if (dirSize > MAX_DIRECTORY) throw new ZipError("the central directory is too large for a workbook");
  if (dirOffset + dirSize > size) throw new ZipError("the central directory lies outside the file");
  const dir = Buffer.alloc(dirSize);
  fs.readSync(fd, dir, 0, dirSize, dirOffset);
  const entries = new Map<string, ZipEntry>();
  let at = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > dir.length || dir.readUInt32LE(at) !== SIG_CENTRAL) throw new ZipError("damaged central directory");
    const flags = dir.readUInt16LE(at + 8);
    const nameLength = dir.readUInt16LE(at + 28);
    const extraLength = dir.readUInt16LE(at + 30);
    const commentLength = dir.readUInt16LE(at + 32);
    const nameBytes = dir.subarray(at + 46, at + 46 + nameLength);
    const name = nameBytes.toString(flags & FLAG_UTF8 ? "utf8" : "latin1");
    if (flags & 0x0001) throw new ZipError(`${name} is encrypted`);
    const fields = {
      size: dir.readUInt32LE(at + 24),
      compressedSize: dir.readUInt32LE(at + 20),
      localOffset: dir.readUInt32LE(at + 42),
    };
    withZip64(dir, at + 46 + nameLength, extraLength, fields, name);
    if (fields.localOffset + fields.compressedSize > size) throw new ZipError(`${name} lies outside the file`);
    const entry: ZipEntry = {
      name,
      flags,
      method: dir.readUInt16LE(at + 10),
      crc: dir.readUInt32LE(at + 16),
      ...fields,
    };
    // A directory entry ("xl/") is no part.
    if (!name.endsWith("/")) entries.set(name.replace(/^\/+/, ""), entry);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** What the central directory records of one written entry. */
interface Written {
  readonly name: Buffer;
  readonly flags: number;
  readonly method: number;
  readonly crc: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly offset: number;
}

/**
 * Deflate of a streamed part's text: level 1 (a million-row sheet deflates about twice as fast
 * as at the default level, for a file about a fifth larger, measured on the 1,000,000-event
 * tickets bench), every run and segment ended by a sync flush so the next can follow it.
 */
const RUN_OPTIONS: zlib.ZlibOptions = { level: 1, finishFlush: zlib.constants.Z_SYNC_FLUSH };
/** An empty final deflate block (fixed Huffman codes, only the end-of-block code): closes a part of runs. */
const FINAL_BLOCK = Buffer.from([0x03, 0x00]);

/**
 * CRC-32 of two byte strings one after the other, from the CRC of each and the length of the
 * second (zlib's crc32_combine: the first CRC carried over `len2` zero bytes by squaring the
 * operator of one zero bit, then the second CRC added). Cost: O(log len2) 32x32 bit products.
 * @example crc32Combine(crc32(a), crc32(b), b.length) === crc32(Buffer.concat([a, b])) // => true
 */
export function crc32Combine(crc1: number, crc2: number, len2: number): number {
  if (len2 <= 0) return crc1 >>> 0;
  const times = (mat: Uint32Array, vec: number) => {
    let sum = 0;
    for (let i = 0; vec !== 0; i++, vec >>>= 1) if (vec & 1) sum ^= mat[i];
    return sum >>> 0;
  };
  const square = (out: Uint32Array, mat: Uint32Array) => {
    for (let n = 0; n < 32; n++) out[n] = times(mat, mat[n]);
  };
  const even = new Uint32Array(32);
  const odd = new Uint32Array(32);
  // The operator of one zero bit, then of two and four.
  odd[0] = 0xedb88320;
  for (let n = 1; n < 32; n++) odd[n] = 1 << (n - 1);
  square(even, odd);
  square(odd, even);
  let crc = crc1 >>> 0;
  let len = len2;
  // Each round squares the operator (8, 16, 32 ... zero bits) and applies it for each bit of len.
  for (;;) {
    square(even, odd);
    if (len % 2 === 1) crc = times(even, crc);
    len = Math.floor(len / 2);
    if (len === 0) break;
    square(odd, even);
    if (len % 2 === 1) crc = times(odd, crc);
    len = Math.floor(len / 2);
    if (len === 0) break;
  }
  return (crc ^ crc2) >>> 0;
}

/** Part of a streamed part deflated beforehand, in a file of its own: raw deflate blocks, none final, ending on a byte boundary. */
export interface DeflatedSegment {
  readonly file: string;
  /** CRC-32 of its inflated bytes. */
  readonly crc: number;
  /** Inflated bytes. */
  readonly size: number;
  readonly compressedSize: number;
}

/** Bytes gathered before they are deflated as one piece (about a megabyte: level 1's window is 32 KB, so pieces cost no ratio). */
const SEGMENT_PIECE = 1 << 20;
/**
 * Deflate of a piece: RUN_OPTIONS with an output buffer of a quarter of the piece, so a piece of
 * sheet XML (deflated to about a seventh) comes back from zlib's threads in one callback (16 KB
 * buffers take about ten round trips through the caller's event loop a piece), without a
 * megabyte of outside memory made for each piece (see `SegmentDeflater.deflate`).
 */
const PIECE_OPTIONS: zlib.ZlibOptions = { ...RUN_OPTIONS, chunkSize: SEGMENT_PIECE / 4 };
/**
 * Pieces deflating on zlib's threads at once; beyond them the caller's thread deflates the next
 * piece itself. A piece in flight is counted until its callback runs, which waits for the
 * caller's event loop: enough for a batch of rows made without a turn of the loop (the tickets
 * command measures about 10 MB at a time, see cli/tickets.ts GROUPED_BATCH). Memory: a megabyte each.
 */
const PIECES_IN_FLIGHT = 16;

/**
 * Deflates text as it comes into a {@link DeflatedSegment}: the text is encoded at once into a
 * buffer of about a megabyte (no long text is built up for the collector to move), and each
 * full buffer is a piece deflated on zlib's threads while the caller goes on (the caller
 * measuring tickets, the threads compressing the rows already measured), written to the file in
 * order. When the threads fall behind, the caller deflates the next piece itself, so memory
 * stays at a few pieces whatever the pace. Cost: O(size); memory: about PIECES_IN_FLIGHT + 1
 * megabytes.
 */
export class SegmentDeflater {
  private piece: Buffer = Buffer.allocUnsafe(SEGMENT_PIECE);
  /** Piece buffers deflated already, for the next pieces. */
  private readonly spares: Buffer[] = [];
  private used = 0;
  private pieces = 0;
  private landed = 0;
  private readonly waiting = new Map<number, Buffer>();
  private inFlight = 0;
  private crc = 0;
  private size = 0;
  private compressedSize = 0;
  private failure: Error | undefined;
  private fd: number | undefined;
  private idle: (() => void) | undefined;

  /** @param file - Where the deflated bytes go (created, or emptied). */
  constructor(readonly file: string) {
    this.fd = fs.openSync(file, "w");
  }

  /** Adds text (encoded as UTF-8). Cost: O(its length). */
  write(text: string): void {
    // A UTF-16 code unit takes at most 3 bytes of UTF-8.
    if (SEGMENT_PIECE - this.used < text.length * 3) {
      this.cut();
      if (text.length * 3 > SEGMENT_PIECE) {
        this.deflate(Buffer.from(text, "utf8"));
        return;
      }
    }
    this.used += this.piece.write(text, this.used);
  }

  /**
   * The buffer to write the next `n` bytes into, from {@link offset} (a full piece handed on
   * first); {@link advance} then counts what was written. For a caller encoding its own bytes.
   */
  room(n: number): Buffer {
    if (SEGMENT_PIECE - this.used < n) {
      this.cut();
      if (n > this.piece.length) this.piece = Buffer.allocUnsafe(n);
    }
    return this.piece;
  }

  /** Where the next byte goes in the buffer {@link room} gave. */
  get offset(): number {
    return this.used;
  }

  /** Counts `n` bytes written into the buffer {@link room} gave. */
  advance(n: number): void {
    this.used += n;
  }

  /** Hands the gathered bytes on as a piece and starts a new buffer (a spare one when there is). */
  private cut(): void {
    if (this.used === 0) return;
    const whole = this.piece;
    const spare = whole.length === SEGMENT_PIECE ? this.spares.pop() : undefined;
    this.piece = spare ?? Buffer.allocUnsafe(Math.max(SEGMENT_PIECE, whole.length));
    const data = whole.subarray(0, this.used);
    this.used = 0;
    this.deflate(data, whole);
  }

  /**
   * Deflates a piece; `whole`, the buffer it is cut from, is kept as a spare once deflated: new
   * megabyte buffers for every piece made the engine count hundreds of megabytes of outside
   * memory and collect its whole heap every few dozen (65 full collections on a million tickets).
   */
  private deflate(data: Buffer, whole?: Buffer): void {
    this.crc = crc32(data, this.crc);
    this.size += data.length;
    const n = this.pieces++;
    const spare = () => {
      if (whole?.length === SEGMENT_PIECE && this.spares.length < PIECES_IN_FLIGHT) this.spares.push(whole);
    };
    if (this.inFlight >= PIECES_IN_FLIGHT) {
      this.land(n, zlib.deflateRawSync(data, PIECE_OPTIONS));
      spare();
      return;
    }
    this.inFlight++;
    zlib.deflateRaw(data, PIECE_OPTIONS, (e, out) => {
      this.inFlight--;
      spare();
      if (e) this.failure ??= e;
      else this.land(n, out);
      if (this.inFlight === 0) this.idle?.();
    });
  }

  /** Keeps a deflated piece until the ones before it are written, then writes what it can in order. */
  private land(n: number, out: Buffer): void {
    this.waiting.set(n, out);
    for (let next = this.waiting.get(this.landed); next; next = this.waiting.get(this.landed)) {
      this.waiting.delete(this.landed++);
      if (this.fd === undefined) continue; // given up (close): nothing more is written
      fs.writeSync(this.fd, next);
      this.compressedSize += next.length;
    }
  }

  /** Deflates what is left and closes the file. @throws the error of a piece that failed to deflate. */
  async finish(): Promise<DeflatedSegment> {
    this.cut();
    while (this.inFlight > 0) await new Promise<void>((resolve) => (this.idle = resolve));
    this.close();
    if (this.failure) throw this.failure;
    return { file: this.file, crc: this.crc, size: this.size, compressedSize: this.compressedSize };
  }

  /** Closes the file (a segment given up; its folder is removed by the caller). */
  close(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }
}

/** The largest value a 32-bit field of a plain zip holds; from it on, the value goes into a zip64 field (APPNOTE 4.4.8). */
const MAX_32 = 0xfffffffe;
/** The most entries a plain end record counts (its 16-bit field saturated means "see the zip64 record"). */
const MAX_ENTRIES_16 = 0xfffe;
/** "Version needed to extract" of a plain entry (deflate: 2.0) and of one with zip64 fields (4.5). */
const VERSION_PLAIN = 20;
const VERSION_ZIP64 = 45;

/** Where the writer switches to zip64 fields; tests lower them to exercise the records without writing 4 GB. */
export interface Zip64Limits {
  /** Sizes and offsets above this go into zip64 fields (default 0xfffffffe). */
  readonly bytes?: number;
  /** More entries than this need the zip64 end record (default 65,534). */
  readonly entries?: number;
}

/**
 * A zip64 extended-information extra field (APPNOTE 4.5.3): id 0x0001, then the 8-byte values
 * given, in the order size, compressed size, local header offset (only those the header saturated).
 */
function zip64Extra(values: readonly number[]): Buffer {
  const extra = Buffer.alloc(4 + 8 * values.length);
  extra.writeUInt16LE(ZIP64_EXTRA, 0);
  extra.writeUInt16LE(8 * values.length, 2);
  values.forEach((v, k) => extra.writeBigUInt64LE(BigInt(v), 4 + 8 * k));
  return extra;
}

/** Zip's DOS date and time of 1980-01-01 00:00: written parts carry no clock (same input, same bytes). */
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

/**
 * Writes a zip to a stream, one entry after another. Waits for the stream to drain, so a big
 * part never piles up in memory.
 */
export class ZipWriter {
  private offset = 0;
  private readonly written: Written[] = [];
  private readonly names = new Set<string>();
  private readonly byName = new Map<string, Written>();

  private readonly maxBytes: number;
  private readonly maxEntries: number;

  /**
   * @param out - Where the zip goes.
   * @param limits - Where zip64 fields start (only tests change them).
   */
  constructor(
    private readonly out: fs.WriteStream,
    limits: Zip64Limits = {},
  ) {
    this.maxBytes = limits.bytes ?? MAX_32;
    this.maxEntries = limits.entries ?? MAX_ENTRIES_16;
  }

  private async put(data: Buffer): Promise<void> {
    this.offset += data.length;
    if (!this.out.write(data)) await new Promise<void>((resolve) => this.out.once("drain", resolve));
  }

  /**
   * The CRC-32 and inflated size of a part already written (as the central directory will
   * record them), or undefined. Cost: O(1).
   */
  writtenEntry(name: string): { readonly crc: number; readonly size: number } | undefined {
    const w = this.byName.get(name.toLowerCase());
    return w && { crc: w.crc, size: w.size };
  }

  private keep(w: Written): void {
    this.written.push(w);
    this.byName.set(w.name.toString("utf8").toLowerCase(), w);
  }

  private claim(name: string): Buffer {
    const key = name.toLowerCase();
    if (this.names.has(key)) throw new Error(`zip: ${name} written twice`); // a bug in the caller
    this.names.add(key);
    return Buffer.from(name, "utf8");
  }

  /**
   * A local header. Sizes past the 32-bit limit are saturated there and given in a zip64 extra
   * field (both sizes, as APPNOTE 4.5.3 requires of a local header).
   */
  private localHeader(name: Buffer, flags: number, method: number, crc: number, csize: number, size: number): Buffer {
    const big = size > this.maxBytes || csize > this.maxBytes;
    const extra = big ? zip64Extra([size, csize]) : Buffer.alloc(0);
    const head = Buffer.alloc(30);
    head.writeUInt32LE(SIG_LOCAL, 0);
    head.writeUInt16LE(big ? VERSION_ZIP64 : VERSION_PLAIN, 4);
    head.writeUInt16LE(flags, 6);
    head.writeUInt16LE(method, 8);
    head.writeUInt16LE(DOS_TIME, 10);
    head.writeUInt16LE(DOS_DATE, 12);
    head.writeUInt32LE(crc, 14);
    head.writeUInt32LE(big ? IN_ZIP64 : csize, 18);
    head.writeUInt32LE(big ? IN_ZIP64 : size, 22);
    head.writeUInt16LE(name.length, 26);
    head.writeUInt16LE(extra.length, 28);
    return Buffer.concat([head, name, extra]);
  }

  /** Copies an entry of another zip as its stored bytes (same method, CRC and sizes). Cost: O(compressed size). */
  async copy(from: ZipReader, entry: ZipEntry, as: string = entry.name): Promise<void> {
    const name = this.claim(as);
    const flags = FLAG_UTF8;
    const offset = this.offset;
    await this.put(this.localHeader(name, flags, entry.method, entry.crc, entry.compressedSize, entry.size));
    for (const chunk of from.raw(entry)) await this.put(chunk);
    this.keep({ ...entry, name, flags, offset });
  }

  /** Adds a part from its whole content, deflated. */
  async add(name: string, content: Buffer | string): Promise<void> {
    const data = typeof content === "string" ? Buffer.from(content, "utf8") : content;
    const bytes = this.claim(name);
    const compressed = zlib.deflateRawSync(data);
    const crc = crc32(data);
    const offset = this.offset;
    await this.put(this.localHeader(bytes, FLAG_UTF8, DEFLATED, crc, compressed.length, data.length));
    await this.put(compressed);
    this.keep({
      name: bytes,
      flags: FLAG_UTF8,
      method: DEFLATED,
      crc,
      compressedSize: compressed.length,
      size: data.length,
      offset,
    });
  }

  /**
   * Adds a part from text chunks, deflated as they come (a data descriptor records its CRC
   * and sizes after the data). A chunk may also be a segment deflated beforehand
   * ({@link SegmentDeflater}: a sheet's rows deflated while they were measured): its bytes are
   * copied as they are, between the deflated runs of text before and after it. Each run ends on
   * a byte boundary with no final block (a sync flush), so the runs and segments follow one
   * another as one deflate stream; one empty final block closes it. Cost: O(size), memory of
   * one chunk plus zlib's window.
   * @param level - zlib's level of the runs (default 1, RUN_OPTIONS; the tests' inflated inputs
   *   deflate at 9, as Excel packs).
   */
  async addStream(
    name: string,
    chunks: AsyncIterable<string | DeflatedSegment> | Iterable<string | DeflatedSegment>,
    level = RUN_OPTIONS.level,
  ): Promise<void> {
    const bytes = this.claim(name);
    const flags = FLAG_UTF8 | FLAG_DESCRIPTOR;
    const offset = this.offset;
    await this.put(this.localHeader(bytes, flags, DEFLATED, 0, 0, 0));
    let crc = 0;
    let size = 0;
    let compressedSize = 0;
    let run: zlib.DeflateRaw | undefined;
    const pending: Buffer[] = [];
    const flushOut = async () => {
      while (pending.length) {
        const b = pending.shift()!;
        compressedSize += b.length;
        await this.put(b);
      }
    };
    const endRun = async () => {
      if (!run) return;
      const ending = run;
      run = undefined;
      await new Promise<void>((resolve, reject) => {
        ending.once("end", resolve);
        ending.once("error", reject);
        ending.end();
      });
      await flushOut();
    };
    for await (const chunk of chunks) {
      if (typeof chunk !== "string") {
        await endRun();
        for await (const b of fs.createReadStream(chunk.file, { highWaterMark: COPY_CHUNK })) {
          compressedSize += (b as Buffer).length;
          await this.put(b as Buffer);
        }
        crc = crc32Combine(crc, chunk.crc, chunk.size);
        size += chunk.size;
        continue;
      }
      if (!chunk) continue;
      if (!run) {
        run = zlib.createDeflateRaw({ ...RUN_OPTIONS, level });
        run.on("data", (b: Buffer) => pending.push(b));
      }
      const data = Buffer.from(chunk, "utf8");
      crc = crc32(data, crc);
      size += data.length;
      if (!run.write(data)) await new Promise<void>((resolve) => run!.once("drain", resolve));
      await flushOut();
    }
    await endRun();
    pending.push(FINAL_BLOCK);
    await flushOut();
    // The local header went out before the size was known, without a zip64 field, so its data
    // descriptor can only hold 32-bit sizes (APPNOTE 4.3.9.2): such a part is refused, not written wrong.
    if (size > this.maxBytes || compressedSize > this.maxBytes) throw new ZipError(messages.streamedTooLarge(name));
    const descriptor = Buffer.alloc(16);
    descriptor.writeUInt32LE(SIG_DESCRIPTOR, 0);
    descriptor.writeUInt32LE(crc, 4);
    descriptor.writeUInt32LE(compressedSize, 8);
    descriptor.writeUInt32LE(size, 12);
    await this.put(descriptor);
    this.keep({ name: bytes, flags, method: DEFLATED, crc, compressedSize, size, offset });
  }

  /**
   * Writes the central directory and ends the stream: zip64 fields for an entry whose size or
   * offset passed 4 GB, and the zip64 end record and its locator (APPNOTE 4.3.14-4.3.15) when
   * the entries are more than 65,534 or the directory lies past 4 GB.
   */
  async finish(): Promise<void> {
    const start = this.offset;
    for (const w of this.written) {
      const big = [w.size, w.compressedSize, w.offset].map((v) => v > this.maxBytes);
      const extra = zip64Extra([w.size, w.compressedSize, w.offset].filter((_, k) => big[k]));
      const zip64 = big.some(Boolean);
      const head = Buffer.alloc(46);
      head.writeUInt32LE(SIG_CENTRAL, 0);
      head.writeUInt16LE(zip64 ? VERSION_ZIP64 : VERSION_PLAIN, 4);
      head.writeUInt16LE(zip64 ? VERSION_ZIP64 : VERSION_PLAIN, 6);
      head.writeUInt16LE(w.flags, 8);
      head.writeUInt16LE(w.method, 10);
      head.writeUInt16LE(DOS_TIME, 12);
      head.writeUInt16LE(DOS_DATE, 14);
      head.writeUInt32LE(w.crc, 16);
      head.writeUInt32LE(big[1] ? IN_ZIP64 : w.compressedSize, 20);
      head.writeUInt32LE(big[0] ? IN_ZIP64 : w.size, 24);
      head.writeUInt16LE(w.name.length, 28);
      head.writeUInt16LE(zip64 ? extra.length : 0, 30);
      head.writeUInt32LE(big[2] ? IN_ZIP64 : w.offset, 42);
      await this.put(zip64 ? Buffer.concat([head, w.name, extra]) : Buffer.concat([head, w.name]));
    }
    const dirSize = this.offset - start;
    const count = this.written.length;
    const zip64 = count > this.maxEntries || start > this.maxBytes || dirSize > this.maxBytes;
    if (zip64) {
      const recordAt = this.offset;
      const record = Buffer.alloc(56);
      record.writeUInt32LE(SIG_END64, 0);
      record.writeBigUInt64LE(BigInt(56 - 12), 4); // the record's size after this field
      record.writeUInt16LE(VERSION_ZIP64, 12);
      record.writeUInt16LE(VERSION_ZIP64, 14);
      record.writeBigUInt64LE(BigInt(count), 24);
      record.writeBigUInt64LE(BigInt(count), 32);
      record.writeBigUInt64LE(BigInt(dirSize), 40);
      record.writeBigUInt64LE(BigInt(start), 48);
      const locator = Buffer.alloc(20);
      locator.writeUInt32LE(SIG_END64_LOCATOR, 0);
      locator.writeBigUInt64LE(BigInt(recordAt), 8);
      locator.writeUInt32LE(1, 16); // one disk
      await this.put(Buffer.concat([record, locator]));
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(SIG_END, 0);
    // With zip64, the plain record's fields are saturated: readers take the zip64 record's.
    end.writeUInt16LE(zip64 ? 0xffff : count, 8);
    end.writeUInt16LE(zip64 ? 0xffff : count, 10);
    end.writeUInt32LE(zip64 ? IN_ZIP64 : dirSize, 12);
    end.writeUInt32LE(zip64 ? IN_ZIP64 : start, 16);
    await this.put(end);
    await new Promise<void>((resolve, reject) => {
      this.out.once("error", reject);
      this.out.end(resolve);
    });
  }
}
