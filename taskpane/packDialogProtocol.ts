/** The review pack dialog's one message to the pane: it is ready to receive the page (kept apart so the dialog's bundle holds no chart code). */
export const DIALOG_READY = "pack-dialog-ready";
