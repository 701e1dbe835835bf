//! The audit trail reader: arbitrary bytes opened as a trail (torn tail cut,
//! every complete line verified) and streamed through the verifier, with
//! and without a seal key. Opening must answer; an opened trail must report
//! as many records as the verifier counts.
#![no_main]

use std::sync::OnceLock;

use itsm::audit::record::SealKey;
use itsm::audit::storage::{AuditLog, MemStorage};
use itsm::audit::verify::{Verifier, verify_reader};
use libfuzzer_sys::fuzz_target;

fn key() -> &'static SealKey {
    static K: OnceLock<SealKey> = OnceLock::new();
    K.get_or_init(|| SealKey::new("k1", &[7; 32]).unwrap())
}

fuzz_target!(|data: &[u8]| {
    let unkeyed = AuditLog::open(MemStorage::from_bytes(data.to_vec()), None);
    let keyed = AuditLog::open(MemStorage::from_bytes(data.to_vec()), Some(key().clone()));
    // The complete lines, as the reader sees them.
    let complete = data.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
    let streamed = verify_reader(&data[..complete], Verifier::new(None), None);
    if let Ok((log, recovery)) = &unkeyed {
        assert_eq!(log.len(), recovery.records);
        assert_eq!(recovery.torn_bytes, data.len() - complete);
        if let Ok(v) = &streamed {
            assert_eq!(v.records, recovery.records);
        }
    }
    // A keyed open accepts no more than an unkeyed one.
    if keyed.is_ok() {
        assert!(unkeyed.is_ok());
    }
    let _ = verify_reader(data, Verifier::new(Some(key())), None);
});
