import { useRef, useState } from 'react';
import { Alert, App, Button, Modal, Table } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import { api } from '../api/endpoints.ts';
import { keys } from '../api/queries.ts';
import type { ImportProblem } from '../api/types.ts';
import { useLang } from '../i18n/index.ts';

const maxBytes = 10 * 1024 * 1024;

function problemsOf(error: ApiError): ImportProblem[] {
  const list = error.details?.errors;
  return Array.isArray(list) ? (list as ImportProblem[]) : [];
}

/** 导入: upload an .xlsx; on a refused file, list every problem and say nothing was written. */
export function ImportButton() {
  const { t } = useTranslation();
  const lang = useLang();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [refused, setRefused] = useState<ApiError | null>(null);
  const upload = useMutation({
    mutationFn: api.importFile,
    onSuccess: async (result) => {
      void modal.success({
        title: t('person.importOk', {
          units: String(result.units),
          people: String(result.people),
        }),
      });
      await queryClient.invalidateQueries({ queryKey: keys.people });
      await queryClient.invalidateQueries({ queryKey: keys.units });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'import-invalid') setRefused(error);
      else void message.error(error.message);
    },
  });

  const onFile = (file: File | undefined) => {
    if (input.current) input.current.value = '';
    if (!file) return;
    if (!file.name.toLowerCase().endsWith('.xlsx')) {
      void message.error(t('person.fileType'));
      return;
    }
    if (file.size > maxBytes) {
      void message.error(t('person.fileTooLarge'));
      return;
    }
    upload.mutate(file);
  };

  const problems = refused ? problemsOf(refused) : [];
  return (
    <>
      <input
        ref={input}
        type="file"
        accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        style={{ display: 'none' }}
        onChange={(e) => onFile(e.target.files?.[0])}
        data-testid="import-input"
      />
      <Button
        icon={<UploadOutlined />}
        loading={upload.isPending}
        onClick={() => input.current?.click()}
        data-testid="import-button"
      >
        {t('person.import')}
      </Button>
      <Modal
        open={refused !== null}
        width={760}
        title={t('person.importErrors')}
        onCancel={() => setRefused(null)}
        footer={
          <Button type="primary" onClick={() => setRefused(null)}>
            {t('common.confirm')}
          </Button>
        }
        destroyOnHidden
      >
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={refused?.message}
          description={t('person.importNothingWritten', { count: problems.length })}
          data-testid="import-nothing-written"
        />
        <Table<ImportProblem>
          size="small"
          rowKey={(p) => `${p.sheet}-${p.row}-${p.column}-${p.reason}`}
          dataSource={problems}
          pagination={problems.length > 10 ? { pageSize: 10, size: 'small' } : false}
          scroll={{ x: 'max-content' }}
          data-testid="import-errors"
          columns={[
            { title: t('person.sheet'), dataIndex: 'sheet', width: 90 },
            { title: t('person.row'), dataIndex: 'row', width: 60 },
            { title: t('person.column'), dataIndex: 'column', width: 100 },
            {
              title: t('person.problem'),
              key: 'problem',
              render: (_: unknown, p: ImportProblem) =>
                p.value === undefined ? p.message[lang] : `${p.message[lang]}（${p.value}）`,
            },
          ]}
        />
      </Modal>
    </>
  );
}
