// How a screen shows a query that is loading or failed, the same way everywhere.
import type { ReactNode } from 'react';
import type { UseQueryResult } from '@tanstack/react-query';

export function Loaded<T>({ query, children }: { query: UseQueryResult<T>; children: (data: T) => ReactNode }) {
  if (query.isPending) return <p className="muted" role="status">Loading…</p>;
  if (query.isError) return <p className="form-error" role="alert">{query.error.message}</p>;
  return <>{children(query.data)}</>;
}
