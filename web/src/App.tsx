import { useEffect, useRef, type MouseEvent } from 'react';
import { failureText } from './api';
import { LiveStatus } from './components/LiveStatus';
import { ReviewCountBadge } from './components/ReviewCountBadge';
import { useLogout, useSession } from './hooks/useSession';
import { useHashRoute, type Route } from './hooks/useHashRoute';
import { CamerasPage } from './pages/CamerasPage';
import { EventPage } from './pages/EventPage';
import { ReviewPage } from './pages/ReviewPage';
import { SettingsPage } from './pages/SettingsPage';
import { LoginPage } from './pages/LoginPage';
import { SystemPage } from './pages/SystemPage';
import { TimelinePage } from './pages/TimelinePage';

const NAV = [
  { href: '#/', label: 'Review', pages: ['review', 'event'] },
  { href: '#/cameras', label: 'Cameras', pages: ['cameras'] },
  { href: '#/clips', label: 'Clips', pages: ['timeline', 'clip'] },
  { href: '#/settings', label: 'Settings', pages: ['settings'] },
  { href: '#/system', label: 'System', pages: ['system'] },
] as const;

export function App() {
  const { session, open } = useSession();
  if (!session.data)
    return (
      <main id="main" tabIndex={-1}>
        <p className={session.isError ? 'error-text' : 'empty'} role="status">
          {session.isError ? `Cannot reach HomeSec: ${failureText(session.error)}` : 'Loading…'}
        </p>
      </main>
    );
  if (!open)
    return (
      <>
        <header className="toolbar">
          <span className="brand">HomeSec</span>
        </header>
        <LoginPage passwordOnly={session.data.passwordOnly} />
      </>
    );
  return <Dashboard user={session.data.authRequired ? session.data.user : null} />;
}

/** The dashboard once it may be shown; `user` is who is logged in (null when no login exists). */
function Dashboard({ user }: { readonly user: string | null }) {
  const route = useHashRoute();
  const main = useRef<HTMLElement>(null);
  const firstRoute = useRef(true);
  const logout = useLogout();

  // After navigating, keyboard and screen-reader users continue in the new page, not on the link they left.
  useEffect(() => {
    if (firstRoute.current) firstRoute.current = false;
    else main.current?.focus();
  }, [route]);

  return (
    <>
      <a className="skip-link" href="#main" onClick={skipToMain}>
        Skip to content
      </a>
      <header className="toolbar">
        <span className="brand">HomeSec</span>
        <nav aria-label="Main">
          {NAV.map((item) => (
            <a key={item.href} href={item.href} aria-current={(item.pages as readonly string[]).includes(route.page) ? 'page' : undefined}>
              {item.label}
              {item.href === '#/' && <ReviewCountBadge />}
            </a>
          ))}
        </nav>
        <LiveStatus />
        {user === null ? null : (
          <button type="button" className="logout" onClick={() => logout.mutate()} aria-disabled={logout.isPending}>
            Log out <span className="sr-only">{user}</span>
          </button>
        )}
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        <Page route={route} />
      </main>
    </>
  );
}

/** `#main` would be read as a route by the hash router: move focus without touching the hash. */
function skipToMain(event: MouseEvent<HTMLAnchorElement>): void {
  event.preventDefault();
  document.getElementById('main')?.focus();
}

function Page({ route }: { readonly route: Route }) {
  switch (route.page) {
    case 'review':
      return <ReviewPage />;
    case 'event':
      return <EventPage key={`event ${route.id}`} eventId={route.id} clipId={route.clipId} />;
    case 'settings':
      return <SettingsPage />;
    case 'timeline':
      return <TimelinePage />;
    case 'clip':
      return <EventPage key={`clip ${route.id}`} eventId={null} clipId={route.id} />;
    case 'cameras':
      return <CamerasPage />;
    case 'system':
      return <SystemPage />;
    case 'missing':
      return (
        <p>
          No such page. <a href="#/">Go to review</a>
        </p>
      );
  }
}
