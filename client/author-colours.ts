import { safeColour, readableTextOn } from "./colour.ts";
import type { Participant } from "./api.ts";
import { AUTHOR_CODE } from "../shared/schema.ts";
import { IMPORTED_COLOUR } from "../shared/colours.ts";


/**
 * Colours each author's proposals (insertions, deletions, brackets, whole-block changes, whose
 * DOM carries the author code in `data-by` / `data-block-by`) in that author's colour, as Word
 * colours changes by author. Delegations go by their code, the chair and the secretariat by role,
 * the imported draft's own changes ("import") in a neutral slate.
 * Uses a constructed style sheet, so no inline <style> and no CSS built from unchecked text.
 */
export function applyAuthorColours(roster: readonly Participant[]): void {
  const rules: string[] = [];
  const authors: [string, string][] = [["import", IMPORTED_COLOUR]];
  for (const participant of roster) {
    const by = participant.code ?? (participant.role === "chair" || participant.role === "secretariat" ? participant.role : null);
    if (by && AUTHOR_CODE.test(by)) authors.push([by, safeColour(participant.colour)]);
  }
  for (const [by, colour] of authors) {
    const sel = `[data-by="${by}"]`;
    const scopes = [".document", ".document-sample", ".change-text"];
    rules.push(`${scopes.map((s) => `${s} ins${sel}, ${s} del${sel}`).join(", ")} { text-decoration-color: ${colour}; }`);
    rules.push(`${scopes.map((s) => `${s} ins${sel}`).join(", ")} { background-color: ${colour}1f; }`);
    rules.push(`.document .bracket-sign${sel}, .change-text .bracket-sign${sel} { color: ${colour}; }`);
    rules.push(`.document [data-block-by="${by}"] { border-inline-start-color: ${colour}; }`);
    rules.push(`.document .block-tag${sel} { background-color: ${colour}; color: ${readableTextOn(colour)}; }`);
  }
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(rules.join("\n"));
  document.adoptedStyleSheets = [...document.adoptedStyleSheets.filter((s) => !authorSheets.has(s)), sheet];
  authorSheets.add(sheet);
}

const authorSheets = new WeakSet<CSSStyleSheet>();
