//! The Python binding of hashport (PyO3), imported as `hashport._hashport`
//! and re-exported by the pure-Python package `hashport`.
//!
//! Every entry point copies its arguments into owned Rust values while
//! attached to the interpreter (cheap), then does all hashport work
//! (decoding, working memory, verification, the upgrade hash) detached,
//! with the GIL released: `Engine.login`, `Engine.hash` and
//! `Engine.dummy_verify` on the calling thread, `Batch.verify` on the
//! batch's own rayon pool. Every call into hashport is wrapped in
//! `catch_unwind`: a panic becomes an `InternalError` of kind `internal`,
//! never a `PanicException` (which `except Exception` does not catch).
//!
//! A wrong password is a value (`Login.matched` false); every hashport
//! error is an exception of `hashport._errors` (defined in Python), built
//! here with its `kind`, `message` and `details`. Errors carry field names
//! and numbers only, never a password, hash, salt or key.
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

use hashport::{BatchOptions, EngineOptions, Job, UpgradeReason};
use pyo3::exceptions::{PyKeyError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{
    PyBool, PyByteArray, PyBytes, PyDict, PyInt, PyMemoryView, PyString, PyTuple, PyType,
};
use zeroize::Zeroizing;

// ---------------------------------------------------------------------------
// Errors

/// What a call failed with, before it becomes a Python exception.
enum Failure {
    /// An error of the engine: kind, message and details from hashport.
    Hashport(hashport::Error),
    /// A binding setting that is unknown or not a valid value, by its
    /// Python name (a setting's name is not a secret). Kind `invalid_param`.
    Setting { name: String, problem: String },
}

impl From<hashport::Error> for Failure {
    fn from(e: hashport::Error) -> Self {
        Self::Hashport(e)
    }
}

fn setting_error(name: &str, problem: impl Into<String>) -> Failure {
    Failure::Setting {
        name: name.to_owned(),
        problem: problem.into(),
    }
}

/// A panic inside hashport: a bug, reported as kind `internal`.
const PANICKED: hashport::Error = hashport::Error::Internal("panic inside hashport");

/// Runs `f`, turning a panic into [`PANICKED`].
fn guarded<T>(f: impl FnOnce() -> Result<T, hashport::Error>) -> Result<T, hashport::Error> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or(Err(PANICKED))
}

/// `hashport._errors._make(kind, message, details)`: the exception
/// instance of the class that `kind` maps to.
static MAKE_ERROR: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// The Python exception instance for a failure (not raised).
fn error_instance<'py>(py: Python<'py>, failure: &Failure) -> PyResult<Bound<'py, PyAny>> {
    let details = PyDict::new(py);
    let (kind, message) = match failure {
        Failure::Hashport(e) => {
            let d = e.details();
            if let Some(field) = d.field {
                details.set_item("field", field)?;
            }
            if let Some(param) = d.param {
                details.set_item("param", param)?;
            }
            for (key, value) in [("min", d.min), ("max", d.max), ("actual", d.actual)] {
                if let Some(value) = value {
                    details.set_item(key, value)?;
                }
            }
            (e.kind(), e.to_string())
        }
        Failure::Setting { name, problem } => {
            details.set_item("param", name.as_str())?;
            (
                "invalid_param",
                format!("invalid setting {name}: {problem}"),
            )
        }
    };
    let make = MAKE_ERROR.import(py, "hashport._errors", "_make")?;
    make.call1((kind, message, details))
}

/// The exception to raise for a failure.
fn to_pyerr(py: Python<'_>, failure: &Failure) -> PyErr {
    match error_instance(py, failure) {
        Ok(instance) => PyErr::from_value(instance),
        // Only if `hashport._errors` cannot be imported: still an error,
        // still without secrets.
        Err(e) => e,
    }
}

fn raise<T>(py: Python<'_>, result: Result<T, impl Into<Failure>>) -> PyResult<T> {
    result.map_err(|e| to_pyerr(py, &e.into()))
}

// ---------------------------------------------------------------------------
// Inputs

/// A password as bytes: a `str` is its UTF-8 encoding, never normalised.
type Password = Zeroizing<Vec<u8>>;

fn password_bytes(value: &Bound<'_, PyAny>) -> PyResult<Password> {
    if let Ok(s) = value.cast::<PyString>() {
        // The intermediate `bytes` object is Python's, as the `str` is:
        // neither can be wiped from here.
        let encoded = s.encode_utf8().map_err(|_| {
            PyValueError::new_err(
                "password: a str with a lone surrogate has no UTF-8 encoding; pass bytes",
            )
        })?;
        return Ok(Zeroizing::new(encoded.as_bytes().to_vec()));
    }
    if let Ok(b) = value.cast::<PyBytes>() {
        return Ok(Zeroizing::new(b.as_bytes().to_vec()));
    }
    if let Ok(b) = value.cast::<PyByteArray>() {
        return Ok(Zeroizing::new(b.to_vec()));
    }
    if value.cast::<PyMemoryView>().is_ok() {
        // The buffer protocol is outside the limited API before 3.11:
        // `tobytes()` copies any memoryview (any format, any layout).
        let copy = value.call_method0("tobytes")?;
        let copy = copy.cast::<PyBytes>()?;
        return Ok(Zeroizing::new(copy.as_bytes().to_vec()));
    }
    Err(PyTypeError::new_err(format!(
        "password must be str, bytes, bytearray or memoryview, not {}",
        type_name(value)
    )))
}

fn type_name(value: &Bound<'_, PyAny>) -> String {
    value
        .get_type()
        .name()
        .map_or_else(|_| "an unknown type".to_owned(), |n| n.to_string())
}

/// A whole number in `0..=max`, or an `invalid_param` failure naming it.
fn bounded(name: &str, value: i128, max: u64) -> Result<u64, Failure> {
    u64::try_from(value)
        .ok()
        .filter(|v| *v <= max)
        .ok_or_else(|| setting_error(name, format!("must be a whole number in 0..={max}")))
}

fn bounded_u32(name: &str, value: i128) -> Result<u32, Failure> {
    let v = bounded(name, value, u64::from(u32::MAX))?;
    u32::try_from(v).map_err(|_| setting_error(name, "too large"))
}

fn bounded_usize(name: &str, value: i128, max: u64) -> Result<usize, Failure> {
    let v = bounded(name, value, max)?;
    usize::try_from(v).map_err(|_| setting_error(name, "too large for this platform"))
}

/// An `int` (not a `bool`) as a number, or a `TypeError`.
fn int_value(name: &str, value: &Bound<'_, PyAny>) -> PyResult<Option<i128>> {
    if value.is_instance_of::<PyBool>() || !value.is_instance_of::<PyInt>() {
        return Err(PyTypeError::new_err(format!(
            "{name} must be an int, not {}",
            type_name(value)
        )));
    }
    // Past i128 (or below): out of every range; the caller reports it.
    Ok(value.extract::<i128>().ok())
}

// ---------------------------------------------------------------------------
// Records

/// A stored record in the migration API's shape: `passwordHashType`,
/// `passwordHash` and `passwordHashConfig` (stringified JSON or None).
#[pyclass(frozen, subclass, module = "hashport")]
pub struct Record {
    #[pyo3(get)]
    password_hash_type: String,
    #[pyo3(get)]
    password_hash: String,
    #[pyo3(get)]
    password_hash_config: Option<String>,
}

impl Record {
    fn view(&self) -> hashport::Record<'_> {
        hashport::Record::new(
            &self.password_hash_type,
            &self.password_hash,
            self.password_hash_config.as_deref(),
        )
    }

    fn owned(&self) -> OwnedRecord {
        OwnedRecord {
            password_hash_type: self.password_hash_type.clone(),
            password_hash: self.password_hash.clone(),
            password_hash_config: self.password_hash_config.clone(),
        }
    }

    /// The repr of a record: its type, never its hash or config (secrets).
    fn describe(&self, py: Python<'_>, class: &str) -> String {
        let ty = PyString::new(py, &self.password_hash_type)
            .repr()
            .map_or_else(|_| "'?'".to_owned(), |r| r.to_string());
        let config = if self.password_hash_config.is_some() {
            "<redacted>"
        } else {
            "None"
        };
        format!(
            "{class}(password_hash_type={ty}, password_hash=<redacted>, password_hash_config={config})"
        )
    }

    fn dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("passwordHashType", &self.password_hash_type)?;
        d.set_item("passwordHash", &self.password_hash)?;
        d.set_item("passwordHashConfig", self.password_hash_config.as_deref())?;
        Ok(d)
    }
}

fn str_field(d: &Bound<'_, PyAny>, key: &str, required: bool) -> PyResult<Option<String>> {
    let value = match d.get_item(key) {
        Ok(v) => v,
        Err(e) if !required && e.is_instance_of::<PyKeyError>(d.py()) => {
            return Ok(None);
        }
        Err(e) => return Err(e),
    };
    if value.is_none() && !required {
        return Ok(None);
    }
    match value.cast::<PyString>() {
        Ok(s) => Ok(Some(s.to_cow()?.into_owned())),
        Err(_) => Err(PyTypeError::new_err(format!(
            "{key} must be {}, not {}",
            if required { "a str" } else { "a str or None" },
            type_name(&value)
        ))),
    }
}

#[pymethods]
impl Record {
    #[new]
    #[pyo3(signature = (password_hash_type, password_hash, password_hash_config = None))]
    fn new(
        password_hash_type: String,
        password_hash: String,
        password_hash_config: Option<String>,
    ) -> Self {
        Self {
            password_hash_type,
            password_hash,
            password_hash_config,
        }
    }

    /// A record from a mapping with the migration API's camelCase keys;
    /// other keys are ignored.
    #[classmethod]
    fn from_dict<'py>(
        cls: &Bound<'py, PyType>,
        d: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let ty = str_field(d, "passwordHashType", true)?;
        let hash = str_field(d, "passwordHash", true)?;
        let config = str_field(d, "passwordHashConfig", false)?;
        cls.call1((ty, hash, config))
    }

    /// The record as a dict with camelCase keys.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        self.dict(py)
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        self.describe(py, "Record")
    }
}

/// A record that a task owns while detached.
struct OwnedRecord {
    password_hash_type: String,
    password_hash: String,
    password_hash_config: Option<String>,
}

impl OwnedRecord {
    fn view(&self) -> hashport::Record<'_> {
        hashport::Record::new(
            &self.password_hash_type,
            &self.password_hash,
            self.password_hash_config.as_deref(),
        )
    }
}

/// A record written by the native policy (a `Record`, so it can be passed
/// back to `login`).
#[pyclass(frozen, extends = Record, module = "hashport")]
pub struct NativeRecord {}

#[pymethods]
impl NativeRecord {
    fn __repr__(slf: &Bound<'_, Self>) -> String {
        slf.as_super().get().describe(slf.py(), "NativeRecord")
    }
}

fn py_native(py: Python<'_>, record: hashport::NativeRecord) -> PyResult<Py<NativeRecord>> {
    let init = PyClassInitializer::from(Record {
        password_hash_type: record.password_hash_type.as_str().to_owned(),
        password_hash: record.password_hash,
        password_hash_config: record.password_hash_config,
    })
    .add_subclass(NativeRecord {});
    Py::new(py, init)
}

// ---------------------------------------------------------------------------
// Results

/// The upgrade offered on a match: store `record` where the stored
/// `passwordHash` still equals `replaces` (compare-and-swap).
#[pyclass(frozen, module = "hashport")]
pub struct Upgrade {
    #[pyo3(get)]
    record: Py<NativeRecord>,
    #[pyo3(get)]
    replaces: String,
    reason: &'static str,
}

#[pymethods]
impl Upgrade {
    /// `not_native` or `truncated`.
    #[getter]
    fn reason(&self) -> &'static str {
        self.reason
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        let record = self
            .record
            .bind(py)
            .as_super()
            .get()
            .describe(py, "NativeRecord");
        format!(
            "Upgrade(record={record}, replaces=<redacted>, reason='{}')",
            self.reason
        )
    }
}

/// The result of a login check. It has no truth value: test `.matched`.
#[pyclass(frozen, module = "hashport")]
pub struct Login {
    #[pyo3(get)]
    matched: bool,
    #[pyo3(get)]
    upgrade: Option<Py<Upgrade>>,
}

#[pymethods]
impl Login {
    fn __bool__(&self) -> PyResult<bool> {
        Err(PyTypeError::new_err(
            "a Login has no truth value: test login.matched (a wrong password is a Login with matched False)",
        ))
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        let upgrade = match &self.upgrade {
            Some(up) => up.get().__repr__(py),
            None => "None".to_owned(),
        };
        let matched = if self.matched { "True" } else { "False" };
        format!("Login(matched={matched}, upgrade={upgrade})")
    }
}

fn reason_name(reason: UpgradeReason) -> &'static str {
    match reason {
        UpgradeReason::Truncated => "truncated",
        _ => "not_native",
    }
}

fn py_login(py: Python<'_>, login: hashport::Login) -> PyResult<Py<Login>> {
    let (matched, upgrade) = match login {
        hashport::Login::Match { upgrade } => (true, upgrade),
        // `Mismatch`, and any outcome added later: deny.
        _ => (false, None),
    };
    let upgrade = match upgrade {
        Some(up) => Some(Py::new(
            py,
            Upgrade {
                record: py_native(py, up.record)?,
                replaces: up.replaces,
                reason: reason_name(up.reason),
            },
        )?),
        None => None,
    };
    Py::new(py, Login { matched, upgrade })
}

// ---------------------------------------------------------------------------
// Policy and limits

/// The numbers of a policy as given, checked when an engine is built.
#[derive(Clone, Copy, PartialEq, Eq)]
enum RawPolicy {
    Argon2id { m_kib: i128, t: i128, p: i128 },
    Bcrypt { cost: i128 },
    Scrypt { ln: i128, r: i128, p: i128 },
    Pbkdf2Sha256 { iterations: i128 },
}

/// The native hash new records are written with. Its numbers are checked
/// when an `Engine` is built with it.
#[pyclass(frozen, eq, module = "hashport")]
#[derive(PartialEq, Eq)]
pub struct Policy {
    raw: RawPolicy,
}

impl Policy {
    fn resolve(&self) -> Result<hashport::Policy, Failure> {
        Ok(match self.raw {
            RawPolicy::Argon2id { m_kib, t, p } => hashport::Policy::Argon2id {
                m_kib: bounded_u32("m_kib", m_kib)?,
                t: bounded_u32("t", t)?,
                p: bounded_u32("p", p)?,
            },
            RawPolicy::Bcrypt { cost } => hashport::Policy::Bcrypt {
                cost: bounded_u32("cost", cost)?,
            },
            RawPolicy::Scrypt { ln, r, p } => hashport::Policy::Scrypt {
                ln: bounded_u32("ln", ln)?,
                r: bounded_u32("r", r)?,
                p: bounded_u32("p", p)?,
            },
            RawPolicy::Pbkdf2Sha256 { iterations } => hashport::Policy::Pbkdf2Sha256 {
                iterations: bounded_u32("iterations", iterations)?,
            },
        })
    }

    fn from_policy(policy: &hashport::Policy) -> Self {
        let raw = match *policy {
            hashport::Policy::Bcrypt { cost } => RawPolicy::Bcrypt { cost: cost.into() },
            hashport::Policy::Scrypt { ln, r, p } => RawPolicy::Scrypt {
                ln: ln.into(),
                r: r.into(),
                p: p.into(),
            },
            hashport::Policy::Pbkdf2Sha256 { iterations } => RawPolicy::Pbkdf2Sha256 {
                iterations: iterations.into(),
            },
            hashport::Policy::Argon2id { m_kib, t, p } => RawPolicy::Argon2id {
                m_kib: m_kib.into(),
                t: t.into(),
                p: p.into(),
            },
            // A policy added to hashport later: shown as the default.
            _ => RawPolicy::Argon2id {
                m_kib: 19456,
                t: 2,
                p: 1,
            },
        };
        Self { raw }
    }
}

#[pymethods]
impl Policy {
    /// argon2id (the default: m_kib=19456, t=2, p=1, OWASP's first choice).
    #[staticmethod]
    #[pyo3(signature = (m_kib = 19456, t = 2, p = 1))]
    fn argon2id(m_kib: i128, t: i128, p: i128) -> Self {
        Self {
            raw: RawPolicy::Argon2id { m_kib, t, p },
        }
    }

    /// bcrypt `$2b$` at `cost` (log2 rounds).
    #[staticmethod]
    fn bcrypt(cost: i128) -> Self {
        Self {
            raw: RawPolicy::Bcrypt { cost },
        }
    }

    /// scrypt with N = 2**ln, block size r and parallelism p.
    #[staticmethod]
    fn scrypt(ln: i128, r: i128, p: i128) -> Self {
        Self {
            raw: RawPolicy::Scrypt { ln, r, p },
        }
    }

    /// PBKDF2-HMAC-SHA256 with `iterations`.
    #[staticmethod]
    fn pbkdf2_sha256(iterations: i128) -> Self {
        Self {
            raw: RawPolicy::Pbkdf2Sha256 { iterations },
        }
    }

    /// `argon2id`, `bcrypt`, `scrypt` or `pbkdf2_sha256`.
    #[getter]
    fn algorithm(&self) -> &'static str {
        match self.raw {
            RawPolicy::Argon2id { .. } => "argon2id",
            RawPolicy::Bcrypt { .. } => "bcrypt",
            RawPolicy::Scrypt { .. } => "scrypt",
            RawPolicy::Pbkdf2Sha256 { .. } => "pbkdf2_sha256",
        }
    }

    fn __repr__(&self) -> String {
        match self.raw {
            RawPolicy::Argon2id { m_kib, t, p } => {
                format!("Policy.argon2id(m_kib={m_kib}, t={t}, p={p})")
            }
            RawPolicy::Bcrypt { cost } => format!("Policy.bcrypt(cost={cost})"),
            RawPolicy::Scrypt { ln, r, p } => format!("Policy.scrypt(ln={ln}, r={r}, p={p})"),
            RawPolicy::Pbkdf2Sha256 { iterations } => {
                format!("Policy.pbkdf2_sha256(iterations={iterations})")
            }
        }
    }
}

/// Bounds on imported parameters: keyword arguments named as
/// `hashport::Limits`' fields (`LIMIT_NAMES`), checked together.
#[pyclass(frozen, eq, module = "hashport")]
#[derive(PartialEq)]
pub struct Limits {
    inner: hashport::Limits,
}

fn as_u64<T: TryInto<u64>>(value: T) -> u64 {
    value.try_into().unwrap_or(u64::MAX)
}

/// The `Limits` class's methods: one getter per limit, generated from the
/// field list (a limit hashport adds later is still settable by keyword;
/// the tests check every name in `hashport::Limits::NAMES` has a getter).
macro_rules! limits_methods {
    ($($name:ident),* $(,)?) => {
        impl Limits {
            fn get(&self, name: &str) -> Option<u64> {
                match name {
                    $(stringify!($name) => Some(as_u64(self.inner.$name)),)*
                    _ => None,
                }
            }
        }

        #[pymethods]
        impl Limits {
            #[new]
            #[pyo3(signature = (**limits))]
            fn new(py: Python<'_>, limits: Option<&Bound<'_, PyDict>>) -> PyResult<Self> {
                let mut inner = hashport::Limits::default();
                if let Some(limits) = limits {
                    for (key, value) in limits.iter() {
                        let key = key.cast::<PyString>()?.to_cow()?.into_owned();
                        let Some(&name) = hashport::Limits::NAMES.iter().find(|n| **n == key)
                        else {
                            return Err(to_pyerr(
                                py,
                                &setting_error(&key, "no such limit; see hashport.LIMIT_NAMES"),
                            ));
                        };
                        let number = int_value(name, &value)?;
                        let number = raise(py, number.map_or_else(
                            || Err(setting_error(name, "out of range")),
                            |n| bounded(name, n, u64::MAX),
                        ))?;
                        raise(py, guarded(|| inner.set(name, number)))?;
                    }
                }
                raise(py, guarded(|| inner.validate()))?;
                Ok(Self { inner })
            }

            $(
                #[getter]
                fn $name(&self) -> u64 {
                    as_u64(self.inner.$name)
                }
            )*

            /// Every limit by name.
            fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
                let d = PyDict::new(py);
                for name in hashport::Limits::NAMES {
                    if let Some(value) = self.get(name) {
                        d.set_item(*name, value)?;
                    }
                }
                Ok(d)
            }

            /// The limits that differ from the defaults.
            fn __repr__(&self) -> String {
                let defaults = Limits { inner: hashport::Limits::default() };
                let changed: Vec<String> = hashport::Limits::NAMES
                    .iter()
                    .filter_map(|name| {
                        let value = self.get(name)?;
                        (Some(value) != defaults.get(name)).then(|| format!("{name}={value}"))
                    })
                    .collect();
                format!("Limits({})", changed.join(", "))
            }
        }
    };
}

limits_methods!(
    max_password_len,
    max_hash_len,
    max_config_len,
    min_digest_len,
    max_digest_len,
    max_salt_len,
    bcrypt_max_cost,
    scrypt_max_n,
    scrypt_max_r,
    scrypt_max_p,
    scrypt_max_memory,
    firebase_max_mem_cost,
    firebase_max_rounds,
    pbkdf2_max_iterations,
    pbkdf2_max_work,
    argon2_max_m_kib,
    argon2_max_t,
    argon2_max_p,
    max_verify_millis,
);

// ---------------------------------------------------------------------------
// Engine

/// Verifies imported records at login and upgrades them to the native
/// policy. The package's `hashport.Engine` subclasses it (adding
/// `login_async`).
#[pyclass(frozen, subclass, module = "hashport._hashport", name = "Engine")]
pub struct Engine {
    inner: Arc<hashport::Engine>,
}

fn engine_options(retain_bytes: u64, max_concurrent_logins: usize) -> EngineOptions {
    let mut options = EngineOptions::default();
    options.retain_bytes = Some(retain_bytes);
    options.max_concurrent_logins = max_concurrent_logins;
    options
}

fn build_engine(
    policy: hashport::Policy,
    limits: hashport::Limits,
    retain: Option<u64>,
    max_logins: usize,
) -> Result<hashport::Engine, hashport::Error> {
    let retain = match retain {
        Some(bytes) => bytes,
        // The native policy's size: what a login at the policy needs.
        // Cheap: decodes a sample record, hashes nothing.
        None => guarded(|| policy.memory(&limits))?,
    };
    guarded(|| hashport::Engine::with_options(policy, limits, engine_options(retain, max_logins)))
}

/// The most logins a caller may ask to run at once.
const MAX_CONCURRENT_LOGINS: u64 = 1 << 20;

#[pymethods]
impl Engine {
    /// Builds an engine. This hashes and verifies a password with the
    /// policy (a self-check, tens of milliseconds at the default policy),
    /// with the GIL released.
    #[new]
    #[pyo3(signature = (policy = None, limits = None, retain_bytes = None, max_concurrent_logins = None))]
    fn new(
        py: Python<'_>,
        policy: Option<&Bound<'_, Policy>>,
        limits: Option<&Bound<'_, Limits>>,
        retain_bytes: Option<i128>,
        max_concurrent_logins: Option<i128>,
    ) -> PyResult<Self> {
        let policy = match policy {
            Some(p) => raise(py, p.get().resolve())?,
            None => hashport::Policy::default(),
        };
        let limits = limits.map_or_else(hashport::Limits::default, |l| l.get().inner.clone());
        let retain = match retain_bytes {
            Some(bytes) => Some(raise(py, bounded("retain_bytes", bytes, u64::MAX))?),
            None => None,
        };
        let max_logins = match max_concurrent_logins {
            Some(n) => raise(
                py,
                bounded_usize("max_concurrent_logins", n, MAX_CONCURRENT_LOGINS),
            )?,
            None => 0,
        };
        let engine = py.detach(|| build_engine(policy, limits, retain, max_logins));
        Ok(Self {
            inner: Arc::new(raise(py, engine)?),
        })
    }

    /// Checks `password` against `record` with the GIL released. `record`
    /// None is an unknown user: a mismatch after one dummy verification.
    /// Every rejection path costs one verification at the policy's cost.
    #[pyo3(signature = (record, password))]
    fn login(
        &self,
        py: Python<'_>,
        record: Option<&Bound<'_, Record>>,
        password: &Bound<'_, PyAny>,
    ) -> PyResult<Py<Login>> {
        let record = record.map(|r| r.get().owned());
        let password = password_bytes(password)?;
        let engine = &self.inner;
        let result = py.detach(|| {
            guarded(|| {
                let view = record.as_ref().map(OwnedRecord::view);
                engine.login(view.as_ref(), &password)
            })
        });
        py_login(py, raise(py, result)?)
    }

    /// Whether a match on `record` would offer an upgrade (decodes only;
    /// cannot see bcrypt's 72-byte truncation case, which needs the
    /// password). Raises for an undecodable record.
    fn needs_upgrade(&self, py: Python<'_>, record: &Bound<'_, Record>) -> PyResult<bool> {
        let view = record.get().view();
        raise(py, guarded(|| self.inner.needs_upgrade(&view)))
    }

    /// Hashes `password` with the native policy, with the GIL released.
    fn hash(&self, py: Python<'_>, password: &Bound<'_, PyAny>) -> PyResult<Py<NativeRecord>> {
        let password = password_bytes(password)?;
        let engine = &self.inner;
        let result = py.detach(|| guarded(|| engine.hash(&password)));
        py_native(py, raise(py, result)?)
    }

    /// Spends one verification at the policy's cost, with the GIL
    /// released: for callers that answer an unknown user themselves.
    fn dummy_verify(&self, py: Python<'_>, password: &Bound<'_, PyAny>) -> PyResult<()> {
        let password = password_bytes(password)?;
        let engine = &self.inner;
        let result = py.detach(|| {
            guarded(|| {
                engine.dummy_verify(&password);
                Ok(())
            })
        });
        raise(py, result)
    }

    /// The native policy.
    #[getter]
    fn policy(&self) -> Policy {
        Policy::from_policy(self.inner.policy())
    }

    /// The decoding limits.
    #[getter]
    fn limits(&self) -> Limits {
        Limits {
            inner: self.inner.limits().clone(),
        }
    }

    /// Bytes of working memory a login thread keeps between logins.
    #[getter]
    fn retain_bytes(&self) -> Option<u64> {
        self.inner.options().retain_bytes
    }

    fn __repr__(&self) -> String {
        format!(
            "Engine(policy={})",
            Policy::from_policy(self.inner.policy()).__repr__()
        )
    }
}

// ---------------------------------------------------------------------------
// Batch

/// Verifies many records at once on its own thread pool, within a memory
/// budget.
#[pyclass(frozen, module = "hashport")]
pub struct Batch {
    inner: Arc<hashport::Batch<'static>>,
}

/// The most threads a caller may ask for before hashport's own check.
const MAX_THREADS_ARG: u64 = 1 << 20;

/// One job's record and password, or the `TypeError` it raised.
fn batch_job(index: usize, item: &Bound<'_, PyAny>) -> PyResult<(OwnedRecord, Password)> {
    let pair = item.cast::<PyTuple>().map_err(|_| {
        PyTypeError::new_err(format!(
            "job {index}: expected a (record, password) tuple, not {}",
            type_name(item)
        ))
    })?;
    if pair.len() != 2 {
        return Err(PyTypeError::new_err(format!(
            "job {index}: expected a (record, password) tuple of 2 items, not {}",
            pair.len()
        )));
    }
    let record = pair.get_item(0)?;
    let record = record.cast::<Record>().map_err(|_| {
        PyTypeError::new_err(format!(
            "job {index}: record must be a hashport.Record, not {}",
            type_name(&record)
        ))
    })?;
    let password = password_bytes(&pair.get_item(1)?)?;
    Ok((record.get().owned(), password))
}

#[pymethods]
impl Batch {
    /// A batch verifying with `engine`'s policy and limits. `threads` 0 is
    /// one per core; `memory_budget` None is a quarter of the memory this
    /// process may use; `upgrade` False is a dry run (no upgrade hashes).
    #[new]
    #[pyo3(signature = (engine, threads = 0, memory_budget = None, upgrade = true))]
    fn new(
        py: Python<'_>,
        engine: &Bound<'_, Engine>,
        threads: i128,
        memory_budget: Option<i128>,
        upgrade: bool,
    ) -> PyResult<Self> {
        let mut options = BatchOptions::default();
        options.threads = raise(py, bounded_usize("threads", threads, MAX_THREADS_ARG))?;
        if let Some(budget) = memory_budget {
            options.memory_budget = raise(py, bounded("memory_budget", budget, u64::MAX))?;
        }
        options.upgrade = upgrade;
        let engine = Arc::clone(&engine.get().inner);
        let batch = py.detach(|| guarded(|| hashport::Batch::shared(engine, options)));
        Ok(Self {
            inner: Arc::new(raise(py, batch)?),
        })
    }

    /// The number of worker threads.
    #[getter]
    fn threads(&self) -> usize {
        self.inner.threads()
    }

    /// Verifies every `(record, password)` job on the batch's pool with the
    /// GIL released; one result per job, in input order: a `Login`, or the
    /// `HashportError` instance (not raised) of a job that failed.
    fn verify<'py>(
        &self,
        py: Python<'py>,
        jobs: &Bound<'py, PyAny>,
    ) -> PyResult<Vec<Bound<'py, PyAny>>> {
        let mut owned: Vec<(OwnedRecord, Password)> = Vec::new();
        for (index, item) in jobs.try_iter()?.enumerate() {
            owned.push(batch_job(index, &item?)?);
        }
        let batch = &self.inner;
        let results = py.detach(|| {
            guarded(|| {
                let views: Vec<Job<'_>> =
                    owned.iter().map(|(r, p)| Job::new(r.view(), p)).collect();
                Ok(batch.verify(&views))
            })
        });
        drop(owned);
        raise(py, results)?
            .into_iter()
            .map(|result| match result {
                Ok(login) => Ok(py_login(py, login)?.into_bound(py).into_any()),
                Err(e) => error_instance(py, &Failure::Hashport(e)),
            })
            .collect()
    }

    fn __repr__(&self) -> String {
        format!("Batch(threads={})", self.inner.threads())
    }
}

// ---------------------------------------------------------------------------
// Module

/// The compiled part of `hashport`; import `hashport` instead.
// `gil_used = true`: this abi3 (non-`abi3t`) module cannot load on a
// free-threaded interpreter anyway, and it has not been tested on one.
#[pymodule(gil_used = true)]
fn _hashport(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_class::<Record>()?;
    m.add_class::<NativeRecord>()?;
    m.add_class::<Upgrade>()?;
    m.add_class::<Login>()?;
    m.add_class::<Policy>()?;
    m.add_class::<Limits>()?;
    m.add_class::<Engine>()?;
    m.add_class::<Batch>()?;
    m.add("ERROR_KINDS", PyTuple::new(py, hashport::Error::KINDS)?)?;
    m.add("LIMIT_NAMES", PyTuple::new(py, hashport::Limits::NAMES)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
