import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import 'antd/dist/antd.css';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { lazy, Suspense } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import './a11y.css';
import { ApiRequestError } from './api/client';
import { homePath, landsOnInbox } from './auth/access';
import { session } from './auth/session-store';
import { RequireAuth, RequireArea } from './auth/require-auth';
import { useSession } from './auth/use-session';
import { AppLayout } from './layout/app-layout';
import { Loading, NotFoundPage } from './layout/states';
import { prefetchInbox } from './features/inbox/use-inbox';
import { lazyPage } from './lib/lazy-page';

dayjs.locale('zh-cn');

/**
 * antd's default greys and red fall under WCAG AA contrast on white; these pass it (axe checks).
 * zeroRuntime: components take their styles from antd's prebuilt stylesheet (imported above)
 * instead of generating CSS-in-JS while the first page renders; the tokens below still apply, as
 * the CSS variables that stylesheet reads.
 */
const THEME = {
  zeroRuntime: true,
  token: {
    colorPrimary: '#1456b8',
    colorLink: '#1456b8',
    colorInfo: '#1456b8',
    colorError: '#c4261d',
    colorTextSecondary: 'rgba(0, 0, 0, 0.72)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.66)',
    colorTextQuaternary: 'rgba(0, 0, 0, 0.6)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.6)',
    colorTextDescription: 'rgba(0, 0, 0, 0.66)',
  },
};

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 10_000,
      // A 4xx will not get better by asking again.
      retry: (count, err) => !(err instanceof ApiRequestError && err.status >= 400 && err.status < 500) && count < 2,
      refetchOnWindowFocus: false,
    },
  },
});

// Every page is loaded on demand: the first load carries the layout and the login form only.
const InboxPage = lazyPage(() => import('./features/inbox/inbox-page'));

/** How long the first render waits for the inbox's first page before it shows the page loading. */
const LANDING_DATA_WAIT_MS = 300;

/**
 * Most officers land on the inbox: its first page was asked for while the code loaded
 * (early-inbox.ts), and the first render waits for the page's code (index.html preloads it:
 * preloadLandingPage in vite.config.mts) and, briefly, for that answer, so the layout and the
 * inbox with its rows mount in one render instead of a fallback, then the page, then the rows.
 * main.tsx renders once this settles.
 */
export function landingPageReady(): Promise<void> {
  if (!landsOnInbox(window.location.pathname, session.get().user?.role)) return Promise.resolve();
  const data = Promise.race([prefetchInbox(queryClient), new Promise((resolve) => setTimeout(resolve, LANDING_DATA_WAIT_MS))]);
  const code = InboxPage.preload().catch(() => undefined); // a failed load is retried by the page itself
  return Promise.all([code, data]).then(() => undefined);
}
const LoginPage = lazy(() => import('./features/login/login-page'));
const CasePage = lazy(() => import('./features/cases/case-page'));
const IntakePage = lazy(() => import('./features/intake/intake-page'));
const CaseListPage = lazy(() => import('./features/cases/case-list-page'));
const SupervisionPage = lazy(() => import('./features/supervision/supervision-page'));
const AdminUsersPage = lazy(() => import('./features/admin/users-page'));
const AdminPoliciesPage = lazy(() => import('./features/admin/policies-page'));
const AdminHolidaysPage = lazy(() => import('./features/admin/holidays-page'));
const CareHomesPage = lazy(() => import('./features/admin/care-homes-page'));
const RosterPage = lazy(() => import('./features/roster/roster-page'));
const PayrollPage = lazy(() => import('./features/payroll/payroll-page'));
const PayrollRunPage = lazy(() => import('./features/payroll/payroll-run-page'));

function Home() {
  const { user } = useSession();
  return <Navigate to={homePath(user?.role ?? '')} replace />;
}

export function App() {
  return (
    <ConfigProvider locale={zhCN} theme={THEME} button={{ autoInsertSpace: false }}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <BrowserRouter basename="/console">
            <Suspense fallback={<Loading />}>
              <Routes>
                <Route path="/login" element={<LoginPage />} />
                <Route element={<RequireAuth />}>
                  <Route element={<AppLayout />}>
                    <Route index element={<Home />} />
                    <Route element={<RequireArea area="inbox" />}>
                      <Route path="inbox" element={<InboxPage />} />
                    </Route>
                    <Route element={<RequireArea area="intake" />}>
                      <Route path="intake" element={<IntakePage />} />
                    </Route>
                    <Route element={<RequireArea area="cases" />}>
                      <Route path="cases" element={<CaseListPage />} />
                      <Route path="cases/:id" element={<CasePage />} />
                    </Route>
                    <Route element={<RequireArea area="supervision" />}>
                      <Route path="supervision" element={<SupervisionPage />} />
                    </Route>
                    <Route element={<RequireArea area="careHomes" />}>
                      <Route path="care-homes" element={<CareHomesPage />} />
                    </Route>
                    <Route element={<RequireArea area="roster" />}>
                      <Route path="roster" element={<RosterPage />} />
                    </Route>
                    <Route element={<RequireArea area="payroll" />}>
                      <Route path="payroll" element={<PayrollPage />} />
                      <Route path="payroll/runs/:id" element={<PayrollRunPage />} />
                    </Route>
                    <Route element={<RequireArea area="admin" />}>
                      <Route path="admin/users" element={<AdminUsersPage />} />
                      <Route path="admin/policies" element={<AdminPoliciesPage />} />
                      <Route path="admin/holidays" element={<AdminHolidaysPage />} />
                    </Route>
                    <Route path="*" element={<NotFoundPage />} />
                  </Route>
                </Route>
              </Routes>
            </Suspense>
          </BrowserRouter>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
