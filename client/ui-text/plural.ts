/** The noun for a count: `one` for exactly 1, else `many` ("change", "changes"). */
export function noun(n: number, one: string, many = `${one}s`): string {
  return n === 1 ? one : many;
}

/** A count with its noun: "1 change", "0 changes", "3 changes". */
export function counted(n: number, one: string, many = `${one}s`): string {
  return `${n} ${noun(n, one, many)}`;
}
