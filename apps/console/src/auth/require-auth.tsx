import { Navigate, Outlet, useLocation } from 'react-router';
import { NotFoundPage } from '../layout/states';
import { canOpen, type Area } from './access';
import { useSession } from './use-session';

/** Logged out (or expired): to the login page, remembering where the officer was. */
export function RequireAuth() {
  const { token } = useSession();
  const location = useLocation();
  if (!token) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return <Outlet />;
}

/** A page outside the role's areas looks like any unknown page. */
export function RequireArea({ area }: { area: Area }) {
  const { user } = useSession();
  return canOpen(user?.role, area) ? <Outlet /> : <NotFoundPage />;
}
