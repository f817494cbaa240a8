import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CommentRangeEnd, CommentRangeStart, CommentReference, DeletedTextRun, Document, InsertedTextRun, Packer, Paragraph, Tab, TextRun } from "docx";
import type { ParagraphChild } from "docx";
import { soffice } from "./libreoffice.ts";

/**
 * A delegation's Word file as the tests need one, built with the `docx` library: an ITU
 * draft (body, symbol, title in ResNo, subject in Restitle, the enacting formula, two calls in
 * the Call style, labelled clauses with a tab after the label, two brackets) with tracked
 * changes by three authors and two comments.
 */

export const AUTHORS = { "Jane Smith": "USA", "Pierre Martin": "F", "Ana García": "E" };

export const JANE = { author: "Jane Smith", date: "2026-11-28T10:15:00Z" };
export const PIERRE = { author: "Pierre Martin", date: "2026-11-28T11:20:00Z" };
export const ANA = { author: "Ana García", date: "2026-11-29T09:05:00Z" };

/** The revisions the file holds: kind, delegation, text. */
export const REVISIONS: [string, string, string][] = [
  ["insertion", "USA", " and its annexes"],
  ["deletion", "F", "of the Summit"],
  ["insertion", "F", "of WSIS"],
  ["insertion", "E", "universal "],
  ["deletion", "USA", "where possible"],
];

/** The comments: author, delegation, the words they cover, their text, the clause they are on. */
export const COMMENTS = [
  { author: "Ana García", code: "E", quote: "the outcomes", text: "Which outcomes? Tunis only?", on: "b) the outcomes" },
  { author: "Jane Smith", code: "USA", quote: "affordable", text: "Delete the brackets once COM5 agrees.", on: "1 to promote" },
];

let revisionId = 100;
const ins = (text: string, who: { author: string; date: string }) => new InsertedTextRun({ text, id: revisionId++, ...who });
const del = (text: string, who: { author: string; date: string }) => new DeletedTextRun({ text, id: revisionId++, ...who });
const clause = (label: string, children: ParagraphChild[]) => new Paragraph({ style: "enumlev1", children: [new TextRun({ children: [label, new Tab()] }), ...children] });

export async function draftDocx(): Promise<Uint8Array> {
  const doc = new Document({
    creator: "Delegation of the United States",
    styles: {
      paragraphStyles: [
        { id: "ResNo", name: "ResNo", basedOn: "Normal", run: { size: 28 } },
        { id: "Restitle", name: "Restitle", basedOn: "Normal", run: { bold: true, size: 28 } },
        { id: "Normalaftertitle", name: "Normal after title", basedOn: "Normal" },
        { id: "Call", name: "Call", basedOn: "Normal", run: { italics: true } },
        { id: "enumlev1", name: "enumlev1", basedOn: "Normal", paragraph: { indent: { left: 794, hanging: 794 } } },
      ],
    },
    features: { trackRevisions: true },
    comments: {
      children: COMMENTS.map((c, id) => ({ id, author: c.author, date: new Date(id === 0 ? ANA.date : JANE.date), children: [new Paragraph({ children: [new TextRun(c.text)] })] })),
    },
    sections: [
      {
        children: [
          new Paragraph({ children: [new TextRun("WORKING GROUP OF THE PLENARY")] }),
          new Paragraph({ children: [new TextRun("Document DL/99-E")] }),
          new Paragraph({ style: "ResNo", children: [new TextRun("DRAFT RESOLUTION 99")] }),
          new Paragraph({ style: "Restitle", children: [new TextRun("Connecting the unconnected")] }),
          new Paragraph({ style: "Normalaftertitle", children: [new TextRun("The Plenipotentiary Conference of the International Telecommunication Union (Busan, 2014),")] }),
          new Paragraph({ style: "Call", children: [new TextRun("recalling")] }),
          clause("a)", [new TextRun("Resolution 71 of the Plenipotentiary Conference [on the strategic plan]"), ins(" and its annexes", JANE), new TextRun(";")]),
          clause("b)", [
            new CommentRangeStart(0),
            new TextRun("the outcomes"),
            new CommentRangeEnd(0),
            new TextRun({ children: [new CommentReference(0)] }),
            new TextRun(" "),
            del("of the Summit", PIERRE),
            ins("of WSIS", PIERRE),
            new TextRun(","),
          ]),
          new Paragraph({ style: "Call", children: [new TextRun("resolves")] }),
          clause("1", [
            new TextRun("to promote ["),
            ins("universal ", ANA),
            new CommentRangeStart(1),
            new TextRun({ text: "affordable", bold: true }),
            new CommentRangeEnd(1),
            new TextRun({ children: [new CommentReference(1)] }),
            new TextRun("] access;"),
          ]),
          clause("2", [new TextRun("to report to the Council "), del("where possible", JANE), new TextRun(".")]),
        ],
      },
    ],
  });
  return Packer.pack(doc, "uint8array");
}

/** A file converted by LibreOffice (`soffice --headless --convert-to`), as bytes. */
export function convertWithLibreOffice(bytes: Uint8Array, from: string, to: string): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), "plenary-lo-word-"));
  try {
    writeFileSync(join(dir, `in.${from}`), bytes);
    execFileSync(soffice(), [`-env:UserInstallation=file://${join(dir, "profile")}`, "--headless", "--norestore", "--convert-to", to, "--outdir", join(dir, "out"), join(dir, `in.${from}`)], { stdio: "pipe", timeout: 180_000 });
    const out = join(dir, "out", `in.${to}`);
    if (!existsSync(out)) throw new Error(`LibreOffice did not convert the .${from} to .${to}`);
    return new Uint8Array(readFileSync(out));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
