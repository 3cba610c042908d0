import { useQuery } from '@tanstack/react-query';
import { download, request } from './client.ts';

/** An uploaded file (ADR 0011); `ref` is what tasks, evidence, documents and facts store. */
export interface AttachmentView {
  id: string;
  ref: string;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
  uploadedAt: string;
}

export const attachmentApi = {
  upload: (file: File) => {
    const body = new FormData();
    body.append('file', file);
    return request<AttachmentView>('POST', '/api/attachments', body);
  },
  meta: (ids: readonly string[]) =>
    request<{ items: AttachmentView[] }>(
      'GET',
      `/api/attachments?${ids.map((id) => `ids=${encodeURIComponent(id)}`).join('&')}`,
    ),
  download: (file: Pick<AttachmentView, 'id' | 'name'>) =>
    download(`/api/attachments/${encodeURIComponent(file.id)}`, file.name),
};

/** What is known of some uploaded files (files never change: cached for the session). */
export const useAttachmentMeta = (ids: readonly string[]) =>
  useQuery({
    queryKey: ['attachments', [...ids].sort()],
    queryFn: () => attachmentApi.meta(ids),
    enabled: ids.length > 0,
    staleTime: Infinity,
  });
