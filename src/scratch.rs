//! Working memory for the memory-hard KDFs (scrypt's V, argon2's blocks).
//!
//! Each region is its own anonymous mapping (`memmap2`), so it goes back to
//! the system the moment it is dropped, whatever the allocator. On Linux it
//! is also prefaulted in one call (`MADV_POPULATE_WRITE`, Linux 5.14+)
//! instead of one page fault per page; where the kernel cannot supply the
//! memory, this fails cleanly with an error instead of a fault
//! mid-computation.
//!
//! Regions a thread keeps are also advised for transparent huge pages
//! (`MADV_HUGEPAGE`): scrypt and argon2 read their memory at random, and
//! with 2 MiB pages a 64 MiB arena needs 32 TLB entries. The kernel uses
//! huge pages only for whole, aligned 2 MiB ranges inside the mapping, so
//! nothing outside the requested length becomes resident. One-off regions
//! are not: under a hypervisor that takes back freed guest memory (free
//! page reporting, as on this project's VMs), huge pages freed a few
//! seconds earlier must be faulted in again on the host side.
//!
//! Measured (scrypt N = 2^17 r = 8, 128 MiB, fresh memory each call, AMD
//! EPYC VM, THP `madvise`): 301 ms with a `Vec` (32,768 page faults per
//! call), 290 ms prefaulted; prefaulted huge pages 235 ms back to back but
//! 475-580 ms after a few idle seconds, which is what sporadic logins see.
//! Both advices are hints: where they are unavailable (older kernels,
//! other systems, THP disabled) the memory is an ordinary mapping.
//!
//! A thread may also keep a region between verifications ([`may_retain`]):
//! login threads keep up to [`LOGIN_RETAIN_ARGON2_BYTES`] and
//! [`LOGIN_RETAIN_SCRYPT_BYTES`], batch workers what their batch set aside.
//! What threads on the default setting keep is also bounded for the whole
//! process ([`process_retain_cap`]: one login thread's worth per core), so
//! that a runtime with hundreds of blocking threads cannot pile up kept
//! memory; past it, a login maps fresh memory as if it kept nothing.

use std::cell::{Cell, RefCell};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::Error;

const NO_MEMORY: Error = Error::OutOfMemory {
    what: "working memory",
};

/// One anonymous mapping of working memory.
pub(crate) struct Region {
    map: memmap2::MmapMut,
}

impl Region {
    /// Maps `bytes` (at least one page) of zeroed memory, advised for huge
    /// pages if `huge`.
    fn new(bytes: usize, huge: bool) -> Result<Self, Error> {
        let map = memmap2::MmapOptions::new()
            .len(bytes.max(1))
            .map_anon()
            .map_err(|_| NO_MEMORY)?;
        #[cfg(target_os = "linux")]
        {
            if huge {
                // A hint only: EINVAL where THP is compiled out.
                let _ = map.advise(memmap2::Advice::HugePage);
            }
            // EINVAL before Linux 5.14: the pages then fault in on first use.
            if let Err(e) = map.advise(memmap2::Advice::PopulateWrite)
                && e.kind() == std::io::ErrorKind::OutOfMemory
            {
                return Err(NO_MEMORY);
            }
        }
        #[cfg(not(target_os = "linux"))]
        let _ = huge;
        Ok(Self { map })
    }

    fn len(&self) -> usize {
        self.map.len()
    }

    /// The first `count` elements of the region as `T`s.
    fn slice<T: bytemuck::Pod>(&mut self, count: usize) -> Result<&mut [T], Error> {
        let bytes = count
            .checked_mul(std::mem::size_of::<T>())
            .ok_or(NO_MEMORY)?;
        let raw = self.map.get_mut(..bytes).ok_or(NO_MEMORY)?;
        // The mapping is page-aligned, so this only fails for a `T` with an
        // alignment above the page size.
        bytemuck::try_cast_slice_mut(raw).map_err(|_| Error::Internal("working memory misaligned"))
    }
}

/// Largest argon2 memory a login thread keeps between verifications:
/// 64 MiB, the m = 65536 that libsodium and Auth0 write by default. Taking
/// it fresh costs about 40 ms of allocation and page faults per login
/// (benches/compare: 96 ms fresh against 57 ms reused).
pub(crate) const LOGIN_RETAIN_ARGON2_BYTES: usize = 64 << 20;

/// Largest scrypt V a login thread keeps: 128 MiB, N = 2^17 with r = 8
/// (and N = 2^14 with r = 8 takes 16 MiB). Taking 128 MiB fresh costs a
/// scrypt 2^17 login about 50 ms of page supply on this project's VMs
/// (benches/compare: 290-316 ms fresh against 250 ms kept, where
/// libsodium, which mallocs per call, takes 313 ms). A thread keeps only
/// what the records it verified needed, so a server whose users are at
/// N = 2^14 keeps 16 MiB per thread.
pub(crate) const LOGIN_RETAIN_SCRYPT_BYTES: usize = 128 << 20;

/// Bytes kept by threads on the default setting, across the process.
static KEPT_BY_DEFAULT_THREADS: AtomicUsize = AtomicUsize::new(0);

/// The most that threads on the default setting keep together: one login
/// thread's worth ([`LOGIN_RETAIN_ARGON2_BYTES`] plus
/// [`LOGIN_RETAIN_SCRYPT_BYTES`]) per core, which is also what
/// [`crate::Engine::login`]'s default concurrency (one login per core) can
/// have mapped at once anyway.
pub(crate) fn process_retain_cap() -> usize {
    static CAP: OnceLock<usize> = OnceLock::new();
    *CAP.get_or_init(|| {
        std::thread::available_parallelism()
            .map_or(1, usize::from)
            .saturating_mul(LOGIN_RETAIN_ARGON2_BYTES.saturating_add(LOGIN_RETAIN_SCRYPT_BYTES))
    })
}

/// Takes `bytes` from `counter` if the total stays within `cap`.
fn reserve(counter: &AtomicUsize, bytes: usize, cap: usize) -> bool {
    counter
        .fetch_update(Ordering::AcqRel, Ordering::Acquire, |kept| {
            kept.checked_add(bytes).filter(|&total| total <= cap)
        })
        .is_ok()
}

/// Gives `bytes` taken by [`reserve`] back to `counter` (never below zero).
fn release(counter: &AtomicUsize, bytes: usize) {
    let _ = counter.fetch_update(Ordering::AcqRel, Ordering::Acquire, |kept| {
        Some(kept.saturating_sub(bytes))
    });
}

/// A region a thread keeps, counted against the process-wide cap if the
/// thread is on the default setting.
struct Kept {
    region: Region,
    counted: Option<&'static AtomicUsize>,
}

impl Drop for Kept {
    fn drop(&mut self) {
        if let Some(counter) = self.counted {
            release(counter, self.region.len());
        }
    }
}

/// Which arena.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Arena {
    Argon2,
    Scrypt,
}

thread_local! {
    static RETAIN: Cell<(usize, usize)> =
        const { Cell::new((LOGIN_RETAIN_ARGON2_BYTES, LOGIN_RETAIN_SCRYPT_BYTES)) };
    /// Whether this thread is on the default setting (never given limits by
    /// [`set_retain_limits`]), and so counted against [`process_retain_cap`].
    static DEFAULT_SETTING: Cell<bool> = const { Cell::new(true) };
    static KEPT: RefCell<(Option<Kept>, Option<Kept>)> = const { RefCell::new((None, None)) };
}

/// Whether this thread may keep `bytes` of working memory in `arena`
/// between verifications, saving the mapping and page faults of every
/// call. Login threads may keep [`LOGIN_RETAIN_ARGON2_BYTES`] and
/// [`LOGIN_RETAIN_SCRYPT_BYTES`]; the batch verifier's threads only what
/// their batch set aside from its budget.
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
    DEFAULT_SETTING.with(|d| d.set(false));
    // Drop what is now over the limit.
    KEPT.with(|kept| {
        if let Ok(mut kept) = kept.try_borrow_mut() {
            if kept.0.as_ref().is_some_and(|k| k.region.len() > argon2) {
                kept.0 = None;
            }
            if kept.1.as_ref().is_some_and(|k| k.region.len() > scrypt) {
                kept.1 = None;
            }
        }
    });
}

/// Runs `f` on `count` elements of working memory for `arena`: this
/// thread's kept region where [`may_retain`] allows (grown as needed, its
/// previous contents left in place), otherwise a fresh zeroed region,
/// unmapped afterwards. `f` must not rely on the memory's contents.
pub(crate) fn with_memory<T: bytemuck::Pod, R>(
    arena: Arena,
    count: usize,
    f: impl FnOnce(&mut [T]) -> R,
) -> Result<R, Error> {
    let bytes = count
        .checked_mul(std::mem::size_of::<T>())
        .ok_or(NO_MEMORY)?;
    if !may_retain(arena, bytes) {
        let mut region = Region::new(bytes, false)?;
        return Ok(f(region.slice(count)?));
    }
    KEPT.with(|kept| {
        let mut kept = kept
            .try_borrow_mut()
            .map_err(|_| Error::Internal("working memory in use"))?;
        let slot = match arena {
            Arena::Argon2 => &mut kept.0,
            Arena::Scrypt => &mut kept.1,
        };
        if slot.as_ref().is_none_or(|k| k.region.len() < bytes) {
            // Unmap the old region before mapping the larger one.
            *slot = None;
            let counted = if DEFAULT_SETTING.with(Cell::get) {
                let counter = &KEPT_BY_DEFAULT_THREADS;
                if !reserve(counter, bytes, process_retain_cap()) {
                    // The process keeps enough already: this one is one-off.
                    let mut region = Region::new(bytes, false)?;
                    return Ok(f(region.slice(count)?));
                }
                Some(counter)
            } else {
                None
            };
            // Built before the mapping so that a failed mapping gives the
            // reservation back.
            let region = match Region::new(bytes, true) {
                Ok(region) => region,
                Err(e) => {
                    if let Some(counter) = counted {
                        release(counter, bytes);
                    }
                    return Err(e);
                }
            };
            *slot = Some(Kept { region, counted });
        }
        let kept = slot.as_mut().ok_or(NO_MEMORY)?;
        Ok(f(kept.region.slice(count)?))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reserve_stays_within_the_cap() {
        let counter = AtomicUsize::new(0);
        assert!(reserve(&counter, 60, 100));
        assert!(!reserve(&counter, 41, 100));
        assert_eq!(counter.load(Ordering::Acquire), 60);
        assert!(reserve(&counter, 40, 100));
        assert!(!reserve(&counter, 1, 100));
        assert!(!reserve(&counter, usize::MAX, usize::MAX));
        assert_eq!(counter.load(Ordering::Acquire), 100);
    }

    #[test]
    fn kept_regions_give_their_bytes_back() {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let bytes = 1 << 20;
        assert!(reserve(&COUNTER, bytes, bytes));
        let kept = Kept {
            region: Region::new(bytes, true).unwrap(),
            counted: Some(&COUNTER),
        };
        assert_eq!(COUNTER.load(Ordering::Acquire), bytes);
        drop(kept);
        assert_eq!(COUNTER.load(Ordering::Acquire), 0);
        // An uncounted region leaves the counter alone.
        drop(Kept {
            region: Region::new(bytes, true).unwrap(),
            counted: None,
        });
        assert_eq!(COUNTER.load(Ordering::Acquire), 0);
    }

    #[test]
    fn default_threads_keep_counted_and_limited_threads_uncounted() {
        // A thread on the default setting keeps its region, counted against
        // the process cap (other tests' threads may keep memory at the same
        // time, so the shared total is not checked here).
        let bytes = 3 << 20;
        let kept = std::thread::spawn(move || {
            with_memory::<u64, _>(Arena::Scrypt, bytes / 8, |m| m.len()).unwrap();
            KEPT.with(|k| {
                k.borrow()
                    .1
                    .as_ref()
                    .map(|k| (k.region.len(), k.counted.is_some()))
            })
        })
        .join()
        .unwrap();
        assert_eq!(kept, Some((bytes, true)));
        // A thread with explicit limits keeps uncounted.
        let kept = std::thread::spawn(move || {
            set_retain_limits(bytes, bytes);
            with_memory::<u64, _>(Arena::Scrypt, bytes / 8, |m| m.len()).unwrap();
            KEPT.with(|k| k.borrow().1.as_ref().map(|k| k.counted.is_some()))
        })
        .join()
        .unwrap();
        assert_eq!(kept, Some(false));
        assert!(process_retain_cap() >= LOGIN_RETAIN_ARGON2_BYTES + LOGIN_RETAIN_SCRYPT_BYTES);
    }
}
