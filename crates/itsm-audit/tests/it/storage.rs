//! Durability: acknowledged records survive a crash, nothing is acknowledged
//! before its sync, a torn tail is cut at any byte, corruption is refused.

use std::io;

use chrono::{Duration, TimeZone, Utc};
use itsm_audit::Error;
use itsm_audit::event::{Action, AuditEvent, EventType, Outcome};
use itsm_audit::storage::{AuditLog, FileStorage, MemStorage, Storage};
use itsm_audit::verify::FailureKind;

fn event(i: usize) -> AuditEvent {
    let t0 = Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).unwrap();
    AuditEvent::new(
        t0 + Duration::seconds(i64::try_from(i).unwrap()),
        "itsm-api",
        EventType::Access,
        Action::View,
        Outcome::Success,
        format!("event {i}"),
    )
}

#[test]
fn acknowledged_records_survive_a_crash_and_acks_follow_syncs() {
    let (mut log, _) = AuditLog::open(MemStorage::default(), None).unwrap();
    let mut acked = 0;
    for batch in 0..10 {
        let events: Vec<AuditEvent> = (0..=(batch % 4)).map(|i| event(batch * 10 + i)).collect();
        acked += log.append_batch(&events).unwrap().len();
    }
    let mut storage = log.into_storage();
    // One write then one sync per batch: every ack came after its sync.
    assert_eq!(storage.ops, b"ws".repeat(10));
    // Bytes written but never synced (a batch whose sync never happened) are lost in the crash.
    storage.append(b"{\"body\":{\"seq\":99").unwrap();
    storage.crash();
    let (log, recovery) = AuditLog::open(storage, None).unwrap();
    assert_eq!(log.len(), u64::try_from(acked).unwrap());
    assert_eq!(recovery.torn_bytes, 0);
}

#[test]
fn torn_tail_cut_at_every_byte_of_the_last_line() {
    let (mut log, _) = AuditLog::open(MemStorage::default(), None).unwrap();
    log.append_batch(&[event(0), event(1), event(2)]).unwrap();
    let full = log.into_storage().durable().to_vec();
    let last_start = full[..full.len() - 1]
        .iter()
        .rposition(|b| *b == b'\n')
        .unwrap()
        + 1;
    for cut in last_start..full.len() {
        let (mut log, recovery) =
            AuditLog::open(MemStorage::from_bytes(full[..cut].to_vec()), None).unwrap();
        assert_eq!(recovery.records, 2, "cut at {cut}");
        assert_eq!(recovery.torn_bytes, cut - last_start, "cut at {cut}");
        // The chain continues after recovery.
        log.append_batch(&[event(9)]).unwrap();
        let (again, r2) = AuditLog::open(log.into_storage(), None).unwrap();
        assert_eq!((again.len(), r2.torn_bytes), (3, 0), "cut at {cut}");
    }
}

#[test]
fn corruption_in_a_complete_line_is_a_hard_error() {
    let (mut log, _) = AuditLog::open(MemStorage::default(), None).unwrap();
    log.append_batch(&[event(0), event(1), event(2)]).unwrap();
    let bytes = log.into_storage().durable().to_vec();
    let text = String::from_utf8(bytes)
        .unwrap()
        .replace("event 1", "event 7");
    let err = AuditLog::open(MemStorage::from_bytes(text.into_bytes()), None).unwrap_err();
    assert_eq!(
        err,
        Error::Verification {
            record: 1,
            kind: FailureKind::Modified
        }
    );
}

/// Storage whose sync fails once.
#[derive(Debug, Default)]
struct FailingSync {
    inner: MemStorage,
    fail_next_sync: bool,
}

impl Storage for FailingSync {
    fn append(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.inner.append(bytes)
    }
    fn sync(&mut self) -> io::Result<()> {
        if std::mem::take(&mut self.fail_next_sync) {
            return Err(io::Error::other("disk full"));
        }
        self.inner.sync()
    }
    fn read_all(&mut self) -> io::Result<Vec<u8>> {
        self.inner.read_all()
    }
    fn truncate(&mut self, len: u64) -> io::Result<()> {
        self.inner.truncate(len)
    }
}

#[test]
fn a_failed_sync_acknowledges_nothing_and_blocks_until_reopened() {
    let (mut log, _) = AuditLog::open(FailingSync::default(), None).unwrap();
    log.append_batch(&[event(0)]).unwrap();
    let mut storage = log.into_storage();
    storage.fail_next_sync = true;
    let (mut log, _) = AuditLog::open(storage, None).unwrap();
    assert!(matches!(
        log.append_batch(&[event(1)]),
        Err(Error::Io { .. })
    ));
    assert!(
        matches!(log.append_batch(&[event(2)]), Err(Error::Io { .. })),
        "blocked until reopened"
    );
    let mut storage = log.into_storage();
    storage.inner.crash();
    let (mut log, _) = AuditLog::open(storage, None).unwrap();
    assert_eq!(log.len(), 1, "the unsynced batch is gone");
    log.append_batch(&[event(3)]).unwrap();
    assert_eq!(log.len(), 2);
}

#[test]
fn file_storage_round_trip_and_torn_tail() {
    let dir = std::env::temp_dir().join(format!("itsm-audit-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("trail.jsonl");
    let _ = std::fs::remove_file(&path);
    let (mut log, _) = AuditLog::open(FileStorage::open(&path).unwrap(), None).unwrap();
    log.append_batch(&[event(0), event(1)]).unwrap();
    log.append_batch(&[event(2)]).unwrap();
    drop(log);
    // Simulate a torn write.
    {
        use std::io::Write as _;
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap();
        f.write_all(b"{\"body\":{\"seq\":3,\"pr").unwrap();
    }
    let (log, recovery) = AuditLog::open(FileStorage::open(&path).unwrap(), None).unwrap();
    assert_eq!((log.len(), recovery.torn_bytes), (3, 20));
    let content = std::fs::read_to_string(&path).unwrap();
    assert!(content.ends_with('\n'));
    assert_eq!(content.lines().count(), 3);
    std::fs::remove_dir_all(&dir).unwrap();
}
