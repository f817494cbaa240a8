import type { PlacementNote, WordProposalsReport } from "../../shared/word/live-proposals.ts";
import { proposeAuthorMapping } from "../../shared/word/author-proposal.ts";
import type { RosterDelegation } from "../../shared/word/author-proposal.ts";
import { h } from "../dom.ts";
import type { AuthorTable, WordAuthor, WordReport } from "./word-api.ts";
import { strings } from "../ui-text/index.ts";

/**
 * What the server read in a delegation's Word file, as the secretariat checks it before
 * anything is created or written: the counts, the table mapping each Word author to a
 * delegation (proposed where the author's name says one, else to choose), each thing not
 * read, each comment; for a live session, what will be placed where and what cannot be.
 */

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
  return h("p", { class: "word-counts" }, strings.word.counts(c.groups, c.clauses, c.insertions, c.deletions, c.brackets, report.counts.comments));
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
      h("option", { value: "" }, strings.word.chooseDelegation),
      ...delegations.map((d) => h("option", { value: d.code, selected: d.code === start }, strings.word.delegation(d.code, d.name))),
      h("option", { value: NO_DELEGATION, selected: start === NO_DELEGATION }, strings.word.noDelegation),
    );
    selects.set(author.name, select);
    const why = start && start !== NO_DELEGATION ? (chosen[author.name] ? "" : strings.word.proposedHint) : "";
    return h(
      "tr",
      {},
      h("th", { scope: "row" }, h("label", { for: `word-author-${i}` }, author.name || strings.word.noName)),
      h("td", { class: "num" }, String(author.count)),
      h("td", {}, select, why ? h("span", { class: "hint" }, ` ${why}`) : null),
    );
  });
  const element = h(
    "div",
    { class: "word-authors" },
    h("h4", {}, strings.word.authorsHeading),
    h("p", { class: "hint" }, strings.word.authorsHint),
    authors.length === 0
      ? h("p", { class: "muted" }, strings.word.noAuthors)
      : h("table", { class: "roster word-author-table" }, h("thead", {}, h("tr", {}, h("th", { scope: "col" }, strings.word.columns.author), h("th", { scope: "col" }, strings.word.columns.count), h("th", { scope: "col" }, strings.word.columns.delegation))), h("tbody", {}, ...rows)),
  );
  return { element, table, missing: () => [...selects].filter(([, s]) => s.value === "").map(([name]) => name || strings.word.noName) };
}

/** Each construct not read (or read with a caveat) and each comment of the file. */
export function wordFindings(report: WordReport): HTMLElement {
  return h(
    "div",
    { class: "word-findings" },
    report.items.length === 0
      ? h("p", { class: "muted" }, strings.word.allRead)
      : h("div", { class: "notice warn" }, h("p", {}, strings.word.notRead(report.items.length)), h("ul", { class: "import-items" }, ...report.items.slice(0, 50).map((i) => h("li", {}, h("strong", {}, i.where), `: ${i.message}`)))),
    report.comments.length === 0
      ? null
      : h("div", {}, h("h4", {}, strings.word.commentsHeading(report.comments.length)), h("ul", { class: "word-comments" }, ...report.comments.map((c) => h("li", {}, h("strong", {}, c.author || strings.word.noName), c.quote ? strings.word.commentOn(c.quote) : "", `: ${c.text}`)))),
  );
}

const VERB: Record<string, string> = strings.word.verbs;

/** What is (or will be) placed in the live draft, what is already there, and what cannot be placed. */
export function placementView(placement: WordProposalsReport, done: boolean): HTMLElement {
  const notes = (items: readonly PlacementNote[]) => h("ul", { class: "import-items" }, ...items.map((n) => h("li", {}, h("strong", {}, n.where), `: ${n.message}`)));
  const { withChanges, found } = placement.paragraphs;
  return h(
    "div",
    { class: "word-placement" },
    h("h4", {}, done ? strings.word.made(placement.placed.length) : strings.word.willBeMade(placement.placed.length)),
    h("p", { class: "hint" }, strings.word.paragraphsFound(found, withChanges)),
    placement.placed.length === 0 ? null : h("ul", { class: "word-placed" }, ...placement.placed.map((p) => h("li", {}, h("span", { class: "word-by", "data-by": p.by }, p.by), strings.word.proposesTo(VERB[p.kind] ?? p.kind), h("q", {}, p.text), strings.word.in(p.where)))),
    placement.notPlaced.length === 0 ? null : h("div", { class: "notice warn", role: done ? "alert" : null }, h("p", {}, h("strong", {}, strings.word.cannotPlace(placement.notPlaced.length)), strings.word.cannotPlaceWhy), notes(placement.notPlaced)),
    placement.already.length === 0 ? null : h("details", { class: "word-already" }, h("summary", {}, strings.word.already(placement.already.length)), notes(placement.already)),
  );
}
