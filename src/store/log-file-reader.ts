/**
 * Reading a CRI log file the way the kubelet's `ReadLogs` does (pkg/kubelet/kuberuntime/logs):
 * streamed in chunks, never loaded whole, with `--tail` and `--since` found by reading backwards
 * from the end. Records are handed out as latin1 strings, one character per byte, so the bytes a
 * container wrote (invalid UTF-8 included) reach stdout unchanged. A read error is a StateError
 * naming the file, never an empty success.
 */
import { open, stat, type FileHandle } from "node:fs/promises";
import { StateError } from "../shared/index.js";
import { parseCriLine } from "./cri-log.js";

const chunkBytes = 64 * 1024;

/** Complete lines (each with its "\n") from `offset`, in batches; stops at the last complete line. */
export async function* readLogLines(
  path: string,
  offset: number,
): AsyncGenerator<{ text: string; endOffset: number }> {
  const file = await openLog(path);
  if (file === undefined) return;
  try {
    let position = offset;
    let carry = "";
    for (;;) {
      const buffer = Buffer.alloc(chunkBytes);
      const { bytesRead } = await readAt(file, path, buffer, position);
      if (bytesRead === 0) return;
      position += bytesRead;
      const text = carry + buffer.toString("latin1", 0, bytesRead);
      const end = text.lastIndexOf("\n") + 1;
      carry = text.slice(end);
      if (end > 0) yield { text: text.slice(0, end), endOffset: position - carry.length };
    }
  } finally {
    await file.close();
  }
}

/** Where the last `lines` lines start (kubelet `tail.FindTailLineStartIndex`). */
export function tailOffset(path: string, lines: number): Promise<number> {
  return findBackwards(path, (_, count) => count > lines);
}

/** Where the first record at or after `sinceMs` starts, reading back from the end. */
export function sinceOffset(path: string, sinceMs: number): Promise<number> {
  return findBackwards(path, (line) => Date.parse(parseCriLine(line)?.time ?? "") < sinceMs);
}

/**
 * Walks the complete lines from the end (a last line without "\n" is still being written and is
 * skipped) and returns the offset just after the first line, going back, for which
 * `stop(line, linesSoFar)` holds; 0 when none does.
 */
async function findBackwards(path: string, stop: (line: string, count: number) => boolean): Promise<number> {
  const file = await openLog(path);
  if (file === undefined) return 0;
  try {
    let end = (await file.stat()).size;
    let pending = ""; // the part of a line cut at `end`, with its "\n"
    let seenNewline = false;
    let count = 0;
    while (end > 0) {
      const start = Math.max(0, end - chunkBytes);
      const buffer = Buffer.alloc(end - start);
      await readAt(file, path, buffer, start);
      let text = buffer.toString("latin1") + pending;
      if (!seenNewline) {
        text = text.slice(0, text.lastIndexOf("\n") + 1);
        seenNewline = text !== "";
      }
      const lines = text.split("\n").slice(0, -1);
      let lineEnd = start + text.length;
      for (let i = lines.length - 1; i >= (start === 0 ? 0 : 1); i--) {
        const line = lines[i]!;
        if (stop(line, ++count)) return lineEnd;
        lineEnd -= line.length + 1;
      }
      pending = start === 0 || lines.length === 0 ? "" : `${lines[0]!}\n`;
      end = start;
    }
    return 0;
  } finally {
    await file.close();
  }
}

async function openLog(path: string): Promise<FileHandle | undefined> {
  try {
    return await open(path, "r");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw readError(path, error);
  }
}

async function readAt(file: FileHandle, path: string, buffer: Buffer, position: number) {
  try {
    return await file.read(buffer, 0, buffer.length, position);
  } catch (error) {
    throw readError(path, error);
  }
}

/** The size of the log now, or 0 when it does not exist (yet). */
export async function logSize(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return 0;
    throw readError(path, error);
  }
}

function readError(path: string, error: unknown): StateError {
  return new StateError(`cannot read ${path}: ${(error as Error).message}`, { cause: error });
}
