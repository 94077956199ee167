import { Router } from 'express';

/**
 * A router that matches one spelling of each path: case-sensitive, and `/api/clips/` is not
 * `/api/clips`. The app's own `case sensitive routing` and `strict routing` do not reach the
 * routers mounted in it, so every router is made here.
 */
export function exactRouter(): Router {
  return Router({ caseSensitive: true, strict: true });
}
