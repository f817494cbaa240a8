import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * A PDF as a reader's software sees it: Debian's poppler-utils (`pdfinfo`, `pdftotext`)
 * give its page count and size and its text in reading order. Throws with a clear message
 * where they are not installed (.ci/run installs poppler-utils).
 */
export function pdfText(pdf: Uint8Array): { pages: number; info: string; text: string; pageTwo: string } {
  for (const tool of ["pdfinfo", "pdftotext"]) {
    if (!existsSync(`/usr/bin/${tool}`)) throw new Error(`${tool} is not installed: these tests read the PDF with it. Install it with \`apt-get install -y poppler-utils\` (.ci/run does).`);
  }
  const dir = mkdtempSync(join(tmpdir(), "plenary-pdf-"));
  try {
    const file = join(dir, "in.pdf");
    writeFileSync(file, pdf);
    const info = execFileSync("pdfinfo", [file], { encoding: "utf8" });
    const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1] ?? 0);
    const text = execFileSync("pdftotext", [file, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
    const pageTwo = execFileSync("pdftotext", ["-f", "2", "-l", "2", file, "-"], { encoding: "utf8" });
    return { pages, info, text, pageTwo };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
