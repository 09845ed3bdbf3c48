//! The login-time entry points: verify, upgrade, and equal-time rejection.

use std::fmt;
use std::sync::{Condvar, Mutex, OnceLock, PoisonError};

use crate::algs::MAX_PASSWORD_BYTES;
use crate::policy::{NativeRecord, Policy};
use crate::{Algorithm, Error, Limits, Outcome, Record, Verifier, check_password_len};

/// The result of a login check.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Login {
    /// Wrong password.
    Mismatch,
    /// Right password; `upgrade` is present when the stored record should be
    /// replaced by a native one.
    Match {
        /// The replacement, if any.
        upgrade: Option<Upgrade>,
    },
}

impl Login {
    /// Whether the password matched.
    #[must_use]
    pub const fn is_match(&self) -> bool {
        matches!(self, Self::Match { .. })
    }
}

/// A native record to store in place of the legacy one.
///
/// Write it with compare-and-swap: replace the stored record only if its
/// `passwordHash` still equals [`Upgrade::replaces`], so that a password
/// change racing with this login is never overwritten. If the write fails,
/// the login still succeeded; the upgrade is simply offered again next time.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Upgrade {
    /// The new record.
    pub record: NativeRecord,
    /// The `passwordHash` it replaces (the one that was just verified).
    pub replaces: String,
    /// Why the upgrade is offered.
    pub reason: UpgradeReason,
}

impl fmt::Debug for Upgrade {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Upgrade")
            .field("record", &self.record)
            .field("reason", &self.reason)
            .finish_non_exhaustive()
    }
}

/// Why a record is upgraded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum UpgradeReason {
    /// The record is not in the policy's native form and parameters.
    NotNative,
    /// bcrypt verified only the first 72 bytes of a longer password.
    Truncated,
}

/// Settings of an [`Engine`] beyond its policy and limits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct EngineOptions {
    /// Bytes of working memory a thread that runs [`Engine::login`] keeps
    /// between logins, in each of its argon2 and scrypt arenas (so that a
    /// login at the native policy neither maps nor faults in fresh pages).
    /// `None` leaves each thread's setting: up to 64 MiB of argon2 and
    /// 128 MiB of scrypt memory (argon2 at m = 65536 and scrypt at N = 2^17,
    /// r = 8 fit), grown only as far as the records it verified needed, and
    /// for all such threads together at most that much per core (past it,
    /// a login maps fresh memory). `Some(0)` keeps nothing. A `Some` value
    /// is per thread and not counted against that process-wide bound. In a
    /// binding, login threads are the runtime's workers (libuv, Python
    /// threads): this bounds what they hold.
    pub retain_bytes: Option<u64>,
    /// The most [`Engine::login`] calls verifying at once; more wait. Zero
    /// means the number of cores (the default): parallel argon2 logins are
    /// how identity servers have run out of memory.
    pub max_concurrent_logins: usize,
}

/// A counting semaphore for logins.
#[derive(Debug)]
struct Slots {
    max: usize,
    in_use: Mutex<usize>,
    freed: Condvar,
}

struct Slot<'a>(&'a Slots);

impl Slots {
    fn new(max: usize) -> Self {
        let max = if max == 0 {
            std::thread::available_parallelism().map_or(1, usize::from)
        } else {
            max
        };
        Self {
            max,
            in_use: Mutex::new(0),
            freed: Condvar::new(),
        }
    }

    fn acquire(&self) -> Slot<'_> {
        let mut in_use = self.in_use.lock().unwrap_or_else(PoisonError::into_inner);
        while *in_use >= self.max {
            in_use = self
                .freed
                .wait(in_use)
                .unwrap_or_else(PoisonError::into_inner);
        }
        *in_use += 1;
        Slot(self)
    }
}

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        let mut in_use = self.0.in_use.lock().unwrap_or_else(PoisonError::into_inner);
        *in_use = in_use.saturating_sub(1);
        drop(in_use);
        self.0.freed.notify_one();
    }
}

/// Verifies imported records at login and upgrades them to the native
/// policy.
///
/// ```
/// use hashport::{Engine, Limits, Login, Policy, Record};
///
/// let engine = Engine::new(Policy::DEFAULT, Limits::default())?;
/// let stored = Record::new(
///     "bcrypt",
///     "$2b$05$HlFShUxTu4ZHHfOLJwfmCeDj/kuKFKboanXtDJXxCC7aIPTUgxNDe",
///     None,
/// );
/// match engine.login(Some(&stored), b"My S3cre7 P@55w0rd!")? {
///     Login::Match { upgrade: Some(up) } => {
///         // Store up.record where the stored passwordHash still equals up.replaces.
///         assert!(up.record.password_hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
///     }
///     other => panic!("{other:?}"),
/// }
/// # Ok::<(), hashport::Error>(())
/// ```
#[derive(Debug)]
pub struct Engine {
    policy: Policy,
    limits: Limits,
    /// Estimated peak memory of one native hash.
    policy_memory: u64,
    options: EngineOptions,
    /// The cap on logins running at once.
    logins: Slots,
    /// A native record at the policy's parameters, for equal-time
    /// rejection: made at construction by [`Engine::new`], on first need by
    /// the decode-only engines of the command line.
    dummy: OnceLock<Verifier>,
}

impl Engine {
    /// An engine writing `policy`, decoding within `limits`.
    ///
    /// This hashes one random password with the policy and verifies it back
    /// (a self-consistency check: whatever the engine writes, it can read),
    /// which also yields the record that [`Engine::dummy_verify`] checks.
    ///
    /// Every login engine probes at construction, so that a broken policy
    /// fails at start-up rather than at the first login, and the first
    /// rejection costs no more than the others.
    ///
    /// # Errors
    /// [`Error::InvalidSetting`] for inconsistent limits, the decoding error
    /// if the policy's parameters fall outside `limits`, or
    /// [`Error::Internal`] if the check fails.
    pub fn new(policy: Policy, limits: Limits) -> Result<Self, Error> {
        let engine = Self::without_probe(policy, limits)?;
        let dummy = engine.probe()?;
        let _ = engine.dummy.set(dummy);
        Ok(engine)
    }

    /// An engine that does not hash a probe until it needs a dummy record:
    /// for decode-only and dry runs (`hashport inspect`, `lint`, `verify
    /// --no-upgrade`), whose start-up would otherwise be the probe's two
    /// native hashes. Limits and the policy's parameters are checked.
    pub(crate) fn without_probe(policy: Policy, limits: Limits) -> Result<Self, Error> {
        limits.validate()?;
        let policy_memory = policy.sample(&limits)?.memory();
        Ok(Self {
            policy,
            limits,
            policy_memory,
            dummy: OnceLock::new(),
            options: EngineOptions::default(),
            logins: Slots::new(EngineOptions::default().max_concurrent_logins),
        })
    }

    /// [`Engine::new`] with [`EngineOptions`]: the working memory a login
    /// thread keeps and the cap on concurrent logins.
    ///
    /// # Errors
    /// As [`Engine::new`].
    pub fn with_options(
        policy: Policy,
        limits: Limits,
        options: EngineOptions,
    ) -> Result<Self, Error> {
        let mut engine = Self::new(policy, limits)?;
        engine.logins = Slots::new(options.max_concurrent_logins);
        engine.options = options;
        Ok(engine)
    }

    /// The options.
    #[must_use]
    pub const fn options(&self) -> &EngineOptions {
        &self.options
    }

    /// Hashes a random password with the policy and verifies it back.
    fn probe(&self) -> Result<Verifier, Error> {
        let mut random = [0u8; 16];
        getrandom::fill(&mut random).map_err(|_| Error::Internal("no system randomness"))?;
        // Printable, so that every policy (bcrypt included) can hash it.
        let probe: Vec<u8> = random.iter().map(|b| b'a' + b % 26).collect();
        let native = self.policy.hash(&probe)?;
        let dummy = native.as_record().decode(&self.limits)?;
        if dummy.verify(&probe)? != Outcome::Match || !self.policy.is_native(&dummy, false) {
            return Err(Error::Internal("the policy cannot verify its own hash"));
        }
        Ok(dummy)
    }

    /// The dummy record, probed now if it was not at construction.
    fn dummy(&self) -> Option<&Verifier> {
        if let Some(dummy) = self.dummy.get() {
            return Some(dummy);
        }
        let dummy = self.probe().ok()?;
        Some(self.dummy.get_or_init(|| dummy))
    }

    /// The native policy.
    #[must_use]
    pub const fn policy(&self) -> &Policy {
        &self.policy
    }

    /// Estimated peak memory of one native hash at the policy's parameters.
    #[must_use]
    pub const fn policy_memory(&self) -> u64 {
        self.policy_memory
    }

    /// The decoding limits.
    #[must_use]
    pub const fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Decodes a record within this engine's limits.
    ///
    /// # Errors
    /// See [`Record::decode`].
    pub fn decode(&self, record: &Record<'_>) -> Result<Verifier, Error> {
        record.decode(&self.limits)
    }

    /// Checks `password` against `record`, and on a match offers an upgrade
    /// when the record is not native or relied on bcrypt's 72-byte
    /// truncation. Rejection paths here take as long as they take; use
    /// [`Engine::login`] on the login path.
    ///
    /// # Errors
    /// Decoding errors, [`Error::PasswordTooLong`], or the verifier's errors.
    pub fn verify(&self, record: &Record<'_>, password: &[u8]) -> Result<Login, Error> {
        let verifier = self.decode(record)?;
        self.verify_decoded(record, &verifier, password)
    }

    /// [`Engine::verify`] for a record decoded already.
    ///
    /// # Errors
    /// As [`Engine::verify`].
    pub fn verify_decoded(
        &self,
        record: &Record<'_>,
        verifier: &Verifier,
        password: &[u8],
    ) -> Result<Login, Error> {
        self.verify_inner(record, verifier, password, true)
    }

    /// [`Engine::verify_decoded`]; with `upgrade` false, a match never
    /// carries an upgrade and no native hash is computed (dry runs).
    pub(crate) fn verify_inner(
        &self,
        record: &Record<'_>,
        verifier: &Verifier,
        password: &[u8],
        upgrade: bool,
    ) -> Result<Login, Error> {
        check_password_len(password, &self.limits)?;
        let outcome = verifier.verify(password)?;
        self.conclude(record, verifier, password, outcome, upgrade)
    }

    /// What a verification's `outcome` means for the login: a mismatch, or
    /// a match with the upgrade it calls for (none when `upgrade` is false).
    pub(crate) fn conclude(
        &self,
        record: &Record<'_>,
        verifier: &Verifier,
        password: &[u8],
        outcome: Outcome,
        upgrade: bool,
    ) -> Result<Login, Error> {
        if outcome == Outcome::Mismatch {
            return Ok(Login::Mismatch);
        }
        if !upgrade {
            return Ok(Login::Match { upgrade: None });
        }
        let reason = if verifier.algorithm() == Algorithm::Bcrypt
            && password.len() > MAX_PASSWORD_BYTES
            && self.policy.can_hash(password)
        {
            Some(UpgradeReason::Truncated)
        } else if !self.policy.is_native(verifier, has_config(record)) {
            Some(UpgradeReason::NotNative)
        } else {
            None
        };
        let upgrade = match reason {
            Some(reason) => self.upgrade(record, password, reason),
            None => None,
        };
        Ok(Login::Match { upgrade })
    }

    /// Hashes the password with the policy and verifies the result once
    /// before offering it, so that a broken upgrade never replaces a working
    /// hash. Any failure means no upgrade, never a failed login.
    fn upgrade(
        &self,
        record: &Record<'_>,
        password: &[u8],
        reason: UpgradeReason,
    ) -> Option<Upgrade> {
        if !self.policy.can_hash(password) {
            return None;
        }
        let native = self.policy.hash(password).ok()?;
        let check = native.as_record().decode(&self.limits).ok()?;
        if check.verify(password).ok()? != Outcome::Match {
            return None;
        }
        Some(Upgrade {
            record: native,
            replaces: record.password_hash.to_owned(),
            reason,
        })
    }

    /// Whether a match on `record` would offer an upgrade (without a
    /// password; bcrypt's truncation case needs the password and is not
    /// seen here).
    ///
    /// # Errors
    /// Decoding errors.
    pub fn needs_upgrade(&self, record: &Record<'_>) -> Result<bool, Error> {
        let verifier = self.decode(record)?;
        Ok(self.upgrade_due(record, &verifier))
    }

    /// [`Engine::needs_upgrade`] for a record decoded already.
    pub(crate) fn upgrade_due(&self, record: &Record<'_>, verifier: &Verifier) -> bool {
        !self.policy.is_native(verifier, has_config(record))
    }

    /// Hashes a password with the native policy.
    ///
    /// # Errors
    /// [`Error::PasswordTooLong`], or as [`Policy::hash`].
    pub fn hash(&self, password: &[u8]) -> Result<NativeRecord, Error> {
        check_password_len(password, &self.limits)?;
        self.policy.hash(password)
    }

    /// Spends what a native verification at the policy's parameters costs,
    /// and returns nothing. Call it when there is nothing to verify (unknown
    /// user) so that the response takes as long as for a known one.
    /// Passwords beyond the length limit are cut to it first, so that a
    /// megabyte password costs no more than a normal one.
    pub fn dummy_verify(&self, password: &[u8]) {
        let cut = password
            .get(..self.limits.max_password_len)
            .unwrap_or(password);
        let cut = if self.policy.can_hash(cut) {
            cut
        } else {
            b"dummy"
        };
        // The outcome is irrelevant; only the time spent matters.
        if let Some(dummy) = self.dummy() {
            let _ = std::hint::black_box(dummy.verify(std::hint::black_box(cut)));
        }
    }

    /// The login-path entry point. `record` is `None` for an unknown user.
    /// Every rejection path (unknown user, undecodable or over-limit record,
    /// over-long password) runs [`Engine::dummy_verify`] before returning, so
    /// that those cases cannot be told apart from a wrong password by
    /// timing.
    ///
    /// # Errors
    /// As [`Engine::verify`], after the dummy verification.
    pub fn login(&self, record: Option<&Record<'_>>, password: &[u8]) -> Result<Login, Error> {
        let _slot = self.logins.acquire();
        if let Some(bytes) = self.options.retain_bytes {
            let bytes = usize::try_from(bytes).unwrap_or(usize::MAX);
            crate::scratch::set_retain_limits(bytes, bytes);
        }
        let Some(record) = record else {
            self.dummy_verify(password);
            return Ok(Login::Mismatch);
        };
        let verifier = match self.decode(record) {
            Ok(v) => v,
            Err(e) => {
                self.dummy_verify(password);
                return Err(e);
            }
        };
        if let Err(e) = check_password_len(password, &self.limits) {
            self.dummy_verify(password);
            return Err(e);
        }
        let result = self.verify_decoded(record, &verifier, password);
        if result.is_err() {
            self.dummy_verify(password);
        }
        result
    }
}

fn has_config(record: &Record<'_>) -> bool {
    crate::config::given(record.password_hash_config).is_some()
}
