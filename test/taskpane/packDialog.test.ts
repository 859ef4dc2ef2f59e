/**
 * How the pane opens the review pack: an Office dialog where DialogApi 1.2 is there, else a
 * download; the dialog shows the page in its sandboxed frame.
 */
import { openWay } from "../../taskpane/packSection";
import { DIALOG_READY } from "../../taskpane/packDialogProtocol";

function office(dialogApi12: boolean, withUi = true): typeof Office {
  return {
    context: {
      requirements: { isSetSupported: (name: string, v: string) => name === "DialogApi" && v === "1.2" && dialogApi12 },
      ui: withUi ? { displayDialogAsync: () => undefined } : undefined,
    },
  } as unknown as typeof Office;
}

test("a dialog with DialogApi 1.2, else a download (outside Office, or older hosts)", () => {
  expect(openWay(office(true))).toBe("dialog");
  expect(openWay(office(false))).toBe("download");
  expect(openWay(office(true, false))).toBe("download");
  expect(openWay(undefined)).toBe("download");
});

test("the dialog shows the page in its sandboxed frame, as srcdoc", async () => {
  (globalThis as { Office?: unknown }).Office = { onReady: () => undefined };
  const { showPack } = await import("../../taskpane/packdialog");
  const frame = { srcdoc: "", hidden: true };
  let removed = false;
  const doc = {
    getElementById: (id: string) => (id === "pack" ? frame : id === "wait" ? { remove: () => (removed = true) } : null),
  } as unknown as Document;
  showPack(doc, "<!DOCTYPE html><p>pack</p>");
  expect(frame).toEqual({ srcdoc: "<!DOCTYPE html><p>pack</p>", hidden: false });
  expect(removed).toBe(true);
  expect(DIALOG_READY).toBe("pack-dialog-ready");
});
