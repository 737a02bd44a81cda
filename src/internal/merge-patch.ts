/**
 * JSON merge patch (RFC 7386), as `kubectl patch --type merge` applies it: objects merge
 * recursively, `null` deletes a key, anything else replaces. Returns a new value; inputs are untouched.
 */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return structuredClone(patch);
  const base: Record<string, unknown> =
    target !== null && typeof target === 'object' && !Array.isArray(target)
      ? { ...(target as Record<string, unknown>) }
      : {};
  for (const [key, value] of Object.entries(patch as Record<string, unknown>)) {
    // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- RFC 7386: null removes the key
    if (value === null) delete base[key];
    else base[key] = applyMergePatch(base[key], value);
  }
  return base;
}
