import * as Y from "yjs";
import { describeDecision, DECISIONS_ARRAY } from "../shared/track/decision.ts";
import type { Decision } from "../shared/track/decision.ts";
import { align, NO_PAIR } from "./check/align.ts";
import type { AlignRules, Step } from "./check/align.ts";
import { flatten } from "./check/flatten.ts";
import type { Token } from "./check/tokens.ts";
import { collectTouched } from "./check/touched.ts";
import { Views } from "./check/views.ts";
import { BODY } from "../shared/yjs/meta.ts";
import { ModelError } from "../shared/yjs/read.ts";
import type { ParticipantRecord, Store } from "./store.ts";

/**
 * The record of a session, from the store: every accepted update (who, when, and what
 * it changed, in words: text inserted, struck, removed and by whom, blocks added or
 * removed, clause statuses, the chair's decisions) and every refused update (who, when,
 * why). The log is replayed into a Y.Doc and each update read the way the server's
 * check reads it (server/check/), so "what changed" is the text a delegate saw change.
 */

/** Who sent an update, as the roster has it. */
export interface AuditActor {
  name: string;
  role: string;
  code: string | null;
}

/** One line of the record. */
export interface AuditEntry {
  outcome: "accepted" | "refused";
  /** Position in the update log (accepted) or in the refusal log (refused). */
  seq: number;
  /** ISO time. */
  at: string;
  /** Null: the server itself (the import of the DL text, formatting clean-ups). */
  participant: AuditActor | null;
  /** What changed, in words (accepted), or nothing (refused: never applied). */
  changes: string[];
  /** Why it was refused. */
  reason?: string;
}

const QUOTE = 60;

/** The record of a session, oldest first (accepted and refused interleaved by time). */
export function auditSession(store: Store, sessionId: string): AuditEntry[] {
  const roster = new Map(store.participants(sessionId).map((p) => [p.id, p]));
  const who = (id: string | null): AuditActor | null => {
    const p: ParticipantRecord | undefined = id ? roster.get(id) : undefined;
    return p ? { name: p.name, role: p.role, code: p.code } : null;
  };
  const entries: AuditEntry[] = [];
  const doc = new Y.Doc();
  let summary: string[] = [];
  // The replayed update's own transaction, not the formatting clean-up Yjs runs after it.
  const replay = {};
  doc.on("beforeObserverCalls", (transaction: Y.Transaction) => {
    if (transaction.origin === replay) summary = describeTransaction(transaction, doc.getXmlFragment(BODY));
  });
  for (const record of store.updatesAfter(sessionId, 0)) {
    summary = [];
    const first = record.seq === 1 && record.participantId === null;
    Y.applyUpdate(doc, record.update, replay);
    entries.push({
      outcome: "accepted",
      seq: record.seq,
      at: new Date(record.at).toISOString(),
      participant: who(record.participantId),
      changes: first ? ["imported the draft"] : summary,
    });
  }
  doc.destroy();
  for (const record of store.refusedUpdates(sessionId)) {
    entries.push({ outcome: "refused", seq: record.seq, at: new Date(record.at).toISOString(), participant: who(record.participantId), changes: [], reason: printable(record.reason) });
  }
  return entries.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

/** What one transaction changed, in words. */
export function describeTransaction(transaction: Y.Transaction, body: Y.XmlFragment): string[] {
  const views = new Views(transaction);
  const touched = collectTouched(views, body);
  const lines: string[] = [];
  if (touched.strange) lines.push(touched.strange);
  for (const root of touched.roots.keys()) {
    if (root === DECISIONS_ARRAY) append(lines, decisionsAdded(transaction));
    else lines.push(`changed ${root === "meta" ? "the session's metadata" : `"${printable(root)}"`}`);
  }
  for (const stretch of touched.stretches) {
    let before: Token[];
    let after: Token[];
    try {
      before = flatten(stretch.items, stretch.container, views, "before");
      after = flatten(stretch.items, stretch.container, views, "after");
    } catch (error) {
      if (!(error instanceof ModelError)) throw error;
      lines.push(`changed content that is not a valid draft (${printable(error.message)})`);
      continue;
    }
    const alignment = align(before, after, anyChange(before, after));
    if ("steps" in alignment) append(lines, describeSteps(alignment.steps, before, after));
  }
  return lines;
}

/** Appends without spreading: a large change has more lines than a call may take arguments. */
function append(lines: string[], more: readonly string[]): void {
  for (const line of more) lines.push(line);
}

/** Text from the draft as the audit prints it: control characters (terminal escapes) shown as \u{..}. */
function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u{${c.charCodeAt(0).toString(16)}}`);
}

function decisionsAdded(transaction: Y.Transaction): string[] {
  const lines: string[] = [];
  const root = transaction.doc.share.get(DECISIONS_ARRAY);
  for (let item = root?._start ?? null; item !== null; item = item.right) {
    if (item.deleted || item.id.clock < (transaction.beforeState.get(item.id.client) ?? 0)) continue;
    for (const value of item.content.getContent()) {
      const decision = value as Decision;
      lines.push(typeof decision?.action === "string" ? printable(describeDecision(decision)) : "wrote to the decision log");
    }
  }
  return lines;
}

/** The chair's reading: anything may change; pairs are the same character or the same kind of block. */
function anyChange(before: readonly Token[], after: readonly Token[]): AlignRules {
  return {
    pair(b, a) {
      const x = before[b]!;
      const y = after[a]!;
      if (x.kind !== y.kind) return NO_PAIR;
      if (x.kind === "char" && y.kind === "char" && x.ch !== y.ch) return NO_PAIR;
      if (x.kind === "block" && y.kind === "block" && x.info.type !== y.info.type) return NO_PAIR;
      return null;
    },
    remove: () => null,
    insert: () => null,
  };
}

type Char = Extract<Token, { kind: "char" }>;

function byOf(token: Char, type: string): string | null {
  const mark = token.marks.marks.find((m) => m.type === type);
  return mark ? String(mark.attrs?.by ?? "?") : null;
}

function quote(text: string): string {
  const flat = printable(text.replace(/\s+/g, " "));
  return `“${flat.length > QUOTE ? flat.slice(0, QUOTE - 1) + "…" : flat}”`;
}

/** Runs of steps of one kind become one line each: "inserted “…” (USA)", "struck “…” (RUS)". */
function describeSteps(steps: readonly Step[], before: readonly Token[], after: readonly Token[]): string[] {
  const lines: string[] = [];
  let run: { label: string; text: string } | null = null;
  const flush = () => {
    if (run) lines.push(`${run.label.replace("%", quote(run.text))}`);
    run = null;
  };
  const add = (label: string, ch: string) => {
    if (run && run.label === label) run.text += ch;
    else {
      flush();
      run = { label, text: ch };
    }
  };
  for (const step of steps) {
    if (step.kind === "insert") {
      const y = after[step.a]!;
      if (y.kind === "char") add(`inserted % (${byOf(y, "insertion") ?? "unmarked"})`, y.ch);
      else if (y.kind === "block") {
        flush();
        lines.push(`added a ${y.info.type}${blockBy(y.info.attrs.inserted)}`);
      }
    } else if (step.kind === "remove") {
      const x = before[step.b]!;
      if (x.kind === "char") {
        const proposed = byOf(x, "insertion");
        const struck = byOf(x, "deletion");
        add(`removed % (${proposed ? `proposed by ${proposed}` : "original text"}${struck ? `, struck by ${struck}` : ""})`, x.ch);
      }
      else if (x.kind === "block") {
        flush();
        lines.push(`removed a ${x.info.type}`);
      }
    } else {
      const x = before[step.b]!;
      const y = after[step.a]!;
      if (x.kind === "char" && y.kind === "char" && x.sig !== y.sig) add(markChange(x, y), x.ch);
      else if (x.kind === "block" && y.kind === "block" && x.sig !== y.sig) {
        flush();
        append(lines, attrChanges(x.info.type, x.info.attrs, y.info.attrs));
      } else flush();
    }
  }
  flush();
  return lines;
}

function markChange(x: Char, y: Char): string {
  const words: string[] = [];
  const keys = (t: Char) => new Map(t.marks.marks.map((m) => [`${m.type}:${JSON.stringify(m.attrs)}`, m]));
  const was = keys(x);
  const is = keys(y);
  for (const [key, mark] of is) if (!was.has(key)) words.push(`${mark.type === "deletion" ? "struck" : `marked ${mark.type}`} by ${String(mark.attrs?.by ?? "?")}`);
  for (const [key, mark] of was) if (!is.has(key)) words.push(`${mark.type === "insertion" ? "settled the insertion" : `removed the ${mark.type}`} of ${String(mark.attrs?.by ?? "?")}`);
  return `${words.join(", ")} on %`;
}

function blockBy(change: unknown): string {
  const by = change && typeof change === "object" ? (change as { by?: unknown }).by : null;
  return typeof by === "string" ? ` (proposed by ${by})` : "";
}

function attrChanges(type: string, before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const lines: string[] = [];
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const a = JSON.stringify(before[key] ?? null);
    const b = JSON.stringify(after[key] ?? null);
    if (a === b) continue;
    if (key === "status") lines.push(`set a ${type}'s status from ${before[key] ?? "pending"} to ${after[key] ?? "pending"}`);
    else if (key === "deleted") lines.push(after.deleted ? `proposed deleting a ${type}${blockBy(after.deleted)}` : `withdrew or settled the deletion of a ${type}`);
    else if (key === "inserted") lines.push(after.inserted ? `marked a ${type} as new${blockBy(after.inserted)}` : `settled a new ${type}${blockBy(before.inserted)}`);
    else lines.push(`changed a ${type}'s ${key} from ${a} to ${b}`);
  }
  return lines;
}
