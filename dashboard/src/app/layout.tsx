// The frame of every signed-in screen: a skip link, the navigation, who is signed in, whether the
// live stream is connected, and the screen itself in <main>.
import { NavLink, Outlet, useNavigate } from 'react-router';
import { useLiveEvents } from '../api/live-events.ts';
import { useSignOut } from '../api/session.ts';
import type { Me } from '../api/types.ts';
import { NAVIGATION } from './navigation.ts';

export function Layout({ me }: { me: Me }) {
  const live = useLiveEvents(true);
  const signOut = useSignOut();
  const navigate = useNavigate();
  return (
    <>
      <a className="skip-link" href="#main">Skip to content</a>
      <header className="top-bar">
        <span className="brand">Kairox</span>
        <nav aria-label="Main">
          <ul>
            {NAVIGATION.map((item) => (
              <li key={item.to}><NavLink to={item.to}>{item.label}</NavLink></li>
            ))}
          </ul>
        </nav>
        <div className="who">
          <span className={`live live-${live}`} role="status" aria-live="polite">{live === 'open' ? 'Live' : live === 'connecting' ? 'Connecting…' : 'Offline'}</span>
          <span className="email" title={me.user.email}>{me.user.email}</span>
          <span className="role">{me.workspace.role}</span>
          <button type="button" onClick={() => void signOut().then(() => navigate('/login'))}>Sign out</button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}
