import type { Role } from "../protocol.ts";

/**
 * Who may bring a delegation's Word file into a live session (its tracked changes become that
 * delegation's proposals): the chair and the secretariat, who hold the pen for the room. The
 * server refuses anyone else; the session page offers the import to these two only.
 */
export function mayImportWordFile(role: Role): boolean {
  return role === "chair" || role === "secretariat";
}
