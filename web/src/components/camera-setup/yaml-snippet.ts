import type { SaveCameraBody } from '../../camera-setup-contract';

/** What the user writes in place of the password: the snippet is on screen, the password stays out of it. */
export const PASSWORD_PLACEHOLDER = 'PASSWORD';

/** A YAML string that needs no thought about YAML's rules: JSON's double-quoted form is YAML too. */
const quoted = (text: string): string => JSON.stringify(text);

/** `rtsp://host:554/path` with `user:PASSWORD@` put back, as the config's `url` takes it. */
function withLogin(url: string, username: string, hasPassword: boolean): string {
  if (username === '' && !hasPassword) return url;
  const login = `${encodeURIComponent(username)}${hasPassword ? `:${PASSWORD_PLACEHOLDER}` : ''}@`;
  return url.replace(/^(rtsps?:\/\/)/, `$1${login}`);
}

/**
 * The camera as lines to paste under `cameras:` in homesec.yaml, for a HomeSec that runs on its built-in
 * defaults and has no file to save into. Passwords are left as PASSWORD for the user to fill in.
 */
export function cameraYamlSnippet(camera: SaveCameraBody): string {
  const lines = ['cameras:', `  - name: ${camera.name}`, `    source: ${camera.source}`];
  switch (camera.source) {
    case 'rtsp': {
      const hasPassword = (camera.password ?? '') !== '';
      const username = camera.username ?? '';
      lines.push(`    url: ${quoted(withLogin(camera.url, username, hasPassword))}`);
      if (camera.detectUrl) lines.push(`    detect_url: ${quoted(withLogin(camera.detectUrl, username, hasPassword))}`);
      break;
    }
    case 'ftp':
      lines.push(`    password: ${quoted(PASSWORD_PLACEHOLDER)}`);
      break;
    case 'folder':
      break;
  }
  return `${lines.join('\n')}\n`;
}
