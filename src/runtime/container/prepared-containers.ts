import type { PreparedEngineContainer } from "./prepared-engine-container.js";

/**
 * One pod's containers prepared ahead of their turn (created, attached, not started), by
 * container name. A name is prepared at most once and only before its first turn: `take` at the
 * turn hands over what was prepared (awaiting one still being made) and closes the name, so a
 * late preparation never follows a start. `discardAll` removes whatever was not taken, when the
 * pod goes; nothing can be prepared after it.
 */
export class PreparedContainers {
  private readonly byName = new Map<string, Promise<PreparedEngineContainer | undefined>>();
  private readonly closedNames = new Set<string>();
  private isClosed = false;

  /**
   * Runs `make` for `name` unless it was prepared or taken already, or the pod is going. A
   * failure (or `undefined`: nothing to prepare) leaves nothing prepared; it is not thrown.
   */
  async prepare(name: string, make: () => Promise<PreparedEngineContainer | undefined>): Promise<void> {
    if (this.isClosed || this.closedNames.has(name) || this.byName.has(name)) return;
    const made = make().catch(() => undefined);
    this.byName.set(name, made);
    await made;
  }

  /** The turn of `name`: what was prepared for it, if anything; nothing is prepared for it after. */
  async take(name: string): Promise<PreparedEngineContainer | undefined> {
    this.closedNames.add(name);
    const made = this.byName.get(name);
    this.byName.delete(name);
    return made;
  }

  /** The pod is going: every container prepared and not taken is removed (once being made). */
  async discardAll(): Promise<void> {
    this.isClosed = true;
    const left = [...this.byName.values()];
    this.byName.clear();
    await Promise.all(
      left.map(async (made) => {
        await (await made)?.discard().catch(() => undefined);
      }),
    );
  }
}
