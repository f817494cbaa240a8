import type { SessionLinks } from "../../shared/protocol.ts";

/** The join links of a session as lines a person can read and copy from a terminal. */
export function formatLinks(links: SessionLinks, names: Record<string, string> = {}): string {
  const rows: [string, string][] = [
    ["Chair", links.chair],
    ["Secretariat", links.secretariat],
    ["Observer", links.observer],
    ...Object.entries(links.delegations).map(([code, link]): [string, string] => [names[code] ? `${code} (${names[code]})` : code, link]),
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, link]) => `  ${label.padEnd(width)}  ${link}`).join("\n");
}
