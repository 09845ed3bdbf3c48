//! Raw bcrypt on RustCrypto's `blowfish` crate (its `bcrypt` feature), as an
//! implementation independent of hashport's own EksBlowfish. Shared by the
//! `verify` fuzz target and `tests/props.rs` (through `#[path]`).

use blowfish::Blowfish;

/// The first 23 bytes of bcrypt's ciphertext of "OrpheanBeholderScryDoubt"
/// for `key` exactly as EksBlowfish cycles it: the caller appends the NUL
/// terminator (or not, for `$2$`) and cuts to 72 bytes. `key` must not be
/// empty.
#[must_use]
pub fn bcrypt_raw(cost: u32, salt: &[u8; 16], key: &[u8]) -> [u8; 23] {
    let mut state = Blowfish::bc_init_state();
    state.salted_expand_key(salt, key);
    for _ in 0..1u64 << cost {
        state.bc_expand_key(key);
        state.bc_expand_key(salt);
    }
    let mut words = [0u32; 6];
    for (w, chunk) in words
        .iter_mut()
        .zip(b"OrpheanBeholderScryDoubt".chunks_exact(4))
    {
        *w = u32::from_be_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
    }
    for pair in words.chunks_exact_mut(2) {
        for _ in 0..64 {
            let [l, r] = state.bc_encrypt([pair[0], pair[1]]);
            pair[0] = l;
            pair[1] = r;
        }
    }
    let mut out = [0u8; 23];
    for (i, b) in words
        .iter()
        .flat_map(|w| w.to_be_bytes())
        .take(23)
        .enumerate()
    {
        out[i] = b;
    }
    out
}
