import { Fragment, Mark } from "prosemirror-model";
import type { Node as PMNode } from "prosemirror-model";
import { mapTextblocks } from "../dl/clean.ts";
import { schema } from "../schema.ts";

/**
 * y-prosemirror stores marks on text only, so a line break read from a session has none,
 * although the imported text had it inside its bold or its strike (the reference's subject,
 * bold over two lines). For the DL text export (server/export-document.ts), a break takes the
 * marks its two neighbours share (bold, italic, the same insertion or deletion; brackets run
 * across breaks without one), and the session's text is written as it was imported:
 * "**ITU's role ...\nWorld Summit ...**", not closed and opened again around the break. (A
 * text that wrote a bare break between two bold runs, "**a**\\\n**b**", comes back as
 * "**a\nb**": the same reading; the session cannot tell the two apart.) The document itself
 * is left as the room holds it.
 */
export function withBreaksInRuns(doc: PMNode): PMNode {
  return mapTextblocks(doc, (block) => {
    let changed = false;
    const children: PMNode[] = [];
    block.forEach((child, _offset, index) => {
      const before = index > 0 ? block.child(index - 1) : null;
      const after = index + 1 < block.childCount ? block.child(index + 1) : null;
      if (child.type !== schema.nodes.line_break || child.marks.length > 0 || !before?.isText || !after?.isText) {
        children.push(child);
        return;
      }
      const shared = before.marks.filter((m) => m.type !== schema.marks.bracket && m.type !== schema.marks.label && m.isInSet(after.marks));
      if (shared.length === 0) return void children.push(child);
      changed = true;
      children.push(child.mark(shared.reduce((set: readonly Mark[], m) => m.addToSet(set), Mark.none)));
    });
    return changed ? block.copy(Fragment.from(children)) : block;
  });
}
