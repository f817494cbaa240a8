import { h } from "./dom.ts";
import { strings } from "./ui-text/index.ts";

/**
 * A button that copies a text (a join link) to the clipboard and says so. Falls back to a
 * selected hidden textarea where the Clipboard API is refused (plain http on a LAN, for example).
 */
export function copyButton(text: string, label: string, describedBy?: string): HTMLButtonElement {
  const button = h("button", { type: "button", class: "button copy", "aria-describedby": describedBy }, strings.links.copy);
  button.setAttribute("aria-label", strings.links.copyFor(label));
  button.addEventListener("click", async () => {
    const copied = await copyText(text);
    button.textContent = copied ? strings.links.copied : strings.links.selectAndCopy;
    button.classList.toggle("copied", copied);
    setTimeout(() => {
      button.textContent = strings.links.copy;
      button.classList.remove("copied");
    }, 2000);
  });
  return button;
}

/** Copies text to the clipboard; resolves false if the browser refused. */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = h("textarea", { class: "offscreen", readonly: true, "aria-hidden": "true" });
    area.value = text;
    document.body.append(area);
    area.select();
    const ok = document.execCommand("copy");
    area.remove();
    return ok;
  }
}
