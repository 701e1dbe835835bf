//! A rotating file log: a directory of JSON Lines segments, one chain
//! across them, with retention that drops old segments behind an anchor.
//!
//! # Layout
//!
//! - `audit-<first seq, 20 digits>.jsonl`: the segments, in sequence order.
//!   The first record of each segment links to the last record of the one
//!   before it: the chain (and the Merkle tree) never restarts.
//! - `anchor.json`: present once retention has dropped segments; a
//!   [`crate::checkpoint::Anchor`] for every dropped record.
//!
//! # Rotation
//!
//! Before a batch is written, a new segment starts when the active one has
//! reached [`Rotation::max_bytes`], or, with [`Rotation::daily`], when the
//! batch's first event falls on another UTC day than the segment's first
//! record. A batch is never split across segments. Creating a segment syncs
//! the directory, so a synced record is never in a file whose name is lost.
//!
//! # Recovery
//!
//! On [`RotatingLog::open`] every segment is verified in order. A torn final
//! line is cut from the last segment only; a torn line in an earlier
//! segment, a missing segment (a gap in the sequence) or any other
//! corruption is an error, never repaired. Segments the anchor already
//! covers (retention interrupted between writing the anchor and deleting
//! them) are deleted.
//!
//! # Retention
//!
//! [`RotatingLog::drop_before`] drops the oldest segments whose records are
//! all older than a cutoff (never the active segment). It first writes the
//! new anchor durably (temporary file, sync, rename, directory sync), then
//! deletes the segments. The remaining trail verifies from the anchor, the
//! tree head is unchanged, and every retained record can still be proved.
//!
//! # Examples
//!
//! ```
//! use chrono::{Duration, TimeZone, Utc};
//! use itsm_audit::event::{Action, AuditEvent, EventType, Outcome};
//! use itsm_audit::rotate::{RotatingLog, Rotation};
//!
//! let dir = std::env::temp_dir().join(format!("itsm-audit-doc-{}", std::process::id()));
//! let t0 = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
//! let (mut log, _) = RotatingLog::open(&dir, None, Rotation::default())?;
//! for day in 0..3 {
//!     let e = AuditEvent::new(t0 + Duration::days(day), "api", EventType::Access, Action::View, Outcome::Success, "view");
//!     log.append_batch(&[e])?;
//! }
//! assert_eq!(log.segments().len(), 3, "one segment per day");
//! let head = log.checkpoint();
//!
//! // Keep records from 2 December on: the first segment goes, the head stays.
//! let anchor = log.drop_before(t0 + Duration::days(1))?;
//! assert_eq!(anchor.map(|a| a.dropped.size()), Some(1));
//! let (log, _) = RotatingLog::open(&dir, None, Rotation::default())?;
//! assert_eq!((log.segments().len(), log.checkpoint()), (2, head));
//! # std::fs::remove_dir_all(&dir).ok();
//! # Ok::<(), itsm_audit::Error>(())
//! ```

use std::fs::{self, File};
use std::io::Write as _;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};

use crate::Error;
use crate::checkpoint::Anchor;
use crate::event::AuditEvent;
use crate::merkle::CompactRange;
use crate::record::{Chain, PreparedEvent, SealKey};
use crate::storage::{Ack, AuditSink, FileStorage, Recovery, Storage, advance, seal_batch};
use crate::verify::{Checkpoint, FailureKind, Verifier};

/// When to start a new segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rotation {
    /// Start a new segment once the active one holds this many bytes.
    pub max_bytes: Option<u64>,
    /// Start a new segment when the UTC day changes.
    pub daily: bool,
}

impl Default for Rotation {
    /// Daily, and at 64 MiB.
    fn default() -> Self {
        Self {
            max_bytes: Some(64 << 20),
            daily: true,
        }
    }
}

/// The anchor's file name.
pub const ANCHOR_FILE: &str = "anchor.json";

/// A segment's file name.
#[must_use]
pub fn segment_name(first_seq: u64) -> String {
    format!("audit-{first_seq:020}.jsonl")
}

fn parse_segment_name(name: &str) -> Option<u64> {
    let digits = name.strip_prefix("audit-")?.strip_suffix(".jsonl")?;
    if digits.len() != 20 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

fn io_err(e: &std::io::Error) -> Error {
    Error::Io {
        reason: e.to_string(),
    }
}

fn sync_dir(dir: &Path) -> Result<(), Error> {
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| io_err(&e))
}

/// The anchor (if retention has run) and the segment files with their first
/// sequence numbers, in order.
pub type TrailFiles = (Option<Anchor>, Vec<(u64, PathBuf)>);

/// The anchor (if retention has run) and the segment files, in order.
///
/// # Errors
///
/// [`Error::Io`] for a directory or anchor that cannot be read;
/// [`Error::Serialize`] for an anchor that does not parse.
pub fn trail_files(dir: &Path) -> Result<TrailFiles, Error> {
    let anchor = match fs::read(dir.join(ANCHOR_FILE)) {
        Ok(bytes) => Some(serde_json::from_slice(&bytes).map_err(|_| Error::Serialize)?),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(io_err(&e)),
    };
    let mut segments = Vec::new();
    for entry in fs::read_dir(dir).map_err(|e| io_err(&e))? {
        let entry = entry.map_err(|e| io_err(&e))?;
        if let Some(first) = entry.file_name().to_str().and_then(parse_segment_name) {
            segments.push((first, entry.path()));
        }
    }
    segments.sort_unstable_by_key(|(first, _)| *first);
    Ok((anchor, segments))
}

#[derive(Debug, Clone)]
struct Segment {
    first_seq: u64,
    path: PathBuf,
    bytes: u64,
    first_day: Option<NaiveDate>,
    last_time: Option<DateTime<Utc>>,
    /// The anchor that would stand for everything up to this segment's end.
    end: Anchor,
}

/// The rotating audit log.
#[derive(Debug)]
pub struct RotatingLog {
    dir: PathBuf,
    rotation: Rotation,
    anchor: Option<Anchor>,
    segments: Vec<Segment>,
    active: Option<FileStorage>,
    chain: Chain,
    tree: CompactRange,
    head: Checkpoint,
    failed: bool,
}

impl RotatingLog {
    /// Opens (creating if needed) the log in `dir`, verifying every segment.
    ///
    /// # Errors
    ///
    /// [`Error::Verification`] for corruption, a gap between segments or a
    /// torn line in a segment other than the last; [`Error::Io`] for
    /// storage failures; [`Error::Serialize`] for an unreadable anchor.
    pub fn open(
        dir: impl AsRef<Path>,
        key: Option<SealKey>,
        rotation: Rotation,
    ) -> Result<(Self, Recovery), Error> {
        let dir = dir.as_ref().to_path_buf();
        fs::create_dir_all(&dir).map_err(|e| io_err(&e))?;
        // A temporary anchor is an unfinished retention that never took effect.
        let _ = fs::remove_file(dir.join(format!("{ANCHOR_FILE}.tmp")));
        let (anchor, files) = trail_files(&dir)?;
        let mut verifier = anchor.as_ref().map_or_else(
            || Verifier::new(key.as_ref()),
            |a| Verifier::from_anchor(a, key.as_ref()),
        );
        let covered = anchor.as_ref().map_or(0, |a| a.dropped.size());
        let mut segments: Vec<Segment> = Vec::new();
        let mut torn_bytes = 0;
        let count = files.len();
        for (i, (first_seq, path)) in files.iter().enumerate() {
            let next_first = files.get(i + 1).map(|(f, _)| *f);
            if next_first.is_some_and(|next| next <= covered) {
                // Retention wrote the anchor but was cut off before deleting this.
                fs::remove_file(path).map_err(|e| io_err(&e))?;
                continue;
            }
            let expected = verifier.records();
            if *first_seq != expected {
                return Err(Error::Verification {
                    record: expected,
                    kind: if *first_seq > expected {
                        FailureKind::Missing
                    } else {
                        FailureKind::Inserted
                    },
                });
            }
            let mut storage = FileStorage::open(path).map_err(|e| io_err(&e))?;
            let bytes = storage.read_all().map_err(|e| io_err(&e))?;
            let complete = bytes.iter().rposition(|b| *b == b'\n').map_or(0, |p| p + 1);
            let torn = bytes.len() - complete;
            let last = i + 1 == count;
            if torn > 0 && !last {
                return Err(Error::Verification {
                    record: verifier.records(),
                    kind: FailureKind::Modified,
                });
            }
            let text =
                std::str::from_utf8(bytes.get(..complete).unwrap_or_default()).map_err(|_| {
                    Error::Verification {
                        record: verifier.records(),
                        kind: FailureKind::Modified,
                    }
                })?;
            let mut first_day = None;
            let mut last_time = None;
            for line in text.lines() {
                let (_, body) = verifier.push_record(line)?;
                first_day.get_or_insert(body.event.timestamp.date_naive());
                last_time = Some(body.event.timestamp);
            }
            if torn > 0 {
                storage
                    .truncate(u64::try_from(complete).unwrap_or(u64::MAX))
                    .map_err(|e| io_err(&e))?;
                torn_bytes = torn;
            }
            segments.push(Segment {
                first_seq: *first_seq,
                path: path.clone(),
                bytes: u64::try_from(complete).unwrap_or(u64::MAX),
                first_day,
                last_time,
                end: verifier.anchor(),
            });
        }
        let tree = verifier.anchor().dropped;
        let head = verifier.finish(None)?.checkpoint();
        let chain = match head.records.checked_sub(1) {
            Some(last_seq) => Chain::resume(last_seq, head.last_hash, key),
            None => Chain::new(key),
        };
        let active = match segments.last() {
            Some(s) => Some(FileStorage::open(&s.path).map_err(|e| io_err(&e))?),
            None => None,
        };
        Ok((
            Self {
                dir,
                rotation,
                anchor,
                segments,
                active,
                chain,
                tree,
                head,
                failed: false,
            },
            Recovery {
                records: head.records,
                torn_bytes,
            },
        ))
    }

    /// The segment files, oldest first.
    #[must_use]
    pub fn segments(&self) -> Vec<&Path> {
        self.segments.iter().map(|s| s.path.as_path()).collect()
    }

    /// The retention anchor, once segments have been dropped.
    #[must_use]
    pub fn anchor(&self) -> Option<&Anchor> {
        self.anchor.as_ref()
    }

    /// Records in the trail, dropped ones included.
    #[must_use]
    pub fn len(&self) -> u64 {
        self.head.records
    }

    /// Whether nothing was ever recorded.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.head.records == 0
    }

    /// The tree head after the last acknowledged record.
    #[must_use]
    pub fn checkpoint(&self) -> Checkpoint {
        self.head
    }

    fn needs_new_segment(&self, first: &PreparedEvent) -> bool {
        let Some(seg) = self.segments.last() else {
            return true;
        };
        if self.active.is_none() {
            return true;
        }
        let full = self
            .rotation
            .max_bytes
            .is_some_and(|max| seg.bytes >= max && seg.bytes > 0);
        let new_day = self.rotation.daily
            && seg
                .first_day
                .is_some_and(|d| d != first.timestamp().date_naive());
        full || new_day
    }

    /// Seals `events`, writes them to the active segment (starting a new
    /// one first if the rotation says so), syncs once, then acknowledges.
    ///
    /// # Errors
    ///
    /// [`Error::Io`]: nothing of the batch is acknowledged and every later
    /// append fails until the log is reopened.
    pub fn append_batch(&mut self, events: &[AuditEvent]) -> Result<Vec<Ack>, Error> {
        AuditSink::append_batch(self, events)
    }

    /// As [`append_batch`](Self::append_batch), for events serialised
    /// beforehand.
    ///
    /// # Errors
    ///
    /// As [`append_batch`](Self::append_batch).
    pub fn append_prepared(&mut self, events: &[PreparedEvent]) -> Result<Vec<Ack>, Error> {
        if self.failed {
            return Err(Error::Io {
                reason: "an earlier append failed; reopen the log".into(),
            });
        }
        let Some(first) = events.first() else {
            return Ok(Vec::new());
        };
        let result = self.write_batch(first, events);
        if matches!(result, Err(Error::Io { .. })) {
            self.failed = true;
        }
        result
    }

    fn write_batch(
        &mut self,
        first: &PreparedEvent,
        events: &[PreparedEvent],
    ) -> Result<Vec<Ack>, Error> {
        let pending = seal_batch(&self.chain, events)?;
        if self.needs_new_segment(first) {
            let first_seq = self.head.records;
            let path = self.dir.join(segment_name(first_seq));
            let storage = FileStorage::open(&path).map_err(|e| io_err(&e))?;
            sync_dir(&self.dir)?;
            self.active = Some(storage);
            self.segments.push(Segment {
                first_seq,
                path,
                bytes: 0,
                first_day: None,
                last_time: None,
                end: Anchor {
                    dropped: self.tree.clone(),
                    last_hash: self.head.last_hash,
                },
            });
        }
        let (Some(active), Some(seg)) = (self.active.as_mut(), self.segments.last_mut()) else {
            return Err(Error::Io {
                reason: "no active segment".into(),
            });
        };
        active
            .append(&pending.bytes)
            .and_then(|()| active.sync())
            .map_err(|e| io_err(&e))?;
        self.chain = pending.chain;
        advance(&mut self.tree, &mut self.head, &pending.acks);
        seg.bytes += u64::try_from(pending.bytes.len()).unwrap_or(u64::MAX);
        seg.first_day.get_or_insert(first.timestamp().date_naive());
        seg.last_time = events
            .last()
            .map(PreparedEvent::timestamp)
            .or(seg.last_time);
        seg.end = Anchor {
            dropped: self.tree.clone(),
            last_hash: self.head.last_hash,
        };
        Ok(pending.acks)
    }

    /// Drops the oldest segments whose records are all before `cutoff`
    /// (never the active segment), after durably writing the anchor that
    /// stands for them. Returns the new anchor, or `None` when nothing was
    /// old enough.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] when writing the anchor or deleting a segment fails;
    /// a failure after the anchor is written is repaired by the next open.
    pub fn drop_before(&mut self, cutoff: DateTime<Utc>) -> Result<Option<Anchor>, Error> {
        let droppable = self
            .segments
            .iter()
            .take(self.segments.len().saturating_sub(1))
            .take_while(|s| s.last_time.is_none_or(|t| t < cutoff))
            .count();
        let Some(last_dropped) = droppable.checked_sub(1).and_then(|i| self.segments.get(i)) else {
            return Ok(None);
        };
        let anchor = last_dropped.end.clone();
        let json = serde_json::to_vec_pretty(&anchor).map_err(|_| Error::Serialize)?;
        let tmp = self.dir.join(format!("{ANCHOR_FILE}.tmp"));
        let write = || -> std::io::Result<()> {
            let mut f = File::create(&tmp)?;
            f.write_all(&json)?;
            f.sync_all()?;
            fs::rename(&tmp, self.dir.join(ANCHOR_FILE))
        };
        write().map_err(|e| io_err(&e))?;
        sync_dir(&self.dir)?;
        for seg in self.segments.drain(..droppable) {
            fs::remove_file(&seg.path).map_err(|e| io_err(&e))?;
        }
        sync_dir(&self.dir)?;
        self.anchor = Some(anchor.clone());
        Ok(Some(anchor))
    }

    /// The first sequence number still stored.
    #[must_use]
    pub fn first_retained(&self) -> u64 {
        self.segments
            .first()
            .map_or(self.head.records, |s| s.first_seq)
    }
}

impl AuditSink for RotatingLog {
    fn append_prepared(&mut self, events: &[PreparedEvent]) -> Result<Vec<Ack>, Error> {
        Self::append_prepared(self, events)
    }

    fn checkpoint(&self) -> Checkpoint {
        self.head
    }
}
