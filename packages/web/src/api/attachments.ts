import { useQuery } from '@tanstack/react-query';
import type { AttachmentView } from '@tianheng/core';
import { download, request } from './client.ts';

export type { AttachmentView };

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
