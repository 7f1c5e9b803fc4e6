/** JSON merge patch (RFC 7396): objects merge key by key, `null` removes, anything else replaces. */

export type JsonObject = { [key: string]: unknown };

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Keys that would reach an object's prototype if assigned; never data in a patch. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * `target` with `patch` applied; neither is modified. Paths in `replaceAt` (dotted, e.g.
 * `consents.sms`) are replaced whole instead of merged, for values that only make sense together.
 */
export function applyMergePatch(target: unknown, patch: unknown, replaceAt: ReadonlySet<string> = new Set()): unknown {
  return merge(target, patch, '', replaceAt);
}

// Recursive, but only as deep as the patch: an HTTP body is at most 32 levels (src/domain/json-depth.ts).
function merge(target: unknown, patch: unknown, path: string, replaceAt: ReadonlySet<string>): unknown {
  if (!isJsonObject(patch) || replaceAt.has(path)) return patch;
  const result: JsonObject = isJsonObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (FORBIDDEN_KEYS.has(key)) continue;
    if (value === null) delete result[key];
    else result[key] = merge(result[key], value, path === '' ? key : `${path}.${key}`, replaceAt);
  }
  return result;
}
