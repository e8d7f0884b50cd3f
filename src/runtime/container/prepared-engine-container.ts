import type { LogLine, LogSink } from "../port.js";
import type { EngineClient } from "./engine-client.js";
import type { AttachedOutput } from "./engine-attach.js";
import { removeContainer } from "./pod-sandbox.js";

/**
 * A created engine container whose output is attached and whose exit wait is registered, not yet
 * started (start-engine-container.ts). The output goes nowhere until `launch` names its sink: a
 * prepared container's program has not run, so anything seen before (a line, the end of the
 * stream, an exit) means it is not what was prepared, and `isIntact` says so.
 */
export class PreparedEngineContainer {
  private sink: LogSink | undefined;
  private output: AttachedOutput | undefined;
  private exit: Promise<{ StatusCode: number }> | undefined;
  private hasStirred = false;

  constructor(
    private readonly client: EngineClient,
    readonly id: string,
    /** The engine's name for the instance; the body names host files after it (termination-log.ts). */
    readonly instanceName: string,
    /** The create body it was created with: used at its turn only if the turn's is the same. */
    readonly body: Record<string, unknown>,
  ) {}

  readonly onLog: LogSink = (line: LogLine) => {
    if (this.sink) this.sink(line);
    else this.hasStirred = true;
  };

  /** Its output and exit, now waited for (prepareEngineContainer). */
  attached(output: AttachedOutput, exit: Promise<{ StatusCode: number }>): void {
    this.output = output;
    this.exit = exit;
    const stirred = () => {
      if (!this.sink) this.hasStirred = true;
    };
    void output.done.then(stirred);
    exit.then(stirred, stirred);
  }

  /** Still created and untouched: attached, its output open, no exit, not launched. */
  get isIntact(): boolean {
    return this.output !== undefined && this.sink === undefined && !this.hasStirred;
  }

  /** Hands its output to `onLog` before the start call (a container is launched once). */
  launch(onLog: LogSink): { output: AttachedOutput; exit: Promise<{ StatusCode: number }> } {
    if (!this.output || !this.exit || this.sink)
      throw new Error(`internal: container ${this.id} launched twice or before it was attached`);
    this.sink = onLog;
    return { output: this.output, exit: this.exit };
  }

  /** Drops its connections and removes it from the engine (a container already gone is fine). */
  async discard(): Promise<void> {
    this.output?.detach();
    this.exit?.catch(() => undefined);
    await removeContainer(this.client, this.id);
  }
}
