import { build } from "esbuild";
import { copyFile, mkdir, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ICON_SVG, PAGE_NAMES, pageHtml } from "./pages.ts";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Where the bundle goes and how. */
export interface BuildOptions {
  /** Output directory, `dist/` at the repository root by default. */
  outDir?: string;
  /** Minify the scripts (on by default). */
  minify?: boolean;
}

/**
 * Bundles the browser client: `dist/<page>.html` shells and `dist/assets/<page>.js` plus
 * `dist/assets/styles.css`. The server serves the shells for /s/:id, /s/:id/manage and /new.
 */
export async function buildClient({ outDir = join(root, "dist"), minify = true }: BuildOptions = {}): Promise<void> {
  const assets = join(outDir, "assets");
  await mkdir(assets, { recursive: true });
  await build({
    entryPoints: Object.fromEntries(PAGE_NAMES.map((name) => [name, join(root, "client", name, "main.ts")])),
    outdir: assets,
    bundle: true,
    format: "esm",
    platform: "browser",
    target: ["es2022", "chrome110", "firefox115", "safari16"],
    sourcemap: true,
    minify,
    logLevel: "warning",
  });
  await copyFile(join(root, "client", "styles.css"), join(assets, "styles.css"));
  await writeFile(join(assets, "icon.svg"), ICON_SVG);
  await Promise.all(PAGE_NAMES.map((name) => writeFile(join(outDir, `${name}.html`), pageHtml(name))));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildClient();
  console.log(`client built into ${join(root, "dist")}`);
}
