//! A backup code redeemed by 8 threads released together succeeds once.

use std::sync::{Arc, Barrier};
use std::thread;

use chrono::{TimeZone, Utc};
use itsm_auth::mfa::{InMemoryMfaStore, Mfa, MfaDecision};
use itsm_auth::{HmacKey, KeyId};
use itsm_core::{SeededEntropy, UserId};

#[test]
fn eight_threads_one_success_in_each_of_100_rounds() {
    let entropy = SeededEntropy::new(77);
    let mfa = Arc::new(Mfa::new(
        HmacKey::generate(KeyId::new("bc").unwrap(), &entropy).unwrap(),
    ));
    let now = Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).unwrap();
    for round in 0..100 {
        let store = Arc::new(InMemoryMfaStore::default());
        let user = UserId::generate(&entropy).unwrap();
        let enrollment = mfa.enroll(user, "racer", store.as_ref(), &entropy).unwrap();
        let code = enrollment.backup_codes[round % 10].expose().to_owned();
        let barrier = Arc::new(Barrier::new(8));
        let handles: Vec<_> = (0..8)
            .map(|_| {
                let (mfa, store, barrier, code) = (
                    Arc::clone(&mfa),
                    Arc::clone(&store),
                    Arc::clone(&barrier),
                    code.clone(),
                );
                thread::spawn(move || {
                    barrier.wait();
                    mfa.verify_backup_code(user, &code, now, store.as_ref())
                        .unwrap()
                })
            })
            .collect();
        let results: Vec<MfaDecision> = handles.into_iter().map(|h| h.join().unwrap()).collect();
        let accepted = results
            .iter()
            .filter(|d| matches!(d, MfaDecision::Accepted { .. }))
            .count();
        assert_eq!(accepted, 1, "round {round}: {results:?}");
    }
}
