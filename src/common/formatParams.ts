/** 7.62e9 → "7.6B", 1.2e6 → "1.2M": parameter counts as people write them. */
export function formatParams(count: number): string {
  const units: [number, string][] = [[1e12, 'T'], [1e9, 'B'], [1e6, 'M'], [1e3, 'K']];
  for (const [size, unit] of units) {
    if (Math.abs(count) >= size) return `${(count / size).toFixed(count / size >= 100 ? 0 : 1)}${unit}`;
  }
  return String(Math.round(count));
}
