import * as Y from "yjs";

/**
 * Who each change id belongs to, across the whole session: a change (insertion,
 * deletion, bracket, whole-block change) is known by its id everywhere (the changes
 * panel, decisions, exports), so a delegation must not give its own text the id of
 * another's change. Built once when a session loads, then kept up to date with the ids
 * each accepted update brings, so the check never scans the document.
 */
export class ChangeIds {
  private readonly owners = new Map<string, string>();

  /** Every id the body holds, in formatting values and in block attrs. */
  static of(body: Y.XmlFragment): ChangeIds {
    const ids = new ChangeIds();
    const walk = (type: Y.AbstractType<any>) => {
      for (const item of type._map.values()) ids.see(lastValue(item));
      for (let item = type._start; item !== null; item = item.right) {
        const content = item.content;
        if (content instanceof Y.ContentFormat) ids.see(content.value);
        else if (content instanceof Y.ContentType) walk(content.type as Y.AbstractType<any>);
      }
    };
    walk(body);
    return ids;
  }

  /** The author of the change with this id, if the session has one. */
  owner(id: string): string | undefined {
    return this.owners.get(id);
  }

  /** Records the id and author of a change value ({ id, by, ... }); other values are ignored. */
  see(value: unknown): void {
    if (typeof value !== "object" || value === null) return;
    const { id, by } = value as { id?: unknown; by?: unknown };
    if (typeof id === "string" && typeof by === "string" && !this.owners.has(id)) this.owners.set(id, by);
  }
}

function lastValue(item: Y.Item): unknown {
  if (item.deleted) return null;
  const content = item.content.getContent();
  return content[content.length - 1];
}
