import { hash, verify } from '@node-rs/argon2';

/** argon2id with the library's defaults (OWASP's minimum: 19 MiB, 2 passes), about 40 ms a check here. */
export function hashPassword(plain: string): Promise<string> {
  return hash(plain);
}

/** False for a wrong password and for a hash that is not an argon2 hash (never throws for those). */
export async function verifyPassword(passwordHash: string, plain: string): Promise<boolean> {
  try {
    return await verify(passwordHash, plain);
  } catch {
    return false;
  }
}

export function isPasswordHash(value: string): boolean {
  return value.startsWith('$argon2');
}
