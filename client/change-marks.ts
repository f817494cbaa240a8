import type { Mark } from "prosemirror-model";
import type { MarkViewConstructor } from "prosemirror-view";
import type { Participant } from "./api.ts";
import { authorInfo, timeOfDay } from "./authors.ts";
import { strings } from "./ui-text/index.ts";

/**
 * How insertions and deletions are drawn: `<ins>` underlined and `<del>` struck (coloured per
 * proposer by author-colours.ts), with the proposer's code first in the hover title ("USA —
 * United States, proposed insertion, 10:15") so the room can always tell who proposed what;
 * brackets name who put them and their note.
 */
export function changeMarkViews(roster: () => readonly Participant[]): Record<string, MarkViewConstructor> {
  const view = (tag: "ins" | "del", what: string): MarkViewConstructor => (mark: Mark) => {
    const element = document.createElement(tag);
    const by = String(mark.attrs.by);
    const who = authorInfo(roster(), by);
    const when = timeOfDay(mark.attrs.at as string | null);
    element.className = tag === "ins" ? "insertion" : "deletion";
    element.dataset.id = String(mark.attrs.id);
    element.dataset.by = by;
    element.title = strings.marks.changeTitle(who.label, who.name, what, when);
    return { dom: element };
  };
  // A bracket names who bracketed the text and why (its note), as the brackets' hover title.
  const bracket: MarkViewConstructor = (mark: Mark) => {
    const element = document.createElement("span");
    const by = String(mark.attrs.by);
    const who = authorInfo(roster(), by);
    const note = mark.attrs.note as string | null;
    element.className = "bracket";
    element.dataset.id = String(mark.attrs.id);
    element.dataset.by = by;
    if (note) element.dataset.note = note;
    element.title = strings.marks.bracketTitle(who.label, who.name, note);
    return { dom: element };
  };
  return { insertion: view("ins", strings.marks.proposedInsertion), deletion: view("del", strings.marks.proposedDeletion), bracket };
}
