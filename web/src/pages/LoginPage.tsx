import { useId, useState, type FormEvent } from 'react';
import { failureText } from '../api';
import { useLogin } from '../hooks/useSession';

/** The one form shown before a login: user name (unless a single password is set) and password. */
export function LoginPage({ passwordOnly }: { readonly passwordOnly: boolean }) {
  const login = useLogin();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const errorId = useId();

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    if (login.isPending) return;
    login.mutate(passwordOnly ? { password } : { username, password });
  }

  const failed = login.isError;
  return (
    <main id="main" className="login" tabIndex={-1}>
      <form className="card login-form" onSubmit={submit} aria-describedby={failed ? errorId : undefined}>
        <h1>Log in to HomeSec</h1>
        {passwordOnly ? null : (
          <label>
            User name
            <input name="username" autoComplete="username" required value={username} onChange={(e) => setUsername(e.target.value)} />
          </label>
        )}
        <label>
          Password
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            required
            aria-invalid={failed || undefined}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {failed ? (
          <p id={errorId} className="error-text" role="alert">
            {failureText(login.error)}
          </p>
        ) : null}
        <button type="submit" aria-disabled={login.isPending}>
          {login.isPending ? 'Logging in…' : 'Log in'}
        </button>
      </form>
    </main>
  );
}
