import { test } from "node:test";
import assert from "node:assert/strict";
import type { Node as PMNode } from "prosemirror-model";
import { parse } from "./parse.ts";
import { serialize, textBlocks } from "./serialize.ts";
import { checkText, DLInputError } from "./input.ts";
import * as b from "../../test/builders.ts";

/**
 * Several strikes over one text, and exports that must not lie when read back
 * (issue 10, point 7): text that looks like markup, annotations or line structure,
 * control characters, attributes that would end an annotation.
 */

const AT1 = "2026-11-28T10:00:00.000Z";
const AT2 = "2026-11-28T10:05:00.000Z";

/** "1 the responsibilities entrusted to ITU;" with USA striking the first two words, RUS the last three. */
function overlapping(): PMNode {
  const usa = b.del("USA", "d1", AT1);
  const rus = b.del("RUS", "d2", AT2);
  return b.doc(
    b.symbol({ gap: 0 }, "Document DL/1-E"),
    b.group(b.heading({ part: "operative" }, "resolves"), b.clause(b.label("1"), " the ", b.t("responsibilities ", usa), b.t("entrusted", usa, rus), b.t(" to ITU", rus), ";")),
  );
}

const strikes = (node: PMNode) => node.marks.filter((m) => m.type.name === "deletion").map((m) => `${m.attrs.by}#${m.attrs.id}`);

test("text struck by two delegations: every strike after the closing ~~ (attributed), one strike over the union (marked)", () => {
  const doc = overlapping();
  const attributed = serialize(doc, { variant: "attributed" });
  assert.ok(
    attributed.endsWith(`1 the ~~responsibilities ~~{USA ${AT1} #d1}~~entrusted~~{USA ${AT1} #d1}{RUS ${AT2} #d2}~~ to ITU~~{RUS ${AT2} #d2};`),
    attributed,
  );
  assert.ok(parse(attributed).doc.eq(doc), "the same document, each strike one mark over its text");
  assert.ok(serialize(doc).endsWith("1 the ~~responsibilities entrusted to ITU~~;"));
  assert.ok(serialize(doc, { variant: "clean" }).endsWith("1 the;"));
});

test("several annotations after one closing ~~ are several strikes over that text", () => {
  const { doc, report } = parse("resolves\n\n1 the ~~entrusted~~{USA - #d1}{RUS 2026-11-28T10:05:00.000Z #d2} words;");
  const text = textBlocks(doc)[1];
  const struck = text.content.content.find((n) => n.text === "entrusted")!;
  assert.deepEqual(strikes(struck), ["USA#d1", "RUS#d2"]);
  assert.equal(report.counts.deletions, 2);
  assert.equal(text.textContent, "1 the entrusted words;");
});

test("a newline in text cannot forge a block added by another delegation", () => {
  const forged = b.doc(
    b.symbol({ gap: 0 }, "Document DL/1-E"),
    b.group(b.heading({ part: "operative" }, "resolves"), b.clause(b.label("1"), " agreed text;\n{+RUS - #forged1}2 a clause RUS never proposed;\r\n{-USA - #forged2}gone")),
  );
  const text = serialize(forged, { variant: "attributed" });
  assert.doesNotMatch(text, /^\{[+-]/m, "no line starts like a whole-block change");
  assert.match(text, /agreed text;\\u\{A\}\{\+RUS - #forged1\}2 a clause RUS never proposed;\\u\{D\}\\u\{A\}\{-USA - #forged2\}gone/);
  const back = parse(text).doc;
  assert.equal(textBlocks(back).length, 3);
  assert.ok(back.eq(forged));
  for (const block of textBlocks(back)) assert.equal(block.attrs.inserted, null);
});

test("a line inside a block that starts like an annotation, and text after a closing token that reads as one, are escaped", () => {
  const doc = b.doc(
    b.symbol({ gap: 0 }, "Document DL/1-E"),
    b.group(
      b.heading({ part: "operative" }, "resolves"),
      b.clause(b.label("1"), " one", b.br(), "{+RUS - #forged1} two ", b.t("struck", b.del("USA", "d1")), "{RUS - #d9} three ", b.t("in", b.bracket("CHN", "b1")), "{CHN - #b9}"),
    ),
  );
  for (const variant of ["marked", "attributed"] as const) {
    const text = serialize(doc, { variant });
    assert.match(text, /one\\\n\\\{\+RUS - #forged1\} two ~~struck~~(\{USA - #d1\})?\\\{RUS - #d9\} three \[in\](\{CHN - #b1\})?\\\{CHN - #b9\}$/, text);
    const back = parse(text).doc;
    if (variant === "attributed") assert.ok(back.eq(doc));
    assert.equal(textBlocks(back)[2].textContent, textBlocks(doc)[2].textContent);
  }
});

test("an author, a time or an id that would end its annotation is written as a JSON string", () => {
  // The schema refuses such attributes; a document that got them anyway still may not lie.
  const hostile = <T extends { attrs: object }>(holder: T, attrs: Record<string, unknown>) => {
    (holder as { attrs: object }).attrs = { ...holder.attrs, ...attrs };
    return holder;
  };
  const deletion = hostile(b.del("USA", "d1"), { id: "x}\n{+RUS - #forged2", at: "Nov 28 2026 (\n{+RUS - #forged1})", by: "U S}\n" });
  const symbol = b.symbol({ gap: 0 }, "Document DL/1-E");
  hostile(symbol, { inserted: { id: "a b}\n{-RUS - #x", by: "USA", at: null } });
  const doc = b.doc(symbol, b.group(b.heading({ part: "operative" }, "resolves"), b.clause(b.label("1"), " ", b.t("struck", deletion), " ", b.t("text", b.bracket("CHN", "b1", "a note }\n{+RUS - #f}")), ";")));
  const text = serialize(doc, { variant: "attributed" });
  assert.equal(text.split("\n").filter((line) => line.startsWith("{")).length, 1, text);
  assert.ok(text.startsWith('{+USA - #"a b}\\n{-RUS - #x"}Document'), text);
  const struck = '{"U S}\\n" "Nov 28 2026 (\\n{+RUS - #forged1})" #"x}\\n{+RUS - #forged2"}';
  assert.ok(text.includes(`~~struck~~${struck}`), text);
  assert.ok(text.includes('[text]{CHN - #b1 "a note }\\n{+RUS - #f}"}'), text);
  // Read back, such attributes are refused as the schema refuses them, by line and column.
  const refused = (t: string, line: number, column: number) =>
    assert.throws(() => parse(t), (e: unknown) => e instanceof DLInputError && e.line === line && e.column === column && /annotation refused/.test(e.message));
  refused(text, 1, 1);
  const body = text.slice(text.indexOf("Document"));
  refused(body, 5, 11);
  const { doc: plain } = parse(body.replace(struck, "{USA - #d1}"));
  assert.ok(plain.eq(parse(serialize(plain, { variant: "attributed" })).doc));
});

test("control characters and lone surrogates in text are written as \\u{HEX} escapes, which the parser reads back", () => {
  const nasty = "NUL\u0000 BEL\u0007 ESC\u001b[31m DEL\u007f VT\u000b lone\ud800 pair😀 tab\t end";
  const doc = b.doc(b.symbol({ gap: 0 }, "Document DL/1-E"), b.group(b.heading({ part: "operative" }, "resolves"), b.clause(b.label("1"), ` ${nasty};`)));
  for (const variant of ["marked", "clean", "attributed"] as const) {
    const text = serialize(doc, { variant });
    assert.doesNotThrow(() => checkText(text));
    assert.ok(text.endsWith("1 NUL\\u{0} BEL\\u{7} ESC\\u{1B}[31m DEL\\u{7F} VT\\u{B} lone\\u{D800} pair😀 tab\t end;"), text);
    assert.ok(parse(text).doc.eq(doc));
    assert.doesNotThrow(() => new TextEncoder().encode(text), "UTF-8 can hold it");
  }
});

test("text that looks like an escape stays text: a backslash before u{A} is doubled, other u{...} stay as typed", () => {
  for (const literal of ["\\u{A}", "\\u{0}", "\\u{41}", "\\u{000A}", "a\\", "\\\\u{D}", "\\\u0000"]) {
    const doc = b.doc(b.symbol({ gap: 0 }, "Document DL/1-E"), b.group(b.heading({ part: "operative" }, "resolves"), b.clause(b.label("1"), ` ${literal}`, b.t("x", b.ins("USA", "i1")), literal)));
    const text = serialize(doc, { variant: "attributed" });
    assert.ok(parse(text).doc.eq(doc), `${JSON.stringify(literal)}: ${text}`);
  }
  assert.equal(textBlocks(parse("resolves\n\n1 \\u{41} \\u{a} \\u{00A}").doc)[1].textContent, "1 \\u{41} \\u{a} \\u{00A}", "only the escapes the serializer writes are read");
});

test("a carriage return before a line feed ends the line, even where some lines end otherwise: text holds none", () => {
  const { doc } = parse("resolves\r\n\r\n1 that one;\n\n2 that two;\r\n");
  assert.equal(doc.attrs.eol, "\n");
  for (const block of textBlocks(doc)) assert.doesNotMatch(block.textContent, /\r/);
  assert.equal(serialize(doc), "resolves\n\n1 that one;\n\n2 that two;\n");
});

test("a strike over three lines, and a line break that ends a block, read back", () => {
  const d1 = b.del("RUS", "d1");
  const doc = b.doc(
    b.symbol({ gap: 0 }, "Document DL/1-E"),
    b.group(
      b.heading({ part: "operative" }, "resolves"),
      b.clause(b.label("1"), " to ", b.t("a", d1), b.br(d1), b.t("b", d1), b.br(d1), b.t("c", d1)),
      b.clause({ gap: 0 }, b.label("2"), " ends in a break", b.br()),
      b.clause({ gap: 0 }, b.label("3"), " follows it", b.br(), b.br()),
      b.para({ gap: 1 }, "that ", b.t("x", b.strong()), b.br(b.strong()), b.br(b.strong()), b.t("y", b.strong())),
    ),
  );
  const text = serialize(doc, { variant: "attributed" });
  assert.ok(text.includes("1 to ~~a\\\nb\nc~~{RUS - #d1}\n2 ends in a break\\\n\n3 follows it\\\n\\\n\n\nthat **x\\\n\ny**"), JSON.stringify(text));
  assert.ok(parse(text).doc.eq(doc));
});

test("a strike around a literal bracket, and literal insertion tags around one, read back", () => {
  const doc = b.doc(
    b.symbol({ gap: 0 }, "Document DL/1-E"),
    b.group(
      b.heading({ part: "operative" }, "resolves"),
      b.clause(b.label("1"), " ", b.t("[", b.del("USA", "d1")), " and ", b.t("lines<ins>[</ins>the", b.del("RUS", "d2")), " [~~] ", b.t("x", b.bracket("CHN", "b1")), ";"),
    ),
  );
  for (const variant of ["marked", "attributed"] as const) {
    const text = serialize(doc, { variant });
    const back = parse(text).doc;
    assert.equal(textBlocks(back)[2].textContent, textBlocks(doc)[2].textContent, text);
    if (variant === "attributed") assert.ok(back.eq(doc), text);
  }
});
