/**
 * The stated limits of reading an .xlsx (issue 26, C13): what a part may unpack to, checked
 * from the zip directory before anything is inflated, and what the streaming reader holds at a
 * time. docs/command-line.md states them; cli/messages.ts words their refusals.
 *
 * With these, reading a workbook holds at most: the small index parts (each at most
 * `wholePartBytes`), the shared strings the sheets read use (all of them when the part is at
 * most `keepAllStringsBytes`), the values of the sheets read (each at most `sheetBytes` of XML),
 * and one element (a row, a shared string) of at most `elementBytes`. Sheets a command does not read are never inflated, so a
 * client's large sheets cost nothing to a command that reads only the product's own sheets.
 */
export const READ_LIMITS = {
  /** Largest part (a sheet's XML, the shared strings) a workbook may hold: 512 MB. */
  partBytes: 512 * 1024 * 1024,
  /** Largest total of all parts: 1 GB. */
  totalBytes: 1024 * 1024 * 1024,
  /** A part that unpacks to more than this many times its packed size, and to more than 64 MB, is a zip bomb. */
  ratio: 100,
  ratioFloorBytes: 64 * 1024 * 1024,
  /** Largest index part read whole (the workbook, its relationships, the styles, the content types): 64 MB. */
  wholePartBytes: 64 * 1024 * 1024,
  /**
   * Largest sheet read whole into memory (the client sheet an upgrade reads, a report's sheet,
   * the product's sheets a command reads): 100 MB of XML (a 100 MB sheet of export rows peaks
   * at about 430 MB).
   * Sheets streamed row by row (the exports of tickets, its --dry-run preview, steps and
   * experience) have no such limit.
   */
  sheetBytes: 100 * 1024 * 1024,
  /** Largest single element read (one row of a sheet, one shared string): 16 MB of XML. */
  elementBytes: 16 * 1024 * 1024,
  /** Shared strings up to this size are kept whole; above it, only those the sheets read use. */
  keepAllStringsBytes: 16 * 1024 * 1024,
} as const;

/** What a {@link ReadLimitError} refuses. */
export type ReadLimitKind = "text" | "row" | "part" | "declared";

/**
 * A part refused while it is read: one shared string or one row beyond `elementBytes`, an
 * index part beyond `wholePartBytes`, or a part that inflates to more than its zip directory
 * declares. The command line words it (cli/xlsx.ts' readFailure).
 */
export class ReadLimitError extends Error {
  /**
   * @param part - The part's name in the package.
   * @param kind - What is refused.
   * @param limit - The limit passed (bytes; for "declared", the size the directory declares).
   * @param size - The part's size, when known (a "part" refused from its declared size).
   */
  constructor(
    readonly part: string,
    readonly kind: ReadLimitKind,
    readonly limit: number,
    readonly size?: number,
  ) {
    super(`${part}: ${kind} over ${limit} bytes`);
  }
}
