import cliProgress from 'cli-progress';

/** Reports how far a long job is. */
export interface ProgressReporter {
  update(done: number, total: number, step: string): void;
  stop(): void;
}

/**
 * A progress bar on stderr. cli-progress draws nothing when stderr is not a terminal, so
 * logs of services and tests stay clean; the command prints its summary line either way.
 */
export function progressBar(label: string): ProgressReporter {
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {value}/{total} | {step}`,
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update: (done, total, step) => {
      if (!started) {
        bar.start(total, done, { step });
        started = true;
      } else {
        bar.setTotal(total);
        bar.update(done, { step });
      }
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}
