import { renderSVG } from "uqr";
import { copyButton } from "./copy-button.ts";
import { h } from "./dom.ts";
import { openModal } from "./modal.ts";

/**
 * A join link shown again, large, with its QR code: the secretariat puts the projector's link on
 * the screen for the room to scan, or hands a delegate's to its phone, without reading out a
 * 60-character address. (uqr draws the code as SVG from the link's bytes: no text of the link
 * becomes markup.)
 */
export function showLink(seat: string, link: string): void {
  const codeId = "shown-link";
  const qr = h("div", { class: "qr", role: "img", "aria-label": `QR code of the link for ${seat}` });
  qr.innerHTML = renderSVG(link, { ecc: "M", border: 2, pixelSize: 8 });
  const close = h("button", { type: "submit", class: "button primary" }, "Close");
  const dialog = h(
    "dialog",
    { class: "link-dialog", "aria-labelledby": "link-dialog-title" },
    h(
      "form",
      { method: "dialog" },
      h("h2", { id: "link-dialog-title" }, `Link for ${seat}`),
      qr,
      h("p", { class: "link-wrap" }, h("code", { id: codeId, class: "link" }, link), copyButton(link, seat, codeId)),
      h("p", { class: "hint" }, "Whoever opens this link takes this seat. Reissue it from the roster to cut it off."),
      h("div", { class: "dialog-buttons" }, close),
    ),
  );
  void openModal(dialog, close);
}
