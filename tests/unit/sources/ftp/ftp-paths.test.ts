import { describe, expect, it } from 'vitest';
import { resolveBrowsePath, resolveWritePath, toServerPath } from '../../../../server/src/sources/ftp/ftp-paths.js';

describe('resolveWritePath', () => {
  it('resolves names relative to the current folder, spaces and unicode included', () => {
    // Given/When/Then: plain, nested, dotted and unicode names stay inside the current folder
    expect(resolveWritePath('/', 'clip.mp4')).toEqual({ ok: true, virtualPath: '/clip.mp4' });
    expect(resolveWritePath('/2026-11-21', './a/b.mp4')).toEqual({ ok: true, virtualPath: '/2026-11-21/a/b.mp4' });
    expect(resolveWritePath('/', 'Front Door ✓ 01.mp4')).toEqual({ ok: true, virtualPath: '/Front Door ✓ 01.mp4' });
  });

  it.each([
    ['../x.mp4', 'path traversal (..) is not allowed'],
    ['a/../../x.mp4', 'path traversal (..) is not allowed'],
    ['..\\x.mp4', 'path traversal (..) is not allowed'],
    ['/etc/x.mp4', 'absolute paths are not allowed; upload relative to the current folder'],
    ['\\etc\\x.mp4', 'absolute paths are not allowed; upload relative to the current folder'],
    ['C:/x.mp4', 'absolute paths are not allowed; upload relative to the current folder'],
    ['', 'no file name given'],
    ['./', 'no file name given'],
    ['a\u0000.mp4', 'control characters in the path are not allowed'],
  ])('refuses %j', (arg, reason) => {
    // Given/When a hostile or broken name, Then it is refused with a readable reason
    expect(resolveWritePath('/day', arg)).toEqual({ ok: false, reason });
  });
});

describe('resolveBrowsePath', () => {
  it('lets absolute paths mean the camera root and .. work inside it', () => {
    // Given/When/Then
    expect(resolveBrowsePath('/a/b', '..')).toEqual({ ok: true, virtualPath: '/a' });
    expect(resolveBrowsePath('/a/b', '/c')).toEqual({ ok: true, virtualPath: '/c' });
    expect(resolveBrowsePath('/a', '')).toEqual({ ok: true, virtualPath: '/a' });
  });

  it('refuses climbing above the root', () => {
    // Given/When/Then
    expect(resolveBrowsePath('/', '..')).toEqual({ ok: false, reason: 'path leads outside your folder' });
    expect(resolveBrowsePath('/a', '/../../etc')).toEqual({ ok: false, reason: 'path leads outside your folder' });
  });
});

describe('toServerPath', () => {
  it('joins inside the root and never outside it', () => {
    // Given/When/Then
    expect(toServerPath('/data/ftp/cam', '/x/y.mp4')).toBe('/data/ftp/cam/x/y.mp4');
    expect(toServerPath('/data/ftp/cam', '/')).toBe('/data/ftp/cam');
    expect(toServerPath('/data/ftp/cam', '/../cam2/y.mp4')).toBeNull();
  });
});
