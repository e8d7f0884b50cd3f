/** Diagnostics for podvisor's own operation (not container output, not lifecycle events). Injected, never global. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}

export const silentLogger: Logger = { debug: () => {}, warn: () => {} };
