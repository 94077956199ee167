import { mkdir, rename, stat } from 'node:fs/promises';
import { FileSystem, type FtpConnection } from 'ftp-srv';
import { resolveBrowsePath, resolveWritePath, toServerPath, type FtpPathCheck } from './ftp-paths.js';
import { UploadWriter, type UploadOutcome } from './upload-writer.js';

/** What one logged-in camera may touch, and whom to tell about its uploads. */
export interface CameraJail {
  readonly camera: string;
  /** Absolute server path of the camera's staging folder; the camera sees it as `/`. */
  readonly root: string;
  readonly maxBytes: number;
  readonly idleTimeoutMs: number;
  /** True while a file waits to be taken by intake; the camera may not replace or delete it. */
  isHeld(serverPath: string): boolean;
  /** An upload began (housekeeping must leave its work file alone; stop() cuts it off). */
  onUploadStarted(writer: UploadWriter): void;
  onUpload(clientPath: string, outcome: UploadOutcome): void;
  onRenamed(serverPath: string): void;
  onRefused(command: string, path: string, reason: string): void;
}

/** An error whose message is the text after `550` the camera sees; never carries a server path. */
class FtpRefusal extends Error {
  readonly code = 550;
}

/**
 * ftp-srv's file system, locked into one camera's folder. Every path is checked before ftp-srv's
 * own resolution sees it; uploads go through an UploadWriter; downloads and chmod are not offered.
 */
export class CameraFileSystem extends FileSystem {
  constructor(
    connection: FtpConnection,
    private readonly jail: CameraJail,
  ) {
    super(connection, { root: jail.root, cwd: '/' });
  }

  override get(fileName: string): Promise<unknown> {
    return this.guard('STAT', fileName, resolveBrowsePath, (virtual) => super.get(virtual));
  }

  override list(path = '.'): Promise<unknown> {
    return this.guard('LIST', path, resolveBrowsePath, (virtual) => super.list(virtual));
  }

  override chdir(path = '.'): Promise<string> {
    return this.guard('CWD', path, resolveBrowsePath, (virtual) => super.chdir(virtual));
  }

  /** Cameras often create date folders; the reply names the folder as the camera sees it. */
  override mkdir(path: string): Promise<string> {
    return this.guard('MKD', path, resolveBrowsePath, async (virtual, server) => {
      await mkdir(server, { recursive: true });
      return virtual;
    });
  }

  override write(
    fileName: string,
    options: { append?: boolean; start?: unknown } = {},
  ): Promise<{ stream: UploadWriter; clientPath: string }> {
    return this.guard('STOR', fileName, resolveWritePath, async (virtual, server) => {
      if (options.append || (typeof options.start === 'number' && options.start > 0))
        throw new FtpRefusal('append and resume are not supported; upload the whole file');
      // A name still waiting for intake is fine: the finished upload gets a free name (publishUpload).
      const parent = await stat(server.slice(0, server.lastIndexOf('/')) || '/').catch(() => null);
      if (!parent?.isDirectory()) throw new FtpRefusal('folder does not exist; create it first (MKD)');
      const stream = new UploadWriter({
        finalPath: server,
        maxBytes: this.jail.maxBytes,
        idleTimeoutMs: this.jail.idleTimeoutMs,
        onOutcome: (outcome) => this.jail.onUpload(virtual, outcome),
      });
      this.jail.onUploadStarted(stream);
      return { stream, clientPath: virtual };
    });
  }

  override read(fileName: string): Promise<never> {
    return this.refuse('RETR', fileName, 'downloads are not offered');
  }

  override delete(path: string): Promise<unknown> {
    return this.guard('DELE', path, resolveWritePath, async (virtual, server) => {
      if (this.jail.isHeld(server)) throw new FtpRefusal('the file is being processed');
      return super.delete(virtual);
    });
  }

  override rename(from: string, to: string): Promise<unknown> {
    return this.guard('RNFR', from, resolveWritePath, (_fromVirtual, fromServer) =>
      this.guard('RNTO', to, resolveWritePath, async (_toVirtual, toServer) => {
        if (this.jail.isHeld(fromServer) || this.jail.isHeld(toServer)) throw new FtpRefusal('the file is being processed');
        await rename(fromServer, toServer);
        this.jail.onRenamed(toServer);
      }),
    );
  }

  override chmod(path: string): Promise<never> {
    return this.refuse('SITE CHMOD', path, 'changing permissions is not offered');
  }

  /** Checks a path, runs `action` on it, and turns any failure into a 550 without server paths. */
  private async guard<T>(
    command: string,
    path: string,
    resolve: (cwd: string, arg: string) => FtpPathCheck,
    action: (virtualPath: string, serverPath: string) => Promise<T>,
  ): Promise<T> {
    const check = resolve(this.currentDirectory(), path);
    const server = check.ok ? toServerPath(this.jail.root, check.virtualPath) : null;
    if (!check.ok || server === null) return this.refuse(command, path, check.ok ? 'path leads outside your folder' : check.reason);
    try {
      return await action(check.virtualPath, server);
    } catch (e) {
      if (e instanceof FtpRefusal) return this.refuse(command, path, e.message);
      throw new FtpRefusal(describeFsError(e));
    }
  }

  private refuse(command: string, path: string, reason: string): Promise<never> {
    this.jail.onRefused(command, path, reason);
    return Promise.reject(new FtpRefusal(reason));
  }
}

/** Node's fs messages name the server path; the camera only gets the gist. */
function describeFsError(e: unknown): string {
  switch ((e as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return 'no such file or folder';
    case 'EEXIST':
      return 'already exists';
    case 'ENOTDIR':
      return 'not a folder';
    case 'EISDIR':
      return 'is a folder';
    case 'ENOTEMPTY':
      return 'folder not empty';
    case 'ENOSPC':
      return 'disk full';
    default:
      return 'operation failed';
  }
}
