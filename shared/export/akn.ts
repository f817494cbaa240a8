import type { Node as PMNode } from "prosemirror-model";
import { readMeta, symbolWithRevision } from "../meta.ts";
import { readDateLine } from "../language.ts";
import { cleanDoc } from "../dl/clean.ts";
import { markedDoc } from "../dl/serialize.ts";
import { issuedDocument } from "./issue.ts";
import type { RevisionInfo } from "./issue.ts";
import { escapeHtml } from "./html.ts";
import { labelRuns } from "../track/labels.ts";
import { footnotePlan } from "./footnotes.ts";
import { tableRows } from "./tables.ts";
import { schema } from "../schema.ts";

/**
 * Akoma Ntoso 3.0 (OASIS LegalDocML), as AKN4UN, the UN's profile, lays out a resolution:
 * `<akomaNtoso><statement name="resolution">` with `<meta>` (the FRBR identification of the
 * work, this language's expression and this file, and a `TLCOrganization` in `<references>`
 * for each delegation with a proposal in the text), the header lines in `<preface>`
 * (`docNumber`, `docDate`, `docTitle`, `docStatus`), the enacting formula and the preambular
 * calls as `<recitals>` in `<preamble>`, the operative calls as `<hcontainer
 * name="operativeGroup">` of `<paragraph>`s in `<mainBody>`. A clause's label is its `<num>`.
 * Proposals are `<ins>`/`<del>` whose `refersTo` names the proposing delegation; a whole
 * block proposed reads so (as in the marked variant); brackets are kept as the "[" and "]"
 * delegates read, in a `<span class="bracket">` naming who bracketed. The clean variant has
 * no proposals, as the other exports'.
 */

export interface AknOptions {
  variant: "marked" | "clean";
  /** Delegation names by code: { USA: "United States" }. */
  authors: Record<string, string>;
  revision?: RevisionInfo;
  /** The FRBR date of generation (YYYY-MM-DD); today by default. */
  generated?: string;
}

const NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0";

const xml = escapeHtml;

/** An author's code as an id: "USA" → "usa", "3GPP" → "org-3gpp" (an id cannot start with a digit). */
function authorId(code: string): string {
  const id = code.toLowerCase().replace(/[^a-z0-9_.-]+/g, "-");
  return /^[a-z_]/.test(id) ? id : `org-${id}`;
}

/**
 * What an export writes inline, carrying the authors it names. A bracket opens where the
 * text before lacks it and closes where the text after does; one open at a block's end
 * goes on into the next block when that block starts inside it (the writer asks at the end).
 */
class Writer {
  /** Brackets open, by id: who bracketed. */
  private readonly open = new Map<string, string>();
  /** The XML a footnote reference ("1") stands for; null: none (the label in superscript). */
  note: (label: string) => string | null = () => null;

  constructor(readonly authors = new Set<string>()) {}

  inline(block: PMNode): string {
    let out = "";
    const children: PMNode[] = [];
    block.forEach((child) => children.push(child));
    children.forEach((child, i) => {
      const brackets = child.marks.filter((m) => m.type.name === "bracket");
      for (const mark of brackets) {
        if (this.open.has(mark.attrs.id as string)) continue;
        this.open.set(mark.attrs.id as string, mark.attrs.by as string);
        out += this.bracket(mark.attrs.by as string, "[");
      }
      for (const [id, by] of [...this.open]) {
        if (brackets.some((m) => m.attrs.id === id)) continue;
        this.open.delete(id);
        out += this.bracket(by, "]");
      }
      out += this.wrapped(child);
      const next = children[i + 1];
      if (!next) return;
      for (const mark of brackets) {
        if (next.marks.some((m) => m.type.name === "bracket" && m.attrs.id === mark.attrs.id)) continue;
        this.open.delete(mark.attrs.id as string);
        out += this.bracket(mark.attrs.by as string, "]");
      }
    });
    return out;
  }

  /** Closes, at a block's end, the brackets that do not go on into `next`. */
  endBlock(next: PMNode | null): string {
    let out = "";
    const first = next?.firstChild;
    for (const [id, by] of [...this.open]) {
      if (first?.marks.some((m) => m.type.name === "bracket" && m.attrs.id === id)) continue;
      this.open.delete(id);
      out += this.bracket(by, "]");
    }
    return out;
  }

  private bracket(by: string, sign: string): string {
    this.authors.add(by);
    return `<span class="bracket" refersTo="#${authorId(by)}">${sign}</span>`;
  }

  private wrapped(child: PMNode): string {
    let out = child.type.name === "line_break" ? "<eol/>" : xml(child.text ?? "");
    if (child.isText && schema.marks.note_ref.isInSet(child.marks)) out = this.note(child.text!) ?? `<sup>${out}</sup>`;
    const order = ["em", "strong", "deletion", "insertion"];
    const marks = [...child.marks].filter((m) => order.includes(m.type.name)).sort((a, b) => order.indexOf(a.type.name) - order.indexOf(b.type.name));
    for (const mark of marks) {
      if (mark.type.name === "em") out = `<i>${out}</i>`;
      else if (mark.type.name === "strong") out = `<b>${out}</b>`;
      else {
        const by = mark.attrs.by as string;
        this.authors.add(by);
        const tag = mark.type.name === "insertion" ? "ins" : "del";
        out = `<${tag} refersTo="#${authorId(by)}">${out}</${tag}>`;
      }
    }
    return out;
  }
}

/** Where the label ends in a clause's content (0 without one). */
const labelEnd = (block: PMNode) => labelRuns(block).at(-1)?.to ?? 0;

function labelText(block: PMNode, w: Writer): string {
  const end = labelEnd(block);
  return end === 0 ? "" : `<num>${w.inline(block.cut(0, end)).trim()}</num>`;
}

/** The text after a clause's label, without the space that parts them. */
function bodyOf(block: PMNode, w: Writer): string {
  const end = labelEnd(block);
  const space = end > 0 && block.textBetween(end, Math.min(end + 1, block.content.size)) === " " ? 1 : 0;
  return w.inline(block.cut(end + space));
}

/** A pipe table's rows as an AKN <table>: a row over "|---|" as <th> cells; each cell's words with their proposals. */
function tableXml(rows: PMNode[], w: Writer, eId: string): string {
  const tr = ({ node, header }: { node: PMNode; header: boolean }) => {
    const tag = header ? "th" : "td";
    return `<tr>${cellRanges(node).map(([from, to]) => `<${tag}><p>${w.inline(node.cut(from, to)).trim()}</p></${tag}>`).join("")}${w.endBlock(null)}</tr>`;
  };
  return `<table eId="${eId}">${tableRows(rows).map(tr).join("")}</table>`;
}

/** Where a row's cells lie in its content: between its pipes (not "\\|"), the empty ends outside the outer pipes left out. */
function cellRanges(row: PMNode): [number, number][] {
  const pipes: number[] = [];
  row.forEach((child, offset) => {
    if (!child.isText) return;
    const text = child.text!;
    for (let i = 0; i < text.length; i++) if (text[i] === "|" && text[i - 1] !== "\\") pipes.push(offset + i);
  });
  const bounds = [0, ...pipes.flatMap((p) => [p, p + 1]), row.content.size];
  const ranges: [number, number][] = [];
  for (let i = 0; i < bounds.length; i += 2) ranges.push([bounds[i]!, bounds[i + 1]!]);
  const blank = ([from, to]: [number, number]) => row.textBetween(from, to).trim() === "";
  if (ranges.length > 1 && blank(ranges[0]!)) ranges.shift();
  if (ranges.length > 1 && blank(ranges[ranges.length - 1]!)) ranges.pop();
  return ranges.length ? ranges : [[0, row.content.size]];
}

/** "2014-10-31" for the date line "31 October 2014" (or "31 octobre 2014"); null when it is not one. */
function isoDate(text: string): string | null {
  const date = readDateLine(text);
  return date ? `${date.year}-${String(date.month + 1).padStart(2, "0")}-${String(date.day).padStart(2, "0")}` : null;
}

const HEADER_ELEMENT: Record<string, string> = {
  symbol_line: "docNumber",
  title: "docTitle",
  status_line: "docStatus",
  body_name: "docAuthority",
  proposal_marker: "docProponent",
};

/** The document as an Akoma Ntoso 3.0 XML file. */
export function exportAkn(source: PMNode, options: AknOptions): string {
  const issued = issuedDocument(source, options.revision);
  const doc = options.variant === "clean" ? cleanDoc(issued) : markedDoc(issued);
  const meta = readMeta(doc);
  const w = new Writer();
  const counters = new Map<string, number>();
  const eId = (prefix: string) => {
    const n = (counters.get(prefix) ?? 0) + 1;
    counters.set(prefix, n);
    return `${prefix}_${n}`;
  };

  const blocks: PMNode[] = [];
  doc.descendants((node) => {
    if (node.isTextblock) blocks.push(node);
    return !node.isTextblock;
  });
  // A footnote the text refers to is an <authorialNote> where it is first referred to (later
  // references point to it); one nothing refers to stays where it is.
  const footnotes = footnotePlan(blocks);
  const placed = new Set<string>();
  w.note = (label) => {
    const note = footnotes.notes.get(label);
    if (!note) return null;
    const id = `fn_${note.number}`;
    if (placed.has(label)) return `<noteRef href="#${id}" marker="${xml(label)}"/>`;
    placed.add(label);
    const inner = new Writer(w.authors);
    return `<authorialNote marker="${xml(label)}" placement="bottom" eId="${id}"><p>${inner.inline(note.block)}${inner.endBlock(null)}</p></authorialNote>`;
  };
  const following = new Map(blocks.filter((b) => !footnotes.atFoot.has(b)).map((block, i, kept) => [block, kept[i + 1] ?? null]));
  const nextBlock = (block: PMNode) => following.get(block) ?? null;
  const paragraph = (block: PMNode, attrs = "") => `<p${attrs}>${w.inline(block)}${w.endBlock(nextBlock(block))}</p>`;

  const preface: string[] = [];
  const preamble: string[] = [];
  const body: string[] = [];
  const annexes: { heading: string; items: string[] }[] = [];
  // A compilation's later texts (after the first text's clause groups, each opened by its
  // proposal marker): an hcontainer each in the main body, its header lines as its intro.
  const laterTexts: { intro: string[]; parts: string[] }[] = [];
  let later: { intro: string[]; parts: string[] } | null = null;
  let groupsSeen = false;
  const items = (group: PMNode, item: (num: string, text: string) => string) => {
    const out: string[] = [];
    let rows: PMNode[] = [];
    // The rows of a pipe table standing together are one item: an AKN <table>.
    const flush = () => {
      if (rows.length) out.push(item("", tableXml(rows, w, eId("table"))));
      rows = [];
    };
    group.forEach((child, _offset, index) => {
      if (index === 0 || footnotes.atFoot.has(child)) return;
      if (child.type.name === "table_row") return void rows.push(child);
      flush();
      out.push(item(labelText(child, w), `<p>${bodyOf(child, w)}${w.endBlock(nextBlock(child))}</p>`));
    });
    flush();
    return out;
  };
  const paragraphItem = (num: string, text: string) => `<paragraph eId="${eId("para")}">${num}<content>${text}</content></paragraph>`;
  const emptyParagraph = () => `<paragraph eId="${eId("para")}"><content><p/></content></paragraph>`;
  doc.forEach((node) => {
    if (node.type.name === "clause_group") {
      groupsSeen = true;
      const heading = node.firstChild!;
      const headingText = `${w.inline(heading)}${w.endBlock(nextBlock(heading))}`;
      if (heading.attrs.part === "annex") {
        annexes.push({ heading: headingText, items: items(node, paragraphItem) });
        return;
      }
      const operative = heading.attrs.part === "operative";
      // A UN text's parts have no heading line (their calls are inline): no intro.
      const intro = heading.content.size > 0 ? `<intro><p>${headingText}</p></intro>` : "";
      if (operative || later) {
        const content = items(node, paragraphItem);
        const group = `<hcontainer eId="${eId(operative ? "opgroup" : "pregroup")}" name="${operative ? "operativeGroup" : "preambularGroup"}">${intro}${content.length > 0 ? content.join("") : emptyParagraph()}</hcontainer>`;
        (later ? later.parts : body).push(group);
      } else {
        const content = items(node, (num, text) => `<recital eId="${eId("rec")}">${num}${text}</recital>`);
        preamble.push(`<recitals eId="${eId("recs")}">${intro}${content.length > 0 ? content.join("") : `<recital eId="${eId("rec")}"><p/></recital>`}</recitals>`);
      }
      return;
    }
    if (footnotes.atFoot.has(node)) return;
    if (node.type.name === "proposal_marker" && groupsSeen) {
      later = { intro: [], parts: [] };
      laterTexts.push(later);
    }
    if (later) {
      later.intro.push(paragraph(node, ` class="${node.type.name.replace(/_/g, "-")}"`));
      return;
    }
    if (node.type.name === "formula") {
      preamble.unshift(`<formula name="enactingFormula">${paragraph(node)}</formula>`);
      return;
    }
    const element = HEADER_ELEMENT[node.type.name];
    if (node.type.name === "date_line") {
      const iso = isoDate(node.textContent);
      preface.push(iso ? `<p class="date"><docDate date="${iso}">${w.inline(node)}</docDate></p>` : paragraph(node, ` class="date"`));
    } else if (element) {
      preface.push(`<p class="${node.type.name.replace(/_/g, "-")}"><${element}>${w.inline(node)}${w.endBlock(nextBlock(node))}</${element}></p>`);
    } else {
      preface.push(paragraph(node, ` class="${node.type.name.replace(/_/g, "-")}"`));
    }
  });
  for (const text of laterTexts) {
    const intro = `<intro>${text.intro.join("")}</intro>`;
    body.push(`<hcontainer eId="${eId("text")}" name="proposal">${intro}${text.parts.length > 0 ? text.parts.join("") : emptyParagraph()}</hcontainer>`);
  }

  const generated = options.generated ?? new Date().toISOString().slice(0, 10);
  const date = (meta.date ? isoDate(meta.date) : null) ?? generated;
  const slug = (meta.symbol ?? "document").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "document";
  const language = { en: "eng", fr: "fra", es: "spa", ar: "ara", zh: "zho", ru: "rus" }[meta.lang.code];
  const work = `/akn/un/statement/resolution/itu/${date}/${slug}`;
  const expression = `${work}/${language}@${meta.revision ? `rev${meta.revision}` : ""}`;
  const names = [...w.authors].sort().map((code) => {
    const name = options.authors[code] ?? (code === "import" ? "Imported (in the uploaded draft)" : code);
    return `<TLCOrganization eId="${authorId(code)}" href="/akn/ontology/organization/un/${authorId(code)}" showAs="${xml(name)}"/>`;
  });
  const metaXml = [
    `<meta>`,
    `<identification source="#plenary">`,
    `<FRBRWork><FRBRthis value="${work}/!main"/><FRBRuri value="${work}"/><FRBRdate date="${date}" name="draft"/><FRBRauthor href="#itu"/><FRBRcountry value="un"/><FRBRname value="${xml(meta.symbol ? symbolWithRevision(meta.symbol, null) : "document")}"/></FRBRWork>`,
    `<FRBRExpression><FRBRthis value="${expression}/!main"/><FRBRuri value="${expression}"/><FRBRdate date="${date}" name="${meta.revision ? `revision ${meta.revision}` : "original"}"/><FRBRauthor href="#itu"/><FRBRlanguage language="${language}"/></FRBRExpression>`,
    `<FRBRManifestation><FRBRthis value="${expression}/!main.xml"/><FRBRuri value="${expression}.akn"/><FRBRdate date="${generated}" name="generation"/><FRBRauthor href="#plenary"/></FRBRManifestation>`,
    `</identification>`,
    `<references source="#plenary">`,
    `<TLCOrganization eId="itu" href="/akn/ontology/organization/un/itu" showAs="International Telecommunication Union"/>`,
    `<TLCOrganization eId="plenary" href="/akn/ontology/organization/un/itu.plenary" showAs="Plenary"/>`,
    ...names,
    `</references>`,
    `</meta>`,
  ].join("\n");
  // Each annex a document of its own (AKN4UN's attachment), its FRBR names those of the resolution's plus "annex_N".
  const attachment = (annex: { heading: string; items: string[] }, n: number) => {
    const component = (uri: string) => `${uri}/!annex_${n}`;
    const annexMeta = [
      `<meta><identification source="#plenary">`,
      `<FRBRWork><FRBRthis value="${component(work)}"/><FRBRuri value="${work}"/><FRBRdate date="${date}" name="draft"/><FRBRauthor href="#itu"/><FRBRcountry value="un"/></FRBRWork>`,
      `<FRBRExpression><FRBRthis value="${component(expression)}"/><FRBRuri value="${expression}"/><FRBRdate date="${date}" name="${meta.revision ? `revision ${meta.revision}` : "original"}"/><FRBRauthor href="#itu"/><FRBRlanguage language="${language}"/></FRBRExpression>`,
      `<FRBRManifestation><FRBRthis value="${component(expression)}.xml"/><FRBRuri value="${expression}.akn"/><FRBRdate date="${generated}" name="generation"/><FRBRauthor href="#plenary"/></FRBRManifestation>`,
      `</identification></meta>`,
    ].join("");
    const content = annex.items.length > 0 ? annex.items.join("") : `<paragraph eId="annex_${n}__para_1"><content><p/></content></paragraph>`;
    return `<attachment eId="att_${n}"><doc name="annex">${annexMeta}<mainBody><hcontainer eId="annex_${n}" name="annex"><heading>${annex.heading}</heading>${content}</hcontainer></mainBody></doc></attachment>`;
  };
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<akomaNtoso xmlns="${NS}">`,
    `<statement name="resolution">`,
    metaXml,
    preface.length > 0 ? `<preface>\n${preface.join("\n")}\n</preface>` : "",
    preamble.length > 0 ? `<preamble>\n${preamble.join("\n")}\n</preamble>` : "",
    `<mainBody>\n${body.length > 0 ? body.join("\n") : "<p/>"}\n</mainBody>`,
    annexes.length > 0 ? `<attachments>\n${annexes.map((annex, i) => attachment(annex, i + 1)).join("\n")}\n</attachments>` : "",
    `</statement>`,
    `</akomaNtoso>`,
    "",
  ]
    .filter((line) => line !== "")
    .join("\n");
}
