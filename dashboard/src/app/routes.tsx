// Every screen and its address. The server answers each of these paths with index.html.
import { createBrowserRouter, Navigate } from 'react-router';
import { SignedInArea } from './gate.tsx';
import { LoginScreen } from '../screens/auth/login.tsx';
import { SetupScreen } from '../screens/auth/setup.tsx';
import { NotFoundScreen } from '../screens/not-found.tsx';

export const router = createBrowserRouter([
  { path: '/setup', element: <SetupScreen /> },
  { path: '/login', element: <LoginScreen /> },
  {
    element: <SignedInArea />,
    children: [
      { index: true, element: <Navigate to="/connections" replace /> },
      { path: '*', element: <NotFoundScreen /> },
    ],
  },
]);
