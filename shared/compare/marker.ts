import type { Mark, Node as PMNode } from "prosemirror-model";
import { schema } from "../schema.ts";
import type { ChangeAttrs } from "../schema.ts";
import type { Decision } from "../track/decision.ts";

/** A mark list without tracked changes (and without brackets when `brackets` is false). */
export function plainMarks(marks: readonly Mark[], brackets = true): readonly Mark[] {
  return marks.filter((m) => m.type !== schema.marks.insertion && m.type !== schema.marks.deletion && (brackets || m.type !== schema.marks.bracket));
}

/**
 * Marks the differences of a comparison as tracked changes, attributed: a word that
 * came is the insertion of whoever proposed it in the newer document (its insertion
 * mark), else of the secretariat, which issued the revision; a word that went is the
 * deletion of whoever proposed striking it, else the secretariat's. Consecutive words
 * by one author share one change id. Where the chair's decisions between the two versions
 * are known, words that came because the chair accepted a proposal are credited to its
 * proposer ("USA", accepted by the chair), and words that went because the chair rejected a
 * proposal or dropped a bracket are the chair's deletion.
 */
export class Marker {
  /** The author of differences nobody proposed: the revision, issued by the secretariat. */
  static readonly REVISION = "secretariat";
  private count = 0;
  private current: { kind: "ins" | "del"; by: string; id: string } | null = null;

  private readonly accepted: { text: string; by: string; decider: string }[];
  private readonly removed: { text: string; by: string }[];
  /** Changes of the comparison that a decision of the chair made, by id: "accepted by the chair". */
  readonly decided = new Map<string, string>();

  /** `at`: the time the changes are dated (the newer revision's, or now for the live text); `decisions`: the chair's between the two versions. */
  constructor(
    private readonly at: string | null,
    decisions: readonly Decision[] = [],
  ) {
    this.accepted = decisions.filter((d) => d.action === "accept" && d.text).map((d) => ({ text: d.text, by: proposerOf(d.target) ?? d.by, decider: d.by }));
    this.removed = decisions.filter((d) => ["reject", "drop-bracket", "pick-alternative"].includes(d.action) && d.text).map((d) => ({ text: d.text, by: d.by }));
  }

  /** Ends the current change: the next marked word starts a new one. */
  breakRun(): void {
    this.current = null;
  }

  /** The change attrs for a word by `by`, continuing the current change when it is the same kind and author. */
  change(kind: "ins" | "del", by: string, at: string | null = this.at): ChangeAttrs {
    if (!this.current || this.current.kind !== kind || this.current.by !== by) this.current = { kind, by, id: `c${kind[0]}${++this.count}` };
    return { id: this.current.id, by, at };
  }

  /**
   * A piece of the newer text, underlined as its proposer's insertion (or the revision's).
   * `word`: the insertion mark of the word the piece is in, so its trailing space goes with it.
   */
  inserted(part: PMNode, word?: Mark): PMNode {
    const own = word ?? schema.marks.insertion.isInSet(part.marks);
    const accepted = own ? null : latestHolding(this.accepted, part.text);
    const by = (own?.attrs.by as string | undefined) ?? accepted?.by ?? Marker.REVISION;
    const at = (own?.attrs.at as string | null | undefined) ?? this.at;
    if (!part.isText) return part.mark(plainMarks(part.marks));
    const change = this.change("ins", by, at);
    if (accepted) this.decided.set(change.id, `accepted by the ${accepted.decider}`);
    return part.mark(schema.marks.insertion.create(change).addToSet(plainMarks(part.marks)));
  }

  /** A piece of the older text, struck as the deletion of `by` (or the revision's). Brackets of the older text are left out. */
  deleted(part: PMNode, by: string | null): PMNode {
    if (!part.isText) return part.mark(plainMarks(part.marks, false));
    const decider = by ? null : (latestHolding(this.removed, part.text)?.by ?? null);
    const change = this.change("del", by ?? decider ?? Marker.REVISION);
    if (decider) this.decided.set(change.id, `removed by the ${decider}'s decision`);
    return part.mark(schema.marks.deletion.create(change).addToSet(plainMarks(part.marks, false)));
  }
}

/** Who a decision's target was proposed by: "USA's insertion" → USA, "the chair's deletion" → chair, "the imported ..." → import. */
export function proposerOf(target: string): string | null {
  if (/^the imported\b/.test(target)) return "import";
  const match = /^(?:the )?([A-Za-z0-9-]+)'s\b/.exec(target);
  return match ? match[1]! : null;
}

/** The latest decision of `list` whose text holds these words, if any. */
function latestHolding<T extends { text: string }>(list: readonly T[], text: string | null | undefined): T | null {
  const words = text?.trim();
  if (!words) return null;
  for (let i = list.length - 1; i >= 0; i--) if (list[i]!.text.includes(words)) return list[i]!;
  return null;
}
