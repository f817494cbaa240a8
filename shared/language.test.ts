import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import type { Node as PMNode } from "prosemirror-model";
import { parse } from "./dl/parse.ts";
import { serialize } from "./dl/serialize.ts";
import { documentDate, draftLanguage, readMeta, withRevision } from "./meta.ts";
import { exportHtml } from "./export/html.ts";
import { exportDocx } from "./export/docx.ts";
import { exportAkn } from "./export/akn.ts";
import { timeOfDateLine } from "./export/dates.ts";
import { docxParts } from "../test/docx-xml.ts";

const fixture = (name: string) => readFileSync(new URL(`../test/fixtures/${name}`, import.meta.url), "utf8");
const french = fixture("dl-23-rev2-fr.txt");
const spanish = fixture("dl-45-s.txt");

/** The document's outline as a secretariat reads it: header lines, then each group's heading, part and clause count. */
function outline(doc: PMNode): string[] {
  const lines: string[] = [];
  doc.forEach((node) => {
    if (node.type.name !== "clause_group") lines.push(node.type.name);
    else lines.push(`${node.firstChild!.attrs.part} "${node.firstChild!.textContent}": ${node.childCount - 1} clauses`);
  });
  return lines;
}

const HEADER = ["body_name", "symbol_line", "date_line", "language_line", "body_name", "title", "status_line", "proposal_marker", "title", "subject", "formula"];

test("a French draft has its structure: header lines, preambular and operative groups, lettered and numbered clauses", () => {
  const { doc, report } = parse(french);
  assert.deepEqual(outline(doc), [
    ...HEADER,
    'preamble "rappelant": 3 clauses',
    'preamble "rappelant en outre": 2 clauses',
    'preamble "considérant": 3 clauses',
    'preamble "reconnaissant": 1 clauses',
    'operative "décide": 3 clauses',
    'operative "charge le Secrétaire général": 2 clauses',
    'operative "charge le Conseil": 1 clauses',
    'operative "invite les États Membres, les Membres des Secteurs et les Associés": 1 clauses',
  ]);
  assert.deepEqual([report.counts.groups, report.counts.clauses, report.counts.brackets, report.counts.deletions, report.counts.insertions], [8, 16, 2, 6, 1]);
  assert.equal(serialize(doc), french);
});

test("a Spanish draft has its structure", () => {
  const { doc, report } = parse(spanish);
  assert.deepEqual(outline(doc), [
    ...HEADER,
    'preamble "recordando": 2 clauses',
    'preamble "considerando": 2 clauses',
    'preamble "teniendo en cuenta": 1 clauses',
    'operative "resuelve": 2 clauses',
    'operative "encarga al Secretario General": 2 clauses',
    'operative "invita a los Estados Miembros": 1 clauses',
  ]);
  assert.deepEqual([report.counts.groups, report.counts.clauses], [6, 10]);
  assert.equal(serialize(doc), spanish);
});

test("a version's language is its symbol's letter; its revision and date are written in it", () => {
  const fr = readMeta(parse(french).doc);
  assert.deepEqual([fr.symbol, fr.revision, fr.date, fr.language, fr.lang.code], ["DL/23-F", 2, "31 octobre 2014", "anglais", "fr"]);
  const es = readMeta(parse(spanish).doc);
  assert.deepEqual([es.symbol, es.revision, es.date, es.language, es.lang.code], ["DL/45-S", 0, "3 de noviembre de 2014", "inglés", "es"]);

  const issuedFr = serialize(withRevision(parse(french).doc, 3, documentDate(new Date(Date.UTC(2014, 10, 1)), fr.lang)));
  assert.ok(issuedFr.startsWith("\nGROUPE DE TRAVAIL DE LA PLÉNIÈRE\n\nDocument DL/23-F (Rév.3)\n1er novembre 2014\nOriginal : anglais\n"), issuedFr.slice(0, 120));
  const issuedEs = serialize(withRevision(parse(spanish).doc, 1, documentDate(new Date(Date.UTC(2014, 11, 5)), es.lang)));
  assert.ok(issuedEs.startsWith("\nGRUPO DE TRABAJO DE LA PLENARIA\n\nDocumento DL/45-S (Rev.1)\n5 de diciembre de 2014\nOriginal: inglés\n"), issuedEs.slice(0, 120));
  assert.equal(readMeta(parse(issuedFr).doc).revision, 3, "the issued revision reads back");
  assert.deepEqual([timeOfDateLine("31 octobre 2014"), timeOfDateLine("3 de noviembre de 2014"), timeOfDateLine("1er novembre 2014")], ["2014-10-31T00:00:00Z", "2014-11-03T00:00:00Z", "2014-11-01T00:00:00Z"]);
});

test("the HTML and Word exports say the draft's language", async () => {
  assert.match(exportHtml(parse(french).doc, { variant: "marked", authors: {} }), /<html lang="fr-FR">/);
  assert.match(exportHtml(parse(spanish).doc, { variant: "marked", authors: {} }), /<html lang="es-ES">/);
  assert.match(exportHtml(parse(french).doc, { variant: "marked", authors: {}, revision: { number: 3, date: "2014-11-01" } }), /Document DL\/23-F \(Rév\.3\)[\s\S]*1er novembre 2014/);
  const parts = docxParts(await exportDocx(parse(french).doc, { variant: "marked", authors: {} }));
  assert.match(parts["word/styles.xml"]!, /<w:lang w:val="fr-FR"\/>/);
  assert.match(parts["word/document.xml"]!, /DL\/23-F \(Rév\.2\)/);
});

test("the editor's language comes from the header's symbol line alone", () => {
  assert.equal(draftLanguage(parse(french).doc).tag, "fr-FR");
  assert.equal(draftLanguage(parse(spanish).doc).tag, "es-ES");
  assert.equal(draftLanguage(parse(fixture("dl-23-rev2.txt")).doc).tag, "en-GB");
  assert.equal(draftLanguage(parse("resolves\n\n1 that ITU should act;").doc).tag, "en-GB", "no symbol: English");
});

const russian = fixture("dl-23-r.txt");
const chinese = fixture("dl-23-c.txt");
const arabic = fixture("dl-23-a.txt");

test("a Russian draft has its structure: ПРОЕКТ РЕЗОЛЮЦИИ, Полномочная конференция ..., напоминая, решает, поручает Генеральному секретарю", () => {
  const { doc, report } = parse(russian);
  assert.deepEqual(outline(doc), [
    ...HEADER,
    'preamble "напоминая": 3 clauses',
    'preamble "напоминая далее": 2 clauses',
    'preamble "учитывая": 3 clauses',
    'preamble "принимая во внимание": 1 clauses',
    'operative "решает": 2 clauses',
    'operative "поручает Генеральному секретарю": 2 clauses',
    'operative "предлагает Государствам-Членам": 1 clauses',
  ]);
  assert.deepEqual([report.counts.groups, report.counts.clauses, report.counts.brackets, report.counts.insertions, report.counts.deletions], [7, 14, 2, 1, 6]);
  assert.equal(serialize(doc), russian);
});

test("a Chinese draft has its structure: its calls are read though Chinese writes them without spaces or closing punctuation", () => {
  const { doc, report } = parse(chinese);
  assert.deepEqual(outline(doc), [
    ...HEADER,
    'preamble "忆及": 3 clauses',
    'preamble "进一步忆及": 2 clauses',
    'preamble "考虑到": 3 clauses',
    'preamble "认识到": 1 clauses',
    'operative "做出决议": 2 clauses',
    'operative "责成秘书长": 2 clauses',
    'operative "请成员国": 1 clauses',
  ]);
  assert.deepEqual([report.counts.groups, report.counts.clauses, report.counts.brackets, report.counts.insertions, report.counts.deletions], [7, 14, 2, 1, 6]);
  assert.equal(serialize(doc), chinese);
});

test("an Arabic draft has its structure: إذ يذكّر and وإذ open preambular groups, يقرر and يكلف operative ones, clauses lettered أ) ب) ج)", () => {
  const { doc, report } = parse(arabic);
  assert.deepEqual(outline(doc), [
    ...HEADER,
    'preamble "إذ يذكّر": 3 clauses',
    'preamble "وإذ يذكّر كذلك": 2 clauses',
    'preamble "وإذ يضع في اعتباره": 3 clauses',
    'preamble "وإذ يدرك": 1 clauses',
    'operative "يقرر": 2 clauses',
    'operative "يكلف الأمين العام": 2 clauses',
    'operative "يدعو الدول الأعضاء": 1 clauses',
  ]);
  assert.deepEqual([report.counts.groups, report.counts.clauses, report.counts.brackets, report.counts.insertions, report.counts.deletions], [7, 14, 2, 1, 6]);
  assert.equal(serialize(doc), arabic);
  const labels: string[] = [];
  doc.descendants((node) => {
    if (node.type.name === "clause") labels.push(node.textContent.split(" ")[0]!);
    return node.type.name !== "clause";
  });
  assert.deepEqual(labels.slice(0, 8), ["أ)", "ب)", "ج)", "أ)", "ب)", "أ)", "ب)", "ج)د)"]);
});

test("a heading in each language is read with its part, and a clause ending in its punctuation is not a heading", () => {
  const cases: [string, "preamble" | "operative" | null][] = [
    ["учитывая далее", "preamble"],
    ["вновь подтверждая", "preamble"],
    ["настоятельно призывает Государства-Члены", "operative"],
    ["поручает Директору Бюро развития электросвязи", "operative"],
    ["注意到", "preamble"],
    ["还责成电信发展局主任", "operative"],
    ["请成员国、部门成员和部门准成员", "operative"],
    ["鼓励成员国", "operative"],
    ["إذ يذكر", "preamble"],
    ["وإذ يأخذ في الاعتبار", "preamble"],
    ["ويكلف مدير مكتب تنمية الاتصالات", "operative"],
    ["يدعو الدول الأعضاء", "operative"],
    ["recalling", "preamble"],
    ["further resolves", "operative"],
    ["решает, что МСЭ следует продолжать,", null],
    ["请成员国积极参与；", null],
    ["يقرر أن يواصل الاتحاد،", null],
    ["国际电联应继续在WSIS成果落实进程中发挥主要推动作用，这是一个很长的句子而不是标题所以不应被读作标题的", null],
  ];
  for (const [text, part] of cases) assert.equal(parse(`${text}\n\n1 x`).doc.firstChild!.type.name === "clause_group" ? parse(`${text}\n\n1 x`).doc.firstChild!.firstChild!.attrs.part : null, part, text);
});

test("an Arabic, Chinese or Russian version's revision and date are written in its language", () => {
  const cases = [
    { text: russian, meta: ["DL/23-R", 2, "31 октября 2014 года", "английский", "ru"], issued: "Документ DL/23-R (Пересм. 3)\n1 ноября 2014 года\nОригинал: английский\n" },
    { text: chinese, meta: ["DL/23-C", 2, "2014年10月31日", "英文", "zh"], issued: "文件 DL/23-C (修订版3)\n2014年11月1日\n原文：英文\n" },
    { text: arabic, meta: ["DL/23-A", 2, "31 أكتوبر 2014", "بالإنكليزية", "ar"], issued: "الوثيقة DL/23-A (المراجعة 3)\n1 نوفمبر 2014\nالأصل: بالإنكليزية\n" },
  ];
  for (const { text, meta, issued } of cases) {
    const read = readMeta(parse(text).doc);
    assert.deepEqual([read.symbol, read.revision, read.date, read.language, read.lang.code], meta);
    const out = serialize(withRevision(parse(text).doc, 3, documentDate(new Date(Date.UTC(2014, 10, 1)), read.lang)));
    assert.ok(out.includes(`\n\n${issued}`), out.slice(0, 160));
    const again = readMeta(parse(out).doc);
    assert.deepEqual([again.revision, again.date], [3, issued.split("\n")[1]], "the issued revision and date read back");
  }
  assert.deepEqual(
    [timeOfDateLine("3 ноября 2014 года"), timeOfDateLine("3 ноября 2014 г."), timeOfDateLine("2014年11月3日"), timeOfDateLine("3 نوفمبر 2014"), timeOfDateLine("2014年13月3日")],
    ["2014-11-03T00:00:00Z", "2014-11-03T00:00:00Z", "2014-11-03T00:00:00Z", "2014-11-03T00:00:00Z", null],
  );
});

test("the HTML says an Arabic draft's language and direction, and a Chinese or Russian one's language", () => {
  const html = (text: string) => exportHtml(parse(text).doc, { variant: "marked", authors: {} });
  assert.match(html(arabic), /<html lang="ar" dir="rtl">/);
  assert.match(html(chinese), /<html lang="zh-CN">/);
  assert.match(html(russian), /<html lang="ru-RU">/);
  assert.match(html(fixture("dl-23-rev2.txt")), /<html lang="en-GB">/, "no dir for a left-to-right language");
  // Indents and change bars on the line's start side, so they mirror in a right-to-left page.
  assert.match(html(arabic), /\.clause,\.item\{padding-inline-start:1\.4cm;text-indent:-1\.4cm\}/);
  assert.doesNotMatch(html(arabic), /(padding|margin|border)-(left|right)/);
});

test("the Word file of an Arabic draft is right to left: w:bidi paragraphs, w:rtl runs, w:lang w:bidi; a Chinese one is East Asian text", async () => {
  const parts = async (text: string) => docxParts(await exportDocx(parse(text).doc, { variant: "marked", authors: {} }));
  const ar = await parts(arabic);
  const defaults = /<w:docDefaults>.*<\/w:docDefaults>/s.exec(ar["word/styles.xml"]!)![0];
  assert.match(defaults, /<w:pPrDefault><w:pPr><w:bidi\/>/);
  assert.match(defaults, /<w:rtl\/>/);
  assert.match(defaults, /<w:lang w:val="ar" w:bidi="ar-SA"\/>/);
  const normal = /<w:style w:type="paragraph" w:styleId="Normal".*?<\/w:style>/s.exec(ar["word/styles.xml"]!)![0];
  assert.match(normal, /<w:pPr><w:bidi\/>/, "every paragraph style is based on Normal");
  assert.match(normal, /<w:rtl\/>/);
  assert.match(ar["word/document.xml"]!, /<w:tblPr><w:bidiVisual\/>/, "the header's issuing body on the right");
  assert.match(ar["word/document.xml"]!, /الوثيقة DL\/23-A \(المراجعة 2\)/);
  assert.match(ar["word/document.xml"]!, /<w:del [^>]*>.*?<w:delText[^>]*>يرفع<\/w:delText>/s);

  const zh = await parts(chinese);
  assert.match(zh["word/styles.xml"]!, /<w:lang w:val="zh-CN" w:eastAsia="zh-CN"\/>/);
  assert.match(zh["word/styles.xml"]!, /w:eastAsia="SimSun"/);
  assert.doesNotMatch(zh["word/styles.xml"]!, /<w:bidi\/>|<w:rtl\/>/);
  const ru = await parts(russian);
  assert.match(ru["word/styles.xml"]!, /<w:lang w:val="ru-RU"\/>/);
  assert.doesNotMatch(ru["word/document.xml"]!, /bidiVisual/);
});

test("Akoma Ntoso says each expression's language", () => {
  const language = (text: string) => /<FRBRlanguage language="([a-z]+)"\/>/.exec(exportAkn(parse(text).doc, { variant: "marked", authors: {} }))?.[1];
  assert.deepEqual([language(arabic), language(chinese), language(russian)], ["ara", "zho", "rus"]);
  assert.match(exportAkn(parse(chinese).doc, { variant: "marked", authors: {} }), /<docDate date="2014-10-31">2014年10月31日<\/docDate>/);
});

test("the editor's language and direction come from the symbol line", () => {
  assert.deepEqual([draftLanguage(parse(arabic).doc).tag, draftLanguage(parse(arabic).doc).dir], ["ar", "rtl"]);
  assert.deepEqual([draftLanguage(parse(chinese).doc).tag, draftLanguage(parse(chinese).doc).dir], ["zh-CN", "ltr"]);
  assert.deepEqual([draftLanguage(parse(russian).doc).tag, draftLanguage(parse(russian).doc).dir], ["ru-RU", "ltr"]);
});
