import assert from "node:assert/strict";
import { test } from "node:test";
import { labelForNewClause } from "./labels.ts";

test("a new clause at the end of a group gets the next label in the group's style", () => {
  assert.equal(labelForNewClause(["1", "2", "3"], []), "4");
  assert.equal(labelForNewClause(["a)", "b)", "c)", "d)"], []), "e)");
  assert.equal(labelForNewClause(["(a)", "(b)"], []), "(c)");
  assert.equal(labelForNewClause(["y)", "z)"], []), "aa)");
  assert.equal(labelForNewClause(["1.", "2."], []), "3.");
});

test("a new clause between two gets the one before it with bis, then ter, as ITU numbers them", () => {
  assert.equal(labelForNewClause(["1"], ["2", "3"]), "1bis");
  assert.equal(labelForNewClause(["1", "1bis"], ["2"]), "1ter");
  assert.equal(labelForNewClause(["a)", "b)"], ["c)"]), "b bis)");
  assert.equal(labelForNewClause(["a)", "b bis)"], ["c)"]), "b ter)");
  assert.equal(labelForNewClause(["1", "1bis"], []), "1ter", "after a bis at the end: the next suffix, not a number already taken");
});

test("no label where the clause before has none it can follow", () => {
  assert.equal(labelForNewClause([], ["1"]), null);
  assert.equal(labelForNewClause(["—"], []), null);
  assert.equal(labelForNewClause(["1decies"], ["2"]), null);
});
