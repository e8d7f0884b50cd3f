/** A Logger that writes "<prefix>: <level>: <message> {fields}" lines to stderr; debug only when verbose. */
import type { Writable } from "node:stream";
import type { Logger } from "../shared/index.js";

export function stderrLogger(stderr: Writable, prefix: string, verbose: boolean): Logger {
  const line = (level: string, message: string, fields?: Record<string, unknown>) =>
    stderr.write(`${prefix}: ${level}: ${message}${fields ? ` ${JSON.stringify(fields)}` : ""}\n`);
  return {
    debug: (message, fields) => verbose && line("debug", message, fields),
    warn: (message, fields) => line("warning", message, fields),
  };
}
