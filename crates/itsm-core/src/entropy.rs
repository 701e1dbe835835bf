//! Randomness as a parameter: the [`Entropy`] trait and its implementations.
//!
//! Policy code never reaches for a global random number generator. It takes an
//! `&impl Entropy`, so production passes [`SystemEntropy`] (the operating
//! system's generator through ring) and tests pass a seeded source with fixed
//! output. The trait exists because ring's `SecureRandom` is sealed: only ring
//! can implement it.

use ring::rand::SecureRandom;

use crate::Error;

/// A source of random bytes for secrets, ids and tokens.
///
/// Implement it over the host's own generator if it has one; it must be a
/// cryptographically secure generator in production.
///
/// # Examples
///
/// ```
/// use itsm_core::{Entropy, SystemEntropy};
///
/// let mut secret = [0u8; 20];
/// SystemEntropy::new().fill(&mut secret)?;
/// assert_ne!(secret, [0u8; 20]);
/// # Ok::<(), itsm_core::Error>(())
/// ```
pub trait Entropy {
    /// Fills `dest` entirely with random bytes.
    ///
    /// # Errors
    ///
    /// [`Error::Entropy`] when no random bytes could be produced; `dest` must
    /// then not be used.
    fn fill(&self, dest: &mut [u8]) -> Result<(), Error>;
}

impl<T: Entropy + ?Sized> Entropy for &T {
    fn fill(&self, dest: &mut [u8]) -> Result<(), Error> {
        (**self).fill(dest)
    }
}

impl<T: Entropy + ?Sized> Entropy for Box<T> {
    fn fill(&self, dest: &mut [u8]) -> Result<(), Error> {
        (**self).fill(dest)
    }
}

/// `N` random bytes from `entropy`.
///
/// # Errors
///
/// [`Error::Entropy`] when the source fails.
///
/// # Examples
///
/// ```
/// use itsm_core::{SystemEntropy, fill_array};
///
/// let key: [u8; 32] = fill_array(&SystemEntropy::new())?;
/// assert_eq!(key.len(), 32);
/// # Ok::<(), itsm_core::Error>(())
/// ```
pub fn fill_array<const N: usize>(entropy: &(impl Entropy + ?Sized)) -> Result<[u8; N], Error> {
    let mut bytes = [0u8; N];
    entropy.fill(&mut bytes)?;
    Ok(bytes)
}

/// The production source: the operating system's generator, through
/// `ring::rand::SystemRandom`.
#[derive(Debug, Clone)]
pub struct SystemEntropy {
    rng: ring::rand::SystemRandom,
}

impl SystemEntropy {
    /// A handle on the operating system's generator. Cheap; share or clone it.
    #[must_use]
    pub fn new() -> Self {
        Self {
            rng: ring::rand::SystemRandom::new(),
        }
    }
}

impl Default for SystemEntropy {
    fn default() -> Self {
        Self::new()
    }
}

impl Entropy for SystemEntropy {
    fn fill(&self, dest: &mut [u8]) -> Result<(), Error> {
        self.rng.fill(dest).map_err(|_| Error::Entropy)
    }
}

#[cfg(feature = "test-util")]
pub use seeded::SeededEntropy;

#[cfg(feature = "test-util")]
mod seeded {
    use std::fmt;
    use std::sync::atomic::{AtomicU64, Ordering};

    use ring::digest::{Context, SHA256};

    use super::Entropy;
    use crate::Error;

    const DOMAIN: &[u8] = b"itsm-core seeded entropy v1";

    /// A deterministic byte stream for tests and examples: the same seed gives
    /// the same bytes, call after call. **Not for production**: anyone who
    /// knows the seed knows every secret drawn from it.
    ///
    /// Block `i` of the stream is SHA-256 over a domain label, the seed and
    /// `i`; each `fill` takes the next whole blocks, so the output depends on
    /// the sequence of calls, not on timing. Shared between threads, it still
    /// hands each call distinct blocks, in an order that depends on scheduling.
    ///
    /// Only with the `test-util` feature.
    ///
    /// # Examples
    ///
    /// ```
    /// use itsm_core::{Entropy, SeededEntropy, fill_array};
    ///
    /// let a: [u8; 16] = fill_array(&SeededEntropy::new(7))?;
    /// let b: [u8; 16] = fill_array(&SeededEntropy::new(7))?;
    /// assert_eq!(a, b);
    /// # Ok::<(), itsm_core::Error>(())
    /// ```
    pub struct SeededEntropy {
        seed: [u8; 32],
        next_block: AtomicU64,
    }

    impl SeededEntropy {
        /// A stream from a small seed.
        #[must_use]
        pub fn new(seed: u64) -> Self {
            let mut bytes = [0u8; 32];
            for (dst, src) in bytes.iter_mut().zip(seed.to_le_bytes()) {
                *dst = src;
            }
            Self::from_seed_bytes(bytes)
        }

        /// A stream from a 32-byte seed.
        #[must_use]
        pub const fn from_seed_bytes(seed: [u8; 32]) -> Self {
            Self {
                seed,
                next_block: AtomicU64::new(0),
            }
        }
    }

    impl Clone for SeededEntropy {
        /// A copy that continues from the same position.
        fn clone(&self) -> Self {
            Self {
                seed: self.seed,
                next_block: AtomicU64::new(self.next_block.load(Ordering::SeqCst)),
            }
        }
    }

    impl fmt::Debug for SeededEntropy {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.debug_struct("SeededEntropy")
                .field("next_block", &self.next_block.load(Ordering::SeqCst))
                .finish_non_exhaustive()
        }
    }

    impl Entropy for SeededEntropy {
        fn fill(&self, dest: &mut [u8]) -> Result<(), Error> {
            let blocks = u64::try_from(dest.len().div_ceil(32)).map_err(|_| Error::Entropy)?;
            let first = self.next_block.fetch_add(blocks, Ordering::SeqCst);
            let mut index = first;
            for chunk in dest.chunks_mut(32) {
                let mut ctx = Context::new(&SHA256);
                ctx.update(DOMAIN);
                ctx.update(&self.seed);
                ctx.update(&index.to_le_bytes());
                let block = ctx.finish();
                for (dst, src) in chunk.iter_mut().zip(block.as_ref()) {
                    *dst = *src;
                }
                index = index.checked_add(1).ok_or(Error::Entropy)?;
            }
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn system_entropy_is_not_all_zeros_nor_repeating() {
        let e = SystemEntropy::new();
        let a: [u8; 32] = fill_array(&e).unwrap();
        let b: [u8; 32] = fill_array(&e).unwrap();
        assert_ne!(a, [0u8; 32]);
        assert_ne!(a, b);
        let mut empty = [];
        e.fill(&mut empty).unwrap();
    }

    #[test]
    fn works_through_references_and_trait_objects() {
        let e: Box<dyn Entropy> = Box::new(SystemEntropy::new());
        let bytes: [u8; 8] = fill_array(&e).unwrap();
        assert_ne!(bytes, [0u8; 8]);
        let by_ref: &dyn Entropy = &*e;
        let bytes: [u8; 8] = fill_array(by_ref).unwrap();
        assert_ne!(bytes, [0u8; 8]);
    }

    #[cfg(feature = "test-util")]
    mod seeded {
        use super::super::*;

        #[test]
        fn same_seed_same_stream() {
            let (a, b) = (SeededEntropy::new(42), SeededEntropy::new(42));
            for len in [0, 1, 31, 32, 33, 100] {
                let (mut x, mut y) = (vec![0u8; len], vec![0u8; len]);
                a.fill(&mut x).unwrap();
                b.fill(&mut y).unwrap();
                assert_eq!(x, y, "len {len}");
            }
        }

        #[test]
        fn different_seeds_and_successive_calls_differ() {
            let a: [u8; 32] = fill_array(&SeededEntropy::new(1)).unwrap();
            let b: [u8; 32] = fill_array(&SeededEntropy::new(2)).unwrap();
            assert_ne!(a, b);
            let e = SeededEntropy::new(1);
            let first: [u8; 32] = fill_array(&e).unwrap();
            let second: [u8; 32] = fill_array(&e).unwrap();
            assert_eq!(first, a);
            assert_ne!(first, second);
            assert_ne!(first, [0u8; 32]);
        }

        #[test]
        fn stream_is_pinned() {
            // Block 0 for seed 0 is SHA-256("itsm-core seeded entropy v1" || 32 zero bytes || 8 zero bytes).
            // Pinned so a change to the generator, which would change every test
            // fixture drawn from it, is noticed.
            let mut ctx = ring::digest::Context::new(&ring::digest::SHA256);
            ctx.update(b"itsm-core seeded entropy v1");
            ctx.update(&[0u8; 40]);
            let expected = ctx.finish();
            let got: [u8; 32] = fill_array(&SeededEntropy::new(0)).unwrap();
            assert_eq!(got.as_slice(), expected.as_ref());
        }

        #[test]
        fn clone_continues_from_the_same_position() {
            let e = SeededEntropy::new(9);
            let _: [u8; 40] = fill_array(&e).unwrap();
            let c = e.clone();
            let x: [u8; 16] = fill_array(&e).unwrap();
            let y: [u8; 16] = fill_array(&c).unwrap();
            assert_eq!(x, y);
        }

        #[test]
        fn debug_does_not_print_the_seed() {
            let shown = format!("{:?}", SeededEntropy::from_seed_bytes([0xAB; 32]));
            assert!(
                !shown.contains("171") && !shown.to_lowercase().contains("ab"),
                "{shown}"
            );
        }
    }
}
