//! Streaming verification of a sealed trail, in constant memory, naming the
//! first failure and its kind.
//!
//! Kinds: **modified** (a body no longer matches its seal, or the HMAC
//! fails), **missing** (a gap in the sequence), **reordered** (a sequence
//! number goes backward), **inserted** (a sealed record whose link does not
//! follow from its predecessor, or a repeated sequence number), and
//! **truncated** (fewer records, or another last hash or Merkle root, than a
//! checkpoint kept elsewhere says).
//!
//! Verification answers whether the trail is intact, not whether each event
//! is well-formed: in the writer's own layout the sequence number and link
//! are read without parsing the event, whose bytes the seal covers. Use
//! [`Verifier::push_record`] (or the query functions) to read events.
//!
//! Alongside the chain, the verifier keeps the RFC 6962 tree head over the
//! records (leaf data: each record's SHA-256; see [`crate::checkpoint`]) as a
//! [`CompactRange`], so memory stays logarithmic in the trail's length.

use serde::Deserialize;
use serde_json::value::RawValue;

use crate::Error;
use crate::checkpoint::Anchor;
use crate::merkle::{CompactRange, Hash, MerkleTree};
use crate::record::{Body, GENESIS, SealKey, hex32, sha256};

/// The kind of the first failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FailureKind {
    /// A record was changed after sealing (or is not a sealed record).
    Modified,
    /// Records are missing: the sequence jumps.
    Missing,
    /// A record is out of order.
    Reordered,
    /// A record that does not belong was put in.
    Inserted,
    /// The tail is gone.
    Truncated,
}

/// What a successful verification saw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verified {
    /// Records verified.
    pub records: u64,
    /// The last record's hash.
    pub last_hash: Hash,
    /// The Merkle root over all records.
    pub root: Hash,
}

impl Verified {
    /// The checkpoint this verification ended at.
    #[must_use]
    pub fn checkpoint(&self) -> Checkpoint {
        Checkpoint {
            records: self.records,
            last_hash: self.last_hash,
            root: self.root,
        }
    }
}

/// A tree head kept outside the trail: record count, last record's hash and
/// Merkle root. [`crate::checkpoint`] signs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Checkpoint {
    /// Records in the trail.
    pub records: u64,
    /// The last record's hash.
    pub last_hash: Hash,
    /// The Merkle root over the records (leaf data: each record's SHA-256).
    pub root: Hash,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Stored<'a> {
    #[serde(borrow)]
    body: &'a RawValue,
    #[serde(borrow)]
    sha256: &'a str,
    #[serde(default)]
    hmac: Option<Tag>,
}

/// What verification reads of a body: position and link. The event is
/// covered by the seal; its form and schema are the reader's concern.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BodyHead<'a> {
    seq: u64,
    #[serde(borrow)]
    prev: &'a str,
    #[serde(rename = "event")]
    _event: serde::de::IgnoredAny,
}

impl<'a> BodyHead<'a> {
    fn new(seq: u64, prev: &'a str) -> Self {
        Self {
            seq,
            prev,
            _event: serde::de::IgnoredAny,
        }
    }
}

/// Reads `seq` and `prev` from a body in the writer's own layout,
/// `{"seq":<digits>,"prev":"<64 characters>","event":{...}}`, without
/// reading the event. The seal covers the event's bytes; parsing them is the
/// reader's concern ([`Verifier::push_record`]). `None` for any other
/// layout, which is then parsed as JSON.
fn writer_head(body: &str) -> Option<(u64, &str)> {
    let rest = body.strip_prefix("{\"seq\":")?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let (number, rest) = rest.split_at_checked(digits)?;
    // The writer's canonical form only: no leading zeros, no overflow.
    if number.is_empty() || (number.len() > 1 && number.starts_with('0')) {
        return None;
    }
    let seq: u64 = number.parse().ok()?;
    let rest = rest.strip_prefix(",\"prev\":\"")?;
    let (prev, rest) = rest.split_at_checked(64)?;
    let event = rest.strip_prefix("\",\"event\":")?;
    (event.starts_with('{') && event.ends_with("}}")).then_some((seq, prev))
}

/// Splits `{"body":<body>,"sha256":"<64 hex>"}` without parsing the body.
fn split_plain(line: &str) -> Option<(&str, &str)> {
    const SUFFIX: usize = ",\"sha256\":\"\"}".len() + 64;
    let rest = line.strip_prefix("{\"body\":")?;
    let (body, tail) = rest.split_at_checked(rest.len().checked_sub(SUFFIX)?)?;
    let sha = tail.strip_prefix(",\"sha256\":\"")?.strip_suffix("\"}")?;
    (body.starts_with('{') && body.ends_with('}')).then_some((body, sha))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Tag {
    kid: String,
    tag: String,
}

/// A verifier fed one line at a time.
#[derive(Debug)]
pub struct Verifier<'k> {
    expected_seq: u64,
    last: Hash,
    last_hex: [u8; 64],
    key: Option<&'k SealKey>,
    tree: CompactRange,
    expect: Option<Checkpoint>,
}

impl<'k> Verifier<'k> {
    /// A verifier from the start of a trail; with `key`, every record must carry a valid HMAC.
    #[must_use]
    pub fn new(key: Option<&'k SealKey>) -> Self {
        Self {
            expected_seq: 0,
            last: GENESIS,
            last_hex: hex32(&GENESIS),
            key,
            tree: CompactRange::new(),
            expect: None,
        }
    }

    /// A verifier that continues after a retention [`Anchor`]: the first
    /// record must follow the anchor's last dropped record.
    #[must_use]
    pub fn from_anchor(anchor: &Anchor, key: Option<&'k SealKey>) -> Self {
        Self {
            expected_seq: anchor.dropped.size(),
            last: anchor.last_hash,
            last_hex: hex32(&anchor.last_hash),
            key,
            tree: anchor.dropped.clone(),
            expect: None,
        }
    }

    /// Also checks, as the trail passes it, that the trail went through
    /// `checkpoint` (same last hash and root at that record count), and at
    /// [`finish`](Self::finish) that it reached it.
    #[must_use]
    pub fn expecting(mut self, checkpoint: Checkpoint) -> Self {
        self.expect = Some(checkpoint);
        self
    }

    /// The retention anchor that would stand for every record verified so far.
    #[must_use]
    pub fn anchor(&self) -> Anchor {
        Anchor {
            dropped: self.tree.clone(),
            last_hash: self.last,
        }
    }

    /// Records verified so far (including those an anchor stands for).
    #[must_use]
    pub fn records(&self) -> u64 {
        self.expected_seq
    }

    /// Checks the next line and returns the record's hash.
    ///
    /// # Errors
    ///
    /// [`Error::Verification`] naming the record and the kind of failure.
    pub fn push(&mut self, line: &str) -> Result<Hash, Error> {
        let (hash, hex, _) = self.check(line)?;
        self.accept(hash, hex)?;
        Ok(hash)
    }

    /// As [`push`](Self::push), also returning the record's parsed body
    /// (the event must then match the event schema, which `push` does not
    /// ask: it checks the seal, position and link).
    ///
    /// # Errors
    ///
    /// As [`push`](Self::push).
    pub fn push_record(&mut self, line: &str) -> Result<(Hash, Body), Error> {
        let (hash, hex, raw) = self.check(line)?;
        let body: Body = serde_json::from_str(raw).map_err(|_| Error::Verification {
            record: self.expected_seq,
            kind: FailureKind::Modified,
        })?;
        self.accept(hash, hex)?;
        Ok((hash, body))
    }

    /// Checks one line against the verifier's state without changing it;
    /// returns the record's hash, in hex too, and its body's bytes.
    fn check<'l>(&self, line: &'l str) -> Result<(Hash, [u8; 64], &'l str), Error> {
        let at = self.expected_seq;
        let fail = |kind| Error::Verification { record: at, kind };
        // The writer's own layout, `{"body":{...},"sha256":"<hex>"}`, is
        // split without a JSON scan, and its body's position and link are
        // read from the writer's body layout: hashing is then most of the
        // work. Anything else (HMAC seals, other layouts) is parsed as JSON,
        // which reads the same body from the same bytes (and so also
        // requires it to be well-formed).
        let fast = if self.key.is_none() {
            split_plain(line).and_then(|(raw, sha)| {
                writer_head(raw).map(|(seq, prev)| (raw, sha, BodyHead::new(seq, prev)))
            })
        } else {
            None
        };
        let (raw, sha, head, hmac) = if let Some((raw, sha, head)) = fast {
            (raw, sha, head, None)
        } else {
            let stored: Stored<'_> =
                serde_json::from_str(line).map_err(|_| fail(FailureKind::Modified))?;
            let raw = stored.body.get();
            let head = match writer_head(raw) {
                Some((seq, prev)) => BodyHead::new(seq, prev),
                None => serde_json::from_str(raw).map_err(|_| fail(FailureKind::Modified))?,
            };
            (raw, stored.sha256, head, stored.hmac)
        };
        let hash = sha256(raw.as_bytes());
        let hex = hex32(&hash);
        if sha.as_bytes() != hex {
            return Err(fail(FailureKind::Modified));
        }
        if let Some(key) = self.key {
            match &hmac {
                Some(t) if t.kid == key.kid && key.check(raw.as_bytes(), &t.tag) => {}
                _ => return Err(fail(FailureKind::Modified)),
            }
        }
        if head.seq > self.expected_seq {
            return Err(fail(FailureKind::Missing));
        }
        if head.seq < self.expected_seq {
            // A repeat of the previous position is an insertion; anything older is reordering.
            let kind = if head.seq + 1 == self.expected_seq {
                FailureKind::Inserted
            } else {
                FailureKind::Reordered
            };
            return Err(fail(kind));
        }
        if head.prev.as_bytes() != self.last_hex {
            return Err(fail(FailureKind::Inserted));
        }
        Ok((hash, hex, raw))
    }

    /// Moves past a checked record.
    fn accept(&mut self, hash: Hash, hex: [u8; 64]) -> Result<(), Error> {
        self.last = hash;
        self.last_hex = hex;
        self.expected_seq += 1;
        self.tree.push_leaf_hash(MerkleTree::leaf_hash(&hash));
        if let Some(c) = &self.expect
            && c.records == self.expected_seq
            && (c.last_hash != self.last || c.root != self.tree.root())
        {
            return Err(Error::Verification {
                record: self.expected_seq - 1,
                kind: FailureKind::Modified,
            });
        }
        Ok(())
    }

    /// Ends verification, against a checkpoint if one is given.
    ///
    /// # Errors
    ///
    /// [`Error::Verification`] with [`FailureKind::Truncated`] when the trail
    /// is shorter than the checkpoint or ends elsewhere.
    pub fn finish(self, checkpoint: Option<&Checkpoint>) -> Result<Verified, Error> {
        let root = self.tree.root();
        let ends_short = |c: &Checkpoint| {
            self.expected_seq < c.records
                || (self.expected_seq == c.records && (self.last != c.last_hash || root != c.root))
        };
        if checkpoint.is_some_and(ends_short) || self.expect.as_ref().is_some_and(ends_short) {
            return Err(Error::Verification {
                record: self.expected_seq,
                kind: FailureKind::Truncated,
            });
        }
        Ok(Verified {
            records: self.expected_seq,
            last_hash: self.last,
            root,
        })
    }
}

/// The SHA-256 of a stored record's body if its seal holds and its
/// sequence number is `seq`.
pub(crate) fn record_hash(line: &str, seq: u64) -> Option<Hash> {
    let stored: Stored<'_> = serde_json::from_str(line).ok()?;
    let raw = stored.body.get().as_bytes();
    let hash = sha256(raw);
    if stored.sha256.as_bytes() != hex32(&hash) {
        return None;
    }
    let body: Body = serde_json::from_slice(raw).ok()?;
    (body.seq == seq).then_some(hash)
}

/// Verifies a whole trail of lines without a key.
///
/// # Errors
///
/// As [`Verifier::push`] and [`Verifier::finish`].
pub fn verify_lines<'a>(
    lines: impl IntoIterator<Item = &'a str>,
    checkpoint: Option<&Checkpoint>,
) -> Result<Verified, Error> {
    let mut v = Verifier::new(None);
    for line in lines {
        v.push(line)?;
    }
    v.finish(checkpoint)
}

/// The longest line [`verify_reader`] and [`for_each_line`] accept: 16 MiB.
pub const MAX_LINE: usize = 16 << 20;

/// Calls `f` with each line of `reader` (without its newline), reusing one
/// buffer: memory stays at the longest line. A final line without a newline
/// is passed too.
///
/// # Errors
///
/// [`Error::Io`] for read errors; [`Error::Verification`] (modified) for a
/// line over [`MAX_LINE`] or not UTF-8; whatever `f` returns.
pub fn for_each_line(
    mut reader: impl std::io::BufRead,
    mut f: impl FnMut(&str) -> Result<(), Error>,
) -> Result<(), Error> {
    use std::io::{BufRead as _, Read as _};
    let mut buf = Vec::new();
    let mut line_no = 0u64;
    loop {
        buf.clear();
        let limit = u64::try_from(MAX_LINE).unwrap_or(u64::MAX) + 1;
        let n = (&mut reader)
            .take(limit)
            .read_until(b'\n', &mut buf)
            .map_err(|e| Error::Io {
                reason: e.to_string(),
            })?;
        if n == 0 {
            return Ok(());
        }
        if buf.last() == Some(&b'\n') {
            buf.pop();
        }
        let bad = Error::Verification {
            record: line_no,
            kind: FailureKind::Modified,
        };
        if buf.len() > MAX_LINE {
            return Err(bad);
        }
        let line = std::str::from_utf8(&buf).map_err(|_| bad)?;
        f(line)?;
        line_no += 1;
    }
}

/// Verifies a trail read line by line from `reader` with `verifier` (fresh,
/// keyed or continuing from an anchor), in memory bounded by the longest
/// line.
///
/// # Errors
///
/// As [`Verifier::push`], [`Verifier::finish`] and [`for_each_line`].
///
/// # Examples
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use itsm_audit::event::{Action, AuditEvent, EventType, Outcome};
/// use itsm_audit::record::Chain;
/// use itsm_audit::verify::{Verifier, verify_reader};
///
/// let at = Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).unwrap();
/// let mut chain = Chain::new(None);
/// let mut file = Vec::new();
/// for _ in 0..3 {
///     let e = AuditEvent::new(at, "api", EventType::Access, Action::View, Outcome::Success, "view");
///     file.extend_from_slice(chain.seal(&e)?.line.as_bytes());
///     file.push(b'\n');
/// }
/// let verified = verify_reader(&file[..], Verifier::new(None), None)?;
/// assert_eq!(verified.records, 3);
/// # Ok::<(), itsm_audit::Error>(())
/// ```
pub fn verify_reader(
    reader: impl std::io::BufRead,
    mut verifier: Verifier<'_>,
    checkpoint: Option<&Checkpoint>,
) -> Result<Verified, Error> {
    for_each_line(reader, |line| verifier.push(line).map(|_| ()))?;
    verifier.finish(checkpoint)
}
