import type { GroupPart, HeaderType } from "../schema.ts";
import { DATE_LINE, DOCUMENT_WORDS } from "../language.ts";

/**
 * Recognises what a line of a DL text is, from its plain text (markup removed):
 * a header line, a clause-group heading, a labelled clause or free text.
 */

// In English, French and Spanish: "DRAFT RESOLUTION", "PROJET DE RÉSOLUTION", "PROYECTO DE RESOLUCIÓN";
// "WORK IN PROGRESS", "TRAVAUX EN COURS", "TRABAJO EN CURSO"; "The Plenipotentiary Conference ...,",
// "La Conférence de plénipotentiaires ...,", "La Conferencia de Plenipotenciarios ...,".
const TITLE_WORDS = [
  "RESOLUTION", "DECISION", "RECOMMENDATION", "OPINION", "QUESTION", "DECLARATION",
  "RÉSOLUTION", "DÉCISION", "RECOMMANDATION", "AVIS", "DÉCLARATION",
  "RESOLUCIÓN", "DECISIÓN", "RECOMENDACIÓN", "OPINIÓN", "CUESTIÓN", "DECLARACIÓN",
].join("|");

const HEADER_PATTERNS: readonly [HeaderType, RegExp][] = [
  ["symbol_line", new RegExp(`^(?:${DOCUMENT_WORDS})\\s+\\S+`, "u")],
  ["date_line", DATE_LINE],
  ["language_line", /^Original\s?:\s*\S/],
  ["proposal_marker", /^(ADD|MOD|\(MOD\)|SUP|NOC)(\s+\S.*)?$/],
  ["title", new RegExp(`^(DRAFT\\s+|PROJET\\s+DE\\s+|PROYECTO\\s+DE\\s+)?(NEW\\s+)?(REVISED\\s+)?(NOUVELLE\\s+|NUEVA\\s+)?(${TITLE_WORDS})(?![\\p{L}])`, "u")],
  ["status_line", /^(WORK IN PROGRESS|TRAVAUX EN COURS|TRABAJO EN CURSO|(FIRST|SECOND|THIRD) READING|PROVISIONAL|FINAL|AGREED( AD REFERENDUM)?|NOT AGREED|FOR (APPROVAL|INFORMATION|DISCUSSION|ADOPTION))(?![\p{L}])/u],
  ["formula", /^(?:(?:The|La|Le|El)\s|L')\S.{2,400},$/su],
];

/** Classifies a line of the header area; "paragraph" when it is none of the header kinds. */
export function headerKind(plain: string, allBold: boolean): HeaderType | "paragraph" {
  for (const [kind, pattern] of HEADER_PATTERNS) if (pattern.test(plain)) return kind;
  if (allBold) return "subject";
  // Capitals, no small letter (as /^[^a-z]*[A-Z]{2,}[^a-z]*$/, which backtracks without end on a long line of capitals).
  if (!/\p{Ll}/u.test(plain) && /\p{Lu}{2}/u.test(plain) && /\s/.test(plain.trim())) return "body_name";
  return "paragraph";
}

// Each language's words, as the heading's first word: English, then French and Spanish.
const PREAMBULAR = [
  "recalling", "considering", "noting", "recognizing", "recognising", "taking", "bearing", "underlining",
  "endorsing", "emphasizing", "emphasising", "aware", "convinced", "acknowledging", "welcoming", "observing",
  "reaffirming", "mindful", "concerned", "having", "expressing", "highlighting", "stressing", "affirming",
  "guided", "alarmed", "deeply", "seeking", "desiring", "cognizant", "conscious", "believing", "referring",
  "rappelant", "considérant", "notant", "reconnaissant", "tenant", "ayant", "soulignant", "approuvant",
  "sachant", "consciente", "conscient", "convaincue", "convaincu", "prenant", "réaffirmant", "accueillant",
  "préoccupée", "préoccupé", "guidée", "guidé", "relevant", "constatant", "insistant", "affirmant", "estimant",
  "désireuse", "désireux", "vu", "rappelant", "gardant",
  "recordando", "considerando", "observando", "reconociendo", "teniendo", "subrayando", "destacando",
  "haciendo", "reafirmando", "acogiendo", "tomando", "convencida", "convencido", "preocupada", "preocupado",
  "habiendo", "expresando", "señalando", "advirtiendo", "afirmando", "guiada", "deseando", "reiterando",
  "refrendando", "respaldando", "visto",
];
const OPERATIVE = [
  "resolves", "resolve", "decides", "decide", "instructs", "instruct", "requests", "request", "invites",
  "invite", "encourages", "encourage", "urges", "urge", "calls", "appeals", "recommends", "declares",
  "approves", "adopts", "agrees", "authorizes", "authorises", "charges", "entrusts", "commends", "welcomes",
  "further", "also", "reiterates", "supports", "notes",
  "décide", "charge", "invite", "prie", "demande", "exhorte", "recommande", "approuve", "adopte", "autorise",
  "déclare", "réaffirme", "appuie", "prend", "engage", "confie", "félicite",
  "resuelve", "encarga", "invita", "pide", "solicita", "insta", "recomienda", "alienta", "aprueba", "adopta",
  "autoriza", "declara", "exhorta", "reitera", "encomienda", "apoya", "toma",
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

// The Latin ordinals of a clause inserted between two others ("1bis", "1 ter", "c quinquies)").
const SUFFIX = "bis|ter|quater|quinquies|sexies|septies|octies|novies|decies";
// A clause label as typed, old and new side by side after renumbering: "a)", "c)h)", "if)",
// "ii)", "(a)", "c bis)", "1", "1.", "1bis", "1 bis", "2110"; a numbered section "1.1",
// "1.1.1"; a lettered part "A.".
const LABEL = new RegExp(
  `^(?:(?:\\(?\\p{Ll}{1,4}(?: (?:${SUFFIX}))?\\))+|\\d{1,4}(?: ?(?:${SUFFIX}))?\\.?|\\d{1,3}(?:\\.\\d{1,3}){1,3}\\.?|\\p{Lu}\\.)(?=\\s|$)`,
  "u",
);

/** Length of the clause label at the start of `plain` (0 when there is none). */
export function labelLength(plain: string): number {
  return LABEL.exec(plain)?.[0].length ?? 0;
}
