//! The Node.js binding of hashport (napi-rs).
//!
//! Every entry point copies its arguments into owned Rust values on the JS
//! thread (cheap), then does all hashport work (decoding, prefaulting
//! working memory, verification and the upgrade hash) off it: `login`,
//! `hash` and `dummyVerify` in a napi `AsyncTask` on the libuv pool,
//! `Batch.verify` on the batch's own rayon pool, settled through a deferred
//! promise. Every call into hashport is wrapped in `catch_unwind`: a panic
//! becomes a `HashportError` of kind `internal`, never a crashed process.
//!
//! A wrong password is a value (`{ outcome: 'mismatch' }`); every hashport
//! error is a `HashportError` (an `Error` with `name`, `kind`, `code` and
//! `details`). Errors carry field names and numbers only, never secrets.
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

use hashport::{
    BatchOptions, EngineOptions, Job, Limits, Login, NativeRecord, Policy, Record, UpgradeReason,
};
use napi::bindgen_prelude::{AbortSignal, AsyncTask, Either, Null, Object, Uint8Array};
use napi::{Env, JsValue, Status, Task};
use napi_derive::napi;
use zeroize::Zeroizing;

/// Numbers up to 2^53 are exact in a JS number; above, `details` carries
/// them as decimal strings.
const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

// ---------------------------------------------------------------------------
// Errors

/// What a call failed with, before it becomes a JS error.
enum Failure {
    /// An error of the engine: kind, message and details from hashport.
    Hashport(hashport::Error),
    /// A binding option that is unknown or not a valid value, by its
    /// JS name (an option name is not a secret).
    Option { name: String, problem: &'static str },
}

impl From<hashport::Error> for Failure {
    fn from(e: hashport::Error) -> Self {
        Self::Hashport(e)
    }
}

fn option_error(name: &str, problem: &'static str) -> Failure {
    Failure::Option {
        name: name.to_owned(),
        problem,
    }
}

/// A panic inside hashport: a bug, reported as kind `internal`.
const PANICKED: hashport::Error = hashport::Error::Internal("panic inside hashport");

/// Runs `f`, turning a panic into [`PANICKED`].
fn guarded<T>(f: impl FnOnce() -> Result<T, hashport::Error>) -> Result<T, hashport::Error> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or(Err(PANICKED))
}

fn set_number(obj: &mut Object<'_>, key: &str, value: u64) -> napi::Result<()> {
    if value <= MAX_SAFE_INTEGER {
        #[allow(clippy::cast_precision_loss, reason = "exact below 2^53")]
        obj.set(key, value as f64)
    } else {
        obj.set(key, value.to_string())
    }
}

/// The JS `HashportError` for a failure: an `Error` whose `name` is
/// `HashportError`, with `kind`, `code` (the same value) and `details`.
fn js_error<'e>(env: &'e Env, failure: &Failure) -> napi::Result<Object<'e>> {
    let (kind, message) = match failure {
        Failure::Hashport(e) => (e.kind(), e.to_string()),
        Failure::Option { name, problem } => {
            ("invalid_param", format!("invalid option {name}: {problem}"))
        }
    };
    let mut error = env.create_error(napi::Error::new(Status::GenericFailure, message))?;
    error.set("name", "HashportError")?;
    error.set("kind", kind)?;
    error.set("code", kind)?;
    let mut details = Object::new(env)?;
    match failure {
        Failure::Hashport(e) => {
            let d = e.details();
            if let Some(field) = d.field {
                details.set("field", field)?;
            }
            if let Some(param) = d.param {
                details.set("param", param)?;
            }
            for (key, value) in [("min", d.min), ("max", d.max), ("actual", d.actual)] {
                if let Some(value) = value {
                    set_number(&mut details, key, value)?;
                }
            }
        }
        Failure::Option { name, .. } => details.set("param", name.as_str())?,
    }
    error.set("details", details)?;
    Ok(error)
}

/// A napi error that, thrown or rejected, is exactly the `HashportError`.
fn to_napi(env: &Env, failure: &Failure) -> napi::Error {
    match js_error(env, failure) {
        Ok(error) => napi::Error::from(error.to_unknown()),
        Err(e) => e,
    }
}

// ---------------------------------------------------------------------------
// Inputs

/// A stored record in the migration API's shape.
#[napi(object, object_to_js = false)]
pub struct StoredRecord {
    /// `bcrypt`, `scrypt`, `firebase-scrypt`, `pbkdf2` or `argon2`.
    pub password_hash_type: String,
    /// The hash string, verbatim.
    pub password_hash: String,
    /// The stringified JSON config, verbatim, or null.
    #[napi(ts_type = "string | null")]
    pub password_hash_config: Option<Either<String, Null>>,
}

/// A record owned by a task.
struct OwnedRecord {
    password_hash_type: String,
    password_hash: String,
    password_hash_config: Option<String>,
}

impl From<StoredRecord> for OwnedRecord {
    fn from(r: StoredRecord) -> Self {
        Self {
            password_hash_type: r.password_hash_type,
            password_hash: r.password_hash,
            password_hash_config: match r.password_hash_config {
                Some(Either::A(config)) => Some(config),
                Some(Either::B(Null)) | None => None,
            },
        }
    }
}

impl OwnedRecord {
    fn view(&self) -> Record<'_> {
        Record::new(
            &self.password_hash_type,
            &self.password_hash,
            self.password_hash_config.as_deref(),
        )
    }
}

/// A password as bytes: a string is its UTF-8 encoding, never normalised.
type Password = Zeroizing<Vec<u8>>;

fn password_bytes(password: Either<String, Uint8Array>) -> Password {
    match password {
        Either::A(s) => Zeroizing::new(s.into_bytes()),
        Either::B(bytes) => Zeroizing::new(bytes.to_vec()),
    }
}

/// A whole number from a JS value, within `max`.
fn whole(name: &str, value: f64, max: u64) -> Result<u64, Failure> {
    #[allow(clippy::cast_precision_loss, reason = "bounds of a JS number")]
    let in_range = value.is_finite() && value >= 0.0 && value.fract() == 0.0 && value <= max as f64;
    if !in_range {
        return Err(option_error(name, "not a whole number in range"));
    }
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "checked just above"
    )]
    Ok(value as u64)
}

fn number_field(obj: &Object<'_>, key: &str, max: u64) -> Result<Option<u64>, Failure> {
    match obj.get::<f64>(key) {
        Ok(None) => Ok(None),
        Ok(Some(v)) => whole(key, v, max).map(Some),
        Err(_) => Err(option_error(key, "not a number")),
    }
}

fn required_u32(obj: &Object<'_>, key: &str) -> Result<u32, Failure> {
    let value =
        number_field(obj, key, u64::from(u32::MAX))?.ok_or_else(|| option_error(key, "missing"))?;
    u32::try_from(value).map_err(|_| option_error(key, "not a whole number in range"))
}

/// Refuses keys outside `known`: a misspelt option must not be ignored.
fn check_keys(obj: &Object<'_>, known: &[&str]) -> Result<(), Failure> {
    let keys = Object::keys(obj).map_err(|_| option_error("options", "not an object"))?;
    for key in keys {
        if !known.contains(&key.as_str()) {
            return Err(Failure::Option {
                name: key,
                problem: "unknown option",
            });
        }
    }
    Ok(())
}

fn camel_case(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// `Limits` from a JS object of camelCase `hashport::Limits` field names.
fn parse_limits(obj: &Object<'_>) -> Result<Limits, Failure> {
    let names: Vec<(String, &str)> = Limits::NAMES.iter().map(|&n| (camel_case(n), n)).collect();
    let known: Vec<&str> = names.iter().map(|(c, _)| c.as_str()).collect();
    check_keys(obj, &known)?;
    let mut limits = Limits::default();
    for (camel, snake) in &names {
        if let Some(value) = number_field(obj, camel, u64::MAX)? {
            limits.set(snake, value)?;
        }
    }
    Ok(limits)
}

/// `Policy` from `{ algorithm, ... }`.
fn parse_policy(obj: &Object<'_>) -> Result<Policy, Failure> {
    let algorithm: String = match obj.get::<String>("algorithm") {
        Ok(Some(a)) => a,
        _ => return Err(option_error("policy.algorithm", "missing or not a string")),
    };
    match algorithm.as_str() {
        "argon2id" => {
            check_keys(obj, &["algorithm", "mKib", "t", "p"])?;
            Ok(Policy::Argon2id {
                m_kib: required_u32(obj, "mKib")?,
                t: required_u32(obj, "t")?,
                p: required_u32(obj, "p")?,
            })
        }
        "bcrypt" => {
            check_keys(obj, &["algorithm", "cost"])?;
            Ok(Policy::Bcrypt {
                cost: required_u32(obj, "cost")?,
            })
        }
        "scrypt" => {
            check_keys(obj, &["algorithm", "ln", "r", "p"])?;
            Ok(Policy::Scrypt {
                ln: required_u32(obj, "ln")?,
                r: required_u32(obj, "r")?,
                p: required_u32(obj, "p")?,
            })
        }
        "pbkdf2-sha256" => {
            check_keys(obj, &["algorithm", "iterations"])?;
            Ok(Policy::Pbkdf2Sha256 {
                iterations: required_u32(obj, "iterations")?,
            })
        }
        _ => Err(option_error(
            "policy.algorithm",
            "expected argon2id, bcrypt, scrypt or pbkdf2-sha256",
        )),
    }
}

fn object_field<'e>(obj: &Object<'e>, key: &str) -> Result<Option<Object<'e>>, Failure> {
    obj.get::<Object<'e>>(key)
        .map_err(|_| option_error(key, "not an object"))
}

// ---------------------------------------------------------------------------
// Outputs

fn reason_name(reason: UpgradeReason) -> &'static str {
    match reason {
        UpgradeReason::Truncated => "truncated",
        _ => "not_native",
    }
}

fn js_native<'e>(env: &'e Env, record: &NativeRecord) -> napi::Result<Object<'e>> {
    let mut obj = Object::new(env)?;
    obj.set("passwordHashType", record.password_hash_type.as_str())?;
    obj.set("passwordHash", record.password_hash.as_str())?;
    match &record.password_hash_config {
        Some(config) => obj.set("passwordHashConfig", config.as_str())?,
        None => obj.set("passwordHashConfig", Null)?,
    }
    Ok(obj)
}

/// `{ outcome: 'match', upgrade }` or `{ outcome: 'mismatch' }`.
fn js_login<'e>(env: &'e Env, login: &Login) -> napi::Result<Object<'e>> {
    let mut obj = Object::new(env)?;
    match login {
        Login::Match { upgrade } => {
            obj.set("outcome", "match")?;
            match upgrade {
                Some(up) => {
                    let mut js = Object::new(env)?;
                    js.set("record", js_native(env, &up.record)?)?;
                    js.set("replaces", up.replaces.as_str())?;
                    js.set("reason", reason_name(up.reason))?;
                    obj.set("upgrade", js)?;
                }
                None => obj.set("upgrade", Null)?,
            }
        }
        _ => obj.set("outcome", "mismatch")?,
    }
    Ok(obj)
}

// ---------------------------------------------------------------------------
// Engine

/// Verifies imported records at login and upgrades them to the native policy.
#[napi]
pub struct Engine {
    inner: Arc<hashport::Engine>,
}

fn build_engine(options: Option<&Object<'_>>) -> Result<hashport::Engine, Failure> {
    let Some(options) = options else {
        let retain = guarded(|| Policy::default().memory(&Limits::default()))?;
        return Ok(guarded(|| {
            hashport::Engine::with_options(
                Policy::default(),
                Limits::default(),
                engine_options(Some(retain), 0),
            )
        })?);
    };
    check_keys(
        options,
        &["policy", "limits", "retainBytes", "maxConcurrentLogins"],
    )?;
    let policy = match object_field(options, "policy")? {
        Some(p) => parse_policy(&p)?,
        None => Policy::default(),
    };
    let limits = match object_field(options, "limits")? {
        Some(l) => parse_limits(&l)?,
        None => Limits::default(),
    };
    let retain = number_field(options, "retainBytes", u64::MAX)?;
    let max_logins = number_field(options, "maxConcurrentLogins", 1 << 20)?.unwrap_or(0);
    let max_logins = usize::try_from(max_logins)
        .map_err(|_| option_error("maxConcurrentLogins", "too large"))?;
    let retain = match retain {
        Some(bytes) => bytes,
        // The native policy's size: what a login at the policy needs.
        // Cheap: decodes a sample record, hashes nothing.
        None => guarded(|| policy.memory(&limits))?,
    };
    Ok(guarded(|| {
        hashport::Engine::with_options(policy, limits, engine_options(Some(retain), max_logins))
    })?)
}

fn engine_options(retain_bytes: Option<u64>, max_concurrent_logins: usize) -> EngineOptions {
    let mut options = EngineOptions::default();
    options.retain_bytes = retain_bytes;
    options.max_concurrent_logins = max_concurrent_logins;
    options
}

#[napi]
impl Engine {
    /// Builds an engine. This hashes and verifies one password with the
    /// policy (a self-check, about 15 ms at the default policy) on the
    /// calling thread.
    #[napi(constructor, ts_args_type = "options?: EngineOptions")]
    pub fn new(env: Env, options: Option<Object<'_>>) -> napi::Result<Self> {
        match build_engine(options.as_ref()) {
            Ok(engine) => Ok(Self {
                inner: Arc::new(engine),
            }),
            Err(f) => Err(to_napi(&env, &f)),
        }
    }

    /// Checks `password` against `record` off the event loop. `record` null
    /// is an unknown user: a mismatch after one dummy verification. Every
    /// rejection path costs one verification at the policy's cost.
    #[napi(
        ts_args_type = "record: StoredRecord | null, password: string | Uint8Array, options?: { signal?: AbortSignal }",
        ts_return_type = "Promise<LoginResult>"
    )]
    pub fn login(
        &self,
        record: Option<StoredRecord>,
        password: Either<String, Uint8Array>,
        options: Option<Object<'_>>,
    ) -> napi::Result<AsyncTask<LoginTask>> {
        // `signal` cancels a login still queued; napi cannot see a signal
        // that was aborted before the call, so that case is checked here
        // and rejects without verifying (the caller has gone).
        let signal_obj = match &options {
            Some(o) => o.get::<Object<'_>>("signal")?,
            None => None,
        };
        let aborted = match &signal_obj {
            Some(s) => s.get::<bool>("aborted")?.unwrap_or(false),
            None => false,
        };
        let signal = match &options {
            Some(o) if signal_obj.is_some() => o.get::<AbortSignal>("signal")?,
            _ => None,
        };
        let task = LoginTask {
            engine: Arc::clone(&self.inner),
            record: record.map(OwnedRecord::from),
            password: password_bytes(password),
            aborted,
        };
        Ok(AsyncTask::with_optional_signal(task, signal))
    }

    /// `login` on the calling thread: blocks the event loop for the whole
    /// verification and upgrade hash. For scripts and tests only.
    #[napi(
        ts_args_type = "record: StoredRecord | null, password: string | Uint8Array",
        ts_return_type = "LoginResult"
    )]
    pub fn login_sync<'e>(
        &self,
        env: &'e Env,
        record: Option<StoredRecord>,
        password: Either<String, Uint8Array>,
    ) -> napi::Result<Object<'e>> {
        let record = record.map(OwnedRecord::from);
        let password = password_bytes(password);
        let result = guarded(|| {
            let view = record.as_ref().map(OwnedRecord::view);
            self.inner.login(view.as_ref(), &password)
        });
        match result {
            Ok(login) => js_login(env, &login),
            Err(e) => Err(to_napi(env, &Failure::Hashport(e))),
        }
    }

    /// Whether a match on `record` would offer an upgrade (decodes only;
    /// cannot see bcrypt's 72-byte truncation case, which needs the
    /// password). Throws a `HashportError` for an undecodable record.
    #[napi(ts_args_type = "record: StoredRecord")]
    pub fn needs_upgrade(&self, env: Env, record: StoredRecord) -> napi::Result<bool> {
        let record = OwnedRecord::from(record);
        guarded(|| self.inner.needs_upgrade(&record.view()))
            .map_err(|e| to_napi(&env, &Failure::Hashport(e)))
    }

    /// Hashes a password with the native policy, off the event loop.
    #[napi(
        ts_args_type = "password: string | Uint8Array",
        ts_return_type = "Promise<NativeRecord>"
    )]
    pub fn hash(&self, password: Either<String, Uint8Array>) -> AsyncTask<HashTask> {
        AsyncTask::new(HashTask {
            engine: Arc::clone(&self.inner),
            password: password_bytes(password),
        })
    }

    /// Spends one verification at the policy's cost, off the event loop:
    /// for callers that answer an unknown user themselves.
    #[napi(
        ts_args_type = "password: string | Uint8Array",
        ts_return_type = "Promise<void>"
    )]
    pub fn dummy_verify(&self, password: Either<String, Uint8Array>) -> AsyncTask<DummyTask> {
        AsyncTask::new(DummyTask {
            engine: Arc::clone(&self.inner),
            password: password_bytes(password),
        })
    }
}

/// `Engine.login`'s work.
pub struct LoginTask {
    engine: Arc<hashport::Engine>,
    record: Option<OwnedRecord>,
    password: Password,
    /// The signal had fired before the call.
    aborted: bool,
}

impl Task for LoginTask {
    type Output = Result<Login, hashport::Error>;
    type JsValue = Object<'static>;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        if self.aborted {
            return Err(napi::Error::new(
                Status::Cancelled,
                "The operation was aborted",
            ));
        }
        Ok(guarded(|| {
            let view = self.record.as_ref().map(OwnedRecord::view);
            self.engine.login(view.as_ref(), &self.password)
        }))
    }

    fn resolve(&mut self, env: Env, output: Self::Output) -> napi::Result<Self::JsValue> {
        settle(&env, output, |env, login| js_login(env, &login))
    }

    fn reject(&mut self, env: Env, err: napi::Error) -> napi::Result<Self::JsValue> {
        // Only an abort gets here: the same `AbortError` napi gives a
        // cancelled queued task.
        let mut error = env.create_error(err)?;
        error.set("name", "AbortError")?;
        Err(napi::Error::from(error.to_unknown()))
    }
}

/// `Engine.hash`'s work.
pub struct HashTask {
    engine: Arc<hashport::Engine>,
    password: Password,
}

impl Task for HashTask {
    type Output = Result<NativeRecord, hashport::Error>;
    type JsValue = Object<'static>;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        Ok(guarded(|| self.engine.hash(&self.password)))
    }

    fn resolve(&mut self, env: Env, output: Self::Output) -> napi::Result<Self::JsValue> {
        settle(&env, output, |env, record| js_native(env, &record))
    }
}

/// `Engine.dummyVerify`'s work.
pub struct DummyTask {
    engine: Arc<hashport::Engine>,
    password: Password,
}

impl Task for DummyTask {
    type Output = Result<(), hashport::Error>;
    type JsValue = ();

    fn compute(&mut self) -> napi::Result<Self::Output> {
        Ok(guarded(|| {
            self.engine.dummy_verify(&self.password);
            Ok(())
        }))
    }

    fn resolve(&mut self, env: Env, output: Self::Output) -> napi::Result<Self::JsValue> {
        output.map_err(|e| to_napi(&env, &Failure::Hashport(e)))
    }
}

/// Resolves with `make(value)` or rejects with the `HashportError`.
fn settle<T>(
    env: &Env,
    output: Result<T, hashport::Error>,
    make: impl for<'e> FnOnce(&'e Env, T) -> napi::Result<Object<'e>>,
) -> napi::Result<Object<'static>> {
    match output {
        // The object is handed to napi at once, within the callback scope
        // that `env` belongs to.
        Ok(value) => make(env, value).map(|obj| Object::from_raw(env.raw(), obj.raw())),
        Err(e) => Err(to_napi(env, &Failure::Hashport(e))),
    }
}

// ---------------------------------------------------------------------------
// Batch

/// One job of `Batch.verify`.
#[napi(object, object_to_js = false)]
pub struct BatchJob {
    /// The stored record.
    pub record: StoredRecord,
    /// The password to check.
    #[napi(ts_type = "string | Uint8Array")]
    pub password: Either<String, Uint8Array>,
}

/// Verifies many records at once on its own thread pool, within a memory
/// budget.
#[napi]
pub struct Batch {
    inner: Arc<hashport::Batch<'static>>,
}

#[napi]
impl Batch {
    /// A batch verifying with `engine`'s policy and limits. `threads` 0
    /// (the default) is one per core; `memoryBudget` defaults to a quarter
    /// of the memory this process may use; `upgrade` false is a dry run.
    #[napi(
        constructor,
        ts_args_type = "engine: Engine, options?: { threads?: number; memoryBudget?: number; upgrade?: boolean }"
    )]
    pub fn new(env: Env, engine: &Engine, options: Option<Object<'_>>) -> napi::Result<Self> {
        let build = || -> Result<hashport::Batch<'static>, Failure> {
            let mut batch = BatchOptions::default();
            if let Some(options) = &options {
                check_keys(options, &["threads", "memoryBudget", "upgrade"])?;
                if let Some(threads) = number_field(options, "threads", 1 << 20)? {
                    batch.threads = usize::try_from(threads)
                        .map_err(|_| option_error("threads", "too large"))?;
                }
                if let Some(budget) = number_field(options, "memoryBudget", u64::MAX)? {
                    batch.memory_budget = budget;
                }
                match options.get::<bool>("upgrade") {
                    Ok(Some(upgrade)) => batch.upgrade = upgrade,
                    Ok(None) => {}
                    Err(_) => return Err(option_error("upgrade", "not a boolean")),
                }
            }
            Ok(guarded(|| {
                hashport::Batch::shared(Arc::clone(&engine.inner), batch)
            })?)
        };
        match build() {
            Ok(batch) => Ok(Self {
                inner: Arc::new(batch),
            }),
            Err(f) => Err(to_napi(&env, &f)),
        }
    }

    /// The number of worker threads.
    #[napi(getter)]
    pub fn threads(&self) -> u32 {
        u32::try_from(self.inner.threads()).unwrap_or(u32::MAX)
    }

    /// Verifies every job on the batch's pool; one result per job, in input
    /// order. A bad job is an `error` result and never affects the others.
    #[napi(
        ts_args_type = "jobs: ReadonlyArray<{ record: StoredRecord; password: string | Uint8Array }>",
        ts_return_type = "Promise<BatchResult[]>"
    )]
    pub fn verify<'e>(&self, env: &'e Env, jobs: Vec<BatchJob>) -> napi::Result<Object<'e>> {
        let jobs: Vec<(OwnedRecord, Password)> = jobs
            .into_iter()
            .map(|j| (OwnedRecord::from(j.record), password_bytes(j.password)))
            .collect();
        let batch = Arc::clone(&self.inner);
        let (deferred, promise) = env.create_deferred()?;
        let spawned = std::thread::Builder::new()
            .name("hashport-batch".into())
            .spawn(move || {
                let results = guarded(|| {
                    let views: Vec<Job<'_>> =
                        jobs.iter().map(|(r, p)| Job::new(r.view(), p)).collect();
                    Ok(batch.verify(&views))
                });
                deferred.resolve(move |env| match results {
                    Ok(results) => BatchResults(results).into_js(&env),
                    Err(e) => Err(to_napi(&env, &Failure::Hashport(e))),
                });
            });
        match spawned {
            Ok(_) => Ok(promise),
            Err(_) => Err(to_napi(
                env,
                &Failure::Hashport(hashport::Error::OutOfMemory {
                    what: "thread pool",
                }),
            )),
        }
    }
}

/// A batch's results, turned into JS on the JS thread.
struct BatchResults(Vec<Result<Login, hashport::Error>>);

impl BatchResults {
    fn into_js(self, env: &Env) -> napi::Result<Object<'static>> {
        let len = u32::try_from(self.0.len()).unwrap_or(u32::MAX);
        let mut array = env.create_array(len)?;
        for (i, result) in (0..len).zip(self.0) {
            let value = match result {
                Ok(login) => js_login(env, &login)?,
                Err(e) => {
                    let mut obj = Object::new(env)?;
                    obj.set("outcome", "error")?;
                    let mut error = Object::new(env)?;
                    error.set("kind", e.kind())?;
                    error.set("message", e.to_string())?;
                    obj.set("error", error)?;
                    obj
                }
            };
            array.set(i, value)?;
        }
        // An array is an object; it is handed to napi at once, in the scope
        // `env` belongs to.
        Ok(Object::from_raw(env.raw(), array.raw()))
    }
}

/// Whether `value` is an error thrown or rejected by hashport.
#[napi(
    ts_args_type = "value: unknown",
    ts_return_type = "value is HashportError"
)]
pub fn is_hashport_error(value: napi::bindgen_prelude::Unknown<'_>) -> bool {
    if !matches!(value.get_type(), Ok(napi::ValueType::Object)) {
        return false;
    }
    let Ok(obj) = value.coerce_to_object() else {
        return false;
    };
    matches!(obj.get::<String>("name"), Ok(Some(name)) if name == "HashportError")
        && matches!(obj.get::<String>("kind"), Ok(Some(_)))
}

/// The kinds a `HashportError` can have (hashport's `Error::KINDS`).
#[napi(ts_return_type = "ErrorKind[]")]
pub fn error_kinds() -> Vec<&'static str> {
    hashport::Error::KINDS.to_vec()
}
