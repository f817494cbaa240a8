import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The repository's root: the nearest directory above this module whose package.json is
 * Plenary's. The same whether the server runs from its TypeScript (server/) or from the
 * compiled bundle (dist/server/), so files found from the root (the built client, the
 * demo's draft) are found by both.
 */
function findRoot(from: string): string {
  for (let dir = dirname(from); ; dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === "plenary") return dir;
    if (dirname(dir) === dir) throw new Error(`Plenary's package.json not found above ${from}`);
  }
}

export const ROOT = findRoot(fileURLToPath(import.meta.url));
