import { h } from "../dom.ts";
import type { RosterDelegation } from "../../shared/word/author-proposal.ts";
import { authorMapping, wordCounts, wordFindings } from "../word/word-report.ts";
import { base64Of, reportOfNewDraft } from "../word/word-api.ts";
import type { AuthorTable, WordReport } from "../word/word-api.ts";
import { strings } from "../ui-text/index.ts";

/**
 * A Word file as the new session's draft: the server reads it and says what it holds; the page
 * shows the counts, the author → delegation table for the secretariat to confirm (its pickers
 * follow the roster typed below), what was not read and each comment. The session is created
 * from the file with the confirmed table (client/new/main.ts).
 */
export class WordDraft {
  private report: WordReport | null = null;
  private mapping: ReturnType<typeof authorMapping> | null = null;
  private docx = "";
  private fileName = "";

  constructor(
    private readonly mount: HTMLElement,
    private readonly adminToken: string,
    private readonly roster: () => RosterDelegation[],
    /** Hears whether a Word file is the draft now, to hide the DL text box. */
    private readonly onActive: (active: boolean) => void,
    /** Hears that every author has a delegation now (a "choose a delegation for ..." error is stale). */
    private readonly onMapped: () => void = () => undefined,
  ) {}

  get active(): boolean {
    return this.report !== null;
  }

  /** Reads the chosen file on the server; returns the refusal's words, or null once the report is shown. */
  async load(file: File): Promise<string | null> {
    this.clear();
    this.mount.hidden = false;
    this.mount.replaceChildren(h("p", { class: "muted" }, strings.word.reading(file.name)));
    this.docx = await base64Of(file);
    const answer = await reportOfNewDraft(this.docx, this.roster(), this.adminToken);
    if (!answer.ok) {
      this.clear();
      return strings.word.refused(file.name, answer.error);
    }
    this.fileName = file.name;
    this.report = answer.value;
    this.render();
    this.onActive(true);
    return null;
  }

  /** The roster changed: the pickers offer its delegations (picks kept where they still exist). */
  rosterChanged(): void {
    if (this.report) this.render();
  }

  /** The file and the confirmed table, or the words saying what is still to choose. */
  confirmed(): { docx: string; authors: AuthorTable } | { missing: string } {
    const missing = this.mapping?.missing() ?? [];
    if (missing.length) return { missing: strings.word.chooseEach(missing.join(", "), missing.length) };
    return { docx: this.docx, authors: this.mapping?.table() ?? {} };
  }

  clear(): void {
    this.report = null;
    this.mapping = null;
    this.docx = "";
    this.mount.hidden = true;
    this.mount.replaceChildren();
    this.onActive(false);
  }

  private render(): void {
    const report = this.report!;
    const kept = this.mapping?.table() ?? {};
    this.mapping = authorMapping(report.authors, this.roster(), kept, () => {
      if (this.mapping?.missing().length === 0) this.onMapped();
    });
    this.mount.replaceChildren(
      h("h3", {}, strings.word.draftFrom(this.fileName)),
      wordCounts(report),
      ...(this.roster().length === 0 && report.authors.length > 0 ? [h("p", { class: "notice warn" }, strings.word.listFirst)] : []),
      this.mapping.element,
      wordFindings(report),
      h("p", {}, h("button", { type: "button", class: "button", onclick: () => this.clear() }, strings.word.useDlText)),
    );
  }
}
