import { useId } from 'react';
import type { CameraLogin } from './camera-login';

/**
 * The camera's address, user name and password, and its ONVIF and RTSP ports folded under "Advanced" (80 and
 * 554 serve most cameras). The password field never autofills the dashboard's own login into a camera.
 */
export function NetworkLoginFields({ login, onLogin }: { readonly login: CameraLogin; readonly onLogin: (login: CameraLogin) => void }) {
  const id = useId();
  const set = (change: Partial<CameraLogin>) => onLogin({ ...login, ...change });
  return (
    <>
      <div className="field">
        <label htmlFor={`${id}-host`}>Camera address</label>
        <input
          id={`${id}-host`}
          value={login.host}
          onChange={(e) => set({ host: e.target.value })}
          placeholder="192.168.1.20"
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          inputMode="url"
          required
          aria-describedby={`${id}-host-help`}
        />
        <span id={`${id}-host-help`} className="field-help muted">
          Its IP address or host name on your network.
        </span>
      </div>
      <div className="field">
        <label htmlFor={`${id}-user`}>User name</label>
        <input
          id={`${id}-user`}
          value={login.username}
          onChange={(e) => set({ username: e.target.value })}
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-password`}>Password</label>
        <input
          id={`${id}-password`}
          type="password"
          value={login.password}
          onChange={(e) => set({ password: e.target.value })}
          autoComplete="off"
        />
      </div>
      <details className="advanced">
        <summary>Advanced: ONVIF and RTSP ports</summary>
        <div className="field-row">
          <div className="field">
            <label htmlFor={`${id}-onvif`}>ONVIF port</label>
            <input
              id={`${id}-onvif`}
              value={login.onvifPort}
              onChange={(e) => set({ onvifPort: e.target.value })}
              inputMode="numeric"
              pattern="[0-9]*"
              autoComplete="off"
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-rtsp`}>RTSP port</label>
            <input
              id={`${id}-rtsp`}
              value={login.rtspPort}
              onChange={(e) => set({ rtspPort: e.target.value })}
              inputMode="numeric"
              pattern="[0-9]*"
              autoComplete="off"
            />
          </div>
        </div>
      </details>
    </>
  );
}
