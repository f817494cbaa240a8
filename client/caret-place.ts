import type { Node as PMNode } from "prosemirror-model";
import type { EditorState } from "prosemirror-state";
import { displayLabel } from "../shared/track/labels.ts";
import { clauseAt } from "../shared/track/status.ts";
import { strings } from "./ui-text/index.ts";

/** The clause and clause group the caret is in, as the chair's tools need them. */
export interface CaretPlace {
  /** The clause at the caret (its position and node), or null outside clauses. */
  clause: { pos: number; node: PMNode; label: string } | null;
  /** The clause group at the caret, or null in the header. */
  group: { pos: number; node: PMNode; heading: string } | null;
}

/** Where the caret (the selection's start) is: its clause and clause group. */
export function caretPlace(state: EditorState): CaretPlace {
  return placeAt(state, state.selection.from);
}

/** The clause and clause group at a position of the draft. */
export function placeAt(state: EditorState, pos: number): CaretPlace {
  const $from = state.doc.resolve(pos);
  const found = clauseAt(state, $from.pos);
  const clause = found ? { ...found, label: displayLabel(found.node) } : null;
  let group: CaretPlace["group"] = null;
  for (let depth = $from.depth; depth > 0; depth--) {
    const node = $from.node(depth);
    if (node.type.name === "clause_group") group = { pos: $from.before(depth), node, heading: node.firstChild?.textContent.trim() ?? "" };
  }
  return { clause, group };
}

/** "resolves 1", "recalling a)": a clause as the room names it. */
export function clauseName(place: CaretPlace): string {
  const heading = place.group?.heading ?? "";
  const label = place.clause?.label ?? "";
  return [heading, label].filter(Boolean).join(" ") || strings.caret.thisClause;
}
