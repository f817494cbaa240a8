import { decodeDL, DLInputError } from "../../shared/dl/input.ts";
import { createSession } from "../api.ts";
import type { ApiFailure } from "../api.ts";
import { byId, h } from "../dom.ts";
import { ADMIN_TOKEN_KEY, takeToken } from "../token.ts";
import { rememberLink } from "../known-links.ts";
import { showPageError } from "../page-error.ts";
import { parseRosterLines } from "./roster-lines.ts";
import { linksList, seatsOf } from "./links-list.ts";
import { importSummary } from "./import-summary.ts";
import { WordDraft } from "./word-draft.ts";
import { createSessionFromWord } from "../word/word-api.ts";
import { rememberAuthors, wordCounts, wordFindings } from "../word/word-report.ts";
import { strings } from "../ui-text/index.ts";

/**
 * The new-session page (`/new#t=<adminToken>`): a DL text (uploaded or pasted), a title and the
 * roster; on submit, every join link with a copy button, or the server's refusal with line and column.
 */
export function startNewSessionPage(): void {
  const adminToken = takeToken(ADMIN_TOKEN_KEY);
  if (!adminToken) return showPageError(strings.newSession.adminLink);
  const form = byId<HTMLFormElement>("new-session");
  const file = byId<HTMLInputElement>("dl-file");
  const text = byId<HTMLTextAreaElement>("dl-text");
  const rosterLines = byId<HTMLTextAreaElement>("roster-lines");
  const word = new WordDraft(byId("word-draft"), adminToken, () => parseRosterLines(rosterLines.value).delegations, (active) => {
    // With a Word file as the draft, the DL text box is not used.
    text.hidden = active;
    byId("dl-text-label").hidden = active;
    if (!active && file.value && /\.docx$/i.test(file.value)) file.value = "";
  }, clearErrors);
  rosterLines.addEventListener("change", () => word.rosterChanged());
  file.addEventListener("change", () => void loadFile(file, text, word));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void submit(form, adminToken, word);
  });
}

async function loadFile(input: HTMLInputElement, text: HTMLTextAreaElement, word: WordDraft): Promise<void> {
  const chosen = input.files?.[0];
  if (!chosen) return;
  clearErrors();
  if (/\.docx$/i.test(chosen.name)) {
    const refused = await word.load(chosen);
    if (refused) showError(refused, "dl-file");
    return;
  }
  word.clear();
  try {
    text.value = decodeDL(new Uint8Array(await chosen.arrayBuffer()));
    clearErrors();
  } catch (error) {
    if (!(error instanceof DLInputError)) throw error;
    showError(error.format(chosen.name), "dl-text");
  }
}

async function submit(form: HTMLFormElement, adminToken: string, word: WordDraft): Promise<void> {
  clearErrors();
  const title = byId<HTMLInputElement>("title").value.trim();
  const text = byId<HTMLTextAreaElement>("dl-text").value;
  const roster = parseRosterLines(byId<HTMLTextAreaElement>("roster-lines").value);
  if (title === "") return showError(strings.newSession.giveTitle, "title");
  if (!word.active && text.trim() === "") return showError(strings.newSession.giveText, "dl-text");
  if (roster.errors.length > 0) return showError(roster.errors.map((e) => e.message).join("\n"), "roster-lines", roster.errors[0]!.line);
  if (roster.delegations.length === 0) return showError(strings.newSession.listDelegations, "roster-lines");
  if (word.active) return submitWord(form, adminToken, word, title, roster.delegations);

  const button = form.querySelector<HTMLButtonElement>("button[type=submit]")!;
  button.disabled = true;
  button.textContent = strings.newSession.creating;
  const answer = await createSession({ title, text, delegations: roster.delegations }, adminToken);
  button.disabled = false;
  button.textContent = strings.newSession.create;
  if (!answer.ok) return showRefusal(answer);

  const names = new Map(roster.delegations.map((d) => [d.code, d.name]));
  const seats = seatsOf(answer.value, names);
  for (const { seat, link } of seats) rememberLink(answer.value.id, seat, link);
  const list = linksList(answer.value, seats);
  byId("result").replaceChildren(list, ...(answer.value.report ? [importSummary(answer.value.report)] : []));
  list.querySelector<HTMLElement>("h2")?.focus();
}

/** Creates the session from the Word file with the confirmed author table, then shows the links and what was read. */
async function submitWord(form: HTMLFormElement, adminToken: string, word: WordDraft, title: string, delegations: { code: string; name: string }[]): Promise<void> {
  word.rosterChanged();
  const confirmed = word.confirmed();
  if ("missing" in confirmed) return showError(confirmed.missing, "word-author-0");
  const button = form.querySelector<HTMLButtonElement>("button[type=submit]")!;
  button.disabled = true;
  button.textContent = strings.newSession.creating;
  const answer = await createSessionFromWord({ title, delegations, ...confirmed }, adminToken);
  button.disabled = false;
  button.textContent = strings.newSession.create;
  if (!answer.ok) return showRefusal(answer);
  rememberAuthors(confirmed.authors);
  const names = new Map(delegations.map((d) => [d.code, d.name]));
  const seats = seatsOf(answer.value, names);
  for (const { seat, link } of seats) rememberLink(answer.value.id, seat, link);
  const list = linksList(answer.value, seats);
  const mapped = Object.entries(confirmed.authors).map(([name, code]) => strings.newSession.authorMapping(name, code)).join(", ");
  const summary = h("section", { class: "import-summary", "aria-labelledby": "import-heading" }, h("h3", { id: "import-heading" }, strings.newSession.wordHeading), wordCounts(answer.value.word), mapped ? h("p", {}, strings.newSession.attributed(mapped)) : "", wordFindings(answer.value.word));
  byId("result").replaceChildren(list, summary);
  list.querySelector<HTMLElement>("h2")?.focus();
}

function showRefusal(failure: ApiFailure): void {
  if (failure.status === 422 && failure.line !== undefined) {
    const where = strings.newSession.where(failure.line, failure.column);
    return showError(strings.newSession.dlRefused(where, failure.error), "dl-text", failure.line, failure.column);
  }
  // A delegation the server's roster rule refuses: named, on its own line of the roster.
  const delegation = /^delegations\.(\d+)\./.exec(failure.field ?? "");
  if (delegation) {
    const line = rosterLineOf(byId<HTMLTextAreaElement>("roster-lines").value, Number(delegation[1]));
    return showError(strings.newSession.rosterRefused(line, failure.error), "roster-lines", line);
  }
  if (failure.status === 413) return showError(failure.error, "dl-text");
  showError(failure.status === 0 ? failure.error : strings.newSession.http(failure.error, failure.status));
}

/** The 1-based line of the roster text holding its n-th delegation (blank lines are skipped). */
function rosterLineOf(text: string, index: number): number {
  let seen = -1;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) if (lines[i]!.trim() !== "" && ++seen === index) return i + 1;
  return 1;
}

function clearErrors(): void {
  byId("form-error").replaceChildren();
  for (const field of document.querySelectorAll("[aria-invalid]")) field.removeAttribute("aria-invalid");
}

/** Shows an error above the form; with a field, marks it and puts the caret at the line and column named. */
function showError(message: string, fieldId?: string, line?: number, column = 1): void {
  byId("form-error").replaceChildren(h("div", { class: "notice error", role: "alert", id: "error-text" }, ...message.split("\n").flatMap((l, i) => (i === 0 ? [l] : [h("br"), l]))));
  if (!fieldId) return;
  const field = byId<HTMLInputElement | HTMLTextAreaElement>(fieldId);
  field.setAttribute("aria-invalid", "true");
  field.setAttribute("aria-describedby", "error-text");
  field.focus();
  if (line !== undefined && field instanceof HTMLTextAreaElement) selectPosition(field, line, column);
}

function selectPosition(area: HTMLTextAreaElement, line: number, column: number): void {
  const lines = area.value.split("\n");
  const start = lines.slice(0, line - 1).reduce((sum, l) => sum + l.length + 1, 0);
  const lineLength = lines[line - 1]?.length ?? 0;
  area.setSelectionRange(start + Math.min(column - 1, lineLength), start + lineLength);
  // Scroll the textarea so the refused line is in view.
  const lineHeight = parseFloat(getComputedStyle(area).lineHeight) || 20;
  area.scrollTop = Math.max(0, (line - 3) * lineHeight);
}

try {
  startNewSessionPage();
} catch (error) {
  showPageError(error instanceof Error ? error.message : String(error));
}
