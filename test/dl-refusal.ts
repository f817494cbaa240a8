import assert from "node:assert/strict";
import { DLInputError } from "../shared/dl/input.ts";

/** Runs `f` and returns the DLInputError it refused with; fails the test if it did not refuse. */
export function refusal(f: () => unknown): DLInputError {
  try {
    f();
  } catch (error) {
    assert.ok(error instanceof DLInputError, `expected a DLInputError, got ${error}`);
    return error;
  }
  assert.fail("expected a refusal");
}
