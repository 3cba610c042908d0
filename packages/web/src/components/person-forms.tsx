import { Alert, App, Col, DatePicker, Form, Input, Modal, Row, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { genders, ranks, type Gender, type Rank } from '@tianheng/core';
import { api } from '../api/endpoints.ts';
import { keys, useLookups, useUnits } from '../api/queries.ts';
import type { Person } from '../api/types.ts';
import { useLabels } from '../i18n/index.ts';
import { useServerErrors } from './server-errors.ts';
import { UnitTreeSelect } from './unit-tree-select.tsx';

const isoDate = (value: Dayjs | null | undefined): string | undefined =>
  value ? value.format('YYYY-MM-DD') : undefined;

function useChoices() {
  const labels = useLabels();
  const units = useUnits();
  const lookups = useLookups();
  return {
    units: units.data ?? [],
    villages: (units.data ?? [])
      .filter((u) => u.kind === 'village')
      .map((u) => ({ value: u.id, label: u.name })),
    lines: (lookups.data?.lines ?? []).map((l) => ({ value: l.id, label: l.name })),
    ranks: ranks.map((r) => ({ value: r, label: labels.rank(r) })),
    genders: genders.map((g) => ({ value: g, label: labels.gender(g) })),
  };
}

interface PersonForm {
  staffNo: string;
  name: string;
  gender: Gender;
  birthDate?: Dayjs | null;
  phone?: string;
  unitId: string;
  post: string;
  rank: Rank;
  lineIds?: string[];
  villageIds?: string[];
  validFrom: Dayjs;
  reason?: string;
}

function useRules() {
  const { t } = useTranslation();
  return {
    required: (field: string) => [
      { required: true, whitespace: true, message: t('common.required', { field }) },
    ],
    chosen: (field: string) => [{ required: true, message: t('common.select', { field }) }],
  };
}

const fullWidth = { width: '100%' };

/** 新增人员: a person with their first assignment. */
export function CreatePersonDialog({
  onClose,
  onCreated,
  defaultUnitId,
}: {
  onClose: () => void;
  onCreated: (person: Person) => void;
  defaultUnitId?: string;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const choices = useChoices();
  const rules = useRules();
  const [form] = Form.useForm<PersonForm>();
  const errors = useServerErrors(form, [
    'staffNo',
    'name',
    'gender',
    'birthDate',
    'phone',
    'unitId',
    'post',
    'rank',
    'lineIds',
    'villageIds',
    'validFrom',
  ]);
  const create = useMutation({
    mutationFn: (v: PersonForm) =>
      api.createPerson({
        staffNo: v.staffNo.trim(),
        name: v.name.trim(),
        gender: v.gender,
        ...(v.birthDate ? { birthDate: isoDate(v.birthDate) } : {}),
        ...(v.phone?.trim() ? { phone: v.phone.trim() } : {}),
        unitId: v.unitId,
        post: v.post.trim(),
        rank: v.rank,
        lineIds: v.lineIds ?? [],
        villageIds: v.villageIds ?? [],
        validFrom: isoDate(v.validFrom) ?? '',
      }),
    onSuccess: async (person) => {
      void message.success(t('person.created'));
      await queryClient.invalidateQueries({ queryKey: keys.people });
      await queryClient.invalidateQueries({ queryKey: keys.units });
      onCreated(person);
    },
    onError: errors.show,
  });
  return (
    <Modal
      open
      width={720}
      title={t('person.add')}
      okText={t('common.save')}
      onOk={() => form.submit()}
      confirmLoading={create.isPending}
      onCancel={onClose}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'person-form-submit' }}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ unitId: defaultUnitId, validFrom: dayjs() }}
        onFinish={(values) => {
          errors.clear();
          create.mutate(values);
        }}
        data-testid="person-form"
      >
        {errors.formError ? (
          <Alert type="error" showIcon title={errors.formError} style={{ marginBottom: 16 }} />
        ) : null}
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="staffNo"
              label={t('person.staffNo')}
              rules={rules.required(t('person.staffNo'))}
            >
              <Input maxLength={32} data-testid="person-form-staffNo" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="name"
              label={t('person.name')}
              rules={rules.required(t('person.name'))}
            >
              <Input maxLength={64} data-testid="person-form-name" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="gender"
              label={t('person.gender')}
              rules={rules.chosen(t('person.gender'))}
            >
              <Select options={choices.genders} data-testid="person-form-gender" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="birthDate" label={t('person.birthDate')}>
              <DatePicker style={fullWidth} data-testid="person-form-birthDate" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="phone" label={t('person.phone')}>
              <Input maxLength={20} data-testid="person-form-phone" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="unitId"
              label={t('person.unit')}
              rules={rules.chosen(t('person.unit'))}
            >
              <UnitTreeSelect units={choices.units} data-testid="person-form-unit" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="post"
              label={t('person.post')}
              rules={rules.required(t('person.post'))}
            >
              <Input maxLength={64} data-testid="person-form-post" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="rank" label={t('person.rank')} rules={rules.chosen(t('person.rank'))}>
              <Select options={choices.ranks} data-testid="person-form-rank" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="lineIds" label={t('person.lines')}>
              <Select
                mode="multiple"
                options={choices.lines}
                showSearch={{ optionFilterProp: 'label' }}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="villageIds" label={t('person.villages')}>
              <Select
                mode="multiple"
                options={choices.villages}
                showSearch={{ optionFilterProp: 'label' }}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="validFrom"
              label={t('person.validFrom')}
              rules={rules.chosen(t('person.validFrom'))}
            >
              <DatePicker style={fullWidth} data-testid="person-form-validFrom" />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}

/** 编辑信息: the person's own attributes (not the assignment: that changes by transfer). */
export function EditPersonDialog({ person, onClose }: { person: Person; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const choices = useChoices();
  const rules = useRules();
  const [form] = Form.useForm<PersonForm>();
  const errors = useServerErrors(form, [
    'name',
    'gender',
    'birthDate',
    'phone',
    'lineIds',
    'villageIds',
  ]);
  const save = useMutation({
    mutationFn: (v: PersonForm) =>
      api.updatePerson(person.id, {
        name: v.name.trim(),
        gender: v.gender,
        birthDate: isoDate(v.birthDate) ?? null,
        phone: v.phone?.trim() ? v.phone.trim() : null,
        lineIds: v.lineIds ?? [],
        villageIds: v.villageIds ?? [],
      }),
    onSuccess: async (updated) => {
      void message.success(t('common.saved'));
      queryClient.setQueryData(keys.person(person.id), updated);
      await queryClient.invalidateQueries({ queryKey: keys.people });
      onClose();
    },
    onError: errors.show,
  });
  return (
    <Modal
      open
      width={640}
      title={`${t('person.edit')} · ${person.name}`}
      okText={t('common.save')}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      onCancel={onClose}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'person-form-submit' }}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          name: person.name,
          gender: person.gender,
          birthDate: person.birthDate ? dayjs(person.birthDate) : null,
          phone: person.phone ?? '',
          lineIds: person.lines.map((l) => l.id),
          villageIds: person.villages.map((v) => v.id),
        }}
        onFinish={(values) => {
          errors.clear();
          save.mutate(values);
        }}
        data-testid="person-edit-form"
      >
        {errors.formError ? (
          <Alert type="error" showIcon title={errors.formError} style={{ marginBottom: 16 }} />
        ) : null}
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="name"
              label={t('person.name')}
              rules={rules.required(t('person.name'))}
            >
              <Input maxLength={64} data-testid="person-form-name" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="gender"
              label={t('person.gender')}
              rules={rules.chosen(t('person.gender'))}
            >
              <Select options={choices.genders} data-testid="person-form-gender" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="birthDate" label={t('person.birthDate')}>
              <DatePicker style={fullWidth} data-testid="person-form-birthDate" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="phone" label={t('person.phone')}>
              <Input maxLength={20} data-testid="person-form-phone" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="lineIds" label={t('person.lines')}>
              <Select
                mode="multiple"
                options={choices.lines}
                showSearch={{ optionFilterProp: 'label' }}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="villageIds" label={t('person.villages')}>
              <Select
                mode="multiple"
                options={choices.villages}
                showSearch={{ optionFilterProp: 'label' }}
              />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}

/** 调动: a new assignment from an effective date; the current one closes the day before. */
export function MovePersonDialog({ person, onClose }: { person: Person; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const choices = useChoices();
  const rules = useRules();
  const [form] = Form.useForm<PersonForm>();
  const errors = useServerErrors(form, ['unitId', 'post', 'rank', 'validFrom', 'reason']);
  const move = useMutation({
    mutationFn: (v: PersonForm) =>
      api.movePerson(person.id, {
        unitId: v.unitId,
        post: v.post.trim(),
        rank: v.rank,
        validFrom: isoDate(v.validFrom) ?? '',
        ...(v.reason?.trim() ? { reason: v.reason.trim() } : {}),
      }),
    onSuccess: async (updated) => {
      void message.success(t('person.movedOk'));
      queryClient.setQueryData(keys.person(person.id), updated);
      await queryClient.invalidateQueries({ queryKey: keys.people });
      await queryClient.invalidateQueries({ queryKey: keys.units });
      onClose();
    },
    onError: errors.show,
  });
  return (
    <Modal
      open
      width={560}
      title={`${t('person.move')} · ${person.name}`}
      okText={t('common.save')}
      onOk={() => form.submit()}
      confirmLoading={move.isPending}
      onCancel={onClose}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'person-move-submit' }}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          unitId: person.unitId,
          post: person.post,
          rank: person.rank,
          validFrom: dayjs(),
        }}
        onFinish={(values) => {
          errors.clear();
          move.mutate(values);
        }}
        data-testid="person-move-form"
      >
        {errors.formError ? (
          <Alert type="error" showIcon title={errors.formError} style={{ marginBottom: 16 }} />
        ) : null}
        <Form.Item name="unitId" label={t('person.unit')} rules={rules.chosen(t('person.unit'))}>
          <UnitTreeSelect units={choices.units} data-testid="person-move-unit" />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="post"
              label={t('person.post')}
              rules={rules.required(t('person.post'))}
            >
              <Input maxLength={64} data-testid="person-move-post" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="rank" label={t('person.rank')} rules={rules.chosen(t('person.rank'))}>
              <Select options={choices.ranks} data-testid="person-move-rank" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="validFrom"
          label={t('person.validFrom')}
          rules={rules.chosen(t('person.validFrom'))}
        >
          <DatePicker style={fullWidth} data-testid="person-move-validFrom" />
        </Form.Item>
        <Form.Item name="reason" label={t('person.reason')}>
          <Input.TextArea rows={2} maxLength={200} data-testid="person-move-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
