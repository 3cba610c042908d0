import { useState } from 'react';
import { App, Badge, Button, Card, List, Pagination, Space, Switch, Typography } from 'antd';
import { CheckOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Notification } from '@tianheng/core';
import { useNotifications, workApi, workKeys } from '../../api/work.ts';
import { formatTime } from '../../components/format.ts';
import { QueryError } from '../../components/query-state.tsx';
import { useIsMobile } from '../../components/use-mobile.ts';
import { useLabels } from '../../i18n/index.ts';

const pageSize = 20;

/** 通知中心: the signed-in person's notifications; opening one marks it read. */
export default function NotificationsPage() {
  const { t } = useTranslation();
  const labels = useLabels();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [page, setPage] = useState(1);
  const list = useNotifications({
    unread: unreadOnly || undefined,
    limit: pageSize,
    offset: (page - 1) * pageSize,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: workKeys.notifications });
  const read = useMutation({
    mutationFn: (n: Notification) => workApi.readNotification(n.id),
    onSuccess: refresh,
    onError: (error) => void message.error(error.message),
  });
  const readAll = useMutation({
    mutationFn: workApi.readAllNotifications,
    onSuccess: async () => {
      await refresh();
      void message.success(t('work.notifications.allRead'));
    },
    onError: (error) => void message.error(error.message),
  });
  const open = (n: Notification) => {
    if (!n.readAt) read.mutate(n);
    if (n.link) void navigate(n.link);
  };
  return (
    <Card
      title={
        <Space>
          {t('work.notifications.title')}
          <Badge count={list.data?.unread ?? 0} data-testid="notifications-unread" />
        </Space>
      }
      extra={
        <Button
          size="small"
          icon={<CheckOutlined />}
          disabled={(list.data?.unread ?? 0) === 0}
          loading={readAll.isPending}
          onClick={() => readAll.mutate()}
          data-testid="notifications-read-all"
        >
          {isMobile ? null : t('work.notifications.markAllRead')}
        </Button>
      }
      styles={{ body: isMobile ? { padding: 12 } : {} }}
      data-testid="notifications"
    >
      <Space style={{ marginBottom: 8 }}>
        <Switch
          size="small"
          checked={unreadOnly}
          onChange={(on) => {
            setUnreadOnly(on);
            setPage(1);
          }}
          data-testid="notifications-unread-only"
        />
        <Typography.Text>{t('work.notifications.unreadOnly')}</Typography.Text>
      </Space>
      {list.isError ? (
        <QueryError error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <List<Notification>
          loading={list.isPending}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: t('work.notifications.empty') }}
          renderItem={(n) => (
            <List.Item
              data-testid="notification"
              data-read={n.readAt ? 'true' : 'false'}
              style={{ cursor: n.link ? 'pointer' : undefined, alignItems: 'flex-start' }}
              onClick={() => open(n)}
              actions={
                n.readAt
                  ? []
                  : [
                      <Button
                        key="read"
                        type="link"
                        size="small"
                        onClick={(event) => {
                          event.stopPropagation();
                          read.mutate(n);
                        }}
                        data-testid="notification-read"
                      >
                        {t('work.notifications.markRead')}
                      </Button>,
                    ]
              }
            >
              <List.Item.Meta
                avatar={<Badge status={n.readAt ? 'default' : 'processing'} />}
                title={
                  <Typography.Text strong={!n.readAt} data-testid="notification-title">
                    {labels.pick(n.title)}
                  </Typography.Text>
                }
                description={
                  <>
                    {n.body ? <div>{labels.pick(n.body)}</div> : null}
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {formatTime(n.createdAt, labels.lang)}
                    </Typography.Text>
                  </>
                }
              />
            </List.Item>
          )}
        />
      )}
      {(list.data?.total ?? 0) > pageSize ? (
        <Pagination
          simple
          style={{ marginTop: 12, justifyContent: 'center' }}
          current={page}
          pageSize={pageSize}
          total={list.data?.total}
          onChange={setPage}
        />
      ) : null}
    </Card>
  );
}
