//! Group commit: many threads append through one writer, which seals their
//! events in arrival order and syncs once per batch.
//!
//! Each [`GroupHandle::append`] blocks until its record is durable and
//! returns its acknowledgement. The writer takes the first waiting event,
//! then collects more until the batch holds [`GroupConfig::max_batch`]
//! events or [`GroupConfig::max_latency`] has passed since the first, and
//! commits them with one [`AuditSink::append_prepared`] (one `sync_data`
//! for a file). Callers serialise their events on their own threads, so the
//! writer's share of the work is linking, hashing and the sync. Events already waiting are always taken without further delay, so
//! with `max_latency` zero a busy writer still batches.
//!
//! If a commit fails, every event of that batch gets the error and no
//! acknowledgement; the sink refuses later appends until it is reopened.
//!
//! # Examples
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use itsm_audit::event::{Action, AuditEvent, EventType, Outcome};
//! use itsm_audit::group::{GroupCommitter, GroupConfig};
//! use itsm_audit::storage::{AuditLog, MemStorage};
//!
//! let (log, _) = AuditLog::open(MemStorage::default(), None)?;
//! let writer = GroupCommitter::spawn(log, GroupConfig::default());
//! let at = Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).unwrap();
//! std::thread::scope(|s| {
//!     for t in 0..4 {
//!         let handle = writer.handle();
//!         s.spawn(move || {
//!             let e = AuditEvent::new(at, "api", EventType::Access, Action::View, Outcome::Success, format!("thread {t}"));
//!             handle.append(&e).map(|ack| ack.seq)
//!         });
//!     }
//! });
//! let log = writer.shutdown()?;
//! assert_eq!(log.len(), 4);
//! # Ok::<(), itsm_audit::Error>(())
//! ```

use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, SyncSender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::Error;
use crate::event::AuditEvent;
use crate::record::PreparedEvent;
use crate::storage::{Ack, AuditSink};

/// How the writer batches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GroupConfig {
    /// The most events one sync covers (at least 1).
    pub max_batch: usize,
    /// How long the writer waits for more events after the first of a batch.
    pub max_latency: Duration,
}

impl Default for GroupConfig {
    /// Up to 256 events, no added wait.
    fn default() -> Self {
        Self {
            max_batch: 256,
            max_latency: Duration::ZERO,
        }
    }
}

struct Request {
    event: PreparedEvent,
    reply: SyncSender<Result<Ack, Error>>,
}

/// The writer thread and its sink.
#[derive(Debug)]
pub struct GroupCommitter<S: AuditSink + Send + 'static> {
    tx: Option<Sender<Request>>,
    worker: Option<JoinHandle<S>>,
}

/// A cloneable handle for appending from any thread.
#[derive(Debug, Clone)]
pub struct GroupHandle {
    tx: Sender<Request>,
}

impl std::fmt::Debug for Request {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Request").finish_non_exhaustive()
    }
}

fn stopped() -> Error {
    Error::Io {
        reason: "the audit writer has stopped".into(),
    }
}

impl GroupHandle {
    /// Appends `event` and waits until it is durable. The event is
    /// serialised on the calling thread; the writer only links and seals.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] when the commit failed or the writer has stopped;
    /// [`Error::Serialize`] when the event does not serialize.
    pub fn append(&self, event: &AuditEvent) -> Result<Ack, Error> {
        let event = PreparedEvent::new(event)?;
        let (reply, answer) = mpsc::sync_channel(1);
        self.tx
            .send(Request { event, reply })
            .map_err(|_| stopped())?;
        answer.recv().map_err(|_| stopped())?
    }
}

fn run<S: AuditSink>(mut sink: S, rx: &Receiver<Request>, config: GroupConfig) -> S {
    let max_batch = config.max_batch.max(1);
    let mut batch: Vec<Request> = Vec::with_capacity(max_batch);
    while let Ok(first) = rx.recv() {
        batch.push(first);
        let now = Instant::now();
        // A latency too long to represent waits as long as an hour would.
        let deadline = now
            .checked_add(config.max_latency)
            .unwrap_or_else(|| now + Duration::from_secs(3600));
        while batch.len() < max_batch {
            // Take what is already waiting, then wait out the latency.
            match rx.try_recv() {
                Ok(r) => {
                    batch.push(r);
                    continue;
                }
                Err(mpsc::TryRecvError::Disconnected) => break,
                Err(mpsc::TryRecvError::Empty) => {}
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            match rx.recv_timeout(left) {
                Ok(r) => batch.push(r),
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => break,
            }
        }
        let events: Vec<PreparedEvent> = batch.iter().map(|r| r.event.clone()).collect();
        match sink.append_prepared(&events) {
            Ok(acks) => {
                for (r, ack) in batch.drain(..).zip(acks) {
                    let _ = r.reply.send(Ok(ack));
                }
            }
            Err(e) => {
                for r in batch.drain(..) {
                    let _ = r.reply.send(Err(e.clone()));
                }
            }
        }
    }
    sink
}

impl<S: AuditSink + Send + 'static> GroupCommitter<S> {
    /// Starts the writer thread over `sink`.
    #[must_use]
    pub fn spawn(sink: S, config: GroupConfig) -> Self {
        let (tx, rx) = mpsc::channel();
        let worker = std::thread::Builder::new()
            .name("itsm-audit-writer".into())
            .spawn(move || run(sink, &rx, config))
            .ok();
        Self {
            tx: Some(tx),
            worker,
        }
    }

    /// A handle for appending; clone it into each thread.
    #[must_use]
    pub fn handle(&self) -> GroupHandle {
        GroupHandle {
            tx: self.tx.clone().unwrap_or_else(|| mpsc::channel().0),
        }
    }

    /// Waits for every handle to be dropped and every pending event to be
    /// committed, then returns the sink. (It blocks while any handle lives.)
    ///
    /// # Errors
    ///
    /// [`Error::Io`] if the writer thread could not start or died.
    pub fn shutdown(mut self) -> Result<S, Error> {
        drop(self.tx.take());
        self.worker
            .take()
            .ok_or_else(stopped)?
            .join()
            .map_err(|_| stopped())
    }
}
