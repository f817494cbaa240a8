import { test } from "node:test";
import assert from "node:assert/strict";
import { newId } from "./participants.ts";

test("a session id never starts with a dash, so the command line never takes it for an option", () => {
  for (let i = 0; i < 2000; i++) assert.match(newId(), /^[A-Za-z0-9][A-Za-z0-9_-]*$/);
});
