import { test } from "node:test";
import assert from "node:assert/strict";
import { proposeAuthorMapping } from "./author-proposal.ts";

const ROSTER = [
  { code: "USA", name: "United States" },
  { code: "F", name: "France" },
  { code: "RUS", name: "Russian Federation" },
];

test("an author named by a delegation's code or whole name is proposed as it; a person's name is left to the secretariat", () => {
  assert.deepEqual(proposeAuthorMapping(["USA", "Delegation of France", "Jane Smith (RUS)", "Jane Smith", "F. Martin", "Federation"], ROSTER), {
    USA: "USA",
    "Delegation of France": "F",
    "Jane Smith (RUS)": "RUS",
    "Jane Smith": null,
    "F. Martin": null,
    Federation: null,
  });
});

test("a mapping the secretariat confirmed before is proposed first, if the delegation is on this roster", () => {
  assert.deepEqual(proposeAuthorMapping(["Jane Smith", "Pierre Martin"], ROSTER, { "jane smith": "USA", "Pierre Martin": "KEN" }), { "Jane Smith": "USA", "Pierre Martin": null });
});
