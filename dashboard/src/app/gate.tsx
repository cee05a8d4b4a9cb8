// Sends a visitor where they can go: set-up on the very first visit, sign-in without a session,
// the screens otherwise.
import { Navigate, useLocation } from 'react-router';
import { useMe, useSetupNeeded } from '../api/session.ts';
import { Layout } from './layout.tsx';

export function SignedInArea() {
  const me = useMe();
  const setup = useSetupNeeded();
  const location = useLocation();
  if (me.isPending || setup.isPending) return <p className="muted" role="status">Loading…</p>;
  if (me.isError) return <p className="form-error" role="alert">{me.error.message}</p>;
  if (setup.data?.needed) return <Navigate to="/setup" replace />;
  if (!me.data) return <Navigate to="/login" replace state={{ from: location.pathname }} />;
  return <Layout me={me.data} />;
}
