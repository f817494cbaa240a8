import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as Y from "yjs";
import { parse } from "../../shared/dl/parse.ts";
import {
  Scene,
  VICTIM,
  WITNESS,
  blockOf,
  bracketAttrs,
  change,
  expectRefused,
  firstOfType,
  formatText,
  groupOf,
  indexIn,
  insertAfter,
  locate,
  newBlock,
  proposedClause,
  useLab,
  yMark,
  yMarkKey,
  write,
} from "./harness.ts";

/**
 * Issue 9: every accepted update leaves every touched block schema-valid, for every
 * role, the chair included. Each test writes one kind of schema violation straight into
 * the Y.Doc (mostly as the chair, whom no role rule stops, so only validity can) and
 * expects it refused with a reason, not stored, not relayed, and the document intact.
 */

const SEATS = ["chair", "USA"] as const;
const as = (seat: string) => (seat === "chair" ? "the chair" : "a delegation");
/** The sender's own insertion, as the editor tracks typed text (the chair's edits are tracked too). */
const own = (by: string) => yMark("insertion", change(by));

const lab = useLab();

describe("a block attribute the schema does not allow is refused and erases nothing", () => {
  const blockTypes = ["body_name", "symbol_line", "date_line", "language_line", "title", "status_line", "proposal_marker", "subject", "formula", "group_heading", "paragraph"];
  for (const type of blockTypes) {
    test(`a ${type} whose gap is "x"`, async (t) => {
      await expectRefused(t, lab, "chair", write((doc) => firstOfType(doc, type).setAttribute("gap", "x" as never)), [/gap/]);
    });
  }
  const cases: [string, (doc: Y.Doc) => void, RegExp[]][] = [
    ['a clause whose gap is "x"', (doc) => blockOf(doc, VICTIM).setAttribute("gap", "x" as never), [/gap/]],
    ["a clause whose gap is 10,000,000", (doc) => blockOf(doc, VICTIM).setAttribute("gap", 10_000_000 as never), [/gap/]],
    ["a clause whose gap is -1", (doc) => blockOf(doc, VICTIM).setAttribute("gap", -1 as never), [/gap/]],
    ['a clause whose status is "done"', (doc) => blockOf(doc, VICTIM).setAttribute("status", "done" as never), [/status/]],
    ['a group heading whose part is "x"', (doc) => firstOfType(doc, "group_heading").setAttribute("part", "x" as never), [/part/]],
    ['a clause whose list is "yes"', (doc) => blockOf(doc, VICTIM).setAttribute("list", "yes" as never), [/list/]],
    ['a paragraph whose list is "yes"', (doc) => firstOfType(doc, "paragraph").setAttribute("list", "yes" as never), [/list/]],
    ["a clause whose inserted change has no id", (doc) => blockOf(doc, VICTIM).setAttribute("inserted", { by: "chair", at: null } as never), [/inserted|\bid\b/]],
    ['a clause whose deleted change is "yes"', (doc) => blockOf(doc, VICTIM).setAttribute("deleted", "yes" as never), [/deleted|block change/]],
    ["a clause with an attribute the schema does not have", (doc) => blockOf(doc, VICTIM).setAttribute("onclick", "alert(1)" as never), [/onclick|attribute/]],
    ["a clause group with an attribute (it has none)", (doc) => groupOf(doc, "considering").setAttribute("part", "operative" as never), [/attribute|clause_group|clause group/]],
    ['the document\'s trailing newlines (meta) as "lots"', (doc) => doc.getMap("meta").set("trailing", "lots"), [/trailing/]],
  ];
  for (const [what, edit, reasons] of cases) {
    test(what, async (t) => {
      await expectRefused(t, lab, "chair", write(edit), reasons);
    });
  }
});

describe("a change mark whose attrs fail the schema is refused and erases nothing (hole 1)", () => {
  /** How each mark is written: an insertion on new text, a deletion or bracket over original text. */
  const put = (doc: Y.Doc, name: string, attrs: Record<string, unknown>) => {
    if (name === "insertion") insertAfter(doc, "all the responsibilities", " X", yMark(name, attrs));
    else formatText(doc, "responsibilities", yMark(name, attrs));
  };
  const cases: [string, string, (by: string) => Record<string, unknown>, RegExp[]][] = [
    ["an insertion mark without an id", "insertion", (by) => ({ by, at: new Date().toISOString() }), [/insertion/, /\bid\b/]],
    ["a deletion mark without an id", "deletion", (by) => ({ by, at: new Date().toISOString() }), [/deletion/, /\bid\b/]],
    ["a bracket mark without an id", "bracket", (by) => ({ ...bracketAttrs(by), id: undefined }), [/bracket/, /\bid\b/]],
    ["an insertion whose id is a number", "insertion", (by) => ({ ...change(by), id: 42 }), [/\bid\b/]],
    ["a deletion whose id is a number", "deletion", (by) => ({ ...change(by), id: 42 }), [/\bid\b/]],
    ["an insertion whose at is a number", "insertion", (by) => ({ ...change(by), at: 1764324900000 }), [/\bat\b/]],
    ['an insertion whose at is "yesterday"', "insertion", (by) => ({ ...change(by), at: "yesterday" }), [/\bat\b/]],
    ["a bracket whose note is a number", "bracket", (by) => bracketAttrs(by, 42), [/note/]],
    ["an insertion whose by is not an author code", "insertion", () => ({ ...change("x"), by: "<b>USA</b>" }), [/\bby\b|writing as|author/]],
  ];
  for (const seat of SEATS) {
    for (const [what, name, attrs, reasons] of cases) {
      test(`${what}, from ${as(seat)}`, async (t) => {
        await expectRefused(t, lab, seat, write((doc) => put(doc, name, JSON.parse(JSON.stringify(attrs(seat))))), reasons);
      });
    }
  }
});

describe("marks the schema does not know, or stored under the wrong Yjs key, are refused", () => {
  for (const seat of SEATS) {
    test(`an unknown mark name ("comment") on new text, from ${as(seat)}`, async (t) => {
      await expectRefused(t, lab, seat, write((doc) => insertAfter(doc, "all the responsibilities", " X", { ...own(seat), comment: { text: "hidden" } })), [/comment/]);
    });

    test(`a mark stored under a formatting key that does not match its value, from ${as(seat)}`, async (t) => {
      const mark = change(seat);
      const wrongKey = yMarkKey("insertion", { ...mark, id: "someone-else" });
      await expectRefused(t, lab, seat, write((doc) => insertAfter(doc, "all the responsibilities", " X", { [wrongKey]: mark })), [/key|hash|match|encod/i]);
    });
  }

  test("a strong mark with attributes (strong has none)", async (t) => {
    await expectRefused(t, lab, "chair", write((doc) => insertAfter(doc, "all the responsibilities", " X", { ...own("chair"), strong: { colour: "red" } })), [/strong/]);
  });
});

describe("structure the schema does not allow is refused and erases nothing", () => {
  const afterVictim = (doc: Y.Doc, element: Y.XmlElement | Y.XmlText) => {
    const group = groupOf(doc, "considering");
    group.insert(indexIn(group, blockOf(doc, VICTIM)) + 1, [element]);
  };
  const body = (doc: Y.Doc) => doc.getXmlFragment("body");

  test('an element with an unknown name ("script") as a block in a clause group', async (t) => {
    await expectRefused(t, lab, "chair", write((doc) => afterVictim(doc, newBlock("script", { gap: 1 }, "alert(1)", own("chair")))), [/script/]);
  });

  test('an element with an unknown name ("image") inline in a clause', async (t) => {
    await expectRefused(t, lab, "chair", write((doc) => blockOf(doc, VICTIM).insert(1, [new Y.XmlElement("image")])), [/image/]);
  });

  test("a delegation's proposed block with an unknown element name", async (t) => {
    await expectRefused(t, lab, "USA", write((doc) => afterVictim(doc, newBlock("script", { gap: 1, inserted: change("USA") }, "alert(1)", own("USA")))), [/script/]);
  });

  test("a text node directly in a clause group", async (t) => {
    await expectRefused(t, lab, "chair", write((doc) => afterVictim(doc, new Y.XmlText("stray text"))), [/text/]);
  });

  test("a text node directly in the body", async (t) => {
    await expectRefused(t, lab, "chair", write((doc) => body(doc).insert(3, [new Y.XmlText("stray text")])), [/text/]);
  });

  test("a clause outside a clause group (directly in the body)", async (t) => {
    await expectRefused(t, lab, "chair", write((doc) => body(doc).push([proposedClause("chair", "z) a clause with no group")])), [/clause/]);
  });

  test("a header block (symbol_line) after the clause groups", async (t) => {
    await expectRefused(t, lab, "chair", write((doc) => body(doc).push([newBlock("symbol_line", { gap: 1 }, "Document DL/99-E", own("chair"))])), [/symbol_line|header/]);
  });

  test("a clause group without its heading", async (t) => {
    const group = () => {
      const element = new Y.XmlElement("clause_group");
      element.insert(0, [proposedClause("chair", "a) a headless clause")]);
      return element;
    };
    await expectRefused(t, lab, "chair", write((doc) => body(doc).push([group()])), [/heading|group/]);
  });

  for (const seat of SEATS) {
    test(`a line break with content (text inside the subject's line break), from ${as(seat)}`, async (t) => {
      await expectRefused(t, lab, seat, write((doc) => {
        const lineBreak = firstOfType(doc, "line_break");
        lineBreak.insert(0, [new Y.XmlText("hidden")]);
      }), [/line.?break/]);
    });

    test(`a line break with attributes, from ${as(seat)}`, async (t) => {
      await expectRefused(t, lab, seat, write((doc) => firstOfType(doc, "line_break").setAttribute("gap", 3 as never)), [/line.?break/]);
    });

    test(`a Y.XmlText with attributes (clause d)'s text), from ${as(seat)}`, async (t) => {
      await expectRefused(t, lab, seat, write((doc) => locate(doc, VICTIM).text.setAttribute("hidden", "payload")), [/attribute/]);
    });

    test(`a huge attr value (a 1 MB bracket note), from ${as(seat)}`, async (t) => {
      await expectRefused(t, lab, seat, write((doc) => formatText(doc, "responsibilities", yMark("bracket", bracketAttrs(seat, "n".repeat(1_000_000))))), [
        /too (long|large|big)|exceed|limit|at most|size|bytes|characters/i,
      ]);
    });

    test(`content with a NUL character, from ${as(seat)}`, async (t) => {
      await expectRefused(t, lab, seat, write((doc) => insertAfter(doc, "all the responsibilities", " a\u0000b", own(seat))), [/control|NUL|character/i]);
    });
  }

  test("content with a control character (BEL)", async (t) => {
    await expectRefused(t, lab, "chair", write((doc) => insertAfter(doc, "all the responsibilities", " a\u0007b", own("chair"))), [/control|character/i]);
  });
});

describe("footnotes (issue 13): a footnote is a block like a paragraph, a reference is formatting", () => {
  const afterVictim = (doc: Y.Doc, element: Y.XmlElement) => {
    const group = groupOf(doc, "considering");
    group.insert(indexIn(group, blockOf(doc, VICTIM)) + 1, [element]);
  };

  test('a footnote whose label is "<b>1</b>"', async (t) => {
    await expectRefused(t, lab, "chair", write((doc) => afterVictim(doc, newBlock("footnote", { gap: 1, label: "<b>1</b>" }, "A note.", own("chair")))), [/label/]);
  });

  test("a footnote with an attribute a footnote does not have (status)", async (t) => {
    await expectRefused(t, lab, "chair", write((doc) => afterVictim(doc, newBlock("footnote", { gap: 1, label: "1", status: "agreed" }, "A note.", own("chair")))), [/status|attribute/]);
  });

  test("a footnote reference with attributes (note_ref has none)", async (t) => {
    await expectRefused(t, lab, "chair", write((doc) => insertAfter(doc, "all the responsibilities", "1", { ...own("chair"), note_ref: { label: "1" } })), [/note_ref/]);
  });

  test("a delegation making existing words a footnote reference: formatting is the chair's", async (t) => {
    await expectRefused(t, lab, "USA", write((doc) => formatText(doc, "responsibilities", { note_ref: {} })), [/formatting/]);
  });

  test("a delegation's proposed footnote is accepted, relayed, and exported as '[^9]: ...' attributed to it", async () => {
    const scene = await Scene.open(lab);
    try {
      const witness = await scene.connect(WITNESS);
      const usa = await scene.connect("USA");
      const inserted = change("USA");
      usa.doc.transact(() => afterVictim(usa.doc, newBlock("footnote", { gap: 1, label: "9", inserted, deleted: null }, "Including the regional offices.", yMark("insertion", inserted))));
      await usa.roundTrip();
      assert.deepEqual(usa.refusals, []);
      await witness.roundTrip();
      assert.match(witness.doc.getXmlFragment("body").toString(), /<footnote [^>]*label="9"[^>]*>.*Including the regional offices/, "relayed to the witness");
      const exported = await scene.exportText();
      // The attributed export: the block's annotation, then the footnote's label, then its words as USA's insertion.
      assert.match(exported, /\n\{\+USA [^}]*\}\[\^9\]: <ins>Including the regional offices\.<\/ins>\{USA /);
    } finally {
      await scene.close();
    }
  });
});

describe("pipe tables (issue 13): a row is a block like a paragraph", () => {
  test("a table row with a status (a row has none)", async (t) => {
    await expectRefused(t, lab, "chair", write((doc) => {
      const group = groupOf(doc, "considering");
      group.insert(indexIn(group, blockOf(doc, VICTIM)) + 1, [newBlock("table_row", { gap: 1, status: "agreed" }, "| a | b |", own("chair"))]);
    }), [/status|attribute/]);
  });

  test("a delegation's proposed row is accepted and exported as its line of the table", async () => {
    const scene = await Scene.open(lab);
    try {
      const usa = await scene.connect("USA");
      const inserted = change("USA");
      usa.doc.transact(() => {
        const group = groupOf(usa.doc, "considering");
        group.insert(indexIn(group, blockOf(usa.doc, VICTIM)) + 1, [newBlock("table_row", { gap: 1, inserted, deleted: null }, "| Goal | Target |", yMark("insertion", inserted))]);
      });
      await usa.roundTrip();
      assert.deepEqual(usa.refusals, []);
      assert.match(await scene.exportText(), /\n\{\+USA [^}]*\}<ins>\| Goal \| Target \|<\/ins>\{USA /);
    } finally {
      await scene.close();
    }
  });
});

describe("a compilation's later texts (issue 13): after the clause groups only a proposal marker opens one", () => {
  const body = (doc: Y.Doc) => doc.getXmlFragment("body");

  test("a delegation's proposal marker after the clause groups: header lines are the chair's", async (t) => {
    const inserted = change("USA");
    await expectRefused(t, lab, "USA", write((doc) => body(doc).push([newBlock("proposal_marker", { gap: 1, inserted, deleted: null }, "ADD USA/1/1", yMark("insertion", inserted))])), [/header line|proposal_marker/]);
  });

  test("a title after the clause groups with no proposal marker before it", async (t) => {
    await expectRefused(t, lab, "chair", write((doc) => body(doc).push([newBlock("title", { gap: 1 }, "RESOLUTION 999", own("chair"))])), [/proposal marker/]);
  });

  test("the chair opens another text with its marker and title: accepted, and the export reads it back as a second text", async () => {
    const scene = await Scene.open(lab);
    try {
      const chair = await scene.connect("chair");
      chair.doc.transact(() => body(chair.doc).push([newBlock("proposal_marker", { gap: 1 }, "NOC WGPL/23/2", own("chair")), newBlock("title", { gap: 1 }, "RESOLUTION 139 (REV. BUSAN, 2014)", own("chair"))]));
      await chair.roundTrip();
      assert.deepEqual(chair.refusals, []);
      const exported = await scene.exportText();
      assert.match(exported, /\n\n<ins>NOC WGPL\/23\/2<\/ins>\{chair [^}]*\}\n\n<ins>RESOLUTION 139 \(REV\. BUSAN, 2014\)<\/ins>/);
      const back = parse(exported);
      assert.equal(back.report.counts.texts, 2);
      assert.equal(back.doc.lastChild!.type.name, "title", "the new text stands after the clause groups");
    } finally {
      await scene.close();
    }
  });
});
