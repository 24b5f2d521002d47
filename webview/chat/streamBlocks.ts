// Where a streaming markdown answer can be cut into blocks that render the same on their own, and
// whether it ends inside an open code fence. Pure string work: no DOM, unit-tested in Node.

/** A fenced code block that has started but not yet closed at the end of the text. */
export interface OpenFence {
  /** Index of the opening fence line. */
  start: number;
  /** Index of the first character of code (after the opening line's newline). */
  codeStart: number;
  /** The first word of the info string ("ts" for "```ts title"), "" when none. */
  language: string;
}

export interface StreamScan {
  /**
   * Indexes after which the text before can be rendered alone, ascending: after a blank line outside
   * any fence, and after the closing line of a fence that opened at column 0 (such a fence is never
   * inside a list or quote, and ends its block). Complete lines only: the last, unfinished line is
   * never cut.
   */
  boundaries: number[];
  openFence: OpenFence | null;
}

const FENCE_OPEN = /^( {0,3})(`{3,}|~{3,})(.*)$/;
const FENCE_CLOSE = /^ {0,3}(`{3,}|~{3,})[ \t]*$/;

/** Scans `text` from `from`, which must be the start of a block outside any fence. */
export function scanStream(text: string, from: number): StreamScan {
  const boundaries: number[] = [];
  let fence: { marker: string; indent: number; start: number; codeStart: number; language: string } | null = null;
  let lineStart = from;
  while (lineStart < text.length) {
    const newline = text.indexOf('\n', lineStart);
    if (newline === -1) break;
    const line = text.slice(lineStart, newline).replace(/\r$/, '');
    if (fence === null) {
      const open = FENCE_OPEN.exec(line);
      // A backtick fence's info string cannot contain backticks (CommonMark); "```a`" is inline code.
      if (open && !(open[2][0] === '`' && open[3].includes('`'))) {
        fence = { marker: open[2], indent: open[1].length, start: lineStart, codeStart: newline + 1, language: open[3].trim().split(/\s+/)[0] ?? '' };
      } else if (line.trim() === '') {
        boundaries.push(newline + 1);
      }
    } else {
      const close = FENCE_CLOSE.exec(line);
      if (close && close[1][0] === fence.marker[0] && close[1].length >= fence.marker.length) {
        if (fence.indent === 0) boundaries.push(newline + 1);
        fence = null;
      }
    }
    lineStart = newline + 1;
  }
  const openFence = fence && { start: fence.start, codeStart: fence.codeStart, language: fence.language };
  return { boundaries, openFence };
}

/**
 * Groups the text from `from` to the last boundary into slices of at most `maxChars` each (a single
 * block longer than that is a slice of its own), so that each slice is cheap to render. Returns the
 * end index of each slice, ascending; empty when there is no boundary.
 */
export function sliceEnds(boundaries: readonly number[], from: number, maxChars: number): number[] {
  const ends: number[] = [];
  let sliceStart = from;
  let candidate = -1;
  for (const boundary of boundaries) {
    if (boundary <= sliceStart) continue;
    if (boundary - sliceStart <= maxChars) {
      candidate = boundary;
      continue;
    }
    // This boundary would overflow the slice: close it at the last one that fitted (or here, when
    // even the first block is too long).
    const end = candidate > sliceStart ? candidate : boundary;
    ends.push(end);
    sliceStart = end;
    candidate = boundary > sliceStart && boundary - sliceStart <= maxChars ? boundary : -1;
    if (boundary > sliceStart && candidate === -1) {
      ends.push(boundary);
      sliceStart = boundary;
    }
  }
  if (candidate > sliceStart) ends.push(candidate);
  return ends;
}
