import { renderSVG } from "uqr";
import { copyButton } from "./copy-button.ts";
import { h } from "./dom.ts";
import { openModal } from "./modal.ts";
import { strings } from "./ui-text/index.ts";

/**
 * A join link shown again, large, with its QR code: the secretariat puts the projector's link on
 * the screen for the room to scan, or hands a delegate's to its phone, without reading out a
 * 60-character address. (uqr draws the code as SVG from the link's bytes: no text of the link
 * becomes markup.)
 */
export function showLink(seat: string, link: string): void {
  const codeId = "shown-link";
  const qr = h("div", { class: "qr", role: "img", "aria-label": strings.links.qrOf(seat) });
  qr.innerHTML = renderSVG(link, { ecc: "M", border: 2, pixelSize: 8 });
  const close = h("button", { type: "submit", class: "button primary" }, strings.dialog.close);
  const dialog = h(
    "dialog",
    { class: "link-dialog", "aria-labelledby": "link-dialog-title" },
    h(
      "form",
      { method: "dialog" },
      h("h2", { id: "link-dialog-title" }, strings.links.linkFor(seat)),
      qr,
      h("p", { class: "link-wrap" }, h("code", { id: codeId, class: "link" }, link), copyButton(link, seat, codeId)),
      h("p", { class: "hint" }, strings.links.whoeverOpens),
      h("div", { class: "dialog-buttons" }, close),
    ),
  );
  void openModal(dialog, close);
}
