import { lazy, Suspense, type ReactNode } from 'react';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createBrowserRouter } from 'react-router';
import type { Action } from '@tianheng/core';
import { RouterProvider } from 'react-router/dom';
import { configureApi } from './api/client.ts';
import { keys, shouldRetry } from './api/queries.ts';
import { PageLoading } from './components/query-state.tsx';
import { useLang } from './i18n/index.ts';
import { AppLayout } from './layout/app.layout.tsx';
import { NotFound, RequireAction } from './layout/require-action.tsx';

const LoginPage = lazy(() => import('./pages/login.page.tsx'));
const ChangePasswordPage = lazy(() => import('./pages/change-password.page.tsx'));
const DashboardPage = lazy(() => import('./pages/dashboard.page.tsx'));
const UnitsPage = lazy(() => import('./pages/units.page.tsx'));
const PeoplePage = lazy(() => import('./pages/people.page.tsx'));
const PersonPage = lazy(() => import('./pages/person.page.tsx'));
const AccountsPage = lazy(() => import('./pages/accounts.page.tsx'));
const AuditPage = lazy(() => import('./pages/audit.page.tsx'));
const MyAccountPage = lazy(() => import('./pages/my-account.page.tsx'));
const SchemesPage = lazy(() => import('./pages/schemes.page.tsx'));
const SchemeEditPage = lazy(() => import('./pages/scheme-edit.page.tsx'));
const PeriodsPage = lazy(() => import('./pages/periods.page.tsx'));
const FactsPage = lazy(() => import('./pages/facts.page.tsx'));
const ResultsPage = lazy(() => import('./pages/results.page.tsx'));
const ScorePage = lazy(() => import('./pages/score.page.tsx'));
const WorkHomePage = lazy(() => import('./pages/work/work-home.page.tsx'));
const TaskPage = lazy(() => import('./pages/work/task.page.tsx'));
const NewTaskPage = lazy(() => import('./pages/work/new-task.page.tsx'));
const MyWorkPage = lazy(() => import('./pages/work/my-work.page.tsx'));
const UnitCardsPage = lazy(() => import('./pages/work/unit-cards.page.tsx'));
const SupervisionPage = lazy(() => import('./pages/work/supervision.page.tsx'));
const WorkloadPage = lazy(() => import('./pages/work/workload.page.tsx'));
const NotificationsPage = lazy(() => import('./pages/work/notifications.page.tsx'));
const DocumentsPage = lazy(() => import('./pages/work/documents.page.tsx'));
const TaskForcesPage = lazy(() => import('./pages/work/task-forces.page.tsx'));
const WorkSettingsPage = lazy(() => import('./pages/work/work-settings.page.tsx'));

const queryClient = new QueryClient({
  defaultOptions: {
    queries: { retry: shouldRetry, refetchOnWindowFocus: false },
    mutations: { retry: false },
  },
});

function Standalone({ children }: { children: ReactNode }) {
  return <Suspense fallback={<PageLoading />}>{children}</Suspense>;
}

/** The work platform's pages (issue 4), each behind the action it needs. */
function workRoutes() {
  const guarded = (path: string, action: Action, element: ReactNode) => ({
    path,
    element: <RequireAction action={action}>{element}</RequireAction>,
  });
  return [
    guarded('work', 'work.read', <WorkHomePage />),
    guarded('work/tasks/new', 'work.write', <NewTaskPage />),
    guarded('work/tasks/:taskId', 'work.read', <TaskPage />),
    { path: 'work/my', element: <MyWorkPage /> },
    guarded('work/cards', 'supervision.read', <UnitCardsPage />),
    guarded('work/supervision', 'supervision.read', <SupervisionPage />),
    guarded('work/workload', 'workload.read', <WorkloadPage />),
    guarded('work/documents', 'document.read', <DocumentsPage />),
    guarded('work/task-forces', 'work.read', <TaskForcesPage />),
    guarded('work/settings', 'work.config', <WorkSettingsPage />),
    { path: 'notifications', element: <NotificationsPage /> },
  ];
}

const router = createBrowserRouter([
  {
    path: '/login',
    element: (
      <Standalone>
        <LoginPage />
      </Standalone>
    ),
  },
  {
    path: '/change-password',
    element: (
      <Standalone>
        <ChangePasswordPage />
      </Standalone>
    ),
  },
  {
    path: '/',
    element: <AppLayout />,
    children: [
      { index: true, element: <DashboardPage /> },
      {
        path: 'units',
        element: (
          <RequireAction action="unit.read">
            <UnitsPage />
          </RequireAction>
        ),
      },
      {
        path: 'people',
        element: (
          <RequireAction action="person.read">
            <PeoplePage />
          </RequireAction>
        ),
      },
      {
        path: 'people/:personId',
        element: (
          <RequireAction action="person.read">
            <PersonPage />
          </RequireAction>
        ),
      },
      {
        path: 'accounts',
        element: (
          <RequireAction action="account.read">
            <AccountsPage />
          </RequireAction>
        ),
      },
      {
        path: 'audit',
        element: (
          <RequireAction action="audit.read">
            <AuditPage />
          </RequireAction>
        ),
      },
      {
        path: 'schemes',
        element: (
          <RequireAction action="scheme.read">
            <SchemesPage />
          </RequireAction>
        ),
      },
      {
        path: 'schemes/:schemeKey',
        element: (
          <RequireAction action="scheme.read">
            <SchemeEditPage />
          </RequireAction>
        ),
      },
      {
        path: 'periods',
        element: (
          <RequireAction action="period.read">
            <PeriodsPage />
          </RequireAction>
        ),
      },
      {
        path: 'facts',
        element: (
          <RequireAction action="fact.write">
            <FactsPage />
          </RequireAction>
        ),
      },
      {
        path: 'results',
        element: (
          <RequireAction action="result.read">
            <ResultsPage />
          </RequireAction>
        ),
      },
      {
        path: 'people/:personId/score',
        element: (
          <RequireAction action="score.read">
            <ScorePage />
          </RequireAction>
        ),
      },
      {
        path: 'my-score',
        element: (
          <RequireAction action="score.read">
            <ScorePage mine />
          </RequireAction>
        ),
      },
      ...workRoutes(),
      { path: 'me', element: <MyAccountPage /> },
      { path: '*', element: <NotFound /> },
    ],
  },
]);

configureApi({
  onUnauthenticated: (code) => {
    const { pathname, search } = router.state.location;
    if (pathname === '/login') return;
    void router.navigate('/login', {
      replace: true,
      state: { reason: code, from: pathname === '/change-password' ? '/' : pathname + search },
    });
  },
  onPasswordChangeRequired: () => {
    void queryClient.invalidateQueries({ queryKey: keys.me });
    if (router.state.location.pathname !== '/change-password')
      void router.navigate('/change-password', { replace: true });
  },
});

/** Providers (antd locale follows the language), then the routes. */
export function Root() {
  const lang = useLang();
  return (
    <ConfigProvider
      locale={lang === 'en' ? enUS : zhCN}
      theme={{ token: { colorPrimary: '#1d5fbf', borderRadius: 6 } }}
    >
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
