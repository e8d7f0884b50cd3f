import { describe, expect, it } from "vitest";
import { formatFieldError } from "./field-error.js";

describe("formatFieldError", () => {
  it("renders `<path>: <Type>: <value>: <detail>` as the API server does", () => {
    expect(
      formatFieldError({
        type: "NotSupported",
        path: "spec.restartPolicy",
        value: "Sometimes",
        detail: 'supported values: "Always"',
      }),
    ).toBe('spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always"');
  });

  it("quotes a huge value only by a short excerpt and its length", () => {
    const text = formatFieldError({ type: "Invalid", path: "metadata.name", value: "a".repeat(5_000_000) });
    expect(text.length).toBeLessThan(300);
    expect(text).toMatch(/^metadata\.name: Invalid value: "a+…" \(5000000 characters\)$/);
  });
});
