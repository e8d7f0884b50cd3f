/**
 * Admission: what the API server does between receiving objects and storing them — defaults,
 * mutating admission (SidecarSet injection, as Kruise's pod webhook does on a cluster), then
 * validation — for everything `podvisor run` reads. It sits above api/ (shapes, defaults,
 * validation) and sidecarset/ (injection), and reports every problem at once.
 */
export {
  formatAdmission,
  loadRunInput,
  runInputKinds,
  type Admission,
  type RunInput,
  type LoadRunInputOptions,
} from "./load-run-input.js";
export { checkSupportedVolumes, localProjectionSources, nodeProjectionSources } from "./supported-volumes.js";
