/**
 * The package-level writer: a governed workbook written part by part.
 *
 * - Every part of the input the product does not own is copied from the input zip as its
 *   stored bytes: the client's worksheets, tables, drawings, charts, media, comments, pivot
 *   caches, custom XML, printer settings, other add-ins. They are never parsed.
 * - The product's sheets are written as their own parts from their plans
 *   (cli/package/sheet.ts); a plan over an existing sheet (the Register, an appended Audit)
 *   edits that sheet's XML in place (cli/package/edit.ts).
 * - A client sheet whose formulas Excel would store differently (`GOV.NAME(`, a newer built-in
 *   without `_xlfn.`) has only those formulas rewritten, in place.
 * - Only the index parts are rewritten: `[Content_Types].xml`, `xl/workbook.xml` and its
 *   relationships, `_rels/.rels`, `docProps/app.xml` (the sheet list), and `xl/styles.xml`
 *   when styles were appended (client indices kept). `xl/calcChain.xml`, Excel's list of the
 *   formula cells in calculation order, keeps the cells of the sheets carried and loses those
 *   of the sheets written or edited (Excel adds the cells it does not list; a listed cell that
 *   is no formula is what it repairs); with none left it goes.
 *
 * - The add-in's web-extension part records, by CRC-32 and size, every sheet of the written
 *   package that holds no formula to rewrite (cli/package/scanned.ts), so the next command
 *   copies those without searching them.
 *
 * Cost: O(parts carried) in copied bytes (streamed, constant memory), plus the sheets written
 * and edited. A carried client sheet that may hold formulas is streamed through zlib and its
 * bytes searched for formulas to rewrite (no parse, one chunk in memory), up to four sheets at
 * once on zlib's threads while the product's sheets are written; a sheet Excel's calculation
 * chain shows to have none, or one the scan record lists with the same CRC-32 and size, is only
 * copied.
 */
import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";
import { PrintSetup, ProtectionPlan, SheetPlan } from "../../src/governance/plan";
import { mayNeedRewrite } from "../../src/ooxml/formula";
import { unescapeXml, xmlAttr, xmlText } from "../../src/ooxml/text";
import { WORKBOOK_ORDER } from "../../src/ooxml/order";
import {
  addinParts,
  AddinStore,
  readManifestIdentity,
  REL_TASKPANES,
  REL_WEBEXTENSION,
  TYPE_TASKPANES,
  TYPE_WEBEXTENSION,
} from "../addin";
import { StoredProtection } from "../protection";
import { editSheetXml, rewriteFormulas } from "./edit";
import { ScannedPart, ScanRecord, scanRecordProperty, webExtensionProperties } from "./scanned";
import { NS_R, planSheetXml, SheetPassword, StreamedSheetPlan, XML_HEAD } from "./sheet";
import { StyleRegistry } from "./styles";
import { crc32, ZipEntry, ZipReader, ZipWriter } from "./zip";

/** A plan made only when its sheet is written (so big plans are not all in memory at once). */
export interface LazyPlan {
  readonly name: string;
  readonly make: () => SheetPlan | StreamedSheetPlan;
}

/** What one save writes. */
export interface PackageRequest {
  /** The .xlsx whose parts are carried; absent: a new workbook. */
  readonly input?: string;
  readonly plans: readonly (SheetPlan | StreamedSheetPlan | LazyPlan)[];
  /** The protection of existing sheets the plans do not write. */
  readonly protect?: ReadonlyMap<string, ProtectionPlan>;
  /** Protect with this password; when absent, a password already on a sheet is kept. */
  readonly password?: string;
  /** Without `password`: the stored hash for a protected sheet that has none of its own. */
  readonly passwordHash?: StoredProtection;
  /** How the add-in reference records the add-in (default "sideload"); false writes none. */
  readonly addin?: AddinStore | false;
  /**
   * The package's styles, when a sheet body was written with them before this save
   * ({@link packageStyles} of the same input); otherwise the writer reads its own.
   */
  readonly styles?: StyleRegistry;
}

/** What the writer did with the input's parts (for tests and for saying so). */
export interface PackageReport {
  /** Parts copied as their stored bytes. */
  readonly carried: string[];
  /** Parts written from plans or edited in place. */
  readonly written: string[];
  /** Parts left out (a replaced sheet's old relationships and what only they pointed to; the calc chain). */
  readonly dropped: string[];
  /** Carried sheets whose bytes were inflated and searched for formulas to rewrite. */
  readonly scanned: string[];
  /** Carried sheets whose bytes do not inflate: copied as they are, unsearched (the caller says so). */
  readonly unreadable: { readonly sheet: string; readonly part: string }[];
}

const REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships";
const CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types";
const OFFICE_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument";
const REL_WORKSHEET = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet";
const REL_STYLES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles";
const REL_CALC_CHAIN = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/calcChain";
const REL_APP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties";
const TYPE_WORKSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml";
const TYPE_WORKBOOK = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml";
const TYPE_STYLES = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml";
const TYPE_APP = "application/vnd.openxmlformats-officedocument.extended-properties+xml";
const TYPE_RELS = "application/vnd.openxmlformats-package.relationships+xml";

/** One relationship of a .rels part. */
interface Relationship {
  readonly id: string;
  readonly type: string;
  /** The target as written. */
  readonly target: string;
  /** The part it points at (resolved, no leading "/"), or undefined for an external target. */
  readonly part?: string;
  readonly xml: string;
}

function attr(element: string, name: string): string | undefined {
  const v =
    new RegExp(`\\s${name}="([^"]*)"`).exec(element)?.[1] ?? new RegExp(`\\s${name}='([^']*)'`).exec(element)?.[1];
  return v === undefined ? undefined : unescapeXml(v);
}

/** The .rels part of a part ("xl/workbook.xml" -> "xl/_rels/workbook.xml.rels"). */
export function relsOf(part: string): string {
  const dir = path.posix.dirname(part);
  return `${dir === "." ? "" : dir + "/"}_rels/${path.posix.basename(part)}.rels`;
}

/** The part a relationship of `source` targets. */
function resolve(source: string, target: string): string {
  if (target.startsWith("/")) return target.slice(1);
  const dir = path.posix.dirname(source);
  return path.posix.normalize(path.posix.join(dir === "." ? "" : dir, decodeURI(target))).replace(/^\/+/, "");
}

function parseRels(xml: string, source: string): Relationship[] {
  const out: Relationship[] = [];
  for (const m of xml.matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)) {
    const id = attr(m[0], "Id") ?? "";
    const type = attr(m[0], "Type") ?? "";
    const target = attr(m[0], "Target") ?? "";
    const external = attr(m[0], "TargetMode") === "External";
    out.push({ id, type, target, part: external ? undefined : resolve(source, target), xml: m[0] });
  }
  return out;
}

function relsXml(rels: readonly Relationship[]): string {
  return XML_HEAD + `<Relationships xmlns="${REL_NS}">` + rels.map((r) => r.xml).join("") + "</Relationships>";
}

function relationship(id: string, type: string, target: string): Relationship {
  return { id, type, target, xml: `<Relationship Id="${id}" Type="${type}" Target="${xmlAttr(target)}"/>` };
}

/** The first `rIdN` not taken. */
function freeId(taken: Iterable<string>, from = 1): string {
  const used = new Set(taken);
  for (let n = from; ; n++) if (!used.has(`rId${n}`)) return `rId${n}`;
}

/** The content types of a package: defaults by extension, overrides by part. */
class ContentTypes {
  readonly defaults = new Map<string, string>();
  readonly overrides = new Map<string, string>();

  constructor(xml: string | undefined) {
    for (const m of (xml ?? "").matchAll(/<(?:\w+:)?Default\b[^>]*>/g)) {
      this.defaults.set((attr(m[0], "Extension") ?? "").toLowerCase(), attr(m[0], "ContentType") ?? "");
    }
    for (const m of (xml ?? "").matchAll(/<(?:\w+:)?Override\b[^>]*>/g)) {
      this.overrides.set((attr(m[0], "PartName") ?? "").replace(/^\//, ""), attr(m[0], "ContentType") ?? "");
    }
    if (!this.defaults.has("rels")) this.defaults.set("rels", TYPE_RELS);
    if (!this.defaults.has("xml")) this.defaults.set("xml", "application/xml");
  }

  /** The content type of a part, or undefined. */
  of(part: string): string | undefined {
    for (const [name, type] of this.overrides) if (name.toLowerCase() === part.toLowerCase()) return type;
    return this.defaults.get(/\.([^./]*)$/.exec(part)?.[1]?.toLowerCase() ?? "");
  }

  remove(part: string): void {
    for (const name of [...this.overrides.keys()])
      if (name.toLowerCase() === part.toLowerCase()) this.overrides.delete(name);
  }

  toXml(): string {
    let xml = XML_HEAD + `<Types xmlns="${CT_NS}">`;
    for (const [ext, type] of this.defaults)
      xml += `<Default Extension="${xmlAttr(ext)}" ContentType="${xmlAttr(type)}"/>`;
    for (const [part, type] of this.overrides)
      xml += `<Override PartName="/${xmlAttr(part)}" ContentType="${xmlAttr(type)}"/>`;
    return xml + "</Types>";
  }
}

/** A sheet of the workbook. */
interface SheetEntry {
  readonly name: string;
  readonly part?: string;
  readonly rid: string;
  readonly xml: string;
}

/** Reads the text of a part, or undefined. */
function readText(zip: ZipReader | undefined, part: string): string | undefined {
  const entry = zip?.find(part);
  return entry ? zip!.text(entry) : undefined;
}

/** The attributes of the last `<sheetProtection>` of a sheet's XML (its stored password). */
function storedProtection(xml: string): StoredProtection | undefined {
  const m = /<sheetProtection\b[^>]*>/.exec(xml);
  if (!m) return undefined;
  const spin = attr(m[0], "spinCount");
  return {
    algorithmName: attr(m[0], "algorithmName"),
    hashValue: attr(m[0], "hashValue"),
    saltValue: attr(m[0], "saltValue"),
    spinCount: spin === undefined ? undefined : Number(spin),
    password: attr(m[0], "password"),
  };
}

/** Excel's calculation chain: its cells, each with its sheet's id made explicit. */
interface CalcChain {
  readonly part: string;
  /** Each `<c>` element as written, its `i` added where it was carried over from the cell before. */
  readonly cells: readonly { readonly sheetId: string; readonly xml: string }[];
  /** The ids of the sheets it lists cells of: a sheet it leaves out has no formula. */
  readonly sheetIds: ReadonlySet<string>;
}

/**
 * Excel's calculation chain (xl/calcChain.xml: one `<c>` per formula cell, `i` its sheet's id,
 * carried over from the previous cell when absent), or undefined when the package has none
 * (then every client sheet is scanned). Cost: O(size of the chain).
 */
function readCalcChain(zip: ZipReader | undefined, bookRels: readonly Relationship[]): CalcChain | undefined {
  const part = bookRels.find((r) => r.type === REL_CALC_CHAIN)?.part;
  const entry = part ? zip?.find(part) : undefined;
  if (!part || !entry) return undefined;
  const cells: { sheetId: string; xml: string }[] = [];
  let current = "1";
  for (const m of zip!.text(entry).matchAll(/<(?:\w+:)?c\b[^>]*>/g)) {
    const own = attr(m[0], "i");
    current = own ?? current;
    // Written back unprefixed, in the chain's default namespace, with its sheet id.
    const unprefixed = m[0].replace(/^<(?:\w+:)?c\b/, "<c");
    cells.push({
      sheetId: current,
      xml: own === undefined ? unprefixed.replace(/^<c\b/, `<c i="${current}"`) : unprefixed,
    });
  }
  return { part, cells, sheetIds: new Set(cells.map((c) => c.sheetId)) };
}

/**
 * The chain without the cells of the sheets this write changes, or undefined when none is left
 * (CT_CalcChain needs a cell). A chain that lists fewer cells than there are formulas is one
 * Excel completes as it calculates (ECMA-376 Part 1, 18.6: the chain records the last
 * calculation's order and may be rebuilt on load; Apache POI's XSSF adds no cell for the
 * formulas it writes); a listed cell that is no formula is the damage Excel repairs (the Open
 * XML SDK maintainers' finding with the Excel team, dotnet/Open-XML-SDK#1491: only removed
 * formulas make Excel check the chain), so a changed sheet loses all of its.
 */
function keptCalcChain(chain: CalcChain, changed: ReadonlySet<string>): string | undefined {
  const kept = chain.cells.filter((c) => !changed.has(c.sheetId));
  if (!kept.length) return undefined;
  return (
    XML_HEAD +
    '<calcChain xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
    kept.map((c) => (c.xml.endsWith("/>") ? c.xml : c.xml.replace(/>$/, "/>"))).join("") +
    "</calcChain>"
  );
}

/** The start of a formula element (`<f>`, `<f t="shared" ...>`) in a sheet's bytes. */
const FORMULA_OPEN = Buffer.from("<f");
/** Inflated bytes handed to the scan at a time: 1 MB scans a 50 MB sheet about a fifth faster than zlib's 16 KB. */
const SCAN_CHUNK = 1 << 20;

/** What searching a carried sheet found. */
interface ScanResult {
  /** A formula in it may need rewriting: the sheet is read whole and its formulas rewritten. */
  readonly rewrite: boolean;
  /** None may, and every inflated byte was searched, with the CRC-32 and size the zip directory gives. */
  readonly clean: boolean;
  /** Its stored bytes do not inflate (damaged, or a compression no .xlsx uses): carried unsearched, and said. */
  readonly unreadable?: boolean;
}

/** zlib's errors for bytes that are no deflate stream, or one cut short. */
const DAMAGED_DEFLATE = new Set(["Z_DATA_ERROR", "Z_BUF_ERROR"]);

/**
 * Streams an entry's inflated bytes and says whether a formula in it may need rewriting: a
 * byte search per chunk for a formula element, and only where there is one, the test for a
 * call to rewrite. Stops at the first such call, or when `stopped` says so. Cost: O(size)
 * inflating (zlib, native, on libuv's thread pool), no parse; memory: one chunk.
 */
async function scanSheet(zip: ZipReader, entry: ZipEntry, stopped: () => boolean): Promise<ScanResult> {
  if (stopped()) return { rewrite: false, clean: false };
  if (entry.method !== 0 && entry.method !== 8) return { rewrite: false, clean: false, unreadable: true };
  const inflate = entry.method === 8 ? zlib.createInflateRaw({ chunkSize: SCAN_CHUNK }) : undefined;
  let tail = "";
  let found = false;
  // A formula element still open at the end of the last chunk examined: its call may go on in the next.
  let open = false;
  let crc = 0;
  let size = 0;
  const test = (chunk: Buffer) => {
    if (found) return;
    crc = crc32(chunk, crc);
    size += chunk.length;
    // Only text within a formula element can hold a call to rewrite: a sheet of values is
    // passed over with one native byte search per chunk ("<f" split over two chunks counted).
    const straddles = tail.endsWith("<") && chunk[0] === 0x66; // "f"
    if (!open && !straddles && chunk.indexOf(FORMULA_OPEN) < 0) {
      tail = chunk.toString("latin1", Math.max(0, chunk.length - 128));
      return;
    }
    const text = tail + chunk.toString("latin1");
    if (mayNeedRewrite(text)) found = true;
    open = text.lastIndexOf("<f") > text.lastIndexOf("</f>");
    tail = text.slice(-128);
  };
  const result = (): ScanResult => ({
    rewrite: found,
    clean: !found && !stopped() && size === entry.size && crc >>> 0 === entry.crc >>> 0,
  });
  if (!inflate) {
    for (const chunk of zip.raw(entry)) {
      if (found || stopped()) break;
      test(chunk);
    }
    return result();
  }
  let damaged = false;
  await new Promise<void>((resolve, reject) => {
    let failure: Error | undefined;
    inflate.on("data", test);
    // Every error is listened to (a write after the stream failed raises another).
    inflate.on("error", (e: Error & { code?: string }) => {
      // Bytes that do not inflate are the input's damage, not this write's: the part is carried as it is.
      if (damaged) return; // what follows a damaged stream says nothing more
      if (DAMAGED_DEFLATE.has(e.code ?? "")) damaged = true;
      else failure ??= e;
    });
    // A search given up early (a call found, the write stopped) destroys the stream: no error then.
    inflate.once("close", () => (failure && !found && !stopped() ? reject(failure) : resolve()));
    (async () => {
      for (const chunk of zip.raw(entry)) {
        if (found || stopped() || inflate.destroyed) return void inflate.destroy();
        if (!inflate.write(chunk)) await new Promise((r) => inflate.once("drain", r));
      }
      inflate.end();
    })().catch((e: Error) => {
      failure ??= e;
      inflate.destroy();
    });
  });
  return damaged && !found ? { rewrite: false, clean: false, unreadable: true } : result();
}

/**
 * Carried sheets searched at once: each inflates on libuv's thread pool (four threads unless
 * UV_THREADPOOL_SIZE says otherwise), beside the writer's own work on the main thread.
 */
const SCANS_IN_FLIGHT = 4;

/**
 * The searches of the carried sheets, each started as soon as the writer knows it carries the
 * sheet, run on zlib's threads while the writer writes the product's sheets; a result is
 * awaited only when the writer comes to copy that sheet. At most SCANS_IN_FLIGHT at once.
 */
class SheetScans {
  private readonly waiting: (() => void)[] = [];
  private running = 0;
  private stopped = false;
  private readonly started: Promise<ScanResult>[] = [];

  constructor(private readonly zip: ZipReader) {}

  /** Starts searching a sheet (or queues it). A failure is the caller's when it awaits the result. */
  start(entry: ZipEntry): Promise<ScanResult> {
    const result = (async () => {
      await this.slot();
      try {
        return await scanSheet(this.zip, entry, () => this.stopped);
      } finally {
        const next = this.waiting.shift();
        if (next) next();
        else this.running--;
      }
    })();
    result.catch(() => undefined); // observed when awaited; after a stop no one awaits it
    this.started.push(result);
    return result;
  }

  private slot(): Promise<void> {
    if (this.running < SCANS_IN_FLIGHT) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Gives up the searches still running and waits until none reads the zip (before it is closed). */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.allSettled(this.started);
  }
}

/** The new workbook.xml of a package without input: Excel's bookViews, the sheets, Excel's calcPr. */
function newWorkbookXml(sheets: readonly SheetEntry[]): string {
  return (
    XML_HEAD +
    `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="${NS_R}">` +
    '<workbookPr/><bookViews><workbookView xWindow="0" yWindow="0" windowWidth="28040" windowHeight="17180"/></bookViews>' +
    `<sheets>${sheets.map((s) => s.xml).join("")}</sheets>` +
    '<calcPr calcId="191029"/></workbook>'
  );
}

/** docProps/app.xml with the sheet list brought up to date (or without a list it cannot read). */
function appXml(xml: string | undefined, sheetNames: readonly string[]): string {
  const list = (names: readonly string[]) =>
    `<HeadingPairs><vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant><vt:variant><vt:i4>${names.length}</vt:i4></vt:variant></vt:vector></HeadingPairs>` +
    `<TitlesOfParts><vt:vector size="${names.length}" baseType="lpstr">${names.map((n) => `<vt:lpstr>${xmlAttr(n)}</vt:lpstr>`).join("")}</vt:vector></TitlesOfParts>`;
  if (!xml) {
    return (
      XML_HEAD +
      '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">' +
      `<Application>Microsoft Excel</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>${list(sheetNames)}` +
      "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged><AppVersion>16.0300</AppVersion></Properties>"
    );
  }
  const pairs = /<HeadingPairs>[\s\S]*?<\/HeadingPairs>/.exec(xml);
  const titles = /<TitlesOfParts>[\s\S]*?<\/TitlesOfParts>/.exec(xml);
  if (!pairs || !titles) return xml;
  // The pairs: (heading, count) in order; the titles: the parts of each heading in the same order.
  const headings = [
    ...pairs[0].matchAll(/<vt:lpstr>([^<]*)<\/vt:lpstr>\s*<\/vt:variant>\s*<vt:variant>\s*<vt:i4>(\d+)<\/vt:i4>/g),
  ].map((m) => ({ name: m[1], count: Number(m[2]) }));
  const parts = [...titles[0].matchAll(/<vt:lpstr>([^<]*)<\/vt:lpstr>/g)].map((m) => m[1]);
  const sheetsAt = headings.findIndex((h) => h.name === "Worksheets");
  if (sheetsAt < 0 || headings.reduce((a, h) => a + h.count, 0) !== parts.length) {
    // A list this writer cannot follow: left out (both elements are optional; Excel rewrites them).
    return xml.replace(pairs[0], "").replace(titles[0], "");
  }
  const before = headings.slice(0, sheetsAt).reduce((a, h) => a + h.count, 0);
  const newParts = [
    ...parts.slice(0, before),
    ...sheetNames.map((n) => xmlAttr(n)),
    ...parts.slice(before + headings[sheetsAt].count),
  ];
  headings[sheetsAt] = { name: "Worksheets", count: sheetNames.length };
  const newPairs =
    `<HeadingPairs><vt:vector size="${headings.length * 2}" baseType="variant">` +
    headings
      .map(
        (h) =>
          `<vt:variant><vt:lpstr>${h.name}</vt:lpstr></vt:variant><vt:variant><vt:i4>${h.count}</vt:i4></vt:variant>`,
      )
      .join("") +
    "</vt:vector></HeadingPairs>";
  const newTitles =
    `<TitlesOfParts><vt:vector size="${newParts.length}" baseType="lpstr">` +
    newParts.map((p) => `<vt:lpstr>${p}</vt:lpstr>`).join("") +
    "</vt:vector></TitlesOfParts>";
  return xml.replace(pairs[0], newPairs).replace(titles[0], newTitles);
}

/** The package's relationships, its workbook part and the workbook's relationships. */
function bookOf(zip: ZipReader | undefined): {
  packageRels: Relationship[];
  bookPart: string;
  bookRels: Relationship[];
} {
  const packageRels = parseRels(readText(zip, "_rels/.rels") ?? "", "");
  const bookPart = packageRels.find((r) => r.type === OFFICE_DOC)?.part ?? "xl/workbook.xml";
  return { packageRels, bookPart, bookRels: parseRels(readText(zip, relsOf(bookPart)) ?? "", bookPart) };
}

/**
 * The styles a save of `input` (or of a new workbook) will write with: for sheet bodies written
 * before the save ({@link SheetBody}), then given to it (`PackageRequest.styles`).
 * @throws ZipError when the input is not a zip this writer reads.
 */
export function packageStyles(input: string | undefined): StyleRegistry {
  const zip = input ? ZipReader.open(input) : undefined;
  try {
    const stylesPart = bookOf(zip).bookRels.find((r) => r.type === REL_STYLES)?.part;
    return StyleRegistry.of(stylesPart ? readText(zip, stylesPart) : undefined);
  } finally {
    zip?.close();
  }
}

/**
 * Writes a governed workbook to `out` (the caller writes to a temporary file and renames it).
 * @returns What was carried, written and dropped.
 * @throws ZipError when the input is not a zip this writer reads; Error when writing fails.
 */
export async function writePackage(out: fs.WriteStream, request: PackageRequest): Promise<PackageReport> {
  const zip = request.input ? ZipReader.open(request.input) : undefined;
  const scans = zip && new SheetScans(zip);
  try {
    return await writeWith(zip, scans, out, request);
  } finally {
    await scans?.stop();
    zip?.close();
  }
}

async function writeWith(
  zip: ZipReader | undefined,
  scans: SheetScans | undefined,
  out: fs.WriteStream,
  request: PackageRequest,
): Promise<PackageReport> {
  const report: PackageReport = { carried: [], written: [], dropped: [], scanned: [], unreadable: [] };
  const types = new ContentTypes(readText(zip, "[Content_Types].xml"));
  const book = bookOf(zip);
  const { packageRels, bookPart } = book;
  const bookXml = readText(zip, bookPart);
  const bookRelsPart = relsOf(bookPart);
  let bookRels = book.bookRels;
  const allRels = new Map<string, Relationship[]>();
  for (const name of zip?.entries.keys() ?? []) {
    if (name.endsWith(".rels")) {
      const source = name.replace(/(^|\/)_rels\/([^/]*)\.rels$/, "$1$2");
      allRels.set(name, name === "_rels/.rels" ? packageRels : parseRels(zip!.text(zip!.find(name)!), source));
    }
  }

  // The sheets, in tab order.
  const sheets: SheetEntry[] = [];
  for (const m of (bookXml ?? "").matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
    const rid = attr(m[0], "r:id") ?? "";
    const rel = bookRels.find((r) => r.id === rid);
    sheets.push({
      name: attr(m[0], "name") ?? "",
      rid,
      part: rel?.type === REL_WORKSHEET ? rel.part : undefined,
      xml: m[0],
    });
  }
  let nextSheetId = Math.max(0, ...sheets.map((s) => Number(attr(s.xml, "sheetId")) || 0)) + 1;

  // Styles: the client's, appended to (by the sheet bodies written before this save, then here).
  let stylesPart = bookRels.find((r) => r.type === REL_STYLES)?.part;
  const stylesXml = stylesPart ? readText(zip, stylesPart) : undefined;
  if (request.styles && !request.styles.isOf(stylesXml))
    throw new Error("the styles given were read from another package");
  const styles = request.styles ?? StyleRegistry.of(stylesXml);

  // Parts decided here: name -> producer.
  const plans = new Map(request.plans.map((p) => [p.name, p]));
  const replacedParts = new Set<string>();
  const newSheets: SheetEntry[] = [];
  const producers: { part: string; produce: (writer: ZipWriter) => Promise<void> }[] = [];
  const dropped = new Set<string>();
  const used = new Set([...(zip?.entries.keys() ?? [])].map((n) => n.toLowerCase()));

  const passwordFor = (kept: StoredProtection | undefined): SheetPassword =>
    request.password !== undefined
      ? { password: request.password }
      : { kept: kept?.hashValue ? kept : request.passwordHash };

  const chain = readCalcChain(zip, bookRels);
  // The add-in's own web-extension part, if the input has one: its properties are kept, and
  // one of them is the record of the sheets searched before.
  const identity = readManifestIdentity();
  const ours = [...(zip?.entries.keys() ?? [])].find(
    (n) =>
      /^xl\/webextensions\/webextension\d+\.xml$/i.test(n) && zip!.text(zip!.find(n)!).includes(`id="${identity.id}"`),
  );
  const properties = ours ? webExtensionProperties(zip!.text(zip!.find(ours)!)) : [];
  const record = ScanRecord.of(properties);
  /** Carried sheets known to hold no formula to rewrite: by the record, or searched in this write. */
  const known: ScannedPart[] = [];
  /** The searches of the other carried sheets, by part. */
  const searches = new Map<string, { readonly sheet: string; readonly result: Promise<ScanResult> }>();
  /** The sheet parts written here (from plans, edited, rewritten): stored as Excel stores them. */
  const sheetParts: string[] = [];
  /** The ids of the sheets written or edited: their cells leave the calculation chain. */
  const changedSheets = new Set<string>();
  const sheetIdOf = (sheet: SheetEntry) => attr(sheet.xml, "sheetId") ?? "";
  /** Rows and columns printed on each page, by sheet: Excel's _xlnm.Print_Titles names. */
  const titles = new Map<string, PrintTitles>();
  for (const sheet of sheets) {
    const planned = plans.get(sheet.name);
    plans.delete(sheet.name);
    const part = sheet.part;
    if (!part || !zip?.find(part)) continue; // a chart sheet, or a sheet whose part is missing: carried as it is
    const plan = planned && "make" in planned ? planned.make() : planned;
    if (plan?.print) titles.set(sheet.name, plan.print);
    if (plan && plan.replace) {
      // The product's own sheet, written anew at the same part; its old relationships go.
      changedSheets.add(sheetIdOf(sheet));
      const kept = storedProtection(zip.text(zip.find(part)!));
      replacedParts.add(part);
      producers.push({
        part,
        produce: (w) => w.addStream(part, planSheetXml(plan, styles, passwordFor(kept))),
      });
      const rels = relsOf(part);
      if (allRels.has(rels)) dropped.add(rels);
      continue;
    }
    const protection = plan?.protection ?? request.protect?.get(sheet.name);
    if (plan || protection) {
      changedSheets.add(sheetIdOf(sheet));
      producers.push({
        part,
        produce: async (w) => {
          const xml = zip.text(zip.find(part)!);
          const edited = editSheetXml(
            xml,
            { ...plan, cells: plan ? Array.from(plan.cells) : undefined, protection },
            styles,
            passwordFor(storedProtection(xml)),
          );
          await w.add(part, edited);
        },
      });
      continue;
    }
    // A client sheet: carried, unless a formula in it must be stored as Excel stores it. Excel's
    // calculation chain lists every formula cell by sheet: a sheet it leaves out has none and is
    // not even scanned (nor recorded: the record holds only what bytes have shown, so a chain
    // that another tool left stale is trusted no longer than it is there).
    // A sheet the scan record lists (cli/package/scanned.ts) was searched before, with the same
    // content: copied without a scan too. Any other is searched on zlib's threads from now on,
    // while the product's sheets are written; its result is awaited when it comes to be copied.
    const entry = zip.find(part)!;
    if (chain && !chain.sheetIds.has(sheetIdOf(sheet))) continue;
    if (record.has(entry)) {
      known.push({ name: entry.name, crc: entry.crc, size: entry.size });
      continue;
    }
    searches.set(entry.name, { sheet: sheet.name, result: scans!.start(entry) });
    report.scanned.push(entry.name);
  }
  // Planned sheets the input lacks: new parts after the existing sheets, in plan order.
  let sheetNumber = 1;
  for (const planned of plans.values()) {
    while (used.has(`xl/worksheets/sheet${sheetNumber}.xml`)) sheetNumber++;
    const part = `xl/worksheets/sheet${sheetNumber}.xml`;
    used.add(part);
    const rid = freeId([...bookRels.map((r) => r.id), ...newSheets.map((s) => s.rid)]);
    const entry: SheetEntry = {
      name: planned.name,
      part,
      rid,
      xml: `<sheet name="${xmlAttr(planned.name)}" sheetId="${nextSheetId}" r:id="${rid}"/>`,
    };
    // A cell a stale chain names on a sheet id taken anew is no formula of this sheet.
    changedSheets.add(String(nextSheetId++));
    newSheets.push(entry);
    bookRels = [...bookRels, relationship(rid, REL_WORKSHEET, path.posix.relative(path.posix.dirname(bookPart), part))];
    types.overrides.set(part, TYPE_WORKSHEET);
    const selected = !zip && sheets.length === 0 && newSheets.length === 1;
    producers.push({
      part,
      produce: (w) => {
        const plan = "make" in planned ? planned.make() : planned;
        if (plan.print) titles.set(planned.name, plan.print);
        return w.addStream(part, planSheetXml(plan, styles, passwordFor(undefined), selected));
      },
    });
  }

  // Parts reachable only through a replaced sheet's old relationships go too (its tables,
  // drawings, comments), unless another part still points at them.
  if (dropped.size) {
    const candidates = new Set<string>();
    const candidateRels = new Set(dropped);
    const queue = [...dropped];
    while (queue.length) {
      for (const r of allRels.get(queue.pop()!) ?? []) {
        if (!r.part || candidates.has(r.part) || replacedParts.has(r.part)) continue;
        candidates.add(r.part);
        const sub = relsOf(r.part);
        if (allRels.has(sub) && !candidateRels.has(sub)) {
          candidateRels.add(sub);
          queue.push(sub);
        }
      }
    }
    const stillUsed = new Set<string>();
    for (const [relsPart, rels] of allRels) {
      if (candidateRels.has(relsPart)) continue;
      for (const r of rels) if (r.part) stillUsed.add(r.part);
    }
    for (const part of candidates) {
      if (stillUsed.has(part)) continue;
      dropped.add(part);
      if (allRels.has(relsOf(part))) dropped.add(relsOf(part));
    }
  }
  // The calculation chain keeps the cells of the sheets carried, so the next command still
  // knows which client sheets hold no formula (and copies them without a scan).
  const chainText = chain && changedSheets.size ? keptCalcChain(chain, changedSheets) : undefined;
  if (chain && changedSheets.size && chainText === undefined) {
    dropped.add(chain.part);
    bookRels = bookRels.filter((r) => r.type !== REL_CALC_CHAIN);
  }
  for (const part of dropped) types.remove(part);

  // The add-in reference: our webextension part (replacing an earlier one of ours), and a task pane for it.
  const addinFiles = new Map<string, string>();
  let pkgRels = packageRels.slice();
  let webPart: string | undefined;
  if (request.addin !== false) {
    const parts = addinParts(identity, request.addin ?? "sideload");
    webPart = ours;
    if (!webPart) {
      let n = 1;
      while (used.has(`xl/webextensions/webextension${n}.xml`)) n++;
      webPart = `xl/webextensions/webextension${n}.xml`;
      used.add(webPart);
    }
    // Written last, when the record of the sheets searched is complete.
    types.overrides.set(webPart, TYPE_WEBEXTENSION);
    const panesRel = packageRels.find((r) => r.type === REL_TASKPANES);
    const panesPart = panesRel?.part ?? "xl/webextensions/taskpanes.xml";
    const panesRelsPart = relsOf(panesPart);
    const existingPanes = panesRel && zip?.find(panesPart) ? zip.text(zip.find(panesPart)!) : undefined;
    const paneRels = existingPanes ? (allRels.get(panesRelsPart) ?? []) : [];
    const webTarget = path.posix.relative(path.posix.dirname(panesPart), webPart);
    let paneRel = paneRels.find((r) => r.type === REL_WEBEXTENSION && r.part === webPart);
    if (!existingPanes) {
      addinFiles.set(panesPart, parts["xl/webextensions/taskpanes.xml"]);
      addinFiles.set(panesRelsPart, relsXml([relationship("rId1", REL_WEBEXTENSION, webTarget)]));
    } else if (!paneRel) {
      const id = freeId(paneRels.map((r) => r.id));
      paneRel = relationship(id, REL_WEBEXTENSION, webTarget);
      const pane = /<wetp:taskpane\b[\s\S]*?<\/wetp:taskpane>/
        .exec(parts["xl/webextensions/taskpanes.xml"])![0]
        .replace('r:id="rId1"', `r:id="${id}"`);
      addinFiles.set(
        panesPart,
        existingPanes.replace(/<\/(\w+:)?taskpanes>\s*$/, (end) => pane + end),
      );
      addinFiles.set(panesRelsPart, relsXml([...paneRels, paneRel]));
    }
    types.overrides.set(panesPart, TYPE_TASKPANES);
    if (!panesRel) {
      // Excel's package relationship ids: rId1 the workbook, rId2 the task panes, rId3 core, rId4 app.
      pkgRels = [
        ...pkgRels,
        relationship(
          freeId(
            pkgRels.map((r) => r.id),
            2,
          ),
          REL_TASKPANES,
          panesPart,
        ),
      ];
    }
  }

  // A new workbook's own parts.
  const newFiles = new Map<string, string>();
  if (!bookXml) {
    pkgRels = [relationship("rId1", OFFICE_DOC, bookPart), ...pkgRels.filter((r) => r.type !== OFFICE_DOC)];
    pkgRels.push(
      relationship(
        freeId(
          pkgRels.map((r) => r.id),
          4,
        ),
        REL_APP,
        "docProps/app.xml",
      ),
    );
    types.overrides.set(bookPart, TYPE_WORKBOOK);
    types.overrides.set("docProps/app.xml", TYPE_APP);
  }
  if (!stylesPart) {
    stylesPart = "xl/styles.xml";
    bookRels = [...bookRels, relationship(freeId(bookRels.map((r) => r.id)), REL_STYLES, "styles.xml")];
    types.overrides.set(stylesPart, TYPE_STYLES);
  }
  const allSheetNames = [...sheets.map((s) => s.name), ...newSheets.map((s) => s.name)];
  const appPart = pkgRels.find((r) => r.type === REL_APP)?.part ?? "docProps/app.xml";

  // Write: index parts first, then the sheets, the carried parts, and the styles last (sheets add styles).
  const writer = new ZipWriter(out);
  const written = new Set<string>();
  const put = async (part: string, content: string) => {
    await writer.add(part, content);
    written.add(part.toLowerCase());
    report.written.push(part);
  };
  await put("[Content_Types].xml", types.toXml());
  await put("_rels/.rels", relsXml(pkgRels));
  // The workbook part goes after the sheets: their plans (made as they are written) name the print titles.
  const writeBook = async () => {
    const workbookText = withPrintTitles(
      bookXml ? insertSheets(bookXml, newSheets) : newWorkbookXml(newSheets),
      allSheetNames,
      titles,
    );
    await put(bookPart, workbookText);
  };
  await put(bookRelsPart, relsXml(bookRels));
  const app = readText(zip, appPart);
  if (app !== undefined || !bookXml) await put(appPart, appXml(app, allSheetNames));
  for (const [part, content] of [...newFiles, ...addinFiles]) await put(part, content);
  if (chain && chainText !== undefined) await put(chain.part, chainText);
  for (const p of producers) {
    await p.produce(writer);
    written.add(p.part.toLowerCase());
    report.written.push(p.part);
    sheetParts.push(p.part);
  }
  await writeBook();
  for (const [name, entry] of zip?.entries ?? []) {
    const key = name.toLowerCase();
    if (written.has(key) || dropped.has(name) || key === stylesPart.toLowerCase() || name === webPart) continue;
    const search = searches.get(name);
    const found = search && (await search.result);
    if (found?.unreadable) report.unreadable.push({ sheet: search!.sheet, part: name });
    if (found?.rewrite) {
      const bytes = zip!.read(entry);
      const xml = ZipReader.textOf(bytes);
      const rewritten = rewriteFormulas(xml);
      // Only formula texts change (every formula cell stays one): its cells stay in the chain.
      if (rewritten !== xml) {
        await put(name, rewritten);
        sheetParts.push(name);
        continue;
      }
      // Only a mention of a call (in a text, outside any formula): as clean as a sheet without one.
      if (crc32(bytes) === entry.crc >>> 0) known.push(entry);
    } else if (found?.clean) known.push(entry);
    await writer.copy(zip!, entry);
    report.carried.push(name);
  }
  if (webPart) {
    // The record: every sheet of this package that holds no formula to rewrite, by content.
    const stored = sheetParts.map((name) => ({ name, ...writer.writtenEntry(name)! }));
    const recorded = scanRecordProperty([...known, ...stored]);
    const kept = properties.filter((p) => p.name !== recorded.name);
    const parts = addinParts(identity, request.addin || "sideload", [...kept, recorded]);
    await put(webPart, parts["xl/webextensions/webextension1.xml"]);
  }
  const stylesEntry = zip?.find(stylesPart);
  if (stylesEntry && !styles.changed) {
    await writer.copy(zip!, stylesEntry);
    report.carried.push(stylesEntry.name);
  } else await put(stylesPart, styles.toXml());
  report.dropped.push(...dropped);
  await writer.finish();
  return report;
}

/** The rows and columns a sheet repeats on each printed page. */
type PrintTitles = Pick<PrintSetup, "titleRows" | "titleColumns">;

/**
 * The workbook with a `_xlnm.Print_Titles` defined name for each sheet that repeats rows or
 * columns on every printed page: each printed sheet's earlier one replaced, or removed where it
 * repeats nothing now; every other name kept.
 */
function withPrintTitles(xml: string, sheetNames: readonly string[], titles: ReadonlyMap<string, PrintTitles>): string {
  if (!titles.size) return xml;
  let names = /<definedNames>([\s\S]*?)<\/definedNames>/.exec(xml)?.[1] ?? "";
  for (const [sheet, print] of titles) {
    const at = sheetNames.indexOf(sheet);
    if (at < 0) continue;
    const quoted = `'${sheet.replace(/'/g, "''")}'`;
    // Excel's form: the columns, then the rows, each as an absolute range of the sheet.
    const ref = [print.titleColumns, print.titleRows]
      .filter((r): r is string => Boolean(r))
      .map((r) => `${quoted}!$${r.split(":")[0]}:$${r.split(":")[1] ?? r.split(":")[0]}`)
      .join(",");
    // The sheet's earlier one, its attributes in any order (LibreOffice writes localSheetId
    // before name): two names alike make Excel repair the workbook.
    names = names.replace(/<definedName\b([^>]*)>[^<]*<\/definedName>/g, (element, attrs: string) =>
      /\bname="_xlnm.Print_Titles"/.test(attrs) && new RegExp(`\\blocalSheetId="${at}"`).test(attrs) ? "" : element,
    );
    // A sheet that repeats nothing now (one page wide, no header rows) keeps no earlier titles.
    if (ref) names += `<definedName name="_xlnm.Print_Titles" localSheetId="${at}">${xmlText(ref)}</definedName>`;
  }
  // No name left: no block (Excel never writes an empty one).
  const block = names ? `<definedNames>${names}</definedNames>` : "";
  if (!block && !/<definedNames>/.test(xml)) return xml;
  if (/<definedNames>[\s\S]*?<\/definedNames>/.test(xml))
    return xml.replace(/<definedNames>[\s\S]*?<\/definedNames>/, block);
  // CT_Workbook's order: definedNames come before the first of these present (else at the end).
  const later = WORKBOOK_ORDER.slice(WORKBOOK_ORDER.indexOf("definedNames") + 1);
  const found = later.map((n) => xml.search(new RegExp(`<(\\w+:)?${n}\\b`))).filter((i) => i >= 0);
  const at = found.length ? Math.min(...found) : xml.lastIndexOf("</");
  return xml.slice(0, at) + block + xml.slice(at);
}

/** The client's workbook.xml with the new sheets added at the end of `<sheets>` (all else kept). */
function insertSheets(xml: string, sheets: readonly SheetEntry[]): string {
  if (!sheets.length) return xml;
  const entries = sheets.map((s) => s.xml).join("");
  const close = /<\/(\w+:)?sheets>/.exec(xml);
  if (close) return xml.slice(0, close.index) + entries + xml.slice(close.index);
  const empty = /<(\w+:)?sheets\s*\/>/.exec(xml);
  if (empty) return xml.replace(empty[0], `<sheets>${entries}</sheets>`);
  throw new Error("workbook.xml has no <sheets>");
}
