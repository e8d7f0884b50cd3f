/**
 * A test program (run with vite-node by control-plane.test.ts): starts etcd through the harness,
 * prints `{"pid": N}` once it is healthy, then waits to be killed. The test SIGKILLs this process
 * and checks that etcd dies with it, which only pdeathsig can achieve. Exits by itself after a
 * minute so that it never lingers.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { startComponent } from "./component-process.js";
import { etcdFlags } from "./component-flags.js";
import { locateControlPlaneBinaries } from "./control-plane-binaries.js";
import { findFreePort } from "./free-port.js";
import { waitUntilHealthy } from "./wait-until-healthy.js";

const runDir = mkdtempSync(join(tmpdir(), "podvisor-pdeathsig-"));
const clientUrl = `http://127.0.0.1:${await findFreePort()}`;
const peerUrl = `http://127.0.0.1:${await findFreePort()}`;
const binaries = locateControlPlaneBinaries(["etcd"]);
const flags = etcdFlags(join(runDir, "etcd-data"), clientUrl, peerUrl);
const etcd = startComponent("etcd", binaries.path("etcd"), flags, join(runDir, "etcd.log"));
await waitUntilHealthy(etcd, { url: `${clientUrl}/health` }, 60_000);
console.log(JSON.stringify({ pid: etcd.pid, runDir }));
await sleep(60_000);
await etcd.stop();
