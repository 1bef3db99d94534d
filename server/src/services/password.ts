/**
 * Passwords are hashed with scrypt (memory-hard, in node:crypto): 32 MiB and ~50–100 ms a try
 * on this machine's size, so a stolen table is slow to attack and a login still feels instant.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

const N = 2 ** 15;
const R = 8;
const P = 1;
const KEYLEN = 32;
const MAXMEM = 64 * 1024 * 1024;

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEYLEN, { N: n, r, p, maxmem: MAXMEM }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, N, R, P);
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/**
 * Cost of hashing a password the server generated (generatePassword: 16 characters from 31,
 * about 79 bits of chance): nobody guesses that whatever the hash costs, and it must be replaced
 * at first sign-in. A cheaper scrypt lets an import open thousands of accounts in seconds instead
 * of minutes; a password a person chooses always gets the full cost. verifyPassword reads the
 * cost from the stored hash, so both kinds verify alike.
 */
const GENERATED_N = 2 ** 10;

export async function hashGeneratedPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, GENERATED_N, R, P);
  return `scrypt$${GENERATED_N}$${R}$${P}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, salt, hash] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(hash, 'base64url');
  const key = await derive(password, Buffer.from(salt, 'base64url'), Number(n), Number(r), Number(p));
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/**
 * A hash of a random password, verified against when the username does not exist, so a wrong
 * username costs the same time as a wrong password.
 */
let dummy: Promise<string> | null = null;
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(16).toString('hex'));
  return dummy;
}

/** A readable one-time password: 4 groups of 4 from an alphabet without look-alikes. */
export function generatePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(16);
  let out = '';
  for (let i = 0; i < 16; i++) {
    if (i > 0 && i % 4 === 0) out += '-';
    out += alphabet[(bytes[i] as number) % alphabet.length];
  }
  return out;
}

const COMMON = new Set([
  'password',
  'password1',
  'password123',
  '12345678',
  '123456789',
  '1234567890',
  'qwerty123',
  'qwertyuiop',
  '11111111',
  '00000000',
  '123123123',
  'abc12345',
  'iloveyou',
  'admin123',
  'administrator',
  'welcome1',
  'matkhau',
  'matkhau123',
  'matkhau@123',
  'hanoi123',
  'vietnam123',
  'tiendo06',
  'tiendo-demo',
  'dean06',
  'congan123',
  '88888888',
  '66666666',
  '12341234',
  'a1234567',
  'abcd1234',
]);
export const MIN_PASSWORD_LENGTH = 10;

/** Why a chosen password is not acceptable, or null. */
export function passwordProblem(password: string, username: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) {
    return `Mật khẩu cần ít nhất ${MIN_PASSWORD_LENGTH} ký tự / password must have at least ${MIN_PASSWORD_LENGTH} characters`;
  }
  const lower = password.toLowerCase();
  if (COMMON.has(lower) || lower.includes(username.toLowerCase()) || /^(.)\1+$/.test(password)) {
    return 'Mật khẩu quá dễ đoán / password is too easy to guess';
  }
  return null;
}
