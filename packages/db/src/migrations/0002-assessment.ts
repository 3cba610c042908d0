import { sql, type Kysely } from 'kysely';
import { splitStatements } from './split-statements.ts';

/**
 * Assessment: versioned schemes, periods, append-only facts chained into a per-tenant hash
 * ledger, materialised results, bonus pools and signals. Tenant first in every key, as in 0001.
 * Facts, ledger entries and scheme versions refuse UPDATE, DELETE and TRUNCATE at the database.
 */
const ddl = `
    -- One trigger function for every append-only table; the message names the table.
    CREATE FUNCTION append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'raise_exception';
    END;
    $$;

    -- A scheme version is immutable: a change is a new version (max + 1).
    CREATE TABLE scheme_version (
      tenant_id uuid NOT NULL REFERENCES tenant (tenant_id),
      scheme_key text NOT NULL CHECK (length(scheme_key) BETWEEN 1 AND 64),
      version integer NOT NULL CHECK (version >= 1),
      name jsonb NOT NULL,
      audience text NOT NULL,
      body jsonb NOT NULL,
      note text,
      created_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, scheme_key, version)
    );
    CREATE TRIGGER scheme_version_no_update BEFORE UPDATE OR DELETE ON scheme_version
      FOR EACH ROW EXECUTE FUNCTION append_only();
    CREATE TRIGGER scheme_version_no_truncate BEFORE TRUNCATE ON scheme_version
      FOR EACH STATEMENT EXECUTE FUNCTION append_only();

    -- The scheme version in force may change while the period is open and is frozen at close.
    CREATE TABLE period (
      tenant_id uuid NOT NULL REFERENCES tenant (tenant_id),
      period_id uuid NOT NULL DEFAULT gen_random_uuid(),
      kind text NOT NULL CHECK (kind IN ('week','month','quarter','year')),
      assessment text NOT NULL CHECK (assessment IN ('routine','special','periodic')),
      starts_on date NOT NULL,
      ends_on date NOT NULL,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
      scheme_key text NOT NULL,
      scheme_version integer NOT NULL,
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','closed')),
      closed_at timestamptz,
      closed_by uuid,
      reopened_at timestamptz,
      reopened_by uuid,
      reopen_reason text,
      parent_period_id uuid,
      computed_at timestamptz,
      created_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, period_id),
      FOREIGN KEY (tenant_id, scheme_key, scheme_version) REFERENCES scheme_version (tenant_id, scheme_key, version),
      FOREIGN KEY (tenant_id, parent_period_id) REFERENCES period (tenant_id, period_id),
      CHECK (ends_on >= starts_on),
      CHECK (status = 'open' OR closed_at IS NOT NULL)
    );
    CREATE INDEX period_starts_idx ON period (tenant_id, starts_on DESC);

    -- Facts are append-only; seq is the fact's place in the tenant's ledger.
    CREATE TABLE fact (
      tenant_id uuid NOT NULL,
      fact_id uuid NOT NULL,
      seq bigint NOT NULL,
      period_id uuid NOT NULL,
      subject_kind text NOT NULL CHECK (subject_kind IN ('person','unit')),
      subject_id uuid NOT NULL,
      indicator text NOT NULL CHECK (length(indicator) BETWEEN 1 AND 100),
      value numeric,
      payload jsonb NOT NULL DEFAULT '{}'::jsonb,
      source text NOT NULL CHECK (source IN ('manual','workflow','okr','rating','integration')),
      evidence jsonb NOT NULL DEFAULT '{}'::jsonb,
      recorded_by uuid,
      recorded_at timestamptz NOT NULL,
      supersedes uuid,
      PRIMARY KEY (tenant_id, fact_id),
      UNIQUE (tenant_id, seq),
      FOREIGN KEY (tenant_id, period_id) REFERENCES period (tenant_id, period_id),
      FOREIGN KEY (tenant_id, supersedes) REFERENCES fact (tenant_id, fact_id)
    );
    -- A fact is corrected at most once: corrections chain, they never fork.
    CREATE UNIQUE INDEX fact_supersedes_once_idx ON fact (tenant_id, supersedes) WHERE supersedes IS NOT NULL;
    CREATE INDEX fact_period_idx ON fact (tenant_id, period_id, seq);
    CREATE INDEX fact_subject_idx ON fact (tenant_id, subject_id, period_id);
    CREATE TRIGGER fact_no_update BEFORE UPDATE OR DELETE ON fact
      FOR EACH ROW EXECUTE FUNCTION append_only();
    CREATE TRIGGER fact_no_truncate BEFORE TRUNCATE ON fact
      FOR EACH STATEMENT EXECUTE FUNCTION append_only();

    -- The hash chain: hash = H(prev_hash ‖ canonical bytes of the entry), hex. body holds the
    -- canonical bytes of scheme and period events; a fact's bytes are re-derived from its row.
    CREATE TABLE ledger_entry (
      tenant_id uuid NOT NULL REFERENCES tenant (tenant_id),
      seq bigint NOT NULL CHECK (seq >= 1),
      kind text NOT NULL CHECK (kind IN ('fact','scheme','period')),
      ref_id text NOT NULL,
      body text,
      prev_hash text NOT NULL,
      hash text NOT NULL,
      algorithm text NOT NULL CHECK (algorithm IN ('sha256','sm3')),
      created_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, seq)
    );
    CREATE TRIGGER ledger_entry_no_update BEFORE UPDATE OR DELETE ON ledger_entry
      FOR EACH ROW EXECUTE FUNCTION append_only();
    CREATE TRIGGER ledger_entry_no_truncate BEFORE TRUNCATE ON ledger_entry
      FOR EACH STATEMENT EXECUTE FUNCTION append_only();

    -- Materialised results of a period (recomputed while open, frozen at close).
    CREATE TABLE period_result (
      tenant_id uuid NOT NULL,
      period_id uuid NOT NULL,
      scheme_key text NOT NULL,
      scheme_version integer NOT NULL,
      tie_rule text NOT NULL CHECK (tie_rule IN ('competition','dense')),
      people integer NOT NULL,
      units jsonb NOT NULL,
      warnings jsonb NOT NULL DEFAULT '[]'::jsonb,
      computed_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, period_id),
      FOREIGN KEY (tenant_id, period_id) REFERENCES period (tenant_id, period_id)
    );

    CREATE TABLE person_result (
      tenant_id uuid NOT NULL,
      period_id uuid NOT NULL,
      person_id uuid NOT NULL,
      unit_id uuid NOT NULL,
      assessment_unit_id uuid NOT NULL,
      scheme_key text NOT NULL,
      scheme_version integer NOT NULL,
      common numeric(14,2) NOT NULL,
      individual numeric(14,2) NOT NULL,
      total numeric(14,2) NOT NULL,
      coefficient numeric NOT NULL,
      index_value numeric(14,2) NOT NULL,
      unit_rank integer NOT NULL,
      tenant_rank integer NOT NULL,
      line_ids text[] NOT NULL DEFAULT '{}',
      ranks jsonb NOT NULL,
      grade text NOT NULL CHECK (grade IN ('excellent','competent','basic','incompetent','undecided')),
      grade_reason jsonb NOT NULL,
      boundary_tie boolean NOT NULL,
      bonus_cents bigint,
      literal_bonus_cents bigint,
      breakdown jsonb NOT NULL,
      computed_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, period_id, person_id),
      FOREIGN KEY (tenant_id, period_id) REFERENCES period (tenant_id, period_id),
      FOREIGN KEY (tenant_id, person_id) REFERENCES person (tenant_id, person_id)
    );
    CREATE INDEX person_result_person_idx ON person_result (tenant_id, person_id);
    CREATE INDEX person_result_rank_idx ON person_result (tenant_id, period_id, tenant_rank);

    -- Bonus pool per assessment unit and period, in cents.
    CREATE TABLE period_pool (
      tenant_id uuid NOT NULL,
      period_id uuid NOT NULL,
      unit_id uuid NOT NULL,
      amount_cents bigint NOT NULL CHECK (amount_cents >= 0),
      PRIMARY KEY (tenant_id, period_id, unit_id),
      FOREIGN KEY (tenant_id, period_id) REFERENCES period (tenant_id, period_id),
      FOREIGN KEY (tenant_id, unit_id) REFERENCES unit (tenant_id, unit_id)
    );

    -- Promotion and accountability signals; consequences wait for a human decision.
    CREATE TABLE signal (
      tenant_id uuid NOT NULL,
      signal_id text NOT NULL,
      period_id uuid NOT NULL,
      person_id uuid NOT NULL,
      rule_key text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('promotion','accountability')),
      scope text NOT NULL CHECK (scope IN ('unit','line','tenant')),
      group_id text NOT NULL,
      proposes jsonb NOT NULL,
      reason jsonb NOT NULL,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','confirmed','dismissed')),
      decided_by uuid,
      decided_at timestamptz,
      decision_note text,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, signal_id),
      FOREIGN KEY (tenant_id, period_id) REFERENCES period (tenant_id, period_id),
      FOREIGN KEY (tenant_id, person_id) REFERENCES person (tenant_id, person_id),
      CHECK (status = 'pending' OR (decided_at IS NOT NULL AND decision_note IS NOT NULL))
    );
    CREATE INDEX signal_period_idx ON signal (tenant_id, period_id, status);
`;

/** Apply the assessment schema, one statement at a time (PGlite's extended protocol takes one). */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of splitStatements(ddl)) await sql.raw(statement).execute(db);
}
