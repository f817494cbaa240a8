import { test } from "node:test";
import assert from "node:assert/strict";
import * as b from "../../test/builders.ts";
import { serialize } from "../dl/serialize.ts";
import { withBreaksInRuns } from "./line-breaks.ts";

test("a line break read from a session joins the run its neighbours share, and only that", () => {
  const read = (...children: Parameters<typeof b.subject>) => serialize(withBreaksInRuns(b.doc(b.subject(...children)))).trim();
  assert.equal(read(b.t("ITU's role in", b.strong()), b.br(), b.t("the Summit", b.strong())), "**ITU's role in\nthe Summit**");
  assert.equal(read(b.t("struck", b.del("USA", "d1")), b.br(), b.t("words", b.del("USA", "d1"))), "~~struck\nwords~~");
  // Different strikes, or bold on one side only: the break stays between them.
  assert.equal(read(b.t("one", b.del("USA", "d1")), b.br(), b.t("two", b.del("RUS", "d2"))), "~~one~~\\\n~~two~~");
  assert.equal(read(b.t("bold", b.strong()), b.br(), "plain"), "**bold**\\\nplain");
});
