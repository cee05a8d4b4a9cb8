// argon2id password hashing. Unknown users are checked against a dummy hash so a failed login
// costs the same time whether or not the e-mail exists.
import { hash, verify } from '@node-rs/argon2';
import { randomSecret } from '../common/index.ts';

/** OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane). Algorithm defaults to argon2id. */
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export class PasswordHasher {
  private dummy: Promise<string> | undefined;

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

  /** Same work as verify() for a user that does not exist; always false. */
  async verifyDummy(password: string): Promise<false> {
    this.dummy ??= this.hash(randomSecret());
    await this.verify(await this.dummy, password);
    return false;
  }
}
