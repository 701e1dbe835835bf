//! A real crash: a child process appending to the file sink is killed with
//! SIGKILL at seeded random moments; every acknowledged record must be there
//! after reopening, and the chain must verify.
//!
//! The child is this test binary, re-run with `--ignored --exact
//! crash::crash_child` and the target in an environment variable.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use itsm_audit::event::{Action, AuditEvent, EventType, Outcome};
use itsm_audit::group::{GroupCommitter, GroupConfig};
use itsm_audit::rotate::{RotatingLog, Rotation, trail_files};
use itsm_audit::storage::{AuditLog, AuditSink, FileStorage};
use itsm_audit::verify::Verifier;

const TARGET: &str = "ITSM_AUDIT_CRASH_TARGET";
const KIND: &str = "ITSM_AUDIT_CRASH_KIND";

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

fn rotation() -> Rotation {
    Rotation {
        max_bytes: Some(8_000),
        daily: false,
    }
}

fn child_loop<S: AuditSink + Send + 'static>(sink: S) {
    let writer = GroupCommitter::spawn(
        sink,
        GroupConfig {
            max_batch: 16,
            max_latency: Duration::from_micros(200),
        },
    );
    let at = Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).unwrap();
    let stop = Instant::now() + Duration::from_secs(10);
    std::thread::scope(|s| {
        for t in 0..3 {
            let handle = writer.handle();
            s.spawn(move || {
                let mut i = 0u64;
                while Instant::now() < stop {
                    let e = AuditEvent::new(
                        at,
                        "crash-child",
                        EventType::Update,
                        Action::Update,
                        Outcome::Success,
                        format!(
                            "thread {t} write {i} {}",
                            "x".repeat(usize::try_from(i % 7 * 40).unwrap())
                        ),
                    );
                    let ack = handle.append(&e).unwrap();
                    // Printed only after the record is durable.
                    let mut out = std::io::stdout().lock();
                    writeln!(out, "ack {} {}", ack.seq, hex(&ack.hash)).unwrap();
                    out.flush().unwrap();
                    i += 1;
                }
            });
        }
    });
}

#[test]
#[ignore = "the child process of sigkill_never_loses_an_acknowledged_record"]
fn crash_child() {
    let target = PathBuf::from(std::env::var(TARGET).expect("run by the crash test"));
    if std::env::var(KIND).as_deref() == Ok("rotating") {
        let (log, _) = RotatingLog::open(&target, None, rotation()).unwrap();
        child_loop(log);
    } else {
        let (log, _) = AuditLog::open(FileStorage::open(&target).unwrap(), None).unwrap();
        child_loop(log);
    }
}

/// splitmix64: a fixed, seeded sequence of kill moments.
fn next(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Every record's hash, after opening (which verifies and cuts a torn tail).
fn reopen(kind: &str, target: &Path) -> (Vec<String>, usize) {
    let torn = if kind == "rotating" {
        RotatingLog::open(target, None, rotation())
            .unwrap()
            .1
            .torn_bytes
    } else {
        let storage = FileStorage::open(target).unwrap();
        AuditLog::open(storage, None).unwrap().1.torn_bytes
    };
    let files: Vec<PathBuf> = if kind == "rotating" {
        trail_files(target)
            .unwrap()
            .1
            .into_iter()
            .map(|(_, p)| p)
            .collect()
    } else {
        vec![target.to_path_buf()]
    };
    let mut v = Verifier::new(None);
    let mut hashes = Vec::new();
    for f in files {
        for line in std::fs::read_to_string(f).unwrap().lines() {
            hashes.push(hex(&v.push(line).unwrap()));
        }
    }
    (hashes, torn)
}

#[test]
fn sigkill_never_loses_an_acknowledged_record() {
    let seed = 0x1cea_0d17_u64;
    let mut rng = seed;
    let dir = std::env::temp_dir().join(format!("itsm-audit-crash-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let exe = std::env::current_exe().unwrap();
    let (mut total_acks, mut torn_runs) = (0usize, 0usize);
    for run in 0..60 {
        let kind = if run % 2 == 0 { "file" } else { "rotating" };
        let target = dir.join(if kind == "file" {
            "audit.jsonl"
        } else {
            "rotating"
        });
        let mut child = Command::new(&exe)
            .args([
                "--ignored",
                "--exact",
                "crash::crash_child",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(TARGET, &target)
            .env(KIND, kind)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
                .filter_map(|l| {
                    let mut parts = l.strip_prefix("ack ")?.split(' ');
                    let seq: usize = parts.next()?.parse().ok()?;
                    Some((seq, parts.next()?.to_owned()))
                })
                .collect::<Vec<_>>()
        });
        std::thread::sleep(Duration::from_millis(5 + next(&mut rng) % 60));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let acks = reader.join().unwrap();
        let (hashes, torn) = reopen(kind, &target);
        for (seq, hash) in &acks {
            assert_eq!(
                hashes.get(*seq),
                Some(hash),
                "run {run} ({kind}, seed {seed:#x}): acknowledged record {seq} lost"
            );
        }
        total_acks += acks.len();
        torn_runs += usize::from(torn > 0);
    }
    assert!(total_acks > 0, "the children acknowledged something");
    eprintln!(
        "60 SIGKILL runs: {total_acks} acknowledged records kept; {torn_runs} runs left a torn tail that was cut"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
