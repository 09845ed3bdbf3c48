//! Working memory for the memory-hard KDFs, allocated so that it goes back
//! to the system as soon as it is freed.
//!
//! glibc's malloc serves large requests with `mmap` and unmaps them on free,
//! but its *dynamic* mmap threshold rises to the size of every mapped block
//! freed (up to 32 MiB). After the first 16 MiB scrypt verification, the
//! next ones come from per-thread heap arenas, which keep the memory after
//! it is freed: a batch's resident memory then grows with its thread count
//! instead of staying within its budget (measured: 279 MiB peak for a
//! 48 MiB budget with 8 threads, tests/batch.rs). Reserving at least
//! [`MIN_RESERVE_BYTES`] keeps every such block above the threshold's
//! ceiling, so it is always mapped and unmapped; only the pages actually
//! written become resident, so the larger reservation costs address space,
//! not memory. Other allocators are unaffected.

use std::cell::Cell;

use crate::Error;

/// Just over glibc's `DEFAULT_MMAP_THRESHOLD_MAX` on 64-bit systems (32 MiB).
pub(crate) const MIN_RESERVE_BYTES: usize = (32 << 20) + (1 << 16);

/// Allocates `len` copies of `fill`, reserving at least
/// [`MIN_RESERVE_BYTES`] when `len` elements take 1 MiB or more.
pub(crate) fn alloc<T: Clone>(len: usize, fill: T) -> Result<Vec<T>, Error> {
    let size = std::mem::size_of::<T>().max(1);
    let bytes = len.saturating_mul(size);
    let reserve = if bytes >= 1 << 20 {
        len.max(MIN_RESERVE_BYTES / size + 1)
    } else {
        len
    };
    let mut v: Vec<T> = Vec::new();
    v.try_reserve_exact(reserve)
        .map_err(|_| Error::Internal("cannot allocate working memory"))?;
    v.resize(len, fill);
    Ok(v)
}

/// Largest argon2 memory a login thread keeps between verifications:
/// 64 MiB, the m = 65536 that libsodium and Auth0 write by default. Taking
/// it fresh costs about 40 ms of allocation and page faults per login
/// (benches/compare: 96 ms fresh against 57 ms reused).
pub(crate) const LOGIN_RETAIN_ARGON2_BYTES: usize = 64 << 20;

/// Largest scrypt V a login thread keeps: 32 MiB (N = 2^14 with r = 8
/// takes 16 MiB).
pub(crate) const LOGIN_RETAIN_SCRYPT_BYTES: usize = 32 << 20;

/// Which arena.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Arena {
    Argon2,
    Scrypt,
}

thread_local! {
    static RETAIN: Cell<(usize, usize)> =
        const { Cell::new((LOGIN_RETAIN_ARGON2_BYTES, LOGIN_RETAIN_SCRYPT_BYTES)) };
}

/// Whether this thread may keep `bytes` of working memory in `arena`
/// between verifications, saving the allocation and page faults of every
/// call. Login threads may keep [`LOGIN_RETAIN_ARGON2_BYTES`] and
/// [`LOGIN_RETAIN_SCRYPT_BYTES`]; the batch
/// verifier's threads only what their batch set aside from its budget.
pub(crate) fn may_retain(arena: Arena, bytes: usize) -> bool {
    let (argon2, scrypt) = RETAIN.with(Cell::get);
    bytes
        <= match arena {
            Arena::Argon2 => argon2,
            Arena::Scrypt => scrypt,
        }
}

/// Sets how much this thread may keep in each arena.
pub(crate) fn set_retain_limits(argon2: usize, scrypt: usize) {
    RETAIN.with(|r| r.set((argon2, scrypt)));
}
