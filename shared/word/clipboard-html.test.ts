import { test } from "node:test";
import assert from "node:assert/strict";
import { isWordHtml, pastedDL, readWordClipboard } from "./clipboard-html.ts";

// Word's clipboard HTML as Word writes it: Mso classes, msoIns/msoDel spans around <ins>/<del>
// with the author in cite="mailto:..." and a zone-less datetime, <o:p>, conditional comments.
const WORD = `<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word"><head><style><!-- p.MsoNormal {mso-style-parent:""} --></style></head>
<body lang=EN-GB><!--StartFragment--><p class=MsoNormal style='mso-list:l0 level1 lfo1'><![if !supportLists]><span style='mso-list:Ignore'>1<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp; </span></span><![endif]>to promote [<span class=msoIns><ins
cite="mailto:Jane%20Smith" datetime="2026-11-28T10:15">universal </ins></span>affordable] access <span class=msoDel><del cite="mailto:Pierre%20Martin" datetime="2026-11-28T11:20">where
possible</del></span>&amp; more;<o:p></o:p></p>
<p class=MsoNormal><o:p>&nbsp;</o:p></p>
<p class=MsoNormal>2 to report ~soon~<o:p></o:p></p><!--EndFragment--></body></html>`;

test("Word's clipboard HTML is told from other HTML", () => {
  assert.equal(isWordHtml(WORD), true);
  assert.equal(isWordHtml('<p>plain <ins data-id="i1">text</ins></p>'), false);
});

test("runs keep Word's insertions and deletions with their authors and times; styles, comments and empty paragraphs are left out", () => {
  const paragraphs = readWordClipboard(WORD);
  assert.equal(paragraphs.length, 2);
  assert.deepEqual(
    paragraphs[0]!.map((r) => [r.text, r.ins?.author ?? null, r.ins?.at ?? null, r.del?.author ?? null]),
    [
      ["1\u00a0\u00a0 to promote [", null, null, null],
      ["universal ", "Jane Smith", "2026-11-28T10:15:00.000Z", null],
      ["affordable] access ", null, null, null],
      ["where possible", null, null, "Pierre Martin"],
      ["& more;", null, null, null],
    ],
  );
});

test("the pasted DL text leaves Word's deleted words out, keeps brackets as brackets and escapes other signs", () => {
  assert.equal(pastedDL(readWordClipboard(WORD)), "1   to promote [universal affordable] access & more;\n2 to report \\~soon\\~");
});

test("the secretariat's paste writes a mapped author's insertion as that delegation's, one id per Word revision; others stay plain", () => {
  const codeOf = (author: string) => (author === "Jane Smith" ? "USA" : null);
  assert.equal(
    pastedDL(readWordClipboard(WORD), codeOf),
    "1   to promote [<ins>universal </ins>{USA 2026-11-28T10:15:00.000Z #word-paste-1}affordable] access & more;\n2 to report \\~soon\\~",
  );
  assert.equal(pastedDL(readWordClipboard(WORD), () => null), pastedDL(readWordClipboard(WORD)), "no mapping: as before");
});
