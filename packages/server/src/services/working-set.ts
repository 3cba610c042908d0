/**
 * The in-memory working set of one (tenant, period): scheme version, org snapshot, every fact
 * of the period indexed by subject, the current score of every person and the period's results
 * (ADR 0006). A new fact re-scores only the people it can reach and puts their new scores into
 * core's `LiveResults`, which answers a person's row (ranks, grade, bonus) without re-ranking
 * the period; the full results (everyone's rows, unit tables, signals) are rebuilt from the
 * whole sheet only when someone asks for them. A full build and any sequence of incremental
 * updates give the same sheet, rows and results.
 */
import {
  buildPeriodResults,
  LiveResults,
  score,
  type Fact,
  type OrgPerson,
  type OrgSnapshot,
  type Period,
  type PeriodRanking,
  type PeriodResults,
  type PersonResult,
  type PersonScore,
  type Scheme,
  type ScoreSheet,
  type ScoreWarning,
} from '@tianheng/core';

/** What a working set is built from. */
export interface WorkingSetInputs {
  readonly scheme: Scheme;
  readonly period: Period;
  readonly org: OrgSnapshot;
  readonly facts: readonly Fact[];
  /** Bonus pool in cents per assessment unit. */
  readonly pools: ReadonlyMap<string, bigint>;
  /** Rankings of earlier periods of the same kind, newest first. */
  readonly history: readonly PeriodRanking[];
  /**
   * A sheet composed from other periods (an annual period under a `weighted` composition):
   * the scores are taken from it, not from the facts, and new facts do not move them.
   */
  readonly composed?: ScoreSheet;
  /**
   * Score once and never add facts (a full recompute stores the results and drops the set):
   * no per-subject index of the facts, no live rows.
   */
  readonly once?: boolean;
  /**
   * With `once`: `totals` scores without breakdown trees (core's `ScoreOptions`), for a
   * recompute that stores rows without them.
   */
  readonly detail?: 'full' | 'totals';
}

const subjectKey = (kind: 'person' | 'unit', id: string) => `${kind}:${id}`;

/** Undo an incremental change (the transaction that was to store it failed). */
export type Undo = () => void;

/** One (tenant, period)'s facts, scores and results, kept current fact by fact. */
export class WorkingSet {
  readonly scheme: Scheme;
  readonly period: Period;
  readonly org: OrgSnapshot;
  private pools: ReadonlyMap<string, bigint>;
  private readonly history: readonly PeriodRanking[];
  private readonly facts = new Map<string, Fact>();
  private readonly bySubject = new Map<string, Fact[]>();
  private readonly scores = new Map<string, PersonScore>();
  private readonly warnings = new Map<string, readonly ScoreWarning[]>();
  private readonly people: ReadonlyMap<string, OrgPerson>;
  private readonly unitParent: ReadonlyMap<string, string | null>;
  private readonly unitNames: ReadonlyMap<string, string>;
  /** Every person's row, kept current score by score (built on first use). */
  private liveRows: LiveResults | undefined;
  private readonly once: boolean;
  /** The full results of the current sheet, built on demand. */
  private fullResults: PeriodResults | undefined;
  /** Scores come from other periods (annual composition); facts do not move them. */
  readonly composed: boolean;

  private constructor(inputs: WorkingSetInputs) {
    this.scheme = inputs.scheme;
    this.period = inputs.period;
    this.org = inputs.org;
    this.pools = inputs.pools;
    this.history = inputs.history;
    this.people = new Map(inputs.org.people.map((p) => [p.id, p]));
    this.unitParent = new Map(inputs.org.units.map((u) => [u.id, u.parentId]));
    this.unitNames = new Map(inputs.org.units.map((u) => [u.id, u.name]));
    this.once = inputs.once === true;
    if (this.once) for (const fact of inputs.facts) this.facts.set(fact.id, fact);
    else for (const fact of inputs.facts) this.index(fact);
    this.composed = inputs.composed !== undefined;
    const detail = inputs.detail ?? 'full';
    if (detail === 'totals' && !this.once)
      throw new Error('a working set kept current needs breakdowns: totals only with once');
    const sheet =
      inputs.composed ?? score(this.scheme, inputs.facts, this.org, this.period, { detail });
    this.adoptScores(sheet);
  }

  private get live(): LiveResults {
    this.liveRows ??= new LiveResults(
      this.scheme.results,
      this.org,
      this.pools,
      this.scores.values(),
    );
    return this.liveRows;
  }

  /** Score every person from scratch. */
  static build(inputs: WorkingSetInputs): WorkingSet {
    return new WorkingSet(inputs);
  }

  /** The score sheet as `score()` would return it for all facts. */
  get sheet(): ScoreSheet {
    return {
      schemeKey: this.scheme.key,
      schemeVersion: this.scheme.version,
      periodId: this.period.id,
      people: [...this.scores.values()],
      warnings: [...this.warnings.values()].flat(),
    };
  }

  /**
   * The period's results over the current sheet: everyone's rows, the unit tables and the
   * signals, rebuilt (O(n log n)) on the first read after a change.
   */
  get results(): PeriodResults {
    this.fullResults ??= buildPeriodResults(this.scheme, this.sheet, this.org, {
      pools: this.pools,
      history: this.history,
    });
    return this.fullResults;
  }

  /** Number of facts held (superseded ones included). */
  get factCount(): number {
    return this.facts.size;
  }

  /** Whether the set's org holds the person (the people its scheme scores). */
  hasPerson(personId: string): boolean {
    return this.people.has(personId);
  }

  /** A unit's name in the set's org ('' when unknown). */
  unitName(unitId: string): string {
    return this.unitNames.get(unitId) ?? '';
  }

  /** The org's person, or undefined. */
  person(personId: string): OrgPerson | undefined {
    return this.people.get(personId);
  }

  /** A person's score, or undefined when the person is not scored in this period. */
  scoreOf(personId: string): PersonScore | undefined {
    return this.scores.get(personId);
  }

  /** A person's results row (as in `results`), or undefined; no full rebuild. */
  resultOf(personId: string): PersonResult | undefined {
    return this.live.personResult(personId);
  }

  /** A person's warnings. */
  warningsOf(personId: string): readonly ScoreWarning[] {
    return this.warnings.get(personId) ?? [];
  }

  /** A fact held by the set. */
  fact(id: string): Fact | undefined {
    return this.facts.get(id);
  }

  /** Whether the set already holds a fact. */
  has(id: string): boolean {
    return this.facts.has(id);
  }

  /**
   * Add facts, re-score the people they can reach and update their rows. Returns the ids of
   * the re-scored people and an undo for when the change could not be stored.
   */
  addFacts(facts: readonly Fact[]): { affected: string[]; undo: Undo } {
    if (this.once) throw new Error('a working set built to score once takes no facts');
    const fresh = facts.filter((f) => !this.facts.has(f.id));
    const affected = new Set<string>();
    if (!this.composed)
      for (const fact of fresh) for (const id of this.reach(fact)) affected.add(id);
    const before = new Map([...affected].map((id) => [id, this.scores.get(id)]));
    const beforeWarnings = new Map([...affected].map((id) => [id, this.warnings.get(id)]));
    const beforeResults = this.fullResults;
    for (const fact of fresh) this.index(fact);
    this.rescore([...affected]);
    this.follow(affected);
    if (affected.size > 0) this.fullResults = undefined;
    const undo: Undo = () => {
      for (const fact of fresh) this.unindex(fact);
      for (const [id, s] of before) {
        if (s) this.scores.set(id, s);
        else this.scores.delete(id);
      }
      for (const [id, w] of beforeWarnings) {
        if (w) this.warnings.set(id, w);
        else this.warnings.delete(id);
      }
      this.follow(affected);
      this.fullResults = beforeResults;
    };
    return { affected: [...affected].sort(), undo };
  }

  /** Replace the bonus pools. */
  setPools(pools: ReadonlyMap<string, bigint>): Undo {
    const before = { pools: this.pools, results: this.fullResults };
    this.pools = pools;
    this.live.setPools(pools);
    this.fullResults = undefined;
    return () => {
      this.pools = before.pools;
      this.live.setPools(before.pools);
      this.fullResults = before.results;
    };
  }

  /** Bring the live rows of these people in line with their current scores. */
  private follow(personIds: Iterable<string>): void {
    for (const id of personIds) {
      const s = this.scores.get(id);
      if (s) this.live.set(s);
      else this.live.remove(id);
    }
  }

  /** People a fact can change: the person, or every member of the unit, its subtree and linked villages. */
  private reach(fact: Fact): string[] {
    if (fact.subject.kind === 'person')
      return this.people.has(fact.subject.id) ? [fact.subject.id] : [];
    const unitId = fact.subject.id;
    const reached: string[] = [];
    for (const person of this.people.values()) {
      if (person.villageIds.includes(unitId) || this.ancestorsOf(person.unitId).includes(unitId))
        reached.push(person.id);
    }
    return reached;
  }

  /** The unit and its ancestors, nearest first. */
  private ancestorsOf(unitId: string): string[] {
    const chain: string[] = [];
    const seen = new Set<string>();
    for (let u: string | null | undefined = unitId; u && !seen.has(u); u = this.unitParent.get(u)) {
      seen.add(u);
      chain.push(u);
    }
    return chain;
  }

  /** Facts that may bear on a person: their own, their units' (up the tree) and their villages'. */
  private factsFor(person: OrgPerson): Fact[] {
    const keys = [
      subjectKey('person', person.id),
      ...this.ancestorsOf(person.unitId).map((u) => subjectKey('unit', u)),
      ...person.villageIds.map((v) => subjectKey('unit', v)),
    ];
    return [...new Set(keys)].flatMap((k) => this.bySubject.get(k) ?? []);
  }

  private rescore(personIds: readonly string[]): void {
    if (personIds.length === 0) return;
    const people = personIds.map((id) => this.people.get(id)).filter((p) => p !== undefined);
    const facts = [
      ...new Map(people.flatMap((p) => this.factsFor(p)).map((f) => [f.id, f])).values(),
    ];
    const sheet = score(this.scheme, facts, { units: this.org.units, people }, this.period);
    const scored = new Set(sheet.people.map((p) => p.personId));
    for (const id of personIds) {
      if (!scored.has(id)) this.scores.delete(id);
      this.warnings.delete(id);
    }
    this.adoptScores(sheet);
  }

  private adoptScores(sheet: ScoreSheet): void {
    for (const p of sheet.people) this.scores.set(p.personId, p);
    const byPerson = new Map<string, ScoreWarning[]>();
    for (const w of sheet.warnings) {
      const list = byPerson.get(w.personId);
      if (list) list.push(w);
      else byPerson.set(w.personId, [w]);
    }
    for (const [id, list] of byPerson) this.warnings.set(id, list);
  }

  private index(fact: Fact): void {
    this.facts.set(fact.id, fact);
    const key = subjectKey(fact.subject.kind, fact.subject.id);
    const list = this.bySubject.get(key);
    if (list) list.push(fact);
    else this.bySubject.set(key, [fact]);
  }

  private unindex(fact: Fact): void {
    this.facts.delete(fact.id);
    const key = subjectKey(fact.subject.kind, fact.subject.id);
    const list = this.bySubject.get(key);
    if (!list) return;
    const i = list.findIndex((f) => f.id === fact.id);
    if (i >= 0) list.splice(i, 1);
  }
}
