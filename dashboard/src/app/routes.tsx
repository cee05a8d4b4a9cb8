// Every screen and its address. The server answers each of these paths with index.html.
// Sign-in and connections load with the app; the other screens are fetched when first opened
// (the positions chart alone is lightweight-charts), so the first screen draws sooner.
import { createBrowserRouter, Navigate } from 'react-router';
import { SignedInArea } from './gate.tsx';
import { LoginScreen } from '../screens/auth/login.tsx';
import { SetupScreen } from '../screens/auth/setup.tsx';
import { ConnectScreen } from '../screens/connections/connect-screen.tsx';
import { ConnectionScreen } from '../screens/connections/connection-screen.tsx';
import { ConnectionsScreen } from '../screens/connections/connections-screen.tsx';
import { NotFoundScreen } from '../screens/not-found.tsx';

export const router = createBrowserRouter([
  { path: '/setup', element: <SetupScreen /> },
  { path: '/login', element: <LoginScreen /> },
  {
    element: <SignedInArea />,
    children: [
      { index: true, element: <Navigate to="/connections" replace /> },
      { path: '/connections', element: <ConnectionsScreen /> },
      { path: '/connections/new', element: <ConnectScreen /> },
      { path: '/connections/:id', element: <ConnectionScreen /> },
      { path: '/connections/:id/risk', lazy: async () => ({ Component: (await import('../screens/connections/risk-screen.tsx')).RiskScreen }) },
      { path: '/instruments', lazy: async () => ({ Component: (await import('../screens/instruments/instruments-screen.tsx')).InstrumentsScreen }) },
      { path: '/ticket', lazy: async () => ({ Component: (await import('../screens/ticket/ticket-screen.tsx')).TicketScreen }) },
      { path: '/orders', lazy: async () => ({ Component: (await import('../screens/orders/orders-screen.tsx')).OrdersScreen }) },
      { path: '/orders/:id', lazy: async () => ({ Component: (await import('../screens/orders/order-screen.tsx')).OrderScreen }) },
      { path: '/positions', lazy: async () => ({ Component: (await import('../screens/positions/positions-screen.tsx')).PositionsScreen }) },
      { path: '/audit', lazy: async () => ({ Component: (await import('../screens/audit/audit-screen.tsx')).AuditScreen }) },
      { path: '/audit/signals/:id', lazy: async () => ({ Component: (await import('../screens/audit/signal-timeline-screen.tsx')).SignalTimelineScreen }) },
      { path: '/team', lazy: async () => ({ Component: (await import('../screens/team/team-screen.tsx')).TeamScreen }) },
      { path: '/access', lazy: async () => ({ Component: (await import('../screens/team/access-screen.tsx')).AccessScreen }) },
      { path: '*', element: <NotFoundScreen /> },
    ],
  },
]);
