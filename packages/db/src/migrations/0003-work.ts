import { sql, type Kysely } from 'kysely';
import { splitStatements } from './split-statements.ts';

/**
 * Work platform (issue 4): categories → tasks → steps with people by role, the append-only
 * work history chained into the ledger (kind `work`), monthly plans and cards, half-month
 * supervision, task forces, documents with read receipts, notifications. Tenant first in
 * every key, as in 0001 and 0002.
 */
const ddl = `
    ALTER TABLE ledger_entry DROP CONSTRAINT ledger_entry_kind_check;
    ALTER TABLE ledger_entry ADD CONSTRAINT ledger_entry_kind_check
      CHECK (kind IN ('fact','scheme','period','work'));

    -- One row per tenant: role shares, light thresholds, due-soon days (core WorkConfig).
    CREATE TABLE work_config (
      tenant_id uuid PRIMARY KEY REFERENCES tenant (tenant_id),
      body jsonb NOT NULL,
      updated_by uuid,
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE work_category (
      tenant_id uuid NOT NULL REFERENCES tenant (tenant_id),
      category_id uuid NOT NULL DEFAULT gen_random_uuid(),
      key text NOT NULL CHECK (length(key) BETWEEN 1 AND 64),
      name jsonb NOT NULL,
      kind text NOT NULL CHECK (kind IN ('campaign','key-work','key-project','key-indicator','assigned')),
      sort_order integer NOT NULL DEFAULT 0,
      archived boolean NOT NULL DEFAULT false,
      PRIMARY KEY (tenant_id, category_id),
      UNIQUE (tenant_id, key)
    );

    CREATE TABLE work_template (
      tenant_id uuid NOT NULL REFERENCES tenant (tenant_id),
      template_id uuid NOT NULL DEFAULT gen_random_uuid(),
      key text NOT NULL CHECK (length(key) BETWEEN 1 AND 64),
      name jsonb NOT NULL,
      category_kind text,
      steps jsonb NOT NULL,
      created_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, template_id),
      UNIQUE (tenant_id, key)
    );

    CREATE TABLE task_force (
      tenant_id uuid NOT NULL REFERENCES tenant (tenant_id),
      task_force_id uuid NOT NULL DEFAULT gen_random_uuid(),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      leader_person_id uuid NOT NULL,
      base_points numeric(10,2) NOT NULL,
      allocation_pool numeric(10,2) NOT NULL CHECK (allocation_pool >= 0),
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active','closed')),
      created_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, task_force_id),
      FOREIGN KEY (tenant_id, leader_person_id) REFERENCES person (tenant_id, person_id)
    );

    CREATE TABLE task_force_member (
      tenant_id uuid NOT NULL,
      task_force_id uuid NOT NULL,
      person_id uuid NOT NULL,
      joined_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, task_force_id, person_id),
      FOREIGN KEY (tenant_id, task_force_id) REFERENCES task_force (tenant_id, task_force_id),
      FOREIGN KEY (tenant_id, person_id) REFERENCES person (tenant_id, person_id)
    );
    CREATE INDEX task_force_member_person_idx ON task_force_member (tenant_id, person_id);

    CREATE TABLE task (
      tenant_id uuid NOT NULL REFERENCES tenant (tenant_id),
      task_id uuid NOT NULL DEFAULT gen_random_uuid(),
      category_id uuid NOT NULL,
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
      description text NOT NULL DEFAULT '',
      responsible_unit_id uuid NOT NULL,
      lead_unit_id uuid,
      cooperating_unit_ids uuid[] NOT NULL DEFAULT '{}',
      leader_person_id uuid,
      starts_on date NOT NULL,
      due_on date NOT NULL,
      priority text NOT NULL DEFAULT 'normal' CHECK (priority IN ('high','normal','low')),
      attachments jsonb NOT NULL DEFAULT '[]'::jsonb,
      template_key text,
      task_force_id uuid,
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active','done','cancelled')),
      created_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, task_id),
      FOREIGN KEY (tenant_id, category_id) REFERENCES work_category (tenant_id, category_id),
      FOREIGN KEY (tenant_id, responsible_unit_id) REFERENCES unit (tenant_id, unit_id),
      FOREIGN KEY (tenant_id, lead_unit_id) REFERENCES unit (tenant_id, unit_id),
      FOREIGN KEY (tenant_id, leader_person_id) REFERENCES person (tenant_id, person_id),
      FOREIGN KEY (tenant_id, task_force_id) REFERENCES task_force (tenant_id, task_force_id),
      CHECK (due_on >= starts_on)
    );
    CREATE INDEX task_category_idx ON task (tenant_id, category_id, status);
    CREATE INDEX task_unit_idx ON task (tenant_id, responsible_unit_id);

    -- Steps with the same seq are parallel branches. light is the last recorded colour.
    CREATE TABLE step (
      tenant_id uuid NOT NULL,
      step_id uuid NOT NULL DEFAULT gen_random_uuid(),
      task_id uuid NOT NULL,
      seq integer NOT NULL CHECK (seq >= 1),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      unit_id uuid NOT NULL,
      planned_start date NOT NULL,
      planned_end date NOT NULL,
      actual_start timestamptz,
      actual_end timestamptz,
      points numeric(10,2) NOT NULL CHECK (points >= 0),
      tags text[] NOT NULL DEFAULT '{}',
      review_required boolean NOT NULL DEFAULT false,
      state text NOT NULL DEFAULT 'waiting'
        CHECK (state IN ('waiting','active','submitted','returned','done','cancelled')),
      flagged boolean NOT NULL DEFAULT false,
      flag_note text,
      light text NOT NULL DEFAULT 'white' CHECK (light IN ('white','blue','green','yellow','red')),
      light_at timestamptz,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, step_id),
      FOREIGN KEY (tenant_id, task_id) REFERENCES task (tenant_id, task_id),
      FOREIGN KEY (tenant_id, unit_id) REFERENCES unit (tenant_id, unit_id),
      CHECK (planned_end >= planned_start)
    );
    CREATE INDEX step_task_idx ON step (tenant_id, task_id, seq);
    CREATE INDEX step_open_idx ON step (tenant_id, state) WHERE state NOT IN ('done','cancelled');
    CREATE INDEX step_unit_idx ON step (tenant_id, unit_id, planned_end);

    CREATE TABLE step_assignee (
      tenant_id uuid NOT NULL,
      step_id uuid NOT NULL,
      role text NOT NULL
        CHECK (role IN ('handler','section-head','unit-head','project-lead','reviewer','card-issuer','leader')),
      person_id uuid NOT NULL,
      PRIMARY KEY (tenant_id, step_id, role, person_id),
      FOREIGN KEY (tenant_id, step_id) REFERENCES step (tenant_id, step_id),
      FOREIGN KEY (tenant_id, person_id) REFERENCES person (tenant_id, person_id)
    );
    CREATE INDEX step_assignee_person_idx ON step_assignee (tenant_id, person_id, step_id);

    -- Append-only history: transitions, light changes, cards, supervision runs. Each row is
    -- chained into the ledger (kind 'work', ref = event_id) in the same transaction.
    CREATE TABLE work_event (
      tenant_id uuid NOT NULL,
      event_id uuid NOT NULL DEFAULT gen_random_uuid(),
      kind text NOT NULL,
      task_id uuid,
      step_id uuid,
      actor_person_id uuid,
      actor_account_id uuid,
      at timestamptz NOT NULL,
      body jsonb NOT NULL DEFAULT '{}'::jsonb,
      PRIMARY KEY (tenant_id, event_id)
    );
    CREATE INDEX work_event_task_idx ON work_event (tenant_id, task_id, at);
    CREATE INDEX work_event_step_idx ON work_event (tenant_id, step_id, at);
    CREATE INDEX work_event_kind_idx ON work_event (tenant_id, kind, at);
    CREATE TRIGGER work_event_no_update BEFORE UPDATE OR DELETE ON work_event
      FOR EACH ROW EXECUTE FUNCTION append_only();
    CREATE TRIGGER work_event_no_truncate BEFORE TRUNCATE ON work_event
      FOR EACH STATEMENT EXECUTE FUNCTION append_only();

    -- A unit's monthly plan: steps due in the month, frozen once planned (never removed).
    CREATE TABLE month_plan_item (
      tenant_id uuid NOT NULL,
      month text NOT NULL CHECK (month ~ '^[0-9]{4}-[0-9]{2}$'),
      step_id uuid NOT NULL,
      task_id uuid NOT NULL,
      unit_id uuid NOT NULL,
      lead_unit_id uuid,
      planned_end date NOT NULL,
      added_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, month, step_id),
      FOREIGN KEY (tenant_id, step_id) REFERENCES step (tenant_id, step_id)
    );
    CREATE INDEX month_plan_unit_idx ON month_plan_item (tenant_id, month, unit_id);

    CREATE TABLE work_card (
      tenant_id uuid NOT NULL,
      month text NOT NULL,
      task_id uuid NOT NULL,
      unit_id uuid NOT NULL,
      card_as text NOT NULL CHECK (card_as IN ('responsible','lead')),
      colour text NOT NULL CHECK (colour IN ('green','yellow','red')),
      planned integer NOT NULL,
      done integer NOT NULL,
      issued_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, month, task_id, unit_id, card_as),
      FOREIGN KEY (tenant_id, task_id) REFERENCES task (tenant_id, task_id)
    );
    CREATE INDEX work_card_unit_idx ON work_card (tenant_id, unit_id, month);

    -- Each run is recorded; the latest per window holds the statistics shown.
    CREATE TABLE supervision_run (
      tenant_id uuid NOT NULL,
      run_id uuid NOT NULL DEFAULT gen_random_uuid(),
      window_key text NOT NULL CHECK (window_key ~ '^[0-9]{4}-[0-9]{2}-H[12]$'),
      starts_on date NOT NULL,
      ends_on date NOT NULL,
      run_at timestamptz NOT NULL,
      run_by uuid,
      units jsonb NOT NULL,
      facts_written integer NOT NULL DEFAULT 0,
      PRIMARY KEY (tenant_id, run_id)
    );
    CREATE INDEX supervision_run_window_idx ON supervision_run (tenant_id, window_key, run_at DESC);

    CREATE TABLE work_document (
      tenant_id uuid NOT NULL REFERENCES tenant (tenant_id),
      document_id uuid NOT NULL DEFAULT gen_random_uuid(),
      kind text NOT NULL CHECK (kind IN ('instruction','policy')),
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
      body text NOT NULL DEFAULT '',
      attachments jsonb NOT NULL DEFAULT '[]'::jsonb,
      read_by timestamptz,
      published_by uuid,
      published_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, document_id)
    );

    CREATE TABLE document_recipient (
      tenant_id uuid NOT NULL,
      document_id uuid NOT NULL,
      person_id uuid NOT NULL,
      via_unit_id uuid,
      read_at timestamptz,
      PRIMARY KEY (tenant_id, document_id, person_id),
      FOREIGN KEY (tenant_id, document_id) REFERENCES work_document (tenant_id, document_id),
      FOREIGN KEY (tenant_id, person_id) REFERENCES person (tenant_id, person_id)
    );
    CREATE INDEX document_recipient_person_idx ON document_recipient (tenant_id, person_id, read_at);

    CREATE TABLE notification (
      tenant_id uuid NOT NULL,
      notification_id uuid NOT NULL DEFAULT gen_random_uuid(),
      person_id uuid NOT NULL,
      kind text NOT NULL,
      title jsonb NOT NULL,
      body jsonb,
      link text,
      created_at timestamptz NOT NULL,
      read_at timestamptz,
      PRIMARY KEY (tenant_id, notification_id),
      FOREIGN KEY (tenant_id, person_id) REFERENCES person (tenant_id, person_id)
    );
    CREATE INDEX notification_person_idx ON notification (tenant_id, person_id, created_at DESC);
    CREATE INDEX notification_unread_idx ON notification (tenant_id, person_id) WHERE read_at IS NULL;
`;

/** Apply the work schema, one statement at a time (PGlite's extended protocol takes one). */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of splitStatements(ddl)) await sql.raw(statement).execute(db);
}
