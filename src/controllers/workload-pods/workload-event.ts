/** An event a workload controller records, in upstream's words (reason and message). */
import type { EventType } from "../../shared/index.js";

export interface WorkloadEvent {
  type: EventType;
  reason: string;
  message: string;
}
