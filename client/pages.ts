/**
 * The HTML shells of the three pages. Each is static (the same file for every session id), loads
 * /assets/styles.css and one module script, and has no inline script, so a strict CSP fits.
 */

import { strings } from "./ui-text/index.ts";

const { shell: words, sessionShell: session, manageShell: manage, newShell: fresh } = strings.pages;

/** Text for an attribute or an element of the shell: markup characters and line breaks escaped. */
function text(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/\n/g, "&#10;");
}

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
<title>${text(title)}</title>
<link rel="icon" href="/assets/icon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/assets/styles.css">
<script type="module" src="/assets/${name}.js"></script>
</head>
<body class="page-${name}">
<a class="skip-link" href="#main">${text(words.skipToContent)}</a>
${body}
</body>
</html>
`;
}

const SESSION = `<header class="bar">
  <div class="bar-title"><span class="brand">${text(words.brand)}</span><h1 id="session-title" class="session-title">${text(session.opening)}</h1></div>
  <div class="bar-people">
    <span id="identity" class="identity"></span>
    <ul id="presence" class="presence" aria-label="${text(session.alsoConnected)}"></ul>
  </div>
  <div class="bar-state">
    <span id="connection" class="connection" role="status" aria-live="polite" data-state="connecting">${text(session.connecting)}</span>
    <nav id="tools" class="tools" aria-label="${text(session.sessionTools)}"></nav>
  </div>
</header>
<div id="toolbar" class="toolbar" role="toolbar" aria-label="${text(session.draftingTools)}" hidden></div>
<div class="room">
  <main id="main" tabindex="-1">
    <p id="notice" class="room-notice" role="status" aria-live="polite" hidden></p>
    <article id="draft" class="paper" aria-label="${text(session.draft)}"></article>
  </main>
  <aside id="side" class="side" aria-label="${text(session.side)}"></aside>
</div>`;

const MANAGE = `<header class="bar">
  <div class="bar-title"><span class="brand">${text(words.brand)}</span><h1 class="session-title"><span id="session-title">${text(manage.session)}</span>${text(manage.titleSuffix)}</h1></div>
  <nav class="tools" aria-label="${text(manage.pageTools)}"><a id="back" class="button" href="/">${text(manage.back)}</a><button id="refresh" type="button" class="button">${text(manage.refresh)}</button></nav>
</header>
<main id="main" class="sheet" tabindex="-1">
  <h2>${text(manage.heading)}</h2>
  <p class="muted">${text(manage.intro)}</p>
  <div id="message" aria-live="polite"></div>
  <div id="roster"></div>
  <form id="add-seat" class="add-seat" novalidate>
    <h3>${text(manage.addHeading)}</h3>
    <label for="seat-code">${text(manage.code)}</label>
    <input id="seat-code" name="code" type="text" required autocomplete="off" maxlength="12" placeholder="${text(manage.codePlaceholder)}">
    <label for="seat-name">${text(manage.name)}</label>
    <input id="seat-name" name="name" type="text" required autocomplete="off" placeholder="${text(manage.namePlaceholder)}">
    <button type="submit" class="button primary">${text(manage.add)}</button>
    <p class="hint">${text(manage.addHint)}</p>
  </form>
</main>`;

const NEW = `<header class="bar">
  <div class="bar-title"><span class="brand">${text(words.brand)}</span><h1 class="session-title">${text(fresh.heading)}</h1></div>
</header>
<main id="main" class="sheet" tabindex="-1">
  <form id="new-session" class="form" novalidate>
    <div id="form-error" aria-live="assertive"></div>
    <div class="field">
      <label for="title">${text(fresh.title)}</label>
      <input id="title" name="title" type="text" required autocomplete="off" placeholder="${text(fresh.titlePlaceholder)}">
    </div>
    <fieldset class="field">
      <legend>${text(fresh.draft)}</legend>
      <label for="dl-file">${text(fresh.upload)}</label>
      <input id="dl-file" name="dl-file" type="file" accept=".txt,.md,text/plain,.docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document">
      <div id="word-draft" class="word-draft" hidden></div>
      <label for="dl-text" id="dl-text-label">${text(fresh.paste)}</label>
      <textarea id="dl-text" name="dl-text" rows="14" spellcheck="false" placeholder="${text(fresh.textPlaceholder)}"></textarea>
    </fieldset>
    <div class="field">
      <label for="roster-lines">${text(fresh.roster)}<code>${text(fresh.rosterFormat)}</code></label>
      <textarea id="roster-lines" name="roster-lines" rows="6" spellcheck="false" placeholder="${text(fresh.rosterPlaceholder)}"></textarea>
      <p class="hint">${text(fresh.rosterHint)}</p>
    </div>
    <button type="submit" class="button primary">${text(fresh.create)}</button>
  </form>
  <div id="result"></div>
</main>`;

/** The HTML of a page shell. */
export function pageHtml(name: PageName): string {
  switch (name) {
    case "session":
      return shell(name, words.sessionTitle, SESSION);
    case "manage":
      return shell(name, words.manageTitle, MANAGE);
    case "new":
      return shell(name, words.newTitle, NEW);
  }
}

/** The page icon: a navy square bracket pair, as the room knows disputed text. */
export const ICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#12355b"/><path d="M12 7H8v18h4M20 7h4v18h-4" fill="none" stroke="#fff" stroke-width="3"/></svg>
`;
