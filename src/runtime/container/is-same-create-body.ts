import { isDeepStrictEqual } from "node:util";

/**
 * Whether a container created with `prepared` is the one a create with `body` would make now:
 * the two bodies as the engine receives them (JSON: the order of keys and `undefined` fields do
 * not count) are deeply equal. Anything else — another image ID, env value, mount, pod address —
 * and the prepared container is not used (docs/container-backend.md).
 */
export function isSameCreateBody(prepared: Record<string, unknown>, body: Record<string, unknown>): boolean {
  return isDeepStrictEqual(asSent(prepared), asSent(body));
}

function asSent(body: Record<string, unknown>): unknown {
  return JSON.parse(JSON.stringify(body));
}
