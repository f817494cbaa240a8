import type { GroupPart, HeaderType } from "../schema.ts";
import { DATE_LINE, ORIGINAL_LINE } from "../language.ts";
import { SYMBOL_LINE_START } from "../symbol.ts";

/**
 * Recognises what a line of a DL text is, from its plain text (markup removed):
 * a header line, a clause-group heading, a labelled clause or free text.
 */

// In English, French, Spanish and Russian: "DRAFT RESOLUTION", "PROJET DE RÉSOLUTION", "PROYECTO DE RESOLUCIÓN",
// "ПРОЕКТ РЕЗОЛЮЦИИ"; "WORK IN PROGRESS", "TRAVAUX EN COURS", "TRABAJO EN CURSO", "РАБОТА ПРОДОЛЖАЕТСЯ";
// "The Plenipotentiary Conference ...,", "La Conférence de plénipotentiaires ...,", "La Conferencia de
// Plenipotenciarios ...,", "Полномочная конференция ...,". Chinese and Arabic have their own forms below.
const TITLE_WORDS = [
  "RESOLUTION", "DECISION", "RECOMMENDATION", "OPINION", "QUESTION", "DECLARATION",
  "RÉSOLUTION", "DÉCISION", "RECOMMANDATION", "AVIS", "DÉCLARATION",
  "RESOLUCIÓN", "DECISIÓN", "RECOMENDACIÓN", "OPINIÓN", "CUESTIÓN", "DECLARACIÓN",
  "РЕЗОЛЮЦИЯ", "РЕЗОЛЮЦИИ", "РЕШЕНИЕ", "РЕШЕНИЯ", "РЕКОМЕНДАЦИЯ", "РЕКОМЕНДАЦИИ", "МНЕНИЕ", "МНЕНИЯ",
  "ВОПРОС", "ВОПРОСА", "ДЕКЛАРАЦИЯ", "ДЕКЛАРАЦИИ",
].join("|");
// "第140号决议草案", "第140号决议（2014年，釜山，修订版）"; "مشروع القرار 140", "القرار 140 (المراجَع في بوسان، 2014)".
const TITLE_ZH = /^(?:第\s*\d+\s*号)?新?(?:决议|决定|建议|意见|宣言)(?:草案)?(?![\p{L}])/u;
const TITLE_AR = /^(?:مشروع\s+)?(?:ال)?(?:قرار|مقرر|توصية|رأي|إعلان|مسألة)(?:\s+جديد)?(?![\p{L}\p{M}])/u;
const STATUS = [
  "Distr\\.\\s?:\\s?(?:General|Limited|Restricted)",
  "WORK IN PROGRESS", "TRAVAUX EN COURS", "TRABAJO EN CURSO", "(FIRST|SECOND|THIRD) READING", "PROVISIONAL", "FINAL",
  "AGREED( AD REFERENDUM)?", "NOT AGREED", "FOR (APPROVAL|INFORMATION|DISCUSSION|ADOPTION)",
  "РАБОТА ПРОДОЛЖАЕТСЯ", "ТЕКУЩАЯ РАБОТА", "(ПЕРВОЕ|ВТОРОЕ|ТРЕТЬЕ) ЧТЕНИЕ",
  "正在进行的工作", "[一二三]读",
  "أعمال جارية", "عمل جار", "القراءة (الأولى|الثانية|الثالثة)",
].join("|");
// The body that issues the document, in the two scripts without capitals: "全体会议工作组", "第3委员会", "全体会议";
// "الفريق العامل التابع للجلسة العامة", "الجلسة العامة", "اللجنة 3".
const BODY_ZH_AR = /^(?:\S{0,16}(?:工作组|委员会)|全体会议|(?:الفريق العامل|الجلسة العامة|اللجنة)(?![\p{L}\p{M}]).*)$/u;

const HEADER_PATTERNS: readonly [HeaderType, { test(plain: string): boolean }][] = [
  ["symbol_line", SYMBOL_LINE_START],
  ["date_line", DATE_LINE],
  ["language_line", new RegExp(`${ORIGINAL_LINE.source}\\S`, "u")],
  ["proposal_marker", { test: (plain: string) => PROPOSAL_MARKER.test(plain) }],
  ["title", new RegExp(`^(DRAFT\\s+|PROJET\\s+DE\\s+|PROYECTO\\s+DE\\s+|ПРОЕКТ\\s+)?(NEW\\s+)?(REVISED\\s+)?(NOUVELLE\\s+|NUEVA\\s+|НОВОЙ\\s+|НОВОГО\\s+|НОВАЯ\\s+|НОВОЕ\\s+)?(${TITLE_WORDS})(?![\\p{L}])`, "u")],
  // The UN's: "Cuba: draft resolution", "Draft resolution submitted by the Vice-Chair of the Committee".
  ["title", /^(?:\S.{0,400}:\s+)?(?:revised\s+)?draft\s+(?:resolution|decision)(?:\s+submitted\s+by\s.+)?$/iu],
  ["title", TITLE_ZH],
  ["title", TITLE_AR],
  ["status_line", new RegExp(`^(${STATUS})(?![\\p{L}])`, "u")],
  ["formula", /^(?:(?:The|La|Le|El)\s|L'|(?:Полномочная|Всемирная|Региональная)\s)\S.{2,400},$/su],
  // "国际电信联盟全权代表大会（2014年，釜山），"; "إن مؤتمر المندوبين المفوضين ... (بوسان، 2014)،".
  ["formula", /^(?:国际电信联盟\S.{2,400}[，,]|إن\s\S.{2,400}[،,])$/su],
  ["body_name", BODY_ZH_AR],
];

/** Classifies a line of the header area; "paragraph" when it is none of the header kinds. */
export function headerKind(plain: string, allBold: boolean): HeaderType | "paragraph" {
  for (const [kind, pattern] of HEADER_PATTERNS) if (pattern.test(plain)) return kind;
  if (allBold) return "subject";
  // Capitals, no small letter (as /^[^a-z]*[A-Z]{2,}[^a-z]*$/, which backtracks without end on a long line of capitals).
  if (!/\p{Ll}/u.test(plain) && /\p{Lu}{2}/u.test(plain) && /\s/.test(plain.trim())) return "body_name";
  return "paragraph";
}

// Each language's words, as the heading's first word: English, then French, Spanish, Russian and Arabic
// (its preambular calls open with "إذ" or "وإذ": "إذ يذكّر", "وإذ يضع في اعتباره"; Chinese is below).
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
  "напоминая", "учитывая", "отмечая", "признавая", "принимая", "подчеркивая", "будучи", "сознавая", "осознавая",
  "приветствуя", "ссылаясь", "подтверждая", "выражая", "имея", "руководствуясь", "желая", "памятуя",
  "констатируя", "одобряя", "считая", "стремясь", "вновь",
  "إذ", "وإذ",
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
  "решает", "поручает", "предлагает", "призывает", "просит", "рекомендует", "постановляет", "утверждает",
  "принимает", "поддерживает", "настоятельно", "поощряет", "одобряет", "заявляет", "подтверждает", "отмечает",
  "обращается",
  "يقرر", "ويقرر", "يكلف", "ويكلف", "يدعو", "ويدعو", "يطلب", "ويطلب", "يحث", "ويحث", "يشجع", "ويشجع", "يوصي",
  "ويوصي", "يعتمد", "يوافق", "يأذن", "يعلن", "يؤيد", "يناشد",
];
// Words that open a heading without deciding its part: "further resolves", "also", "вновь подтверждая".
const OPENERS = ["further", "also", "вновь"];
// Chinese writes a call without spaces ("责成秘书长", "请成员国"), so its calls are the heading's first
// characters, after "进一步" or "还" ("进一步忆及", "还责成").
const PREAMBULAR_ZH = ["忆及", "回顾", "考虑到", "注意到", "满意地注意到", "认识到", "铭记", "强调", "意识到", "深信", "重申", "确认", "欢迎", "顾及", "承认", "认为", "关切", "赞赏"];
const OPERATIVE_ZH = ["做出决议", "决定", "责成", "请", "邀请", "鼓励", "敦促", "呼吁", "建议", "批准", "通过", "授权", "要求", "支持", "宣布"];
const FURTHER_ZH = "(?:进一步|还|并|又)";
const HEADING_WORD = new RegExp(`^(?:(${[...PREAMBULAR, ...OPERATIVE].join("|")})(?![\\p{L}\\p{M}])|${FURTHER_ZH}?(${[...PREAMBULAR_ZH, ...OPERATIVE_ZH].join("|")}))`, "iu");
// Arabic's vowel signs and tatweel, which a heading may carry or not ("يذكّر", "يذكر").
const ARABIC_MARKS = /[\u0640\u064B-\u065F\u0670]/gu;

/**
 * Whether a line is a clause-group heading ("recalling", "considering further",
 * "instructs the Secretary-General", "[Encourage/ Instructs the Secretary-General"),
 * and which part of the resolution it opens.
 */
export function headingPart(plain: string): GroupPart | null {
  const text = plain.trim().replace(ARABIC_MARKS, "");
  const match = HEADING_WORD.exec(text);
  if (!match) return null;
  if (/[;,.:；，。：、،؛]$/.test(text)) return null;
  if (match[2] !== undefined) return text.length > 40 ? null : OPERATIVE_ZH.includes(match[2]) ? "operative" : "preamble";
  if (text.split(/\s+/).length > 20) return null;
  const words = text.toLowerCase().match(/\p{L}+/gu) ?? [];
  const first = (OPENERS.includes(words[0] ?? "") && words[1] ? words[1] : words[0]) ?? "";
  return OPERATIVE.includes(first) && !OPENERS.includes(first) ? "operative" : "preamble";
}

/**
 * The enacting formula of a UN body's text ("The General Assembly,", "The Economic and Social
 * Council,", "The Security Council,", "The Human Rights Council,"; "L'Assemblée générale,", "La
 * Asamblea General,"): its paragraphs carry their calls inline, "*Recalling* its resolution ...,",
 * "1. *Decides* ...;", with no heading line.
 */
export function isUNFormula(plain: string): boolean {
  return /^(?:The (?:General Assembly|Economic and Social Council|Security Council|Human Rights Council)|L'Assemblée générale|La Asamblea General|Le Conseil (?:économique et social|de sécurité|des droits de l'homme)|El Consejo (?:Económico y Social|de Seguridad|de Derechos Humanos))\b.{0,200},$/su.test(plain.trim());
}

/** A proposal marker ("MOD WGPL/23/1", "SUP ACP/25A1/2", "NOC", "(MOD) RESOLUTION 30"): after the clause groups, it opens another text. */
export function isProposalMarker(plain: string): boolean {
  return PROPOSAL_MARKER.test(plain);
}
const PROPOSAL_MARKER = /^(ADD|MOD|\(MOD\)|SUP|NOC)(\s+\S.*)?$/;

// "ANNEX", "ANNEX 2", "ANNEX A TO RESOLUTION 71 (REV. BUSAN, 2014)", "APPENDIX 1 TO ANNEX 2", "ATTACHMENT";
// "ANNEXE", "APPENDICE", "PIÈCE JOINTE"; "ANEXO", "APÉNDICE", "ADJUNTO"; "ПРИЛОЖЕНИЕ", "ДОБАВЛЕНИЕ"; "附件", "附录";
// "ملحق", "الملحق", "تذييل", "التذييل" (written in capitals where the script has them, as ITU heads annexes).
const ANNEX = /^(?:ANNEX|APPENDIX|ATTACHMENT|ANNEXE|APPENDICE|PIÈCE JOINTE|ANEXO|APÉNDICE|ADJUNTO|ПРИЛОЖЕНИЕ|ДОБАВЛЕНИЕ|附件|附录|(?:ال)?ملحق|(?:ال)?تذييل)(?![\p{Ll}\p{Lo}\p{M}])/u;

/**
 * Whether a line heads an annex or appendix: "ANNEX TO RESOLUTION 71 (REV. BUSAN, 2014)",
 * "ANNEX 2", "APPENDIX A": a short line, not ending like a sentence. What follows it, up to
 * the next annex, clause-group heading or proposal marker, is that annex's text.
 */
export function isAnnexHeading(plain: string): boolean {
  const text = plain.trim();
  return ANNEX.test(text) && text.length <= 200 && !/[;,.:；，。：،؛]$/.test(text);
}

/** "| Goal | Target |": a row of a pipe table (it starts and ends with a pipe, and holds another). */
export function isTableRow(plain: string): boolean {
  return /^\|.*\|[ \t]*$/s.test(plain) && !plain.includes("\n") && plain.trimEnd().length >= 3;
}

/** "|---|:---:|": the row that makes the one above it a table's header. */
export function isDelimiterRow(plain: string): boolean {
  return /^\|(?:[ \t]*:?-{3,}:?[ \t]*\|)+[ \t]*$/.test(plain);
}

// The Latin ordinals of a clause inserted between two others ("1bis", "1 ter", "c quinquies)").
const SUFFIX = "bis|ter|quater|quinquies|sexies|septies|octies|novies|decies";
// A clause label as typed, old and new side by side after renumbering: "a)", "c)h)", "if)",
// "ii)", "(a)", "c bis)", "1", "1.", "1bis", "1 bis", "2110"; a numbered section "1.1",
// "1.1.1"; a lettered part "A."; an Arabic letter as ITU's Arabic texts letter clauses: "أ)",
// "ب)", "هـ)" (also "أ )", as Word's right-to-left layout leaves it).
const LABEL = new RegExp(
  `^(?:(?:\\(?\\p{Ll}{1,4}(?: (?:${SUFFIX}))?\\)|[\\u0621-\\u064A]\\u0640? ?\\))+|\\d{1,4}(?: ?(?:${SUFFIX}))?\\.?|\\d{1,3}(?:\\.\\d{1,3}){1,3}\\.?|\\p{Lu}\\.)(?=\\s|$)`,
  "u",
);

/** Length of the clause label at the start of `plain` (0 when there is none). */
export function labelLength(plain: string): number {
  return LABEL.exec(plain)?.[0].length ?? 0;
}
