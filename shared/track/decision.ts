/**
 * The decision log: every decision of the chair as the room's record (who, what, which
 * text, when), kept in the session's Y.Doc as the Y.Array named {@link DECISIONS_ARRAY}
 * and shown in the history panel.
 */

import { z } from "zod";

/** The name of the session Y.Doc's `Y.Array` holding the {@link Decision}s, oldest first. */
export const DECISIONS_ARRAY = "decisions";

/** What the chair decided. */
export type DecisionAction =
  | "accept"
  | "reject"
  | "accept-all"
  | "reject-all"
  | "agree-bracket"
  | "drop-bracket"
  | "pick-alternative"
  | "status"
  | "renumber"
  /** The chair undid an earlier decision (Ctrl+Z); `text` is that decision's wording. */
  | "undo";

/** One entry of the decision log. */
export interface Decision {
  id: string;
  /** ISO time of the decision. */
  at: string;
  /** Who decided: participant code or name ("chair"). */
  by: string;
  action: DecisionAction;
  /** What was decided on: "USA's insertion", "all changes of RUS", "resolves 1", "resolves". */
  target: string;
  /** Which text, short ("continue to"), the picked alternative, or the status words; "" when none. */
  text: string;
  /** Where, when not already in `target`: "resolves 1". */
  where?: string;
  /** How many changes a bulk decision settled. */
  count?: number;
}

/** The longest `target`, `text` or `where` a decision holds (the server refuses longer). */
export const MAX_DECISION_WORDS = 400;

/**
 * A decision's words cut to what the log holds: a target named after a long clause group
 * heading or an unlabelled clause's first words, or a long proposal's text, is cut with "…"
 * rather than make the chair's own decision one the server refuses.
 */
export function clipDecisionWords<T extends Pick<Decision, "target" | "text" | "where">>(wording: T): T {
  const clip = (words: string) => (words.length > MAX_DECISION_WORDS ? `${words.slice(0, MAX_DECISION_WORDS - 1)}…` : words);
  return { ...wording, target: clip(wording.target), text: clip(wording.text), ...(wording.where !== undefined ? { where: clip(wording.where) } : {}) };
}

const DecisionEntry = z
  .object({
    id: z.string().max(64),
    at: z.string().max(40),
    by: z.string().max(64),
    action: z.enum(["accept", "reject", "accept-all", "reject-all", "agree-bracket", "drop-bracket", "pick-alternative", "status", "renumber", "undo"]),
    target: z.string().max(MAX_DECISION_WORDS),
    text: z.string().max(MAX_DECISION_WORDS),
    where: z.string().max(MAX_DECISION_WORDS).optional(),
    count: z.number().int().nonnegative().optional(),
  })
  .strict();

/** Whether a value read from the decision log is a {@link Decision} (the server refuses anything else). */
export function isDecision(value: unknown): value is Decision {
  return DecisionEntry.safeParse(value).success;
}

const VERBS: Record<DecisionAction, string> = {
  accept: "accepted",
  reject: "rejected",
  "accept-all": "accepted",
  "reject-all": "rejected",
  "agree-bracket": "agreed",
  "drop-bracket": "dropped",
  "pick-alternative": "picked",
  status: "marked",
  renumber: "renumbered",
  undo: "undid",
};

/** The longest quoted text in a description; longer texts are cut with "…". */
export const MAX_QUOTE = 60;

/**
 * A decision in words, for the history panel and notices:
 * "Chair accepted USA's insertion “continue to” in resolves 1",
 * "Chair accepted all changes of USA (12)", "Chair picked “Instructs” in RUS's bracket",
 * "Chair marked resolves 1 agreed ad referendum", "Chair renumbered resolves (3 labels)".
 */
export function describeDecision(d: Decision): string {
  const who = actor(d.by);
  const where = d.where ? ` in ${d.where}` : "";
  switch (d.action) {
    case "undo":
      return `${d.text}: undone by ${who}`;
    case "pick-alternative":
      return `${who} picked ${quote(d.text)} in ${d.target}${where}`;
    case "status":
      return d.text === "reopened" ? `${who} reopened ${d.target}${where}` : `${who} marked ${d.target}${where} ${d.text}`.trimEnd();
    case "renumber":
      return `${who} renumbered ${d.target}${where}${d.count !== undefined ? ` (${d.count} ${d.count === 1 ? "label" : "labels"})` : ""}`;
    case "accept-all":
    case "reject-all":
      return `${who} ${VERBS[d.action]} ${d.target}${where}${d.count !== undefined ? ` (${d.count})` : ""}`;
    default:
      return `${who} ${VERBS[d.action]} ${d.target}${d.text ? ` ${quote(d.text)}` : ""}${where}`;
  }
}

/** "chair" reads "Chair", "secretariat" "Secretariat"; delegation codes and names stay as they are. */
function actor(by: string): string {
  return by === "chair" || by === "secretariat" ? by[0].toUpperCase() + by.slice(1) : by;
}

function quote(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return `“${flat.length > MAX_QUOTE ? flat.slice(0, MAX_QUOTE - 1) + "…" : flat}”`;
}
