/**
 * Waits until a component's health endpoint answers 200 (`/readyz` for the API server,
 * `/healthz` for the others, `/health` for etcd), polling a bounded number of times and giving up
 * at once if the component exits. The error carries the last answer and the log tail.
 */
import { request as httpRequest } from "node:http";
import { request as httpsRequest, type RequestOptions } from "node:https";
import { setTimeout as sleep } from "node:timers/promises";
import { logTail, type ComponentProcess } from "./component-process.js";

export interface HealthProbe {
  url: string;
  /** TLS material for https URLs (CA, client certificate); omitted for plain http. */
  tls?: Pick<RequestOptions, "ca" | "cert" | "key" | "rejectUnauthorized">;
}

const pollIntervalMs = 250;

function probeOnce(probe: HealthProbe): Promise<{ status: number; body: string }> {
  const url = new URL(probe.url);
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, { ...probe.tls, timeout: 5_000 }, (res) => {
      let body = "";
      res.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("timeout", () => req.destroy(new Error("timed out")));
    req.on("error", reject);
    req.end();
  });
}

export async function waitUntilHealthy(
  component: ComponentProcess,
  probe: HealthProbe,
  timeoutMs: number,
): Promise<void> {
  let lastAnswer = "no answer yet";
  for (let attempt = 0; attempt * pollIntervalMs < timeoutMs; attempt++) {
    if (component.hasExited()) {
      const exit = await component.exited;
      throw new Error(
        `${component.name} exited (code ${exit.code}, signal ${exit.signal}) before ${probe.url} answered 200; ` +
          `log ${component.logPath}:\n${logTail(component.logPath)}`,
      );
    }
    try {
      const answer = await probeOnce(probe);
      if (answer.status === 200) return;
      lastAnswer = `HTTP ${answer.status}: ${answer.body.trim().split("\n").slice(-8).join(" | ")}`;
    } catch (error) {
      lastAnswer = (error as Error).message;
    }
    await sleep(pollIntervalMs);
  }
  throw new Error(
    `${component.name} was not healthy after ${timeoutMs} ms (${probe.url}: ${lastAnswer}); ` +
      `log ${component.logPath}:\n${logTail(component.logPath)}`,
  );
}
