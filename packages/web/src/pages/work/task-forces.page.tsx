import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Drawer,
  Form,
  Input,
  List,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { TableColumnType } from 'antd';
import { PlusOutlined, UsergroupAddOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { checkAllocation } from '@tianheng/core';
import { usePeriods } from '../../api/queries.ts';
import {
  useTaskForce,
  useTaskForces,
  useTasks,
  workApi,
  workKeys,
  type TaskForceDetail,
  type TaskForceSummary,
} from '../../api/work.ts';
import { formatTime, useDebounced } from '../../components/format.ts';
import { QueryError } from '../../components/query-state.tsx';
import { ResponsiveTable } from '../../components/responsive-table.tsx';
import { useServerErrors } from '../../components/server-errors.ts';
import { useIsMobile } from '../../components/use-mobile.ts';
import { PeopleSelect } from '../../components/work/people-select.tsx';
import { TaskProgress } from '../../components/work/task-table.tsx';
import { sumDecimals } from '../../components/work/work-model.ts';
import { useLabels } from '../../i18n/index.ts';
import { can, useSignedIn } from '../../layout/me-context.ts';

const pointsRule = /^[0-9]{1,8}(\.[0-9]{1,2})?$/;

interface CreateForm {
  name: string;
  basePoints: string;
  allocationPool: string;
  memberIds?: string[];
}

function CreateDialog({
  onClose,
  onCreated,
}: {
  onClose: () => void;
  onCreated: (id: string) => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<CreateForm>();
  const errors = useServerErrors(form, ['name', 'basePoints', 'allocationPool', 'memberIds']);
  const create = useMutation({
    mutationFn: workApi.createTaskForce,
    onSuccess: async (created) => {
      await queryClient.invalidateQueries({ queryKey: workKeys.taskForces });
      void message.success(t('work.taskForces.created'));
      onCreated(created.id);
    },
    onError: errors.show,
  });
  const pointsRules = (field: string) => [
    { required: true, message: t('common.required', { field }) },
    { pattern: pointsRule, message: t('common.required', { field }) },
  ];
  return (
    <Modal
      open
      title={t('work.taskForces.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{
        loading: create.isPending,
        ...({ 'data-testid': 'task-force-submit' } as object),
      }}
      destroyOnHidden
    >
      {errors.formError ? (
        <Alert type="error" showIcon title={errors.formError} style={{ marginBottom: 12 }} />
      ) : null}
      <Form<CreateForm>
        form={form}
        layout="vertical"
        initialValues={{ basePoints: '0', allocationPool: '0' }}
        onFinish={(values) => {
          errors.clear();
          create.mutate({
            name: values.name.trim(),
            basePoints: values.basePoints,
            allocationPool: values.allocationPool,
            memberIds: values.memberIds ?? [],
          });
        }}
      >
        <Form.Item
          name="name"
          label={t('work.taskForces.name')}
          rules={[
            {
              required: true,
              whitespace: true,
              message: t('common.required', { field: t('work.taskForces.name') }),
            },
          ]}
        >
          <Input maxLength={200} data-testid="task-force-name" />
        </Form.Item>
        <Space wrap size={16}>
          <Form.Item
            name="basePoints"
            label={t('work.taskForces.basePoints')}
            rules={pointsRules(t('work.taskForces.basePoints'))}
          >
            <Input inputMode="decimal" style={{ width: 140 }} data-testid="task-force-base" />
          </Form.Item>
          <Form.Item
            name="allocationPool"
            label={t('work.taskForces.allocationPool')}
            rules={pointsRules(t('work.taskForces.allocationPool'))}
          >
            <Input inputMode="decimal" style={{ width: 140 }} data-testid="task-force-pool" />
          </Form.Item>
        </Space>
        <Form.Item name="memberIds" label={t('work.taskForces.members')}>
          <PeopleSelect testId="task-force-members" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The second allocation: points per member, checked live with core's `checkAllocation`. */
function AllocationForm({ detail }: { detail: TaskForceDetail }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const periods = usePeriods();
  const [periodId, setPeriodId] = useState<string | undefined>(undefined);
  const [points, setPoints] = useState<Record<string, string>>({});
  const [serverError, setServerError] = useState<string | null>(null);
  const memberIds = detail.members.map((m) => m.personId);
  const allocations = detail.members.map((m) => ({
    personId: m.personId,
    points: (points[m.personId] ?? '').trim() || '0',
  }));
  const problems = checkAllocation(detail.taskForce.allocationPool, allocations, memberIds);
  const sum = sumDecimals(allocations.map((a) => a.points)) ?? '—';
  const allocate = useMutation({
    mutationFn: () =>
      workApi.allocateTaskForce(detail.taskForce.id, { periodId: periodId ?? '', allocations }),
    onSuccess: async (next) => {
      queryClient.setQueryData(workKeys.taskForce(detail.taskForce.id), next);
      await queryClient.invalidateQueries({ queryKey: workKeys.taskForces });
      setServerError(null);
      void message.success(t('work.taskForces.allocated'));
    },
    onError: (error) => setServerError(error.message),
  });
  const open = (periods.data?.items ?? []).filter((p) => p.status === 'open');
  return (
    <div data-testid="task-force-allocation">
      <Select
        value={periodId}
        onChange={setPeriodId}
        placeholder={t('work.taskForces.period')}
        loading={periods.isPending}
        options={open.map((p) => ({ value: p.id, label: p.name }))}
        style={{ width: '100%', marginBottom: 8 }}
        data-testid="task-force-period"
      />
      <Space orientation="vertical" size={6} style={{ width: '100%' }}>
        {detail.members.map((m) => (
          <div key={m.personId} style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
            <span style={{ flex: 1, minWidth: 0 }}>
              {m.name}
              {m.unitName ? (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {' '}
                  {m.unitName}
                </Typography.Text>
              ) : null}
            </span>
            <Input
              value={points[m.personId] ?? ''}
              placeholder="0"
              inputMode="decimal"
              onChange={(e) => setPoints({ ...points, [m.personId]: e.target.value })}
              style={{ width: 110 }}
              data-testid="allocation-points"
            />
          </div>
        ))}
      </Space>
      <Typography.Paragraph style={{ margin: '8px 0' }} data-testid="allocation-sum">
        {t('work.taskForces.pool', { pool: detail.taskForce.allocationPool, sum })}
      </Typography.Paragraph>
      {problems.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 8 }}
          title={
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {problems.map((p, i) => (
                <li key={i}>{labels.pick(p.message)}</li>
              ))}
            </ul>
          }
          data-testid="allocation-problems"
        />
      ) : null}
      {serverError ? (
        <Alert type="error" showIcon title={serverError} style={{ marginBottom: 8 }} />
      ) : null}
      <Button
        type="primary"
        disabled={problems.length > 0 || !periodId}
        loading={allocate.isPending}
        onClick={() => allocate.mutate()}
        data-testid="allocation-submit"
      >
        {t('work.taskForces.allocate')}
      </Button>
    </div>
  );
}

function TaskForceDrawer({ taskForceId, onClose }: { taskForceId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const me = useSignedIn();
  const isMobile = useIsMobile();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const detail = useTaskForce(taskForceId);
  const [adding, setAdding] = useState<string[]>([]);
  const [taskText, setTaskText] = useState('');
  const [taskIds, setTaskIds] = useState<string[]>([]);
  const q = useDebounced(taskText.trim());
  const tasks = useTasks({ q: q || undefined, status: 'active', limit: 20 });
  const store = async (next: TaskForceDetail) => {
    queryClient.setQueryData(workKeys.taskForce(taskForceId), next);
    await queryClient.invalidateQueries({ queryKey: workKeys.taskForces });
  };
  const addMembers = useMutation({
    mutationFn: () => workApi.addTaskForceMembers(taskForceId, adding),
    onSuccess: async (next) => {
      await store(next);
      setAdding([]);
      void message.success(t('work.taskForces.membersAdded'));
    },
    onError: (error) => void message.error(error.message),
  });
  const assign = useMutation({
    mutationFn: () => workApi.assignTaskForceTasks(taskForceId, taskIds),
    onSuccess: async (next) => {
      await store(next);
      setTaskIds([]);
      void message.success(t('work.taskForces.tasksAssigned'));
    },
    onError: (error) => void message.error(error.message),
  });
  const data = detail.data;
  const leads = data !== undefined && data.taskForce.leaderPersonId === me.account.personId;
  const section = { marginTop: 16, marginBottom: 8 } as const;
  return (
    <Drawer
      open
      onClose={onClose}
      size={isMobile ? '100%' : 640}
      title={data?.taskForce.name ?? ''}
      loading={detail.isPending}
      data-testid="task-force-drawer"
    >
      {detail.isError ? (
        <QueryError error={detail.error} onRetry={() => void detail.refetch()} />
      ) : data ? (
        <>
          <Space wrap size={8}>
            <Tag color={data.taskForce.status === 'active' ? 'processing' : 'default'}>
              {t(`work.taskForces.status.${data.taskForce.status}`)}
            </Tag>
            <span>
              {t('work.taskForces.leader')}
              {t('work.colon')}
              {data.taskForce.leaderName}
            </span>
            <span>
              {t('work.taskForces.basePoints')}
              {t('work.colon')}
              {data.taskForce.basePoints}
            </span>
            <span>
              {t('work.taskForces.allocationPool')}
              {t('work.colon')}
              {data.taskForce.allocationPool}
            </span>
          </Space>
          <Typography.Title level={5} style={section}>
            {t('work.taskForces.members')} ({data.members.length})
          </Typography.Title>
          <Space size={[4, 4]} wrap data-testid="task-force-member-list">
            {data.members.map((m) => (
              <Tag key={m.personId}>
                {m.name}
                {m.unitName ? ` · ${m.unitName}` : ''}
              </Tag>
            ))}
          </Space>
          {leads ? (
            <div style={{ display: 'flex', gap: 8, marginTop: 8 }}>
              <div style={{ flex: 1, minWidth: 0 }}>
                <PeopleSelect value={adding} onChange={setAdding} testId="task-force-add-people" />
              </div>
              <Button
                icon={<UsergroupAddOutlined />}
                disabled={adding.length === 0}
                loading={addMembers.isPending}
                onClick={() => addMembers.mutate()}
                data-testid="task-force-add-members"
              >
                {isMobile ? null : t('work.taskForces.addMembers')}
              </Button>
            </div>
          ) : null}
          <Typography.Title level={5} style={section}>
            {t('work.taskForces.tasks')}
          </Typography.Title>
          <List
            size="small"
            dataSource={data.tasks}
            locale={{ emptyText: t('work.taskForces.noTasks') }}
            renderItem={(task) => (
              <List.Item>
                <Space orientation="vertical" size={0} style={{ width: '100%' }}>
                  <Link to={`/work/tasks/${task.id}`}>{task.title}</Link>
                  <Space size={8} wrap>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {task.responsibleUnitName} · {task.dueOn}
                    </Typography.Text>
                    <TaskProgress progress={task.progress} />
                  </Space>
                </Space>
              </List.Item>
            )}
          />
          {leads ? (
            <div style={{ display: 'flex', gap: 8, marginTop: 8 }}>
              <Select
                mode="multiple"
                value={taskIds}
                onChange={setTaskIds}
                showSearch={{ filterOption: false, onSearch: setTaskText }}
                loading={tasks.isFetching}
                options={(tasks.data?.items ?? [])
                  .filter((task) => !data.tasks.some((x) => x.id === task.id))
                  .map((task) => ({ value: task.id, label: task.title }))}
                placeholder={t('work.task.search')}
                style={{ flex: 1, minWidth: 0 }}
                data-testid="task-force-task-select"
              />
              <Button
                disabled={taskIds.length === 0}
                loading={assign.isPending}
                onClick={() => assign.mutate()}
                data-testid="task-force-assign"
              >
                {t('work.taskForces.assignTasks')}
              </Button>
            </div>
          ) : null}
          {leads && data.members.length > 0 ? (
            <>
              <Typography.Title level={5} style={section}>
                {t('work.taskForces.allocate')}
              </Typography.Title>
              <AllocationForm detail={data} />
            </>
          ) : null}
          {data.allocations.length > 0 ? (
            <>
              <Typography.Title level={5} style={section}>
                {t('work.taskForces.allocations')}
              </Typography.Title>
              <Table
                rowKey="factId"
                size="small"
                pagination={false}
                dataSource={data.allocations}
                scroll={{ x: 'max-content' }}
                columns={[
                  { key: 'name', title: t('work.taskForces.members'), dataIndex: 'name' },
                  {
                    key: 'part',
                    title: '',
                    render: (_, row) =>
                      row.part === 'base'
                        ? t('work.taskForces.basePoints')
                        : t('work.taskForces.allocate'),
                  },
                  {
                    key: 'points',
                    title: t('work.taskForces.points'),
                    dataIndex: 'points',
                    align: 'right',
                  },
                  {
                    key: 'at',
                    title: '',
                    render: (_, row) => formatTime(row.recordedAt, labels.lang),
                  },
                ]}
              />
            </>
          ) : null}
        </>
      ) : null}
    </Drawer>
  );
}

type Row = TaskForceSummary;

/** 工作专班: list, form one, its members and tasks, and the leader's second allocation. */
export default function TaskForcesPage() {
  const { t } = useTranslation();
  const me = useSignedIn();
  const isMobile = useIsMobile();
  const [params, setParams] = useSearchParams();
  const list = useTaskForces();
  const [creating, setCreating] = useState(false);
  const openId = params.get('open');
  const setOpen = (id: string | null) => setParams(id ? { open: id } : {}, { replace: true });
  const columns: TableColumnType<Row>[] = [
    {
      key: 'name',
      title: t('work.taskForces.name'),
      render: (_, row) => (
        <Typography.Link onClick={() => setOpen(row.id)} data-testid="task-force-open">
          {row.name}
        </Typography.Link>
      ),
    },
    { key: 'leaderName', title: t('work.taskForces.leader'), dataIndex: 'leaderName' },
    {
      key: 'members',
      title: t('work.taskForces.members'),
      render: (_, row) => t('work.taskForces.memberCount', { count: row.memberIds.length }),
    },
    { key: 'basePoints', title: t('work.taskForces.basePoints'), dataIndex: 'basePoints' },
    {
      key: 'allocationPool',
      title: t('work.taskForces.allocationPool'),
      dataIndex: 'allocationPool',
    },
    {
      key: 'status',
      title: '',
      render: (_, row) => (
        <Tag color={row.status === 'active' ? 'processing' : 'default'}>
          {t(`work.taskForces.status.${row.status}`)}
        </Tag>
      ),
    },
  ];
  return (
    <Card
      title={t('work.taskForces.title')}
      data-testid="task-forces"
      extra={
        can(me, 'taskforce.write') && me.account.personId ? (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="task-force-create"
          >
            {isMobile ? null : t('work.taskForces.create')}
          </Button>
        ) : null
      }
      styles={{ body: isMobile ? { padding: 12 } : {} }}
    >
      {list.isError ? (
        <QueryError error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <ResponsiveTable<Row>
          columns={columns}
          rows={list.data?.items ?? []}
          loading={list.isPending}
          testId="task-force-table"
          rowTestId="task-force-row"
          cardTitle={(row) => (
            <Typography.Link onClick={() => setOpen(row.id)} data-testid="task-force-open">
              {row.name}
            </Typography.Link>
          )}
          cardSkip={['name']}
          pagination={{
            current: 1,
            pageSize: 1000,
            total: 0,
            hideOnSinglePage: true,
            onChange: () => undefined,
          }}
        />
      )}
      {creating ? (
        <CreateDialog
          onClose={() => setCreating(false)}
          onCreated={(id) => {
            setCreating(false);
            setOpen(id);
          }}
        />
      ) : null}
      {openId ? <TaskForceDrawer taskForceId={openId} onClose={() => setOpen(null)} /> : null}
    </Card>
  );
}
