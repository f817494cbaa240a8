import { closeSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";

/**
 * One process per data directory (issue 9): two servers on one store each believe they
 * hold every update and overwrite each other's snapshots, losing accepted text. The
 * server takes `plenary.lock` in the data directory (its pid inside) and gives it back
 * when it closes; a lock left by a process that is gone (kill -9) is taken over.
 */

/** The lock file's name in the data directory. */
export const LOCK_FILE = "plenary.lock";

/** The data directory is in use by another live process. */
export class DataDirInUse extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(`the data directory ${dataDir} is in use by another Plenary server (pid ${pid}); stop it first, or use another --data`);
    this.name = "DataDirInUse";
  }
}

/** A held lock; `release()` gives it back. */
export interface DataLock {
  release(): void;
}

/** Takes the data directory's lock, or throws DataDirInUse naming the holder's pid. */
export function lockDataDir(dataDir: string): DataLock {
  const path = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, "wx", 0o600);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      let held = true;
      return {
        release() {
          if (!held) return;
          held = false;
          if (holderOf(path) === process.pid) rmSync(path, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = holderOf(path);
      if (holder !== null && holder !== process.pid && isAlive(holder)) throw new DataDirInUse(dataDir, holder);
      // Left by a process that is gone (or by this one, reopened): take it over.
      rmSync(path, { force: true });
    }
  }
  throw new Error(`could not take the lock ${path}`);
}

function holderOf(path: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(path, "utf8").trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
