/**
 * cli/ is the thin edge: commands parse flags, call the agent or the pure core, and format with
 * pure printers (cli/printers). `createProgram` wires every command; main.ts gives it the real
 * clock, terminal and runtime. Bad input is a clear message and exit 2, never a stack trace.
 */
export { createProgram, type ProgramContext } from "./program.js";
