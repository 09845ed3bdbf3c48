//! The batch verifier: many (record, password) pairs on a rayon pool, with
//! admission by estimated memory.
//!
//! Concurrency, not one hash, is what exhausts a server (Keycloak and
//! Authelia both ran out of memory on parallel argon2). Each verification
//! declares its estimated peak memory (the record's, or the native policy's
//! when an upgrade is hashed, whichever is larger) and waits until the sum
//! over verifications in flight stays within the budget. A single
//! verification larger than the whole budget is an error, never a wait.
//!
//! Workers keep argon2 and scrypt arenas between jobs, as login threads do,
//! when that costs at most a quarter of the budget (see `Arenas`). That
//! memory is set aside from the budget first; "the whole budget" above then
//! means the budget less it.

use std::sync::{Arc, Condvar, Mutex, PoisonError};

use rayon::prelude::*;

use self::pairs::{Unit, pair_up};
use crate::engine::{Engine, Login};
use crate::{Error, Record, Verifier};

mod memory;
mod pairs;

/// One pair to verify.
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub struct Job<'a> {
    /// The stored record.
    pub record: Record<'a>,
    /// The password to check.
    pub password: &'a [u8],
}

impl<'a> Job<'a> {
    /// A job from a record and a password.
    #[must_use]
    pub const fn new(record: Record<'a>, password: &'a [u8]) -> Self {
        Self { record, password }
    }
}

/// Batch settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct BatchOptions {
    /// Worker threads; 0 means one per available core; at most
    /// [`BatchOptions::MAX_THREADS`].
    pub threads: usize,
    /// Bytes that verifications in flight may use together (default: a
    /// quarter of the smaller of physical memory and the process's cgroup
    /// memory limit).
    pub memory_budget: u64,
    /// Whether matches on non-native records are re-hashed into upgrades.
    pub upgrade: bool,
}

impl BatchOptions {
    /// The most worker threads a batch may have.
    pub const MAX_THREADS: usize = 1024;
}

impl Default for BatchOptions {
    fn default() -> Self {
        Self {
            threads: 0,
            memory_budget: default_memory_budget(),
            upgrade: true,
        }
    }
}

/// A quarter of the memory this process may use (the smaller of physical
/// memory and its cgroup's limit, see [`memory`]), or 1 GiB where neither
/// can be read.
pub(crate) fn default_memory_budget() -> u64 {
    memory::available().map_or(1 << 30, |bytes| bytes / 4)
}

/// A memory budget: a counting semaphore in bytes.
#[derive(Debug)]
struct Budget {
    total: u64,
    in_use: Mutex<u64>,
    freed: Condvar,
}

struct Permit<'a> {
    budget: &'a Budget,
    bytes: u64,
}

impl Budget {
    fn acquire(&self, bytes: u64) -> Permit<'_> {
        let mut in_use = self.in_use.lock().unwrap_or_else(PoisonError::into_inner);
        while in_use.saturating_add(bytes) > self.total {
            in_use = self
                .freed
                .wait(in_use)
                .unwrap_or_else(PoisonError::into_inner);
        }
        *in_use += bytes;
        Permit {
            budget: self,
            bytes,
        }
    }
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        let mut in_use = self
            .budget
            .in_use
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        *in_use = in_use.saturating_sub(self.bytes);
        drop(in_use);
        self.budget.freed.notify_all();
    }
}

/// A batch verifier bound to an engine, with its own thread pool.
#[derive(Debug)]
pub struct Batch<'e> {
    engine: EngineRef<'e>,
    pool: rayon::ThreadPool,
    budget: Budget,
    upgrade: bool,
    /// The working memory each worker keeps, set aside from the budget.
    arenas: Arenas,
}

/// The engine a batch verifies with: borrowed ([`Batch::new`]) or shared
/// with its owner ([`Batch::shared`], for a binding object that holds both).
#[derive(Debug)]
enum EngineRef<'e> {
    Borrowed(&'e Engine),
    Shared(Arc<Engine>),
}

impl std::ops::Deref for EngineRef<'_> {
    type Target = Engine;
    fn deref(&self) -> &Engine {
        match self {
            Self::Borrowed(e) => e,
            Self::Shared(e) => e,
        }
    }
}

/// The working memory a batch worker keeps between jobs (and between calls
/// of [`Batch::verify`], so across the chunks of one `hashport verify` run):
/// an argon2 and a scrypt arena, each grown to the largest record of its
/// kind the worker has verified, up to a cap. A record that fits maps and
/// faults in no fresh memory: several milliseconds per 19 MiB on a VM
/// (measured: 14.4 s against 3.4 s without upgrades over the vector files,
/// 9.5 s of it in the kernel, before workers kept memory), about 15 ms per
/// scrypt N = 2^17 record (benches/compare, command-line path).
///
/// The caps are set aside from the budget, as if every worker had grown
/// its arenas to them, and only while that is at most a quarter of the
/// budget. The first of these that fits is taken: the largest records the
/// limits admit (`argon2_max_m_kib`, `scrypt_max_memory`); a login thread's
/// common sizes (64 MiB and 32 MiB: argon2 at m = 65536 and scrypt at
/// N = 2^14, r = 8);
/// the native policy's argon2 size when upgrades are hashed; nothing. Each
/// also covers the native policy's argon2 size when upgrades are hashed.
#[derive(Clone, Copy, Debug, Default)]
struct Arenas {
    argon2: u64,
    scrypt: u64,
}

impl Arenas {
    fn choose(engine: &Engine, options: &BatchOptions, threads: usize) -> Self {
        let policy = if options.upgrade {
            engine.policy_memory()
        } else {
            0
        };
        let common = Self {
            argon2: (64u64 << 20).max(policy),
            scrypt: 32 << 20,
        };
        let limits = engine.limits();
        let largest = Self {
            argon2: limits
                .argon2_max_m_kib
                .saturating_mul(1024)
                .max(common.argon2),
            scrypt: limits.scrypt_max_memory.max(common.scrypt),
        };
        let quarter = options.memory_budget / 4;
        [
            largest,
            common,
            Self {
                argon2: policy,
                scrypt: 0,
            },
        ]
        .into_iter()
        .find(|a| a.per_worker().saturating_mul(threads as u64) <= quarter)
        .unwrap_or_default()
    }

    fn per_worker(&self) -> u64 {
        self.argon2.saturating_add(self.scrypt)
    }

    /// The arena's size for `arena`.
    fn of(&self, arena: crate::scratch::Arena) -> u64 {
        match arena {
            crate::scratch::Arena::Argon2 => self.argon2,
            crate::scratch::Arena::Scrypt => self.scrypt,
        }
    }
}

impl<'e> Batch<'e> {
    /// A batch verifier for `engine`.
    ///
    /// # Errors
    /// [`Error::InvalidSetting`] for more than [`BatchOptions::MAX_THREADS`] threads;
    /// [`Error::OutOfMemory`] if the thread pool cannot be started.
    pub fn new(engine: &'e Engine, options: BatchOptions) -> Result<Self, Error> {
        Self::build(EngineRef::Borrowed(engine), options)
    }

    fn build(engine: EngineRef<'e>, options: BatchOptions) -> Result<Self, Error> {
        if options.threads > BatchOptions::MAX_THREADS {
            return Err(Error::InvalidSetting {
                setting: "threads",
                problem: "above the maximum of 1024",
            });
        }
        let threads = if options.threads == 0 {
            std::thread::available_parallelism().map_or(1, usize::from)
        } else {
            options.threads
        };
        let arenas = Arenas::choose(&engine, &options, threads);
        let kept = arenas.per_worker().saturating_mul(threads as u64);
        let retain = (
            usize::try_from(arenas.argon2).unwrap_or(0),
            usize::try_from(arenas.scrypt).unwrap_or(0),
        );
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .thread_name(|i| format!("hashport-{i}"))
            .start_handler(move |_| crate::scratch::set_retain_limits(retain.0, retain.1))
            .build()
            .map_err(|_| Error::OutOfMemory {
                what: "thread pool",
            })?;
        Ok(Self {
            engine,
            pool,
            budget: Budget {
                total: options.memory_budget.saturating_sub(kept),
                in_use: Mutex::new(0),
                freed: Condvar::new(),
            },
            upgrade: options.upgrade,
            arenas,
        })
    }
}

impl Batch<'static> {
    /// A batch verifier that shares ownership of `engine`, so that one
    /// object (a binding's `Batch`) can hold both.
    ///
    /// # Errors
    /// As [`Batch::new`].
    pub fn shared(engine: Arc<Engine>, options: BatchOptions) -> Result<Self, Error> {
        Self::build(EngineRef::Shared(engine), options)
    }
}

impl Batch<'_> {
    /// Worker threads in the pool.
    #[must_use]
    pub fn threads(&self) -> usize {
        self.pool.current_num_threads()
    }

    /// Verifies every job in parallel; one result per job, in input order.
    /// One bad job never affects the others.
    ///
    /// bcrypt jobs of equal cost, and PBKDF2-SHA1 or -SHA256 jobs of the
    /// same digest where the CPU has SHA-NI, are verified two at a time on one worker: their dependency
    /// chains interleave, and a pair takes little longer than one (see
    /// `benches/batch.rs`, `pairs`). Only when there are at least twice as
    /// many jobs as workers: with fewer, pairing would leave workers idle.
    #[must_use]
    pub fn verify(&self, jobs: &[Job<'_>]) -> Vec<Result<Login, Error>> {
        self.pool.install(|| {
            let decoded: Vec<Result<Verifier, Error>> = jobs
                .par_iter()
                .map(|job| self.engine.decode(&job.record))
                .collect();
            // Pairs trade parallelism for per-core throughput: only worth it
            // when there are enough jobs to keep every worker busy anyway.
            let units = if jobs.len() >= 2 * self.threads() {
                pair_up(decoded)
            } else {
                decoded
                    .into_iter()
                    .enumerate()
                    .map(|(i, d)| match d {
                        Ok(v) => Unit::One(i, v),
                        Err(e) => Unit::Failed(i, e),
                    })
                    .collect()
            };
            let done = self.run_longest_first(jobs, units);
            let mut results: Vec<Option<Result<Login, Error>>> =
                std::iter::repeat_with(|| None).take(jobs.len()).collect();
            for (i, result) in done {
                if let Some(slot) = results.get_mut(i) {
                    *slot = Some(result);
                }
            }
            results
                .into_iter()
                .map(|r| r.unwrap_or(Err(Error::Internal("batch lost a result"))))
                .collect()
        })
    }

    /// The same results as [`Batch::verify`], computed one job at a time on
    /// the calling thread.
    #[must_use]
    pub fn verify_sequential(&self, jobs: &[Job<'_>]) -> Vec<Result<Login, Error>> {
        jobs.iter()
            .map(|job| {
                let verifier = self.engine.decode(&job.record)?;
                self.verify_one(job, &verifier)
            })
            .collect()
    }

    /// Runs every unit on the pool's workers, longest first (by the cost
    /// model), each worker taking the next unit when it is done: the
    /// classic longest-processing-time schedule. In input order, a slow
    /// record near the end of a chunk kept one worker busy while the others
    /// had nothing left; this way the chunk ends on its shortest units.
    fn run_longest_first(
        &self,
        jobs: &[Job<'_>],
        mut units: Vec<Unit>,
    ) -> Vec<(usize, Result<Login, Error>)> {
        units.sort_by(|a, b| b.estimated_millis().total_cmp(&a.estimated_millis()));
        let queue = Mutex::new(units.into_iter());
        let done = Mutex::new(Vec::with_capacity(jobs.len()));
        let next = || queue.lock().unwrap_or_else(PoisonError::into_inner).next();
        self.pool.scope(|scope| {
            for _ in 0..self.threads() {
                scope.spawn(|_| {
                    let mut mine = Vec::new();
                    while let Some(unit) = next() {
                        mine.extend(self.run(jobs, unit));
                    }
                    done.lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .append(&mut mine);
                });
            }
        });
        done.into_inner().unwrap_or_else(PoisonError::into_inner)
    }

    /// Runs one unit of work, returning each job's index and result.
    fn run(&self, jobs: &[Job<'_>], unit: Unit) -> Vec<(usize, Result<Login, Error>)> {
        let job = |i: usize| jobs.get(i).ok_or(Error::Internal("batch job index"));
        match unit {
            Unit::Failed(i, e) => vec![(i, Err(e))],
            Unit::One(i, v) => vec![(i, job(i).and_then(|j| self.verify_one(j, &v)))],
            Unit::Two((i, vi), (k, vk)) => {
                let (Ok(ji), Ok(jk)) = (job(i), job(k)) else {
                    return vec![(i, Err(Error::Internal("batch job index")))];
                };
                let (need_i, need_k) = (self.need(&vi), self.need(&vk));
                if need_i.saturating_add(need_k) > self.budget.total {
                    // Over the budget together: one after the other.
                    return vec![(i, self.verify_one(ji, &vi)), (k, self.verify_one(jk, &vk))];
                }
                let _permit = self.budget.acquire(need_i.saturating_add(need_k));
                let [ri, rk] = pairs::verify_pair(
                    &self.engine,
                    (&ji.record, &vi, ji.password),
                    (&jk.record, &vk, jk.password),
                    self.upgrade,
                );
                vec![(i, ri), (k, rk)]
            }
        }
    }

    /// What one job allocates beyond the workers' arenas: the record's
    /// memory (less what goes into an arena it fits), and the native hash
    /// of an upgrade where it does not fit the argon2 arena.
    fn need(&self, verifier: &Verifier) -> u64 {
        let own = verifier.memory();
        let own = match verifier.arena() {
            Some((arena, bytes)) if bytes <= self.arenas.of(arena) => own.saturating_sub(bytes),
            _ => own,
        };
        let policy = self.engine.policy_memory();
        if self.upgrade && policy > self.arenas.argon2 {
            own.max(policy)
        } else {
            own
        }
    }

    fn verify_one(&self, job: &Job<'_>, verifier: &Verifier) -> Result<Login, Error> {
        let need = self.need(verifier);
        if need > self.budget.total {
            return Err(Error::OverBudget {
                need,
                budget: self.budget.total,
            });
        }
        let _permit = self.budget.acquire(need);
        self.engine
            .verify_inner(&job.record, verifier, job.password, self.upgrade)
    }
}
