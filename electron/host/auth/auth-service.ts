import { CodedError } from '../../shared/coded-error';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { roleSchema, type Role, type User } from '../../shared/api/methods/auth';
import type { ControlRoomStore } from '../store/store';
import { FairLimiter } from '../../shared/util/fair-limiter';
import { DUMMY_HASH_PROMISE, hashPassword, verifyPassword } from './passwords';

/** A logged-in user as the host sees it on every API call. */
export interface Session {
  userId: string;
  username: string;
  displayName: string;
  role: Role;
  expiresAt: number;
  /** sha256 of the bearer token (the token itself is never stored). */
  tokenHash: string;
}

export interface AuthOptions {
  /** Session lifetime from login; default 12 h (one control-room shift). */
  sessionTtlMs?: number;
  /** Consecutive failed logins before the account locks; default 5. */
  maxFailures?: number;
  /** How long a lock-out lasts; default 15 min. */
  lockoutMs?: number;
  /** Override scrypt cost (tests use a cheap one). */
  hashParams?: { N: number; r: number; p: number };
  /**
   * Password checks (scrypt, 32 MiB and ~100 ms each) from sign-in calls: how many run at once,
   * how many may wait, and how many one source (a connection) may hold. Beyond that a call is
   * answered `auth.error.busy` at once, so a flood cannot make a real sign-in wait behind it.
   */
  passwordChecks?: { concurrency: number; maxQueued: number; maxPerSource: number };
}

/** Two scrypt checks at once; a short line; two places per connection. */
export const DEFAULT_PASSWORD_CHECKS = { concurrency: 2, maxQueued: 64, maxPerSource: 2 };

/** A counted attempt: taken before the password is checked, so parallel guesses cannot overrun. */
interface Reservation {
  /** The attempt's number among consecutive failures (1-based). */
  attempt: number;
  /** Set when this attempt was the last one allowed: it locked the account for everyone else. */
  lockedUntil?: number;
}

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  role: string;
  password_hash: string;
  disabled: number;
  failed_attempts: number;
  locked_until: number | null;
  created_at: number;
  updated_at: number;
}

function toUser(r: UserRow, now: number): User {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    role: roleSchema.parse(r.role),
    disabled: r.disabled === 1,
    lockedUntil: r.locked_until !== null && r.locked_until > now ? r.locked_until : undefined,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

const MIN_PASSWORD = 8;

/**
 * Users, passwords (scrypt), sessions with expiry and lock-out after repeated failures. Every
 * login, failure, lock-out and user change is written to the audit log.
 */
export class AuthService {
  private readonly opts: Required<Omit<AuthOptions, 'hashParams'>> &
    Pick<AuthOptions, 'hashParams'>;
  private readonly checks: FairLimiter;
  private readonly accessListeners = new Set<() => void>();

  constructor(
    private readonly store: ControlRoomStore,
    opts: AuthOptions = {},
  ) {
    this.opts = {
      sessionTtlMs: 12 * 3_600_000,
      maxFailures: 5,
      lockoutMs: 15 * 60_000,
      passwordChecks: DEFAULT_PASSWORD_CHECKS,
      ...opts,
    };
    this.checks = new FairLimiter(this.opts.passwordChecks);
  }

  /**
   * Runs one scrypt check in a slot of the shared limiter, or refuses at once with
   * `auth.error.busy` when the line (or this source's share of it) is full. `admitted` runs
   * synchronously as soon as the place is taken, before anything is awaited.
   */
  private checked<T>(source: string, task: () => Promise<T>, admitted?: () => void): Promise<T> {
    const slot = this.checks.admit(source);
    if (!slot) {
      throw new CodedError('auth.error.busy', 'too many sign-ins in progress; try again shortly');
    }
    try {
      admitted?.();
    } catch (err) {
      void slot.then((release) => release());
      throw err;
    }
    return slot.then(async (release) => {
      try {
        return await task();
      } finally {
        release();
      }
    });
  }

  /**
   * Called after anything that can change what a session may do: a logout, a user created
   * (the first administrator ends the first run), a role, password or disabled flag changed.
   * Connections re-check which live events they may receive.
   */
  onAccessChange(listener: () => void): () => void {
    this.accessListeners.add(listener);
    return () => this.accessListeners.delete(listener);
  }

  private accessChanged(): void {
    for (const l of this.accessListeners) {
      try {
        l();
      } catch {
        // A listener's failure must not undo the change that was already committed.
      }
    }
  }

  /** True until the first admin exists: the UI then shows the "create administrator" form. */
  needsFirstAdmin(): boolean {
    const r = this.store.db
      .prepare("SELECT COUNT(*) AS n FROM users WHERE role = 'admin' AND disabled = 0")
      .get() as {
      n: number;
    };
    return r.n === 0;
  }

  /**
   * Creates the first administrator and signs it in. Atomic: the "no administrator yet" check and
   * the insert are one transaction after the password is hashed, so of parallel calls exactly one
   * wins and the others get `store.error.adminExists`.
   */
  async createFirstAdmin(
    input: {
      username: string;
      password: string;
      displayName: string;
    },
    source = 'local',
  ): Promise<{
    token: string;
    expiresAt: number;
    user: User;
  }> {
    const alreadySetUp = () =>
      new CodedError('store.error.adminExists', 'an administrator already exists; log in instead');
    if (!this.needsFirstAdmin()) throw alreadySetUp();
    checkPassword(input.password);
    const hash = await this.checked(source, () =>
      hashPassword(input.password, this.opts.hashParams),
    );
    const session = this.store.tx(() => {
      // Re-checked inside the transaction: another call may have won while this one hashed.
      if (!this.needsFirstAdmin()) throw alreadySetUp();
      const user = this.insertUser({ ...input, role: 'admin' }, hash, 'setup');
      return this.issueSession(this.row(user.id)!);
    });
    // The first administrator ends the first run: token-only sockets lose the live wall.
    this.accessChanged();
    return session;
  }

  async createUser(
    input: { username: string; password: string; displayName: string; role: Role },
    actor: string,
  ): Promise<User> {
    checkPassword(input.password);
    const hash = await hashPassword(input.password, this.opts.hashParams);
    const user = this.store.tx(() => this.insertUser(input, hash, actor));
    this.accessChanged();
    return user;
  }

  /** Inside a transaction: the username must be free. */
  private insertUser(
    input: { username: string; displayName: string; role: Role },
    hash: string,
    actor: string,
  ): User {
    const { db, now, hostId } = this.store;
    const id = randomUUID();
    const at = now();
    const exists = db.prepare('SELECT 1 FROM users WHERE username = ?').get(input.username);
    if (exists) {
      throw new CodedError('store.error.userExists', `user ${input.username} already exists`, {
        username: input.username,
      });
    }
    db.prepare(
      `INSERT INTO users (id, username, display_name, role, password_hash, created_at, updated_at, updated_by, origin)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(id, input.username, input.displayName, input.role, hash, at, at, actor, hostId);
    this.store.audit.append(actor, 'user.create', `user:${input.username}`, { role: input.role });
    this.store.enqueue('user', id);
    return this.getUser(id)!;
  }

  async updateUser(
    id: string,
    patch: {
      displayName?: string;
      role?: Role;
      password?: string;
      unlock?: boolean;
      disabled?: boolean;
    },
    actor: string,
  ): Promise<User> {
    if (patch.password !== undefined) checkPassword(patch.password);
    const hash =
      patch.password !== undefined
        ? await hashPassword(patch.password, this.opts.hashParams)
        : undefined;
    const { db, now } = this.store;
    const user = this.store.tx(() => {
      const before = this.row(id);
      if (!before) throw new CodedError('store.error.notFound', `user ${id} not found`, { id });
      // Never leave the installation without an active administrator.
      const demotes =
        before.role === 'admin' &&
        ((patch.role && patch.role !== 'admin') || patch.disabled === true);
      if (demotes) {
        const admins = db
          .prepare("SELECT COUNT(*) AS n FROM users WHERE role = 'admin' AND disabled = 0")
          .get() as { n: number };
        if (admins.n <= 1)
          throw new CodedError(
            'store.error.lastAdmin',
            'the last active administrator cannot be removed',
          );
      }
      const at = now();
      db.prepare(
        `UPDATE users SET display_name = COALESCE(?, display_name), role = COALESCE(?, role),
           password_hash = COALESCE(?, password_hash), disabled = COALESCE(?, disabled),
           failed_attempts = CASE WHEN ? THEN 0 ELSE failed_attempts END,
           locked_until = CASE WHEN ? THEN NULL ELSE locked_until END,
           updated_at = ?, updated_by = ?, origin = ? WHERE id = ?`,
      ).run(
        patch.displayName ?? null,
        patch.role ?? null,
        hash ?? null,
        patch.disabled === undefined ? null : patch.disabled ? 1 : 0,
        patch.unlock ? 1 : 0,
        patch.unlock ? 1 : 0,
        at,
        actor,
        this.store.hostId,
        id,
      );
      if (patch.disabled || hash) db.prepare('DELETE FROM sessions WHERE user_id = ?').run(id);
      this.store.audit.append(
        actor,
        patch.disabled === undefined
          ? 'user.update'
          : patch.disabled
            ? 'user.disable'
            : 'user.enable',
        `user:${before.username}`,
        {
          displayName: patch.displayName,
          role: patch.role,
          roleBefore: patch.role ? before.role : undefined,
          passwordChanged: hash ? true : undefined,
          unlocked: patch.unlock || undefined,
        },
      );
      this.store.enqueue('user', id);
      return this.getUser(id)!;
    });
    this.accessChanged();
    return user;
  }

  listUsers(): User[] {
    const now = this.store.now();
    return (this.store.db.prepare('SELECT * FROM users ORDER BY username').all() as UserRow[]).map(
      (r) => toUser(r, now),
    );
  }

  getUser(id: string): User | undefined {
    const r = this.row(id);
    return r && toUser(r, this.store.now());
  }

  /**
   * Signs a user in. The lock-out is atomic: before the password is checked the attempt is counted
   * (and, when it is the last one allowed, the account is locked for every other attempt), all in
   * the same synchronous step as the lock check, so parallel wrong guesses never get past
   * `maxFailures`, and a right password arriving while the account is locked is refused without
   * resetting anything. Password checks go through the shared limiter (`source` is the caller's
   * connection): a flood is answered `auth.error.busy` instead of queueing ahead of real users.
   */
  async login(
    username: string,
    password: string,
    source = 'local',
  ): Promise<{ token: string; expiresAt: number; user: User }> {
    const { db } = this.store;
    const invalid = () =>
      new CodedError('store.error.invalidCredentials', 'wrong username or password');
    const r = db.prepare('SELECT * FROM users WHERE username = ?').get(username) as
      UserRow | undefined;
    if (!r) {
      await this.checked(source, async () => verifyPassword(password, await DUMMY_HASH_PROMISE));
      this.store.tx(() =>
        this.store.audit.append(username, 'auth.loginFailed', `user:${username}`, {
          reason: 'unknown-user',
        }),
      );
      throw invalid();
    }
    if (this.lockedUntil(r) !== undefined) throw this.refuseLocked(r);
    // Admitted (or refused as busy) and counted in the same synchronous step as the lock check.
    let reservation!: Reservation;
    const good = await this.checked(
      source,
      () => verifyPassword(password, r.password_hash),
      () => (reservation = this.reserveAttempt(r.id)),
    );
    if (!good) {
      this.store.tx(() =>
        this.store.audit.append(
          r.username,
          reservation.lockedUntil !== undefined ? 'auth.lockedOut' : 'auth.loginFailed',
          `user:${r.username}`,
          { reason: 'wrong-password', failures: reservation.attempt },
        ),
      );
      throw invalid();
    }
    // Decided in one transaction; errors are thrown after it commits so their audit rows stay.
    const outcome = this.store.tx(
      ():
        | { ok: true; session: { token: string; expiresAt: number; user: User } }
        | { ok: false; error: CodedError } => {
        const now = this.row(r.id);
        if (!now) return { ok: false, error: invalid() };
        // Locked by other attempts while this one was checked: refused, and the lock stays.
        const until = this.lockedUntil(now);
        if (until !== undefined && until !== reservation.lockedUntil)
          return { ok: false, error: this.refuseLocked(now) };
        if (now.disabled) {
          // Not a failed guess: the attempt is given back (and the lock it took, if it took one).
          db.prepare('UPDATE users SET failed_attempts = ?, locked_until = ? WHERE id = ?').run(
            until === undefined ? Math.max(0, now.failed_attempts - 1) : reservation.attempt - 1,
            until === undefined ? now.locked_until : null,
            now.id,
          );
          this.store.audit.append(now.username, 'auth.loginFailed', `user:${now.username}`, {
            reason: 'disabled',
          });
          return {
            ok: false,
            error: new CodedError('store.error.userDisabled', 'this account is disabled'),
          };
        }
        return { ok: true, session: this.issueSession(now) };
      },
    );
    if (!outcome.ok) throw outcome.error;
    return outcome.session;
  }

  /**
   * Counts one attempt before its password is checked; the caller checked, in the same
   * synchronous step, that the account is not locked. The attempt that reaches `maxFailures`
   * locks the account at once; if its password turns out right it lifts its own lock.
   */
  private reserveAttempt(id: string): Reservation {
    return this.store.tx(() => {
      const r = this.row(id)!;
      const at = this.store.now();
      // A lock that has run out starts a fresh count.
      const attempt = (r.locked_until !== null ? 0 : r.failed_attempts) + 1;
      const lockedUntil = attempt >= this.opts.maxFailures ? at + this.opts.lockoutMs : undefined;
      this.store.db
        .prepare('UPDATE users SET failed_attempts = ?, locked_until = ? WHERE id = ?')
        .run(lockedUntil !== undefined ? 0 : attempt, lockedUntil ?? null, id);
      return { attempt, lockedUntil };
    });
  }

  private lockedUntil(r: UserRow): number | undefined {
    return r.locked_until !== null && r.locked_until > this.store.now()
      ? r.locked_until
      : undefined;
  }

  /** Audits a refused attempt on a locked account and returns the error to throw. */
  private refuseLocked(r: UserRow): CodedError {
    this.store.tx(() =>
      this.store.audit.append(r.username, 'auth.loginFailed', `user:${r.username}`, {
        reason: 'locked',
      }),
    );
    return new CodedError(
      'store.error.locked',
      `account locked until ${new Date(r.locked_until!).toISOString()}`,
      { until: r.locked_until! },
    );
  }

  /** Inside a transaction: clears the failure count and opens a session for the user. */
  private issueSession(r: UserRow): { token: string; expiresAt: number; user: User } {
    const { db } = this.store;
    const token = randomBytes(32).toString('base64url');
    const at = this.store.now();
    const expiresAt = at + this.opts.sessionTtlMs;
    db.prepare('UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE id = ?').run(r.id);
    db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(at);
    db.prepare(
      'INSERT INTO sessions (token_hash, user_id, created_at, expires_at, last_seen_at) VALUES (?, ?, ?, ?, ?)',
    ).run(tokenHash(token), r.id, at, expiresAt, at);
    this.store.audit.append(r.username, 'auth.login', `user:${r.username}`);
    return { token, expiresAt, user: this.getUser(r.id)! };
  }

  /** The session behind a bearer token, or undefined when unknown, expired or the user is disabled. */
  session(token: string | undefined): Session | undefined {
    if (!token) return undefined;
    const h = tokenHash(token);
    const r = this.store.db
      .prepare(
        `SELECT s.token_hash, s.expires_at, u.id, u.username, u.display_name, u.role, u.disabled
         FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?`,
      )
      .get(h) as
      | {
          token_hash: string;
          expires_at: number;
          id: string;
          username: string;
          display_name: string;
          role: string;
          disabled: number;
        }
      | undefined;
    if (!r || r.disabled || r.expires_at <= this.store.now()) return undefined;
    return {
      userId: r.id,
      username: r.username,
      displayName: r.display_name,
      role: roleSchema.parse(r.role),
      expiresAt: r.expires_at,
      tokenHash: r.token_hash,
    };
  }

  logout(session: Session): void {
    this.store.tx(() => {
      this.store.db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(session.tokenHash);
      this.store.audit.append(session.username, 'auth.logout', `user:${session.username}`);
    });
    this.accessChanged();
  }

  async changePassword(session: Session, current: string, next: string): Promise<void> {
    const r = this.row(session.userId);
    const good =
      r && (await this.checked(`user:${r.id}`, () => verifyPassword(current, r.password_hash)));
    if (!good) {
      throw new CodedError('store.error.invalidCredentials', 'wrong username or password');
    }
    await this.updateUser(session.userId, { password: next }, session.username);
  }

  private row(id: string): UserRow | undefined {
    return this.store.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
  }
}

function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD) {
    throw new CodedError(
      'store.error.weakPassword',
      `password must have at least ${MIN_PASSWORD} characters`,
      {
        min: MIN_PASSWORD,
      },
    );
  }
}
