/**
 * sla-governance pack: the steering committee's review pack of a month, one self-contained
 * HTML page (and, with --pdf, its A4 landscape PDF). The figures are the core's (src/pack);
 * this module reads the workbook, writes the files and prints where they went.
 */
import { isRefusal, packMessages, refusalText } from "../src/errors";
import { planPack } from "../src/pack/commands";
import { REVIEW_INPUT_SHEETS } from "../src/service/read";
import { reviewPackHtml } from "../src/pack/html";
import { optionValue, ParsedArgs, requiredValue } from "./args";
import { asOfSerial, Io, ioNotice, openInput, refuseExisting } from "./commands";
import { CliError, EXIT, messages, writeCause } from "./messages";
import { checkOutputFolder } from "./xlsx";
import { printPdf } from "./pdf";
import { writeFileThrough } from "./tempdir";

/** sla-governance pack: exit 0 when nothing needs attention, 1 as `review` (open breaches, escalations), 2 for usage and input errors. */
export async function packCommand(args: ParsedArgs, io: Io): Promise<number> {
  const out = requiredValue(args, "out");
  if (!/\.html?$/i.test(out)) throw new CliError(packMessages.notHtml(out));
  const pdf = optionValue(args, "pdf");
  if (pdf !== undefined && !/\.pdf$/i.test(pdf)) throw new CliError(packMessages.notPdf(pdf));
  refuseExisting(args, out);
  checkOutputFolder(out);
  if (pdf !== undefined) {
    refuseExisting(args, pdf);
    checkOutputFolder(pdf);
  }
  const period = optionValue(args, "period");
  const asOf = asOfSerial(args, io);
  const { book } = await openInput(args, io, false, REVIEW_INPUT_SHEETS);
  const outcome = planPack((name) => book.grid(name), period, asOf);
  if (isRefusal(outcome)) throw new CliError(refusalText(outcome));
  io.progress(`Drawing the pack of ${outcome.pack.period} ...`);
  const html = await reviewPackHtml(outcome.pack);
  try {
    writeFileThrough(out, html, ioNotice(io));
  } catch (e) {
    throw new CliError(messages.cannotWrite(out, writeCause(e)));
  }
  io.stdout(`Wrote ${out}: the review pack of ${outcome.pack.period} as of ${outcome.pack.asOf}.\n`);
  if (pdf !== undefined) {
    // The browser found on the machine; the writer's notes on the command's stderr.
    const printed = await printPdf(html, pdf, undefined, ioNotice(io));
    if (printed.printed) io.stdout(`Wrote ${pdf}: the pack printed to A4 landscape.\n`);
    else
      io.stderr(
        `sla-governance: ${printed.missing ? packMessages.noChromium(pdf) : packMessages.printFailed(pdf, printed.why)}\n`,
      );
  }
  return outcome.review.needsAttention ? EXIT.found : EXIT.ok;
}
