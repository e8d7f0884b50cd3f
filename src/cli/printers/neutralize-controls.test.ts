import { describe, expect, it } from "vitest";
import { formatEventLine } from "./event-line.js";
import { formatLogLine } from "./log-line.js";
import { neutralizeControls } from "./neutralize-controls.js";

const line = (text: string) => ({ pod: "web", container: "app", text, timeMs: 0 });
const plain = { color: false, timestamps: false, colorIndex: 0 };

describe("container text on a terminal cannot drive the terminal", () => {
  it("shows ESC, OSC and other control characters (0x00–0x1f, 0x80–0x9f) as visible escapes, keeping tabs and printable text", () => {
    expect(neutralizeControls("\u001b[2J\u001b]0;pwned\u0007ok\tdone\u009b31m\u007f")).toBe(
      "\\x1b[2J\\x1b]0;pwned\\x07ok\tdone\\x9b31m\\x7f",
    );
  });

  it("shows bidi overrides (Trojan Source) as escapes too", () => {
    expect(neutralizeControls("a\u202eb\u2066c")).toBe("a\\u202eb\\u2066c");
  });

  it("leaves ordinary text, UTF-8 included, unchanged", () => {
    expect(neutralizeControls("héllo wörld ✓ 日本")).toBe("héllo wörld ✓ 日本");
  });

  it("the live `pod container │ line` neutralises when asked (a terminal), with or without colour", () => {
    const text = "\u001b]52;c;cGF5bG9hZA==\u0007\u001b[31mred";
    expect(formatLogLine(line(text), { ...plain, neutralize: true })).toBe(
      "web app │ \\x1b]52;c;cGF5bG9hZA==\\x07\\x1b[31mred",
    );
    expect(
      formatLogLine(line(text), { ...plain, color: true, colorIndex: 1, neutralize: true }),
    ).not.toContain("\u001b]52");
    // Piped to a file or another program: the bytes as written.
    expect(formatLogLine(line(text), plain)).toBe(`web app │ ${text}`);
  });

  it("event messages (which carry container termination messages) never pass controls through", () => {
    const event = {
      type: "Warning" as const,
      reason: "Failed",
      message: "oops \u001b[2J",
      involvedObject: { kind: "Pod", name: "web", namespace: "default" },
      timeMs: 0,
    };
    expect(formatEventLine(event as never, { color: false })).toContain("oops \\x1b[2J");
  });
});
