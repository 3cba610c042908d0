import { useRef } from 'react';
import { App, Button, Space, Tag, Typography } from 'antd';
import { CloseOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ATTACHMENT_MAX_BYTES, isAttachmentType, parseAttachmentRef } from '@tianheng/core';
import { attachmentApi, useAttachmentMeta, type AttachmentView } from '../api/attachments.ts';

/** 1,234 bytes → "1.2 KB". */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * 上传附件: pick files, upload each at once (checked for size and type first), list them with
 * a remove button. `value` are the uploaded files; store their `ref`s.
 */
export function AttachmentUpload({
  value,
  onChange,
  testId = 'attachments',
}: {
  value: readonly AttachmentView[];
  onChange: (files: AttachmentView[]) => void;
  testId?: string;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const input = useRef<HTMLInputElement>(null);
  const upload = useMutation({
    mutationFn: async (files: File[]) => {
      const saved: AttachmentView[] = [];
      for (const file of files) saved.push(await attachmentApi.upload(file));
      return saved;
    },
    onSuccess: (saved) => onChange([...value, ...saved]),
    onError: (error) => void message.error(error.message),
  });
  const onFiles = (list: FileList | null) => {
    const files = [...(list ?? [])];
    if (input.current) input.current.value = '';
    const refused = files.find(
      (f) => f.size === 0 || f.size > ATTACHMENT_MAX_BYTES || !isAttachmentType(f.type),
    );
    if (refused) {
      void message.error(
        t('attachments.refused', { name: refused.name, max: fileSize(ATTACHMENT_MAX_BYTES) }),
      );
      return;
    }
    if (files.length > 0) upload.mutate(files);
  };
  return (
    <Space orientation="vertical" size={4} style={{ width: '100%' }} data-testid={testId}>
      <input
        ref={input}
        type="file"
        multiple
        style={{ display: 'none' }}
        onChange={(e) => onFiles(e.target.files)}
        data-testid={`${testId}-input`}
      />
      <Button
        icon={<UploadOutlined />}
        loading={upload.isPending}
        onClick={() => input.current?.click()}
        data-testid={`${testId}-button`}
      >
        {t('attachments.upload')}
      </Button>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('attachments.hint', { max: fileSize(ATTACHMENT_MAX_BYTES) })}
      </Typography.Text>
      {value.map((file) => (
        <Space key={file.id} size={4} data-testid={`${testId}-item`}>
          <PaperClipOutlined />
          <Typography.Text ellipsis style={{ maxWidth: 240 }}>
            {file.name}
          </Typography.Text>
          <Typography.Text type="secondary">{fileSize(file.size)}</Typography.Text>
          <Button
            type="text"
            size="small"
            icon={<CloseOutlined />}
            aria-label={t('attachments.remove')}
            onClick={() => onChange(value.filter((f) => f.id !== file.id))}
          />
        </Space>
      ))}
    </Space>
  );
}

/**
 * The attachments a task, a step's evidence or a document carries: uploaded files as links
 * that download them (name and size), outside references (a document number) as written.
 */
export function AttachmentList({
  refs,
  testId = 'attachment-list',
}: {
  refs: readonly string[];
  testId?: string;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const ids: string[] = [];
  const outside: string[] = [];
  for (const ref of refs) {
    const parsed = parseAttachmentRef(ref);
    if (parsed === null || parsed === 'malformed') outside.push(ref);
    else ids.push(parsed.id);
  }
  const meta = useAttachmentMeta(ids);
  if (refs.length === 0) return null;
  const files = meta.data?.items ?? [];
  return (
    <Space size={[8, 4]} wrap data-testid={testId}>
      {files.map((file) => (
        <Button
          key={file.id}
          type="link"
          size="small"
          icon={<PaperClipOutlined />}
          style={{ paddingInline: 0 }}
          onClick={() =>
            void attachmentApi.download(file).catch((error: Error) => {
              void message.error(error.message);
            })
          }
          data-testid={`${testId}-file`}
        >
          {file.name}
          <Typography.Text type="secondary" style={{ marginInlineStart: 4 }}>
            {fileSize(file.size)}
          </Typography.Text>
        </Button>
      ))}
      {meta.isPending && ids.length > 0 ? (
        <Typography.Text type="secondary">{t('attachments.loading')}</Typography.Text>
      ) : null}
      {outside.map((ref) => (
        <Tag key={ref} data-testid={`${testId}-ref`}>
          {ref}
        </Tag>
      ))}
    </Space>
  );
}
