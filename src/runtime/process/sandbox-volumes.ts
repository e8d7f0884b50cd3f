import { chmod, lstat, mkdir, rm, stat, writeFile } from "node:fs/promises";
import { dirname, isAbsolute, join, normalize, relative, sep } from "node:path";
import { ContainerStartError } from "../../shared/index.js";
import type { ResolvedVolume } from "../port.js";
import { writeAtomically } from "./atomic-writer.js";

/**
 * Materializes a pod's volumes under `podDir/volumes/<name>` (emptyDir: an empty directory;
 * files: the resolved files with their modes, written as the kubelet's AtomicWriter does so a
 * later `updateFileVolumes` swaps them in place) and checks hostPath types minimally, as the
 * kubelet's hostPath plugin does. Returns volume name → host directory (or file, for hostPath).
 */
export async function materializeVolumes(
  podDir: string,
  volumes: readonly ResolvedVolume[],
  nowMs: number,
): Promise<Record<string, string>> {
  const dirs: Record<string, string> = {};
  // Only the owner may enter: Secret files keep their defaultMode/mode, but nobody else can reach
  // them (emptyDirs inside stay 0777 for the containers, as the kubelet makes them).
  await mkdir(podDir, { recursive: true, mode: 0o700 });
  await chmod(podDir, 0o700);
  for (const volume of volumes) {
    if (volume.kind === "hostPath") {
      await checkHostPath(volume.name, volume.path, volume.type);
      dirs[volume.name] = volume.path;
      continue;
    }
    const dir = join(podDir, "volumes", volume.name);
    await mkdir(dir, { recursive: true, mode: 0o777 });
    await chmod(dir, 0o777); // emptyDir is world-writable, as the kubelet makes it
    if (volume.kind === "files") {
      for (const file of volume.files) insideOf(dir, file.path, `volume "${volume.name}" file`);
      await writeAtomically(dir, volume.files, nowMs);
    }
    dirs[volume.name] = dir;
  }
  return dirs;
}

/**
 * Writes the new contents of a pod's configMap, secret and downwardAPI volumes into the directories
 * `materializeVolumes` made (the kubelet's periodic remount of those volumes); a container sees
 * each volume change at once (AtomicWriter). Volumes not in `volumeDirs` are skipped.
 */
export async function updateFileVolumes(
  volumeDirs: Record<string, string>,
  volumes: readonly ResolvedVolume[],
  nowMs: number,
): Promise<void> {
  for (const volume of volumes) {
    const dir = volumeDirs[volume.name];
    if (volume.kind !== "files" || dir === undefined) continue;
    for (const file of volume.files) insideOf(dir, file.path, `volume "${volume.name}" file`);
    await writeAtomically(dir, volume.files, nowMs);
  }
}

/** Removes a pod's state directory (its emptyDir and files volumes; hostPath targets live elsewhere). */
export async function removePodDir(podDir: string): Promise<void> {
  await rm(podDir, { recursive: true, force: true });
}

/** `base/sub`, refusing absolute paths and `..` that would leave `base`. */
export function insideOf(base: string, sub: string, what: string): string {
  const target = normalize(join(base, sub));
  const rel = relative(base, target);
  if (isAbsolute(sub) || rel === ".." || rel.startsWith(`..${sep}`)) {
    throw new ContainerStartError(
      `${what} path "${sub}" must be relative and stay inside the volume`,
      "CreateContainerConfigError",
    );
  }
  return target;
}

async function checkHostPath(name: string, path: string, type: string | undefined): Promise<void> {
  const fail = (detail: string): never => {
    throw new ContainerStartError(
      `MountVolume.SetUp failed for volume "${name}" : hostPath type check failed: ${path} ${detail}`,
      "CreateContainerError",
    );
  };
  const info = await lstat(path).catch(() => undefined);
  switch (type ?? "") {
    case "":
      // The kubelet checks nothing; the container runtime creates a missing bind-mount source as
      // a directory (containerd's CRI plugin and CRI-O: os.MkdirAll(src, 0755)).
      if (!info)
        await mkdir(path, { recursive: true, mode: 0o755 }).catch((error: NodeJS.ErrnoException) =>
          fail(`does not exist and cannot be created (${error.code ?? error.message})`),
        );
      return;
    case "DirectoryOrCreate":
      if (!info) await mkdir(path, { recursive: true, mode: 0o755 });
      else if (!(await stat(path)).isDirectory()) fail("is not a directory");
      return;
    case "Directory":
      if (!info || !(await stat(path)).isDirectory()) fail("is not a directory");
      return;
    case "FileOrCreate":
      if (!info) await writeFile(path, "", { mode: 0o644 });
      else if (!(await stat(path)).isFile()) fail("is not a file");
      return;
    case "File":
      if (!info || !(await stat(path)).isFile()) fail("is not a file");
      return;
    case "Socket":
      if (!info || !(await stat(path)).isSocket()) fail("is not a socket file");
      return;
    case "CharDevice":
      if (!info || !(await stat(path)).isCharacterDevice()) fail("is not a character device");
      return;
    case "BlockDevice":
      if (!info || !(await stat(path)).isBlockDevice()) fail("is not a block device");
      return;
    default:
      fail(`has an unknown type "${type}"`);
  }
}

/**
 * Makes sure `target` exists on the host so it can serve as a bind-mount point (a directory, or
 * an empty file when the source is a file), creating parents as needed. Returns every path it
 * created, outermost first, so they can be removed again (mount-point-record.ts).
 */
export async function ensureMountPoint(target: string, sourceIsDirectory: boolean): Promise<string[]> {
  const existing = await lstat(target).catch(() => undefined);
  if (existing) return [];
  const parent = sourceIsDirectory ? target : dirname(target);
  const firstCreated = await mkdir(parent, { recursive: true });
  const created: string[] = [];
  if (firstCreated !== undefined) {
    for (let path = parent; ; path = dirname(path)) {
      created.unshift(path);
      if (path === firstCreated || path === dirname(path)) break;
    }
  }
  if (!sourceIsDirectory) {
    await writeFile(target, "", { flag: "wx", mode: 0o644 });
    created.push(target);
  }
  return created;
}
