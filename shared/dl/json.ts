import type { Node as PMNode } from "prosemirror-model";
import { schema } from "../schema.ts";
import { DLInputError, positionOf } from "./input.ts";

/**
 * ProseMirror JSON of a DL document, checked against the schema. A refusal says what
 * and where: the JSON syntax error's line and column, or the path of the bad node.
 */
export function docFromJSON(text: string): PMNode {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const match = /position (\d+)/.exec(String((error as Error).message));
    const where = match ? positionOf(text, Number(match[1])) : { line: null, column: null };
    throw new DLInputError(`invalid JSON: ${(error as Error).message.replace(/ in JSON at position \d+.*$/, "")}`, where.line, where.column);
  }
  if (!json || typeof json !== "object" || (json as { type?: unknown }).type !== "doc") {
    throw new DLInputError('not a Plenary document: the top level must be an object with "type": "doc"');
  }
  let doc: PMNode;
  try {
    doc = schema.nodeFromJSON(json);
    doc.check();
  } catch (error) {
    throw new DLInputError(`not a valid Plenary document: ${(error as Error).message}${locate(json)}`);
  }
  return doc;
}

/** Names the first node whose type the schema does not know, as a JSON path. */
function locate(json: unknown, path = "$"): string {
  const node = json as { type?: unknown; content?: unknown[] };
  if (typeof node.type !== "string" || !(node.type in schema.nodes)) return ` (at ${path})`;
  if (Array.isArray(node.content)) {
    for (let i = 0; i < node.content.length; i++) {
      const found = locate(node.content[i], `${path}.content[${i}]`);
      if (found) return found;
    }
  }
  return "";
}
