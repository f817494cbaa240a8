import type { Mark, Node as PMNode } from "prosemirror-model";
import { schema } from "../shared/schema.ts";
import { mapTextblocks } from "../shared/dl/clean.ts";

/** Rebuilds every text block with its children's marks changed by `f` (adjacent equal text merges). */
function remark(doc: PMNode, f: (marks: readonly Mark[]) => Mark[], attrs = (a: PMNode["attrs"]) => a): PMNode {
  return mapTextblocks(doc, (block) => {
    const children: PMNode[] = [];
    block.forEach((child) => children.push(child.mark(f(child.marks))));
    return block.type.create(attrs(block.attrs), children);
  });
}

const order = (m: Mark) => Object.keys(schema.marks).indexOf(m.type.name);

/**
 * The order of several brackets on one text is not meaningful; this puts them in one
 * order, so documents compare by what they say.
 */
export function canonical(doc: PMNode): PMNode {
  return remark(doc, (marks) => [...marks].sort((a, b) => order(a) - order(b) || String(a.attrs.id).localeCompare(String(b.attrs.id))));
}

const CHANGES = new Set(["insertion", "deletion", "bracket"]);

/** What the `marked` variant keeps: changes and brackets, without author, time, id or note, nor whole-block changes. */
export function withoutAttribution(doc: PMNode): PMNode {
  return remark(canonical(doc), (marks) =>
    marks.map((m) => {
      if (!CHANGES.has(m.type.name)) return m;
      const attrs = { ...m.attrs, id: "x", by: "import", at: null };
      if (m.type.name === "bracket") Object.assign(attrs, { note: null, openOutside: false, closeOutside: false });
      return m.type.create(attrs);
    }),
    (attrs) => ({ ...attrs, inserted: null, deleted: null }),
  );
}
