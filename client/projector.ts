import * as Y from "yjs";
import type { Awareness } from "y-protocols/awareness";
import type { Node as PMNode } from "prosemirror-model";
import { Plugin, PluginKey } from "prosemirror-state";
import type { EditorState, Transaction } from "prosemirror-state";
import { Decoration, DecorationSet } from "prosemirror-view";
import type { EditorView } from "prosemirror-view";
import { absolutePositionToRelativePosition, relativePositionToAbsolutePosition, ySyncPluginKey } from "y-prosemirror";
import type { Participant } from "./api.ts";
import { authorInfo } from "./authors.ts";
import { clauseName, placeAt } from "./caret-place.ts";
import { h } from "./dom.ts";
import { floorOf, pinOf } from "./floor.ts";
import type { Room } from "./room.ts";
import { strings } from "./ui-text/index.ts";

/**
 * Projector mode: the screen at the front of the room. The draft fills it in large type, with
 * no side panel or toolbar, and follows the text being worked on: the block of the latest
 * edit by the delegation with the floor (the secretariat's "Typing for"), or by anyone when
 * the floor has been quiet a while, unless the chair pinned it to a clause. A strip at the top
 * says who has the floor and where the screen is; each clause group's heading stays in view
 * ("resolves", "instructs the Secretary-General") while its clauses scroll under it.
 * The observer's page opens in it; anyone can switch it on or off.
 */

/** How long after the floor's last edit others' edits elsewhere do not move the screen. */
const FLOOR_HOLD_MS = 20_000;

/** The block the projector shows: its position, kept in step with every transaction. */
const followedKey = new PluginKey<number | null>("projector-followed");

/** Marks the followed block (class "followed") so the room sees where the screen is. */
export function followedBlock(): Plugin<number | null> {
  return new Plugin<number | null>({
    key: followedKey,
    state: {
      init: () => null,
      apply(tr, pos) {
        const set = tr.getMeta(followedKey) as { pos: number | null } | undefined;
        if (set) return set.pos;
        if (pos === null || !tr.docChanged) return pos;
        if (isRemote(tr)) return acrossRemote(tr, pos);
        const mapped = tr.mapping.mapResult(pos, 1);
        return mapped.deleted ? null : mapped.pos;
      },
    },
    props: {
      decorations(state) {
        const pos = followedKey.getState(state);
        const node = pos === null || pos === undefined ? null : state.doc.nodeAt(pos);
        if (pos === null || pos === undefined || !node?.isTextblock) return DecorationSet.empty;
        return DecorationSet.create(state.doc, [Decoration.node(pos, pos + node.nodeSize, { class: "followed" })]);
      },
    },
  });
}

/** Whether y-prosemirror applied this transaction from another participant's change. */
function isRemote(tr: Transaction): boolean {
  return (tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined)?.isChangeOrigin === true;
}

/**
 * A position before a remote change, after it. y-prosemirror's one step replaces the whole body,
 * which maps every position to its end: the two documents are compared instead, and a position
 * outside the stretch that differs keeps its place (null if it lay inside it).
 */
function acrossRemote(tr: Transaction, pos: number): number | null {
  const start = tr.before.content.findDiffStart(tr.doc.content);
  if (start === null || pos < start) return pos;
  const end = tr.before.content.findDiffEnd(tr.doc.content);
  if (!end) return null;
  const a = Math.max(end.a, start);
  return pos >= a ? pos + (end.b - end.a) : null;
}

/** The start of the text block holding `pos` (or the nearest one after it), or null. */
export function blockAt(doc: PMNode, pos: number): number | null {
  const $pos = doc.resolve(Math.max(0, Math.min(pos, doc.content.size)));
  for (let depth = $pos.depth; depth > 0; depth--) if ($pos.node(depth).isTextblock) return $pos.before(depth);
  let found: number | null = null;
  doc.nodesBetween(pos, doc.content.size, (node, at) => {
    if (found !== null) return false;
    if (node.isTextblock) found = at;
    return found === null;
  });
  return found;
}

/**
 * Where a transaction from another participant changed the draft (in the new document), and
 * whose proposal marks the text there carries. y-prosemirror writes a remote change as one
 * step replacing the whole body, so the place is found by comparing the two documents (which
 * share every node the change did not touch, so the comparison stops where it starts).
 */
export function changedAt(tr: Transaction): { pos: number; by: string | null } | null {
  const start = tr.before.content.findDiffStart(tr.doc.content);
  if (start === null) return null;
  const end = tr.before.content.findDiffEnd(tr.doc.content);
  const pos = end ? Math.max(start, end.b) : start;
  return { pos, by: authorNear(tr.doc, pos) ?? authorNear(tr.doc, start) };
}

/** The author of the proposal marks right before `pos` (or after it), if any. */
function authorNear(doc: PMNode, pos: number): string | null {
  const $pos = doc.resolve(Math.min(pos, doc.content.size));
  for (const node of [$pos.nodeBefore, $pos.nodeAfter]) {
    const mark = node?.marks.find((m) => m.type.name === "insertion" || m.type.name === "deletion");
    if (mark) return mark.attrs.by as string;
  }
  return null;
}

/** Where a relative position (as JSON) stands in the draft now, or null (none, or its text gone). */
export function positionOf(view: EditorView, ydoc: Y.Doc, relative: unknown): number | null {
  if (!relative) return null;
  const binding = (ySyncPluginKey.getState(view.state) as { binding?: { mapping: Map<unknown, unknown>; type: Y.XmlFragment } } | undefined)?.binding;
  if (!binding) return null;
  try {
    return relativePositionToAbsolutePosition(ydoc, binding.type, Y.createRelativePositionFromJSON(relative), binding.mapping as never);
  } catch {
    return null;
  }
}

/** The pinned block's position in the draft now, or null (no pin, or its text gone). */
function pinnedAt(view: EditorView, ydoc: Y.Doc, pin: unknown): number | null {
  const pos = positionOf(view, ydoc, pin);
  return pos === null ? null : blockAt(view.state.doc, pos);
}

/** The chair's pin for the block at the caret: a relative position (as JSON) that survives others' edits. */
export function pinHere(state: EditorState): unknown {
  const binding = (ySyncPluginKey.getState(state) as { binding?: { mapping: Map<unknown, unknown>; type: Y.XmlFragment } } | undefined)?.binding;
  const block = blockAt(state.doc, state.selection.from);
  if (!binding || block === null) return null;
  return Y.relativePositionToJSON(absolutePositionToRelativePosition(block + 1, binding.type, binding.mapping as never));
}

/** Whether the projector's state for this session is on: the observer's page starts in it. */
function storedOn(sessionId: string, observer: boolean): boolean {
  const stored = localStorage.getItem(`plenary:projector:${sessionId}`);
  return stored === null ? observer : stored === "on";
}

/**
 * Projector mode for the page: returns its on/off button (for the page's tools) and the strip
 * shown above the draft while it is on.
 */
export function projector(room: Room, awareness: Awareness, sessionId: string): HTMLElement {
  const { view, ydoc, roster } = room;
  const button = h("button", { type: "button", class: "button", id: "projector-toggle", "aria-pressed": "false", title: strings.projector.buttonTitle }, strings.projector.button);
  const floorText = h("span", { class: "projector-floor" });
  const placeText = h("span", { class: "projector-place" });
  const strip = h("div", { class: "projector-strip", role: "status", "aria-live": "polite", hidden: true }, floorText, placeText);
  document.getElementById("main")!.prepend(strip);

  let on = false;
  let floorEditAt = 0;
  let pinned = false;

  const render = () => {
    const floor = floorOf(awareness);
    floorText.textContent = floor ? strings.projector.floor(speaker(roster, floor)) : strings.projector.noFloor;
    floorText.dataset.by = floor ?? "";
    const at = followedKey.getState(view.state) ?? null;
    const place = at === null ? null : placeAt(view.state, Math.min(at + 1, view.state.doc.content.size));
    placeText.textContent = place ? (pinned ? strings.projector.pinned : strings.projector.now)(clauseName(place)) : "";
  };

  const show = (pos: number | null) => {
    if (pos === null) return;
    view.dispatch(view.state.tr.setMeta(followedKey, { pos }).setMeta("addToHistory", false));
    render();
    const dom = view.nodeDOM(pos);
    if (dom instanceof HTMLElement) bringIntoView(dom, strip);
  };

  const followPin = () => {
    const at = pinnedAt(view, ydoc, pinOf(awareness));
    pinned = at !== null;
    if (pinned && at !== followedKey.getState(view.state)) show(at);
    else render();
  };

  room.onUpdate((tr) => {
    if (!on || !tr.docChanged) return;
    if (pinned) return followPin();
    if (!isRemote(tr)) return;
    const change = changedAt(tr);
    if (!change) return;
    const floor = floorOf(awareness);
    const now = Date.now();
    if (floor && change.by === floor) floorEditAt = now;
    else if (floor && now - floorEditAt < FLOOR_HOLD_MS) return;
    show(blockAt(tr.doc, change.pos));
  });
  awareness.on("change", () => {
    if (!on) return;
    followPin();
  });

  const set = (next: boolean) => {
    on = next;
    localStorage.setItem(`plenary:projector:${sessionId}`, on ? "on" : "off");
    document.body.classList.toggle("projector", on);
    strip.hidden = !on;
    button.setAttribute("aria-pressed", String(on));
    if (on) followPin();
  };
  button.addEventListener("click", () => set(!on));
  set(storedOn(sessionId, room.me.role === "observer"));
  return button;
}

/**
 * Scrolls the block to the upper middle of the screen, unless it is already well in view. The
 * draft lays out off-screen clause groups with an estimated height (content-visibility), so a
 * jump far away lands near, not on, the block: it is measured again once drawn, and corrected.
 */
function bringIntoView(dom: HTMLElement, strip: HTMLElement, tries = 4): void {
  const box = dom.getBoundingClientRect();
  const top = strip.getBoundingClientRect().bottom + 70;
  const inView = box.top >= top && box.top <= window.innerHeight * 0.55;
  if (inView || tries === 0 || !dom.isConnected) return;
  window.scrollBy({ top: box.top - (top + window.innerHeight * 0.15) });
  requestAnimationFrame(() => requestAnimationFrame(() => bringIntoView(dom, strip, tries - 1)));
}

/** "Brazil (BRA)": the delegation with the floor as the room reads it. */
function speaker(roster: readonly Participant[], code: string): string {
  const who = authorInfo(roster, code);
  return who.name === code ? code : strings.speakers.nameWithCode(who.name, code);
}
