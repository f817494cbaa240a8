import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { strings } from "../client/ui-text/index.ts";

/**
 * The interface's words live in client/ui-text (imported as `strings`): these tests check its
 * shape, and that no client module writes interface words of its own again.
 */

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Every leaf of the strings tree with its path ("changes.count"). */
function leaves(node: unknown, path: string[] = []): { path: string; value: unknown }[] {
  if (typeof node === "string" || typeof node === "function") return [{ path: path.join("."), value: node }];
  if (node && typeof node === "object") return Object.entries(node).flatMap(([key, value]) => leaves(value, [...path, key]));
  return [{ path: path.join("."), value: node }];
}

/** A string an interface should never show: empty, or a value that went wrong. */
function problemOf(text: unknown): string | null {
  if (typeof text !== "string") return `is ${typeof text}, not a string`;
  if (text.trim() === "") return "is empty";
  if (/undefined|NaN|\[object|null/.test(text)) return `reads ${JSON.stringify(text)}`;
  return null;
}

test("every plain string of the interface is a non-empty string", () => {
  const plain = leaves(strings).filter((leaf) => typeof leaf.value !== "function");
  assert.ok(plain.length > 200, `only ${plain.length} strings`);
  const bad = plain.map((leaf) => [leaf.path, problemOf(leaf.value)] as const).filter(([, problem]) => problem);
  assert.deepEqual(bad, []);
});

test("every string built from values gives a non-empty string for sample values", () => {
  const functions = leaves(strings).filter((leaf) => typeof leaf.value === "function");
  assert.ok(functions.length > 80, `only ${functions.length} functions`);
  const bad: string[] = [];
  // The same sample for every parameter: a number reads as a count, a text, a code, a time.
  for (const { path, value } of functions) {
    const fn = value as (...args: unknown[]) => unknown;
    // A sample of the wrong type for a parameter may throw (a number has no charAt): that is
    // no fault of the string, but at least one sample must go through.
    let called = 0;
    for (const sample of [0, 1, 2, "USA", true, false]) {
      const args = Array.from({ length: Math.max(fn.length, 1) }, () => sample);
      let text: unknown;
      try {
        text = fn(...args);
      } catch {
        continue;
      }
      called++;
      const problem = problemOf(text);
      // " — 2 unsent changes" is added to the status line, and nothing when nothing waits.
      if (problem && !(path === "connection.unsent" && sample === 0)) bad.push(`${path}(${JSON.stringify(sample)}) ${problem}`);
    }
    if (called === 0) bad.push(`${path} throws for every sample`);
  }
  assert.deepEqual(bad, []);
});

test("counts say one for exactly one and many otherwise", () => {
  assert.equal(strings.changes.count(0), "0 changes in the draft");
  assert.equal(strings.changes.count(1), "1 change in the draft");
  assert.equal(strings.changes.count(2), "2 changes in the draft");
  assert.equal(strings.changes.shown(1, 1), "1 of 1 change shown");
  assert.equal(strings.changes.shown(2, 5), "2 of 5 changes shown");
  assert.equal(strings.changes.countButton("USA", 1, false), "USA: 1 change (press to show only these)");
  assert.equal(strings.changes.countButton("USA", 2, true), "USA: 2 changes (showing only these; press to show all)");
  assert.equal(strings.connection.unsent(0), "");
  assert.equal(strings.connection.unsent(1), " — 1 unsent change");
  assert.equal(strings.connection.unsent(2), " — 2 unsent changes");
  assert.equal(strings.session.since(0, 0), "no change");
  assert.equal(strings.session.since(1, 0), "1 proposal and 0 decisions");
  assert.equal(strings.session.since(2, 1), "2 proposals and 1 decision");
  assert.equal(strings.chair.bulkLabel("Accept", 0, "all changes"), "Accept 0 changes: all changes");
  assert.equal(strings.chair.bulkLabel("Accept", 1, "all changes"), "Accept 1 change: all changes");
  assert.equal(strings.chair.bulkLabel("Reject", 2, "the selection"), "Reject 2 changes: the selection");
  assert.equal(strings.chair.statusWithOpen("resolves 1", "agreed", 1), "Resolves 1 is agreed, with 1 proposed change still open in it. Ctrl+Z undoes.");
  assert.equal(strings.chair.statusWithOpen("resolves 1", "agreed", 2), "Resolves 1 is agreed, with 2 proposed changes still open in it. Ctrl+Z undoes.");
  assert.equal(strings.importSummary.unpaired(1), "1 sign could not be paired and was kept as typed:");
  assert.equal(strings.importSummary.unpaired(2), "2 signs could not be paired and were kept as typed:");
  assert.equal(strings.importSummary.read(0, 1, 2, 1, 0), "0 clause groups, 1 clause, 2 proposed insertions, 1 proposed deletion, 0 brackets.");
});

test("strings built from values read as the interface always said them", () => {
  assert.equal(strings.refusal.noticed("a delegation may not accept a change"), "Your change was refused: a delegation may not accept a change. The draft has been reloaded from the server.");
  assert.equal(strings.chair.target("USA", "insertion"), "USA's insertion");
  assert.equal(strings.chair.target("chair", "deletion"), "the chair's deletion");
  assert.equal(strings.chair.target("import", "bracket"), "the imported bracket");
  assert.equal(strings.bracket.done("", "USA"), "Bracketed, as USA.");
  assert.equal(strings.bracket.done("pending COM5", "USA"), "Bracketed (note: pending COM5), as USA.");
  assert.equal(strings.compare.title(2, "live"), "Rev.2 compared with the live text");
  assert.equal(strings.compare.title(1, 2), "Rev.1 compared with Rev.2");
  assert.equal(strings.revisions.liveState(3, true, "2 proposals and 0 decisions"), "The live draft continues from Rev.3 (as imported): 2 proposals and 0 decisions since.");
  assert.equal(strings.newSession.where(3), "line 3");
  assert.equal(strings.newSession.where(3, 7), "line 3, column 7");
});

// ---------------------------------------------------------------------------------------------
// Leftovers: interface words written in a client module instead of client/ui-text.

/** Client files that do not take their words from client/ui-text, and why. */
const NOT_SCANNED = [
  "client/ui-text/", // the strings themselves
  "client/build.ts", // the build script's console output, not the interface
  // Being edited by the Word-paste work at the time of the move: moved in a later step.
  "client/clipboard.ts",
];

/** Each pattern finds words of the interface in one kind of place. */
const LEFTOVER_PATTERNS: { name: string; pattern: RegExp }[] = [
  { name: "text of an element made by h()", pattern: /\bh\("[a-z0-9]+",\s*\{[^{}]*\},\s*(["'`])(?:(?!\1).)*[A-Za-z]{2}/ },
  { name: "words assigned to what the page shows", pattern: /\.(?:textContent|innerText|title|placeholder)\s*=[^;=]*?(["'`])(?:(?!\1).)*[A-Za-z]{2}/ },
  { name: "words in a shown attribute", pattern: /(?:\btitle|\bplaceholder|"aria-label"|"aria-description"|\balt):\s*(["'`])(?:(?!\1).)*[A-Za-z]{2}/ },
  { name: "words set as a shown attribute", pattern: /setAttribute\("(?:aria-label|aria-description|title|placeholder|alt)",\s*(["'`])(?:(?!\1).)*[A-Za-z]{2}/ },
  { name: "words given to a notice", pattern: /\b(?:notify|say|showError|showPageError|refusal|refused)\(\s*(["'`])(?:(?!\1).)*[A-Za-z]{2}/ },
  { name: "words appended to an element", pattern: /\.(?:append|prepend|replaceChildren)\(\s*(["'`])(?:(?!\1).)*[A-Za-z]{2}/ },
  { name: "a label returned", pattern: /\breturn\s+(["'`])\s?[A-Z][a-z]/ },
  { name: "a label chosen", pattern: /\s[?:]\s+(["'`])\s?[A-Z][a-z]+(?:(?!\1).)*\1/ },
  { name: "a sentence", pattern: /(["'`])(?:(?!\1).)*\b(?:[A-Z][a-z]+|[a-z]+) [a-z]+'?[a-z]* [a-z]+ [a-z]+(?:(?!\1).)*\1/ },
  { name: "words in page markup", pattern: /<[a-z][a-z0-9]*(?:\s[^<>]*)?>[^<>]*[A-Za-z]{2}[^<>]*<\/[a-z]/ },
  { name: "words in a page attribute", pattern: /\s(?:aria-label|placeholder|title|alt)="[^"]*[A-Za-z]/ },
];

/** Values that look like words but are not the interface's: key names for aria-keyshortcuts. */
const NOT_WORDS = /"(?:Control|Alt|Shift|Meta)\+[^"]*"/g;

/** A string literal, from its opening quote to the same closing one. */
const LITERAL = /(["'`])(?:\\.|(?!\1)[^\\])*\1/g;

function clientFiles(dir = join(root, "client")): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return clientFiles(path);
    return path.endsWith(".ts") && !path.endsWith(".test.ts") ? [path] : [];
  });
}

/** The interface words a client module's source writes itself, as "file:line: what: text". */
export function leftovers(file: string, source: string): string[] {
  const found: string[] = [];
  source.split("\n").forEach((raw, index) => {
    const trimmed = raw.trim();
    // Comments, and errors thrown for misuse (for developers, not the room).
    if (trimmed.startsWith("//") || trimmed.startsWith("*") || trimmed.startsWith("/*") || /\bthrow new\b/.test(trimmed)) return;
    // What is interpolated is a value, not words: "${strings.x}" and "${text(words.y)}" read as "".
    let line = raw;
    for (let before = ""; before !== line; ) (before = line), (line = line.replace(/\$\{[^{}]*\}/g, ""));
    // Literals without words ("", " ", "[", "—") are not interface text: out of the way, so the
    // patterns below meet only literals with words, paired from the start of the line.
    line = line.replace(NOT_WORDS, "0").replace(LITERAL, (literal) => (/[A-Za-z]{2}/.test(literal) ? literal : "0"));
    for (const { name, pattern } of LEFTOVER_PATTERNS) {
      const match = pattern.exec(line);
      if (match) found.push(`${file}:${index + 1}: ${name}: ${match[0].trim().slice(0, 100)}`);
    }
    // In a call to h(), a literal that starts with a capitalised word is a label or a sentence.
    if (/\bh\(/.test(line)) {
      for (const literal of line.match(LITERAL) ?? []) {
        if (/^.\s?[A-Z][a-z]+/.test(literal)) found.push(`${file}:${index + 1}: capitalised words in a call to h(): ${literal.slice(0, 100)}`);
      }
    }
  });
  return found;
}

test("no client module writes interface words of its own (they are in client/ui-text)", () => {
  const files = clientFiles().map((path) => relative(root, path).split("\\").join("/"));
  const scanned = files.filter((file) => !NOT_SCANNED.some((skip) => (skip.endsWith("/") ? file.startsWith(skip) : file === skip)));
  assert.ok(scanned.length > 60, `only ${scanned.length} client files scanned`);
  const found = scanned.flatMap((file) => leftovers(file, readFileSync(join(root, file), "utf8")));
  assert.deepEqual(found, [], `interface words outside client/ui-text:\n${found.join("\n")}`);
});

test("the leftover scan finds interface words where a module writes them", () => {
  const samples = [
    'const b = h("button", { type: "button", class: "button" }, "Reopen");',
    'label.textContent = on ? "Unpin projector" : "Pin projector here";',
    'const box = h("div", { "aria-label": "Side panel" });',
    'button.setAttribute("aria-label", `Copy link for ${label}`);',
    'room.notify("Select some text first.", "info");',
    'list.append("Nobody is waiting.");',
    'return "your link is no longer valid. Ask the secretariat for a new one.";',
    '<h2>Participants and join links</h2>',
    '<ul id="presence" aria-label="Also connected"></ul>',
    'h("span", {}, strings.chair.scopes.of, author, " Track my edits ")',
  ];
  for (const sample of samples) assert.equal(leftovers("sample.ts", sample).length > 0, true, sample);
  const data = [
    'h("button", { type: "button", class: "button small", "data-action": "reopen", "aria-keyshortcuts": "Control+[" }, strings.chair.reopen)',
    'room.notify(strings.chair.selectFirst, "info");',
    'element.dataset.kind = kind;',
    'if (event.key === "Escape") return;',
    '<a class="skip-link" href="#main">${text(words.skipToContent)}</a>',
  ];
  for (const sample of data) assert.deepEqual(leftovers("sample.ts", sample), [], sample);
});
