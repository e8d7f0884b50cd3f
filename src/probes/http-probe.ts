/**
 * httpGet probes (`pkg/probe/http` DoHTTPProbe): 200–399 is Success (3xx is not followed; the
 * kubelet follows same-host redirects and reports other ones as a success with a warning);
 * another status fails with `HTTP probe failed with statuscode: <code>`; a transport error or the
 * timeout fails with Go's error text.
 */
import type { Container, HTTPGetAction } from "../api/types.js";
import { httpGet, httpGetTarget } from "./http-get.js";
import { KUBE_VERSION, type ProbeRun } from "./probe-outcome.js";

export async function runHttpProbe(
  action: HTTPGetAction,
  container: Container,
  podIP: string,
  timeoutMs: number,
): Promise<ProbeRun> {
  const target = httpGetTarget(action, container, podIP, `kube-probe/${KUBE_VERSION}`);
  if ("error" in target) return { outcome: "Unknown", message: target.error };
  const result = await httpGet(target, timeoutMs);
  if (result.kind === "error") return { outcome: "Failure", message: result.message };
  if (result.statusCode >= 200 && result.statusCode < 400)
    return { outcome: "Success", message: result.body };
  return { outcome: "Failure", message: `HTTP probe failed with statuscode: ${result.statusCode}` };
}
