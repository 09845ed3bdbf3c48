//! Pairs: two jobs verified side by side on one worker, where the hardware
//! can overlap their dependency chains (PBKDF2-SHA1 or -SHA256 jobs of the
//! same digest on a CPU with SHA-NI, and bcrypt jobs of equal cost). All of
//! the batch's pairing logic is here.

use crate::algs::Pbkdf2Digest;
use crate::engine::{Engine, Login};
use crate::record::Inner;
use crate::{Error, Outcome, Record, Verifier, check_password_len};

/// A batch's unit of work.
pub(super) enum Unit {
    /// A job whose record did not decode.
    Failed(usize, Error),
    /// One job.
    One(usize, Verifier),
    /// Two jobs verified side by side.
    Two((usize, Verifier), (usize, Verifier)),
}

/// Jobs with the same key verify faster together (see
/// `Engine::verify_inner_pair`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum PairKey {
    /// PBKDF2 with this digest (SHA-1 or SHA-256, on a CPU with SHA-NI).
    Pbkdf2(Pbkdf2Digest),
    /// bcrypt at this cost.
    Bcrypt(u32),
}

fn pair_key(verifier: &Verifier) -> Option<PairKey> {
    match verifier.inner() {
        Inner::Pbkdf2(p) => p.pairs_well().map(PairKey::Pbkdf2),
        Inner::Bcrypt(b) => Some(PairKey::Bcrypt(b.cost())),
        _ => None,
    }
}

/// Pairs up jobs that verify faster together ([`pair_key`]), each with the
/// next one of the same key in input order; every other job is its own
/// unit.
impl Unit {
    /// The cost model's estimate of the unit's time on one worker, for
    /// scheduling: a pair takes little longer than its longer job.
    pub(super) fn estimated_millis(&self) -> f64 {
        match self {
            Self::Failed(..) => 0.0,
            Self::One(_, v) => v.estimated_millis(),
            Self::Two((_, a), (_, b)) => a.estimated_millis().max(b.estimated_millis()) * 1.2,
        }
    }
}

pub(super) fn pair_up(decoded: Vec<Result<Verifier, Error>>) -> Vec<Unit> {
    let mut units = Vec::with_capacity(decoded.len());
    let mut waiting: Vec<(PairKey, (usize, Verifier))> = Vec::new();
    for (i, d) in decoded.into_iter().enumerate() {
        match d {
            Err(e) => units.push(Unit::Failed(i, e)),
            Ok(v) => match pair_key(&v) {
                None => units.push(Unit::One(i, v)),
                Some(key) => match waiting.iter().position(|(k, _)| *k == key) {
                    Some(at) => {
                        let (_, first) = waiting.swap_remove(at);
                        units.push(Unit::Two(first, (i, v)));
                    }
                    None => waiting.push((key, (i, v))),
                },
            },
        }
    }
    units.extend(waiting.into_iter().map(|(_, (i, v))| Unit::One(i, v)));
    units
}

/// Two verifications side by side where the hardware can overlap them
/// (`Pbkdf2::verify_pair`, `Bcrypt::verify_pair`), each with
/// `Engine::verify_inner`'s result; any other pair one after the other.
pub(super) fn verify_pair(
    engine: &Engine,
    a: (&Record<'_>, &Verifier, &[u8]),
    b: (&Record<'_>, &Verifier, &[u8]),
    upgrade: bool,
) -> [Result<Login, Error>; 2] {
    let limits = engine.limits();
    let checked = [
        check_password_len(a.2, limits),
        check_password_len(b.2, limits),
    ];
    let outcomes = match (a.1.inner(), b.1.inner(), checked) {
        (Inner::Pbkdf2(va), Inner::Pbkdf2(vb), [Ok(()), Ok(())]) => {
            Some(va.verify_pair(a.2, vb, b.2))
        }
        (Inner::Bcrypt(va), Inner::Bcrypt(vb), [Ok(()), Ok(())]) => {
            Some(va.verify_pair(a.2, vb, b.2))
        }
        _ => None,
    };
    match outcomes {
        Some([oa, ob]) => {
            let finish = |(record, verifier, password): (&Record<'_>, &Verifier, &[u8]),
                          ok: Result<bool, Error>| {
                let outcome = if ok? {
                    Outcome::Match
                } else {
                    Outcome::Mismatch
                };
                engine.conclude(record, verifier, password, outcome, upgrade)
            };
            [finish(a, oa), finish(b, ob)]
        }
        None => [
            engine.verify_inner(a.0, a.1, a.2, upgrade),
            engine.verify_inner(b.0, b.1, b.2, upgrade),
        ],
    }
}
