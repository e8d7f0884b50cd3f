/**
 * Output files named on the command line (`--status-file`) are checked before anything starts,
 * so an unwritable path is exit 2 naming the flag, not a finished run followed by a stack trace.
 */
import { constants } from "node:fs";
import { access, stat } from "node:fs/promises";
import { dirname } from "node:path";
import { InvalidInputError } from "../shared/index.js";

export async function checkWritableFile(path: string, flag: string): Promise<void> {
  const refuse = (why: string) => new InvalidInputError(`${flag} ${path}: cannot write there: ${why}`);
  const existing = await stat(path).catch(() => undefined);
  if (existing?.isDirectory()) throw refuse("it is a directory");
  if (existing) {
    await access(path, constants.W_OK).catch(() => {
      throw refuse("permission denied");
    });
    return;
  }
  const dir = dirname(path);
  const parent = await stat(dir).catch(() => undefined);
  if (!parent) throw refuse(`the directory ${dir} does not exist`);
  if (!parent.isDirectory()) throw refuse(`${dir} is not a directory`);
  await access(dir, constants.W_OK | constants.X_OK).catch(() => {
    throw refuse(`permission denied in ${dir}`);
  });
}
