import { build } from "esbuild";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ROOT } from "./paths.ts";

/**
 * Compiles the server into `dist/server/`: `plenary.mjs` (the whole `plenary` command) and
 * `export-worker.mjs` (the export thread it starts, found next to it), each one ES module
 * with the packages in node_modules left as imports. Run from compiled JavaScript the
 * server starts without tsx's loader (less memory, a faster start); tests and development
 * run the sources through tsx (bin/plenary.js).
 */
export async function buildServer(outDir = join(ROOT, "dist", "server")): Promise<void> {
  await build({
    entryPoints: { plenary: join(ROOT, "server", "cli", "run.ts"), "export-worker": join(ROOT, "server", "export-thread.ts") },
    outdir: outDir,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    sourcemap: true,
    logLevel: "warning",
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildServer();
  console.log(`server built into ${join(ROOT, "dist", "server")}`);
}
