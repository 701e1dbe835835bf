//! RFC 6962 Merkle trees over audit records: tree heads, inclusion proofs
//! and consistency proofs, and their verification (the algorithms of RFC
//! 9162 sections 2.1.3.2 and 2.1.4.2).
//!
//! Leaf hash = SHA-256(0x00 || data), node hash = SHA-256(0x01 || left ||
//! right), the empty tree's hash = SHA-256 of nothing. Proof hashes are
//! listed from the leaf upward.
//!
//! # Examples
//!
//! ```
//! use itsm_audit::merkle::{MerkleTree, verify_inclusion, verify_consistency};
//!
//! let mut tree = MerkleTree::new();
//! for record in [&b"first"[..], b"second", b"third"] {
//!     tree.push(record);
//! }
//! let root = tree.root();
//! let proof = tree.inclusion_proof(1, 3)?;
//! assert!(verify_inclusion(&MerkleTree::leaf_hash(b"second"), 1, 3, &proof, &root));
//!
//! let old_root = tree.root_at(2)?;
//! let consistency = tree.consistency_proof(2, 3)?;
//! assert!(verify_consistency(2, 3, &old_root, &root, &consistency));
//! # Ok::<(), itsm_audit::Error>(())
//! ```

use ring::digest::{Context, SHA256, digest};

use crate::Error;

/// A SHA-256 hash.
pub type Hash = [u8; 32];

fn to_hash(d: ring::digest::Digest) -> Hash {
    let mut out = [0u8; 32];
    for (o, b) in out.iter_mut().zip(d.as_ref()) {
        *o = *b;
    }
    out
}

fn node(left: &Hash, right: &Hash) -> Hash {
    let mut ctx = Context::new(&SHA256);
    ctx.update(&[1]);
    ctx.update(left);
    ctx.update(right);
    to_hash(ctx.finish())
}

/// A Merkle tree kept as its leaf hashes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MerkleTree {
    leaves: Vec<Hash>,
}

/// The largest power of two strictly below `n` (for `n >= 2`).
fn split(n: usize) -> usize {
    let mut k = 1;
    while k << 1 < n {
        k <<= 1;
    }
    k
}

impl MerkleTree {
    /// An empty tree.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// The leaf hash of `data`.
    #[must_use]
    pub fn leaf_hash(data: &[u8]) -> Hash {
        let mut ctx = Context::new(&SHA256);
        ctx.update(&[0]);
        ctx.update(data);
        to_hash(ctx.finish())
    }

    /// Appends a record.
    pub fn push(&mut self, data: &[u8]) {
        self.leaves.push(Self::leaf_hash(data));
    }

    /// Appends an already computed leaf hash.
    pub fn push_leaf_hash(&mut self, leaf: Hash) {
        self.leaves.push(leaf);
    }

    /// The number of leaves.
    #[must_use]
    pub fn len(&self) -> usize {
        self.leaves.len()
    }

    /// Whether the tree is empty.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.leaves.is_empty()
    }

    fn mth(leaves: &[Hash]) -> Hash {
        match leaves {
            [] => to_hash(digest(&SHA256, b"")),
            [one] => *one,
            _ => {
                let (l, r) = leaves.split_at(split(leaves.len()));
                node(&Self::mth(l), &Self::mth(r))
            }
        }
    }

    /// The root of the whole tree.
    #[must_use]
    pub fn root(&self) -> Hash {
        Self::mth(&self.leaves)
    }

    /// The root of the tree's first `size` leaves.
    ///
    /// # Errors
    ///
    /// [`Error::TreeSize`] when `size` exceeds the tree.
    pub fn root_at(&self, size: usize) -> Result<Hash, Error> {
        self.leaves
            .get(..size)
            .map(Self::mth)
            .ok_or(Error::TreeSize {
                size,
                len: self.leaves.len(),
            })
    }

    fn path(index: usize, leaves: &[Hash], out: &mut Vec<Hash>) {
        if leaves.len() <= 1 {
            return;
        }
        let k = split(leaves.len());
        let (l, r) = leaves.split_at(k);
        if index < k {
            Self::path(index, l, out);
            out.push(Self::mth(r));
        } else {
            Self::path(index - k, r, out);
            out.push(Self::mth(l));
        }
    }

    /// The inclusion proof of leaf `index` in the tree of its first `size` leaves.
    ///
    /// # Errors
    ///
    /// [`Error::TreeSize`] when `size` exceeds the tree or `index >= size`.
    pub fn inclusion_proof(&self, index: usize, size: usize) -> Result<Vec<Hash>, Error> {
        let leaves = self
            .leaves
            .get(..size)
            .filter(|_| index < size)
            .ok_or(Error::TreeSize {
                size,
                len: self.leaves.len(),
            })?;
        let mut out = Vec::new();
        Self::path(index, leaves, &mut out);
        Ok(out)
    }

    fn subproof(old: usize, leaves: &[Hash], complete: bool, out: &mut Vec<Hash>) {
        let size = leaves.len();
        if old == size {
            if !complete {
                out.push(Self::mth(leaves));
            }
            return;
        }
        let half = split(size);
        let (left, right) = leaves.split_at(half);
        if old <= half {
            Self::subproof(old, left, complete, out);
            out.push(Self::mth(right));
        } else {
            Self::subproof(old - half, right, false, out);
            out.push(Self::mth(left));
        }
    }

    /// The consistency proof from the tree of `old_size` leaves to that of `new_size`.
    ///
    /// # Errors
    ///
    /// [`Error::TreeSize`] unless `0 < old_size <= new_size <= len`.
    pub fn consistency_proof(&self, old_size: usize, new_size: usize) -> Result<Vec<Hash>, Error> {
        let leaves = self
            .leaves
            .get(..new_size)
            .filter(|_| old_size > 0 && old_size <= new_size)
            .ok_or(Error::TreeSize {
                size: new_size,
                len: self.leaves.len(),
            })?;
        let mut out = Vec::new();
        if old_size < new_size {
            Self::subproof(old_size, leaves, true, &mut out);
        }
        Ok(out)
    }
}

/// Verifies that `leaf` is at `index` in the tree of `size` leaves with `root`.
#[must_use]
pub fn verify_inclusion(
    leaf: &Hash,
    index: usize,
    size: usize,
    proof: &[Hash],
    root: &Hash,
) -> bool {
    if index >= size {
        return false;
    }
    let (mut f, mut s) = (index, size - 1);
    let mut r = *leaf;
    for p in proof {
        if s == 0 {
            return false;
        }
        if f & 1 == 1 || f == s {
            r = node(p, &r);
            while f & 1 == 0 && f != 0 {
                f >>= 1;
                s >>= 1;
            }
        } else {
            r = node(&r, p);
        }
        f >>= 1;
        s >>= 1;
    }
    s == 0 && r == *root
}

/// Verifies that the tree of `old_size` leaves with `old_root` is a prefix of
/// the tree of `new_size` leaves with `new_root`.
#[must_use]
pub fn verify_consistency(
    old_size: usize,
    new_size: usize,
    old_root: &Hash,
    new_root: &Hash,
    proof: &[Hash],
) -> bool {
    if old_size == 0 || old_size > new_size {
        return false;
    }
    if old_size == new_size {
        return proof.is_empty() && old_root == new_root;
    }
    let mut path: Vec<Hash> = Vec::with_capacity(proof.len() + 1);
    if old_size.is_power_of_two() {
        path.push(*old_root);
    }
    path.extend_from_slice(proof);
    let Some((first, rest)) = path.split_first() else {
        return false;
    };
    let (mut f, mut s) = (old_size - 1, new_size - 1);
    while f & 1 == 1 {
        f >>= 1;
        s >>= 1;
    }
    let (mut fr, mut sr) = (*first, *first);
    for c in rest {
        if s == 0 {
            return false;
        }
        if f & 1 == 1 || f == s {
            fr = node(c, &fr);
            sr = node(c, &sr);
            while f & 1 == 0 && f != 0 {
                f >>= 1;
                s >>= 1;
            }
        } else {
            sr = node(&sr, c);
        }
        f >>= 1;
        s >>= 1;
    }
    fr == *old_root && sr == *new_root && s == 0
}
