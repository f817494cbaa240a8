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

const STATUS_LABEL: Record<ClauseStatus, string> = { pending: "Pending", adref: "Ad ref", agreed: "✓ Agreed" };

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
  const reopen = h("button", { type: "button", class: "button small", "data-action": "reopen", onclick: () => setCaretClauseStatus(room, "pending") }, "Reopen");
  const renumber = h("button", { type: "button", class: "button small", "data-action": "renumber", onclick: () => renumberCaretGroup(room) }, "Renumber group");
  const statusGroup = h("div", { class: "status-buttons", role: "group", "aria-label": "Status of the clause at the caret" }, ...statusButtons, reopen);
  // The projector (the observer's screen) stays on the pinned clause until the chair unpins it.
  let pin: unknown = null;
  const pinButton = h("button", { type: "button", class: "button small", "data-action": "pin", "aria-pressed": "false" }, "Pin projector here");
  pinButton.addEventListener("click", () => {
    pin = pin ? null : pinHere(room.view.state);
    publishPin(room.awareness, pin);
    pinButton.textContent = pin ? "Unpin projector" : "Pin projector here";
    pinButton.setAttribute("aria-pressed", String(!!pin));
  });
  const clauseBox = h("div", { class: "clause-box" }, h("p", { class: "caret-line" }, "At the caret: ", clauseTitle), statusGroup, h("div", { class: "clause-box-more" }, renumber, pinButton));

  const author = h("select", { id: "bulk-author", "aria-label": "Delegation for bulk decisions" });
  author.append(...delegationsOf(room.roster).map((p) => h("option", { value: p.code! }, p.code!)), h("option", { value: "chair" }, "Chair"), h("option", { value: "secretariat" }, "Secretariat"), h("option", { value: "import" }, "Imported"));
  type Row = { kind: "all" | "author" | "selection" | "clause"; label: HTMLElement | string; buttons: HTMLButtonElement[] };
  const rows: Row[] = (["all", "author", "selection", "clause"] as const).map((kind) => ({
    kind,
    label: kind === "author" ? h("span", {}, "Of ", author) : { all: "All changes", selection: "In the selection", clause: "In this clause" }[kind as "all" | "selection" | "clause"],
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
    h("summary", {}, "Decide several at once ", pending),
    h("table", { class: "bulk" }, h("tbody", {}, ...rows.map((row) => h("tr", {}, h("th", { scope: "row" }, row.label), ...row.buttons.map((b) => h("td", {}, b)))))),
  );

  const render = () => {
    const state = room.view.state;
    const place = caretPlace(state);
    const status = (place.clause?.node.attrs.status ?? null) as ClauseStatus | null;
    clauseTitle.textContent = place.clause ? clauseName(place) : "not in a clause";
    for (const button of statusButtons) {
      button.disabled = !place.clause;
      button.setAttribute("aria-pressed", String(button.dataset.status === status));
      button.setAttribute("aria-label", `Set ${place.clause ? clauseName(place) : "the clause"} ${STATUS_LABEL[button.dataset.status as ClauseStatus].replace("✓ ", "").toLowerCase()}`);
    }
    reopen.hidden = status !== "agreed";
    renumber.disabled = !place.group;
    renumber.textContent = place.group ? `Renumber “${place.group.heading}”` : "Renumber group";
    const decidable = room.changes.update(state.doc).filter((e) => e.kind !== "bracket");
    pending.textContent = `(${decidable.length} open)`;
    for (const row of rows) {
      const scope = bulkScope(room, row.kind, author.value);
      // All changes, or one author's: counted from the room's list, not by reading the whole draft.
      const n = !scope.filter ? 0 : row.kind === "all" ? decidable.length : row.kind === "author" ? decidable.filter((e) => e.by === scope.filter!.by).length : changeIds(state.doc, scope.filter).length;
      row.buttons.forEach((button, i) => {
        const verb = i === 0 ? "Accept" : "Reject";
        button.textContent = `${verb} (${n})`;
        button.disabled = n === 0;
        button.setAttribute("aria-label", `${verb} ${n} ${n === 1 ? "change" : "changes"}: ${scope.words}`);
      });
    }
  };
  author.addEventListener("change", render);
  room.onUpdate(whenIdle(render));
  render();
  return h("section", { class: "chair-tools", "aria-label": "The chair's decisions" }, clauseBox, table);
}
