/** Undo and redo over whole texts: every edit is a new text, so undoing is going back to the one before. */
export interface History {
  texts: string[];
  at: number;
}

export const start = (text: string): History => ({ texts: [text], at: 0 });

export const current = (h: History): string => h.texts[h.at];

/** A new text after the current one (dropping what was undone); the same text is no new step. */
export function push(h: History, text: string): History {
  if (text === current(h)) return h;
  return { texts: [...h.texts.slice(0, h.at + 1), text], at: h.at + 1 };
}

export const canUndo = (h: History) => h.at > 0;
export const canRedo = (h: History) => h.at < h.texts.length - 1;
export const undo = (h: History): History => (canUndo(h) ? { ...h, at: h.at - 1 } : h);
export const redo = (h: History): History => (canRedo(h) ? { ...h, at: h.at + 1 } : h);
