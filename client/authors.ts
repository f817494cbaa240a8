import type { Participant } from "./api.ts";
import { safeColour } from "./colour.ts";
import { IMPORTED_COLOUR } from "../shared/colours.ts";
import { strings } from "./ui-text/index.ts";

/**
 * Who an author code (`by` on a change) is, for people: a delegation code names its delegation,
 * "chair" and "secretariat" the seats, "import" the text as it was uploaded (its author not recorded).
 */
export interface AuthorInfo {
  /** The short label on chips: "USA", "Chair", "Imported". */
  label: string;
  /** The full name: "United States", "the chair". */
  name: string;
  /** "#rrggbb". */
  colour: string;
}

/** Looks an author code up in the roster; unknown codes keep their code and get the neutral colour. */
export function authorInfo(roster: readonly Participant[], by: string): AuthorInfo {
  if (by === "import") return { label: strings.authors.importLabel, name: strings.authors.importName, colour: IMPORTED_COLOUR };
  const seat = roster.find((p) => (p.code ? p.code === by : p.role === by));
  if (by === "chair" || by === "secretariat") {
    return { label: by === "chair" ? strings.authors.chair : strings.authors.secretariat, name: by === "chair" ? strings.authors.theChair : strings.authors.theSecretariat, colour: safeColour(seat?.colour) };
  }
  return { label: by, name: seat?.name ?? by, colour: safeColour(seat?.colour) };
}

/** The delegations of the roster (seats with a code), in roster order. */
export function delegationsOf(roster: readonly Participant[]): Participant[] {
  return roster.filter((p) => p.role === "delegation" && p.code);
}

/** A time of day as the room reads it, on the 24-hour clock ("16:15"), or "" for an unknown time. */
export function timeOfDay(at: string | null | undefined): string {
  if (!at) return "";
  let shown = times.get(at);
  if (shown === undefined) {
    const date = new Date(at);
    shown = Number.isNaN(date.getTime()) ? "" : clock().format(date);
    if (times.size > 20_000) times.clear();
    times.set(at, shown);
  }
  return shown;
}

/**
 * Builds the time formatter ahead of need, when the page is idle: building it costs 15–30 ms
 * in Chromium, which would otherwise land on the first keystroke that proposes something.
 */
export function warmClock(): void {
  const build = () => void clock();
  if (typeof requestIdleCallback === "function") requestIdleCallback(build);
  else setTimeout(build, 0);
}

/** One formatter for every time shown, and each time formatted once: thousands of changes are drawn. */
let formatter: Intl.DateTimeFormat | undefined;
const clock = () => (formatter ??= new Intl.DateTimeFormat([], { hour: "2-digit", minute: "2-digit", hourCycle: "h23" }));
const times = new Map<string, string>();
