/**
 * stern-style container output: `pod container │ line`, pod and container coloured per container.
 * Pure: the caller owns colour assignment and the terminal decision.
 */
import { paint, paletteColor } from "./ansi.js";
import { neutralizeControls } from "./neutralize-controls.js";

export interface LogLineView {
  pod: string;
  container: string;
  text: string;
  timeMs: number;
}

export interface LogLineFormat {
  color: boolean;
  timestamps: boolean;
  /** Index of the container's colour (stable per pod/container). */
  colorIndex: number;
  /** Show control characters as escapes (output to a terminal; see neutralize-controls.ts). */
  neutralize?: boolean;
}

export function formatLogLine(line: LogLineView, format: LogLineFormat): string {
  const code = paletteColor(format.colorIndex);
  const prefix = `${paint(line.pod, code, format.color)} ${paint(line.container, code, format.color)} │ `;
  const stamp = format.timestamps ? `${new Date(line.timeMs).toISOString()} ` : "";
  return `${prefix}${stamp}${format.neutralize === true ? neutralizeControls(line.text) : line.text}`;
}

/** Hands out one colour per pod/container, in order of first appearance. */
export function createColorAssigner(): (pod: string, container: string) => number {
  const assigned = new Map<string, number>();
  return (pod, container) => {
    const key = `${pod}/${container}`;
    let index = assigned.get(key);
    if (index === undefined) {
      index = assigned.size;
      assigned.set(key, index);
    }
    return index;
  };
}
