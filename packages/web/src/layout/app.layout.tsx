import { Suspense, useMemo, useState, type ReactNode } from 'react';
import {
  Badge,
  Button,
  Drawer,
  Layout,
  Menu,
  Space,
  Typography,
  theme,
  type MenuProps,
} from 'antd';
import {
  ApartmentOutlined,
  AuditOutlined,
  BarChartOutlined,
  BellOutlined,
  CheckSquareOutlined,
  ClusterOutlined,
  DashboardOutlined,
  FileTextOutlined,
  FlagOutlined,
  FundOutlined,
  ProfileOutlined,
  SettingOutlined,
  CalendarOutlined,
  EditOutlined,
  HomeOutlined,
  PartitionOutlined,
  TrophyOutlined,
  LogoutOutlined,
  MenuOutlined,
  SafetyCertificateOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import { api } from '../api/endpoints.ts';
import { useMe } from '../api/queries.ts';
import { useUnreadCount } from '../api/work.ts';
import type { Me } from '../api/types.ts';
import { RoleTag } from '../components/grant-tags.tsx';
import { LangSwitch } from '../components/lang-switch.tsx';
import { PageLoading, QueryError } from '../components/query-state.tsx';
import { useIsMobile } from '../components/use-mobile.ts';
import { can, MeContext, readsOnlySelf } from './me-context.ts';

type MenuKey = 'dashboard' | 'units' | 'people' | 'accounts' | 'audit' | 'me' | AssessKey | WorkKey;
/** The assessment engine's entries (labels under `assess.menu`). */
type AssessKey = 'schemes' | 'periods' | 'facts' | 'results' | 'myScore';
const assessKeys: readonly string[] = ['schemes', 'periods', 'facts', 'results', 'myScore'];
/** The work platform's entries (labels under `work.menu`, keys prefixed `work-`). */
type WorkKey = `work-${WorkMenu}`;
type WorkMenu =
  | 'home'
  | 'my'
  | 'cards'
  | 'supervision'
  | 'workload'
  | 'documents'
  | 'taskForces'
  | 'settings'
  | 'notifications';

interface MenuEntry {
  key: MenuKey;
  to: string;
  icon: ReactNode;
}

/** The menu an account sees, from the actions its grants allow. */
function menuEntries(me: Me): MenuEntry[] {
  const entries: MenuEntry[] = [{ key: 'dashboard', to: '/', icon: <HomeOutlined /> }];
  if (can(me, 'unit.read'))
    entries.push({ key: 'units', to: '/units', icon: <ApartmentOutlined /> });
  if (can(me, 'person.read')) {
    // A cadre may see only their own record: the list would hold one row, so go straight to it.
    const own = readsOnlySelf(me) && me.account.personId;
    entries.push({
      key: 'people',
      to: own ? `/people/${me.account.personId}` : '/people',
      icon: <TeamOutlined />,
    });
  }
  entries.push(...workEntries(me));
  entries.push(...assessEntries(me));
  if (can(me, 'account.read'))
    entries.push({ key: 'accounts', to: '/accounts', icon: <SafetyCertificateOutlined /> });
  if (can(me, 'audit.read')) entries.push({ key: 'audit', to: '/audit', icon: <AuditOutlined /> });
  entries.push({ key: 'me', to: '/me', icon: <UserOutlined /> });
  return entries;
}

/**
 * The assessment entries: the scheme editor, periods (those who read schemes pick a version),
 * fact entry, results, and the signed-in person's own score.
 */
function assessEntries(me: Me): MenuEntry[] {
  const entries: MenuEntry[] = [];
  if (can(me, 'scheme.read'))
    entries.push({ key: 'schemes', to: '/schemes', icon: <PartitionOutlined /> });
  if (can(me, 'period.read') && can(me, 'scheme.read'))
    entries.push({ key: 'periods', to: '/periods', icon: <CalendarOutlined /> });
  if (can(me, 'fact.write')) entries.push({ key: 'facts', to: '/facts', icon: <EditOutlined /> });
  if (can(me, 'result.read'))
    entries.push({ key: 'results', to: '/results', icon: <TrophyOutlined /> });
  if (can(me, 'score.read') && me.account.personId)
    entries.push({ key: 'myScore', to: '/my-score', icon: <BarChartOutlined /> });
  return entries;
}

/**
 * The work platform's entries: home (categories → tasks), my work (a linked person), unit cards
 * and supervision, workload, documents, task forces, settings.
 */
function workEntries(me: Me): MenuEntry[] {
  const entries: MenuEntry[] = [];
  if (can(me, 'work.read'))
    entries.push({ key: 'work-home', to: '/work', icon: <DashboardOutlined /> });
  if (me.account.personId)
    entries.push({ key: 'work-my', to: '/work/my', icon: <CheckSquareOutlined /> });
  if (can(me, 'supervision.read')) {
    entries.push({ key: 'work-cards', to: '/work/cards', icon: <FlagOutlined /> });
    entries.push({ key: 'work-supervision', to: '/work/supervision', icon: <FundOutlined /> });
  }
  if (can(me, 'workload.read'))
    entries.push({ key: 'work-workload', to: '/work/workload', icon: <ProfileOutlined /> });
  if (can(me, 'document.read'))
    entries.push({ key: 'work-documents', to: '/work/documents', icon: <FileTextOutlined /> });
  if (can(me, 'work.read'))
    entries.push({ key: 'work-taskForces', to: '/work/task-forces', icon: <ClusterOutlined /> });
  if (can(me, 'work.config'))
    entries.push({ key: 'work-settings', to: '/work/settings', icon: <SettingOutlined /> });
  return entries;
}

/** The work entry a work path belongs to. */
function workKeyOf(pathname: string): WorkKey | null {
  const parts = pathname.split('/');
  if (parts[1] === 'notifications') return 'work-notifications';
  if (parts[1] !== 'work') return null;
  const known: Record<string, WorkKey> = {
    my: 'work-my',
    cards: 'work-cards',
    supervision: 'work-supervision',
    workload: 'work-workload',
    documents: 'work-documents',
    'task-forces': 'work-taskForces',
    settings: 'work-settings',
  };
  return known[parts[2] ?? ''] ?? 'work-home';
}

function selectedKey(pathname: string): MenuKey {
  const work = workKeyOf(pathname);
  if (work) return work;
  const first = pathname.split('/')[1] ?? '';
  const known: Record<string, MenuKey> = {
    units: 'units',
    people: 'people',
    accounts: 'accounts',
    audit: 'audit',
    me: 'me',
    schemes: 'schemes',
    periods: 'periods',
    facts: 'facts',
    results: 'results',
    score: 'results',
    'my-score': 'myScore',
  };
  return known[first] ?? 'dashboard';
}

/** The signed-in frame: loads the account, then shows menu, header and the page. */
export function AppLayout() {
  const me = useMe();
  if (me.isPending) return <PageLoading />;
  if (me.isError) {
    // 401 sends the user to the login page (api client); show a spinner meanwhile.
    if (me.error instanceof ApiError && me.error.status === 401) return <PageLoading />;
    return <QueryError error={me.error} onRetry={() => void me.refetch()} />;
  }
  if (me.data.account.mustChangePassword) return <Navigate to="/change-password" replace />;
  return (
    <MeContext value={me.data}>
      <Shell me={me.data} />
    </MeContext>
  );
}

function Shell({ me }: { me: Me }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const [collapsed, setCollapsed] = useState(false);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const entries = useMemo(() => menuEntries(me), [me]);
  const roles = [...new Set(me.grants.map((g) => g.role))];

  const logout = useMutation({
    mutationFn: api.logout,
    onSettled: () => {
      queryClient.clear();
      void navigate('/login', { replace: true });
    },
  });

  const items: MenuProps['items'] = entries.map((entry) => ({
    key: entry.key,
    icon: entry.icon,
    label: (
      <span data-testid={`menu-${entry.key}`}>
        {entry.key.startsWith('work-')
          ? t(`work.menu.${entry.key.slice(5) as WorkMenu}`)
          : assessKeys.includes(entry.key)
            ? t(`assess.menu.${entry.key as AssessKey}`)
            : t(`menu.${entry.key as Exclude<MenuKey, AssessKey | WorkKey>}`)}
      </span>
    ),
  }));
  const onMenu: MenuProps['onClick'] = ({ key }) => {
    const entry = entries.find((e) => e.key === key);
    if (entry) void navigate(entry.to);
    setDrawerOpen(false);
  };
  const menu = (
    <Menu
      mode="inline"
      selectedKeys={[selectedKey(location.pathname)]}
      items={items}
      onClick={onMenu}
      style={{ borderInlineEnd: 'none' }}
      data-testid="main-menu"
    />
  );
  const brand = (
    <div
      style={{
        height: 56,
        display: 'flex',
        alignItems: 'center',
        gap: 8,
        padding: '0 20px',
        fontWeight: 600,
        fontSize: 18,
        color: token.colorPrimary,
        whiteSpace: 'nowrap',
        overflow: 'hidden',
      }}
    >
      <span aria-hidden>⚖</span>
      {collapsed && !isMobile ? null : t('app.name')}
    </div>
  );

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {isMobile ? (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          size={240}
          title={t('app.title')}
          styles={{ body: { padding: 0 } }}
        >
          {menu}
        </Drawer>
      ) : (
        <Layout.Sider
          theme="light"
          collapsible
          collapsed={collapsed}
          onCollapse={setCollapsed}
          breakpoint="lg"
          width={216}
          style={{ borderInlineEnd: `1px solid ${token.colorBorderSecondary}` }}
        >
          {brand}
          {menu}
        </Layout.Sider>
      )}
      <Layout>
        <Layout.Header
          style={{
            background: token.colorBgContainer,
            borderBottom: `1px solid ${token.colorBorderSecondary}`,
            padding: isMobile ? '0 8px' : '0 24px',
            display: 'flex',
            alignItems: 'center',
            gap: 8,
            height: 56,
            lineHeight: '56px',
            position: 'sticky',
            top: 0,
            zIndex: 10,
          }}
        >
          {isMobile ? (
            <Button
              type="text"
              icon={<MenuOutlined />}
              onClick={() => setDrawerOpen(true)}
              aria-label={t('menu.open')}
              data-testid="menu-toggle"
            />
          ) : null}
          <Typography.Text
            strong
            ellipsis
            style={{ flex: 1, minWidth: 0 }}
            data-testid="header-tenant"
          >
            {me.tenant.name}
          </Typography.Text>
          <Space size={isMobile ? 0 : 8} align="center">
            {isMobile ? null : (
              <Space size={4} align="center">
                <Typography.Text data-testid="header-user">
                  {me.account.personName ?? me.account.username}
                </Typography.Text>
                {roles.map((role) => (
                  <RoleTag key={role} role={role} />
                ))}
              </Space>
            )}
            {me.account.personId ? <NotificationBell /> : null}
            <LangSwitch compact={isMobile} />
            <Button
              type="text"
              icon={<LogoutOutlined />}
              loading={logout.isPending}
              onClick={() => logout.mutate()}
              data-testid="logout"
              aria-label={t('menu.logout')}
            >
              {isMobile ? null : t('menu.logout')}
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: isMobile ? 12 : 24, minWidth: 0 }}>
          <Suspense fallback={<PageLoading />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

/** The bell in the header: unread notifications (polled every 30 s), opens the centre. */
function NotificationBell() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const unread = useUnreadCount();
  const count = unread.data?.unread ?? 0;
  return (
    <Button
      type="text"
      onClick={() => void navigate('/notifications')}
      aria-label={t('work.notifications.bell', { count })}
      data-testid="notification-bell"
      data-unread={count}
      style={{ marginInlineEnd: count > 9 ? 6 : 2 }}
      icon={
        <Badge count={count} size="small" overflowCount={99}>
          <BellOutlined style={{ fontSize: 18 }} />
        </Badge>
      }
    />
  );
}
