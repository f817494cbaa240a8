import { schema } from "../schema.ts";

/**
 * The shared document's layout (README "For other clients"): the draft in the
 * Y.XmlFragment {@link BODY}, and in the Y.Map {@link META} the session's title and the
 * doc attributes y-prosemirror does not sync. Which keys `meta` may hold, and what.
 */

/** The Y.XmlFragment holding the ProseMirror document. */
export const BODY = "body";
/** The Y.Map holding the title and the document attributes y-prosemirror does not sync. */
export const META = "meta";

/** The longest session title. */
export const MAX_TITLE = 300;

/** What is wrong with `value` under `key` in `meta`, or null when it may stand there. */
export function checkMetaValue(key: string, value: unknown): string | null {
  if (key === "title") return typeof value === "string" && value.length <= MAX_TITLE ? null : `the title must be text of at most ${MAX_TITLE} characters`;
  if (key === "eol" || key === "trailing") {
    try {
      schema.topNodeType.create({ [key]: value });
      return null;
    } catch (error) {
      return (error as Error).message;
    }
  }
  return `unknown metadata "${key.slice(0, 40)}"`;
}
