import type { PlacementNote, WordProposalsReport } from "../../shared/word/live-proposals.ts";
import { proposeAuthorMapping } from "../../shared/word/author-proposal.ts";
import type { RosterDelegation } from "../../shared/word/author-proposal.ts";
import { h } from "../dom.ts";
import type { AuthorTable, WordAuthor, WordReport } from "./word-api.ts";

/**
 * What the server read in a delegation's Word file, as the secretariat checks it before
 * anything is created or written: the counts, the table mapping each Word author to a
 * delegation (proposed where the author's name says one, else to choose), each thing not
 * read, each comment; for a live session, what will be placed where and what cannot be.
 */

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "No delegation" in the table: the author's revisions are marked as the import's. */
export const NO_DELEGATION = "import";

/** Mappings the secretariat confirmed before, kept in this browser: proposed first next time, and used when pasting from Word. */
const REMEMBERED = "plenary:word-authors";

export function rememberedAuthors(): Record<string, string> {
  try {
    const kept = JSON.parse(localStorage.getItem(REMEMBERED) ?? "{}") as unknown;
    return kept && typeof kept === "object" ? (kept as Record<string, string>) : {};
  } catch {
    return {};
  }
}

export function rememberAuthors(table: AuthorTable): void {
  const kept = rememberedAuthors();
  for (const [name, code] of Object.entries(table)) if (code !== NO_DELEGATION) kept[name] = code;
  localStorage.setItem(REMEMBERED, JSON.stringify(kept));
}

/** The counts of the file in a sentence. */
export function wordCounts(report: WordReport): HTMLElement {
  const c = report.counts;
  return h("p", { class: "word-counts" }, `${plural(c.groups, "clause group")}, ${plural(c.clauses, "clause")}, ${plural(c.insertions, "proposed insertion")}, ${plural(c.deletions, "proposed deletion")}, ${plural(c.brackets, "bracket")}, ${plural(report.counts.comments, "comment")}.`);
}

/**
 * The author table: one row per Word author with a delegation picker. Starts from `chosen`,
 * else the delegation proposed (by name, or as confirmed before), else nothing chosen.
 * `onChange` hears the table after each pick.
 */
export function authorMapping(authors: readonly WordAuthor[], delegations: readonly RosterDelegation[], chosen: AuthorTable, onChange: (table: AuthorTable) => void): { element: HTMLElement; table: () => AuthorTable; missing: () => string[] } {
  const proposal = proposeAuthorMapping(authors.map((a) => a.name), delegations, rememberedAuthors());
  const codes = new Set(delegations.map((d) => d.code));
  const selects = new Map<string, HTMLSelectElement>();
  const table = () => Object.fromEntries([...selects].filter(([, s]) => s.value !== "").map(([name, s]) => [name, s.value]));
  const rows = authors.map((author, i) => {
    const start = [chosen[author.name], proposal[author.name], author.proposed].find((c) => c === NO_DELEGATION || (c && codes.has(c))) ?? "";
    const select = h(
      "select",
      { id: `word-author-${i}`, "data-author": author.name, onchange: () => onChange(table()) },
      h("option", { value: "" }, "— choose a delegation —"),
      ...delegations.map((d) => h("option", { value: d.code, selected: d.code === start }, `${d.code} — ${d.name}`)),
      h("option", { value: NO_DELEGATION, selected: start === NO_DELEGATION }, "No delegation (marked “import”)"),
    );
    selects.set(author.name, select);
    const why = start && start !== NO_DELEGATION ? (chosen[author.name] ? "" : "proposed from the name or an earlier import: check it") : "";
    return h(
      "tr",
      {},
      h("th", { scope: "row" }, h("label", { for: `word-author-${i}` }, author.name || "(no name)")),
      h("td", { class: "num" }, String(author.count)),
      h("td", {}, select, why ? h("span", { class: "hint" }, ` ${why}`) : null),
    );
  });
  const element = h(
    "div",
    { class: "word-authors" },
    h("h4", {}, "Whose proposals are they?"),
    h("p", { class: "hint" }, "Word names the person who made each change. Pick the delegation each one wrote for: their changes become that delegation's proposals."),
    authors.length === 0
      ? h("p", { class: "muted" }, "The file has no tracked changes or comments: its text comes in as it reads.")
      : h("table", { class: "roster word-author-table" }, h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Word author"), h("th", { scope: "col" }, "Changes and comments"), h("th", { scope: "col" }, "Delegation"))), h("tbody", {}, ...rows)),
  );
  return { element, table, missing: () => [...selects].filter(([, s]) => s.value === "").map(([name]) => name || "(no name)") };
}

/** Each construct not read (or read with a caveat) and each comment of the file. */
export function wordFindings(report: WordReport): HTMLElement {
  return h(
    "div",
    { class: "word-findings" },
    report.items.length === 0
      ? h("p", { class: "muted" }, "Everything in the file was read.")
      : h("div", { class: "notice warn" }, h("p", {}, `${plural(report.items.length, "thing")} in the file ${report.items.length === 1 ? "was" : "were"} not read as such:`), h("ul", { class: "import-items" }, ...report.items.slice(0, 50).map((i) => h("li", {}, h("strong", {}, i.where), `: ${i.message}`)))),
    report.comments.length === 0
      ? null
      : h("div", {}, h("h4", {}, `Comments (${report.comments.length}), kept as comment threads`), h("ul", { class: "word-comments" }, ...report.comments.map((c) => h("li", {}, h("strong", {}, c.author || "(no name)"), c.quote ? ` on “${c.quote}”` : "", `: ${c.text}`)))),
  );
}

const VERB: Record<string, string> = { insertion: "insert", deletion: "delete", "block-insertion": "add the paragraph", "block-deletion": "delete the paragraph" };

/** What is (or will be) placed in the live draft, what is already there, and what cannot be placed. */
export function placementView(placement: WordProposalsReport, done: boolean): HTMLElement {
  const notes = (items: readonly PlacementNote[]) => h("ul", { class: "import-items" }, ...items.map((n) => h("li", {}, h("strong", {}, n.where), `: ${n.message}`)));
  const { withChanges, found } = placement.paragraphs;
  return h(
    "div",
    { class: "word-placement" },
    h("h4", {}, done ? `${plural(placement.placed.length, "proposal")} made in the draft` : `${plural(placement.placed.length, "proposal")} will be made in the draft`),
    h("p", { class: "hint" }, `${found} of ${plural(withChanges, "Word paragraph")} with changes found in the draft.`),
    placement.placed.length === 0 ? null : h("ul", { class: "word-placed" }, ...placement.placed.map((p) => h("li", {}, h("span", { class: "word-by", "data-by": p.by }, p.by), ` proposes to ${VERB[p.kind] ?? p.kind} `, h("q", {}, p.text), ` in ${p.where}`))),
    placement.notPlaced.length === 0 ? null : h("div", { class: "notice warn", role: done ? "alert" : null }, h("p", {}, h("strong", {}, `${plural(placement.notPlaced.length, "change")} cannot be placed`), ": the draft no longer reads as the Word file did there. Nothing of these is written; type them in by hand if the room wants them."), notes(placement.notPlaced)),
    placement.already.length === 0 ? null : h("details", { class: "word-already" }, h("summary", {}, `${plural(placement.already.length, "change")} already in the draft, not made twice`), notes(placement.already)),
  );
}
