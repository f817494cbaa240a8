import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The official Akoma Ntoso 3.0 schema (OASIS, CC-BY 4.0), kept in the repository: see test/standards/akn/README.md. */
export const AKN_SCHEMA = fileURLToPath(new URL("./standards/akn/akomantoso30.xsd", import.meta.url));

/**
 * Validates an Akoma Ntoso file against the official schema with Debian's `xmllint`
 * (libxml2-utils; .ci/run installs it). Returns xmllint's complaints, "" when it validates.
 */
export function aknProblems(xml: string): string {
  if (!existsSync("/usr/bin/xmllint")) throw new Error("xmllint is not installed: these tests validate Akoma Ntoso with it. Install it with `apt-get install -y libxml2-utils` (.ci/run does).");
  const dir = mkdtempSync(join(tmpdir(), "plenary-akn-"));
  try {
    const file = join(dir, "doc.akn.xml");
    writeFileSync(file, xml);
    try {
      execFileSync("xmllint", ["--noout", "--schema", AKN_SCHEMA, file], { encoding: "utf8", stdio: "pipe" });
      return "";
    } catch (error) {
      return String((error as { stderr?: string }).stderr ?? error);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
