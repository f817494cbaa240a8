import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";
import { jitteredWebSocket } from "../reconnect.ts";
import { Awareness } from "y-protocols/awareness";
import { fetchMe } from "../api.ts";
import type { Me } from "../api.ts";
import { byId, h } from "../dom.ts";
import { managePath, sessionIdFromPath } from "../route.ts";
import { sessionTokenKey, takeToken } from "../token.ts";
import { createDraftEditor } from "../editor.ts";
import { trackingDispatch } from "../tracking-dispatch.ts";
import { wordPasteAuthors } from "../clipboard.ts";
import { showPresence } from "../presence.ts";
import { showConnectionStatus } from "../connection-status.ts";
import { applyAuthorColours } from "../author-colours.ts";
import { participantLabel } from "../cursor.ts";
import { readableTextOn, safeColour } from "../colour.ts";
import { showPageError } from "../page-error.ts";
import { sendOwnPresenceOnly } from "../own-presence.ts";
import { keymap } from "prosemirror-keymap";
import { ySyncPluginKey } from "y-prosemirror";
import type { EditorView } from "prosemirror-view";
import { mayDecide, mayPropose } from "../../shared/roles.ts";
import { Attribution } from "../attribution.ts";
import { delegationsOf, warmClock } from "../authors.ts";
import { blockChanges } from "../block-changes.ts";
import { bracketSelection } from "../bracketing.ts";
import { changeFocus } from "../change-focus.ts";
import { changeMarkViews } from "../change-marks.ts";
import { changesPanel } from "../changes-panel.ts";
import { ChangeList } from "../../shared/track/changes.ts";
import { chairTools } from "../chair-tools.ts";
import { entryDecisions } from "../chair-actions.ts";
import { clauseLock } from "../clause-lock.ts";
import { decisionLog, logUndoneDecisions } from "../decisions.ts";
import { recoverOnRefusal, showPendingRefusal } from "../refusal.ts";
import { historyPanel } from "../history-panel.ts";
import { legend } from "../legend.ts";
import { noticeBoard } from "../room-notice.ts";
import { UpdateSignal, whenIdle } from "../room.ts";
import type { Room } from "../room.ts";
import { sideTabs } from "../side-tabs.ts";
import { toolbar } from "../toolbar.ts";
import { exportMenu } from "../export-menu.ts";
import { guardDraft, readDraft } from "../model-guard.ts";
import { ModelError } from "../../shared/yjs/read.ts";
import { revisionsPanel } from "../revisions-panel.ts";
import { skipEncodingFrom } from "../remote-updates.ts";
import { followedBlock, projector } from "../projector.ts";
import { publishFloor } from "../floor.ts";
import { findBar, findPlugin } from "../find.ts";
import { keysButton, roomKeys } from "../keyboard.ts";
import { typedBrackets } from "../typed-brackets.ts";
import { newClauseLabels } from "../new-clause-label.ts";
import { speakersPanel } from "../speakers.ts";
import { commentsPanel } from "../comments-panel.ts";
import { mayImportWordFile } from "../../shared/word/who-imports.ts";
import { wordImportButton } from "../word/word-import-dialog.ts";
import { strings } from "../ui-text/index.ts";

/**
 * The session page (`/s/:id#t=<token>`): takes the token from the fragment, asks the server who
 * we are, then joins the live document over y-websocket with the token as a URL parameter.
 */
export async function startSessionPage(): Promise<void> {
  const sessionId = sessionIdFromPath(location.pathname);
  if (!sessionId) return showPageError(strings.pageError.notASession);
  const token = takeToken(sessionTokenKey(sessionId));
  if (!token) return showPageError(strings.session.openYourLink);

  const answer = await fetchMe(sessionId, token);
  if (!answer.ok) return showPageError(answer.error);
  joinSession(sessionId, token, answer.value);
}

function joinSession(sessionId: string, token: string, { session, me, roster }: Me): void {
  const ydoc = new Y.Doc();
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const provider = new WebsocketProvider(`${scheme}://${location.host}/ws`, sessionId, ydoc, {
    params: { token },
    awareness: presenceOf(ydoc),
    disableBc: true,
    // After a server goes away its clients come back spread over a second or more, not at once.
    WebSocketPolyfill: jitteredWebSocket(WebSocket as never) as unknown as typeof WebSocket,
  });
  sendOwnPresenceOnly(provider);
  skipEncodingFrom(ydoc, provider);
  const refusal = noticeBoard(byId("notice"));
  recoverOnRefusal(provider, (text) => refusal(text, "refused"));
  showPendingRefusal((text) => refusal(text, "refused"));
  const editable = me.role !== "observer";

  showTitle(session.title, ydoc.getMap("meta"));
  showIdentity(me);
  byId("tools").append(exportMenu(sessionId, token));
  if (me.role === "chair" || me.role === "secretariat") {
    byId("tools").append(h("a", { class: "button", href: managePath(sessionId) }, strings.session.manageLinks));
  }
  if (mayImportWordFile(me.role)) byId("tools").append(wordImportButton(sessionId, token, () => roster));
  document.body.dataset.role = me.role;
  applyAuthorColours(roster);
  showConnectionStatus(byId("connection"), provider, ydoc);
  showPresence(byId("presence"), provider.awareness, me);
  // The editor is created on the first sync, so it starts from the whole draft rather than an
  // empty document (an empty doc has no place for a text selection and ProseMirror warns).
  const mount = byId("draft");
  mount.append(h("p", { class: "loading" }, strings.session.loading));
  const openEditor = (synced: boolean) => {
    if (!synced) return;
    provider.off("sync", openEditor);
    const fragment = ydoc.getXmlFragment("body");
    // One strict reading: the check that the page can show the draft, and the editor's start.
    const initial = readDraft(fragment);
    if (initial instanceof ModelError) {
      provider.disconnect();
      showPageError(strings.session.cannotShow(initial.message));
      return;
    }
    // Sees every change before y-prosemirror does; on content it cannot read, the editor is
    // unhooked from the draft and keeps showing the last good text.
    let view: EditorView | null = null;
    const detach = () => {
      const binding = view ? (ySyncPluginKey.getState(view.state) as { binding?: { _observeFunction: (...args: any[]) => void } } | undefined)?.binding : undefined;
      if (binding) fragment.unobserveDeep(binding._observeFunction);
    };
    guardDraft(fragment, provider, detach, (error) => {
      view?.setProps({ editable: () => false });
      refusal(strings.session.stoppedSending(error.message), "refused");
    });
    mount.replaceChildren();
    view = openRoom({ sessionId, token, ydoc, provider, me, roster, editable, mount, initial });
    window.addEventListener("pagehide", () => view?.destroy());
  };
  provider.on("sync", openEditor);
  window.addEventListener("pagehide", () => provider.destroy());
}

interface RoomParts {
  sessionId: string;
  token: string;
  ydoc: Y.Doc;
  provider: WebsocketProvider;
  me: Me["me"];
  roster: Me["roster"];
  editable: boolean;
  mount: HTMLElement;
  initial: Exclude<ReturnType<typeof readDraft>, ModelError>;
}

/**
 * The working room around the draft: the editor (tracking this participant's edits as proposals of
 * whom it types as, agreed clauses locked to all but the chair), the toolbar, and the side panel
 * with the legend, the changes and the decision log.
 */
function openRoom({ sessionId, token, ydoc, provider, me, roster, editable, mount, initial }: RoomParts): EditorView {
  const attribution = new Attribution(me, delegationsOf(roster).map((p) => p.code!), `plenary:typing-for:${sessionId}`);
  const notify = noticeBoard(byId("notice"));
  const updates = new UpdateSignal();
  let room: Room | null = null;
  const bracketKey = keymap({
    "Mod-[": () => {
      if (room) void bracketSelection(room);
      return true;
    },
  });
  // One list of the draft's changes for the page: the panel, the chair's tools and the picked change's highlight.
  const changeList = new ChangeList();
  const view = createDraftEditor({
    mount,
    fragment: ydoc.getXmlFragment("body"),
    initial,
    awareness: provider.awareness,
    editable,
    plugins: [clauseLock(me.role, (message) => notify(message, "refused")), blockChanges(() => roster), changeFocus(changeList), followedBlock(), findPlugin(), typedBrackets(() => (mayPropose(me.role) ? attribution.author() : null)), newClauseLabels(() => attribution.author(), mayPropose(me.role)), roomKeys(() => room, me.role, () => (room && mayDecide(me.role) ? entryDecisions(room) : null)), ...(mayPropose(me.role) ? [bracketKey] : [])],
    dispatchTransaction: trackingDispatch(() => attribution.author(), (_, tr) => updates.emit(tr), wordPasteAuthors({ role: me.role, code: me.code ?? null, delegations: delegationsOf(roster).map((p) => p.code!) }, delegationsOf(roster).map((p) => ({ code: p.code!, name: p.name })))),
    markViews: changeMarkViews(() => roster),
  });
  room = { view, ydoc, awareness: provider.awareness, me, roster, attribution, notify, onUpdate: updates.on, changes: changeList };
  if (me.role === "secretariat") publishFloor(provider.awareness, attribution);
  byId("tools").prepend(projector(room, provider.awareness, sessionId), keysButton(me.role));
  findBar(room);
  if (mayDecide(me.role)) logUndoneDecisions(room);
  warmClock();
  const bar = toolbar(room);
  if (bar) {
    const element = byId("toolbar");
    element.append(bar);
    element.hidden = false;
  }
  const decider = mayDecide(me.role);
  const changes = changesPanel(room, decider ? entryDecisions(room) : null, decider ? chairTools(room) : null);
  const history = historyPanel(decisionLog(ydoc), () => roster);
  const revisions = revisionsPanel(sessionId, token, me.role, (issuedAt) => changesSince(room!, issuedAt));
  room.onUpdate(whenIdle(() => revisions.update()));
  byId("side").append(
    legend(roster),
    sideTabs([
      { id: "changes", label: strings.session.tabs.changes, panel: changes },
      { id: "speakers", label: strings.session.tabs.speakers, panel: speakersPanel(provider.awareness, me, roster, attribution) },
      { id: "comments", label: strings.session.tabs.comments, panel: commentsPanel(room).element },
      { id: "history", label: strings.session.tabs.history, panel: history },
      { id: "revisions", label: strings.session.tabs.revisions, panel: revisions.element },
    ]),
  );
  byId("tab-revisions").addEventListener("click", () => void revisions.refresh());
  void revisions.refresh();
  return view;
}

/** "3 proposals and 1 decision": what the draft gained after `issuedAt` (ms), from the changes' and decisions' times. */
function changesSince(room: Room, issuedAt: number): string {
  const after = (at: string | null | undefined) => !!at && Date.parse(at) > issuedAt;
  const proposals = room.changes.update(room.view.state.doc).filter((e) => e.by !== "import" && after(e.at)).length;
  const decisions = decisionLog(room.ydoc).toArray().filter((d) => after(d.at)).length;
  return strings.session.since(proposals, decisions);
}

/**
 * Our presence. A fresh Awareness announces itself with clock 0, and y-protocols ignores a state
 * with clock 0 from a client it does not know, so the server would only relay us at the 15-second
 * renewal. Setting the (empty) state once more moves the clock to 1: others see us join at once.
 */
function presenceOf(ydoc: Y.Doc): Awareness {
  const awareness = new Awareness(ydoc);
  awareness.setLocalState({});
  return awareness;
}

function showTitle(initial: string, meta: Y.Map<unknown>): void {
  const heading = byId("session-title");
  const render = () => {
    const title = typeof meta.get("title") === "string" ? (meta.get("title") as string) : initial;
    heading.textContent = title;
    document.title = strings.session.documentTitle(title);
  };
  meta.observe(render);
  render();
}

function showIdentity(me: Me["me"]): void {
  const badge = byId("identity");
  const colour = safeColour(me.colour);
  badge.textContent = me.role === "delegation" ? strings.session.identity(participantLabel(me), me.name) : participantLabel(me);
  badge.style.backgroundColor = colour;
  badge.style.color = readableTextOn(colour);
  badge.title = me.role === "observer" ? strings.session.observerHint : strings.session.youAre(me.name);
  if (me.role === "observer") byId("tools").prepend(h("span", { class: "read-only-note" }, strings.session.readOnly));
}

startSessionPage().catch((error: unknown) => showPageError(error instanceof Error ? error.message : String(error)));
