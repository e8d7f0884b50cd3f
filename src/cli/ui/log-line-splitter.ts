/**
 * Turns the byte chunks `streamContainerLog` writes (`<time> <text>\n` per line, as
 * `podvisor logs --timestamps` prints them) into whole lines for the page: UTF-8 decoded across
 * chunk boundaries, control characters neutralized as the CLI shows them on a terminal, and a
 * line longer than `maxLineChars` cut into pieces so that one endless line cannot grow a buffer.
 */
import { StringDecoder } from "node:string_decoder";
import { neutralizeControls } from "../printers/neutralize-controls.js";

export interface LogLine {
  /** RFC 3339 time of the line's first record. */
  time: string;
  text: string;
}

export class LogLineSplitter {
  private readonly decoder = new StringDecoder("utf8");
  private carry = "";
  /** The carry continues a line cut at maxLineChars: it has no time of its own. */
  private isContinuation = false;

  constructor(private readonly maxLineChars: number) {}

  /** The lines completed by `chunk`. */
  push(chunk: Buffer): LogLine[] {
    this.carry += this.decoder.write(chunk);
    const lines: LogLine[] = [];
    let newline = this.carry.indexOf("\n");
    while (newline >= 0 || this.carry.length > this.maxLineChars) {
      const isCut = newline < 0 || newline > this.maxLineChars;
      const end = isCut ? this.maxLineChars : newline;
      lines.push(toLogLine(this.carry.slice(0, end), this.isContinuation));
      this.carry = this.carry.slice(isCut ? end : end + 1);
      this.isContinuation = isCut;
      newline = this.carry.indexOf("\n");
    }
    return lines;
  }

  /** What is left (a last line without its newline: the instance ended mid-line). */
  flush(): LogLine[] {
    const rest = this.carry + this.decoder.end();
    const isContinuation = this.isContinuation;
    this.carry = "";
    this.isContinuation = false;
    return rest === "" ? [] : [toLogLine(rest, isContinuation)];
  }
}

function toLogLine(formatted: string, isContinuation: boolean): LogLine {
  if (isContinuation) return { time: "", text: neutralizeControls(formatted) };
  const space = formatted.indexOf(" ");
  const time = space > 0 ? formatted.slice(0, space) : "";
  return { time, text: neutralizeControls(space > 0 ? formatted.slice(space + 1) : formatted) };
}
