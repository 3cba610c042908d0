import { useEffect, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Drawer,
  Input,
  List,
  Row,
  Space,
  Tag,
  Typography,
} from 'antd';
import {
  ArrowLeftOutlined,
  ExportOutlined,
  HistoryOutlined,
  ImportOutlined,
  SaveOutlined,
} from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Scheme } from '@tianheng/core';
import { api } from '../api/endpoints.ts';
import { keys, useSchemeVersion, useSchemeVersions } from '../api/queries.ts';
import type { SchemeVersion } from '../api/types.ts';
import { acceptJson, FilePickButton } from '../components/assessment/file-pick-button.tsx';
import { readJsonFile, refusedProblems } from '../components/assessment/scheme-io.tsx';
import { SchemeEditor } from '../components/assessment/scheme-editor.tsx';
import { useSchemeProblems } from '../components/assessment/problems.ts';
import { formatTime } from '../components/format.ts';
import { PageLoading, QueryError } from '../components/query-state.tsx';
import { useIsMobile } from '../components/use-mobile.ts';
import { useLabels } from '../i18n/index.ts';
import { can, useSignedIn } from '../layout/me-context.ts';

/** One scheme: the editor on a draft of a version, version history, save, import/export. */
export default function SchemeEditPage() {
  const { schemeKey = '' } = useParams();
  const [params] = useSearchParams();
  const raw = params.get('version');
  const version = raw && /^\d+$/.test(raw) ? Number(raw) : undefined;
  const loaded = useSchemeVersion(schemeKey, version);
  if (loaded.isPending) return <PageLoading />;
  if (loaded.isError)
    return <QueryError error={loaded.error} onRetry={() => void loaded.refetch()} />;
  return <Editing key={`${loaded.data.key}-${loaded.data.version}`} loaded={loaded.data} />;
}

/** An account id (shown only when the server sends a name instead). */
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function VersionHistory({ schemeKey, current }: { schemeKey: string; current: number }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const navigate = useNavigate();
  const versions = useSchemeVersions(schemeKey);
  if (versions.isError)
    return <QueryError error={versions.error} onRetry={() => void versions.refetch()} />;
  return (
    <List
      loading={versions.isPending}
      dataSource={versions.data?.items ?? []}
      data-testid="scheme-versions"
      renderItem={(v) => (
        <List.Item
          data-testid="scheme-version"
          data-version={v.version}
          actions={[
            <Button
              key="open"
              size="small"
              type={v.version === current ? 'primary' : 'default'}
              onClick={() =>
                void navigate(`/schemes/${encodeURIComponent(schemeKey)}?version=${v.version}`)
              }
            >
              {t('assess.scheme.open')}
            </Button>,
          ]}
        >
          <List.Item.Meta
            title={
              <Space>
                <Tag color="blue">v{v.version}</Tag>
                {labels.pick(v.name)}
              </Space>
            }
            description={
              <>
                {formatTime(v.createdAt, labels.lang)}
                {v.createdBy && !uuid.test(v.createdBy) ? ` · ${v.createdBy}` : ''}
                {v.note ? <div>{v.note}</div> : null}
              </>
            }
          />
        </List.Item>
      )}
    />
  );
}

function Editing({ loaded }: { loaded: SchemeVersion }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const me = useSignedIn();
  const navigate = useNavigate();
  const isMobile = useIsMobile();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const writable = can(me, 'scheme.write');
  const [draft, setDraft] = useState<Scheme>(loaded.scheme);
  const [note, setNote] = useState('');
  const [historyOpen, setHistoryOpen] = useState(false);
  const problems = useSchemeProblems(draft);
  const dirty = JSON.stringify(draft) !== JSON.stringify(loaded.scheme);
  const [saveError, setSaveError] = useState<string | null>(null);

  useEffect(() => {
    if (!dirty) return undefined;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const save = useMutation({
    mutationFn: () => api.saveScheme(draft, note.trim() || undefined),
    onSuccess: async (saved) => {
      setSaveError(null);
      await queryClient.invalidateQueries({ queryKey: keys.schemes });
      void message.success(t('assess.scheme.savedVersion', { version: String(saved.version) }));
      setNote('');
      void navigate(`/schemes/${encodeURIComponent(saved.key)}?version=${saved.version}`, {
        replace: true,
      });
    },
    onError: (error) => {
      const listed = refusedProblems(error);
      setSaveError(
        listed.length > 0
          ? `${error.message}：${listed.map((p) => labels.pick(p.message)).join('；')}`
          : error.message,
      );
    },
  });

  const importDraft = (file: File) => {
    readJsonFile(file).then(
      (parsed) => setDraft(parsed as Scheme),
      (error: unknown) =>
        void message.error(
          t('assess.scheme.invalidJson', {
            reason: error instanceof Error ? error.message : String(error),
          }),
        ),
    );
  };

  const exportDraft = () => {
    const blob = new Blob([JSON.stringify(draft, null, 2)], { type: 'application/json' });
    const url = URL.createObjectURL(blob);
    const anchor = document.createElement('a');
    anchor.href = url;
    anchor.download = `${draft.key}-v${loaded.version}${dirty ? '-draft' : ''}.json`;
    document.body.append(anchor);
    anchor.click();
    anchor.remove();
    window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  const blocked = problems.errors.length > 0;
  const actions = (
    <Space wrap>
      <Button
        icon={<HistoryOutlined />}
        onClick={() => setHistoryOpen(true)}
        data-testid="scheme-history"
      >
        {t('assess.scheme.versions')}
      </Button>
      <Button icon={<ExportOutlined />} onClick={exportDraft} data-testid="scheme-export">
        {t('assess.scheme.exportJson')}
      </Button>
      {writable ? (
        <FilePickButton
          accept={acceptJson}
          icon={<ImportOutlined />}
          label={t('assess.scheme.importJson')}
          onFile={importDraft}
          testId="scheme-draft-import"
        />
      ) : null}
    </Space>
  );

  return (
    <Card
      data-testid="scheme-edit-page"
      title={
        <Space wrap>
          <Button
            type="text"
            icon={<ArrowLeftOutlined />}
            onClick={() => void navigate('/schemes')}
            aria-label={t('common.back')}
          />
          <span data-testid="scheme-title">{labels.pick(draft.name) || draft.key}</span>
          <Tag color="blue" data-testid="scheme-version-tag">
            v{loaded.version}
          </Tag>
          {dirty ? (
            <Tag color="orange" data-testid="scheme-dirty">
              {t('assess.scheme.unsaved')}
            </Tag>
          ) : null}
        </Space>
      }
      extra={isMobile ? null : actions}
      styles={{ body: isMobile ? { padding: 12 } : {} }}
    >
      {isMobile ? <div style={{ marginBottom: 12 }}>{actions}</div> : null}
      <SchemeEditor
        scheme={draft}
        onChange={(next) => {
          setSaveError(null);
          setDraft(next);
        }}
        problems={problems.errors}
        warnings={problems.warnings}
        keyEditable={false}
      />
      {writable ? (
        <Row gutter={[8, 8]} style={{ marginTop: 16 }} align="middle">
          <Col xs={24} md={16}>
            <Input
              placeholder={t('assess.scheme.note')}
              value={note}
              onChange={(e) => setNote(e.target.value)}
              maxLength={500}
              data-testid="scheme-note"
            />
          </Col>
          <Col xs={24} md={8}>
            <Button
              type="primary"
              block
              icon={<SaveOutlined />}
              disabled={!dirty || blocked}
              loading={save.isPending}
              onClick={() => save.mutate()}
              data-testid="scheme-save"
            >
              {t('assess.scheme.saveVersion')}
            </Button>
          </Col>
          {saveError ? (
            <Col span={24}>
              <Alert type="error" showIcon title={saveError} data-testid="scheme-save-error" />
            </Col>
          ) : null}
          {dirty && problems.errors.length > 0 ? (
            <Col span={24}>
              <Typography.Text type="danger">
                {t('assess.scheme.problemCount', { count: problems.errors.length })}
              </Typography.Text>
            </Col>
          ) : null}
        </Row>
      ) : null}
      <Drawer
        open={historyOpen}
        onClose={() => setHistoryOpen(false)}
        title={t('assess.scheme.versions')}
        size={isMobile ? '100%' : 420}
      >
        <VersionHistory schemeKey={loaded.key} current={loaded.version} />
      </Drawer>
    </Card>
  );
}
