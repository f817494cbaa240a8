/**
 * Colours every view of a draft shares (the editor, the HTML export, compare): the seats'
 * that are not delegations, and the imported draft's. Delegations get theirs from the server
 * when their seats are made (server/participants.ts).
 */

/** The chair's, the secretariat's and the observer's colours. */
export const ROLE_COLOURS = {
  chair: "#6a1b9a",
  secretariat: "#37474f",
  observer: "#8d8d8d",
} as const;

/**
 * Changes the uploaded draft already carried, whose authors it does not record: a neutral
 * slate, far from every delegation's colour (the reference draft's 81 strikes are not
 * anyone's proposals made in the room).
 */
export const IMPORTED_COLOUR = "#6b7785";
