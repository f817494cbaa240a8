/**
 * Comments on the draft: a thread on a clause (a comment and its replies), by any participant but
 * an observer, resolved by the chair. Kept in the session's Y.Doc as an append-only Y.Array named
 * {@link COMMENTS_ARRAY}: an entry is a comment, a reply or a resolution, never changed or taken
 * out once written (the server refuses that), so the thread is the room's record like the
 * decision log. A comment is anchored to its clause by a Yjs relative position of the clause's
 * start, and quotes the words it is about.
 */

import { z } from "zod";

/** The name of the session Y.Doc's `Y.Array` holding the {@link CommentEntry}s, oldest first. */
export const COMMENTS_ARRAY = "comments";

/** One entry of the comments log. */
export type CommentEntry =
  | { kind: "comment"; id: string; at: string; by: string; anchor: unknown; where: string; quote: string; text: string }
  | { kind: "reply"; id: string; at: string; by: string; thread: string; text: string }
  | { kind: "resolve"; id: string; at: string; by: string; thread: string };

const base = { id: z.string().min(1).max(64), at: z.string().max(40), by: z.string().min(1).max(64) };
const Entry = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("comment"), ...base, anchor: z.unknown(), where: z.string().max(200), quote: z.string().max(400), text: z.string().trim().min(1).max(4000) }).strict(),
  z.object({ kind: z.literal("reply"), ...base, thread: z.string().min(1).max(64), text: z.string().trim().min(1).max(4000) }).strict(),
  z.object({ kind: z.literal("resolve"), ...base, thread: z.string().min(1).max(64) }).strict(),
]);

/** Why a value read from the comments log is not an entry, or null when it is one. */
export function commentProblem(value: unknown): string | null {
  const parsed = Entry.safeParse(value);
  if (parsed.success) return null;
  const issue = parsed.error.issues[0]!;
  return `${issue.path.join(".") || "entry"}: ${issue.message}`;
}

/** A thread as the room reads it: the comment, its replies in order, and whether the chair resolved it. */
export interface Thread {
  comment: Extract<CommentEntry, { kind: "comment" }>;
  replies: Extract<CommentEntry, { kind: "reply" }>[];
  resolved: Extract<CommentEntry, { kind: "resolve" }> | null;
}

/** The threads of the log, oldest first (replies and resolutions of unknown threads are left out). */
export function threadsOf(entries: readonly unknown[]): Thread[] {
  const threads = new Map<string, Thread>();
  for (const value of entries) {
    if (commentProblem(value)) continue;
    const entry = value as CommentEntry;
    if (entry.kind === "comment") threads.set(entry.id, { comment: entry, replies: [], resolved: null });
    else if (entry.kind === "reply") threads.get(entry.thread)?.replies.push(entry);
    else {
      const thread = threads.get(entry.thread);
      if (thread && !thread.resolved) thread.resolved = entry;
    }
  }
  return [...threads.values()];
}
