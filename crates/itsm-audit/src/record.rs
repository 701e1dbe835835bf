//! Sealed records and their chain.
//!
//! A stored record is one JSON line: `{"body": {...}, "sha256": "<hex>"}`,
//! optionally with `"hmac": {"kid": "...", "tag": "<hex>"}`. The body holds
//! the sequence number, the previous record's hash and the event. The seal is
//! SHA-256 (and HMAC-SHA-256) over the **exact bytes of the body as stored**;
//! verification hashes those same bytes, never a re-serialisation.
//!
//! # Examples
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use itsm_audit::event::{Action, AuditEvent, EventType, Outcome};
//! use itsm_audit::record::Chain;
//! use itsm_audit::verify::verify_lines;
//!
//! let at = Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).unwrap();
//! let mut chain = Chain::new(None);
//! let mut lines = Vec::new();
//! for n in 0..3 {
//!     let e = AuditEvent::new(at, "itsm-api", EventType::Access, Action::Login, Outcome::Success, format!("login {n}"));
//!     lines.push(chain.seal(&e)?.line);
//! }
//! assert_eq!(verify_lines(lines.iter().map(String::as_str), None)?.records, 3);
//! lines[1] = lines[1].replace("login 1", "login 9");
//! assert!(verify_lines(lines.iter().map(String::as_str), None).is_err());
//! # Ok::<(), itsm_audit::Error>(())
//! ```

use std::fmt::Write as _;

use ring::digest::{SHA256, digest};
use serde::{Deserialize, Serialize};

use crate::Error;
use crate::event::AuditEvent;
use crate::merkle::Hash;

/// The previous-hash of the first record: 32 zero bytes.
pub const GENESIS: Hash = [0u8; 32];

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

pub(crate) fn unhex32(s: &str) -> Option<Hash> {
    if s.len() != 64
        || !s
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
    {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, o) in out.iter_mut().enumerate() {
        *o = u8::from_str_radix(s.get(i * 2..i * 2 + 2)?, 16).ok()?;
    }
    Some(out)
}

pub(crate) fn sha256(bytes: &[u8]) -> Hash {
    let d = digest(&SHA256, bytes);
    let mut out = [0u8; 32];
    for (o, b) in out.iter_mut().zip(d.as_ref()) {
        *o = *b;
    }
    out
}

/// A record's body: position, link and event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Body {
    /// Sequence number, from 0.
    pub seq: u64,
    /// The previous record's hash, hex.
    pub prev: String,
    /// The event.
    pub event: AuditEvent,
}

/// An HMAC key for seals, with its id.
#[derive(Clone)]
pub struct SealKey {
    /// The key id stored with each tag.
    pub kid: String,
    key: ring::hmac::Key,
}

impl std::fmt::Debug for SealKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SealKey")
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}

impl SealKey {
    /// A key of at least 32 bytes.
    ///
    /// # Errors
    ///
    /// [`Error::Key`] for a shorter key or an empty id.
    pub fn new(kid: impl Into<String>, bytes: &[u8]) -> Result<Self, Error> {
        let kid = kid.into();
        if bytes.len() < 32 || kid.is_empty() {
            return Err(Error::Key);
        }
        Ok(Self {
            kid,
            key: ring::hmac::Key::new(ring::hmac::HMAC_SHA256, bytes),
        })
    }

    pub(crate) fn tag(&self, body: &[u8]) -> String {
        hex(ring::hmac::sign(&self.key, body).as_ref())
    }

    pub(crate) fn raw_tag(&self, msg: &[u8]) -> Vec<u8> {
        ring::hmac::sign(&self.key, msg).as_ref().to_vec()
    }

    pub(crate) fn check_raw(&self, msg: &[u8], tag: &[u8]) -> bool {
        ring::hmac::verify(&self.key, msg, tag).is_ok()
    }

    pub(crate) fn check(&self, body: &[u8], tag_hex: &str) -> bool {
        let tag: Vec<u8> = (0..tag_hex.len() / 2)
            .filter_map(|i| {
                tag_hex
                    .get(i * 2..i * 2 + 2)
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
            })
            .collect();
        tag.len() == 32 && ring::hmac::verify(&self.key, body, &tag).is_ok()
    }
}

/// A sealed record ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sealed {
    /// The JSON line (no newline).
    pub line: String,
    /// Its SHA-256 (the next record's `prev`).
    pub hash: Hash,
    /// Its sequence number.
    pub seq: u64,
}

/// The writer's side of the chain: next sequence number and last hash.
#[derive(Debug, Clone)]
pub struct Chain {
    next_seq: u64,
    last: Hash,
    key: Option<SealKey>,
}

impl Chain {
    /// A chain starting at sequence 0 from [`GENESIS`].
    #[must_use]
    pub fn new(key: Option<SealKey>) -> Self {
        Self {
            next_seq: 0,
            last: GENESIS,
            key,
        }
    }

    /// A chain continuing after the record with `seq` and `hash`.
    #[must_use]
    pub fn resume(seq: u64, hash: Hash, key: Option<SealKey>) -> Self {
        Self {
            next_seq: seq.saturating_add(1),
            last: hash,
            key,
        }
    }

    /// Seals `event` as the next record.
    ///
    /// # Errors
    ///
    /// [`Error::Serialize`] if the event does not serialize.
    pub fn seal(&mut self, event: &AuditEvent) -> Result<Sealed, Error> {
        let body = Body {
            seq: self.next_seq,
            prev: hex(&self.last),
            event: event.clone(),
        };
        let body_json = serde_json::to_string(&body).map_err(|_| Error::Serialize)?;
        let hash = sha256(body_json.as_bytes());
        let mut line = String::with_capacity(body_json.len() + 120);
        line.push_str("{\"body\":");
        line.push_str(&body_json);
        line.push_str(",\"sha256\":\"");
        line.push_str(&hex(&hash));
        line.push('"');
        if let Some(k) = &self.key {
            let _ = write!(
                line,
                ",\"hmac\":{{\"kid\":{},\"tag\":\"{}\"}}",
                serde_json::to_string(&k.kid).map_err(|_| Error::Serialize)?,
                k.tag(body_json.as_bytes())
            );
        }
        line.push('}');
        let sealed = Sealed {
            line,
            hash,
            seq: self.next_seq,
        };
        self.next_seq += 1;
        self.last = hash;
        Ok(sealed)
    }
}
