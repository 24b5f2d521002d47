/**
 * Trace files for the simulator, in either of two shapes (detected by the first non-blank character):
 * - a JSON array of expert ids, or of objects with an `expert` field: `["code", "math", {"expert": "code"}]`;
 * - JSON Lines, one routing decision per line with an `expert` field (what the decision log exports);
 *   a line may also be a bare JSON string. Blank lines are skipped; other fields are ignored.
 */
export class TraceFormatError extends Error {
  override readonly name = 'TraceFormatError';
}

function expertOf(item: unknown, where: string): string {
  if (typeof item === 'string' && item.length > 0) return item;
  if (typeof item === 'object' && item !== null && !Array.isArray(item)) {
    const expert = (item as Record<string, unknown>).expert;
    if (typeof expert === 'string' && expert.length > 0) return expert;
  }
  throw new TraceFormatError(`${where}: expected an expert id or an object with a non-empty "expert" string`);
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new TraceFormatError(`${where}: not valid JSON (${reason})`);
  }
}

/** Returns the expert id of each request in order. Throws TraceFormatError naming the bad line or item. */
export function parseTrace(text: string): string[] {
  const trimmed = text.trim();
  if (trimmed.length === 0) return [];
  if (trimmed.startsWith('[')) {
    const items = parseJson(trimmed, 'trace');
    if (!Array.isArray(items)) throw new TraceFormatError('trace: expected a JSON array');
    return items.map((item, index) => expertOf(item, `trace item ${index}`));
  }
  const experts: string[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim().length === 0) return;
    const where = `trace line ${index + 1}`;
    experts.push(expertOf(parseJson(line, where), where));
  });
  return experts;
}
