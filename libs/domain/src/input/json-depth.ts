/**
 * The deepest nesting of arrays and objects in a JSON text, found by scanning its bytes once
 * (strings skipped), before anything parses it: a body nested 100,000 levels deep is refused
 * without a recursive parser or validator ever seeing it. Stops counting past `limit`.
 */
export function jsonNestingDepth(bytes: Uint8Array, limit = Number.MAX_SAFE_INTEGER): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (inString) {
      if (b === 0x5c)
        i++; // backslash: skip the escaped character
      else if (b === 0x22) inString = false;
    } else if (b === 0x22) inString = true;
    else if (b === 0x7b || b === 0x5b) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if (b === 0x7d || b === 0x5d) depth--;
  }
  return max;
}
