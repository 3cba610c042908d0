import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { pickLang } from './i18n.ts';

describe(pickLang, () => {
  it.each([
    [undefined, 'zh-CN'],
    ['', 'zh-CN'],
    ['   ', 'zh-CN'],
    ['en', 'en'],
    ['EN-us', 'en'],
    ['en-GB,en;q=0.9', 'en'],
    ['zh-CN,zh;q=0.9,en;q=0.8', 'zh-CN'],
    ['zh-TW', 'zh-CN'],
    ['en-US,zh-CN', 'en'], // equal weight: the first listed wins
    ['zh-CN,en-US', 'zh-CN'],
    ['zh;q=0.5,en;q=0.8', 'en'],
    ['en;q=0.5,zh;q=0.8', 'zh-CN'],
    ['en;q=0', 'zh-CN'], // q=0 means "not acceptable"
    ['en;q=0,zh;q=0', 'zh-CN'],
    ['fr-FR,de;q=0.9', 'zh-CN'], // nothing we speak: Chinese
    ['fr-FR,en;q=0.1', 'en'], // the first language we speak, however low
    ['de, en;q=0.5, zh;q=0.4', 'en'],
    ['*', 'zh-CN'],
    ['en;q=abc', 'zh-CN'], // an unreadable weight counts as zero
    ['en; q=0.7 , zh ; q=0.6', 'en'],
    [',,en,,', 'en'],
    ['english', 'en'], // prefix match is deliberate: clients send odd tags
  ])('%j → %s', (header, expected) => {
    expect(pickLang(header)).toBe(expected);
  });

  it('always answers one of the two languages, whatever the header (property)', () => {
    fc.assert(
      fc.property(fc.string(), (header) => {
        expect(['zh-CN', 'en']).toContain(pickLang(header));
      }),
    );
  });

  it('does not depend on the order of languages with distinct weights (property)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 9 }), { minLength: 2, maxLength: 2 }),
        ([a = 1, b = 2]) => {
          const zh = `zh;q=0.${a}`;
          const en = `en;q=0.${b}`;
          expect(pickLang(`${zh},${en}`)).toBe(pickLang(`${en},${zh}`));
        },
      ),
    );
  });
});
