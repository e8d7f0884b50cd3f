/**
 * httpGet probes (`pkg/probe/http` DoHTTPProbe): 200–299 is Success; 300–399 (a redirect the
 * client did not follow: to another host, a 3xx without `Location`, 300/304) is a Success with a
 * warning, `Probe terminated redirects, Response body: <body>` (the kubelet's `ProbeWarning`);
 * another status fails with `HTTP probe failed with statuscode: <code>`; a transport error, the
 * 10th redirect or the timeout fails with Go's error text.
 */
import type { Container, HTTPGetAction } from "../api/index.js";
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
  if (result.statusCode >= 200 && result.statusCode < 300)
    return { outcome: "Success", message: result.body };
  if (result.statusCode >= 300 && result.statusCode < 400)
    return {
      outcome: "Success",
      message: `Probe terminated redirects, Response body: ${result.body}`,
      isWarning: true,
    };
  return { outcome: "Failure", message: `HTTP probe failed with statuscode: ${result.statusCode}` };
}
