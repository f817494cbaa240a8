/** Attributes for {@link h}: strings set attributes, functions starting with "on" become listeners. */
export type Attrs = Record<string, string | boolean | number | null | undefined | ((event: Event) => void)>;

/** A child for {@link h}: a node, text, or nothing. */
export type Child = Node | string | null | undefined | false;

/**
 * Creates an element with attributes and children: the pages build their DOM with this
 * instead of innerHTML, so text from the server (names, titles) is never parsed as markup.
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (typeof value === "function") {
      element.addEventListener(name.slice(2).toLowerCase(), value);
    } else if (value === true) {
      element.setAttribute(name, "");
    } else if (value !== false && value !== null && value !== undefined) {
      element.setAttribute(name, String(value));
    }
  }
  element.append(...children.filter((child): child is Node | string => child !== null && child !== undefined && child !== false));
  return element;
}

/** Finds a required element of the page shell by id; a missing one is a build error, so it throws. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`page shell has no element #${id}`);
  return element as T;
}
