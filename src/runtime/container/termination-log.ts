import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { LogSink } from "../port.js";
import type { ContainerCreateSpec } from "./container-config.js";
import { keepLastLines, MAX_TERMINATION_MESSAGE_BYTES, terminationMessage } from "./termination-message.js";

/**
 * The host side of terminationMessagePath, as the kubelet does it: an empty world-writable file
 * per container instance in the pod's directory, bind-mounted at the path; read after the exit.
 */
export async function createTerminationLog(
  dir: string,
  spec: Pick<ContainerCreateSpec, "terminationMessagePolicy">,
  onLog: LogSink,
): Promise<{ file: string; sink: LogSink; readMessage: (exitCode: number) => Promise<string | undefined> }> {
  await mkdir(dir, { recursive: true });
  const file = join(dir, "termination-log");
  await writeFile(file, "");
  await chmod(file, 0o666); // the container's user may be anyone
  const tail = keepLastLines(onLog);
  return {
    file,
    sink: tail.sink,
    readMessage: async (exitCode) => {
      const bytes = await readFile(file);
      return terminationMessage({
        fileText: bytes.subarray(0, MAX_TERMINATION_MESSAGE_BYTES).toString("utf8"),
        policy: spec.terminationMessagePolicy ?? "File",
        exitCode,
        lastLines: tail.lines(),
      });
    },
  };
}
