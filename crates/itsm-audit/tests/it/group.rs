//! Group commit: concurrent appends share syncs and every ack follows its sync.

use std::io;
use std::time::Duration;

use chrono::{TimeZone, Utc};
use itsm_audit::Error;
use itsm_audit::event::{Action, AuditEvent, EventType, Outcome};
use itsm_audit::group::{GroupCommitter, GroupConfig};
use itsm_audit::storage::{AuditLog, MemStorage, Storage};
use itsm_audit::verify::verify_lines;

fn event(i: usize) -> AuditEvent {
    let at = Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).unwrap();
    AuditEvent::new(
        at,
        "itsm-api",
        EventType::Access,
        Action::View,
        Outcome::Success,
        format!("event {i}"),
    )
}

fn syncs(ops: &[u8]) -> usize {
    ops.iter().map(|op| usize::from(*op == b's')).sum()
}

fn run(config: GroupConfig, threads: usize, per_thread: usize) -> (MemStorage, Vec<u64>) {
    let (log, _) = AuditLog::open(MemStorage::default(), None).unwrap();
    let writer = GroupCommitter::spawn(log, config);
    let mut seqs: Vec<u64> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|t| {
                let handle = writer.handle();
                s.spawn(move || {
                    (0..per_thread)
                        .map(|i| handle.append(&event(t * 1000 + i)).unwrap().seq)
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap())
            .collect()
    });
    seqs.sort_unstable();
    (writer.shutdown().unwrap().into_storage(), seqs)
}

#[test]
fn concurrent_appends_share_syncs_and_all_are_acknowledged() {
    let config = GroupConfig {
        max_batch: 64,
        max_latency: Duration::from_millis(5),
    };
    let (storage, seqs) = run(config, 8, 50);
    assert_eq!(
        seqs,
        (0..400).collect::<Vec<u64>>(),
        "each ack once, no gaps"
    );
    let syncs = syncs(&storage.ops);
    assert!(syncs < 400, "{syncs} syncs for 400 records: batches formed");
    assert!(syncs >= 400 / 64, "no batch exceeds max_batch");
    // Every write is followed by its sync before the next write.
    assert!(storage.ops.chunks(2).all(|c| c == b"ws"));
    let text = String::from_utf8(storage.durable().to_vec()).unwrap();
    assert_eq!(verify_lines(text.lines(), None).unwrap().records, 400);
}

#[test]
fn batch_size_one_means_one_sync_per_record() {
    let config = GroupConfig {
        max_batch: 1,
        max_latency: Duration::from_millis(5),
    };
    let (storage, seqs) = run(config, 4, 10);
    assert_eq!(seqs.len(), 40);
    assert_eq!(syncs(&storage.ops), 40);
}

#[derive(Debug, Default)]
struct FailingSync;

impl Storage for FailingSync {
    fn append(&mut self, _: &[u8]) -> io::Result<()> {
        Ok(())
    }
    fn sync(&mut self) -> io::Result<()> {
        Err(io::Error::other("disk gone"))
    }
    fn read_all(&mut self) -> io::Result<Vec<u8>> {
        Ok(Vec::new())
    }
    fn truncate(&mut self, _: u64) -> io::Result<()> {
        Ok(())
    }
}

#[test]
fn a_failed_sync_acknowledges_nothing() {
    let (log, _) = AuditLog::open(FailingSync, None).unwrap();
    let writer = GroupCommitter::spawn(log, GroupConfig::default());
    let handle = writer.handle();
    assert!(matches!(handle.append(&event(0)), Err(Error::Io { .. })));
    assert!(matches!(handle.append(&event(1)), Err(Error::Io { .. })));
    drop(handle);
    let log = writer.shutdown().unwrap();
    assert_eq!(log.len(), 0);
}
