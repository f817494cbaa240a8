import { test } from "node:test";
import assert from "node:assert/strict";
import { exportFileName } from "./filename.ts";

test("file names come from the symbol and revision", () => {
  assert.equal(exportFileName({ symbol: "DL/23-E", revision: 3 }, "docx"), "DL-23-E-Rev3.docx");
  assert.equal(exportFileName({ symbol: "DL/23-E", revision: 3 }, "docx", "clean"), "DL-23-E-Rev3-clean.docx");
  assert.equal(exportFileName({ symbol: "DL/23-E", revision: 0 }, "html", "attributed"), "DL-23-E-attributed.html");
  assert.equal(exportFileName({ symbol: "DL/23-E", revision: 2 }, "dl"), "DL-23-E-Rev2.txt");
  assert.equal(exportFileName({ symbol: null, revision: null }, "json"), "document.json");
  assert.equal(exportFileName({ symbol: "../x y/..", revision: 1 }, "docx"), "x-y-Rev1.docx");
});
