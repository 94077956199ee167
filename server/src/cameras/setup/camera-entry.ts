import type { z } from 'zod';
import type { SaveCameraBodySchema } from '../../http/camera-setup-contract.js';
import { withCredentials } from './stream-url.js';

export type SaveCameraRequest = z.output<typeof SaveCameraBodySchema>;

/**
 * The camera as it is written into the config: flat snake_case keys, which the add-on's options and
 * homesec.yaml share (`url`, `detect_url`, `password`). An RTSP camera's login goes back into its
 * URLs, percent-encoded, as HomeSec's recorder opens them.
 */
export function cameraEntry(request: SaveCameraRequest): Record<string, unknown> {
  switch (request.source) {
    case 'rtsp':
      return {
        name: request.name,
        source: 'rtsp',
        url: withCredentials(request.url, request.username, request.password),
        ...(request.detectUrl !== null && request.detectUrl !== request.url
          ? { detect_url: withCredentials(request.detectUrl, request.username, request.password) }
          : {}),
      };
    case 'ftp':
      return { name: request.name, source: 'ftp', password: request.password };
    case 'folder':
      return { name: request.name, source: 'folder' };
  }
}
