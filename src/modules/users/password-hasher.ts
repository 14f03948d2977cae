import * as argon2 from 'argon2';

// A real hash of a random string: verifying unknown emails against it costs as much as a real check.
const DECOY_HASH = '$argon2id$v=19$m=65536,t=3,p=4$8ZQ3yT4uV1lJ0nq3b0m8Zw$Kq9b7l0r8m5gB0X1rLw7y0b0c2YtVq8sV0sVb5kQ0cE';

export const hashPassword = (password: string): Promise<string> => argon2.hash(password, { type: argon2.argon2id });

/** Verifies a password; with no hash, spends the same time and fails, so timing does not reveal unknown emails. */
export async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
  try {
    const ok = await argon2.verify(hash ?? DECOY_HASH, password);
    return ok && hash !== null;
  } catch {
    return false;
  }
}
