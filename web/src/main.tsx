import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { syncLiveIntoQueries } from './live/sync-live-into-queries';
import { createQueryClient } from './query-client';
import { liveStore } from './socket';
import './styles.css';
import { followHomeAssistantTheme } from './theme/follow-home-assistant-theme';

// Outside React: the theme, the one query cache and its link to the live store (the socket opens once the
// session allows it: useSession).
followHomeAssistantTheme();
const queryClient = createQueryClient();
syncLiveIntoQueries(liveStore, queryClient);

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <App />
      </QueryClientProvider>
    </StrictMode>,
  );
}
