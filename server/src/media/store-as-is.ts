import { copyFile, mkdir, rename, stat, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Keeps a file that is not a usable clip exactly as it came (evidence for the user), in the media folder. */
export async function storeAsIs(source: string, destination: string, consume: boolean): Promise<number> {
  if (source !== destination) {
    await mkdir(dirname(destination), { recursive: true });
    try {
      if (!consume) throw Object.assign(new Error('copy'), { code: 'EXDEV' });
      await rename(source, destination);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e;
      await copyFile(source, `${destination}.part`);
      await rename(`${destination}.part`, destination);
      if (consume) await unlink(source);
    }
  }
  return (await stat(destination)).size;
}
