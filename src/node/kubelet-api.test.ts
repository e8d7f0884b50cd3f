import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Pod } from "../api/index.js";
import { StateStore } from "../store/index.js";
import { FakeClock } from "../shared/testing/fake-clock.js";
import { silentLogger, type Logger } from "../shared/index.js";
import type { KubeletServer } from "./kubelet-server.js";
import { startKubeletApi } from "./kubelet-api.js";
import type { KubeRequester } from "./pod-status-manager.js";

const t0 = Date.UTC(2026, 0, 1);
const quiet: Logger = silentLogger;

const pod: Pod = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "chatty", namespace: "team", uid: "u1" },
  spec: { containers: [{ name: "app", image: "x" }] },
  status: {
    phase: "Running",
    containerStatuses: [
      {
        name: "app",
        image: "x",
        imageID: "",
        ready: true,
        restartCount: 1,
        state: { terminated: { exitCode: 0, reason: "Completed" } },
        lastState: { terminated: { exitCode: 1, reason: "Error" } },
      },
    ],
  },
};

/** A CA and a client certificate it signs (CN kube-apiserver-kubelet-client, O system:masters). */
function clientPki(dir: string) {
  const openssl = (args: string[]) => execFileSync("openssl", args, { stdio: "ignore" });
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];
  openssl(
    ["req", "-x509", ...ec, "-keyout", join(dir, "ca.key"), "-out", join(dir, "ca.crt")].concat([
      "-days",
      "1",
      "-subj",
      "/CN=test-ca",
    ]),
  );
  openssl(
    ["req", ...ec, "-keyout", join(dir, "client.key"), "-out", join(dir, "client.csr")].concat([
      "-subj",
      "/O=system:masters/CN=kube-apiserver-kubelet-client",
    ]),
  );
  writeFileSync(join(dir, "client.ext"), "extendedKeyUsage=clientAuth\n");
  openssl(
    ["x509", "-req", "-in", join(dir, "client.csr"), "-CA", join(dir, "ca.crt")]
      .concat(["-CAkey", join(dir, "ca.key"), "-CAcreateserial", "-days", "1"])
      .concat(["-extfile", join(dir, "client.ext"), "-out", join(dir, "client.crt")]),
  );
  return {
    caFile: join(dir, "ca.crt"),
    cert: readFileSync(join(dir, "client.crt")),
    key: readFileSync(join(dir, "client.key")),
  };
}

let dir: string;
let server: KubeletServer;
let client: ReturnType<typeof clientPki>;
const reviews: unknown[] = [];
let isAllowed = true;
const clock = new FakeClock(t0 + 60_000);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "podvisor-kubelet-api-"));
  client = clientPki(dir);
  const store = new StateStore(join(dir, "state"), { id: "node-1", pid: 1, argv: [], startedAt: "" });
  store.recordPod(pod);
  const line = (text: string, i: number) => ({
    stream: "stdout" as const,
    timeMs: t0 + i * 1000,
    text,
    partial: false,
  });
  ["first 0", "first 1"].forEach((text, i) => store.recordLog(pod, "app", 0, line(text, i)));
  ["second 0", "second 1", "second 2"].forEach((text, i) =>
    store.recordLog(pod, "app", 1, line(text, 10 + i)),
  );
  await store.close(0, "2026-01-01T01:00:00Z");
  const api: KubeRequester = {
    requestJson: (_method, path, body) => {
      reviews.push(body);
      if (path.endsWith("/tokenreviews")) {
        const isGood = (body as { spec: { token: string } }).spec.token === "sa-token";
        return Promise.resolve({
          status: isGood
            ? { authenticated: true, user: { username: "system:serviceaccount:team:reader", groups: [] } }
            : { authenticated: false },
        });
      }
      return Promise.resolve({ status: { allowed: isAllowed } });
    },
  };
  server = await startKubeletApi({
    nodeName: "edge-1",
    address: "127.0.0.1",
    port: 0,
    nodeAddresses: ["127.0.0.1"],
    clientCaFile: client.caFile,
    isTokenWebhookEnabled: true,
    isAnonymousEnabled: false,
    authorizationMode: "Webhook",
    client: api,
    clock,
    logger: quiet,
    run: { id: "node-1", dir: store.runDir },
  });
});

afterAll(async () => {
  await server?.close();
});

function get(
  path: string,
  withCertificate = true,
  bearerToken?: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port: server.port,
        path,
        rejectUnauthorized: false,
        ...(withCertificate ? { cert: client.cert, key: client.key } : {}),
        ...(bearerToken !== undefined ? { headers: { Authorization: `Bearer ${bearerToken}` } } : {}),
      },
      (response) => {
        let body = "";
        response.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    req.on("error", reject);
    req.end();
  });
}

describe("the kubelet API of podvisor node", () => {
  it("refuses a caller without a client certificate the client CA signed: 401 Unauthorized", async () => {
    expect(await get("/containerLogs/team/chatty/app", false)).toEqual({ status: 401, body: "Unauthorized" });
  });

  it("a bearer token goes to a TokenReview: accepted, its user is authorized by a SubjectAccessReview; rejected, 401", async () => {
    expect((await get("/containerLogs/team/chatty/app", false, "sa-token")).status).toBe(200);
    expect(reviews.at(-1)).toMatchObject({
      kind: "SubjectAccessReview",
      spec: { user: "system:serviceaccount:team:reader", groups: ["system:authenticated"] },
    });
    expect(await get("/containerLogs/team/chatty/app", false, "forged")).toEqual({
      status: 401,
      body: "Unauthorized",
    });
  });

  it("asks the API server (SubjectAccessReview) whether the certificate's user may get nodes/proxy", async () => {
    isAllowed = false;
    const denied = await get("/containerLogs/team/chatty/app?tailLines=1");
    isAllowed = true;
    // The webhook authorizer's cache keeps a denial 30 s, an allowance 5 min.
    const asked = reviews.length;
    expect((await get("/containerLogs/team/chatty/app")).status).toBe(403);
    await clock.advance(30_000);
    expect((await get("/containerLogs/team/chatty/app")).status).toBe(200);
    expect((await get("/containerLogs/team/chatty/app")).status).toBe(200);
    expect(reviews.length).toBe(asked + 1);
    expect(denied).toEqual({
      status: 403,
      body: "Forbidden (user=kube-apiserver-kubelet-client, verb=get, resource=nodes, subresource(s)=[proxy])\n",
    });
    expect(reviews.at(-1)).toMatchObject({
      kind: "SubjectAccessReview",
      spec: {
        user: "kube-apiserver-kubelet-client",
        groups: ["system:masters", "system:authenticated"],
        resourceAttributes: { verb: "get", resource: "nodes", subresource: "proxy", name: "edge-1" },
      },
    });
  });

  it("serves the current instance's log, --tail, --timestamps and --limit-bytes as the kubelet does", async () => {
    expect(await get("/containerLogs/team/chatty/app")).toEqual({
      status: 200,
      body: "second 0\nsecond 1\nsecond 2\n",
    });
    expect((await get("/containerLogs/team/chatty/app?tailLines=1&timestamps=true")).body).toBe(
      "2026-01-01T00:00:12.000000000Z second 2\n",
    );
    expect((await get("/containerLogs/team/chatty/app?limitBytes=12")).body).toBe("second 0\nsec");
    // now is t0 + 90 s: sinceSeconds=79 keeps the records from t0 + 11 s on.
    expect((await get("/containerLogs/team/chatty/app?sinceSeconds=79")).body).toBe("second 1\nsecond 2\n");
  });

  it("--previous reads the instance before the last restart", async () => {
    expect((await get("/containerLogs/team/chatty/app?previous=true")).body).toBe("first 0\nfirst 1\n");
  });

  it("answers an unknown pod or container 404 and an invalid query 422, in the kubelet's words", async () => {
    expect(await get("/containerLogs/team/nobody/app")).toEqual({
      status: 404,
      body: 'pod "nobody" does not exist',
    });
    expect(await get("/containerLogs/team/chatty/db")).toEqual({
      status: 404,
      body: 'container "db" not found in pod "chatty"',
    });
    expect(await get("/containerLogs/team/chatty/app?tailLines=-1")).toEqual({
      status: 422,
      body: '{"message": "Invalid request."}',
    });
    expect((await get("/containerLogs/team/chatty/app?follow=maybe")).status).toBe(400);
  });

  it("answers kubectl exec, attach and port-forward with 501 Not Implemented", async () => {
    const answer = await get("/exec/team/chatty/app?command=sh");
    expect(answer.status).toBe(501);
    expect(answer.body).toContain("podvisor node does not serve exec");
  });
});

describe("which container instance the log route serves", () => {
  it("is the one the pod's worker reported last, when the state directory's pod file still lags it", async () => {
    const stateDir = mkdtempSync(join(tmpdir(), "podvisor-kubelet-logs-"));
    const store = new StateStore(stateDir, { id: "node-2", pid: 1, argv: [], startedAt: "" });
    const [status] = pod.status?.containerStatuses ?? [];
    const stale: Pod = {
      ...pod,
      status: { phase: "Running", containerStatuses: [{ ...status!, restartCount: 0, lastState: {} }] },
    };
    store.recordPod(stale);
    const line = (text: string) => ({ stream: "stdout" as const, timeMs: t0, text, partial: false });
    store.recordLog(pod, "app", 0, line("instance 0"));
    store.recordLog(pod, "app", 1, line("instance 1"));
    await store.close(0, "2026-01-01T01:00:00Z");
    const serve = (currentPod?: (namespace: string, name: string) => Pod | undefined) =>
      startKubeletApi({
        nodeName: "edge-2",
        address: "127.0.0.1",
        port: 0,
        nodeAddresses: ["127.0.0.1"],
        isTokenWebhookEnabled: false,
        isAnonymousEnabled: true,
        authorizationMode: "AlwaysAllow",
        client: { requestJson: () => Promise.reject(new Error("not asked")) },
        clock,
        logger: quiet,
        run: { id: "node-2", dir: store.runDir },
        ...(currentPod !== undefined ? { currentPod } : {}),
      });
    const logsFrom = async (api: KubeletServer) => {
      try {
        return await getFrom(api.port, "/containerLogs/team/chatty/app");
      } finally {
        await api.close();
      }
    };
    expect((await logsFrom(await serve())).body).toBe("instance 0\n");
    const current = (namespace: string, name: string) =>
      namespace === "team" && name === "chatty" ? pod : undefined;
    expect((await logsFrom(await serve(current))).body).toBe("instance 1\n");
  });
});

function getFrom(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, rejectUnauthorized: false }, (res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}
