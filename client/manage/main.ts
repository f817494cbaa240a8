import { addDelegation, fetchMe, fetchParticipants, reissueParticipant, revokeParticipant } from "../api.ts";
import { confirmAction } from "../confirm-dialog.ts";
import type { Me, Participant } from "../api.ts";
import { byId, h } from "../dom.ts";
import { sessionIdFromPath, sessionPath } from "../route.ts";
import { sessionTokenKey, takeToken } from "../token.ts";
import { knownLinks, rememberLink, seatOf } from "../known-links.ts";
import { showPageError } from "../page-error.ts";
import { rosterTable } from "./roster-table.ts";
import { strings } from "../ui-text/index.ts";

/** How often the connected column is refreshed while the page is open. */
const REFRESH_MS = 5000;

/**
 * The links page (`/s/:id/manage`) for the chair and the secretariat: the roster with live
 * connected state, the links this tab knows, and revoke / reissue for each participant.
 */
export async function startManagePage(): Promise<void> {
  const sessionId = sessionIdFromPath(location.pathname);
  if (!sessionId) return showPageError(strings.pageError.notASession);
  const token = takeToken(sessionTokenKey(sessionId));
  if (!token) return showPageError(strings.manage.openFromLink);
  const answer = await fetchMe(sessionId, token);
  if (!answer.ok) return showPageError(answer.error);
  const { me, session } = answer.value;
  if (me.role !== "chair" && me.role !== "secretariat") return showPageError(strings.manage.onlyChairSecretariat);
  new ManagePage(sessionId, token, answer.value).start(session.title);
}

class ManagePage {
  private readonly message = byId("message");
  private readonly tableHost = byId("roster");

  constructor(
    private readonly sessionId: string,
    private readonly token: string,
    private readonly me: Me,
  ) {}

  start(title: string): void {
    byId("session-title").textContent = title;
    document.title = strings.manage.documentTitle(title);
    byId("back").setAttribute("href", sessionPath(this.sessionId));
    byId("refresh").addEventListener("click", () => void this.refresh());
    byId<HTMLFormElement>("add-seat").addEventListener("submit", (event) => {
      event.preventDefault();
      void this.addSeat();
    });
    void this.refresh();
    setInterval(() => void this.refresh(), REFRESH_MS);
  }

  private async refresh(): Promise<void> {
    const answer = await fetchParticipants(this.sessionId, this.token);
    if (!answer.ok) return this.say(answer.error, "error");
    this.render(answer.value.participants);
  }

  private render(participants: Participant[]): void {
    // Keep keyboard focus on the same button across a re-render.
    const focused = document.activeElement instanceof HTMLElement && this.tableHost.contains(document.activeElement) ? document.activeElement.getAttribute("aria-label") : null;
    const table = rosterTable(participants, knownLinks(this.sessionId), this.me.me, {
      revoke: (p) => void this.revoke(p),
      reissue: (p) => void this.reissue(p),
    });
    this.tableHost.replaceChildren(table);
    if (focused) table.querySelector<HTMLElement>(`[aria-label="${CSS.escape(focused)}"]`)?.focus();
  }

  /** Seats a delegation arriving late: its link goes into the roster (this tab remembers it). */
  private async addSeat(): Promise<void> {
    const code = byId<HTMLInputElement>("seat-code");
    const name = byId<HTMLInputElement>("seat-name");
    if (!code.value.trim() || !name.value.trim()) return this.say(strings.manage.giveCodeAndName, "error");
    const answer = await addDelegation(this.sessionId, { code: code.value.trim(), name: name.value.trim() }, this.token);
    if (!answer.ok) return this.say(answer.error, "error");
    const { participant, link } = answer.value;
    rememberLink(this.sessionId, seatOf(participant), link);
    this.say(strings.manage.seated(participant.name, participant.code ?? ""), "ok");
    code.value = "";
    name.value = "";
    await this.refresh();
  }

  private async revoke(p: Participant): Promise<void> {
    const sure = await confirmAction({
      title: strings.manage.revokeTitle(p.name),
      message: strings.manage.revokeMessage(p.name),
      confirm: strings.manage.revokeConfirm,
      danger: true,
    });
    if (!sure) return;
    const answer = await revokeParticipant(this.sessionId, p.id, this.token);
    if (!answer.ok) return this.say(answer.error, "error");
    rememberLink(this.sessionId, seatOf(p), null);
    this.say(strings.manage.revoked(p.name), "ok");
    await this.refresh();
  }

  private async reissue(p: Participant): Promise<void> {
    const sure = await confirmAction({
      title: strings.manage.reissueTitle(p.name),
      message: strings.manage.reissueMessage(p.name),
      confirm: strings.manage.reissueConfirm,
      danger: true,
    });
    if (!sure) return;
    const answer = await reissueParticipant(this.sessionId, p.id, this.token);
    if (!answer.ok) return this.say(answer.error, "error");
    rememberLink(this.sessionId, seatOf(p), answer.value.link);
    this.say(strings.manage.reissued(p.name), "ok");
    await this.refresh();
  }

  private say(text: string, kind: "ok" | "error"): void {
    this.message.replaceChildren(h("p", { class: `notice ${kind}` }, text));
  }
}

startManagePage().catch((error: unknown) => showPageError(error instanceof Error ? error.message : String(error)));
