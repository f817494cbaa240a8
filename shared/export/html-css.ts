/**
 * The HTML export's stylesheet: an ITU page on screen (an A4 sheet on grey) and on
 * paper (@page A4 with ITU margins), Times New Roman 12 pt, each delegation's
 * changes in its colour: insertions underlined, deletions struck. Indents and bars are on the
 * line's start side (logical properties), so an Arabic draft (`dir="rtl"`) lays out mirrored.
 */

/** A colour the stylesheet can take as given: hex, rgb()/hsl(), or a colour name. */
export function safeColour(colour: string | undefined, fallback: string): string {
  if (!colour) return fallback;
  const c = colour.trim();
  return /^#[0-9a-fA-F]{3,8}$|^(rgb|hsl)a?\([\d\s.,%/-]+\)$|^[a-zA-Z]{3,20}$/.test(c) ? c : fallback;
}

/** One rule per author: its colour on its changes and in the legend. */
export function authorRules(colours: ReadonlyMap<string, string>): string {
  return [...colours].map(([code, colour]) => `.a-${code}{--c:${colour}}`).join("\n");
}

export const BASE_CSS = `
*{box-sizing:border-box}
html{background:#e8e8e8}
body{margin:0;padding:24px 0;font:12pt/1.35 "Times New Roman",Times,"Liberation Serif",serif;color:#000}
.page{width:21cm;min-height:29.7cm;margin:0 auto;padding:2.5cm 2cm;background:#fff;box-shadow:0 1px 6px rgba(0,0,0,.25)}
p,h1,h2,h3{margin:6pt 0 0;font:inherit}
.head{display:flex;justify-content:space-between;gap:1cm;margin-bottom:12pt}
.head .left{flex:3}.head .right{flex:2}
.head p{margin:0}
.header-body,.header-symbol{font-weight:bold}
.committee{text-align:center;font-weight:bold;margin-top:24pt}
.title{text-align:center;font-size:14pt;margin-top:18pt}
.status{text-align:center;font-weight:bold;margin-top:12pt}
.proposal{font-weight:bold;margin-top:12pt}
.subject{text-align:center;font-weight:bold;font-size:14pt;margin-top:12pt}
.formula{margin-top:18pt}
.heading{font-style:italic;margin:8pt 0 0;margin-inline-start:1.4cm;page-break-after:avoid;break-after:avoid}
.annex-heading{text-align:center;font-size:14pt;margin-top:36pt;page-break-before:always;break-before:page}
.clause,.item{padding-inline-start:1.4cm;text-indent:-1.4cm}
.label{display:inline-block;min-width:1.4cm;text-indent:0}
ins,del{color:var(--c,#555);text-decoration-color:var(--c,#555)}
ins{text-decoration-line:underline}
del{text-decoration-line:line-through}
del del,ins ins{text-decoration-style:double}
.block-ins{border-inline-start:3px solid var(--c,#555);margin-inline-start:-8px;padding-inline-start:calc(1.4cm + 5px)}
p.block-ins:not(.clause):not(.item){padding-inline-start:5px}
.block-del{border-inline-start:3px double var(--c,#555);margin-inline-start:-8px;padding-inline-start:calc(1.4cm + 5px)}
p.block-del:not(.clause):not(.item){padding-inline-start:5px}
.bracket{font-weight:bold}
.who{font-size:7pt;color:var(--c,#555);font-family:Arial,Helvetica,sans-serif;vertical-align:super;margin-inline-start:1px}
.note-ref{font-size:8pt;vertical-align:super}
.fn-ref{font-size:8pt;vertical-align:super;line-height:0}.fn-ref a{color:inherit;text-decoration:none}
.footnotes{margin-top:24pt;border-top:1px solid #000;width:5cm;padding-top:0}
.footnotes .footnote{width:calc(21cm - 4cm);font-size:10pt;margin:4pt 0 0;padding-inline-start:.6cm;text-indent:-.6cm}
.footnote .fn-label{display:inline-block;min-width:.6cm;text-indent:0;vertical-align:super;font-size:8pt}
.dl-table{border-collapse:collapse;margin:12pt auto 0;font-size:11pt}
.dl-table th,.dl-table td{border:1px solid #000;padding:3pt 6pt;vertical-align:top;text-align:start}
.dl-table th{font-weight:bold;background:#f2f2f2}
.dl-table tr.block-ins{outline:2px solid var(--c,#555)}.dl-table tr.block-del{outline:2px double var(--c,#555)}
.legend,.comments{direction:ltr}
.legend{font:9pt/1.4 Arial,Helvetica,sans-serif;border:1px solid #bbb;padding:4pt 8pt;margin:0 0 12pt}
.legend h2{font-size:9pt;font-weight:bold;margin:0 0 2pt}
.legend ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:2pt 14pt}
.legend .swatch{display:inline-block;width:9pt;height:9pt;background:var(--c);margin-inline-end:4pt;vertical-align:-1pt}
.legend .how{color:#444}
.notes{margin-top:24pt;border-top:1px solid #000;padding-top:6pt;font-size:10pt}
.notes ol{margin:0;padding-inline-start:1.4cm}
.comments{margin-top:24pt;border-top:1px solid #000;padding-top:6pt;font:10pt/1.4 Arial,Helvetica,sans-serif}
.comments h2{font-size:11pt;font-weight:bold;margin:0 0 4pt}
.comments li{margin-bottom:6pt}.comments p{margin:0;unicode-bidi:plaintext}.comments .where{font-style:italic}.comments .resolved{color:#1b7f3b}
@page{size:A4;margin:2.5cm 2cm}
@media print{
  html{background:none}
  body{padding:0}
  .page{width:auto;min-height:0;margin:0;padding:0;box-shadow:none}
  ins,del,.who,.legend .swatch{-webkit-print-color-adjust:exact;print-color-adjust:exact}
  .clause,.item,.heading+p{break-inside:avoid-page}
}
`;
