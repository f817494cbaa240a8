import { mayIssueRevision } from "../shared/roles.ts";
import type { Role } from "../shared/roles.ts";
import { showComparison } from "./compare-view.ts";
import { h } from "./dom.ts";
import { download } from "./download.ts";
import { exportPath, issueRevision, listRevisions } from "./revisions-api.ts";
import type { Revision } from "./revisions-api.ts";
import { strings } from "./ui-text/index.ts";

/** The Revisions panel and how to bring it up to date. */
export interface RevisionsPanel {
  element: HTMLElement;
  refresh(): Promise<void>;
  /** Says again what changed since the latest revision (after edits). */
  update(): void;
}

/**
 * The Revisions tab of the side panel: every revision (number, date, who issued it),
 * each downloadable as Word, DL text or HTML; "Issue Rev.N+1" for the chair and the
 * secretariat; and Compare, of two revisions or of a revision with the live text.
 */
export function revisionsPanel(sessionId: string, token: string, role: Role, since: (issuedAt: number) => string): RevisionsPanel {
  const list = h("ol", { class: "revision-list", "aria-label": strings.revisions.list });
  // Where the live draft stands: the revision it continues from and what changed since.
  const live = h("p", { class: "live-state", id: "live-state", role: "status" });
  const message = h("p", { class: "revision-message", role: "status", "aria-live": "polite" });
  const from = h("select", { id: "compare-from" });
  const to = h("select", { id: "compare-to" });
  const issue = h("button", { type: "button", id: "issue-revision", class: "button primary", onclick: () => void issueNext() }, strings.revisions.issue);
  const compare = h("button", { type: "button", id: "compare-button", class: "button", onclick: () => void compareNow() }, strings.revisions.compare);
  const element = h(
    "div",
    { class: "revisions" },
    mayIssueRevision(role) ? h("div", { class: "issue-box" }, issue, h("p", { class: "hint" }, strings.revisions.issueHint)) : null,
    message,
    live,
    list,
    h(
      "form",
      { class: "compare-form", onsubmit: (event: Event) => (event.preventDefault(), void compareNow()) },
      h("h3", {}, strings.revisions.compare),
      h("label", { for: "compare-from" }, strings.revisions.from),
      from,
      h("label", { for: "compare-to" }, strings.revisions.with),
      to,
      compare,
    ),
  );
  let revisions: Revision[] = [];

  const say = (text: string, kind: "ok" | "error") => {
    message.textContent = text;
    message.dataset.kind = kind;
  };
  const save = (choice: Parameters<typeof exportPath>[1]) => async () => {
    const saved = await download(exportPath(sessionId, choice), token);
    say(saved.ok ? strings.downloaded(saved.fileName) : saved.error, saved.ok ? "ok" : "error");
  };
  const entry = (r: Revision) =>
    h(
      "li",
      { class: "revision", "data-rev": String(r.number) },
      h("div", { class: "revision-head" }, h("strong", { class: "revision-number" }, strings.revisions.number(r.number)), h("span", { class: "revision-date" }, r.date)),
      h("div", { class: "revision-by muted" }, r.imported ? strings.revisions.imported : strings.revisions.issuedBy(r.by, r.issuedAt ? new Date(r.issuedAt).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }) : "")),
      h(
        "div",
        { class: "revision-actions" },
        h("button", { type: "button", class: "button small", "data-format": "docx", "aria-label": strings.revisions.wordLabel(r.number), onclick: save({ format: "docx", variant: "marked", rev: r.number }) }, strings.revisions.word),
        h("button", { type: "button", class: "button small", "data-format": "dl", "aria-label": strings.revisions.dlTextLabel(r.number), onclick: save({ format: "dl", variant: "marked", rev: r.number }) }, strings.revisions.dlText),
        h("button", { type: "button", class: "button small", "data-format": "html", "aria-label": strings.revisions.htmlLabel(r.number), onclick: save({ format: "html", variant: "marked", rev: r.number }) }, strings.revisions.html),
      ),
    );
  const refresh = async () => {
    const answer = await listRevisions(sessionId, token);
    if (!answer.ok) return say(answer.error, "error");
    revisions = answer.value.revisions;
    list.replaceChildren(...[...revisions].reverse().map(entry));
    if (revisions.length === 0) list.append(h("li", { class: "empty muted" }, strings.revisions.none));
    const next = Math.max(0, ...revisions.map((r) => r.number)) + 1;
    issue.textContent = strings.revisions.issueNext(next);
    const keep = [from.value, to.value];
    const options = () => [...revisions].reverse().map((r) => h("option", { value: String(r.number) }, strings.revisions.option(r.number, r.date)));
    from.replaceChildren(...options());
    to.replaceChildren(h("option", { value: "live" }, strings.revisions.liveText), ...options());
    if (keep[0] && revisions.some((r) => String(r.number) === keep[0])) from.value = keep[0];
    if (keep[1]) to.value = keep[1];
    compare.disabled = revisions.length === 0;
    showLive();
  };
  const showLive = () => {
    const latest = revisions.reduce<Revision | null>((a, r) => (!a || r.number > a.number ? r : a), null);
    live.hidden = !latest;
    if (!latest) return;
    const changes = latest.issuedAt ? since(latest.issuedAt) : "";
    live.textContent = strings.revisions.liveState(latest.number, !!latest.imported, changes);
  };
  const issueNext = async () => {
    issue.disabled = true;
    const answer = await issueRevision(sessionId, token);
    issue.disabled = false;
    if (!answer.ok) return say(answer.error, "error");
    await refresh();
    say(strings.revisions.issued(answer.value.revision.number, answer.value.revision.date), "ok");
  };
  const compareNow = async () => {
    if (!from.value) return;
    const error = await showComparison(sessionId, token, Number(from.value), to.value === "live" ? "live" : Number(to.value));
    if (error) say(error, "error");
  };
  return { element, refresh, update: showLive };
}
