/**
 * `podvisor ui` end to end: the built CLI runs a pod (`podvisor run`) while `podvisor ui` serves
 * the same state directory, and headless Chromium (Debian's, driven by playwright-core) reads the
 * pages. The pod's containers wait for gate files the test creates once the page shows the state
 * before, so every step is synchronised on what the page shows, never on time. Screenshots go to
 * test-artifacts/ui/ (gitignored); their paths are printed.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliPath, repoRoot } from "./run-cli.js";

const chromiumPath = "/usr/bin/chromium";
const artifacts = join(repoRoot, "test-artifacts", "ui");
const waitMs = 20_000;

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

const started: Started[] = [];

function podvisor(args: string[], stateDir: string): Started {
  const child = spawn(process.execPath, [cliPath, ...args, "--state-dir", stateDir], {
    cwd: repoRoot,
    env: { ...process.env, NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  const process_ = { child, output: () => output, exited };
  started.push(process_);
  return process_;
}

/** Resolves with the URL `podvisor ui` prints, or rejects with its output if it exits first. */
async function uiUrl(ui: Started): Promise<string> {
  for (;;) {
    const url = /http:\/\/\S+\//.exec(ui.output())?.[0];
    if (url !== undefined) return url;
    const exited = await Promise.race([ui.exited.then(() => true), once(ui.child.stdout, "data")]);
    if (exited === true) throw new Error(`podvisor ui exited: ${ui.output()}`);
  }
}

function once(stream: NodeJS.ReadableStream | null, event: string): Promise<false> {
  return new Promise((resolve) => stream?.once(event, () => resolve(false)));
}

async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(artifacts, { recursive: true });
  const path = join(artifacts, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  console.log(`screenshot: ${path}`);
}

/** The STATUS cell of the pod's row, once it reads `status`. */
async function waitForStatus(page: Page, status: string): Promise<void> {
  const exactly = new RegExp(`^${status.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);
  await page
    .locator('#pods td[data-column="STATUS"]')
    .filter({ hasText: exactly })
    .waitFor({ timeout: waitMs });
}

function get(url: string, headers: Record<string, string>, method = "GET"): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (response) => {
      response.resume();
      resolve(response.statusCode);
    });
    req.on("error", reject);
    req.end();
  });
}

/**
 * Waits at each gate for its file (at most 30 s, so the pod ends by itself), prints around them.
 * The init container holds the pod at Init:0/1; the app prints one line, waits, prints more.
 */
const gatedPod = (gates: string) => `
apiVersion: v1
kind: Pod
metadata:
  name: gated
spec:
  restartPolicy: Never
  initContainers:
    - name: setup
      image: busybox
      command: [sh, -c, "i=0; while [ ! -e ${gates}/init ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i+1)); done; echo set up"]
  containers:
    - name: app
      image: busybox
      command:
        - sh
        - -c
        - |
          echo "line before the page"
          printf '<b>not bold</b> \\033[31mred\\n'
          i=0; while [ ! -e ${gates}/app ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i+1)); done
          echo "line after the page opened"
          sleep 0.3
          echo "last line"
`;

describe("podvisor ui in headless Chromium", () => {
  let browser: Browser | undefined;

  beforeAll(async () => {
    if (!existsSync(chromiumPath))
      throw new Error(`${chromiumPath} is missing: apt-get install -y chromium (.ci/run installs it)`);
    browser = await chromium.launch({ executablePath: chromiumPath });
  });

  afterAll(async () => {
    await browser?.close();
    for (const { child, exited } of started) {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    }
  });

  it("the pod list updates live during a run, the pod page's logs follow, its timeline renders, and SIGINT stops the server", async () => {
    const stateDir = mkdtempSync(join(tmpdir(), "podvisor-ui-e2e-"));
    const gates = join(stateDir, "gates");
    mkdirSync(gates);
    const manifest = join(stateDir, "gated.yaml");
    writeFileSync(manifest, gatedPod(gates));

    // The UI first, on an empty state directory: it waits for the run and shows it when it starts.
    const ui = podvisor(["ui", "--port", "0"], stateDir);
    const url = await uiUrl(ui);
    const run = podvisor(["run", "-f", manifest], stateDir);
    const page = await browser!.newPage();
    await page.goto(url);

    await waitForStatus(page, "Init:0/1");
    expect(await page.textContent("#pods thead")).toBe("NAMEREADYSTATUSRESTARTSAGE");
    expect(await page.textContent('#pods td[data-column="READY"]')).toBe("0/1");
    await screenshot(page, "pods-init");
    writeFileSync(join(gates, "init"), "");
    await waitForStatus(page, "Running");
    await screenshot(page, "pods-running");

    await page.click('#pods a:text("gated")');
    await page.waitForURL(`${url}pods/default/gated`, { timeout: waitMs });
    const appLog = page.locator('[data-container="app"] .lines');
    await appLog.getByText("line before the page").waitFor({ timeout: waitMs });
    await page.locator('[data-container="setup"] .lines').getByText("set up").waitFor({ timeout: waitMs });
    // Printed after the page opened: it must arrive by the live stream.
    writeFileSync(join(gates, "app"), "");
    await appLog.getByText("line after the page opened").waitFor({ timeout: waitMs });
    await appLog.getByText("last line").waitFor({ timeout: waitMs });
    await waitForStatus(page, "Completed");
    // The timeline: one lane per container, drawn again as the pod changed (the page opened
    // while the app ran; its lane now ends terminated with exit code 0).
    const timeline = page.locator("#timeline svg.podvisor-timeline");
    await timeline
      .locator('g.lane[data-container="app"] rect[data-kind="terminated"][data-exit-code="0"]')
      .waitFor({ timeout: waitMs });
    expect(await timeline.locator("g.lane").count()).toBe(2);
    await timeline.locator('g.lane[data-container="setup"]').waitFor({ timeout: waitMs });
    await screenshot(page, "pod-completed");

    // What containers print is text, never markup; control characters show as the CLI shows them.
    expect(await appLog.locator("b").count()).toBe(0);
    await appLog.getByText("<b>not bold</b> \\x1b[31mred").waitFor({ timeout: waitMs });
    expect(await run.exited).toBe(0);
    await page.locator("#run", { hasText: "(ended)" }).waitFor({ timeout: waitMs });
    await page.close();

    ui.child.kill("SIGINT");
    expect(await ui.exited).toBe(0);
    expect(ui.output()).toContain("podvisor ui: SIGINT, shutting down");
  });

  it("answers only requests addressed to its loopback address, and only to read", async () => {
    const stateDir = mkdtempSync(join(tmpdir(), "podvisor-ui-e2e-"));
    const ui = podvisor(["ui", "--port", "0"], stateDir);
    const url = await uiUrl(ui);
    const { host } = new URL(url);
    expect(await get(url, { host })).toBe(200);
    expect(await get(url, { host: `localhost:${new URL(url).port}` })).toBe(200);
    // DNS rebinding: a page of another site whose name now resolves to 127.0.0.1.
    expect(await get(url, { host: `attacker.example:${new URL(url).port}` })).toBe(403);
    expect(await get(url, { host }, "POST")).toBe(405);
    expect(await get(`${url}pods/default/nope`, { host })).toBe(404);
    ui.child.kill("SIGTERM");
    expect(await ui.exited).toBe(0);

    const exposed = podvisor(["ui", "--address", "0.0.0.0", "--port", "0"], stateDir);
    expect(await exposed.exited).toBe(2);
    expect(exposed.output()).toMatch(/^error: --address must be a loopback address .*got "0\.0\.0\.0"/);
  });
});
