import { mayPropose } from "../shared/roles.ts";
import { COMMENTS_ARRAY, threadsOf } from "../shared/track/comment.ts";
import type { CommentEntry, Thread } from "../shared/track/comment.ts";
import { newChangeId } from "../shared/track/ids.ts";
import { authorInfo, timeOfDay } from "./authors.ts";
import { authorChip } from "./author-chip.ts";
import { caretPlace, clauseName } from "./caret-place.ts";
import { showChange } from "./change-focus.ts";
import { h } from "./dom.ts";
import { blockAt, pinHere, positionOf } from "./projector.ts";
import type { Room } from "./room.ts";
import { strings } from "./ui-text/index.ts";

/**
 * Comments on the draft (Comments tab): a thread on the clause at the caret, by anyone who may
 * propose (in the name they type as), replies, and the chair's "Resolve". Open threads first, each
 * with where it is, the words it is about and "Show in the draft"; resolved ones folded below.
 * The log is append-only and checked by the server (shared/track/comment.ts).
 */
export function commentsPanel(room: Room): { element: HTMLElement; startComment: () => void } {
  const log = room.ydoc.getArray<CommentEntry>(COMMENTS_ARRAY);
  const mayWrite = mayPropose(room.me.role);
  const isChair = room.me.role === "chair";
  const open = h("ol", { class: "thread-list", "aria-label": strings.comments.openList });
  const resolvedList = h("ol", { class: "thread-list resolved" });
  const resolvedBox = h("details", { class: "resolved-threads" }, h("summary", {}, strings.comments.resolved), resolvedList);
  const newButton = h("button", { type: "button", class: "button", id: "new-comment" }, strings.comments.newComment);
  const element = h("div", { class: "comments" }, mayWrite ? newButton : null, open, resolvedBox);
  const by = () => room.attribution.by || room.me.role;
  const append = (entry: CommentEntry) => log.push([entry]);

  const startComment = () => {
    const state = room.view.state;
    const place = caretPlace(state);
    if (!place.clause && !place.group) return room.notify(strings.chair.caretInClause, "info");
    const quote = state.selection.empty ? "" : state.doc.textBetween(state.selection.from, state.selection.to, " ").slice(0, 400);
    const anchor = pinHere(state);
    const form = composer(strings.comments.comment, (text) => append({ kind: "comment", id: newChangeId("x"), at: new Date().toISOString(), by: by(), anchor, where: clauseName(place), quote, text }));
    const composing = h("div", { class: "composing" }, h("p", { class: "muted" }, strings.comments.on(clauseName(place), quote)), form);
    form.addEventListener("done", () => composing.remove());
    element.insertBefore(composing, open);
    form.querySelector("textarea")?.focus();
  };
  newButton.addEventListener("click", startComment);

  const entryView = (entry: { by: string; at: string; text: string }) =>
    h("div", { class: "comment-entry" }, h("div", { class: "comment-head" }, authorChip(room.roster, entry.by), " ", h("span", { class: "muted" }, strings.comments.byAt(authorInfo(room.roster, entry.by).name, timeOfDay(entry.at)))), h("p", { class: "comment-text" }, entry.text));

  const threadView = (thread: Thread) => {
    const { comment } = thread;
    const item = h(
      "li",
      { class: "thread", "data-thread": comment.id, "data-by": comment.by },
      h("div", { class: "thread-where" }, h("strong", {}, comment.where), comment.quote ? h("span", { class: "thread-quote" }, strings.comments.quote(comment.quote)) : null),
      entryView(comment),
      ...thread.replies.map(entryView),
    );
    const actions = h("div", { class: "thread-actions" });
    actions.append(h("button", { type: "button", class: "button small", onclick: () => showThread(room, thread) }, strings.comments.show));
    if (!thread.resolved && mayWrite) {
      actions.append(
        h("button", {
          type: "button",
          class: "button small",
          "data-action": "reply",
          onclick: () => {
            const form = composer(strings.comments.reply, (text) => append({ kind: "reply", id: newChangeId("x"), at: new Date().toISOString(), by: by(), thread: comment.id, text }));
            item.append(form);
            form.querySelector("textarea")?.focus();
          },
        }, strings.comments.reply),
      );
    }
    if (!thread.resolved && isChair) actions.append(h("button", { type: "button", class: "button small", "data-action": "resolve", onclick: () => append({ kind: "resolve", id: newChangeId("x"), at: new Date().toISOString(), by: "chair", thread: comment.id }) }, strings.comments.resolve));
    if (thread.resolved) item.append(h("p", { class: "muted" }, strings.comments.resolvedBy(timeOfDay(thread.resolved.at))));
    item.append(actions);
    return item;
  };

  const render = () => {
    const threads = threadsOf(log.toArray());
    const unresolved = threads.filter((t) => !t.resolved);
    const done = threads.filter((t) => t.resolved);
    open.replaceChildren(...(unresolved.length ? unresolved.map(threadView) : [h("li", { class: "muted empty" }, strings.comments.none)]));
    resolvedList.replaceChildren(...done.map(threadView));
    resolvedBox.hidden = done.length === 0;
    (resolvedBox.querySelector("summary") as HTMLElement).textContent = strings.comments.resolvedCount(done.length);
  };
  log.observe(render);
  render();
  return { element, startComment };
}

/** A small form for a comment or a reply: Enter in the box adds a line, the button sends. */
function composer(label: string, send: (text: string) => void): HTMLFormElement {
  const box = h("textarea", { rows: 3, class: "comment-box", "aria-label": label, maxlength: 4000 });
  const form = h("form", { class: "comment-form" }, box, h("div", { class: "dialog-buttons" }, h("button", { type: "submit", class: "button primary" }, label), h("button", { type: "button", class: "button" }, strings.dialog.cancel)));
  const done = () => {
    form.dispatchEvent(new Event("done"));
    form.remove();
  };
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = box.value.trim();
    if (text) send(text);
    done();
  });
  form.querySelector<HTMLButtonElement>("button[type=button]")!.onclick = done;
  return form;
}

/** Brings the thread's clause to the middle of the screen and selects its start. */
function showThread(room: Room, thread: Thread): void {
  const pos = positionOf(room.view, room.ydoc, thread.comment.anchor);
  if (pos === null) return room.notify(strings.comments.gone(thread.comment.where), "info");
  const block = blockAt(room.view.state.doc, pos);
  if (block === null) return;
  showChange(room.view, { id: `comment:${thread.comment.id}`, from: block + 1, to: block + 1 });
}
