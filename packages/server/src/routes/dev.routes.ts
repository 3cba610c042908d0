import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError } from '../errors.ts';
import { responses } from './schemas.ts';

/**
 * A settable clock for development and the browser test (env `TIANHENG_DEV_CLOCK=1`): the
 * real time moved by an offset. Give `now` to the app as its clock; `/api/dev/clock` exists
 * only in an app whose clock is one of these.
 */
export interface DevClock {
  /** The app's clock: real time plus the offset. */
  readonly now: () => Date;
  /** Move the clock so that it reads `at` now (it keeps running from there). */
  set(at: Date): void;
  /** Move the clock by whole or fractional days (negative: back). */
  advanceDays(days: number): void;
}

const devClocks = new WeakMap<() => Date, DevClock>();

/** A dev clock over `base` (default: the real time), starting at no offset. */
export function createDevClock(base: () => Date = () => new Date()): DevClock {
  let offsetMs = 0;
  const clock: DevClock = {
    now: () => new Date(base().getTime() + offsetMs),
    set(at) {
      offsetMs = at.getTime() - base().getTime();
    },
    advanceDays(days) {
      offsetMs += Math.round(days * 86_400_000);
    },
  };
  devClocks.set(clock.now, clock);
  return clock;
}

/** Whether the environment asks for a dev clock. */
export function devClockRequested(env: NodeJS.ProcessEnv): boolean {
  return env.TIANHENG_DEV_CLOCK === '1';
}

/** `GET/POST /api/dev/clock`, registered only when the app's clock is a dev clock. */
export function devRoutes(app: FastifyInstance): void {
  const clock = devClocks.get(app.deps.clock);
  if (clock === undefined) return;
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const Now = Type.Object({ now: Type.String() });
  const signedIn = { access: { kind: 'signed-in' as const } };

  r.get(
    '/api/dev/clock',
    {
      config: signedIn,
      schema: {
        tags: ['dev'],
        summary: 'The app’s clock (development only: TIANHENG_DEV_CLOCK=1)',
        response: responses(Now),
      },
    },
    () => ({ now: clock.now().toISOString() }),
  );

  r.post(
    '/api/dev/clock',
    {
      config: signedIn,
      schema: {
        tags: ['dev'],
        summary:
          'Set the app’s clock to an instant or move it by days (development only: TIANHENG_DEV_CLOCK=1)',
        body: Type.Object(
          {
            now: Type.Optional(Type.String({ format: 'date-time' })),
            advanceDays: Type.Optional(Type.Number({ minimum: -3650, maximum: 3650 })),
          },
          { additionalProperties: false },
        ),
        response: responses(Now),
      },
    },
    (request) => {
      const { now, advanceDays } = request.body;
      if (now === undefined && advanceDays === undefined)
        throw new AppError('invalid-input', 'now');
      if (now !== undefined) clock.set(new Date(now));
      if (advanceDays !== undefined) clock.advanceDays(advanceDays);
      return { now: clock.now().toISOString() };
    },
  );
}
