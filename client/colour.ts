/**
 * Colours of delegations. The server assigns each delegation a colour ("#rrggbb"); text drawn on it
 * must stay readable on a projector, so we pick black or white by the WCAG contrast ratio.
 */

const HEX = /^#([0-9a-f]{6})$/i;

/** The fallback colour for a participant whose colour is missing or malformed. */
export const NEUTRAL_COLOUR = "#5b6770";

/** Returns the colour if it is a "#rrggbb" string, else the neutral colour (never trusts raw CSS from the wire). */
export function safeColour(colour: unknown): string {
  return typeof colour === "string" && HEX.test(colour) ? colour : NEUTRAL_COLOUR;
}

function luminance(colour: string): number {
  const value = parseInt(safeColour(colour).slice(1), 16);
  const channels = [(value >> 16) & 255, (value >> 8) & 255, value & 255].map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * channels[0]! + 0.7152 * channels[1]! + 0.0722 * channels[2]!;
}

/** The text colour (near-black or white) with the higher contrast on the given background. */
export function readableTextOn(background: string): string {
  const l = luminance(background);
  const onBlack = (l + 0.05) / 0.05;
  const onWhite = 1.05 / (l + 0.05);
  return onBlack >= onWhite ? "#111111" : "#ffffff";
}
