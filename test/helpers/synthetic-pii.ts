/**
 * Synthetic identifiers with valid checksums, made here from arbitrary digits: none is anyone's.
 * Each maker takes the digits without their check and returns the whole identifier.
 */

/** Appends the Luhn check digit (payment cards). */
export function withLuhn(body: string): string {
  for (let d = 0; d <= 9; d++) {
    const candidate = `${body}${d}`;
    let sum = 0;
    for (let i = 0; i < candidate.length; i++) {
      let v = Number(candidate[candidate.length - 1 - i]);
      if (i % 2 === 1) v = v * 2 > 9 ? v * 2 - 9 : v * 2;
      sum += v;
    }
    if (sum % 10 === 0) return candidate;
  }
  throw new Error("unreachable");
}

/** An IBAN for `country` with its check digits computed (mod 97). */
export function iban(country: string, bban: string): string {
  const numeric = [...`${bban}${country}00`].map((c) => (/[A-Z]/.test(c) ? String(c.charCodeAt(0) - 55) : c)).join("");
  const check = 98 - Number(BigInt(numeric) % 97n);
  return `${country}${String(check).padStart(2, "0")}${bban}`;
}

/** A Spanish DNI: eight digits and their mod-23 letter. */
export const dni = (digits: string) => `${digits}${"TRWAGMYFPDXBNJZSQVHLCKE"[Number(digits) % 23]}`;

/** A French NIR: thirteen digits and their key (97 less the number mod 97). */
export const nir = (body: string) => `${body}${String(97 - Number(BigInt(body) % 97n)).padStart(2, "0")}`;

const D = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
  [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
  [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
  [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
  [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
  [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
  [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
  [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
  [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
const P = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
  [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
  [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
  [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
  [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
  [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
  [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];

/** Appends the Verhoeff check digit (Aadhaar), by trying each digit: the one that validates. */
export function withVerhoeff(body: string): string {
  for (let d = 0; d <= 9; d++) {
    const candidate = `${body}${d}`;
    let c = 0;
    for (let i = 0; i < candidate.length; i++) c = D[c]![P[i % 8]![Number(candidate[candidate.length - 1 - i])]!]!;
    if (c === 0) return candidate;
  }
  throw new Error("unreachable");
}

/** A patch adding `lines` to a new file, as GitHub's listing gives it. */
export const addedPatch = (lines: readonly string[]) =>
  `@@ -0,0 +1,${lines.length} @@\n${lines.map((l) => `+${l}`).join("\n")}`;

/** A token shaped like a GitHub personal access token, from a fixed pattern (never issued). */
export const fakeGitHubToken = () => `ghp_${"Zx9Qw8Er7Ty6Ui5Op4As3Df2Gh1Jk0LmNbVc".slice(0, 36)}`;
