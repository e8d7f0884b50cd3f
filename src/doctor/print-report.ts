/** The doctor's checklist for a terminal: one line per check, ✓ ✗ ! or •, then its advice. */
import type { CheckStatus, DoctorReport } from "./diagnose.js";

const marks: Record<CheckStatus, string> = { pass: "✓", fail: "✗", warn: "!", info: "•" };

export function formatReport(report: DoctorReport, labelled: readonly string[] = []): string {
  const lines: string[] = [];
  for (const check of report.checks) {
    lines.push(`${marks[check.status]} ${check.summary}`);
    check.suspects?.forEach((s, i) =>
      lines.push(`    suspect ${i + 1}: ${s.configuration}/${s.webhook}: ${s.reasons.join("; ")}`),
    );
    if (check.status !== "pass" && check.status !== "info") lines.push(`    → ${check.advice}`);
  }
  for (const line of labelled) lines.push(`labelled ${line}`);
  const failed = report.checks.filter((c) => c.status === "fail").length;
  lines.push(
    report.nativeSidecarsWork
      ? "native sidecars: ready"
      : `native sidecars: would not work everywhere (${failed} failing check${failed === 1 ? "" : "s"})`,
  );
  return `${lines.join("\n")}\n`;
}
