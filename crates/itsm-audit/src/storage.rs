//! Durable storage for sealed records: a small byte-log abstraction, a file
//! implementation, an in-memory one that can simulate a crash, and the
//! audit log on top that acknowledges a record only once it is synced.
//!
//! # Durability
//!
//! [`AuditLog::append_batch`] writes every record of a batch, calls
//! [`Storage::sync`] once (for a file, `sync_data`), and only then returns
//! the acknowledgements: nothing acknowledged can be lost in a crash, and a
//! batch costs one sync however many records it holds.
//!
//! # Recovery
//!
//! On [`AuditLog::open`], bytes after the last newline are a line torn by a
//! crash mid-write: they are reported and cut off. Every complete line must
//! verify; corruption anywhere else is an error and is never repaired.
//!
//! # Examples
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use itsm_audit::event::{Action, AuditEvent, EventType, Outcome};
//! use itsm_audit::storage::{AuditLog, MemStorage};
//!
//! let at = Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).unwrap();
//! let e = AuditEvent::new(at, "itsm-api", EventType::Access, Action::Login, Outcome::Success, "login");
//! let (mut log, _) = AuditLog::open(MemStorage::default(), None)?;
//! let acks = log.append_batch(&[e.clone(), e])?;
//! assert_eq!(acks.len(), 2);
//!
//! // A crash loses only what was never synced; the acknowledged records remain.
//! let mut storage = log.into_storage();
//! storage.crash();
//! let (log, recovery) = AuditLog::open(storage, None)?;
//! assert_eq!(log.len(), 2);
//! assert_eq!(recovery.torn_bytes, 0);
//! # Ok::<(), itsm_audit::Error>(())
//! ```

use std::fs::{File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use crate::Error;
use crate::event::AuditEvent;
use crate::merkle::{CompactRange, Hash};
use crate::record::{Chain, PreparedEvent, SealKey};
use crate::verify::{Checkpoint, Verifier};

/// An append-only byte log.
pub trait Storage {
    /// Appends bytes (not yet durable).
    ///
    /// # Errors
    ///
    /// The underlying I/O error.
    fn append(&mut self, bytes: &[u8]) -> io::Result<()>;

    /// Makes every appended byte durable.
    ///
    /// # Errors
    ///
    /// The underlying I/O error.
    fn sync(&mut self) -> io::Result<()>;

    /// Everything durable or appended so far.
    ///
    /// # Errors
    ///
    /// The underlying I/O error.
    fn read_all(&mut self) -> io::Result<Vec<u8>>;

    /// Cuts the log to `len` bytes, durably.
    ///
    /// # Errors
    ///
    /// The underlying I/O error.
    fn truncate(&mut self, len: u64) -> io::Result<()>;
}

/// In-memory storage that keeps synced and unsynced bytes apart, so a test
/// can [`crash`](Self::crash) and lose exactly what was never synced.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MemStorage {
    durable: Vec<u8>,
    pending: Vec<u8>,
    /// Every operation, in order: `b'w'` for a write, `b's'` for a sync.
    pub ops: Vec<u8>,
}

impl MemStorage {
    /// Storage holding `durable` bytes, as if reopened after a crash.
    #[must_use]
    pub fn from_bytes(durable: Vec<u8>) -> Self {
        Self {
            durable,
            pending: Vec::new(),
            ops: Vec::new(),
        }
    }

    /// Drops every byte not yet synced.
    pub fn crash(&mut self) {
        self.pending.clear();
    }

    /// The durable bytes.
    #[must_use]
    pub fn durable(&self) -> &[u8] {
        &self.durable
    }
}

impl Storage for MemStorage {
    fn append(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.pending.extend_from_slice(bytes);
        self.ops.push(b'w');
        Ok(())
    }

    fn sync(&mut self) -> io::Result<()> {
        self.durable.append(&mut self.pending);
        self.ops.push(b's');
        Ok(())
    }

    fn read_all(&mut self) -> io::Result<Vec<u8>> {
        Ok([self.durable.as_slice(), self.pending.as_slice()].concat())
    }

    fn truncate(&mut self, len: u64) -> io::Result<()> {
        let mut all = self.read_all()?;
        all.truncate(usize::try_from(len).unwrap_or(usize::MAX));
        self.durable = all;
        self.pending.clear();
        Ok(())
    }
}

/// A JSON Lines file.
#[derive(Debug)]
pub struct FileStorage {
    file: File,
    path: PathBuf,
}

impl FileStorage {
    /// Opens or creates `path` for appending.
    ///
    /// # Errors
    ///
    /// The I/O error.
    pub fn open(path: impl AsRef<Path>) -> io::Result<Self> {
        let path = path.as_ref().to_path_buf();
        let file = OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .open(&path)?;
        Ok(Self { file, path })
    }

    /// The file's path.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Storage for FileStorage {
    fn append(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.file.write_all(bytes)
    }

    fn sync(&mut self) -> io::Result<()> {
        self.file.sync_data()
    }

    fn read_all(&mut self) -> io::Result<Vec<u8>> {
        let mut out = Vec::new();
        self.file.seek(SeekFrom::Start(0))?;
        self.file.read_to_end(&mut out)?;
        Ok(out)
    }

    fn truncate(&mut self, len: u64) -> io::Result<()> {
        self.file.set_len(len)?;
        self.file.sync_data()
    }
}

/// What opening a log found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recovery {
    /// Records that verified.
    pub records: u64,
    /// Bytes of a torn final line that were cut off (0 when none).
    pub torn_bytes: usize,
}

/// An acknowledged record: synced before this was returned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ack {
    /// Its sequence number.
    pub seq: u64,
    /// Its hash.
    pub hash: Hash,
}

/// Where sealed records go: the in-memory and file logs ([`AuditLog`] over
/// [`MemStorage`] or [`FileStorage`]) and the rotating file log
/// ([`crate::rotate::RotatingLog`]).
pub trait AuditSink {
    /// Seals and stores already serialised `events` in order and returns
    /// their acknowledgements only once they are durable.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] when storing fails; then nothing of the batch is
    /// acknowledged.
    fn append_prepared(&mut self, events: &[PreparedEvent]) -> Result<Vec<Ack>, Error>;

    /// Serialises, seals and stores `events`, as
    /// [`append_prepared`](Self::append_prepared).
    ///
    /// # Errors
    ///
    /// [`Error::Serialize`] before anything is written if an event does not
    /// serialize; otherwise as [`append_prepared`](Self::append_prepared).
    fn append_batch(&mut self, events: &[AuditEvent]) -> Result<Vec<Ack>, Error> {
        let prepared = events
            .iter()
            .map(PreparedEvent::new)
            .collect::<Result<Vec<_>, _>>()?;
        self.append_prepared(&prepared)
    }

    /// The tree head after the last acknowledged record, ready to sign with
    /// [`crate::checkpoint::CheckpointSigner`].
    fn checkpoint(&self) -> Checkpoint;
}

/// A batch sealed but not yet written: the chain after it, its lines and
/// the acknowledgements to give once it is durable.
pub(crate) struct Pending {
    pub(crate) chain: Chain,
    pub(crate) bytes: Vec<u8>,
    pub(crate) acks: Vec<Ack>,
}

/// Seals `events` after `chain` without changing it.
pub(crate) fn seal_batch(chain: &Chain, events: &[PreparedEvent]) -> Result<Pending, Error> {
    let mut chain = chain.clone();
    let mut bytes = Vec::new();
    let mut acks = Vec::with_capacity(events.len());
    for e in events {
        let sealed = chain.seal_prepared(e)?;
        bytes.extend_from_slice(sealed.line.as_bytes());
        bytes.push(b'\n');
        acks.push(Ack {
            seq: sealed.seq,
            hash: sealed.hash,
        });
    }
    Ok(Pending { chain, bytes, acks })
}

/// Moves a tree head past durable records.
pub(crate) fn advance(tree: &mut CompactRange, head: &mut Checkpoint, acks: &[Ack]) {
    for ack in acks {
        tree.push_leaf_hash(crate::checkpoint::leaf(&ack.hash));
    }
    if let Some(last) = acks.last() {
        *head = Checkpoint {
            records: last.seq + 1,
            last_hash: last.hash,
            root: tree.root(),
        };
    }
}

/// The audit log over a [`Storage`].
#[derive(Debug)]
pub struct AuditLog<S: Storage> {
    storage: S,
    chain: Chain,
    head: Checkpoint,
    tree: CompactRange,
    failed: bool,
}

fn io_err(e: &io::Error) -> Error {
    Error::Io {
        reason: e.to_string(),
    }
}

impl<S: Storage> AuditLog<S> {
    /// Opens the log: verifies every complete line, cuts off a torn final
    /// line, and resumes the chain after the last record.
    ///
    /// # Errors
    ///
    /// [`Error::Verification`] for corruption in a complete line;
    /// [`Error::Io`] for storage failures.
    pub fn open(mut storage: S, key: Option<SealKey>) -> Result<(Self, Recovery), Error> {
        let bytes = storage.read_all().map_err(|e| io_err(&e))?;
        let complete = bytes.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
        let torn_bytes = bytes.len() - complete;
        let text =
            std::str::from_utf8(bytes.get(..complete).unwrap_or_default()).map_err(|_| {
                Error::Verification {
                    record: 0,
                    kind: crate::verify::FailureKind::Modified,
                }
            })?;
        let mut checker = Verifier::new(key.as_ref());
        for line in text.lines() {
            checker.push(line)?;
        }
        let tree = checker.anchor().dropped;
        let verified = checker.finish(None)?;
        if torn_bytes > 0 {
            storage
                .truncate(u64::try_from(complete).unwrap_or(u64::MAX))
                .map_err(|e| io_err(&e))?;
        }
        let chain = match verified.records.checked_sub(1) {
            Some(last_seq) => Chain::resume(last_seq, verified.last_hash, key),
            None => Chain::new(key),
        };
        Ok((
            Self {
                storage,
                chain,
                head: verified.checkpoint(),
                tree,
                failed: false,
            },
            Recovery {
                records: verified.records,
                torn_bytes,
            },
        ))
    }

    /// Records in the log.
    #[must_use]
    pub fn len(&self) -> u64 {
        self.head.records
    }

    /// Whether the log is empty.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.head.records == 0
    }

    /// The tree head after the last acknowledged record.
    #[must_use]
    pub fn checkpoint(&self) -> Checkpoint {
        self.head
    }

    /// Seals and writes every event, syncs once, then acknowledges them all.
    ///
    /// # Errors
    ///
    /// [`Error::Io`]: then nothing of the batch is acknowledged, and every
    /// later append fails too until the log is reopened (which verifies it
    /// and cuts off any torn tail), so no sequence number is ever reused.
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
        let pending = seal_batch(&self.chain, events)?;
        if let Err(e) = self
            .storage
            .append(&pending.bytes)
            .and_then(|()| self.storage.sync())
        {
            self.failed = true;
            return Err(io_err(&e));
        }
        self.chain = pending.chain;
        advance(&mut self.tree, &mut self.head, &pending.acks);
        Ok(pending.acks)
    }

    /// The storage, for closing or tests.
    ///
    /// Dropping the log loses nothing: every acknowledged record is synced.
    #[must_use]
    pub fn into_storage(self) -> S {
        self.storage
    }
}

impl<S: Storage> AuditSink for AuditLog<S> {
    fn append_prepared(&mut self, events: &[PreparedEvent]) -> Result<Vec<Ack>, Error> {
        Self::append_prepared(self, events)
    }

    fn checkpoint(&self) -> Checkpoint {
        self.head
    }
}
