import { useState } from 'react';
import { Alert, App, Col, DatePicker, Input, Modal, Row, Select, Switch, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { isPoints, stepRoles, type StepRole } from '@tianheng/core';
import { workApi, workKeys, type StepView } from '../../api/work.ts';
import { assigneesFromRoles, rolesFromAssignees } from './work-model.ts';
import { PeopleSelect } from './people-select.tsx';

const label = { fontSize: 12, display: 'block', marginBottom: 2 } as const;

/** Adjust a step of an existing task: name, planned dates, points, review, tags, people. */
export function StepEditDialog({ step, onClose }: { step: StepView; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [name, setName] = useState(step.name);
  const [dates, setDates] = useState<[string, string]>([step.plannedStart, step.plannedEnd]);
  const [points, setPoints] = useState(step.points);
  const [reviewRequired, setReviewRequired] = useState(step.reviewRequired);
  const [tags, setTags] = useState<string[]>([...step.tags]);
  const [people, setPeople] = useState<Partial<Record<StepRole, string[]>>>(
    rolesFromAssignees(step.assignees),
  );
  const [error, setError] = useState<string | null>(null);
  const knownNames = Object.fromEntries(step.assignees.map((a) => [a.personId, a.name]));
  const save = useMutation({
    mutationFn: () =>
      workApi.updateStep(step.id, {
        name: name.trim(),
        plannedStart: dates[0],
        plannedEnd: dates[1],
        points,
        reviewRequired,
        tags,
        assignees: assigneesFromRoles(people),
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: workKeys.all });
      void message.success(t('common.saved'));
      onClose();
    },
    onError: (e) => setError(e.message),
  });
  const pointsOk = isPoints(points);
  return (
    <Modal
      open
      width={720}
      title={`${t('common.edit')} · ${step.name}`}
      onCancel={onClose}
      onOk={() => save.mutate()}
      okButtonProps={{
        loading: save.isPending,
        disabled: !pointsOk || name.trim() === '',
        ...({ 'data-testid': 'step-edit-submit' } as object),
      }}
      destroyOnHidden
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Row gutter={[12, 8]}>
        <Col xs={24} md={12}>
          <Typography.Text type="secondary" style={label}>
            {t('work.step.name')}
          </Typography.Text>
          <Input value={name} onChange={(e) => setName(e.target.value)} />
        </Col>
        <Col xs={24} md={12}>
          <Typography.Text type="secondary" style={label}>
            {t('work.step.planned')}
          </Typography.Text>
          <DatePicker.RangePicker
            allowClear={false}
            value={[dayjs(dates[0]), dayjs(dates[1])]}
            onChange={(range) => {
              if (range?.[0] && range[1])
                setDates([range[0].format('YYYY-MM-DD'), range[1].format('YYYY-MM-DD')]);
            }}
            style={{ width: '100%' }}
          />
        </Col>
        <Col xs={12} md={6}>
          <Typography.Text type="secondary" style={label}>
            {t('work.step.points')}
          </Typography.Text>
          <Input
            value={points}
            inputMode="decimal"
            status={pointsOk ? undefined : 'error'}
            onChange={(e) => setPoints(e.target.value.trim())}
          />
        </Col>
        <Col xs={12} md={6}>
          <Typography.Text type="secondary" style={label}>
            {t('work.step.reviewRequired')}
          </Typography.Text>
          <Switch checked={reviewRequired} onChange={setReviewRequired} />
        </Col>
        <Col xs={24} md={12}>
          <Typography.Text type="secondary" style={label}>
            {t('work.step.tags')}
          </Typography.Text>
          <Select
            mode="tags"
            open={false}
            value={tags}
            onChange={(next: string[]) => setTags(next)}
            style={{ width: '100%' }}
          />
        </Col>
        {stepRoles.map((role) => (
          <Col key={role} xs={24} md={12}>
            <Typography.Text type="secondary" style={label}>
              {t(`work.roles.${role}`)}
            </Typography.Text>
            <PeopleSelect
              value={people[role] ?? []}
              onChange={(ids) => setPeople({ ...people, [role]: ids })}
              knownNames={knownNames}
              testId={`step-edit-${role}`}
            />
          </Col>
        ))}
      </Row>
    </Modal>
  );
}
