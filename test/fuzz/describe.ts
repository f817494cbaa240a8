import * as Y from "yjs";

/**
 * What a Yjs update does, in a line: the text it inserts, the formatting it sets or
 * clears (y-prosemirror writes marks as formatting attributes, `insertion--<hash>`
 * per id), the block attrs and elements it adds, and how many items it deletes.
 */
export function describeUpdate(update: Uint8Array): string {
  const { structs, ds } = Y.decodeUpdate(update);
  const texts: string[] = [];
  const formats: string[] = [];
  const attrs: string[] = [];
  const elements: string[] = [];
  let other = 0;
  for (const struct of structs) {
    if (!(struct instanceof Y.Item)) continue;
    const content = struct.content as unknown as Record<string, unknown> & { constructor: { name: string } };
    if (content instanceof Y.ContentString) texts.push(content.str);
    else if (content instanceof Y.ContentFormat) formats.push(`${content.key}${content.value === null ? " off" : `=${short(content.value)}`}`);
    else if (content instanceof Y.ContentType) {
      const type = content.type as Y.AbstractType<unknown>;
      elements.push(type instanceof Y.XmlElement ? `<${type.nodeName}>` : type instanceof Y.XmlText ? "<text>" : type.constructor.name);
    } else if (content instanceof Y.ContentAny && struct.parentSub) attrs.push(`${struct.parentSub}=${short((content as Y.ContentAny).arr[0])}`);
    else if (content instanceof Y.ContentAny) attrs.push(`[${short((content as Y.ContentAny).arr)}]`);
    else other += 1;
  }
  let deleted = 0;
  for (const items of ds.clients.values()) for (const item of items) deleted += item.len;
  const parts: string[] = [];
  if (texts.length) parts.push(`inserts ${JSON.stringify(cut(texts.join(""), 60))}`);
  if (elements.length) parts.push(`adds ${elements.join(" ")}`);
  if (attrs.length) parts.push(`sets ${attrs.join(", ")}`);
  if (formats.length) parts.push(`formats ${cut(formats.join(", "), 300)}`);
  if (other) parts.push(`${other} other items`);
  if (deleted) parts.push(`deletes ${deleted} (incl. already deleted)`);
  return parts.join("; ") || "empty";
}

function short(value: unknown): string {
  return cut(JSON.stringify(value) ?? String(value), 80);
}

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
