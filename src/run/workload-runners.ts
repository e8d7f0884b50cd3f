/**
 * The controller shell for each workload kind of a run's input (manager/), behind one shape: start
 * it, stop it (its pods are deleted, nothing replaces them), wait for it to finish, and read the
 * objects it publishes.
 */
import type { Job, Pod, Workload } from "../api/index.js";
import {
  CronJobRunner,
  DaemonSetRunner,
  DeploymentRunner,
  ReplicaSetRunner,
  StatefulSetRunner,
  type OwnedPodHandle,
} from "../manager/index.js";
import type { LocalNode } from "../controllers/index.js";
import type { Clock, EventSink } from "../shared/index.js";

export interface WorkloadRunner {
  stop(): void;
  readonly finished: Promise<unknown>;
  /** The workload as last published (a Deployment's ReplicaSet after it). */
  objects(): Workload[];
}

export interface WorkloadRunnerContext {
  clock: Clock;
  randomSuffix: () => string;
  newUid: () => string;
  onEvent: EventSink;
  onStatus: (workload: Workload) => void;
  startPod: (pod: Pod, onChange: () => void) => OwnedPodHandle;
  /** The directory backing a StatefulSet's claim for the whole run. */
  claimDirectory?: (namespace: string, claimName: string) => string;
  /** This machine as a node: a DaemonSet's pod is checked against it. */
  node: LocalNode;
  onWarning?: (warning: string) => void;
  /** Starts a Job a CronJob creates; `current` is its latest object. */
  startJob: (job: Job) => { readonly current: Job; readonly finished: Promise<unknown>; stop(): void };
}

export function startWorkloadRunner(workload: Workload, context: WorkloadRunnerContext): WorkloadRunner {
  switch (workload.kind) {
    case "Deployment": {
      let runner: DeploymentRunner | undefined = undefined;
      runner = new DeploymentRunner(workload, {
        ...context,
        onStatus: context.onStatus,
        onReplicaSetStatus: context.onStatus,
        startPod: (pod) => context.startPod(pod, () => runner?.replicaSet.podChanged()),
      });
      const deployment = runner;
      deployment.start();
      return {
        stop: () => deployment.stop(),
        finished: deployment.finished,
        objects: () => [deployment.current, deployment.replicaSet.current],
      };
    }
    case "ReplicaSet":
    case "ReplicationController": {
      let runner: ReplicaSetRunner | undefined = undefined;
      runner = new ReplicaSetRunner(workload, {
        ...context,
        onStatus: context.onStatus,
        startPod: (pod) => context.startPod(pod, () => runner?.podChanged()),
      });
      const rs = runner;
      rs.start();
      return { stop: () => rs.stop(), finished: rs.finished, objects: () => [rs.current] };
    }
    case "StatefulSet": {
      let runner: StatefulSetRunner | undefined = undefined;
      runner = new StatefulSetRunner(workload, {
        ...context,
        onStatus: context.onStatus,
        startPod: (pod) => context.startPod(pod, () => runner?.podChanged()),
      });
      const set = runner;
      set.start();
      return { stop: () => set.stop(), finished: set.finished, objects: () => [set.current] };
    }
    case "DaemonSet": {
      let runner: DaemonSetRunner | undefined = undefined;
      runner = new DaemonSetRunner(workload, {
        ...context,
        onStatus: context.onStatus,
        onUnschedulable: (reason) =>
          context.onWarning?.(`daemonset/${workload.metadata.name ?? ""}: not run on this node: ${reason}`),
        startPod: (pod) => context.startPod(pod, () => runner?.podChanged()),
      });
      const ds = runner;
      ds.start();
      return { stop: () => ds.stop(), finished: ds.finished, objects: () => [ds.current] };
    }
    case "CronJob": {
      const runner = new CronJobRunner(workload, {
        clock: context.clock,
        onEvent: context.onEvent,
        onStatus: context.onStatus,
        startJob: (job) => {
          const started = context.startJob(job);
          return { current: () => started.current, finished: started.finished, delete: () => started.stop() };
        },
      });
      runner.start();
      return { stop: () => runner.stop(), finished: runner.finished, objects: () => [runner.current] };
    }
  }
}
