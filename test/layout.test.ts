import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const shared = fileURLToPath(new URL("../shared", import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith(".ts") ? [path] : [];
  });
}

test("shared/ imports neither client/ nor server/, nor Node's own modules", () => {
  const offenders: string[] = [];
  for (const file of files(shared)) {
    if (file.endsWith(".test.ts")) continue;
    for (const [, from] of readFileSync(file, "utf8").matchAll(/from\s+"([^"]+)"/g)) {
      if (/(^|\/)(client|server)\//.test(from) || from.startsWith("node:")) offenders.push(`${file}: ${from}`);
    }
  }
  assert.deepEqual(offenders, []);
});
