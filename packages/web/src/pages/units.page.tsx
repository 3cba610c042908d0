import { useMemo, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Select,
  Space,
  Tag,
  Tree,
  Typography,
  type TreeDataNode,
} from 'antd';
import {
  ApartmentOutlined,
  DragOutlined,
  EditOutlined,
  PlusOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { canNest, unitKinds, validateMove, type UnitKind } from '@tianheng/core';
import { api } from '../api/endpoints.ts';
import { keys, useUnits } from '../api/queries.ts';
import type { Unit } from '../api/types.ts';
import { PageLoading, QueryError } from '../components/query-state.tsx';
import { useServerErrors } from '../components/server-errors.ts';
import { buildUnitTree, unitTrail, type UnitNode } from '../components/unit-tree.ts';
import { UnitTreeSelect } from '../components/unit-tree-select.tsx';
import { useIsMobile } from '../components/use-mobile.ts';
import { useLabels } from '../i18n/index.ts';
import { can, useSignedIn } from '../layout/me-context.ts';

const kindColors: Record<UnitKind, string> = {
  county: 'red',
  street: 'orange',
  town: 'gold',
  township: 'lime',
  department: 'blue',
  section: 'geekblue',
  village: 'green',
  task_force: 'purple',
};

type Dialog =
  | { kind: 'add'; parent: Unit | null }
  | { kind: 'edit'; unit: Unit }
  | { kind: 'move'; unit: Unit };

/** 组织机构: the org tree, a unit's details, and adding, editing and moving units. */
export default function UnitsPage() {
  const { t } = useTranslation();
  const labels = useLabels();
  const me = useSignedIn();
  const writable = can(me, 'unit.write');
  const units = useUnits();
  const navigate = useNavigate();
  const isMobile = useIsMobile();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [filter, setFilter] = useState('');
  const [dialog, setDialog] = useState<Dialog | null>(null);

  const byId = useMemo(() => new Map((units.data ?? []).map((u) => [u.id, u])), [units.data]);
  const tree = useMemo(() => buildUnitTree(units.data ?? []), [units.data]);
  // A county has hundreds of units: open only the top level (towns, departments) at first.
  const rootIds = useMemo(() => tree.map((root) => root.unit.id), [tree]);
  const [expanded, setExpanded] = useState<string[] | null>(null);

  if (units.isPending) return <PageLoading />;
  if (units.isError) return <QueryError error={units.error} onRetry={() => void units.refetch()} />;

  const selected = selectedId ? (byId.get(selectedId) ?? null) : null;
  const needle = filter.trim().toLowerCase();
  const matches = (node: UnitNode): boolean =>
    node.unit.name.toLowerCase().includes(needle) ||
    (node.unit.code ?? '').toLowerCase().includes(needle) ||
    node.children.some(matches);
  const toTreeData = (nodes: UnitNode[]): TreeDataNode[] =>
    nodes
      .filter((node) => needle === '' || matches(node))
      .map((node) => ({
        key: node.unit.id,
        title: (
          <span data-testid="unit-node" data-unit-name={node.unit.name}>
            {node.unit.name}{' '}
            <Tag color={kindColors[node.unit.kind]} style={{ marginInlineEnd: 4 }}>
              {labels.unitKind(node.unit.kind)}
            </Tag>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              <TeamOutlined /> {node.unit.peopleCount}
            </Typography.Text>
          </span>
        ),
        children: toTreeData(node.children),
      }));

  const details = selected ? (
    <Card
      title={selected.name}
      data-testid="unit-details"
      extra={<Tag color={kindColors[selected.kind]}>{labels.unitKind(selected.kind)}</Tag>}
    >
      <Descriptions
        column={1}
        size="small"
        items={[
          { key: 'kind', label: t('unit.kind'), children: labels.unitKind(selected.kind) },
          { key: 'code', label: t('unit.code'), children: selected.code ?? '—' },
          { key: 'path', label: t('unit.path'), children: unitTrail(selected, byId) },
          { key: 'count', label: t('unit.peopleCount'), children: selected.peopleCount },
          { key: 'sort', label: t('unit.sortOrder'), children: selected.sortOrder },
        ]}
      />
      <Space wrap style={{ marginTop: 16 }}>
        {can(me, 'person.read') ? (
          <Button
            icon={<TeamOutlined />}
            onClick={() => void navigate(`/people?unitId=${selected.id}`)}
            data-testid="unit-view-people"
          >
            {t('unit.viewPeople')}
          </Button>
        ) : null}
        {writable ? (
          <>
            <Button
              type="primary"
              icon={<PlusOutlined />}
              disabled={!unitKinds.some((k) => canNest(k, selected.kind))}
              onClick={() => setDialog({ kind: 'add', parent: selected })}
              data-testid="unit-add-child"
            >
              {t('unit.addChild')}
            </Button>
            <Button
              icon={<EditOutlined />}
              onClick={() => setDialog({ kind: 'edit', unit: selected })}
              data-testid="unit-edit"
            >
              {t('unit.rename')}
            </Button>
            <Button
              icon={<DragOutlined />}
              disabled={selected.parentId === null}
              onClick={() => setDialog({ kind: 'move', unit: selected })}
              data-testid="unit-move"
            >
              {t('unit.move')}
            </Button>
          </>
        ) : null}
      </Space>
    </Card>
  ) : (
    <Card>
      <Empty description={t('unit.selectHint')} />
    </Card>
  );

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} md={11} xl={9}>
        <Card
          title={
            <span>
              <ApartmentOutlined /> {t('unit.title')}
            </span>
          }
          extra={
            writable && tree.length === 0 ? (
              <Button
                type="primary"
                size="small"
                icon={<PlusOutlined />}
                onClick={() => setDialog({ kind: 'add', parent: null })}
                data-testid="unit-add-root"
              >
                {t('unit.addRoot')}
              </Button>
            ) : null
          }
          styles={{ body: { paddingInline: 8 } }}
        >
          <Input.Search
            allowClear
            placeholder={t('unit.filter')}
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            style={{ marginBottom: 8 }}
            data-testid="unit-filter"
          />
          {tree.length === 0 ? (
            <Empty description={t('unit.noUnits')} />
          ) : (
            <div style={{ maxHeight: isMobile ? 440 : 'calc(100vh - 260px)', overflow: 'auto' }}>
              <Tree
                showLine
                blockNode
                expandedKeys={needle ? [...byId.keys()] : (expanded ?? rootIds)}
                onExpand={(keys) => setExpanded(keys.map(String))}
                selectedKeys={selectedId ? [selectedId] : []}
                onSelect={(keys) => {
                  const key = keys[0];
                  setSelectedId(typeof key === 'string' ? key : null);
                  if (isMobile && typeof key === 'string')
                    window.setTimeout(
                      () =>
                        document
                          .querySelector('[data-testid="unit-details"]')
                          ?.scrollIntoView({ behavior: 'smooth' }),
                      50,
                    );
                }}
                treeData={toTreeData(tree)}
                data-testid="unit-tree"
              />
            </div>
          )}
        </Card>
      </Col>
      <Col xs={24} md={13} xl={15}>
        {details}
      </Col>
      {dialog?.kind === 'add' ? (
        <AddUnitDialog
          parent={dialog.parent}
          onClose={() => setDialog(null)}
          onCreated={(unit) => {
            if (unit.parentId) {
              const parentId = unit.parentId;
              setExpanded((keys) => [...new Set([...(keys ?? rootIds), parentId])]);
            }
            setSelectedId(unit.id);
            setDialog(null);
          }}
        />
      ) : null}
      {dialog?.kind === 'edit' ? (
        <EditUnitDialog unit={dialog.unit} onClose={() => setDialog(null)} />
      ) : null}
      {dialog?.kind === 'move' ? (
        <MoveUnitDialog unit={dialog.unit} units={units.data} onClose={() => setDialog(null)} />
      ) : null}
    </Row>
  );
}

interface AddForm {
  kind: UnitKind;
  name: string;
  code?: string;
}

function AddUnitDialog({
  parent,
  onClose,
  onCreated,
}: {
  parent: Unit | null;
  onClose: () => void;
  onCreated: (unit: Unit) => void;
}) {
  const { t } = useTranslation();
  const labels = useLabels();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<AddForm>();
  const errors = useServerErrors(form, ['kind', 'name', 'code']);
  // Only kinds that may sit under this parent (core's nesting rule).
  const kinds = unitKinds.filter((kind) => canNest(kind, parent?.kind ?? null));
  const create = useMutation({
    mutationFn: (values: AddForm) =>
      api.createUnit({
        parentId: parent?.id ?? null,
        kind: values.kind,
        name: values.name.trim(),
        ...(values.code?.trim() ? { code: values.code.trim() } : {}),
      }),
    onSuccess: async (unit) => {
      void message.success(t('unit.created'));
      await queryClient.invalidateQueries({ queryKey: keys.units });
      onCreated(unit);
    },
    onError: errors.show,
  });
  return (
    <Modal
      open
      title={parent ? `${t('unit.addChild')} · ${parent.name}` : t('unit.addRoot')}
      okText={t('common.save')}
      onOk={() => form.submit()}
      confirmLoading={create.isPending}
      onCancel={onClose}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'unit-form-submit' }}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ kind: kinds.length === 1 ? kinds[0] : undefined }}
        onFinish={(values) => {
          errors.clear();
          create.mutate(values);
        }}
        data-testid="unit-form"
      >
        {errors.formError ? (
          <Alert type="error" showIcon title={errors.formError} style={{ marginBottom: 16 }} />
        ) : null}
        <Form.Item
          name="kind"
          label={t('unit.kind')}
          rules={[{ required: true, message: t('common.select', { field: t('unit.kind') }) }]}
        >
          <Select
            options={kinds.map((kind) => ({ value: kind, label: labels.unitKind(kind) }))}
            data-testid="unit-form-kind"
          />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('unit.name')}
          rules={[
            {
              required: true,
              whitespace: true,
              message: t('common.required', { field: t('unit.name') }),
            },
          ]}
        >
          <Input maxLength={100} data-testid="unit-form-name" />
        </Form.Item>
        <Form.Item name="code" label={t('unit.code')}>
          <Input maxLength={64} data-testid="unit-form-code" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface EditForm {
  name: string;
  code?: string;
  sortOrder: number;
}

function EditUnitDialog({ unit, onClose }: { unit: Unit; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<EditForm>();
  const errors = useServerErrors(form, ['name', 'code', 'sortOrder']);
  const save = useMutation({
    mutationFn: (values: EditForm) =>
      api.updateUnit(unit.id, {
        name: values.name.trim(),
        ...(values.code?.trim() ? { code: values.code.trim() } : {}),
        sortOrder: values.sortOrder,
      }),
    onSuccess: async () => {
      void message.success(t('common.saved'));
      await queryClient.invalidateQueries({ queryKey: keys.units });
      onClose();
    },
    onError: errors.show,
  });
  return (
    <Modal
      open
      title={`${t('unit.rename')} · ${unit.name}`}
      okText={t('common.save')}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      onCancel={onClose}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'unit-form-submit' }}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ name: unit.name, code: unit.code ?? '', sortOrder: unit.sortOrder }}
        onFinish={(values) => {
          errors.clear();
          save.mutate(values);
        }}
        data-testid="unit-form"
      >
        {errors.formError ? (
          <Alert type="error" showIcon title={errors.formError} style={{ marginBottom: 16 }} />
        ) : null}
        <Form.Item
          name="name"
          label={t('unit.name')}
          rules={[
            {
              required: true,
              whitespace: true,
              message: t('common.required', { field: t('unit.name') }),
            },
          ]}
        >
          <Input maxLength={100} data-testid="unit-form-name" />
        </Form.Item>
        <Form.Item name="code" label={t('unit.code')}>
          <Input maxLength={64} data-testid="unit-form-code" />
        </Form.Item>
        <Form.Item
          name="sortOrder"
          label={t('unit.sortOrder')}
          rules={[
            { required: true, message: t('common.required', { field: t('unit.sortOrder') }) },
          ]}
        >
          <InputNumber precision={0} style={{ width: '100%' }} data-testid="unit-form-sort" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function MoveUnitDialog({
  unit,
  units,
  onClose,
}: {
  unit: Unit;
  units: Unit[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ parentId: string }>();
  const errors = useServerErrors(form, ['parentId']);
  const move = useMutation({
    mutationFn: (values: { parentId: string }) => api.moveUnit(unit.id, values.parentId),
    onSuccess: async () => {
      void message.success(t('unit.moved'));
      await queryClient.invalidateQueries({ queryKey: keys.units });
      onClose();
    },
    onError: errors.show,
  });
  return (
    <Modal
      open
      title={`${t('unit.move')} · ${unit.name}`}
      okText={t('common.save')}
      onOk={() => form.submit()}
      confirmLoading={move.isPending}
      onCancel={onClose}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'unit-form-submit' }}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ parentId: unit.parentId ?? undefined }}
        onFinish={(values) => {
          errors.clear();
          move.mutate(values);
        }}
        data-testid="unit-move-form"
      >
        {errors.formError ? (
          <Alert type="error" showIcon title={errors.formError} style={{ marginBottom: 16 }} />
        ) : null}
        <Form.Item
          name="parentId"
          label={t('unit.moveTo')}
          rules={[{ required: true, message: t('common.select', { field: t('unit.parent') }) }]}
        >
          {/* Parents core's move rule refuses (cycles, kinds that do not nest) are greyed out. */}
          <UnitTreeSelect
            units={units}
            isDisabled={(candidate) => !validateMove(unit, candidate).ok}
            data-testid="unit-move-parent"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
