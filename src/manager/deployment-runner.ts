/**
 * Runs one Deployment: creates its ReplicaSet (named with the exact pod-template-hash) and runs
 * that, publishing the Deployment's status from the ReplicaSet's as the deployment controller
 * computes it (controllers/deployment).
 */
import { formatTime, type Deployment, type ReplicaSet } from "../api/index.js";
import {
  buildDeploymentReplicaSet,
  computeDeploymentStatus,
  newReplicaSetCondition,
  setCondition,
} from "../controllers/index.js";
import { ControllerLoop } from "./controller-loop.js";
import { ReplicaSetRunner, type WorkloadRunnerDeps } from "./replica-set-runner.js";
import { controllerEvent } from "./controller-event.js";

export class DeploymentRunner {
  private deployment: Deployment;
  readonly replicaSet: ReplicaSetRunner;
  private readonly loop: ControllerLoop;
  private stopped = false;
  readonly finished: Promise<void>;

  constructor(
    deployment: Deployment,
    private readonly deps: WorkloadRunnerDeps & {
      onStatus?: (deployment: Deployment) => void;
      onReplicaSetStatus?: (rs: ReplicaSet) => void;
      /** A UID for the ReplicaSet, as the API server assigns one. */
      newUid: () => string;
    },
  ) {
    this.deployment = deployment;
    const nowMs = deps.clock.now();
    const rs = buildDeploymentReplicaSet(deployment, formatTime(nowMs));
    rs.metadata.uid = deps.newUid();
    this.replicaSet = new ReplicaSetRunner(rs, {
      ...deps,
      onStatus: (current) => {
        deps.onReplicaSetStatus?.(current as ReplicaSet);
        this.loop.request();
      },
    });
    this.loop = new ControllerLoop(deps.clock, () => this.sync());
    this.finished = this.replicaSet.finished;
    const status = { ...deployment.status };
    setCondition(status, newReplicaSetCondition(rs.metadata.name ?? "", nowMs));
    this.deployment = { ...deployment, status };
    const replicas = rs.spec.replicas ?? 0;
    this.emit(`Scaled up replica set ${rs.metadata.name ?? ""} from 0 to ${replicas}`, nowMs);
  }

  get current(): Deployment {
    return this.deployment;
  }

  start(): void {
    this.replicaSet.start();
    this.loop.request();
  }

  stop(): void {
    this.stopped = true;
    this.replicaSet.stop();
    // One last status once the pods are gone (`get deploy` after the run shows 0/N).
    void this.replicaSet.finished.then(() => {
      this.replicaSetGone = true;
      this.loop.request();
    });
  }

  private replicaSetGone = false;

  private sync(): number | undefined | "done" {
    const { status, wakeAtMs } = computeDeploymentStatus(
      this.deployment,
      this.replicaSet.current as ReplicaSet,
      this.deps.clock.now(),
    );
    this.deployment = { ...this.deployment, status };
    this.deps.onStatus?.(this.deployment);
    if (this.stopped) return this.replicaSetGone ? "done" : undefined;
    return wakeAtMs;
  }

  private emit(message: string, nowMs: number): void {
    this.deps.onEvent(
      controllerEvent(
        "deployment-controller",
        { ...this.deployment, kind: "Deployment" as const },
        { type: "Normal", reason: "ScalingReplicaSet", message },
        nowMs,
      ),
    );
  }
}
