/** Where `s` is, or would be inserted, in strings sorted by JavaScript's `<` (binary search from `from`). */
export function lowerBound(sorted: readonly string[], s: string, from = 0): number {
  let lo = from;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < s) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
