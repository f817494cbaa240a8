import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { LOCK_FILE } from "./data-lock.ts";
import { PLENARY, exitOf, spawnServe, tempDataDir } from "./test-support.ts";

/** Two servers on one store lose accepted text (issue 9): the second one must not start. */

test("a second plenary serve on the same --data exits 1 naming the first one's pid", async () => {
  const data = tempDataDir();
  const first = await spawnServe(["--port", "0", "--data", data.dir]);
  try {
    const second = spawn(process.execPath, [PLENARY, "serve", "--port", "0", "--data", data.dir], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    second.stderr!.setEncoding("utf8");
    second.stderr!.on("data", (chunk: string) => (stderr += chunk));
    const exit = await exitOf(second);
    assert.equal(exit.code, 1);
    assert.match(stderr, new RegExp(`in use by another Plenary server \\(pid ${first.child.pid}\\)`));
    assert.doesNotMatch(stderr, /at .*\.ts:\d+/, "a message, not a stack trace");
  } finally {
    first.child.kill("SIGTERM");
    await exitOf(first.child);
    assert.equal(existsSync(join(data.dir, LOCK_FILE)), false, "the lock is given back on SIGTERM");
    data.remove();
  }
});

test("a lock left by a process that is gone (kill -9) is taken over", async () => {
  const data = tempDataDir();
  // A pid no process has: above the kernel's pid_max.
  writeFileSync(join(data.dir, LOCK_FILE), "4194305\n");
  const server = await spawnServe(["--port", "0", "--data", data.dir]);
  try {
    const response = await fetch(`${server.url}/`);
    assert.equal(response.status, 200);
  } finally {
    server.child.kill("SIGTERM");
    await exitOf(server.child);
    data.remove();
  }
});
