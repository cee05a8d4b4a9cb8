// argon2id password hashing. Unknown users are checked against a dummy hash made with the same
// parameters, so a failed sign-in costs one verify whether or not the e-mail exists.
import { hash, verify } from '@node-rs/argon2';
import { randomSecret } from '../common/index.ts';

/** OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane). Algorithm defaults to argon2id. */
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export class PasswordHasher {
  /** Made at construction, so the first unknown e-mail does not pay for making it. */
  private readonly dummy: Promise<string>;

  constructor() {
    this.dummy = this.hash(randomSecret());
  }

  hash(password: string): Promise<string> {
    return hash(password, OPTIONS);
  }

  async verify(passwordHash: string, password: string): Promise<boolean> {
    try {
      return await verify(passwordHash, password);
    } catch {
      return false; // a malformed stored hash refuses the login instead of crashing it
    }
  }

  /** A hash of a random secret, with the parameters of real hashes: verify it for a user that does not exist. */
  dummyHash(): Promise<string> {
    return this.dummy;
  }
}
