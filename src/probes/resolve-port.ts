/**
 * kubelet `resolvePort`: a port by number, by a numeric string, or by the name of one of the
 * container's ports; otherwise the kubelet's error text.
 */
import type { Container } from "../api/index.js";

export function resolveContainerPort(
  port: number | string,
  container: Container,
): { port: number } | { error: string } {
  if (typeof port === "number") return { port };
  if (/^\d+$/.test(port)) return { port: Number(port) };
  const named = container.ports?.find((p) => p.name === port);
  if (named) return { port: named.containerPort };
  return { error: `couldn't find port: ${port} in ${container.name}` };
}
