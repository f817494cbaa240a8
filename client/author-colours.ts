import { safeColour } from "./colour.ts";
import type { Participant } from "./api.ts";

const CODE = /^[A-Za-z][A-Za-z0-9_-]{0,31}$/;

/**
 * Colours each delegation's proposals (insertions, deletions, brackets, whose mark carries the
 * delegation code in `data-by`) in that delegation's colour, as Word colours changes by author.
 * Uses a constructed style sheet, so no inline <style> and no CSS built from unchecked text.
 */
export function applyAuthorColours(roster: readonly Participant[]): void {
  const rules: string[] = [];
  for (const participant of roster) {
    if (!participant.code || !CODE.test(participant.code)) continue;
    const colour = safeColour(participant.colour);
    const by = `[data-by="${participant.code}"]`;
    rules.push(`.document ins${by}, .document del${by} { text-decoration-color: ${colour}; }`);
    rules.push(`.document ins${by} { background-color: ${colour}1f; }`);
    rules.push(`.document .bracket-sign${by} { color: ${colour}; }`);
  }
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(rules.join("\n"));
  document.adoptedStyleSheets = [...document.adoptedStyleSheets.filter((s) => !authorSheets.has(s)), sheet];
  authorSheets.add(sheet);
}

const authorSheets = new WeakSet<CSSStyleSheet>();
