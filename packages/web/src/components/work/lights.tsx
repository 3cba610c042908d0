import { Space, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { lightColours, type CardColour, type LightColour } from '@tianheng/core';
import { cardHex, lightHex, lightSegments } from './work-model.ts';

/** A round light with its name (or only the dot when `compact`). */
export function LightDot({
  colour,
  compact = false,
  size = 12,
}: {
  colour: LightColour;
  compact?: boolean;
  size?: number;
}) {
  const { t } = useTranslation();
  const dot = (
    <span
      aria-label={t(`work.lights.${colour}`)}
      role="img"
      data-testid="light"
      data-light={colour}
      style={{
        display: 'inline-block',
        width: size,
        height: size,
        borderRadius: '50%',
        background: lightHex[colour],
        border: colour === 'white' ? '1px solid #bfbfbf' : `1px solid ${lightHex[colour]}`,
        flex: 'none',
        verticalAlign: 'middle',
      }}
    />
  );
  if (compact) return <Tooltip title={t(`work.lightHints.${colour}`)}>{dot}</Tooltip>;
  return (
    <Tooltip title={t(`work.lightHints.${colour}`)}>
      <span style={{ display: 'inline-flex', alignItems: 'center', gap: 4, whiteSpace: 'nowrap' }}>
        {dot}
        <span>{t(`work.lights.${colour}`)}</span>
      </span>
    </Tooltip>
  );
}

/** A thin stacked bar of a light distribution, with coloured counts under it. */
export function LightBar({
  counts,
  showCounts = true,
  testId,
}: {
  counts: Partial<Record<LightColour, number>>;
  showCounts?: boolean;
  testId?: string;
}) {
  const { t } = useTranslation();
  const segments = lightSegments(counts);
  return (
    <div data-testid={testId}>
      <div
        style={{
          display: 'flex',
          height: 8,
          borderRadius: 4,
          overflow: 'hidden',
          background: '#fafafa',
          border: '1px solid #f0f0f0',
        }}
        aria-hidden
      >
        {segments.map((s) => (
          <div
            key={s.colour}
            style={{ width: `${s.percent}%`, background: lightHex[s.colour] }}
            title={`${t(`work.lights.${s.colour}`)} ${s.count}`}
          />
        ))}
      </div>
      {showCounts ? <LightCounts counts={counts} /> : null}
    </div>
  );
}

/** Coloured counts of every light (zeros greyed). */
export function LightCounts({ counts }: { counts: Partial<Record<LightColour, number>> }) {
  const { t } = useTranslation();
  return (
    <Space size={10} wrap style={{ marginTop: 6 }}>
      {lightColours.map((colour) => {
        const n = counts[colour] ?? 0;
        return (
          <Tooltip key={colour} title={t(`work.lights.${colour}`)}>
            <span
              style={{ display: 'inline-flex', alignItems: 'center', gap: 3 }}
              data-testid={`light-count-${colour}`}
            >
              <LightDot colour={colour} compact size={9} />
              <Typography.Text type={n === 0 ? 'secondary' : undefined} style={{ fontSize: 12 }}>
                {n}
              </Typography.Text>
            </span>
          </Tooltip>
        );
      })}
    </Space>
  );
}

/** A card colour as a small coloured tag. */
export function CardTag({ colour, count }: { colour: CardColour; count?: number }) {
  const { t } = useTranslation();
  return (
    <Tag
      color={cardHex[colour]}
      style={{ marginInlineEnd: 4, color: colour === 'yellow' ? '#5c3c00' : undefined }}
      data-testid="card-tag"
      data-card={colour}
    >
      {t(`work.cards.${colour}`)}
      {count === undefined ? '' : ` ${count}`}
    </Tag>
  );
}
