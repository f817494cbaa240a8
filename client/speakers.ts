import type { Awareness } from "y-protocols/awareness";
import type { PresenceUser } from "../shared/protocol.ts";
import type { Role } from "../shared/roles.ts";
import type { Participant } from "./api.ts";
import type { Attribution } from "./attribution.ts";
import { authorInfo, delegationsOf } from "./authors.ts";
import { authorChip } from "./author-chip.ts";
import { h } from "./dom.ts";
import { strings } from "./ui-text/index.ts";

/**
 * The speakers' list, as a chair keeps it: delegations ask for the floor from their own page,
 * the chair gives it (to the next on the list, or to anyone), and the room sees who speaks and
 * who waits. It travels in presence, which the server stamps with each sender's seat, so only a
 * delegation's own page can ask for it and only the chair's page says who has it and in what
 * order the others wait: the chair's page keeps the order in which it heard the requests. The
 * secretariat's "Typing for" follows the floor when the chair gives it; the projector names it.
 * (Presence is not stored: a chair who reloads starts a new list from the requests standing.)
 */

/** What the chair publishes: who has the floor and who waits, in order. */
export interface Floor {
  speaker: string | null;
  queue: string[];
}

interface SpeakerFields {
  user?: Partial<PresenceUser>;
  /** A delegation asking for the floor. */
  request?: boolean;
  /** The chair's list. */
  speakers?: Floor;
}

/** The list as the chair published it ({ speaker: null, queue: [] } when none). */
export function floorList(awareness: Awareness): Floor {
  let floor: Floor = { speaker: null, queue: [] };
  awareness.getStates().forEach((state) => {
    const fields = state as SpeakerFields;
    if (fields.user?.role === "chair" && fields.speakers && Array.isArray(fields.speakers.queue)) floor = fields.speakers;
  });
  return floor;
}

/** The delegations asking for the floor now (by their stamped code). */
function requests(awareness: Awareness): Set<string> {
  const codes = new Set<string>();
  awareness.getStates().forEach((state) => {
    const fields = state as SpeakerFields;
    if (fields.user?.role === "delegation" && fields.user.code && fields.request) codes.add(fields.user.code);
  });
  return codes;
}

/** The Speakers tab: the list for everyone; the chair's controls; a delegation's request button. */
export function speakersPanel(awareness: Awareness, me: Participant, roster: readonly Participant[], attribution: Attribution): HTMLElement {
  const current = h("p", { class: "floor-current", role: "status", "aria-live": "polite" });
  const queue = h("ol", { class: "floor-queue", "aria-label": strings.speakers.waiting });
  const controls = h("div", { class: "floor-controls" });
  const panel = h("div", { class: "speakers" }, current, h("h3", {}, strings.speakers.waiting), queue, controls);
  const role: Role = me.role;

  // The chair's page keeps the list: requests in the order it heard them.
  let floor: Floor = { speaker: null, queue: [] };
  const publish = () => awareness.setLocalStateField("speakers", floor);
  const give = (code: string | null) => {
    floor = { speaker: code, queue: floor.queue.filter((c) => c !== code) };
    publish();
    render();
  };

  let asking = false;
  const ask = h("button", { type: "button", class: "button primary", id: "request-floor", "aria-pressed": "false" }, strings.speakers.ask);
  ask.addEventListener("click", () => {
    asking = !asking;
    awareness.setLocalStateField("request", asking);
    render();
  });

  const next = h("button", { type: "button", class: "button primary", id: "next-speaker" }, strings.speakers.next);
  next.addEventListener("click", () => give(floor.queue[0] ?? null));
  const end = h("button", { type: "button", class: "button", id: "end-floor" }, strings.speakers.closeFloor);
  end.addEventListener("click", () => give(null));
  const pick = h("select", { id: "give-floor", "aria-label": strings.speakers.giveTo }, h("option", { value: "" }, strings.speakers.giveToChoose), ...delegationsOf(roster).map((p) => h("option", { value: p.code! }, strings.speakers.option(p.code!, p.name))));
  pick.addEventListener("change", () => {
    if (pick.value) give(pick.value);
    pick.value = "";
  });
  if (role === "chair") controls.append(next, end, pick);
  else if (role === "delegation") controls.append(ask);

  const name = (code: string) => {
    const who = authorInfo(roster, code);
    return who.name === code ? code : strings.speakers.nameWithCode(who.name, code);
  };
  const render = () => {
    const shown = role === "chair" ? floor : floorList(awareness);
    current.replaceChildren(shown.speaker ? h("span", {}, strings.speakers.hasFloor, authorChip(roster, shown.speaker), " ", name(shown.speaker)) : h("span", { class: "muted" }, strings.speakers.noFloor));
    queue.replaceChildren(
      ...(shown.queue.length === 0
        ? [h("li", { class: "muted empty" }, strings.speakers.nobodyWaiting)]
        : shown.queue.map((code) => {
            const item = h("li", { "data-code": code }, authorChip(roster, code), " ", name(code));
            if (role === "chair") item.append(" ", h("button", { type: "button", class: "button small", onclick: () => give(code) }, strings.speakers.give));
            return item;
          })),
    );
    if (role === "delegation" && me.code) {
      const place = shown.queue.indexOf(me.code);
      ask.textContent = shown.speaker === me.code ? strings.speakers.youHaveFloor : asking ? (place >= 0 ? strings.speakers.withdrawNumber(place + 1) : strings.speakers.withdraw) : strings.speakers.ask;
      ask.setAttribute("aria-pressed", String(asking));
      ask.disabled = shown.speaker === me.code;
      // Given the floor, the request has been answered.
      if (shown.speaker === me.code && asking) {
        asking = false;
        awareness.setLocalStateField("request", false);
      }
    }
  };

  let lastSpeaker: string | null = null;
  awareness.on("change", () => {
    if (role === "chair") {
      // New requests join the end of the list; withdrawn ones leave it.
      const asked = requests(awareness);
      const kept = floor.queue.filter((c) => asked.has(c));
      const added = [...asked].filter((c) => !kept.includes(c) && c !== floor.speaker);
      if (added.length > 0 || kept.length !== floor.queue.length) {
        floor = { speaker: floor.speaker, queue: [...kept, ...added] };
        publish();
      }
    }
    // The secretariat types for whoever the chair gives the floor to.
    const speaker = floorList(awareness).speaker;
    if (role === "secretariat" && speaker !== lastSpeaker && speaker && attribution.choices.includes(speaker)) attribution.setBy(speaker);
    lastSpeaker = speaker;
    render();
  });
  if (role === "chair") publish();
  render();
  return panel;
}
