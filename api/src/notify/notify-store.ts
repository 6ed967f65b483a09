import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { LabelMatcher } from '../storage/label-matcher.js';
import type { Labels } from '../storage/labels.js';
import type { NotifyAlert } from './notify-alert.js';
import type { Silence } from './silence.js';

/** The database file inside the data directory. */
export const NOTIFY_DB_FILE = 'notify.db';

export type NotificationAction = 'trigger' | 'resolve';
export type NotificationState = 'pending' | 'sent' | 'failed';

/** An aggregation group's notification state, persisted with every notification it causes. */
export interface PersistedGroup {
  readonly groupKey: string;
  readonly route: string;
  readonly dedupKey: string;
  readonly groupLabels: Labels;
  /** Fingerprints of the firing alerts of the last notification (empty: no open incident). */
  readonly lastFiring: readonly string[];
  /** Unix ms of the last notification; undefined: never notified. */
  readonly lastNotifiedAt: number | undefined;
  /** The group's alerts as of the last notification (restored after a restart). */
  readonly alerts: readonly NotifyAlert[];
}

/** The PagerDuty event as stored: everything but the routing key, which is looked up from the route when sent. */
export interface StoredEvent {
  readonly event_action: NotificationAction;
  readonly dedup_key: string;
  readonly payload: {
    readonly summary: string;
    readonly source: string;
    readonly severity: 'critical' | 'error' | 'warning' | 'info';
    readonly timestamp: string;
    readonly component?: string;
    readonly group?: string;
    readonly class?: string;
    readonly custom_details?: Readonly<Record<string, unknown>>;
  };
  readonly links?: ReadonlyArray<{ readonly href: string; readonly text?: string }>;
  readonly images?: ReadonlyArray<{ readonly src: string; readonly href?: string; readonly alt?: string }>;
  readonly client?: string;
  readonly client_url?: string;
}

export interface NewNotification {
  readonly dedupKey: string;
  readonly action: NotificationAction;
  readonly route: string;
  readonly groupKey: string;
  /** Builds the event once the row id (the state-change id) is known. */
  readonly event: (id: number) => StoredEvent;
  readonly createdAt: number;
}

/** One outbox row: a state change of an aggregation group to send to PagerDuty. */
export interface Notification {
  /** The state-change id: never reused, so one state change is one row. */
  readonly id: number;
  readonly dedupKey: string;
  readonly action: NotificationAction;
  readonly route: string;
  readonly groupKey: string;
  readonly event: StoredEvent;
  readonly state: NotificationState;
  readonly attempts: number;
  readonly createdAt: number;
  readonly nextAttemptAt: number;
  readonly sentAt: number | undefined;
  /** HTTP status of the last attempt; undefined: no answer (network error, timeout) or not tried yet. */
  readonly lastStatus: number | undefined;
  readonly lastError: string | undefined;
  /** PagerDuty's `errors` array of a rejected event. */
  readonly errors: readonly string[];
}

const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  dedup_key TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('trigger', 'resolve')),
  route TEXT NOT NULL,
  group_key TEXT NOT NULL,
  event TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  next_attempt_at INTEGER NOT NULL,
  sent_at INTEGER,
  last_status INTEGER,
  last_error TEXT,
  errors TEXT
);
CREATE INDEX IF NOT EXISTS outbox_pending ON outbox (state, dedup_key, id);
CREATE INDEX IF NOT EXISTS outbox_by_state_time ON outbox (state, created_at);
CREATE TABLE IF NOT EXISTS notify_groups (
  group_key TEXT PRIMARY KEY,
  route TEXT NOT NULL,
  dedup_key TEXT NOT NULL,
  group_labels TEXT NOT NULL,
  last_firing TEXT NOT NULL,
  last_notified_at INTEGER,
  alerts TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS silences (
  id TEXT PRIMARY KEY,
  matchers TEXT NOT NULL,
  starts_at INTEGER NOT NULL,
  ends_at INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  comment TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);
`;

interface OutboxRow {
  id: number;
  dedup_key: string;
  action: NotificationAction;
  route: string;
  group_key: string;
  event: string;
  state: NotificationState;
  attempts: number;
  created_at: number;
  next_attempt_at: number;
  sent_at: number | null;
  last_status: number | null;
  last_error: string | null;
  errors: string | null;
}

interface GroupRow {
  group_key: string;
  route: string;
  dedup_key: string;
  group_labels: string;
  last_firing: string;
  last_notified_at: number | null;
  alerts: string;
}

interface SilenceRow {
  id: string;
  matchers: string;
  starts_at: number;
  ends_at: number;
  created_by: string;
  comment: string;
  updated_at: number;
}

export interface NotifyStoreOptions {
  readonly dataDir: string;
  /** SQLite `synchronous`: full (default: a notification is on disk before any HTTP call) or normal. */
  readonly sync?: 'full' | 'normal';
}

/**
 * The notifier's durable state in `<dataDir>/notify.db` (SQLite, WAL): the outbox of PagerDuty events, each
 * aggregation group's last notification, and silences. Its own file rather than metrics.db so its small
 * synchronous transactions never wait behind the metric store's write batches, and a damaged or deleted
 * notify.db costs no samples. One writer: the api process.
 */
export class NotifyStore {
  private readonly db: Database.Database;
  private readonly recordTx: (group: PersistedGroup | { readonly delete: string }, notification: NewNotification | undefined) => number | undefined;

  private constructor(db: Database.Database) {
    this.db = db;
    const insert = db.prepare(
      `INSERT INTO outbox (dedup_key, action, route, group_key, event, state, attempts, created_at, next_attempt_at)
       VALUES (?, ?, ?, ?, '{}', 'pending', 0, ?, ?)`,
    );
    const setEvent = db.prepare('UPDATE outbox SET event = ? WHERE id = ?');
    const upsertGroup = db.prepare(
      `INSERT INTO notify_groups (group_key, route, dedup_key, group_labels, last_firing, last_notified_at, alerts)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (group_key) DO UPDATE SET route = excluded.route, dedup_key = excluded.dedup_key,
         group_labels = excluded.group_labels, last_firing = excluded.last_firing,
         last_notified_at = excluded.last_notified_at, alerts = excluded.alerts`,
    );
    const deleteGroup = db.prepare('DELETE FROM notify_groups WHERE group_key = ?');
    this.recordTx = db.transaction((group, n) => {
      let id: number | undefined;
      if (n) {
        id = Number(insert.run(n.dedupKey, n.action, n.route, n.groupKey, n.createdAt, n.createdAt).lastInsertRowid);
        setEvent.run(JSON.stringify(n.event(id)), id);
      }
      if ('delete' in group) deleteGroup.run(group.delete);
      else {
        upsertGroup.run(
          group.groupKey,
          group.route,
          group.dedupKey,
          JSON.stringify(group.groupLabels),
          JSON.stringify(group.lastFiring),
          group.lastNotifiedAt ?? null,
          JSON.stringify(group.alerts),
        );
      }
      return id;
    });
  }

  static open(opts: NotifyStoreOptions): NotifyStore {
    fs.mkdirSync(opts.dataDir, { recursive: true });
    const db = new Database(path.join(opts.dataDir, NOTIFY_DB_FILE));
    try {
      db.pragma('journal_mode = WAL');
      db.pragma(`synchronous = ${opts.sync === 'normal' ? 'NORMAL' : 'FULL'}`);
      db.pragma('busy_timeout = 5000');
      db.exec(SCHEMA_SQL);
    } catch (err) {
      db.close();
      throw err;
    }
    return new NotifyStore(db);
  }

  /**
   * Records a group's new notification state and, in the same transaction, the outbox row of the event to send
   * (before any HTTP call). `{ delete }` removes a group that has nothing left. Returns the row id.
   */
  record(group: PersistedGroup | { readonly delete: string }, notification?: NewNotification): number | undefined {
    return this.recordTx(group, notification);
  }

  loadGroups(): PersistedGroup[] {
    const rows = this.db.prepare('SELECT * FROM notify_groups').all() as GroupRow[];
    return rows.map((r) => ({
      groupKey: r.group_key,
      route: r.route,
      dedupKey: r.dedup_key,
      groupLabels: JSON.parse(r.group_labels) as Labels,
      lastFiring: JSON.parse(r.last_firing) as string[],
      lastNotifiedAt: r.last_notified_at ?? undefined,
      alerts: (JSON.parse(r.alerts) as Array<NotifyAlert & { endsAt: number | null; source: NotifyAlert['source'] | null }>).map((a) => ({
        ...a,
        endsAt: a.endsAt ?? undefined,
        source: a.source ?? undefined,
      })),
    }));
  }

  /** Pending rows due at `now`, oldest first, at most one per dedup key (a key's events go out in order). */
  due(now: number, limit: number): Notification[] {
    const rows = this.db
      .prepare(
        `SELECT o.* FROM outbox o WHERE o.state = 'pending' AND o.next_attempt_at <= ?
           AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.state = 'pending' AND p.dedup_key = o.dedup_key AND p.id < o.id)
         ORDER BY o.id LIMIT ?`,
      )
      .all(now, limit) as OutboxRow[];
    return rows.map(notificationOf);
  }

  /** The earliest next attempt of a pending row; undefined when none is pending. */
  nextAttemptAt(): number | undefined {
    const r = this.db.prepare(`SELECT MIN(next_attempt_at) AS t FROM outbox WHERE state = 'pending'`).get() as { t: number | null };
    return r.t ?? undefined;
  }

  /** Before an attempt: count it and set when to try again should this one not be answered (crash, hang). */
  markAttempt(id: number, attempts: number, retryAt: number): void {
    this.db.prepare(`UPDATE outbox SET attempts = ?, next_attempt_at = ? WHERE id = ? AND state = 'pending'`).run(attempts, retryAt, id);
  }

  /** After a retryable failure: the error and the backed-off next attempt. */
  markRetry(id: number, retryAt: number, status: number | undefined, error: string): void {
    this.db
      .prepare(`UPDATE outbox SET next_attempt_at = ?, last_status = ?, last_error = ? WHERE id = ? AND state = 'pending'`)
      .run(retryAt, status ?? null, error, id);
  }

  markSent(id: number, at: number, status: number): void {
    this.db.prepare(`UPDATE outbox SET state = 'sent', sent_at = ?, last_status = ?, last_error = NULL WHERE id = ?`).run(at, status, id);
  }

  /** A permanent failure (PagerDuty rejected the event): kept with PagerDuty's message and errors, not retried. */
  markFailed(id: number, status: number | undefined, error: string, errors: readonly string[]): void {
    this.db
      .prepare(`UPDATE outbox SET state = 'failed', last_status = ?, last_error = ?, errors = ? WHERE id = ?`)
      .run(status ?? null, error, JSON.stringify(errors), id);
  }

  /** Makes every pending row due now (after a restart: resume at once). */
  resumePending(now: number): number {
    return this.db.prepare(`UPDATE outbox SET next_attempt_at = ? WHERE state = 'pending' AND next_attempt_at > ?`).run(now, now).changes;
  }

  /** Puts a failed row back in the queue (after fixing the routing key, say). */
  retry(id: number, now: number): boolean {
    return this.db.prepare(`UPDATE outbox SET state = 'pending', next_attempt_at = ? WHERE id = ? AND state = 'failed'`).run(now, id).changes > 0;
  }

  get(id: number): Notification | undefined {
    const r = this.db.prepare('SELECT * FROM outbox WHERE id = ?').get(id) as OutboxRow | undefined;
    return r ? notificationOf(r) : undefined;
  }

  /** Newest first. */
  list(filter: { readonly state?: NotificationState; readonly limit: number }): Notification[] {
    const rows = (
      filter.state
        ? this.db.prepare('SELECT * FROM outbox WHERE state = ? ORDER BY id DESC LIMIT ?').all(filter.state, filter.limit)
        : this.db.prepare('SELECT * FROM outbox ORDER BY id DESC LIMIT ?').all(filter.limit)
    ) as OutboxRow[];
    return rows.map(notificationOf);
  }

  counts(): Record<NotificationState, number> {
    const out: Record<NotificationState, number> = { pending: 0, sent: 0, failed: 0 };
    for (const r of this.db.prepare('SELECT state, COUNT(*) AS n FROM outbox GROUP BY state').all() as Array<{ state: NotificationState; n: number }>) {
      out[r.state] = r.n;
    }
    return out;
  }

  /** Deletes sent and failed rows created before `before`. */
  prune(before: number): number {
    return this.db.prepare(`DELETE FROM outbox WHERE state != 'pending' AND created_at < ?`).run(before).changes;
  }

  upsertSilence(s: Silence): void {
    this.db
      .prepare(
        `INSERT INTO silences (id, matchers, starts_at, ends_at, created_by, comment, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET matchers = excluded.matchers, starts_at = excluded.starts_at, ends_at = excluded.ends_at,
           created_by = excluded.created_by, comment = excluded.comment, updated_at = excluded.updated_at`,
      )
      .run(s.id, JSON.stringify(s.matchers), s.startsAt, s.endsAt, s.createdBy, s.comment, s.updatedAt);
  }

  listSilences(): Silence[] {
    const rows = this.db.prepare('SELECT * FROM silences ORDER BY starts_at, id').all() as SilenceRow[];
    return rows.map((r) => ({
      id: r.id,
      matchers: JSON.parse(r.matchers) as LabelMatcher[],
      startsAt: r.starts_at,
      endsAt: r.ends_at,
      createdBy: r.created_by,
      comment: r.comment,
      updatedAt: r.updated_at,
    }));
  }

  /** Deletes silences that expired before `before`. */
  pruneSilences(before: number): number {
    return this.db.prepare('DELETE FROM silences WHERE ends_at < ?').run(before).changes;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

function notificationOf(r: OutboxRow): Notification {
  return {
    id: r.id,
    dedupKey: r.dedup_key,
    action: r.action,
    route: r.route,
    groupKey: r.group_key,
    event: JSON.parse(r.event) as StoredEvent,
    state: r.state,
    attempts: r.attempts,
    createdAt: r.created_at,
    nextAttemptAt: r.next_attempt_at,
    sentAt: r.sent_at ?? undefined,
    lastStatus: r.last_status ?? undefined,
    lastError: r.last_error ?? undefined,
    errors: r.errors ? (JSON.parse(r.errors) as string[]) : [],
  };
}
