import { test } from "node:test";
import assert from "node:assert/strict";
import { authorsFor, mayAuthorAs, mayDecide, mayEditClause, mayManageRoster, mayManageSeat, mayPropose, mayTrackOff, seatManagementRefusal } from "./roles.ts";

test("delegations, the secretariat and the chair propose; an observer does not", () => {
  assert.equal(mayPropose("delegation"), true);
  assert.equal(mayPropose("secretariat"), true);
  assert.equal(mayPropose("chair"), true);
  assert.equal(mayPropose("observer"), false);
});

test("only the chair decides and only the chair may turn tracking off", () => {
  for (const role of ["secretariat", "delegation", "observer"] as const) {
    assert.equal(mayDecide(role), false, role);
    assert.equal(mayTrackOff(role), false, role);
  }
  assert.equal(mayDecide("chair"), true);
  assert.equal(mayTrackOff("chair"), true);
});

test("a delegation types as itself, the secretariat as itself or any delegation, the chair as chair", () => {
  const delegations = ["USA", "RUS", "CHN"];
  assert.deepEqual(authorsFor("delegation", "USA", delegations), ["USA"]);
  assert.deepEqual(authorsFor("secretariat", null, delegations), ["secretariat", "USA", "RUS", "CHN"]);
  assert.deepEqual(authorsFor("chair", null, delegations), ["chair"]);
  assert.deepEqual(authorsFor("observer", null, delegations), []);
});

test("a delegation may not write as another delegation; the secretariat may", () => {
  const delegations = ["USA", "RUS"];
  assert.equal(mayAuthorAs("delegation", "USA", delegations, "RUS"), false);
  assert.equal(mayAuthorAs("secretariat", null, delegations, "RUS"), true);
  assert.equal(mayAuthorAs("secretariat", null, delegations, "FRA"), false);
  assert.equal(mayAuthorAs("chair", null, delegations, "USA"), false);
});

test("a delegation without its code is a misuse", () => {
  assert.throws(() => authorsFor("delegation", null, ["USA"]), /delegation code/);
});

test("an agreed clause is locked to all but the chair", () => {
  assert.equal(mayEditClause("delegation", "agreed"), false);
  assert.equal(mayEditClause("secretariat", "agreed"), false);
  assert.equal(mayEditClause("chair", "agreed"), true);
  assert.equal(mayEditClause("delegation", "adref"), true);
  assert.equal(mayEditClause("delegation", "pending"), true);
  assert.equal(mayEditClause("observer", "pending"), false);
});

test("the chair manages every seat but its own; the secretariat every seat below it", () => {
  const seats = ["chair", "secretariat", "delegation", "observer"] as const;
  const managed = (actor: (typeof seats)[number]) => seats.filter((target) => mayManageSeat(actor, target, actor === target));
  assert.deepEqual(managed("chair"), ["secretariat", "delegation", "observer"]);
  assert.deepEqual(managed("secretariat"), ["delegation", "observer"]);
  assert.deepEqual(managed("delegation"), []);
  assert.deepEqual(managed("observer"), []);
  assert.equal(mayManageSeat("delegation", "delegation", false), false, "a delegation manages no one, not even another delegation");
});

test("a refused seat change says why", () => {
  assert.equal(seatManagementRefusal("secretariat", "chair", false), "the secretariat may not revoke or reissue the chair's seat");
  assert.equal(seatManagementRefusal("chair", "chair", true), "the chair may not revoke or reissue its own seat");
  assert.equal(seatManagementRefusal("delegation", "observer", false), "the delegation may not manage the roster");
  assert.equal(seatManagementRefusal("chair", "secretariat", false), null);
  assert.equal(mayManageRoster("chair") && mayManageRoster("secretariat") && !mayManageRoster("delegation") && !mayManageRoster("observer"), true);
});
