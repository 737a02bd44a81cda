/** Times as Verrazzano writes them in status (metav1.Time): RFC 3339, second precision. */

/** Formats a time as Go's RFC 3339 with second precision (`2021-06-22T21:03:58Z`), as Verrazzano writes condition times. */
export function rfc3339(time: Date): string {
  // A plan formats the same `now` for every condition it writes: remember the last one.
  const ms = time.getTime();
  if (ms !== lastFormatted.ms) lastFormatted = { ms, text: time.toISOString().replace(/\.\d{3}Z$/, 'Z') };
  return lastFormatted.text;
}
let lastFormatted = { ms: Number.NaN, text: '' };
