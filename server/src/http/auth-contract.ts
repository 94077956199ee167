/**
 * The login API contract: zod for the input, types for the answers. Like contract.ts, the web imports
 * only types from here.
 */
import { z } from 'zod';

/** `POST /api/auth/login`: the user name may be left out with a single `http.password`. */
export const LoginBodySchema = z.strictObject({
  username: z.string().trim().min(1).max(64).optional(),
  password: z.string().min(1).max(1024),
});
export type LoginBody = z.input<typeof LoginBodySchema>;

/** `GET /api/auth/session` (and the answer to a login). */
export const SessionResponseSchema = z.object({
  /** False on loopback-only and ingress access: no login exists. */
  authRequired: z.boolean(),
  authenticated: z.boolean(),
  user: z.string().nullable(),
  /** True when a single password is set, so the form may leave the user name out. */
  passwordOnly: z.boolean(),
});
export type SessionResponse = z.infer<typeof SessionResponseSchema>;

export const SESSION_COOKIE = 'homesec_session';
/** The user of the single `http.password`. */
export const PASSWORD_USER = 'homesec';
