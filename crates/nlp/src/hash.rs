//! Small, fast, deterministic hashing and random-number helpers.
//!
//! Feature hashing needs a stable hash (models are saved to disk), so we do not
//! use `std`'s randomly seeded `DefaultHasher`.

const K: u64 = 0x9E37_79B9_7F4A_7C15;

/// Hashes a byte string (FNV-1a style over 8-byte chunks, then finalised).
#[inline]
pub fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ (bytes.len() as u64);
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let v = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        h = (h ^ v).wrapping_mul(0x0000_0100_0000_01b3).rotate_left(29);
    }
    for &b in chunks.remainder() {
        h = (h ^ b as u64).wrapping_mul(0x0000_0100_0000_01b3);
    }
    fmix(h)
}

/// Hashes a string.
#[inline]
pub fn hash_str(s: &str) -> u64 {
    hash_bytes(s.as_bytes())
}

/// Final avalanche (murmur3 fmix64).
#[inline]
pub fn fmix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^= h >> 33;
    h
}

/// Combines two hashes (order-sensitive).
#[inline(always)]
pub fn mix(a: u64, b: u64) -> u64 {
    (a.rotate_left(23) ^ b).wrapping_mul(K) ^ (b >> 29)
}

/// Combines a template id with up to three values into a feature hash.
#[inline(always)]
pub fn feat(t: u64, a: u64) -> u64 {
    mix(t.wrapping_mul(0x2545_F491_4F6C_DD1D), a)
}
/// Two-value feature.
#[inline(always)]
pub fn feat2(t: u64, a: u64, b: u64) -> u64 {
    mix(feat(t, a), b)
}
/// Three-value feature.
#[inline(always)]
pub fn feat3(t: u64, a: u64, b: u64, c: u64) -> u64 {
    mix(feat2(t, a, b), c)
}

/// Deterministic SplitMix64 random-number generator (seeded).
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// New generator from a seed.
    pub fn new(seed: u64) -> Self {
        Rng(seed ^ 0x853c_49e6_748f_ea9b)
    }
    /// Next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(K);
        fmix(self.0)
    }
    /// Uniform float in [0, 1).
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// Uniform integer in [0, n).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
    /// Fisher-Yates shuffle.
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.below(i + 1);
            v.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn stable_hashes() {
        assert_eq!(hash_str("the"), hash_str("the"));
        assert_ne!(hash_str("the"), hash_str("The"));
        assert_ne!(feat2(1, 2, 3), feat2(1, 3, 2));
        let mut a = Rng::new(7);
        let mut b = Rng::new(7);
        assert_eq!(a.next_u64(), b.next_u64());
    }
}
