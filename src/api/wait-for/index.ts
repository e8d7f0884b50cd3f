/**
 * podvisor's one ordering extension, the `podvisor.dev/wait-for` pod annotation: its syntax and
 * its validation against the pod's containers, giving the wait graph the lifecycle engine orders
 * starts and stops by (docs/ordering.md). Without the annotation nothing here applies.
 */
export {
  parseWaitFor,
  WAIT_CONDITIONS,
  WAIT_FOR_ANNOTATION,
  type ContainerWait,
  type WaitCondition,
  type WaitForEntry,
  type WaitForParse,
} from "./parse-wait-for.js";
export { resolveWaitFor, type WaitForResolution, type WaitGraph } from "./resolve-wait-for.js";
