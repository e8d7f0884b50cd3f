/**
 * The `Init Containers:` / `Containers:` sections of `kubectl describe pod`, field by field as
 * kubectl's describeContainers prints them (staging/src/k8s.io/kubectl/pkg/describe/describe.go):
 * IDs and image, ports, command and args, state and last state, ready, restart count, resources,
 * probes, environment and mounts. Statuses are matched to containers by name.
 */
import {
  type Container,
  type ContainerState,
  type ContainerStatus,
  type Pod,
  type Probe,
  parseWaitFor,
  podFieldValue,
  resourceFieldValue,
  WAIT_FOR_ANNOTATION,
} from "../../api/index.js";
import { DescribeWriter, formatRfc1123z } from "./describe-format.js";

export function writeContainers(
  w: DescribeWriter,
  label: string,
  pod: Pod,
  containers: readonly Container[],
  statuses: readonly ContainerStatus[],
  offset: (ms: number) => number,
): void {
  const byName = new Map(statuses.map((s) => [s.name, s]));
  const waitsFor = describeWaits(pod);
  w.write(0, `${label}:${containers.length === 0 ? " <none>" : ""}\n`);
  for (const container of containers) {
    const status = byName.get(container.name);
    w.write(1, `${container.name}:\n`);
    if (status) w.write(2, `Container ID:\t${status.containerID ?? ""}\n`);
    w.write(2, `Image:\t${container.image ?? ""}\n`);
    if (status) w.write(2, `Image ID:\t${status.imageID}\n`);
    const ports = (container.ports ?? []).map((p) => `${p.containerPort}/${p.protocol ?? "TCP"}`).join(", ");
    const hostPorts = (container.ports ?? [])
      .map((p) => `${p.hostPort ?? 0}/${p.protocol ?? "TCP"}`)
      .join(", ");
    w.write(2, ports.includes(",") ? `Ports:\t${ports}\n` : `Port:\t${ports || "<none>"}\n`);
    w.write(
      2,
      hostPorts.includes(",") ? `Host Ports:\t${hostPorts}\n` : `Host Port:\t${hostPorts || "<none>"}\n`,
    );
    writeLines(w, "Command", container.command);
    writeLines(w, "Args", container.args);
    if (status) {
      writeState(w, "State", status.state, offset);
      if (status.lastState?.terminated !== undefined) writeState(w, "Last State", status.lastState, offset);
      w.write(2, `Ready:\t${status.ready ? "True" : "False"}\n`);
      w.write(2, `Restart Count:\t${status.restartCount}\n`);
    }
    writeResources(w, container);
    if (container.livenessProbe) w.write(2, `Liveness:\t${describeProbe(container.livenessProbe)}\n`);
    if (container.readinessProbe) w.write(2, `Readiness:\t${describeProbe(container.readinessProbe)}\n`);
    if (container.startupProbe) w.write(2, `Startup:\t${describeProbe(container.startupProbe)}\n`);
    const waits = waitsFor.get(container.name);
    if (waits !== undefined) w.write(2, `Waits For:\t${waits}\n`);
    writeEnvFrom(w, container);
    writeEnv(w, pod, container);
    writeMounts(w, container);
  }
}

/** podvisor's own line (docs/ordering.md): what each container waits for, `proxy=ready, db=started`. */
function describeWaits(pod: Pod): Map<string, string> {
  const value = pod.metadata.annotations?.[WAIT_FOR_ANNOTATION];
  if (value === undefined) return new Map();
  const { entries } = parseWaitFor(value, "");
  return new Map(
    entries.map((e) => [e.container, e.waits.map((wait) => `${wait.name}=${wait.condition}`).join(", ")]),
  );
}

/** kubectl DescribeProbe: `http-get http://:8080/healthz delay=0s timeout=1s period=10s #success=1 #failure=3`. */
export function describeProbe(probe: Probe): string {
  const attrs = `delay=${probe.initialDelaySeconds ?? 0}s timeout=${probe.timeoutSeconds ?? 1}s period=${probe.periodSeconds ?? 10}s #success=${probe.successThreshold ?? 1} #failure=${probe.failureThreshold ?? 3}`;
  if (probe.exec) return `exec [${(probe.exec.command ?? []).join(" ")}] ${attrs}`;
  if (probe.httpGet) {
    const get = probe.httpGet;
    const scheme = (get.scheme ?? "HTTP").toLowerCase();
    const port = String(get.port);
    const host = port === "" ? (get.host ?? "") : joinHostPort(get.host ?? "", port);
    let path = get.path ?? "";
    if (path !== "" && !path.startsWith("/") && host !== "") path = `/${path}`;
    return `http-get ${scheme}://${host}${path} ${attrs}`;
  }
  if (probe.tcpSocket)
    return `tcp-socket ${probe.tcpSocket.host ?? ""}:${String(probe.tcpSocket.port)} ${attrs}`;
  if (probe.grpc) return `grpc <pod>:${probe.grpc.port} ${probe.grpc.service ?? ""} ${attrs}`;
  return `unknown ${attrs}`;
}

function joinHostPort(host: string, port: string): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}

function writeLines(w: DescribeWriter, title: string, values: readonly string[] | undefined): void {
  if (values === undefined || values.length === 0) return;
  w.write(2, `${title}:\n`);
  for (const value of values) for (const line of value.split("\n")) w.write(3, `${line}\n`);
}

function writeState(
  w: DescribeWriter,
  name: string,
  state: ContainerState | undefined,
  offset: (ms: number) => number,
): void {
  if (state?.running) {
    w.write(2, `${name}:\tRunning\n`);
    w.write(3, `Started:\t${formatRfc1123z(state.running.startedAt, offset)}\n`);
  } else if (state?.waiting) {
    w.write(2, `${name}:\tWaiting\n`);
    if (state.waiting.reason) w.write(3, `Reason:\t${state.waiting.reason}\n`);
  } else if (state?.terminated) {
    const t = state.terminated;
    w.write(2, `${name}:\tTerminated\n`);
    if (t.reason) w.write(3, `Reason:\t${t.reason}\n`);
    if (t.message) w.write(3, `Message:\t${t.message}\n`);
    w.write(3, `Exit Code:\t${t.exitCode}\n`);
    if ((t.signal ?? 0) > 0) w.write(3, `Signal:\t${t.signal}\n`);
    w.write(3, `Started:\t${formatRfc1123z(t.startedAt, offset)}\n`);
    w.write(3, `Finished:\t${formatRfc1123z(t.finishedAt, offset)}\n`);
  } else {
    w.write(2, `${name}:\tWaiting\n`);
  }
}

function writeResources(w: DescribeWriter, container: Container): void {
  for (const [title, list] of [
    ["Limits", container.resources?.limits],
    ["Requests", container.resources?.requests],
  ] as const) {
    const names = Object.keys(list ?? {}).sort();
    if (names.length === 0) continue;
    w.write(2, `${title}:\n`);
    for (const name of names) w.write(3, `${name}:\t${String(list?.[name])}\n`);
  }
}

function writeEnvFrom(w: DescribeWriter, container: Container): void {
  if (!container.envFrom || container.envFrom.length === 0) return;
  w.write(2, "Environment Variables from:\n");
  for (const source of container.envFrom) {
    const from = source.configMapRef ? "ConfigMap" : source.secretRef ? "Secret" : "";
    const ref = source.configMapRef ?? source.secretRef;
    const optional = ref?.optional === true;
    const prefix = source.prefix ? ` with prefix '${source.prefix}'` : "";
    w.write(3, `${ref?.name ?? ""}\t${from}${prefix}\tOptional: ${optional}\n`);
  }
}

function writeEnv(w: DescribeWriter, pod: Pod, container: Container): void {
  const env = container.env ?? [];
  w.write(2, `Environment:${env.length === 0 ? "\t<none>" : ""}\n`);
  for (const e of env) {
    const from = e.valueFrom;
    if (!from) {
      (e.value ?? "")
        .split("\n")
        .forEach((line, i) => w.write(3, i === 0 ? `${e.name}:\t${line}\n` : `\t${line}\n`));
    } else if (from.fieldRef) {
      const value = podFieldValue(pod, from.fieldRef, {
        podIP: pod.status?.podIP ?? "",
        hostIP: pod.status?.hostIP ?? "",
        nodeName: pod.spec.nodeName ?? "",
      });
      w.write(3, `${e.name}:\t${value} (${from.fieldRef.apiVersion ?? "v1"}:${from.fieldRef.fieldPath})\n`);
    } else if (from.resourceFieldRef) {
      const resource = from.resourceFieldRef.resource;
      let value: string;
      try {
        value = resourceFieldValue(pod, container, from.resourceFieldRef);
      } catch {
        value = "";
      }
      if (value === "0" && (resource === "limits.cpu" || resource === "limits.memory"))
        value = "node allocatable";
      w.write(3, `${e.name}:\t${value} (${resource})\n`);
    } else if (from.secretKeyRef) {
      const ref = from.secretKeyRef;
      w.write(
        3,
        `${e.name}:\t<set to the key '${ref.key}' in secret '${ref.name ?? ""}'>\tOptional: ${ref.optional === true}\n`,
      );
    } else if (from.configMapKeyRef) {
      const ref = from.configMapKeyRef;
      w.write(
        3,
        `${e.name}:\t<set to the key '${ref.key}' of config map '${ref.name ?? ""}'>\tOptional: ${ref.optional === true}\n`,
      );
    }
  }
}

function writeMounts(w: DescribeWriter, container: Container): void {
  const mounts = [...(container.volumeMounts ?? [])].sort((a, b) =>
    a.mountPath < b.mountPath ? -1 : a.mountPath > b.mountPath ? 1 : 0,
  );
  w.write(2, `Mounts:${mounts.length === 0 ? "\t<none>" : ""}\n`);
  for (const mount of mounts) {
    const flags = [mount.readOnly === true ? "ro" : "rw"];
    if (mount.subPath) flags.push(`path=${JSON.stringify(mount.subPath)}`);
    w.write(3, `${mount.mountPath} from ${mount.name} (${flags.join(",")})\n`);
  }
}
