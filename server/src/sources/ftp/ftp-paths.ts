import { posix } from 'node:path';

/** A path a camera asked for, resolved inside its own folder, or why it was refused. */
export type FtpPathCheck = { readonly ok: true; readonly virtualPath: string } | { readonly ok: false; readonly reason: string };

// Control characters (including NUL) have no place in a file name and confuse logs and shells.
// eslint-disable-next-line no-control-regex -- matching control characters is the point of this pattern
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;
const DRIVE_LETTER = /^[A-Za-z]:/;

/**
 * For commands that write (STOR, DELE, RNFR, RNTO): the name must be relative to the current folder
 * and may not climb with `..`. A camera that sends `/etc/x.mp4` or `../x.mp4` is misconfigured or
 * hostile; either way it gets a 550 and a log line instead of a file somewhere unexpected.
 */
export function resolveWritePath(cwd: string, arg: string | null | undefined): FtpPathCheck {
  const raw = arg ?? '';
  const basic = basicProblem(raw);
  if (basic) return refuse(basic);
  const text = raw.replace(/\\/g, '/');
  if (text.startsWith('/') || DRIVE_LETTER.test(text))
    return refuse('absolute paths are not allowed; upload relative to the current folder');
  const segments = text.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) return refuse('path traversal (..) is not allowed');
  if (segments.length === 0) return refuse('no file name given');
  return { ok: true, virtualPath: posix.join(cwd, ...segments) };
}

/**
 * For commands that only look or move around (CWD, LIST, MKD, RMD, SIZE): absolute paths mean the
 * camera's own root, and `..` works as long as it stays inside that root.
 */
export function resolveBrowsePath(cwd: string, arg: string | null | undefined): FtpPathCheck {
  const raw = arg ?? '';
  if (raw === '') return { ok: true, virtualPath: cwd };
  const basic = basicProblem(raw);
  if (basic) return refuse(basic);
  const text = raw.replace(/\\/g, '/');
  if (DRIVE_LETTER.test(text)) return refuse('drive letters are not allowed');
  const stack = text.startsWith('/') ? [] : cwd.split('/').filter((s) => s !== '');
  for (const segment of text.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (stack.length === 0) return refuse('path leads outside your folder');
      stack.pop();
    } else {
      stack.push(segment);
    }
  }
  return { ok: true, virtualPath: `/${stack.join('/')}` };
}

/** The server path of a resolved virtual path; refuses anything that would land outside `root`. */
export function toServerPath(root: string, virtualPath: string): string | null {
  const joined = posix.resolve(root, `.${virtualPath}`);
  return joined === root || joined.startsWith(root.endsWith('/') ? root : `${root}/`) ? joined : null;
}

function basicProblem(raw: string): string | null {
  if (CONTROL_CHARS.test(raw)) return 'control characters in the path are not allowed';
  if (Buffer.byteLength(raw, 'utf8') > 1024) return 'path too long';
  return null;
}

function refuse(reason: string): FtpPathCheck {
  return { ok: false, reason };
}
