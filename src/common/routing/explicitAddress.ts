/** A leading `@target` in a prompt addresses an expert or category explicitly and beats the router. */
export interface ExplicitAddress {
  target: string;
  /** The prompt with the address removed (what the expert receives). */
  rest: string;
}

const LEADING_ADDRESS = /^\s*@([A-Za-z0-9][A-Za-z0-9_.-]{0,63})(?=\s|$|[,:])[,:]?\s*/;

/** Returns the explicit address when the prompt starts with `@id` and `id` is one of `known`. */
export function parseExplicitAddress(text: string, known: ReadonlySet<string>): ExplicitAddress | null {
  const match = LEADING_ADDRESS.exec(text);
  if (!match) return null;
  const target = match[1].toLowerCase();
  if (!known.has(target)) return null;
  return { target, rest: text.slice(match[0].length) };
}
