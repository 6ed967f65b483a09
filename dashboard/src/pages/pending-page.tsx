import { useEffect, type ReactNode } from 'react';

/** A page whose view is not built yet (issue 6): says so and where the same data is available meanwhile. */
export function PendingPage({ title, api }: { title: string; api: string }): ReactNode {
  useEffect(() => {
    document.title = `${title} · Observability`;
  }, [title]);
  return (
    <div className="page-state">
      <h1>{title}</h1>
      <p className="state empty">
        This page is not built yet. The data is available from the api at <code>{api}</code>, and in Explore.
      </p>
    </div>
  );
}
