import { test } from "node:test";
import assert from "node:assert/strict";
import { checkRoster, delegationCodeProblem, RosterError } from "./delegation.ts";
import { AUTHOR_CODE } from "./schema.ts";

const refusal = (delegations: { code: string; name: string }[]): RosterError => {
  try {
    checkRoster(delegations);
  } catch (error) {
    assert.ok(error instanceof RosterError);
    return error;
  }
  assert.fail("the roster was accepted");
};

test("a roster takes every author code of the schema: letters, digits first too, '_' and '-', up to 32", () => {
  const codes = ["USA", "3GPP", "EU-27", "G_77", "a", "X".repeat(32)];
  for (const code of codes) assert.ok(AUTHOR_CODE.test(code), code);
  checkRoster(codes.map((code) => ({ code, name: `Delegation ${code}` })));
});

test("a code the schema would refuse as an author is refused, named", () => {
  for (const code of ["", "-EU", "_G77", "U S A", "USA!", "X".repeat(33), "ÉTATS", "USA\n"]) {
    const error = refusal([{ code: "USA", name: "United States" }, { code, name: "Somewhere" }]);
    assert.equal(error.index, 1);
    assert.equal(error.field, "code");
    assert.ok(error.message.includes(JSON.stringify(code)), error.message);
    assert.match(error.message, /letters, digits/);
  }
});

test("chair, secretariat and import, in any case, are not delegations", () => {
  for (const code of ["chair", "Chair", "SECRETARIAT", "import", "Import"]) {
    assert.match(delegationCodeProblem(code)!, new RegExp(`"${code}" is reserved`));
    assert.equal(refusal([{ code, name: "Someone" }]).field, "code");
  }
  assert.equal(delegationCodeProblem("CHAIRS"), null);
});

test("a code listed twice, in any case, is refused at its second listing; a delegation needs a name", () => {
  const twice = refusal([{ code: "KEN", name: "Kenya" }, { code: "USA", name: "United States" }, { code: "ken", name: "Kenya again" }]);
  assert.deepEqual([twice.message, twice.index, twice.field], ['delegation code "ken" is listed twice', 2, "code"]);
  const unnamed = refusal([{ code: "KEN", name: "  " }]);
  assert.deepEqual([unnamed.message, unnamed.index, unnamed.field], ['delegation "KEN" has no name', 0, "name"]);
  assert.equal(refusal([{ code: "KEN", name: "K".repeat(201) }]).field, "name");
});
