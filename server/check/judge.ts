import type { Actor, BlockInfo, MarkInfo } from "../../shared/permissions.ts";
import {
  mayChangeBlockAttrs,
  mayChangeGroup,
  mayChangeLineBreak,
  mayChangeMarks,
  mayDeleteText,
  mayInsertBlock,
  mayInsertText,
  mayRemoveBlock,
} from "../../shared/permissions.ts";
import { NO_PAIR } from "./align.ts";
import type { AlignRules } from "./align.ts";
import { markKeyOf as markKey } from "./tokens.ts";
import type { MarkSet, Token } from "./tokens.ts";

/**
 * The permission rules (shared/permissions.ts) asked of one stretch: each token that
 * stayed, went or came is put to the actor's rules with its place (its block, whether
 * that clause is agreed, the marks around it).
 */

const AGREED = "changing an agreed clause";

/** The alignment rules of `actor` over one stretch's tokens. */
export function actorRules(actor: Actor, before: readonly Token[], after: readonly Token[]): AlignRules {
  const agreedIn = (tokens: readonly Token[], block: number) => {
    const token = block >= 0 ? tokens[block] : undefined;
    return token?.kind === "block" && token.info.attrs.status === "agreed";
  };
  const blockOf = (tokens: readonly Token[], block: number): BlockInfo | null => {
    const token = block >= 0 ? tokens[block] : undefined;
    return token?.kind === "block" ? token.info : null;
  };
  let existing: Set<string> | null = null;
  const existingMarks = () => {
    if (existing) return existing;
    existing = new Set();
    let last: MarkSet | null = null;
    for (const token of before) {
      if (token.kind !== "char" || token.marks === last) continue;
      last = token.marks;
      for (const mark of token.marks.marks) existing.add(markKey(mark));
    }
    return existing;
  };
  /**
   * Marks of others a new character may carry: brackets already in the stretch; a strike,
   * or another delegation's insertion, it was typed into (Yjs gives text typed inside a
   * run of formatting that run's keys, when the typist had not seen them yet).
   */
  const inherited = (a: number): MarkInfo[] => {
    const token = after[a] as Extract<Token, { kind: "char" }>;
    const around = [after[a - 1], after[a + 1]].filter((t): t is Extract<Token, { kind: "char" }> => t?.kind === "char" && t.block === token.block);
    return token.marks.marks.filter((mark) => {
      if (!existingMarks().has(markKey(mark))) return false;
      if (mark.type === "bracket") return true;
      return (mark.type === "deletion" || mark.type === "insertion") && around.some((t) => t.marks.marks.some((m) => markKey(m) === markKey(mark)));
    });
  };
  return {
    pair(b, a, blocks) {
      const x = before[b]!;
      const y = after[a]!;
      if (x.kind !== y.kind) return NO_PAIR;
      switch (x.kind) {
        case "block": {
          const info = (y as typeof x).info;
          if (x.info.type !== info.type) return NO_PAIR;
          return mayChangeBlockAttrs(actor, x.info, info);
        }
        case "group":
          return null;
        case "char":
        case "break": {
          if (x.kind === "char" && x.ch !== (y as typeof x).ch) return NO_PAIR;
          const moved = blocks.get(x.block) !== y.block;
          if (moved && (agreedIn(before, x.block) || agreedIn(after, y.block))) return AGREED;
          if (x.kind === "break" || x.sig === y.sig) return null;
          const place = { agreed: agreedIn(before, x.block) || agreedIn(after, y.block) };
          return mayChangeMarks(actor, x.marks.marks, (y as typeof x).marks.marks, place);
        }
      }
    },
    remove(b) {
      const x = before[b]!;
      switch (x.kind) {
        case "char":
          return mayDeleteText(actor, x.marks.marks, { agreed: agreedIn(before, x.block) });
        case "break":
          return mayChangeLineBreak(actor, blockOf(before, x.block), { agreed: agreedIn(before, x.block) });
        case "block":
          return mayRemoveBlock(actor, x.info);
        case "group":
          return mayChangeGroup(actor, x.heading);
      }
    },
    insert(a) {
      const y = after[a]!;
      switch (y.kind) {
        case "char":
          return mayInsertText(actor, y.marks.marks, { agreed: agreedIn(after, y.block), inherited: inherited(a) });
        case "break":
          return mayChangeLineBreak(actor, blockOf(after, y.block), { agreed: agreedIn(after, y.block) });
        case "block":
          return mayInsertBlock(actor, y.info);
        case "group":
          return mayChangeGroup(actor, y.heading);
      }
    },
  };
}

