import { describe, expect, it } from "vitest";
import { DESCRIBE, GET_TABLE, alignTabs } from "./tabwriter.js";

describe("alignTabs (Go text/tabwriter, as kubectl configures it)", () => {
  it.each([
    {
      name: "get: each column is its widest cell plus 3 spaces, the last column is not padded",
      text: "NAME\tREADY\tSTATUS\nweb-1\t1/1\tRunning\n",
      options: GET_TABLE,
      want: "NAME    READY   STATUS\nweb-1   1/1     Running\n",
    },
    {
      name: "get: a column is at least 6 wide",
      text: "A\tB\nx\ty\n",
      options: GET_TABLE,
      want: "A     B\nx     y\n",
    },
    {
      name: "describe: 2 spaces of padding, no minimum",
      text: "Name:\tweb\nNamespace:\tdefault\n",
      options: DESCRIBE,
      want: "Name:       web\nNamespace:  default\n",
    },
    {
      name: "describe: a line without a tab ends the column block, so the next block aligns on its own",
      text: "Status:\tRunning\nIPs:\n  IP:\t10.0.0.1\n",
      options: DESCRIBE,
      want: "Status:  Running\nIPs:\n  IP:  10.0.0.1\n",
    },
    {
      name: "describe: a line with more cells opens a nested block only for those lines",
      text: "Events:\n  Type\tReason\tAge\n  Normal\tStarted\t5s\n",
      options: DESCRIBE,
      want: "Events:\n  Type    Reason   Age\n  Normal  Started  5s\n",
    },
    {
      name: "empty cells are padded like others",
      text: "Container ID:\t\nImage:\tbusybox\n",
      options: DESCRIBE,
      want: "Container ID:  \nImage:         busybox\n",
    },
  ])("$name", ({ text, options, want }) => {
    expect(alignTabs(text, options)).toBe(want);
  });

  it("RememberWidths: with remembered widths a later, narrower row keeps the earlier columns (get -w)", () => {
    const widths: number[] = [];
    alignTabs("NAME\tREADY\nlong-pod-name\t0/1\n", GET_TABLE, widths);
    expect(alignTabs("a\t1/1\n", GET_TABLE, widths)).toBe("a               1/1\n");
  });
});
