// Every screen and its address. The server answers each of these paths with index.html.
import { createBrowserRouter, Navigate } from 'react-router';
import { SignedInArea } from './gate.tsx';
import { LoginScreen } from '../screens/auth/login.tsx';
import { SetupScreen } from '../screens/auth/setup.tsx';
import { AuditScreen } from '../screens/audit/audit-screen.tsx';
import { SignalTimelineScreen } from '../screens/audit/signal-timeline-screen.tsx';
import { ConnectScreen } from '../screens/connections/connect-screen.tsx';
import { ConnectionScreen } from '../screens/connections/connection-screen.tsx';
import { ConnectionsScreen } from '../screens/connections/connections-screen.tsx';
import { RiskScreen } from '../screens/connections/risk-screen.tsx';
import { InstrumentsScreen } from '../screens/instruments/instruments-screen.tsx';
import { NotFoundScreen } from '../screens/not-found.tsx';
import { OrderScreen } from '../screens/orders/order-screen.tsx';
import { OrdersScreen } from '../screens/orders/orders-screen.tsx';
import { PositionsScreen } from '../screens/positions/positions-screen.tsx';
import { AccessScreen } from '../screens/team/access-screen.tsx';
import { TeamScreen } from '../screens/team/team-screen.tsx';
import { TicketScreen } from '../screens/ticket/ticket-screen.tsx';

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
      { path: '/connections/:id/risk', element: <RiskScreen /> },
      { path: '/instruments', element: <InstrumentsScreen /> },
      { path: '/ticket', element: <TicketScreen /> },
      { path: '/orders', element: <OrdersScreen /> },
      { path: '/orders/:id', element: <OrderScreen /> },
      { path: '/positions', element: <PositionsScreen /> },
      { path: '/audit', element: <AuditScreen /> },
      { path: '/audit/signals/:id', element: <SignalTimelineScreen /> },
      { path: '/team', element: <TeamScreen /> },
      { path: '/access', element: <AccessScreen /> },
      { path: '*', element: <NotFoundScreen /> },
    ],
  },
]);
