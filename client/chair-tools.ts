import { changeIds } from "../shared/track/decide.ts";
import type { Verdict } from "../shared/track/decide.ts";
import { CLAUSE_STATUSES } from "../shared/schema.ts";
import type { ClauseStatus } from "../shared/schema.ts";
import { delegationsOf } from "./authors.ts";
import { caretPlace, clauseName } from "./caret-place.ts";
import { bulkScope, decideScope, renumberCaretGroup, setCaretClauseStatus } from "./chair-actions.ts";
import { h } from "./dom.ts";
import { whenIdle } from "./room.ts";
import type { Room } from "./room.ts";
import { publishPin } from "./floor.ts";
import { pinHere } from "./projector.ts";
import { strings } from "./ui-text/index.ts";

const STATUS_LABEL: Record<ClauseStatus, string> = strings.chair.statusLabels;
const STATUS_NAME: Record<ClauseStatus, string> = strings.chair.statusNames;

/**
 * The chair's tools above the list of changes: the clause at the caret (its status: pending, ad
 * referendum, agreed; reopen; renumber its group; pin the projector to it) and bulk decisions (all changes, one delegation's,
 * the selection's, the clause's), each button saying how many changes it takes.
 */
export function chairTools(room: Room): HTMLElement {
  const clauseTitle = h("strong", { class: "caret-clause" });
  const statusButtons = CLAUSE_STATUSES.map((status) =>
    h("button", { type: "button", class: `button small status-${status}`, "data-status": status, onclick: () => setCaretClauseStatus(room, status) }, STATUS_LABEL[status]),
  );
  const reopen = h("button", { type: "button", class: "button small", "data-action": "reopen", onclick: () => setCaretClauseStatus(room, "pending") }, strings.chair.reopen);
  const renumber = h("button", { type: "button", class: "button small", "data-action": "renumber", onclick: () => renumberCaretGroup(room) }, strings.chair.renumberGroup);
  const statusGroup = h("div", { class: "status-buttons", role: "group", "aria-label": strings.chair.statusGroup }, ...statusButtons, reopen);
  // The projector (the observer's screen) stays on the pinned clause until the chair unpins it.
  let pin: unknown = null;
  const pinButton = h("button", { type: "button", class: "button small", "data-action": "pin", "aria-pressed": "false" }, strings.chair.pin);
  pinButton.addEventListener("click", () => {
    pin = pin ? null : pinHere(room.view.state);
    publishPin(room.awareness, pin);
    pinButton.textContent = pin ? strings.chair.unpin : strings.chair.pin;
    pinButton.setAttribute("aria-pressed", String(!!pin));
  });
  const clauseBox = h("div", { class: "clause-box" }, h("p", { class: "caret-line" }, strings.chair.atCaret, clauseTitle), statusGroup, h("div", { class: "clause-box-more" }, renumber, pinButton));

  const author = h("select", { id: "bulk-author", "aria-label": strings.chair.bulkAuthor });
  author.append(...delegationsOf(room.roster).map((p) => h("option", { value: p.code! }, p.code!)), h("option", { value: "chair" }, strings.authors.chair), h("option", { value: "secretariat" }, strings.authors.secretariat), h("option", { value: "import" }, strings.authors.importLabel));
  type Row = { kind: "all" | "author" | "selection" | "clause"; label: HTMLElement | string; buttons: HTMLButtonElement[] };
  const rows: Row[] = (["all", "author", "selection", "clause"] as const).map((kind) => ({
    kind,
    label: kind === "author" ? h("span", {}, strings.chair.scopes.of, author) : strings.chair.scopes[kind as "all" | "selection" | "clause"],
    buttons: (["accept", "reject"] as Verdict[]).map((verdict) =>
      h("button", { type: "button", class: `button small ${verdict}`, "data-bulk": `${verdict}-${kind}`, onclick: () => runBulk(kind, verdict) }),
    ),
  }));
  const runBulk = (kind: Row["kind"], verdict: Verdict) => {
    const scope = bulkScope(room, kind, author.value);
    void decideScope(room, verdict, scope, scope.filter ? changeIds(room.view.state.doc, scope.filter).length : 0);
  };
  // Folded by default: the chair decides one change at a time most of the session, and the list
  // of changes must stay in view on a laptop (it went below the fold at 1400x900).
  const pending = h("span", { class: "bulk-count" });
  const table = h(
    "details",
    { class: "bulk-details" },
    h("summary", {}, strings.chair.decideSeveral, pending),
    h("table", { class: "bulk" }, h("tbody", {}, ...rows.map((row) => h("tr", {}, h("th", { scope: "row" }, row.label), ...row.buttons.map((b) => h("td", {}, b)))))),
  );

  const render = () => {
    const state = room.view.state;
    const place = caretPlace(state);
    const status = (place.clause?.node.attrs.status ?? null) as ClauseStatus | null;
    clauseTitle.textContent = place.clause ? clauseName(place) : strings.chair.notInClause;
    for (const button of statusButtons) {
      button.disabled = !place.clause;
      button.setAttribute("aria-pressed", String(button.dataset.status === status));
      button.setAttribute("aria-label", strings.chair.setStatus(place.clause ? clauseName(place) : strings.chair.theClause, STATUS_NAME[button.dataset.status as ClauseStatus]));
    }
    reopen.hidden = status !== "agreed";
    renumber.disabled = !place.group;
    renumber.textContent = place.group ? strings.chair.renumber(place.group.heading) : strings.chair.renumberGroup;
    const decidable = room.changes.update(state.doc).filter((e) => e.kind !== "bracket");
    pending.textContent = strings.chair.open(decidable.length);
    for (const row of rows) {
      const scope = bulkScope(room, row.kind, author.value);
      // All changes, or one author's: counted from the room's list, not by reading the whole draft.
      const n = !scope.filter ? 0 : row.kind === "all" ? decidable.length : row.kind === "author" ? decidable.filter((e) => e.by === scope.filter!.by).length : changeIds(state.doc, scope.filter).length;
      row.buttons.forEach((button, i) => {
        const verb = i === 0 ? strings.chair.verbs.accept : strings.chair.verbs.reject;
        button.textContent = strings.chair.bulkButton(verb, n);
        button.disabled = n === 0;
        button.setAttribute("aria-label", strings.chair.bulkLabel(verb, n, scope.words));
      });
    }
  };
  author.addEventListener("change", render);
  room.onUpdate(whenIdle(render));
  render();
  return h("section", { class: "chair-tools", "aria-label": strings.chair.region }, clauseBox, table);
}
