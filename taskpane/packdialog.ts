/*
 * The Office dialog that shows the review pack: it tells the pane it is ready, receives the
 * pack's page as a message, and shows it in a sandboxed frame (srcdoc, no script allowed;
 * the pack needs none). Nothing of the page is parsed into this document.
 */
import { DIALOG_READY } from "./packDialogProtocol";

/** Shows a pack page in the dialog's sandboxed frame. */
export function showPack(doc: Document, html: string): void {
  const frame = doc.getElementById("pack") as HTMLIFrameElement | null;
  if (!frame) return;
  frame.srcdoc = html;
  frame.hidden = false;
  doc.getElementById("wait")?.remove();
}

Office.onReady(() => {
  Office.context.ui.addHandlerAsync(Office.EventType.DialogParentMessageReceived, (arg) => {
    const message = (arg as { message?: string }).message;
    if (typeof message === "string") showPack(document, message);
  });
  Office.context.ui.messageParent(DIALOG_READY);
});
