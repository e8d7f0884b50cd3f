/**
 * The fake runtime: containers are scripts played on an injected Clock, every call is recorded in
 * order. Agent tests drive it with FakeClock; it passes the same contract suite as real backends.
 */
export { FakeRuntime, type FakeCall, type FakeRuntimeOptions } from "./fake-runtime.js";
export { behaviourFromArgv, type FakeBehaviour, type FakeLog } from "./fake-behaviour.js";
