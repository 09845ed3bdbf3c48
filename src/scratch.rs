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

use std::cell::{Cell, RefCell};

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

/// Largest scrypt V a login thread keeps: 32 MiB (N = 2^14 with r = 8
/// takes 16 MiB).
pub(crate) const LOGIN_RETAIN_SCRYPT_BYTES: usize = 32 << 20;

/// Which arena.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Arena {
    Argon2,
    Scrypt,
}

thread_local! {
    static RETAIN: Cell<(usize, usize)> =
        const { Cell::new((LOGIN_RETAIN_ARGON2_BYTES, LOGIN_RETAIN_SCRYPT_BYTES)) };
    static KEPT: RefCell<(Option<Region>, Option<Region>)> = const { RefCell::new((None, None)) };
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
    // Drop what is now over the limit.
    KEPT.with(|kept| {
        if let Ok(mut kept) = kept.try_borrow_mut() {
            if kept.0.as_ref().is_some_and(|r| r.len() > argon2) {
                kept.0 = None;
            }
            if kept.1.as_ref().is_some_and(|r| r.len() > scrypt) {
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
        if slot.as_ref().is_none_or(|r| r.len() < bytes) {
            // Unmap the old region before mapping the larger one.
            *slot = None;
            *slot = Some(Region::new(bytes, true)?);
        }
        let region = slot.as_mut().ok_or(NO_MEMORY)?;
        Ok(f(region.slice(count)?))
    })
}
