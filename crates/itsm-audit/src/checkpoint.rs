//! Signed checkpoints, inclusion and consistency proofs over a trail, and
//! retention anchors.
//!
//! # The tree
//!
//! Records are the leaves of an RFC 6962 Merkle tree in sequence order; the
//! leaf data of a record is its SHA-256 (the hash of its body bytes as
//! stored), so a leaf hash is SHA-256(0x00 || record hash). A [`Checkpoint`]
//! (record count, last record's hash, root) is the tree head. Signed by an
//! HMAC-SHA-256 or Ed25519 key (ring) and kept outside the trail, it lets an
//! auditor detect a truncated or rewritten tail, prove that one record is in
//! the trail, and prove that a later checkpoint extends an earlier one.
//!
//! The signed message is the ASCII text
//! `itsm-audit checkpoint v1\n<records>\n<root hex>\n<last hash hex>\n`, so
//! a signature never depends on how the checkpoint's JSON is formatted.
//!
//! # Retention
//!
//! When old records are dropped, an [`Anchor`] keeps the last dropped
//! record's hash and the roots of the complete subtrees over the dropped
//! records. Verification continues from it ([`Verifier::from_anchor`]), the
//! root of the whole trail is unchanged, and inclusion proofs for every
//! retained record still work ([`MerkleTree::from_compact`]).
//!
//! # Examples
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use itsm_audit::checkpoint::{CheckpointSigner, inclusion, verify_record_inclusion, tree_from_lines};
//! use itsm_audit::event::{Action, AuditEvent, EventType, Outcome};
//! use itsm_audit::record::Chain;
//!
//! let at = Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).unwrap();
//! let mut chain = Chain::new(None);
//! let lines: Vec<String> = (0..5)
//!     .map(|n| {
//!         let e = AuditEvent::new(at, "itsm-api", EventType::Access, Action::View, Outcome::Success, format!("view {n}"));
//!         chain.seal(&e).map(|s| s.line)
//!     })
//!     .collect::<Result<_, _>>()?;
//!
//! // The writer signs its tree head and publishes it somewhere else.
//! let signer = CheckpointSigner::ed25519_from_seed("audit-2026", &[42; 32])?;
//! let (tree, verified) = tree_from_lines(lines.iter().map(String::as_str), None, None)?;
//! let signed = signer.sign(&verified.checkpoint());
//!
//! // An auditor checks the signature, then that record 3 is in that tree.
//! let public = signer.verifying_key();
//! let head = public.verify(&signed)?;
//! let proof = inclusion(&tree, 3, head.records)?;
//! assert!(verify_record_inclusion(&lines[3], 3, &proof, &head)?);
//! # Ok::<(), itsm_audit::Error>(())
//! ```

use ring::signature::{ED25519, Ed25519KeyPair, KeyPair, UnparsedPublicKey};
use serde::{Deserialize, Serialize};

use crate::Error;
use crate::merkle::{CompactRange, Hash, MerkleTree, verify_consistency, verify_inclusion};
use crate::record::{SealKey, hex, unhex32};
use crate::verify::{Checkpoint, FailureKind, Verified, Verifier};

/// The signature algorithm of a checkpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CheckpointAlg {
    /// HMAC-SHA-256 (a shared secret: anyone who can verify can also sign).
    #[serde(rename = "hmac-sha256")]
    HmacSha256,
    /// Ed25519 (RFC 8032): auditors hold only the public key.
    #[serde(rename = "ed25519")]
    Ed25519,
}

/// A checkpoint with its signature; serialises as JSON with hex fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "SignedRepr", into = "SignedRepr")]
pub struct SignedCheckpoint {
    /// The tree head.
    pub checkpoint: Checkpoint,
    /// The algorithm.
    pub alg: CheckpointAlg,
    /// The signing key's id.
    pub kid: String,
    /// The signature or tag.
    pub signature: Vec<u8>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SignedRepr {
    records: u64,
    root: String,
    last_hash: String,
    alg: CheckpointAlg,
    kid: String,
    signature: String,
}

impl From<SignedCheckpoint> for SignedRepr {
    fn from(s: SignedCheckpoint) -> Self {
        Self {
            records: s.checkpoint.records,
            root: hex(&s.checkpoint.root),
            last_hash: hex(&s.checkpoint.last_hash),
            alg: s.alg,
            kid: s.kid,
            signature: hex(&s.signature),
        }
    }
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) || s.len() > 256 {
        return None;
    }
    (0..s.len() / 2)
        .map(|i| {
            s.get(i * 2..i * 2 + 2)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        })
        .collect()
}

impl TryFrom<SignedRepr> for SignedCheckpoint {
    type Error = &'static str;
    fn try_from(r: SignedRepr) -> Result<Self, Self::Error> {
        Ok(Self {
            checkpoint: Checkpoint {
                records: r.records,
                root: unhex32(&r.root).ok_or("root must be 64 lowercase hex digits")?,
                last_hash: unhex32(&r.last_hash)
                    .ok_or("last_hash must be 64 lowercase hex digits")?,
            },
            alg: r.alg,
            kid: r.kid,
            signature: unhex(&r.signature).ok_or("signature must be hex")?,
        })
    }
}

/// The bytes a checkpoint signature covers.
#[must_use]
pub fn signed_message(c: &Checkpoint) -> Vec<u8> {
    format!(
        "itsm-audit checkpoint v1\n{}\n{}\n{}\n",
        c.records,
        hex(&c.root),
        hex(&c.last_hash)
    )
    .into_bytes()
}

/// A key that signs checkpoints.
pub enum CheckpointSigner {
    /// HMAC-SHA-256 with a shared key.
    Hmac(SealKey),
    /// Ed25519.
    Ed25519 {
        /// Key id.
        kid: String,
        /// The key pair.
        pair: Ed25519KeyPair,
    },
}

impl std::fmt::Debug for CheckpointSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Hmac(k) => f.debug_tuple("Hmac").field(k).finish(),
            Self::Ed25519 { kid, .. } => f
                .debug_struct("Ed25519")
                .field("kid", kid)
                .finish_non_exhaustive(),
        }
    }
}

impl CheckpointSigner {
    /// An Ed25519 signer from a 32-byte seed (the RFC 8032 private key).
    /// Take the seed from a secure random source and keep it secret.
    ///
    /// # Errors
    ///
    /// [`Error::Key`] for a seed that is not 32 bytes or an empty id.
    pub fn ed25519_from_seed(kid: impl Into<String>, seed: &[u8]) -> Result<Self, Error> {
        let kid = kid.into();
        if kid.is_empty() {
            return Err(Error::Key);
        }
        let pair = Ed25519KeyPair::from_seed_unchecked(seed).map_err(|_| Error::Key)?;
        Ok(Self::Ed25519 { kid, pair })
    }

    /// An Ed25519 signer from a PKCS#8 v1 or v2 document (as ring and
    /// OpenSSL produce).
    ///
    /// # Errors
    ///
    /// [`Error::Key`] for a document ring rejects or an empty id.
    pub fn ed25519_from_pkcs8(kid: impl Into<String>, pkcs8: &[u8]) -> Result<Self, Error> {
        let kid = kid.into();
        if kid.is_empty() {
            return Err(Error::Key);
        }
        let pair = Ed25519KeyPair::from_pkcs8_maybe_unchecked(pkcs8).map_err(|_| Error::Key)?;
        Ok(Self::Ed25519 { kid, pair })
    }

    /// Signs a tree head.
    #[must_use]
    pub fn sign(&self, checkpoint: &Checkpoint) -> SignedCheckpoint {
        let msg = signed_message(checkpoint);
        let (alg, kid, signature) = match self {
            Self::Hmac(k) => (CheckpointAlg::HmacSha256, k.kid.clone(), k.raw_tag(&msg)),
            Self::Ed25519 { kid, pair } => (
                CheckpointAlg::Ed25519,
                kid.clone(),
                pair.sign(&msg).as_ref().to_vec(),
            ),
        };
        SignedCheckpoint {
            checkpoint: *checkpoint,
            alg,
            kid,
            signature,
        }
    }

    /// The key that verifies this signer's checkpoints (for Ed25519, only
    /// the public key).
    #[must_use]
    pub fn verifying_key(&self) -> CheckpointKey {
        match self {
            Self::Hmac(k) => CheckpointKey::Hmac(k.clone()),
            Self::Ed25519 { kid, pair } => {
                let mut public = [0u8; 32];
                for (o, b) in public.iter_mut().zip(pair.public_key().as_ref()) {
                    *o = *b;
                }
                CheckpointKey::Ed25519 {
                    kid: kid.clone(),
                    public,
                }
            }
        }
    }
}

/// A key that verifies checkpoint signatures.
#[derive(Debug, Clone)]
pub enum CheckpointKey {
    /// The shared HMAC key.
    Hmac(SealKey),
    /// An Ed25519 public key.
    Ed25519 {
        /// Key id.
        kid: String,
        /// The 32-byte public key.
        public: [u8; 32],
    },
}

impl CheckpointKey {
    /// Checks the signature (algorithm, key id and signature must all match)
    /// and returns the tree head it vouches for.
    ///
    /// # Errors
    ///
    /// [`Error::Signature`] when any of them does not.
    pub fn verify(&self, signed: &SignedCheckpoint) -> Result<Checkpoint, Error> {
        let msg = signed_message(&signed.checkpoint);
        let ok = match self {
            Self::Hmac(k) => {
                signed.alg == CheckpointAlg::HmacSha256
                    && signed.kid == k.kid
                    && k.check_raw(&msg, &signed.signature)
            }
            Self::Ed25519 { kid, public } => {
                signed.alg == CheckpointAlg::Ed25519
                    && signed.kid == *kid
                    && UnparsedPublicKey::new(&ED25519, public)
                        .verify(&msg, &signed.signature)
                        .is_ok()
            }
        };
        if ok {
            Ok(signed.checkpoint)
        } else {
            Err(Error::Signature)
        }
    }
}

/// What retention leaves behind for the records it dropped; a
/// [`Verifier::anchor`] taken after the last dropped record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "AnchorRepr", into = "AnchorRepr")]
pub struct Anchor {
    /// The dropped records as the roots of their complete subtrees.
    pub dropped: CompactRange,
    /// The last dropped record's hash.
    pub last_hash: Hash,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct AnchorRepr {
    records: u64,
    last_hash: String,
    subtrees: Vec<String>,
}

impl From<Anchor> for AnchorRepr {
    fn from(a: Anchor) -> Self {
        Self {
            records: a.dropped.size(),
            last_hash: hex(&a.last_hash),
            subtrees: a.dropped.subtrees().iter().map(|h| hex(h)).collect(),
        }
    }
}

impl TryFrom<AnchorRepr> for Anchor {
    type Error = &'static str;
    fn try_from(r: AnchorRepr) -> Result<Self, Self::Error> {
        let subtrees = r
            .subtrees
            .iter()
            .map(|h| unhex32(h))
            .collect::<Option<Vec<_>>>()
            .ok_or("subtree roots must be 64 lowercase hex digits")?;
        Ok(Self {
            dropped: CompactRange::from_parts(r.records, subtrees)
                .map_err(|_| "one subtree root per set bit of the record count")?,
            last_hash: unhex32(&r.last_hash).ok_or("last_hash must be 64 lowercase hex digits")?,
        })
    }
}

/// The leaf hash of a record with hash `record_hash`.
#[must_use]
pub fn leaf(record_hash: &Hash) -> Hash {
    MerkleTree::leaf_hash(record_hash)
}

/// Verifies `lines` (after `anchor`, if records were dropped) and builds
/// their Merkle tree for proofs.
///
/// # Errors
///
/// [`Error::Verification`] as [`Verifier::push`]; [`Error::TreeSize`] for
/// an anchor larger than memory can address.
pub fn tree_from_lines<'a>(
    lines: impl IntoIterator<Item = &'a str>,
    anchor: Option<&Anchor>,
    key: Option<&SealKey>,
) -> Result<(MerkleTree, Verified), Error> {
    let (mut tree, mut v) = match anchor {
        Some(a) => (
            MerkleTree::from_compact(&a.dropped)?,
            Verifier::from_anchor(a, key),
        ),
        None => (MerkleTree::new(), Verifier::new(key)),
    };
    for line in lines {
        tree.push_leaf_hash(leaf(&v.push(line)?));
    }
    Ok((tree, v.finish(None)?))
}

/// The inclusion proof of record `seq` in the tree of the first `records`
/// records.
///
/// # Errors
///
/// [`Error::TreeSize`] or [`Error::Pruned`] as
/// [`MerkleTree::inclusion_proof`].
pub fn inclusion(tree: &MerkleTree, seq: u64, records: u64) -> Result<Vec<Hash>, Error> {
    let too_big = |_| Error::TreeSize {
        size: usize::MAX,
        len: tree.len(),
    };
    tree.inclusion_proof(
        usize::try_from(seq).map_err(too_big)?,
        usize::try_from(records).map_err(too_big)?,
    )
}

/// Whether the stored `line` is record `seq` of the trail `checkpoint`
/// describes. The line's own seal must hold; its body is hashed as stored.
///
/// # Errors
///
/// [`Error::Verification`] when the line is not a well-sealed record of
/// sequence number `seq`.
pub fn verify_record_inclusion(
    line: &str,
    seq: u64,
    proof: &[Hash],
    checkpoint: &Checkpoint,
) -> Result<bool, Error> {
    let hash = crate::verify::record_hash(line, seq).ok_or(Error::Verification {
        record: seq,
        kind: FailureKind::Modified,
    })?;
    let (Ok(index), Ok(size)) = (usize::try_from(seq), usize::try_from(checkpoint.records)) else {
        return Ok(false);
    };
    Ok(verify_inclusion(
        &leaf(&hash),
        index,
        size,
        proof,
        &checkpoint.root,
    ))
}

/// Whether `new` extends `old` (same records first, then more), given the
/// consistency proof from a tree holding both.
#[must_use]
pub fn verify_extends(old: &Checkpoint, new: &Checkpoint, proof: &[Hash]) -> bool {
    match (usize::try_from(old.records), usize::try_from(new.records)) {
        (Ok(o), Ok(n)) => verify_consistency(o, n, &old.root, &new.root, proof),
        _ => false,
    }
}
