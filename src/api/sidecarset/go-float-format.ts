/**
 * Go's `fmt` `%g` for a float64 (strconv `FormatFloat(f, 'g', -1, 64)`): the shortest digits that
 * read back to the same double, in exponent form (`1e+06`, `1.5e-05`, at least two exponent
 * digits) when the decimal exponent is below -4 or at least 6, else in plain form. Kruise's
 * resource-expression messages print numbers this way ("calculation result is negative: -0.5").
 */
export function formatGoFloatG(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (!Number.isFinite(value)) return value > 0 ? "+Inf" : "-Inf";
  const sign = value < 0 || Object.is(value, -0) ? "-" : "";
  if (value === 0) return `${sign}0`;
  // JS also prints the shortest round-tripping digits.
  const [mantissa = "", exponentText = "0"] = Math.abs(value).toExponential().split("e");
  const exponent = Number(exponentText);
  const digits = mantissa.replace(".", "");
  if (exponent < -4 || exponent >= 6) {
    const magnitude = String(Math.abs(exponent)).padStart(2, "0");
    return `${sign}${mantissa}e${exponent < 0 ? "-" : "+"}${magnitude}`;
  }
  if (exponent < 0) return `${sign}0.${"0".repeat(-exponent - 1)}${digits}`;
  const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, "0");
  const fraction = digits.slice(exponent + 1);
  return `${sign}${whole}${fraction ? `.${fraction}` : ""}`;
}
