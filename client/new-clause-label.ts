import { Plugin } from "prosemirror-state";
import type { Transaction } from "prosemirror-state";
import { Mapping } from "prosemirror-transform";
import type { Node as PMNode } from "prosemirror-model";
import { ySyncPluginKey } from "y-prosemirror";
import { schema } from "../shared/schema.ts";
import type { Author } from "../shared/track/author.ts";
import { currentLabel, labelForNewClause, labelRuns } from "../shared/track/labels.ts";
import { newChangeId } from "../shared/track/ids.ts";

/**
 * A clause made with Enter gets its label at once, as a secretariat numbers it: the next one at
 * the end of a group ("4" after "3"), "bis", "ter" ... between two ("1bis"), so its text does not
 * start in the label column and the room can name it. The label is part of its author's
 * proposal (an insertion with the label mark); the chair's "Renumber" settles the numbers later.
 */
export function newClauseLabels(author: () => Author | null, mayEdit: boolean): Plugin {
  return new Plugin({
    appendTransaction(transactions, _old, state) {
      if (!mayEdit) return null;
      const own = transactions.filter((tr) => tr.docChanged && tr.getMeta(ySyncPluginKey) === undefined);
      if (own.length === 0) return null;
      const fresh = newClauses(own, state.doc);
      if (fresh.length === 0) return null;
      const by = author();
      const tr = state.tr;
      for (const pos of fresh.reverse()) {
        const label = labelAt(state.doc, pos);
        if (!label) continue;
        const marks = [schema.marks.label.create(), ...(by ? [schema.marks.insertion.create({ id: newChangeId("i"), by: by.by, at: by.at })] : [])];
        const space = by ? [schema.marks.insertion.create({ id: newChangeId("i"), by: by.by, at: by.at })] : [];
        tr.insert(pos + 1, [schema.text(label, marks), schema.text(" ", space)]);
      }
      return tr.docChanged ? tr.setMeta("addToHistory", true) : null;
    },
  });
}

/**
 * Clauses the transactions added (no clause started there before), proposed as new and without a
 * label. Only the stretches the transactions changed are read: a keystroke costs the same
 * whatever the size of the draft.
 */
function newClauses(transactions: readonly Transaction[], doc: PMNode): number[] {
  const before = transactions[0]!.before;
  const forward = new Mapping();
  for (const tr of transactions) forward.appendMapping(tr.mapping);
  const back = forward.invert();
  const found = new Set<number>();
  forward.maps.forEach((map, i) => {
    map.forEach((_oldFrom, _oldTo, from, to) => {
      const rest = forward.slice(i + 1);
      const start = Math.max(0, rest.map(from, -1) - 1);
      const end = Math.min(doc.content.size, rest.map(to, 1) + 1);
      doc.nodesBetween(start, end, (node, pos) => {
        if (node.type !== schema.nodes.clause) return node.type === schema.nodes.clause_group;
        if (!node.attrs.inserted || labelRuns(node).length > 0) return false;
        // A clause that stood here before maps back onto a clause's start.
        const old = back.mapResult(pos, 1);
        if (old.deleted || before.nodeAt(old.pos)?.type !== schema.nodes.clause) found.add(pos);
        return false;
      });
    });
  });
  return [...found].sort((a, b) => a - b);
}

/** The label for the new clause at `pos`, from the labelled clauses around it in its group. */
function labelAt(doc: PMNode, pos: number): string | null {
  const $pos = doc.resolve(pos);
  const group = $pos.parent;
  if (group.type !== schema.nodes.clause_group) return null;
  const index = $pos.index();
  const before: string[] = [];
  const after: string[] = [];
  group.forEach((child, _offset, i) => {
    if (child.type !== schema.nodes.clause || i === index) return;
    const label = currentLabel(child);
    if (label) (i < index ? before : after).push(label);
  });
  return labelForNewClause(before, after);
}
