import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { test } from "node:test";
import { promisify } from "node:util";
import { Store } from "../store.ts";
import { PLENARY, tempDataDir } from "../test-support.ts";

const FIXTURE = fileURLToPath(new URL("../../test/fixtures/dl-23-rev2.txt", import.meta.url));

/** Runs `plenary session create` with `--delegations list`; resolves with its exit code and output. */
async function createWith(list: string, dataDir: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const args = [PLENARY, "session", "create", "--title", "Roster", "--from", FIXTURE, "--delegations", list, "--data", dataDir, "--json"];
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, args, { timeout: 20_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

test("session create refuses reserved, malformed and repeated delegation codes with exit 2, naming the code", async () => {
  const temp = tempDataDir();
  try {
    const refusals: [string, RegExp][] = [
      ["USA:United States,chair:The Chair", /error: delegation code "chair" is reserved \(chair, secretariat, import are not delegations\)/],
      ["Import:Importers", /delegation code "Import" is reserved/],
      ["SECRETARIAT:Secretariat", /delegation code "SECRETARIAT" is reserved/],
      ["U.S.A.:United States", /delegation code "U\.S\.A\." must be 1 to 32 letters, digits/],
      ["USA:United States,usa:United States again", /delegation code "usa" is listed twice/],
    ];
    for (const [list, message] of refusals) {
      const run = await createWith(list, temp.dir);
      assert.equal(run.code, 2, list);
      assert.match(run.stderr, message);
      assert.equal(run.stdout, "");
    }
    const store = Store.open(temp.dir);
    try {
      assert.equal((store.database().prepare("SELECT COUNT(*) AS n FROM sessions").get() as { n: number }).n, 0, "no session was created");
    } finally {
      store.close();
    }
  } finally {
    temp.remove();
  }
});

test("session create takes a code that starts with a digit (3GPP), as the schema does", async () => {
  const temp = tempDataDir();
  try {
    const run = await createWith("3GPP:3rd Generation Partnership Project,EU-27:European Union", temp.dir);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(Object.keys((JSON.parse(run.stdout) as { links: { delegations: object } }).links.delegations), ["3GPP", "EU-27"]);
  } finally {
    temp.remove();
  }
});
