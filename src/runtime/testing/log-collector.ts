import type { LogLine, LogSink } from "../port.js";

/** Collects a container's LogLines and lets a test wait for a line without polling. */
export class LogCollector {
  readonly lines: LogLine[] = [];
  private waiters: { text: string; resolve: () => void }[] = [];

  readonly sink: LogSink = (line) => {
    this.lines.push(line);
    for (const waiter of this.waiters.filter((w) => w.text === line.text)) waiter.resolve();
    this.waiters = this.waiters.filter((w) => w.text !== line.text);
  };

  texts(stream: LogLine["stream"] = "stdout"): string[] {
    return this.lines.filter((l) => l.stream === stream).map((l) => l.text);
  }

  /** Resolves when a line with exactly this text has arrived (at once if it already has). */
  waitFor(text: string): Promise<void> {
    if (this.lines.some((l) => l.text === text)) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ text, resolve }));
  }
}
