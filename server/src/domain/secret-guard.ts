// The misplaced-secret guard. None of the connection form's fields ever needs a secret (IB's API
// socket has no password), so a value that looks like one was pasted into the wrong box: refuse
// it, and never store, echo or log it. Heuristics err towards refusing: a false alarm costs the
// user a retype, a stored API key costs them a rotation.

export type SecretKind = 'private_key' | 'jwt' | 'api_key' | 'credential_assignment' | 'password' | 'high_entropy';

/** Prefixes of well-known token formats (ours first: a Kairox API token in the host field). */
const TOKEN_PREFIXES = [
  /^kx_/i, /^sk[-_](live|test|proj)?[-_]?[A-Za-z0-9]{8,}/, /^gh[pousr]_[A-Za-z0-9]{20,}/, /^github_pat_/,
  /^xox[abposr]-/, /^AKIA[0-9A-Z]{16}$/, /^AIza[0-9A-Za-z_-]{30,}/, /^glpat-/, /^bearer\s/i, /^basic\s/i,
];

const ASSIGNMENT = /\b(pass(word|wd)?|pwd|secret|token|api[-_ ]?key|access[-_ ]?key|private[-_ ]?key|auth)\s*[:=]/i;
const JWT = /^eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*$/;
const SYMBOLS = /[!@#$%^&*()+={}|\\;"'<>?~`]/;

/** Shannon entropy in bits per character. */
export function entropyBitsPerChar(value: string): number {
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

function characterClasses(value: string): number {
  return [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(value)).length;
}

/** What kind of secret `value` looks like, or undefined when it looks like an ordinary value. */
export function detectSecret(value: string): SecretKind | undefined {
  const v = value.trim();
  if (v.length === 0) return undefined;
  if (/-----BEGIN [A-Z ]*(PRIVATE KEY|CERTIFICATE)-----/.test(v) || /^ssh-(rsa|ed25519) /.test(v)) return 'private_key';
  if (JWT.test(v)) return 'jwt';
  if (TOKEN_PREFIXES.some((re) => re.test(v))) return 'api_key';
  if (ASSIGNMENT.test(v)) return 'credential_assignment';
  // Long, dense strings: hex keys, base64 secrets, random passwords.
  if (v.length >= 32 && /^[0-9a-f]+$/i.test(v)) return 'high_entropy';
  if (v.length >= 16 && !/\s/.test(v) && characterClasses(v) >= 3 && entropyBitsPerChar(v) >= 3.5 && !looksLikeAddress(v)) return 'high_entropy';
  // Short password-like strings: letters, digits and punctuation that no host, port or id contains.
  if (v.length >= 6 && /[A-Za-z]/.test(v) && /[0-9]/.test(v) && SYMBOLS.test(v)) return 'password';
  return undefined;
}

/** Host names, IPv4 and bracketed IPv6 with a port can be long and varied but are not secrets. */
function looksLikeAddress(v: string): boolean {
  if (/^\[[0-9a-fA-F:.]+\](:\d+)?$/.test(v)) return true;
  // Dotted labels or a :port give a host name away; random keys are one dense run of characters.
  return /^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+\.?(:\d{1,5})?$/.test(v) || /^[A-Za-z0-9-]+:\d{1,5}$/.test(v);
}

export const MISPLACED_SECRET_MESSAGE =
  'looks like a password, API key, token or private key. This connection needs no secret: IB Gateway and TWS ' +
  'authenticate the login themselves. The value was not saved; if it is a real secret, consider rotating it.';
