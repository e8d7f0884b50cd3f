/**
 * A vitest reporter for CI: appends one line per test file as it starts and as it ends to the file
 * named by PODVISOR_TEST_PROGRESS. When a test worker dies (out of memory, killed) vitest may end
 * without its JSON report; `.ci/run` then prints the files that started and never ended, so the
 * culprit is named in the last lines of the CI log instead of being lost above them.
 */
import { appendFileSync } from "node:fs";
import { relative } from "node:path";
import type { Reporter, TestModule } from "vitest/node";

export default class ProgressReporter implements Reporter {
  private readonly path = process.env.PODVISOR_TEST_PROGRESS;

  onTestModuleStart(testModule: TestModule): void {
    this.write(`start ${relative(process.cwd(), testModule.moduleId)}`);
  }

  onTestModuleEnd(testModule: TestModule): void {
    const file = relative(process.cwd(), testModule.moduleId);
    const seconds = ((testModule.diagnostic().duration ?? 0) / 1000).toFixed(1);
    this.write(`end ${file} ${testModule.state()} ${seconds}s`);
  }

  private write(line: string): void {
    if (this.path) appendFileSync(this.path, `${line}\n`);
  }
}
