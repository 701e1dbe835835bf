//! MFA enrollment and verification with replay protection and throttling:
//! TOTP codes and backup codes behind one per-account failure counter
//! (NIST SP 800-63B section 3.2.2: a 6-digit code must not be open to
//! unlimited guessing).
//!
//! State that must persist sits behind [`MfaStore`]; [`InMemoryMfaStore`]
//! implements it for tests and single-process hosts.
//!
//! # Examples
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use itsm_auth::mfa::{InMemoryMfaStore, Mfa, MfaDecision};
//! use itsm_auth::{HmacKey, KeyId};
//! use itsm_core::{SeededEntropy, UserId};
//!
//! let entropy = SeededEntropy::new(11);
//! let mfa = Mfa::new(HmacKey::generate(KeyId::new("bc-1")?, &entropy)?);
//! let store = InMemoryMfaStore::default();
//! let user = UserId::generate(&entropy)?;
//!
//! // Enrollment: secret, otpauth URI, QR code and 10 backup codes.
//! let enrollment = mfa.enroll(user, "jdoe@example.com", &store, &entropy)?;
//! assert_eq!(enrollment.backup_codes.len(), 10);
//!
//! // Confirmed by a first valid code, which then counts as used.
//! let now = Utc.with_ymd_and_hms(2026, 12, 3, 10, 0, 0).unwrap();
//! let code = enrollment.credential.code_at(now.timestamp().try_into().unwrap());
//! assert!(matches!(mfa.verify_totp(user, &enrollment.credential, &code, now, &store)?, MfaDecision::Accepted { .. }));
//! assert!(matches!(mfa.verify_totp(user, &enrollment.credential, &code, now, &store)?, MfaDecision::Rejected { .. }));
//!
//! // A backup code works once.
//! let backup = enrollment.backup_codes[0].expose().to_owned();
//! assert!(matches!(mfa.verify_backup_code(user, &backup, now, &store)?, MfaDecision::Accepted { .. }));
//! assert!(matches!(mfa.verify_backup_code(user, &backup, now, &store)?, MfaDecision::Rejected { .. }));
//! # Ok::<(), itsm_auth::Error>(())
//! ```

use std::collections::BTreeMap;
use std::sync::Mutex;

use chrono::{DateTime, Utc};
use itsm_core::{Entropy, UserId};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::backup_codes::{BackupCode, BackupCodeDigest, BackupCodeHasher};
use crate::lockout::{LockStatus, LockoutPolicy, LockoutState};
use crate::totp::{ProvisioningUri, TotpConfig, TotpCredential, TotpMatch};
use crate::{Error, HmacKey};

/// Per-user MFA state the host persists.
///
/// Every method is one atomic operation on one user's state: with several
/// servers, implement each as a single transaction or compare-and-set, or
/// two requests carrying the same code could both succeed.
pub trait MfaStore {
    /// Atomically records `step` as the user's last accepted TOTP step if it
    /// is later than the stored one; returns whether it was.
    ///
    /// # Errors
    ///
    /// [`Error::Store`] when the store cannot answer.
    fn advance_totp_step(&self, user: UserId, step: u64) -> Result<bool, Error>;

    /// The user's last accepted TOTP step.
    ///
    /// # Errors
    ///
    /// [`Error::Store`] when the store cannot answer.
    fn last_totp_step(&self, user: UserId) -> Result<Option<u64>, Error>;

    /// Replaces the user's backup codes with `digests`.
    ///
    /// # Errors
    ///
    /// [`Error::Store`] when the store cannot answer.
    fn replace_backup_codes(
        &self,
        user: UserId,
        digests: Vec<BackupCodeDigest>,
    ) -> Result<(), Error>;

    /// Atomically removes the stored digest equal to `digest`, comparing with
    /// every stored digest in constant time; returns whether one was removed.
    ///
    /// # Errors
    ///
    /// [`Error::Store`] when the store cannot answer.
    fn redeem_backup_code(&self, user: UserId, digest: &BackupCodeDigest) -> Result<bool, Error>;

    /// How many unused backup codes the user has.
    ///
    /// # Errors
    ///
    /// [`Error::Store`] when the store cannot answer.
    fn backup_codes_left(&self, user: UserId) -> Result<usize, Error>;

    /// Atomically applies `f` to the user's failure counter and returns its result.
    ///
    /// # Errors
    ///
    /// [`Error::Store`] when the store cannot answer.
    fn update_lockout(
        &self,
        user: UserId,
        f: &mut dyn FnMut(&mut LockoutState) -> LockStatus,
    ) -> Result<LockStatus, Error>;
}

#[derive(Debug, Default)]
struct UserMfa {
    last_step: Option<u64>,
    backup: Vec<BackupCodeDigest>,
    lockout: LockoutState,
}

/// An in-memory [`MfaStore`]: one mutex over all users, so each method is
/// atomic. For tests and single-process hosts.
#[derive(Debug, Default)]
pub struct InMemoryMfaStore {
    users: Mutex<BTreeMap<UserId, UserMfa>>,
}

impl InMemoryMfaStore {
    fn with_user<T>(&self, user: UserId, f: impl FnOnce(&mut UserMfa) -> T) -> Result<T, Error> {
        let mut users = self.users.lock().map_err(|_| Error::poisoned())?;
        Ok(f(users.entry(user).or_default()))
    }
}

impl MfaStore for InMemoryMfaStore {
    fn advance_totp_step(&self, user: UserId, step: u64) -> Result<bool, Error> {
        self.with_user(user, |u| {
            if u.last_step.is_some_and(|last| step <= last) {
                false
            } else {
                u.last_step = Some(step);
                true
            }
        })
    }

    fn last_totp_step(&self, user: UserId) -> Result<Option<u64>, Error> {
        self.with_user(user, |u| u.last_step)
    }

    fn replace_backup_codes(
        &self,
        user: UserId,
        digests: Vec<BackupCodeDigest>,
    ) -> Result<(), Error> {
        self.with_user(user, |u| u.backup = digests)
    }

    fn redeem_backup_code(&self, user: UserId, digest: &BackupCodeDigest) -> Result<bool, Error> {
        self.with_user(user, |u| {
            // Compare with every digest, so timing does not tell which matched.
            let mut found = None;
            for (i, stored) in u.backup.iter().enumerate() {
                if stored.ct_eq(digest) {
                    found = Some(i);
                }
            }
            match found {
                Some(i) => {
                    u.backup.swap_remove(i);
                    true
                }
                None => false,
            }
        })
    }

    fn backup_codes_left(&self, user: UserId) -> Result<usize, Error> {
        self.with_user(user, |u| u.backup.len())
    }

    fn update_lockout(
        &self,
        user: UserId,
        f: &mut dyn FnMut(&mut LockoutState) -> LockStatus,
    ) -> Result<LockStatus, Error> {
        self.with_user(user, |u| f(&mut u.lockout))
    }
}

/// What enrollment hands the host: the credential to store (encrypted), the
/// URI and QR code to show once, and the backup codes to show once. Their
/// digests are already in the store. `Debug` shows none of the secrets: not
/// the URI, not the codes, and not the QR code, whose pixels encode the secret.
#[non_exhaustive]
pub struct Enrollment {
    /// The TOTP credential; store [`TotpCredential::secret_base32`] encrypted.
    pub credential: TotpCredential,
    /// The `otpauth://` URI (secret inside; redacted in `Debug`).
    pub provisioning_uri: ProvisioningUri,
    /// The URI as a PNG QR code.
    pub qr_png: Vec<u8>,
    /// Backup codes in clear, to show the user once.
    pub backup_codes: Vec<BackupCode>,
}

impl std::fmt::Debug for Enrollment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Enrollment")
            .field("credential", &self.credential)
            .field("provisioning_uri", &self.provisioning_uri)
            .field("qr_png_bytes", &self.qr_png.len())
            .field("backup_codes", &self.backup_codes.len())
            .finish()
    }
}

/// Why an MFA attempt was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MfaRejection {
    /// The code was not well formed.
    Malformed,
    /// The code matched nothing (or a backup code was unknown or used).
    Invalid,
    /// The TOTP code's step was already used.
    Replayed,
}

/// The outcome of an MFA attempt. Refusals are values, not errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum MfaDecision {
    /// Verified. For TOTP, `step` is the accepted step (already stored).
    Accepted {
        /// The accepted TOTP step; `None` for a backup code.
        step: Option<u64>,
    },
    /// Refused; the failure was counted.
    Rejected {
        /// Why.
        reason: MfaRejection,
        /// The account's status after counting this failure.
        status: LockStatus,
    },
    /// Too many failures: the code was not even checked.
    Locked {
        /// When attempts are allowed again.
        until: DateTime<Utc>,
        /// Whole seconds until then.
        remaining_seconds: i64,
    },
}

/// The MFA verifier: TOTP configuration, failure policy and the backup-code key.
#[derive(Debug, Clone)]
pub struct Mfa {
    /// TOTP parameters and window.
    pub totp: TotpConfig,
    /// Failed MFA attempts that lock further ones (default: the seed's 5 and
    /// 15 minutes, as for passwords).
    pub lockout: LockoutPolicy,
    backup_hasher: BackupCodeHasher,
}

impl Mfa {
    /// The seed's TOTP settings and lockout, with backup codes keyed by `backup_code_key`.
    #[must_use]
    pub fn new(backup_code_key: HmacKey) -> Self {
        Self {
            totp: TotpConfig::default(),
            lockout: LockoutPolicy::default(),
            backup_hasher: BackupCodeHasher::new(backup_code_key),
        }
    }

    /// Enrolls `user`: a new secret, URI, QR code and backup codes, whose
    /// digests replace any the user had. Confirm with a first
    /// [`verify_totp`](Self::verify_totp) before relying on it.
    ///
    /// # Errors
    ///
    /// [`Error::TotpLabel`] for a bad account name; [`Error::QrCode`];
    /// [`Error::Core`] when the entropy source fails; [`Error::Store`].
    pub fn enroll(
        &self,
        user: UserId,
        account_name: &str,
        store: &(impl MfaStore + ?Sized),
        entropy: &(impl Entropy + ?Sized),
    ) -> Result<Enrollment, Error> {
        let credential = TotpCredential::generate(&self.totp, account_name, entropy)?;
        let provisioning_uri = credential.provisioning_uri()?;
        let qr_png = credential.qr_png()?;
        let backup_codes = BackupCode::generate_set(entropy)?;
        store.replace_backup_codes(
            user,
            backup_codes
                .iter()
                .map(|c| self.backup_hasher.digest(user, c))
                .collect(),
        )?;
        Ok(Enrollment {
            credential,
            provisioning_uri,
            qr_png,
            backup_codes,
        })
    }

    /// A fresh set of backup codes replacing the old ones.
    ///
    /// # Errors
    ///
    /// [`Error::Core`] when the entropy source fails; [`Error::Store`].
    pub fn regenerate_backup_codes(
        &self,
        user: UserId,
        store: &(impl MfaStore + ?Sized),
        entropy: &(impl Entropy + ?Sized),
    ) -> Result<Vec<BackupCode>, Error> {
        let codes = BackupCode::generate_set(entropy)?;
        store.replace_backup_codes(
            user,
            codes
                .iter()
                .map(|c| self.backup_hasher.digest(user, c))
                .collect(),
        )?;
        Ok(codes)
    }

    /// Verifies a TOTP code at `now`: refused unchecked while locked; a match
    /// on a step later than the last accepted one is stored atomically and
    /// accepted; anything else counts as a failure.
    ///
    /// # Errors
    ///
    /// [`Error::TimeRange`] for `now` before 1970; [`Error::Store`].
    pub fn verify_totp(
        &self,
        user: UserId,
        credential: &TotpCredential,
        code: &str,
        now: DateTime<Utc>,
        store: &(impl MfaStore + ?Sized),
    ) -> Result<MfaDecision, Error> {
        let unix = u64::try_from(now.timestamp()).map_err(|_| Error::TimeRange)?;
        if let Some(locked) = self.locked(user, now, store)? {
            return Ok(locked);
        }
        let last = store.last_totp_step(user)?;
        let reason = match credential.check(&self.totp, code, unix, last) {
            TotpMatch::Accepted { step } => {
                // Another request may have used this step since `last` was read.
                if store.advance_totp_step(user, step)? {
                    store.update_lockout(user, &mut |s| {
                        s.register_success();
                        s.status(&self.lockout, now)
                    })?;
                    return Ok(MfaDecision::Accepted { step: Some(step) });
                }
                MfaRejection::Replayed
            }
            TotpMatch::Replayed => MfaRejection::Replayed,
            TotpMatch::NoMatch => MfaRejection::Invalid,
            TotpMatch::Malformed => MfaRejection::Malformed,
        };
        self.fail(user, reason, now, store)
    }

    /// Verifies and uses up a backup code, under the same lockout as TOTP.
    ///
    /// # Errors
    ///
    /// [`Error::Store`].
    pub fn verify_backup_code(
        &self,
        user: UserId,
        typed: &str,
        now: DateTime<Utc>,
        store: &(impl MfaStore + ?Sized),
    ) -> Result<MfaDecision, Error> {
        if let Some(locked) = self.locked(user, now, store)? {
            return Ok(locked);
        }
        let Ok(code) = typed.parse::<BackupCode>() else {
            return self.fail(user, MfaRejection::Malformed, now, store);
        };
        if store.redeem_backup_code(user, &self.backup_hasher.digest(user, &code))? {
            store.update_lockout(user, &mut |s| {
                s.register_success();
                s.status(&self.lockout, now)
            })?;
            return Ok(MfaDecision::Accepted { step: None });
        }
        self.fail(user, MfaRejection::Invalid, now, store)
    }

    fn locked(
        &self,
        user: UserId,
        now: DateTime<Utc>,
        store: &(impl MfaStore + ?Sized),
    ) -> Result<Option<MfaDecision>, Error> {
        let status = store.update_lockout(user, &mut |s| s.status(&self.lockout, now))?;
        Ok(match status {
            LockStatus::Locked {
                until,
                remaining_seconds,
            } => Some(MfaDecision::Locked {
                until,
                remaining_seconds,
            }),
            LockStatus::Unlocked { .. } => None,
        })
    }

    fn fail(
        &self,
        user: UserId,
        reason: MfaRejection,
        now: DateTime<Utc>,
        store: &(impl MfaStore + ?Sized),
    ) -> Result<MfaDecision, Error> {
        let status = store.update_lockout(user, &mut |s| s.register_failure(&self.lockout, now))?;
        Ok(MfaDecision::Rejected { reason, status })
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone};
    use itsm_core::SeededEntropy;

    use super::*;
    use crate::KeyId;

    fn setup(seed: u64) -> (Mfa, InMemoryMfaStore, UserId, Enrollment, SeededEntropy) {
        let e = SeededEntropy::new(seed);
        let mfa = Mfa::new(HmacKey::generate(KeyId::new("bc").unwrap(), &e).unwrap());
        let store = InMemoryMfaStore::default();
        let user = UserId::generate(&e).unwrap();
        let enrollment = mfa.enroll(user, "jdoe", &store, &e).unwrap();
        (mfa, store, user, enrollment, e)
    }

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 3, 10, 0, 0).unwrap()
    }

    fn unix(t: DateTime<Utc>) -> u64 {
        u64::try_from(t.timestamp()).unwrap()
    }

    #[test]
    fn confirmation_code_counts_as_used() {
        let (mfa, store, user, en, _) = setup(1);
        let code = en.credential.code_at(unix(t0()));
        assert_eq!(
            mfa.verify_totp(user, &en.credential, &code, t0(), &store)
                .unwrap(),
            MfaDecision::Accepted {
                step: Some(unix(t0()) / 30)
            }
        );
        assert!(matches!(
            mfa.verify_totp(
                user,
                &en.credential,
                &code,
                t0() + Duration::seconds(10),
                &store
            )
            .unwrap(),
            MfaDecision::Rejected {
                reason: MfaRejection::Replayed,
                ..
            }
        ));
    }

    #[test]
    fn totp_guessing_locks_after_five_failures_and_a_right_code_is_then_not_checked() {
        let (mfa, store, user, en, _) = setup(2);
        let right = en.credential.code_at(unix(t0()));
        let wrong = if right == "000000" {
            "111111"
        } else {
            "000000"
        };
        for i in 1..=5u32 {
            let d = mfa
                .verify_totp(user, &en.credential, wrong, t0(), &store)
                .unwrap();
            let MfaDecision::Rejected {
                reason: MfaRejection::Invalid,
                status,
            } = d
            else {
                panic!("{d:?}")
            };
            if i < 5 {
                assert_eq!(
                    status,
                    LockStatus::Unlocked {
                        remaining_attempts: 5 - i
                    }
                );
            } else {
                assert!(matches!(status, LockStatus::Locked { .. }));
            }
        }
        let d = mfa
            .verify_totp(user, &en.credential, &right, t0(), &store)
            .unwrap();
        assert_eq!(
            d,
            MfaDecision::Locked {
                until: t0() + Duration::minutes(15),
                remaining_seconds: 900
            }
        );
        // A backup code is locked out too: one counter per account.
        let backup = en.backup_codes[0].expose().to_owned();
        assert!(matches!(
            mfa.verify_backup_code(user, &backup, t0(), &store).unwrap(),
            MfaDecision::Locked { .. }
        ));
        // At the lock's end, the right code works (a fresh step).
        let later = t0() + Duration::minutes(15);
        let code = en.credential.code_at(unix(later));
        assert!(matches!(
            mfa.verify_totp(user, &en.credential, &code, later, &store)
                .unwrap(),
            MfaDecision::Accepted { .. }
        ));
    }

    #[test]
    fn success_resets_the_counter() {
        let (mfa, store, user, en, _) = setup(3);
        for _ in 0..4 {
            mfa.verify_totp(user, &en.credential, "abc", t0(), &store)
                .unwrap();
        }
        let code = en.credential.code_at(unix(t0()));
        assert!(matches!(
            mfa.verify_totp(user, &en.credential, &code, t0(), &store)
                .unwrap(),
            MfaDecision::Accepted { .. }
        ));
        let d = mfa
            .verify_totp(user, &en.credential, "abc", t0(), &store)
            .unwrap();
        assert_eq!(
            d,
            MfaDecision::Rejected {
                reason: MfaRejection::Malformed,
                status: LockStatus::Unlocked {
                    remaining_attempts: 4
                }
            }
        );
    }

    #[test]
    fn backup_codes_are_single_use_and_per_user() {
        let (mfa, store, user, en, e) = setup(4);
        let other = UserId::generate(&e).unwrap();
        let code = en.backup_codes[3].expose().to_owned();
        assert!(matches!(
            mfa.verify_backup_code(other, &code, t0(), &store).unwrap(),
            MfaDecision::Rejected {
                reason: MfaRejection::Invalid,
                ..
            }
        ));
        assert_eq!(
            mfa.verify_backup_code(user, &code.to_lowercase(), t0(), &store)
                .unwrap(),
            MfaDecision::Accepted { step: None }
        );
        assert!(matches!(
            mfa.verify_backup_code(user, &code, t0(), &store).unwrap(),
            MfaDecision::Rejected {
                reason: MfaRejection::Invalid,
                ..
            }
        ));
        assert_eq!(store.backup_codes_left(user).unwrap(), 9);
        let fresh = mfa.regenerate_backup_codes(user, &store, &e).unwrap();
        assert_eq!(store.backup_codes_left(user).unwrap(), 10);
        let old = en.backup_codes[0].expose().to_owned();
        assert!(matches!(
            mfa.verify_backup_code(user, &old, t0(), &store).unwrap(),
            MfaDecision::Rejected { .. }
        ));
        assert!(matches!(
            mfa.verify_backup_code(user, fresh[0].expose(), t0(), &store)
                .unwrap(),
            MfaDecision::Accepted { .. }
        ));
    }

    #[test]
    fn enrollment_debug_shows_no_secret_material() {
        let (_, _, _, en, _) = setup(6);
        let shown = format!("{en:?}");
        assert!(
            !shown.contains(en.credential.secret_base32().as_str()),
            "{shown}"
        );
        assert!(!shown.contains(en.backup_codes[0].expose()), "{shown}");
        assert!(!shown.contains("137, 80, 78, 71"), "no PNG bytes: {shown}");
        assert!(shown.contains("qr_png_bytes"), "{shown}");
    }

    #[test]
    fn time_before_1970_is_an_error() {
        let (mfa, store, user, en, _) = setup(5);
        let before = Utc.with_ymd_and_hms(1969, 12, 31, 23, 59, 59).unwrap();
        assert_eq!(
            mfa.verify_totp(user, &en.credential, "123456", before, &store),
            Err(Error::TimeRange)
        );
    }
}
