import { Suspense, lazy, type ReactNode } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { BoardPage } from './pages/board-page.js';
import { PendingPage } from './pages/pending-page.js';
import { AppShell } from './shell/app-shell.js';

// Explore (CodeMirror and the PromQL language) loads only when opened: the first page stays small.
const ExplorePage = lazy(() => import('./pages/explore/explore-page.js'));
const LogsPage = lazy(() => import('./pages/logs/logs-page.js'));
// SLOs and Alerts load when opened too (their own chunks, sharing the charts chunk with the boards).
const SlosPage = lazy(() => import('./pages/slos/slos-page.js').then((m) => ({ default: m.SlosPage })));
const SloDetailPage = lazy(() => import('./pages/slos/slo-detail-page.js').then((m) => ({ default: m.SloDetailPage })));
const AlertsPage = lazy(() => import('./pages/alerts/alerts-page.js').then((m) => ({ default: m.AlertsPage })));

function Lazy({ children }: { children: ReactNode }): ReactNode {
  return (
    <Suspense
      fallback={
        <p className="state loading" role="status">
          Loading…
        </p>
      }
    >
      {children}
    </Suspense>
  );
}

/** Routes (issue 6): `/` Overview, `/boards/<name>`, `/slos`, `/slos/<name>`, `/alerts`, `/logs`, `/explore`. */
export const router = createBrowserRouter([
  {
    path: '/',
    element: <AppShell />,
    children: [
      { index: true, element: <BoardPage name="overview" /> },
      { path: 'boards/:name', element: <BoardPage /> },
      {
        path: 'slos',
        element: (
          <Lazy>
            <SlosPage />
          </Lazy>
        ),
      },
      {
        path: 'slos/:name',
        element: (
          <Lazy>
            <SloDetailPage />
          </Lazy>
        ),
      },
      {
        path: 'alerts',
        element: (
          <Lazy>
            <AlertsPage />
          </Lazy>
        ),
      },
      {
        path: 'logs',
        element: (
          <Lazy>
            <LogsPage />
          </Lazy>
        ),
      },
      {
        path: 'explore',
        element: (
          <Lazy>
            <ExplorePage />
          </Lazy>
        ),
      },
      { path: '*', element: <PendingPage title="Not found" api="/api/v1/boards" /> },
    ],
  },
]);

export function App(): ReactNode {
  return <RouterProvider router={router} />;
}
