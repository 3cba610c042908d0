import { describe, expect, it } from 'vitest';
import { attachmentRef, isAttachmentType, parseAttachmentRef } from './attachments.ts';

const id = '0b6d4c1e-3f7a-4d2b-9c8e-1a2b3c4d5e6f';
const sha = 'a'.repeat(64);

describe('attachment references', () => {
  it('round-trip an uploaded file’s id and digest', () => {
    expect(parseAttachmentRef(attachmentRef(id, sha))).toEqual({ id, sha256: sha });
  });

  it.each([
    ['an outside reference', '县委办〔2026〕12号', null],
    ['a URL', 'https://example.org/a.pdf', null],
    ['a missing digest', `att:${id}`, 'malformed'],
    ['an upper-case digest', `att:${id}:${'A'.repeat(64)}`, 'malformed'],
    ['a short digest', `att:${id}:${'a'.repeat(63)}`, 'malformed'],
    ['not a uuid', `att:not-a-uuid:${sha}`, 'malformed'],
  ])('%s', (_label, ref, expected) => {
    expect(parseAttachmentRef(ref)).toEqual(expected);
  });

  it('accept documents, images and office files, not scripts or executables', () => {
    expect(isAttachmentType('application/pdf')).toBe(true);
    expect(isAttachmentType('text/plain; charset=utf-8')).toBe(true);
    expect(isAttachmentType('IMAGE/PNG')).toBe(true);
    expect(isAttachmentType('text/html')).toBe(false);
    expect(isAttachmentType('application/x-msdownload')).toBe(false);
    expect(isAttachmentType('')).toBe(false);
  });
});
