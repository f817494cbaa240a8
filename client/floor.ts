import type { Awareness } from "y-protocols/awareness";
import type { PresenceUser } from "../shared/protocol.ts";
import type { Attribution } from "./attribution.ts";
import { floorList } from "./speakers.ts";

/**
 * Who has the floor and where the chair pinned the projector, as the room shares them: in
 * presence (awareness), which the server stamps with each sender's seat. Only the
 * secretariat's state says who has the floor (it types for that delegation), only the
 * chair's where the projector stays; anyone else's `floor` or `pin` is ignored, so a
 * delegation cannot move the projector. Both end when their author's page closes.
 */

/** The presence fields this module writes and reads. */
interface FloorFields {
  user?: Partial<PresenceUser>;
  /** The delegation code the secretariat types for (null: as itself). */
  floor?: string | null;
  /** The chair's pin: a Yjs relative position (JSON) at the start of the pinned block. */
  pin?: unknown;
}

/** The secretariat tells the room whom it types for. */
export function publishFloor(awareness: Awareness, attribution: Attribution): void {
  const publish = () => awareness.setLocalStateField("floor", attribution.by === "secretariat" ? null : attribution.by);
  attribution.onChange(publish);
  publish();
}

/** The chair pins the projector to a block (a relative position as JSON), or unpins it (null). */
export function publishPin(awareness: Awareness, pin: unknown): void {
  awareness.setLocalStateField("pin", pin);
}

/** The delegation with the floor: the one the chair gave it to (speakers.ts), else the one the secretariat types for; null if none. */
export function floorOf(awareness: Awareness): string | null {
  const given = floorList(awareness).speaker;
  if (given) return given;
  let floor: string | null = null;
  awareness.getStates().forEach((state) => {
    const fields = state as FloorFields;
    if (fields.user?.role === "secretariat" && typeof fields.floor === "string") floor = fields.floor;
  });
  return floor;
}

/** The chair's pin (a relative position as JSON), or null. */
export function pinOf(awareness: Awareness): unknown {
  let pin: unknown = null;
  awareness.getStates().forEach((state) => {
    const fields = state as FloorFields;
    if (fields.user?.role === "chair" && fields.pin) pin = fields.pin;
  });
  return pin;
}
