import { useState } from 'react';
import {
  Button,
  Card,
  Col,
  DatePicker,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Switch,
  Typography,
} from 'antd';
import { DeleteOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { stepRoles, type StepRole, type WorkProblem } from '@tianheng/core';
import type { Unit } from '../../api/types.ts';
import { useLabels } from '../../i18n/index.ts';
import { UnitTreeSelect } from '../unit-tree-select.tsx';
import { useIsMobile } from '../use-mobile.ts';
import { PeopleSelect } from './people-select.tsx';

/** A step being drafted: the input fields plus people per role and a stable key. */
export interface StepDraft {
  key: string;
  seq: number;
  name: string;
  unitId: string | null;
  plannedStart: string;
  plannedEnd: string;
  points: string;
  tags: string[];
  reviewRequired: boolean;
  people: Partial<Record<StepRole, string[]>>;
  /** Roles the template expects (shown first). */
  roles: readonly StepRole[];
}

const label = { fontSize: 12, display: 'block', marginBottom: 2 } as const;

/** One step of a new task: order, name, dates, points, review, tags, unit and people by role. */
export function StepEditor({
  step,
  index,
  units,
  problems,
  knownNames,
  onChange,
  onRemove,
}: {
  step: StepDraft;
  index: number;
  units: readonly Unit[];
  problems: readonly WorkProblem[];
  knownNames: Readonly<Record<string, string>>;
  onChange: (next: StepDraft) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const labels = useLabels();
  const isMobile = useIsMobile();
  const [allRoles, setAllRoles] = useState(false);
  const set = (patch: Partial<StepDraft>) => onChange({ ...step, ...patch });
  // The roles the template asks for (a reviewer when review is required, and any role already
  // filled); the others behind "more roles".
  const expected = (role: StepRole) =>
    role === 'handler' ||
    step.roles.includes(role) ||
    (role === 'reviewer' && step.reviewRequired) ||
    (step.people[role]?.length ?? 0) > 0;
  const roles = stepRoles.filter((r) => allRoles || expected(r));
  const hidden = stepRoles.length - roles.length;
  return (
    <Card
      size="small"
      data-testid="step-draft"
      data-index={index}
      title={
        <Space size={8}>
          <InputNumber
            min={1}
            precision={0}
            value={step.seq}
            onChange={(value) => set({ seq: value ?? 1 })}
            style={{ width: 64 }}
            aria-label={t('work.step.seq')}
            data-testid="step-seq"
          />
          <Input
            value={step.name}
            placeholder={t('work.step.name')}
            onChange={(e) => set({ name: e.target.value })}
            style={{ width: isMobile ? 170 : 280 }}
            data-testid="step-name"
          />
        </Space>
      }
      extra={
        <Button
          type="text"
          danger
          icon={<DeleteOutlined />}
          onClick={onRemove}
          aria-label={t('work.step.remove')}
          data-testid="step-remove"
        />
      }
      style={problems.length > 0 ? { borderColor: '#ffa39e' } : undefined}
    >
      <Row gutter={[12, 8]}>
        <Col xs={24} md={10}>
          <Typography.Text type="secondary" style={label}>
            {t('work.step.planned')}
          </Typography.Text>
          <DatePicker.RangePicker
            allowClear={false}
            value={[
              step.plannedStart ? dayjs(step.plannedStart) : null,
              step.plannedEnd ? dayjs(step.plannedEnd) : null,
            ]}
            onChange={(range) =>
              set({
                plannedStart: range?.[0]?.format('YYYY-MM-DD') ?? '',
                plannedEnd: range?.[1]?.format('YYYY-MM-DD') ?? '',
              })
            }
            style={{ width: '100%' }}
            data-testid="step-dates"
          />
        </Col>
        <Col xs={12} md={4}>
          <Typography.Text type="secondary" style={label}>
            {t('work.step.points')}
          </Typography.Text>
          <Input
            value={step.points}
            inputMode="decimal"
            onChange={(e) => set({ points: e.target.value.trim() })}
            data-testid="step-points"
          />
        </Col>
        <Col xs={12} md={4}>
          <Typography.Text type="secondary" style={label}>
            {t('work.step.reviewRequired')}
          </Typography.Text>
          <Switch
            checked={step.reviewRequired}
            onChange={(on) => set({ reviewRequired: on })}
            data-testid="step-review"
          />
        </Col>
        <Col xs={24} md={6}>
          <Typography.Text type="secondary" style={label}>
            {t('work.step.unit')}
          </Typography.Text>
          <UnitTreeSelect
            units={units}
            allowClear
            value={step.unitId ?? undefined}
            onChange={(value?: string) => set({ unitId: value ?? null })}
            style={{ width: '100%' }}
          />
        </Col>
        <Col xs={24}>
          <Typography.Text type="secondary" style={label}>
            {t('work.step.tags')}
          </Typography.Text>
          <Select
            mode="tags"
            value={step.tags}
            onChange={(tags: string[]) => set({ tags })}
            open={false}
            style={{ width: '100%' }}
            data-testid="step-tags"
          />
        </Col>
        {roles.map((role) => (
          <Col key={role} xs={24} md={12} xl={8}>
            <Typography.Text
              type={step.roles.includes(role) || role === 'handler' ? undefined : 'secondary'}
              style={label}
            >
              {t(`work.roles.${role}`)}
            </Typography.Text>
            <PeopleSelect
              value={step.people[role] ?? []}
              onChange={(ids) => set({ people: { ...step.people, [role]: ids } })}
              knownNames={knownNames}
              testId={`step-role-${role}`}
            />
          </Col>
        ))}
        {hidden > 0 ? (
          <Col xs={24}>
            <Button
              type="link"
              size="small"
              style={{ padding: 0 }}
              onClick={() => setAllRoles(true)}
              data-testid="step-more-roles"
            >
              {t('work.step.moreRoles', { count: hidden })}
            </Button>
          </Col>
        ) : null}
      </Row>
      {problems.length > 0 ? (
        <ul style={{ margin: '8px 0 0', paddingInlineStart: 18, color: '#cf1322' }}>
          {problems.map((p, i) => (
            <li key={i} data-testid="step-problem">
              {labels.pick(p.message)}
            </li>
          ))}
        </ul>
      ) : null}
    </Card>
  );
}
