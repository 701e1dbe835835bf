//! Rotation keeps one chain across files; retention keeps the rest verifiable.

use std::fs;
use std::path::PathBuf;

use chrono::{DateTime, Duration, TimeZone, Utc};
use itsm_audit::Error;
use itsm_audit::checkpoint::{inclusion, tree_from_lines, verify_record_inclusion};
use itsm_audit::event::{Action, AuditEvent, EventType, Outcome};
use itsm_audit::rotate::{ANCHOR_FILE, RotatingLog, Rotation, trail_files};
use itsm_audit::verify::FailureKind;

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("itsm-audit-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    dir
}

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 8, 0, 0).unwrap()
}

fn event(at: DateTime<Utc>, i: usize) -> AuditEvent {
    AuditEvent::new(
        at,
        "itsm-api",
        EventType::Access,
        Action::View,
        Outcome::Success,
        format!("event {i}"),
    )
}

fn all_lines(dir: &std::path::Path) -> Vec<String> {
    let (_, files) = trail_files(dir).unwrap();
    files
        .iter()
        .flat_map(|(_, p)| {
            fs::read_to_string(p)
                .unwrap()
                .lines()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn rotation_by_size_keeps_one_chain() {
    let dir = temp_dir("rotate-size");
    let rotation = Rotation {
        max_bytes: Some(2_000),
        daily: false,
    };
    let (mut log, _) = RotatingLog::open(&dir, None, rotation).unwrap();
    for i in 0..40 {
        log.append_batch(&[event(t0(), i)]).unwrap();
    }
    let head = log.checkpoint();
    let files = log.segments().len();
    assert!(files >= 4, "{files} segments");
    for seg in log.segments() {
        let len = fs::metadata(seg).unwrap().len();
        assert!(
            len < 2_000 + 1_000,
            "a segment stops growing past the limit"
        );
    }
    drop(log);
    let (log, recovery) = RotatingLog::open(&dir, None, rotation).unwrap();
    assert_eq!(recovery.records, 40);
    assert_eq!(log.checkpoint(), head);
    // The segments read in order are one valid chain with the same head.
    let lines = all_lines(&dir);
    let (_, verified) = tree_from_lines(lines.iter().map(String::as_str), None, None).unwrap();
    assert_eq!(verified.checkpoint(), head);
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn rotation_by_day_and_a_missing_segment_is_a_gap() {
    let dir = temp_dir("rotate-day");
    let (mut log, _) = RotatingLog::open(&dir, None, Rotation::default()).unwrap();
    for day in 0..4 {
        let at = t0() + Duration::days(day);
        log.append_batch(&[event(at, 0), event(at + Duration::hours(1), 1)])
            .unwrap();
    }
    let segments: Vec<PathBuf> = log.segments().iter().map(|p| p.to_path_buf()).collect();
    assert_eq!(segments.len(), 4);
    drop(log);
    fs::remove_file(&segments[1]).unwrap();
    let err = RotatingLog::open(&dir, None, Rotation::default()).unwrap_err();
    assert_eq!(
        err,
        Error::Verification {
            record: 2,
            kind: FailureKind::Missing
        }
    );
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn torn_tail_is_cut_only_in_the_last_segment() {
    let dir = temp_dir("rotate-torn");
    let rotation = Rotation {
        max_bytes: Some(1),
        daily: false,
    };
    let (mut log, _) = RotatingLog::open(&dir, None, rotation).unwrap();
    for i in 0..3 {
        log.append_batch(&[event(t0(), i)]).unwrap();
    }
    let segments: Vec<PathBuf> = log.segments().iter().map(|p| p.to_path_buf()).collect();
    drop(log);
    let last = fs::read(&segments[2]).unwrap();
    fs::write(&segments[2], &last[..last.len() / 2]).unwrap();
    let (mut log, recovery) = RotatingLog::open(&dir, None, rotation).unwrap();
    assert_eq!(recovery.records, 2);
    assert_eq!(recovery.torn_bytes, last.len() / 2);
    log.append_batch(&[event(t0(), 9)]).unwrap();
    drop(log);
    assert_eq!(
        RotatingLog::open(&dir, None, rotation).unwrap().1.records,
        3
    );

    let middle = fs::read(&segments[1]).unwrap();
    fs::write(&segments[1], &middle[..middle.len() - 5]).unwrap();
    assert!(matches!(
        RotatingLog::open(&dir, None, rotation),
        Err(Error::Verification {
            record: 1,
            kind: FailureKind::Modified
        })
    ));
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn retention_drops_old_segments_and_the_rest_still_verifies_and_proves() {
    let dir = temp_dir("retention");
    let (mut log, _) = RotatingLog::open(&dir, None, Rotation::default()).unwrap();
    let mut n = 0;
    for day in 0..10 {
        let at = t0() + Duration::days(day);
        let batch: Vec<AuditEvent> = (0..3)
            .map(|i| event(at + Duration::minutes(i), n))
            .collect();
        n += 3;
        log.append_batch(&batch).unwrap();
    }
    let head = log.checkpoint();
    assert_eq!(log.drop_before(t0()).unwrap(), None, "nothing that old");
    let anchor = log.drop_before(t0() + Duration::days(7)).unwrap().unwrap();
    assert_eq!(anchor.dropped.size(), 21);
    assert_eq!(log.segments().len(), 3);
    assert_eq!(log.first_retained(), 21);
    assert_eq!(log.checkpoint(), head);
    // The active segment is never dropped, however old.
    log.drop_before(t0() + Duration::days(100)).unwrap();
    assert_eq!(log.segments().len(), 1);
    drop(log);

    let (mut log, recovery) = RotatingLog::open(&dir, None, Rotation::default()).unwrap();
    assert_eq!(recovery.records, 30);
    assert_eq!(log.checkpoint(), head);
    let anchor = log.anchor().cloned().unwrap();
    let lines = all_lines(&dir);
    assert_eq!(lines.len(), 3);
    let (tree, verified) =
        tree_from_lines(lines.iter().map(String::as_str), Some(&anchor), None).unwrap();
    assert_eq!(verified.checkpoint(), head);
    for (i, line) in lines.iter().enumerate() {
        let seq = 27 + u64::try_from(i).unwrap();
        let proof = inclusion(&tree, seq, head.records).unwrap();
        assert!(verify_record_inclusion(line, seq, &proof, &head).unwrap());
    }
    // The chain continues after retention.
    log.append_batch(&[event(t0() + Duration::days(10), n)])
        .unwrap();
    assert_eq!(log.len(), 31);
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn retention_interrupted_before_deleting_is_finished_on_open() {
    let dir = temp_dir("retention-crash");
    let (mut log, _) = RotatingLog::open(&dir, None, Rotation::default()).unwrap();
    for day in 0..3 {
        log.append_batch(&[event(t0() + Duration::days(day), 0)])
            .unwrap();
    }
    let first = log.segments()[0].to_path_buf();
    let saved = fs::read(&first).unwrap();
    log.drop_before(t0() + Duration::days(1)).unwrap().unwrap();
    drop(log);
    // As if the crash came after the anchor was written and before the delete.
    fs::write(&first, saved).unwrap();
    let (log, recovery) = RotatingLog::open(&dir, None, Rotation::default()).unwrap();
    assert_eq!(recovery.records, 3);
    assert_eq!(log.segments().len(), 2);
    assert!(!first.exists());
    assert!(dir.join(ANCHOR_FILE).exists());

    // A tampered anchor breaks the link to the first retained record.
    drop(log);
    let text = fs::read_to_string(dir.join(ANCHOR_FILE)).unwrap();
    let mut value: serde_json::Value = serde_json::from_str(&text).unwrap();
    value["last_hash"] = serde_json::Value::String("00".repeat(32));
    fs::write(dir.join(ANCHOR_FILE), value.to_string()).unwrap();
    assert!(matches!(
        RotatingLog::open(&dir, None, Rotation::default()),
        Err(Error::Verification {
            record: 1,
            kind: FailureKind::Inserted
        })
    ));
    fs::remove_dir_all(&dir).unwrap();
}
