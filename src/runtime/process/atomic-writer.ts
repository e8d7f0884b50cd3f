/**
 * The kubelet's AtomicWriter (pkg/volume/util/atomic_writer.go `Write`) for configMap, secret and
 * downwardAPI volumes, so a running container sees an update all at once or not at all: the
 * files go to a new timestamped directory `..2006_01_02_15_04_05.<random>`, the `..data` symlink
 * is switched to it with a rename (atomic), each top-level path the user sees is a symlink into
 * `..data`, paths gone from the payload are removed and the old directory after them. A payload
 * equal to what is on disk writes nothing.
 */
import {
  chmod,
  mkdir,
  mkdtemp,
  readFile,
  readdir,
  readlink,
  rename,
  rm,
  stat,
  symlink,
  writeFile,
} from "node:fs/promises";
import { dirname, join } from "node:path";
import type { ResolvedFile } from "../port.js";

const dataDirName = "..data";
const newDataDirName = "..data_tmp";

/**
 * Writes `files` into `dir` the kubelet's way; `nowMs` names the timestamped directory. The
 * caller has checked that every path stays inside `dir` (sandbox-volumes.ts `insideOf`).
 */
export async function writeAtomically(
  dir: string,
  files: readonly ResolvedFile[],
  nowMs: number,
): Promise<void> {
  const oldTsDir = await readlink(join(dir, dataDirName)).catch(() => "");
  const topLevel = new Set(files.map((file) => file.path.split("/")[0] ?? file.path));
  const oldTopLevel = oldTsDir === "" ? [] : await readdir(join(dir, oldTsDir));
  const removed = oldTopLevel.filter((name) => !topLevel.has(name));
  const isUnchanged =
    oldTsDir !== "" && removed.length === 0 && (await isPayloadOnDisk(join(dir, oldTsDir), files));
  if (!isUnchanged) {
    const tsDir = await mkdtemp(join(dir, timestampPrefix(nowMs)));
    await chmod(tsDir, 0o755);
    for (const file of files) {
      const target = join(tsDir, file.path);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, file.data);
      await chmod(target, file.mode);
    }
    const tmpLink = join(dir, newDataDirName);
    await rm(tmpLink, { force: true });
    await symlink(tsDir.slice(dir.length + 1), tmpLink);
    await rename(tmpLink, join(dir, dataDirName));
  }
  for (const name of topLevel) {
    const link = join(dir, name);
    const current = await readlink(link).catch(() => undefined);
    if (current === join(dataDirName, name)) continue;
    await rm(link, { recursive: true, force: true });
    await symlink(join(dataDirName, name), link);
  }
  for (const name of removed) await rm(join(dir, name), { recursive: true, force: true });
  if (!isUnchanged && oldTsDir !== "") await rm(join(dir, oldTsDir), { recursive: true, force: true });
}

/** `..2006_01_02_15_04_05.` as the kubelet's `newTimestampDir` formats it (UTC). */
function timestampPrefix(nowMs: number): string {
  const iso = new Date(nowMs).toISOString();
  return `..${iso.slice(0, 10).replace(/-/g, "_")}_${iso.slice(11, 19).replace(/:/g, "_")}.`;
}

async function isPayloadOnDisk(tsDir: string, files: readonly ResolvedFile[]): Promise<boolean> {
  for (const file of files) {
    const path = join(tsDir, file.path);
    const [content, info] = await Promise.all([
      readFile(path).catch(() => undefined),
      stat(path).catch(() => undefined),
    ]);
    if (content === undefined || info === undefined) return false;
    if (!content.equals(Buffer.from(file.data)) || (info.mode & 0o7777) !== file.mode) return false;
  }
  return true;
}
