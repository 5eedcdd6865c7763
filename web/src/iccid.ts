// ICCID as the API accepts it: 19-20 digits, "89" prefix, Luhn check digit.

export function iccidDigits(text: string): string {
  return text.replace(/[\s-]/g, "");
}

export function luhnOk(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export type IccidProblem = "format" | "prefix" | "check";

export function iccidProblem(text: string): IccidProblem | null {
  const d = iccidDigits(text);
  if (!/^\d{19,20}$/.test(d)) return "format";
  if (!d.startsWith("89")) return "prefix";
  return luhnOk(d) ? null : "check";
}

/** The camera can read the SIM's barcode (Barcode Detection API, e.g. Chrome on Android). */
export function canScan(): boolean {
  return "BarcodeDetector" in window && !!navigator.mediaDevices?.getUserMedia;
}
