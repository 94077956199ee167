import { useHashRoute, type Route } from './hooks/useHashRoute';
import { useLive } from './hooks/useLive';
import { CamerasPage } from './pages/CamerasPage';
import { ClipPage } from './pages/ClipPage';
import { SystemPage } from './pages/SystemPage';
import { TimelinePage } from './pages/TimelinePage';

const NAV = [
  { href: '#/', label: 'Timeline', pages: ['timeline', 'clip'] },
  { href: '#/cameras', label: 'Cameras', pages: ['cameras'] },
  { href: '#/system', label: 'System', pages: ['system'] },
] as const;

export function App() {
  const route = useHashRoute();
  const live = useLive();
  return (
    <>
      <header className="toolbar">
        <span className="brand">HomeSec</span>
        <nav aria-label="Main">
          {NAV.map((item) => (
            <a key={item.href} href={item.href} aria-current={(item.pages as readonly string[]).includes(route.page) ? 'page' : undefined}>
              {item.label}
            </a>
          ))}
        </nav>
        <span className={`live ${live.connected ? 'on' : 'off'}`} role="status">
          {live.connected ? 'Live' : 'Reconnecting…'}
        </span>
      </header>
      <main>
        <Page route={route} />
      </main>
    </>
  );
}

function Page({ route }: { readonly route: Route }) {
  switch (route.page) {
    case 'timeline':
      return <TimelinePage />;
    case 'clip':
      return <ClipPage key={route.id} id={route.id} />;
    case 'cameras':
      return <CamerasPage />;
    case 'system':
      return <SystemPage />;
    case 'missing':
      return (
        <p>
          No such page. <a href="#/">Go to the timeline</a>
        </p>
      );
  }
}
