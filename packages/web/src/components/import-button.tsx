import { useRef, useState } from 'react';
import { App, Button } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import { api } from '../api/endpoints.ts';
import { keys } from '../api/queries.ts';
import { ImportProblemsModal, xlsxRefusal } from './import-problems.tsx';

/** 导入: upload an .xlsx; on a refused file, list every problem and say nothing was written. */
export function ImportButton() {
  const { t } = useTranslation();
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
    const refusal = xlsxRefusal(file);
    if (refusal) void message.error(t(refusal));
    else upload.mutate(file);
  };

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
      <ImportProblemsModal
        refused={refused}
        title={t('person.importErrors')}
        onClose={() => setRefused(null)}
        testId="import"
      />
    </>
  );
}
