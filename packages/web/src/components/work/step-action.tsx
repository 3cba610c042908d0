import { useState } from 'react';
import { Alert, App, Button, Drawer, Form, Input, Modal, Space } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { AttachmentView } from '../../api/attachments.ts';
import { workApi, workKeys } from '../../api/work.ts';
import { AttachmentUpload } from '../attachments.tsx';
import { useServerErrors } from '../server-errors.ts';
import { useIsMobile } from '../use-mobile.ts';

/** The step transitions that take a note. */
export type StepAction = 'complete' | 'approve' | 'return' | 'flag';

/** Whether the action needs a note (returning and flagging say why). */
export function noteRequired(action: StepAction): boolean {
  return action === 'return' || action === 'flag';
}

const titles: Record<StepAction, 'complete' | 'approve' | 'return' | 'flag'> = {
  complete: 'complete',
  approve: 'approve',
  return: 'return',
  flag: 'flag',
};

const done: Record<StepAction, 'completed' | 'approved' | 'returned' | 'flaggedOk'> = {
  complete: 'completed',
  approve: 'approved',
  return: 'returned',
  flag: 'flaggedOk',
};

async function run(
  action: StepAction,
  stepId: string,
  note: string,
  attachments: readonly string[],
): Promise<unknown> {
  const text = note.trim();
  switch (action) {
    case 'complete':
      return workApi.completeStep(stepId, {
        ...(text ? { note: text } : {}),
        ...(attachments.length > 0 ? { attachments: [...attachments] } : {}),
      });
    case 'approve':
      return workApi.approveStep(stepId, text ? { note: text } : {});
    case 'return':
      return workApi.returnStep(stepId, { note: text });
    case 'flag':
      return workApi.flagStep(stepId, { note: text });
  }
}

/**
 * Confirm a step transition with a note: a bottom sheet on phones (one thumb), a dialog on
 * wide screens. The note is required for return and flag, optional otherwise.
 */
export function StepActionSheet({
  action,
  stepId,
  stepName,
  onClose,
}: {
  action: StepAction;
  stepId: string;
  stepName: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ note?: string }>();
  const errors = useServerErrors(form, ['note']);
  const required = noteRequired(action);
  // Evidence files go with a completion (optional: one tap still completes).
  const [files, setFiles] = useState<AttachmentView[]>([]);
  const mutation = useMutation({
    mutationFn: (note: string) =>
      run(
        action,
        stepId,
        note,
        files.map((f) => f.ref),
      ),
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: workKeys.all }),
        queryClient.invalidateQueries({ queryKey: workKeys.notifications }),
      ]);
      void message.success(t(`work.step.${done[action]}`));
      onClose();
    },
    onError: errors.show,
  });
  const label =
    action === 'return'
      ? t('work.step.returnNote')
      : action === 'flag'
        ? t('work.step.flagNote')
        : t('work.step.noteOptional');
  const title =
    action === 'complete'
      ? t('work.step.completeTitle', { name: stepName })
      : `${t(`work.step.${titles[action]}`)} · ${stepName}`;
  const body = (
    <>
      {errors.formError ? (
        <Alert
          type="error"
          showIcon
          title={errors.formError}
          style={{ marginBottom: 12 }}
          data-testid="step-action-error"
        />
      ) : null}
      <Form
        form={form}
        layout="vertical"
        onFinish={(values) => {
          errors.clear();
          mutation.mutate(values.note ?? '');
        }}
      >
        <Form.Item
          name="note"
          label={label}
          rules={
            required
              ? [
                  {
                    required: true,
                    whitespace: true,
                    message: t('common.required', { field: label }),
                  },
                ]
              : []
          }
        >
          <Input.TextArea rows={3} maxLength={1000} data-testid="step-action-note" />
        </Form.Item>
        {action === 'complete' ? (
          <Form.Item label={t('attachments.evidence')}>
            <AttachmentUpload value={files} onChange={setFiles} testId="step-evidence" />
          </Form.Item>
        ) : null}
      </Form>
    </>
  );
  const submit = (
    <Button
      type="primary"
      danger={action === 'return'}
      block={isMobile}
      size={isMobile ? 'large' : 'middle'}
      loading={mutation.isPending}
      onClick={() => form.submit()}
      data-testid="step-action-submit"
    >
      {t(`work.step.${titles[action]}`)}
    </Button>
  );
  if (isMobile)
    return (
      <Drawer
        open
        placement="bottom"
        size="auto"
        title={title}
        onClose={onClose}
        styles={{ body: { paddingBottom: 16 } }}
        data-testid="step-action-sheet"
      >
        {body}
        {submit}
      </Drawer>
    );
  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      footer={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          {submit}
        </Space>
      }
      destroyOnHidden
      data-testid="step-action-sheet"
    >
      {body}
    </Modal>
  );
}
