/**
 * Who a change is by, as a reader of the exported document sees it: a delegation's
 * name and code ("United States (USA)"), or the chair, the secretariat, or the
 * imported document (text struck before the session began).
 */
const SPECIAL_NAMES: Record<string, string> = { chair: "Chair", secretariat: "Secretariat", import: "Imported" };

/** "United States (USA)" for a known delegation, "Chair" for `chair`, the bare code otherwise. */
export function authorName(by: string, names: Readonly<Record<string, string>>): string {
  const name = names[by];
  if (name && name !== by) return `${name} (${by})`;
  return SPECIAL_NAMES[by] ?? by;
}
