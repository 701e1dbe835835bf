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

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Lowercase hex of a hash, as fixed-size ASCII.
pub(crate) fn hex32(bytes: &Hash) -> [u8; 64] {
    let mut out = [0u8; 64];
    for (pair, b) in out.chunks_exact_mut(2).zip(bytes) {
        if let [hi, lo] = pair {
            *hi = HEX.get(usize::from(b >> 4)).copied().unwrap_or(b'0');
            *lo = HEX.get(usize::from(b & 15)).copied().unwrap_or(b'0');
        }
    }
    out
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(char::from(
            HEX.get(usize::from(b >> 4)).copied().unwrap_or(b'0'),
        ));
        s.push(char::from(
            HEX.get(usize::from(b & 15)).copied().unwrap_or(b'0'),
        ));
    }
    s
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

/// An event serialised once, ready for [`Chain::seal_prepared`]. Serialising
/// is most of the cost of sealing and needs no chain state, so a writer
/// shared by many threads lets each caller do it on its own thread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreparedEvent {
    json: String,
    timestamp: chrono::DateTime<chrono::Utc>,
}

impl PreparedEvent {
    /// Serialises `event`.
    ///
    /// # Errors
    ///
    /// [`Error::Serialize`] if it does not serialize.
    pub fn new(event: &AuditEvent) -> Result<Self, Error> {
        Ok(Self {
            json: serde_json::to_string(event).map_err(|_| Error::Serialize)?,
            timestamp: event.timestamp,
        })
    }

    /// The event's timestamp.
    #[must_use]
    pub fn timestamp(&self) -> chrono::DateTime<chrono::Utc> {
        self.timestamp
    }
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
        self.seal_prepared(&PreparedEvent::new(event)?)
    }

    /// Seals an event serialised beforehand (possibly on another thread) as
    /// the next record. The body's bytes are exactly what serialising
    /// [`Body`] would produce.
    ///
    /// # Errors
    ///
    /// [`Error::Serialize`] if the key id does not serialize.
    pub fn seal_prepared(&mut self, event: &PreparedEvent) -> Result<Sealed, Error> {
        let mut line = String::with_capacity(event.json.len() + 240);
        line.push_str("{\"body\":{\"seq\":");
        let _ = write!(line, "{}", self.next_seq);
        line.push_str(",\"prev\":\"");
        line.push_str(std::str::from_utf8(&hex32(&self.last)).unwrap_or_default());
        line.push_str("\",\"event\":");
        line.push_str(&event.json);
        line.push('}');
        let body_json = line.get(8..).unwrap_or_default().as_bytes();
        let hash = sha256(body_json);
        let tag = self.key.as_ref().map(|k| k.tag(body_json));
        line.push_str(",\"sha256\":\"");
        line.push_str(std::str::from_utf8(&hex32(&hash)).unwrap_or_default());
        line.push('"');
        if let (Some(k), Some(tag)) = (&self.key, tag) {
            let _ = write!(
                line,
                ",\"hmac\":{{\"kid\":{},\"tag\":\"{tag}\"}}",
                serde_json::to_string(&k.kid).map_err(|_| Error::Serialize)?,
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
