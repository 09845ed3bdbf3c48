//! Bounds on imported parameters.
//!
//! Imported costs are attacker input: a record with scrypt N = 2^30 would ask
//! for 128 GiB. Every decoder checks every cost against these limits before
//! any work is done, so a [`crate::Verifier`] that exists is always cheap
//! enough to run. The defaults keep one verification near or under 128 MiB of
//! memory and about a second of one core on current hardware; minimums are the
//! algorithms' own (a weak but valid legacy hash is verified, then upgraded,
//! never rejected: rejecting it would lock its user out).

/// Configurable bounds, checked when a record is decoded.
///
/// ```
/// let mut limits = hashport::Limits::default();
/// limits.bcrypt_max_cost = 14;
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// Longest password accepted, in bytes (default 4096, as passlib). Checked
    /// before any hashing.
    pub max_password_len: usize,
    /// Longest `passwordHash`, in bytes (default 4096).
    pub max_hash_len: usize,
    /// Longest `passwordHashConfig`, in bytes (default 4095, the API's own limit).
    pub max_config_len: usize,
    /// Shortest expected digest in bytes (default 10): a shorter digest lets
    /// wrong passwords through by chance too often.
    pub min_digest_len: usize,
    /// Longest expected digest in bytes (default 1024).
    pub max_digest_len: usize,
    /// Longest salt in bytes (default 1024).
    pub max_salt_len: usize,
    /// Highest bcrypt cost (log2 of rounds; default 16, about 4 s at 2^16 rounds).
    pub bcrypt_max_cost: u32,
    /// Highest scrypt N (default 2^20).
    pub scrypt_max_n: u64,
    /// Highest scrypt r (default 32).
    pub scrypt_max_r: u64,
    /// Highest scrypt p (default 16).
    pub scrypt_max_p: u64,
    /// Highest scrypt and Firebase scrypt working memory, 128 * N * r bytes (default 128 MiB).
    pub scrypt_max_memory: u64,
    /// Highest Firebase memCost, log2 N (default 17).
    pub firebase_max_mem_cost: u64,
    /// Highest Firebase rounds, the scrypt r (default 16).
    pub firebase_max_rounds: u64,
    /// Highest PBKDF2 iteration count (default 10,000,000).
    pub pbkdf2_max_iterations: u64,
    /// Highest PBKDF2 work, iterations times output blocks (default 20,000,000).
    pub pbkdf2_max_work: u64,
    /// Highest argon2 memory in KiB (default 131072 = 128 MiB).
    pub argon2_max_m_kib: u64,
    /// Highest argon2 passes t (default 16).
    pub argon2_max_t: u64,
    /// Highest argon2 lanes p (default 16).
    pub argon2_max_p: u64,
}

impl Limits {
    /// The default limits, as documented on each field.
    pub const DEFAULT: Self = Self {
        max_password_len: 4096,
        max_hash_len: 4096,
        max_config_len: 4095,
        min_digest_len: 10,
        max_digest_len: 1024,
        max_salt_len: 1024,
        bcrypt_max_cost: 16,
        scrypt_max_n: 1 << 20,
        scrypt_max_r: 32,
        scrypt_max_p: 16,
        scrypt_max_memory: 128 << 20,
        firebase_max_mem_cost: 17,
        firebase_max_rounds: 16,
        pbkdf2_max_iterations: 10_000_000,
        pbkdf2_max_work: 20_000_000,
        argon2_max_m_kib: 131_072,
        argon2_max_t: 16,
        argon2_max_p: 16,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Self::DEFAULT
    }
}
