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

/// A Merkle tree kept as its leaf hashes, optionally after a pruned prefix
/// whose leaves are gone and only the roots of its complete subtrees remain
/// (see [`MerkleTree::from_compact`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MerkleTree {
    /// `(first leaf, leaf count, root)` of each pruned subtree, largest first.
    prefix: Vec<(usize, usize, Hash)>,
    /// Leaves in the pruned prefix.
    offset: usize,
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

fn empty_root() -> Hash {
    to_hash(digest(&SHA256, b""))
}

impl MerkleTree {
    /// An empty tree.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// A tree whose first `range.size()` leaves were pruned, keeping only the
    /// roots of their complete subtrees. Roots, inclusion proofs for every
    /// leaf pushed afterwards, and consistency proofs from any size at or
    /// above the pruned size still work: every node such a proof needs is
    /// either one of those subtrees or built from retained leaves.
    ///
    /// # Errors
    ///
    /// [`Error::TreeSize`] when the size does not fit in memory addressing.
    pub fn from_compact(range: &CompactRange) -> Result<Self, Error> {
        let size = usize::try_from(range.size()).map_err(|_| Error::TreeSize {
            size: usize::MAX,
            len: 0,
        })?;
        let mut prefix = Vec::with_capacity(range.subtrees().len());
        let mut start = 0usize;
        let mut bits = (0..usize::BITS).rev().filter(|b| size >> b & 1 == 1);
        for hash in range.subtrees() {
            let Some(bit) = bits.next() else {
                break;
            };
            let len = 1usize << bit;
            prefix.push((start, len, *hash));
            start += len;
        }
        Ok(Self {
            prefix,
            offset: size,
            leaves: Vec::new(),
        })
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

    /// The number of leaves, pruned ones included.
    #[must_use]
    pub fn len(&self) -> usize {
        self.offset + self.leaves.len()
    }

    /// Whether the tree is empty.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The number of pruned leaves.
    #[must_use]
    pub fn pruned(&self) -> usize {
        self.offset
    }

    fn mth(leaves: &[Hash]) -> Hash {
        match leaves {
            [] => empty_root(),
            [one] => *one,
            _ => {
                let (l, r) = leaves.split_at(split(leaves.len()));
                node(&Self::mth(l), &Self::mth(r))
            }
        }
    }

    /// The hash of the subtree over leaves `lo..hi`.
    fn range(&self, lo: usize, hi: usize) -> Result<Hash, Error> {
        if lo == hi {
            return Ok(empty_root());
        }
        if lo >= self.offset {
            return self
                .leaves
                .get(lo - self.offset..hi - self.offset)
                .map(Self::mth)
                .ok_or(Error::TreeSize {
                    size: hi,
                    len: self.len(),
                });
        }
        if let Some((_, _, h)) = self
            .prefix
            .iter()
            .find(|(start, len, _)| *start == lo && start + len == hi)
        {
            return Ok(*h);
        }
        if hi - lo == 1 {
            return Err(Error::Pruned { index: lo });
        }
        let k = split(hi - lo);
        Ok(node(&self.range(lo, lo + k)?, &self.range(lo + k, hi)?))
    }

    fn check_size(&self, size: usize) -> Result<(), Error> {
        if size > self.len() {
            return Err(Error::TreeSize {
                size,
                len: self.len(),
            });
        }
        Ok(())
    }

    /// The root of the whole tree.
    ///
    /// For a tree with a pruned prefix the root is built from the pruned
    /// subtrees and the retained leaves; it is the same root the full tree had.
    #[must_use]
    pub fn root(&self) -> Hash {
        // Every range this asks for is answerable: the whole tree decomposes
        // into the pruned subtrees and retained leaves.
        self.range(0, self.len()).unwrap_or_else(|_| empty_root())
    }

    /// The root of the tree's first `size` leaves.
    ///
    /// # Errors
    ///
    /// [`Error::TreeSize`] when `size` exceeds the tree; [`Error::Pruned`]
    /// when that older root needs pruned leaves.
    pub fn root_at(&self, size: usize) -> Result<Hash, Error> {
        self.check_size(size)?;
        self.range(0, size)
    }

    fn path(&self, index: usize, lo: usize, hi: usize, out: &mut Vec<Hash>) -> Result<(), Error> {
        if hi - lo <= 1 {
            return Ok(());
        }
        let k = split(hi - lo);
        if index < lo + k {
            self.path(index, lo, lo + k, out)?;
            out.push(self.range(lo + k, hi)?);
        } else {
            self.path(index, lo + k, hi, out)?;
            out.push(self.range(lo, lo + k)?);
        }
        Ok(())
    }

    /// The inclusion proof of leaf `index` in the tree of its first `size` leaves.
    ///
    /// # Errors
    ///
    /// [`Error::TreeSize`] when `size` exceeds the tree or `index >= size`;
    /// [`Error::Pruned`] when the proof needs pruned leaves.
    pub fn inclusion_proof(&self, index: usize, size: usize) -> Result<Vec<Hash>, Error> {
        self.check_size(size)?;
        if index >= size {
            return Err(Error::TreeSize {
                size,
                len: self.len(),
            });
        }
        let mut out = Vec::new();
        self.path(index, 0, size, &mut out)?;
        Ok(out)
    }

    fn subproof(
        &self,
        old: usize,
        lo: usize,
        hi: usize,
        complete: bool,
        out: &mut Vec<Hash>,
    ) -> Result<(), Error> {
        let size = hi - lo;
        if old == size {
            if !complete {
                out.push(self.range(lo, hi)?);
            }
            return Ok(());
        }
        let half = split(size);
        if old <= half {
            self.subproof(old, lo, lo + half, complete, out)?;
            out.push(self.range(lo + half, hi)?);
        } else {
            self.subproof(old - half, lo + half, hi, false, out)?;
            out.push(self.range(lo, lo + half)?);
        }
        Ok(())
    }

    /// The consistency proof from the tree of `old_size` leaves to that of `new_size`.
    ///
    /// # Errors
    ///
    /// [`Error::TreeSize`] unless `0 < old_size <= new_size <= len`;
    /// [`Error::Pruned`] when the proof needs pruned leaves.
    pub fn consistency_proof(&self, old_size: usize, new_size: usize) -> Result<Vec<Hash>, Error> {
        self.check_size(new_size)?;
        if old_size == 0 || old_size > new_size {
            return Err(Error::TreeSize {
                size: new_size,
                len: self.len(),
            });
        }
        let mut out = Vec::new();
        if old_size < new_size {
            self.subproof(old_size, 0, new_size, true, &mut out)?;
        }
        Ok(out)
    }
}

/// The roots of the complete subtrees covering a tree's leaves, largest
/// first: enough to compute the root and keep appending, in memory
/// logarithmic in the number of leaves. Streaming verification keeps one;
/// a retention anchor stores one for the records it dropped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CompactRange {
    size: u64,
    subtrees: Vec<Hash>,
}

impl CompactRange {
    /// The empty range.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// A range of `size` leaves from its subtree roots, largest first.
    ///
    /// # Errors
    ///
    /// [`Error::TreeSize`] unless there is one root per set bit of `size`.
    pub fn from_parts(size: u64, subtrees: Vec<Hash>) -> Result<Self, Error> {
        if u32::try_from(subtrees.len()).ok() != Some(size.count_ones()) {
            return Err(Error::TreeSize {
                size: usize::try_from(size).unwrap_or(usize::MAX),
                len: subtrees.len(),
            });
        }
        Ok(Self { size, subtrees })
    }

    /// Leaves covered.
    #[must_use]
    pub fn size(&self) -> u64 {
        self.size
    }

    /// The subtree roots, largest first.
    #[must_use]
    pub fn subtrees(&self) -> &[Hash] {
        &self.subtrees
    }

    /// Appends a leaf hash.
    pub fn push_leaf_hash(&mut self, leaf: Hash) {
        let mut merged = leaf;
        let mut size = self.size;
        while size & 1 == 1 {
            let Some(left) = self.subtrees.pop() else {
                break;
            };
            merged = node(&left, &merged);
            size >>= 1;
        }
        self.subtrees.push(merged);
        self.size += 1;
    }

    /// The root of the tree over the covered leaves.
    #[must_use]
    pub fn root(&self) -> Hash {
        let mut subtrees = self.subtrees.iter().rev();
        let Some(last) = subtrees.next() else {
            return empty_root();
        };
        subtrees.fold(*last, |acc, left| node(left, &acc))
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
