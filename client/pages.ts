/**
 * The HTML shells of the three pages. Each is static (the same file for every session id), loads
 * /assets/styles.css and one module script, and has no inline script, so a strict CSP fits.
 */

/** The name of a page bundle: `dist/<name>.html` loads `/assets/<name>.js`. */
export type PageName = "session" | "manage" | "new";

/** The pages to build. */
export const PAGE_NAMES: readonly PageName[] = ["session", "manage", "new"];

function shell(name: PageName, title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title}</title>
<link rel="icon" href="/assets/icon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/assets/styles.css">
<script type="module" src="/assets/${name}.js"></script>
</head>
<body class="page-${name}">
<a class="skip-link" href="#main">Skip to content</a>
${body}
</body>
</html>
`;
}

const SESSION = `<header class="bar">
  <div class="bar-title"><span class="brand">Plenary</span><h1 id="session-title" class="session-title">Opening the session…</h1></div>
  <div class="bar-people">
    <span id="identity" class="identity"></span>
    <ul id="presence" class="presence" aria-label="Also connected"></ul>
  </div>
  <div class="bar-state">
    <span id="connection" class="connection" role="status" aria-live="polite" data-state="connecting">Connecting…</span>
    <nav id="tools" class="tools" aria-label="Session tools"></nav>
  </div>
</header>
<div id="toolbar" class="toolbar" role="toolbar" aria-label="Drafting tools" hidden></div>
<div class="room">
  <main id="main" tabindex="-1">
    <p id="notice" class="room-notice" role="status" aria-live="polite" hidden></p>
    <article id="draft" class="paper" aria-label="Draft"></article>
  </main>
  <aside id="side" class="side" aria-label="Changes, history and legend"></aside>
</div>`;

const MANAGE = `<header class="bar">
  <div class="bar-title"><span class="brand">Plenary</span><h1 class="session-title"><span id="session-title">Session</span> — links</h1></div>
  <nav class="tools" aria-label="Page tools"><a id="back" class="button" href="/">Back to the draft</a><button id="refresh" type="button" class="button">Refresh</button></nav>
</header>
<main id="main" class="sheet" tabindex="-1">
  <h2>Participants and join links</h2>
  <p class="muted">A link lets its holder in as that seat. Revoke a link to disconnect whoever uses it at once; reissue to hand out a new one (the old one stops working).</p>
  <div id="message" aria-live="polite"></div>
  <div id="roster"></div>
  <form id="add-seat" class="add-seat" novalidate>
    <h3>Seat a delegation arriving late</h3>
    <label for="seat-code">Code</label>
    <input id="seat-code" name="code" type="text" required autocomplete="off" maxlength="12" placeholder="FRA">
    <label for="seat-name">Name</label>
    <input id="seat-name" name="name" type="text" required autocomplete="off" placeholder="France">
    <button type="submit" class="button primary">Add the seat</button>
    <p class="hint">Its link is shown once, below the roster. Pages already open show the new delegation once reloaded.</p>
  </form>
</main>`;

const NEW = `<header class="bar">
  <div class="bar-title"><span class="brand">Plenary</span><h1 class="session-title">New drafting session</h1></div>
</header>
<main id="main" class="sheet" tabindex="-1">
  <form id="new-session" class="form" novalidate>
    <div id="form-error" aria-live="assertive"></div>
    <div class="field">
      <label for="title">Session title</label>
      <input id="title" name="title" type="text" required autocomplete="off" placeholder="Resolution 140 (WSIS) — WG-PL, second reading">
    </div>
    <fieldset class="field">
      <legend>Draft text (DL format, or a delegation's Word file)</legend>
      <label for="dl-file">Upload a DL text file, or a Word file (.docx) with its tracked changes and comments</label>
      <input id="dl-file" name="dl-file" type="file" accept=".txt,.md,text/plain,.docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document">
      <div id="word-draft" class="word-draft" hidden></div>
      <label for="dl-text" id="dl-text-label">or paste the text</label>
      <textarea id="dl-text" name="dl-text" rows="14" spellcheck="false" placeholder="WORKING GROUP OF THE PLENARY&#10;&#10;Document DL/23-E (Rev.2)&#10;…"></textarea>
    </fieldset>
    <div class="field">
      <label for="roster-lines">Delegations, one a line: <code>CODE: Name</code></label>
      <textarea id="roster-lines" name="roster-lines" rows="6" spellcheck="false" placeholder="USA: United States&#10;RUS: Russian Federation&#10;KEN: Kenya"></textarea>
      <p class="hint">The chair, the secretariat and one observer (the projector) get links too.</p>
    </div>
    <button type="submit" class="button primary">Create session</button>
  </form>
  <div id="result"></div>
</main>`;

/** The HTML of a page shell. */
export function pageHtml(name: PageName): string {
  switch (name) {
    case "session":
      return shell(name, "Plenary", SESSION);
    case "manage":
      return shell(name, "Links — Plenary", MANAGE);
    case "new":
      return shell(name, "New session — Plenary", NEW);
  }
}

/** The page icon: a navy square bracket pair, as the room knows disputed text. */
export const ICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#12355b"/><path d="M12 7H8v18h4M20 7h4v18h-4" fill="none" stroke="#fff" stroke-width="3"/></svg>
`;
