//! TOTP: the first byte picks the mode.
//!
//! - 0 to 127: the rest is an `otpauth://` URI; a credential read from it
//!   must give codes of its configured length and refuse no well-formed
//!   code as malformed;
//! - 128 to 255: eight bytes of time, eight of last accepted step, then a
//!   code checked against a fixed credential; only six ASCII digits may get
//!   past the format check.
#![no_main]

use std::sync::OnceLock;

use itsm::auth::totp::{TotpConfig, TotpCredential, TotpMatch, TotpWindow};
use libfuzzer_sys::fuzz_target;

fn fixed() -> &'static (TotpConfig, TotpCredential) {
    static C: OnceLock<(TotpConfig, TotpCredential)> = OnceLock::new();
    C.get_or_init(|| {
        let config = TotpConfig::default();
        let cred = TotpCredential::from_secret(&config, "jdoe", b"12345678901234567890").unwrap();
        (config, cred)
    })
}

fn u64_at(data: &[u8], at: usize) -> u64 {
    let mut b = [0u8; 8];
    for (i, slot) in b.iter_mut().enumerate() {
        *slot = data.get(at + i).copied().unwrap_or(0);
    }
    u64::from_le_bytes(b)
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    if mode < 128 {
        let uri = String::from_utf8_lossy(rest);
        let window = [TotpWindow::SEED, TotpWindow::CURRENT_ONLY][usize::from(mode % 2)];
        if let Ok((config, cred)) = TotpCredential::from_provisioning_uri(&uri, window) {
            assert!((6..=8).contains(&config.digits));
            assert!((1..=300).contains(&config.period_seconds));
            assert!(!config.issuer.is_empty());
            let t = u64_at(rest, 0);
            let code = cred.code_at(t);
            assert_eq!(code.len(), usize::from(config.digits));
            assert!(matches!(
                cred.check(&config, &code, t, None),
                TotpMatch::Accepted { .. }
            ));
            // The URI it writes reads back as the same credential.
            let again = cred.provisioning_uri().unwrap();
            let (config2, cred2) =
                TotpCredential::from_provisioning_uri(again.expose(), window).unwrap();
            assert_eq!(config2, config);
            assert_eq!(cred2.code_at(t), code);
        }
    } else {
        let (config, cred) = fixed();
        let unix = u64_at(rest, 0);
        let last = u64_at(rest, 8);
        let code = String::from_utf8_lossy(rest.get(16..).unwrap_or_default());
        let m = cred.check(config, &code, unix, (mode % 2 == 0).then_some(last));
        let well_formed = code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit());
        assert_eq!(m == TotpMatch::Malformed, !well_formed);
        let _ = TotpCredential::from_base32(config, "jdoe", &code);
    }
});
