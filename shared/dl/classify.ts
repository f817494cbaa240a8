import type { GroupPart, HeaderType } from "../schema.ts";

/**
 * Recognises what a line of a DL text is, from its plain text (markup removed):
 * a header line, a clause-group heading, a labelled clause or free text.
 */

const MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December";

const HEADER_PATTERNS: readonly [HeaderType, RegExp][] = [
  ["symbol_line", /^Document\s+\S+/],
  ["date_line", new RegExp(`^(\\d{1,2}\\s+(${MONTHS})\\s+\\d{4}|(${MONTHS})\\s+\\d{1,2},\\s+\\d{4})$`)],
  ["language_line", /^Original:\s*\S/],
  ["proposal_marker", /^(ADD|MOD|\(MOD\)|SUP|NOC)(\s+\S.*)?$/],
  ["title", /^(DRAFT\s+)?(NEW\s+)?(REVISED\s+)?(RESOLUTION|DECISION|RECOMMENDATION|OPINION|QUESTION|DECLARATION)\b/],
  ["status_line", /^(WORK IN PROGRESS|(FIRST|SECOND|THIRD) READING|PROVISIONAL|FINAL|AGREED( AD REFERENDUM)?|NOT AGREED|FOR (APPROVAL|INFORMATION|DISCUSSION|ADOPTION))\b/],
  ["formula", /^The\s.{3,400},$/s],
];

/** Classifies a line of the header area; "paragraph" when it is none of the header kinds. */
export function headerKind(plain: string, allBold: boolean): HeaderType | "paragraph" {
  for (const [kind, pattern] of HEADER_PATTERNS) if (pattern.test(plain)) return kind;
  if (allBold) return "subject";
  // Capitals, no small letter (as /^[^a-z]*[A-Z]{2,}[^a-z]*$/, which backtracks without end on a long line of capitals).
  if (!/[a-z]/.test(plain) && /[A-Z]{2}/.test(plain) && /\s/.test(plain.trim())) return "body_name";
  return "paragraph";
}

const PREAMBULAR = [
  "recalling", "considering", "noting", "recognizing", "recognising", "taking", "bearing", "underlining",
  "endorsing", "emphasizing", "emphasising", "aware", "convinced", "acknowledging", "welcoming", "observing",
  "reaffirming", "mindful", "concerned", "having", "expressing", "highlighting", "stressing", "affirming",
  "guided", "alarmed", "deeply", "seeking", "desiring", "cognizant", "conscious", "believing", "referring",
];
const OPERATIVE = [
  "resolves", "resolve", "decides", "decide", "instructs", "instruct", "requests", "request", "invites",
  "invite", "encourages", "encourage", "urges", "urge", "calls", "appeals", "recommends", "declares",
  "approves", "adopts", "agrees", "authorizes", "authorises", "charges", "entrusts", "commends", "welcomes",
  "further", "also", "reiterates", "supports", "notes",
];
const HEADING_WORD = new RegExp(`^(${[...PREAMBULAR, ...OPERATIVE].join("|")})(?![\\p{L}])`, "iu");

/**
 * Whether a line is a clause-group heading ("recalling", "considering further",
 * "instructs the Secretary-General", "[Encourage/ Instructs the Secretary-General"),
 * and which part of the resolution it opens.
 */
export function headingPart(plain: string): GroupPart | null {
  const text = plain.trim();
  if (!HEADING_WORD.test(text)) return null;
  if (/[;,.:]$/.test(text) || text.split(/\s+/).length > 20) return null;
  const words = text.toLowerCase().match(/\p{L}+/gu) ?? [];
  const first = ((words[0] === "further" || words[0] === "also") && words[1] ? words[1] : words[0]) ?? "";
  return OPERATIVE.includes(first) && first !== "further" && first !== "also" ? "operative" : "preamble";
}

// A clause label as typed, old and new side by side after renumbering:
// "a)", "c)h)", "if)", "ii)", "(a)", "1", "1.", "1bis", "2110".
const LABEL = /^(?:(?:\(?[\p{Ll}]{1,4}\))+|\d{1,4}(?:bis|ter|quater)?\.?)(?=\s|$)/u;

/** Length of the clause label at the start of `plain` (0 when there is none). */
export function labelLength(plain: string): number {
  return LABEL.exec(plain)?.[0].length ?? 0;
}
