//! TOTP multi-factor authentication (RFC 6238), enrollment and verification
//! at an explicit time, with replay protection (seed section 1.2).
//!
//! The code arithmetic is totp-rs's (HOTP truncation per RFC 4226, compared
//! in constant time); this module adds what totp-rs leaves to its caller:
//! secrets drawn from [`Entropy`], asymmetric windows, and refusing any code
//! whose time step is at or below the last accepted one (RFC 6238 section 5.2:
//! a code is accepted once).
//!
//! # Windows
//!
//! The seed accepts the previous, current and next 30-second step
//! ([`TotpWindow::SEED`], the default). RFC 6238 section 5.2 recommends
//! allowing at most one step of delay backward
//! ([`TotpWindow::RFC_6238_BACKWARD`]), and OWASP ASVS 5.0 (V6.5) prefers
//! accepting the current step only ([`TotpWindow::CURRENT_ONLY`]).
//!
//! # Examples
//!
//! ```
//! use itsm_auth::totp::{TotpConfig, TotpCredential, TotpMatch};
//! use itsm_core::SeededEntropy;
//!
//! let config = TotpConfig::default();
//! let credential = TotpCredential::generate(&config, "jdoe@example.com", &SeededEntropy::new(1))?;
//! let now = 1_764_000_000;
//! let code = credential.code_at(now);
//!
//! // Accepted once, with the step the host stores ...
//! let TotpMatch::Accepted { step } = credential.check(&config, &code, now, None) else { panic!() };
//! // ... and refused as a replay after that.
//! assert_eq!(credential.check(&config, &code, now, Some(step)), TotpMatch::Replayed);
//! # Ok::<(), itsm_auth::Error>(())
//! ```

use std::fmt;

use itsm_core::{Entropy, InputExcerpt, fill_array};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::Error;

/// The seed's issuer name in provisioning URIs.
pub const SEED_ISSUER: &str = "ITSM-System";
/// Bytes of a generated secret: 160 bits, as RFC 4226 section 4 recommends.
pub const SECRET_BYTES: usize = 20;

/// The HMAC behind the codes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TotpAlgorithm {
    /// HMAC-SHA-1, what every authenticator app supports (the default).
    #[default]
    Sha1,
    /// HMAC-SHA-256.
    Sha256,
    /// HMAC-SHA-512.
    Sha512,
}

impl TotpAlgorithm {
    fn to_totp_rs(self) -> totp_rs::Algorithm {
        match self {
            Self::Sha1 => totp_rs::Algorithm::SHA1,
            Self::Sha256 => totp_rs::Algorithm::SHA256,
            Self::Sha512 => totp_rs::Algorithm::SHA512,
        }
    }
}

/// How many steps before and after the current one are accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TotpWindow {
    /// Steps accepted before the current one (clock drift, typing delay).
    pub back: u8,
    /// Steps accepted after the current one.
    pub forward: u8,
}

impl TotpWindow {
    /// The seed's window: one step either side.
    pub const SEED: Self = Self {
        back: 1,
        forward: 1,
    };
    /// RFC 6238 section 5.2: at most one step backward, none forward.
    pub const RFC_6238_BACKWARD: Self = Self {
        back: 1,
        forward: 0,
    };
    /// OWASP ASVS 5.0: the current step only.
    pub const CURRENT_ONLY: Self = Self {
        back: 0,
        forward: 0,
    };
}

impl Default for TotpWindow {
    fn default() -> Self {
        Self::SEED
    }
}

/// TOTP parameters and the verifier's window.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct TotpConfig {
    /// The HMAC (SHA-1 by default, for authenticator compatibility).
    pub algorithm: TotpAlgorithm,
    /// Code length: 6 (default), 7 or 8.
    #[schemars(range(min = 6, max = 8))]
    pub digits: u8,
    /// Step length in seconds (RFC 6238's 30 by default).
    #[schemars(range(min = 1, max = 300))]
    pub period_seconds: u64,
    /// Accepted steps around the current one.
    pub window: TotpWindow,
    /// The issuer shown by authenticator apps (seed: `ITSM-System`).
    pub issuer: String,
}

// Reading a `TotpConfig` runs its check: a stored or uploaded document out of
// range is refused where it enters, not where it is used.
itsm_core::deserialize_checked!(
    #[serde(deny_unknown_fields)]
    TotpConfig {
        algorithm: TotpAlgorithm,
        digits: u8,
        period_seconds: u64,
        window: TotpWindow,
        issuer: String,
    } => TotpConfig::check
);

impl Default for TotpConfig {
    /// SHA-1, 6 digits, 30 seconds, the seed's +-1 window and issuer.
    fn default() -> Self {
        Self {
            algorithm: TotpAlgorithm::Sha1,
            digits: 6,
            period_seconds: 30,
            window: TotpWindow::SEED,
            issuer: SEED_ISSUER.to_owned(),
        }
    }
}

impl TotpConfig {
    /// The same configuration with another window.
    #[must_use]
    pub fn with_window(mut self, window: TotpWindow) -> Self {
        self.window = window;
        self
    }

    /// Checks the parameters.
    ///
    /// # Errors
    ///
    /// [`Error::Policy`] for digits outside 6..=8 or a period outside
    /// 1..=300 seconds; [`Error::TotpLabel`] for an empty issuer or one with
    /// `:`.
    pub fn check(&self) -> Result<(), Error> {
        if !(6..=8).contains(&self.digits) {
            return Err(Error::Policy {
                reason: "TOTP digits must be 6..=8".into(),
            });
        }
        if !(1..=300).contains(&self.period_seconds) {
            return Err(Error::Policy {
                reason: "TOTP period must be 1..=300 seconds".into(),
            });
        }
        check_label("issuer", &self.issuer)
    }
}

fn check_label(field: &'static str, value: &str) -> Result<(), Error> {
    if value.is_empty() || value.contains(':') || value.len() > MAX_LABEL_BYTES {
        return Err(Error::TotpLabel {
            field,
            value: InputExcerpt::new(value),
        });
    }
    Ok(())
}

/// The outcome of checking a code; the host acts on `Accepted` by storing the
/// step as the user's last accepted one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TotpMatch {
    /// The code matches `step`, which is later than the last accepted one.
    Accepted {
        /// The matched time step (`unix_time / period`).
        step: u64,
    },
    /// The code matches a step at or below the last accepted one.
    Replayed,
    /// The code matches no step in the window.
    NoMatch,
    /// The code is not `digits` ASCII digits.
    Malformed,
}

/// The longest provisioning URI [`TotpCredential::from_provisioning_uri`]
/// reads. Every URI [`TotpCredential::provisioning_uri`] writes fits: labels
/// of at most [`MAX_LABEL_BYTES`] percent-encode to at most three times
/// that (the issuer appears twice), and the secret is at most
/// [`MAX_SECRET_BYTES`].
pub const MAX_URI_BYTES: usize = 4096;

/// The longest issuer or account name, in bytes.
pub const MAX_LABEL_BYTES: usize = 256;

/// The longest secret a credential takes, in bytes (1024 bits; RFC 4226
/// asks for at least 128 and recommends 160).
pub const MAX_SECRET_BYTES: usize = 128;

/// A user's TOTP secret with its parameters, as provisioned to the
/// authenticator. `Debug` shows no secret; the bytes are wiped on drop.
#[derive(Clone)]
pub struct TotpCredential {
    totp: totp_rs::Totp,
}

impl TotpCredential {
    /// A fresh 160-bit secret from `entropy` for `account_name`.
    ///
    /// # Errors
    ///
    /// [`Error::Policy`] or [`Error::TotpLabel`] for a bad configuration or
    /// account name; [`Error::Core`] when the entropy source fails.
    pub fn generate(
        config: &TotpConfig,
        account_name: &str,
        entropy: &(impl Entropy + ?Sized),
    ) -> Result<Self, Error> {
        let secret: Zeroizing<[u8; SECRET_BYTES]> = Zeroizing::new(fill_array(entropy)?);
        Self::from_secret(config, account_name, secret.as_slice())
    }

    /// A credential from stored secret bytes.
    ///
    /// # Errors
    ///
    /// As [`generate`](Self::generate), and [`Error::TotpSecret`] for a
    /// secret under 128 bits (RFC 4226 section 4) or over
    /// [`MAX_SECRET_BYTES`].
    pub fn from_secret(
        config: &TotpConfig,
        account_name: &str,
        secret: &[u8],
    ) -> Result<Self, Error> {
        config.check()?;
        check_label("account name", account_name)?;
        if secret.len() > MAX_SECRET_BYTES {
            return Err(Error::TotpSecret {
                reason: "longer than 1024 bits",
            });
        }
        let totp = totp_rs::Builder::new()
            .with_algorithm(config.algorithm.to_totp_rs())
            .with_digits(config.digits)
            .with_step_duration(config.period_seconds)
            .with_skew(0)
            .with_secret(secret.to_vec())
            .with_issuer(Some(config.issuer.as_str()))
            .with_account_name(account_name)
            .build()
            .map_err(|e| match e {
                totp_rs::TotpError::SecretTooShort { .. } => Error::TotpSecret {
                    reason: "shorter than 128 bits",
                },
                _ => Error::TotpSecret {
                    reason: "rejected by the TOTP library",
                },
            })?;
        Ok(Self { totp })
    }

    /// A credential from a base32 secret (as stored by [`secret_base32`](Self::secret_base32)).
    ///
    /// # Errors
    ///
    /// [`Error::TotpSecret`] for text that is not unpadded base32; otherwise as
    /// [`from_secret`](Self::from_secret).
    pub fn from_base32(
        config: &TotpConfig,
        account_name: &str,
        secret: &str,
    ) -> Result<Self, Error> {
        let parsed = totp_rs::Secret::try_from_base32(secret).map_err(|_| Error::TotpSecret {
            reason: "not unpadded base32",
        })?;
        Self::from_secret(config, account_name, parsed.as_bytes())
    }

    /// Reads an `otpauth://totp/ISSUER:ACCOUNT?secret=...` provisioning URI
    /// (the Key URI format authenticator apps scan), for migrating
    /// credentials from another system. Returns the parameters it carries as
    /// a [`TotpConfig`] with `window`, and the credential.
    ///
    /// The URI must name an issuer (in the label or the `issuer` parameter,
    /// which must agree), and its parameters pass the same checks as
    /// [`from_secret`](Self::from_secret): SHA-1, SHA-256 or SHA-512, 6 to 8
    /// digits, a period of 1 to 300 seconds, at least 128 bits of secret. A
    /// URI longer than [`MAX_URI_BYTES`] is refused before it is parsed.
    ///
    /// # Errors
    ///
    /// [`Error::TotpUri`] for a URI that is too long, not `otpauth://totp/`,
    /// malformed, without a secret or an issuer, or with a parameter out of
    /// range; [`Error::TotpSecret`] for a secret too short or too long; [`Error::TotpLabel`]
    /// for an unusable account name. No error quotes the secret.
    ///
    /// # Examples
    ///
    /// ```
    /// use itsm_auth::totp::{TotpAlgorithm, TotpCredential, TotpWindow};
    ///
    /// let uri = "otpauth://totp/ACME:jdoe%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=ACME&digits=8&algorithm=SHA256";
    /// let (config, credential) =
    ///     TotpCredential::from_provisioning_uri(uri, TotpWindow::CURRENT_ONLY)?;
    /// assert_eq!((config.digits, config.algorithm), (8, TotpAlgorithm::Sha256));
    /// assert_eq!(config.issuer, "ACME");
    /// assert_eq!(credential.code_at(59).len(), 8);
    /// assert!(TotpCredential::from_provisioning_uri("otpauth://hotp/x?secret=AB", TotpWindow::SEED).is_err());
    /// # Ok::<(), itsm_auth::Error>(())
    /// ```
    pub fn from_provisioning_uri(
        uri: &str,
        window: TotpWindow,
    ) -> Result<(TotpConfig, Self), Error> {
        let refuse = |reason: &'static str| Error::TotpUri { reason };
        if uri.len() > MAX_URI_BYTES {
            return Err(refuse("longer than 4096 bytes"));
        }
        // totp-rs's own errors quote the URI's parts, the secret included,
        // so only their kind is kept.
        let parsed = totp_rs::Totp::from_url_unchecked(uri).map_err(|e| {
            refuse(match e {
                totp_rs::TotpError::SecretNotSet => "no secret",
                totp_rs::TotpError::InvalidSecret => "the secret is not base32",
                totp_rs::TotpError::InvalidScheme { .. }
                | totp_rs::TotpError::InvalidHost { .. } => "not an otpauth://totp/ URI",
                totp_rs::TotpError::InvalidAlgorithm { .. } => "unknown algorithm",
                totp_rs::TotpError::DigitsParse { .. } => "digits is not a number",
                totp_rs::TotpError::StepParse { .. } => "period is not a number",
                totp_rs::TotpError::IssuerMismatch { .. } => {
                    "the label's issuer and the issuer parameter differ"
                }
                _ => "malformed",
            })
        })?;
        let algorithm = match parsed.algorithm() {
            totp_rs::Algorithm::SHA1 => TotpAlgorithm::Sha1,
            totp_rs::Algorithm::SHA256 => TotpAlgorithm::Sha256,
            totp_rs::Algorithm::SHA512 => TotpAlgorithm::Sha512,
            _ => return Err(refuse("unknown algorithm")),
        };
        let issuer = parsed
            .issuer()
            .filter(|i| !i.is_empty())
            .ok_or_else(|| refuse("no issuer"))?;
        let config = TotpConfig {
            algorithm,
            digits: parsed.digits(),
            period_seconds: parsed.step(),
            window,
            issuer: issuer.to_owned(),
        };
        config.check().map_err(|e| match e {
            Error::TotpLabel { .. } => e,
            _ => refuse("digits must be 6..=8 and the period 1..=300 seconds"),
        })?;
        let credential =
            Self::from_secret(&config, parsed.account_name(), parsed.secret().as_ref())?;
        Ok((config, credential))
    }

    /// The secret in base32, for the host to store (encrypted at rest) or to
    /// show for manual entry. Handle it like a password.
    #[must_use]
    pub fn secret_base32(&self) -> Zeroizing<String> {
        Zeroizing::new(self.totp.secret().to_base32())
    }

    /// The `otpauth://totp/...` provisioning URI. It contains the secret.
    ///
    /// # Errors
    ///
    /// [`Error::TotpLabel`] if the URI cannot be built.
    pub fn provisioning_uri(&self) -> Result<ProvisioningUri, Error> {
        self.totp
            .to_url()
            .map(|uri| ProvisioningUri(Zeroizing::new(uri)))
            .map_err(|_| Error::TotpLabel {
                field: "account name",
                value: InputExcerpt::new(self.totp.account_name()),
            })
    }

    /// The provisioning URI as a QR code, PNG bytes.
    ///
    /// # Errors
    ///
    /// [`Error::QrCode`] when the URI is too long to draw (totp-rs's error,
    /// which quotes the URI and so the secret, is not passed on).
    pub fn qr_png(&self) -> Result<Vec<u8>, Error> {
        self.totp.to_qr_png().map_err(|_| Error::QrCode)
    }

    /// The code for `unix_time`: what the authenticator shows then.
    #[must_use]
    pub fn code_at(&self, unix_time: u64) -> String {
        self.totp.generate(unix_time).to_string()
    }

    /// Checks `code` at `unix_time` against the window of `config`, refusing
    /// steps at or below `last_accepted_step`.
    ///
    /// Steps are tried from the oldest in the window; a replayed step is
    /// skipped, so a code that also matches a later, unused step (a
    /// coincidence of one in a million) is still accepted for that step.
    #[must_use]
    pub fn check(
        &self,
        config: &TotpConfig,
        code: &str,
        unix_time: u64,
        last_accepted_step: Option<u64>,
    ) -> TotpMatch {
        if code.len() != usize::from(self.totp.digits())
            || !code.bytes().all(|b| b.is_ascii_digit())
        {
            return TotpMatch::Malformed;
        }
        let period = self.totp.step();
        let current = unix_time / period;
        let first = current.saturating_sub(u64::from(config.window.back));
        let last = current.saturating_add(u64::from(config.window.forward));
        let mut replayed = false;
        for step in first..=last {
            let Some(at) = step.checked_mul(period) else {
                break;
            };
            // skew is 0, so totp-rs compares this one step, in constant time.
            if self.totp.check(code, at).is_some() {
                if last_accepted_step.is_some_and(|l| step <= l) {
                    replayed = true;
                } else {
                    return TotpMatch::Accepted { step };
                }
            }
        }
        if replayed {
            TotpMatch::Replayed
        } else {
            TotpMatch::NoMatch
        }
    }
}

impl fmt::Debug for TotpCredential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TotpCredential")
            .field("account_name", &self.totp.account_name())
            .field("digits", &self.totp.digits())
            .field("period_seconds", &self.totp.step())
            .finish_non_exhaustive()
    }
}

/// An `otpauth://` URI. It carries the secret: `Debug` hides it, and it is
/// wiped on drop; [`expose`](Self::expose) hands it out for the QR code or
/// the enrollment page only.
#[derive(Clone, PartialEq, Eq)]
pub struct ProvisioningUri(Zeroizing<String>);

impl ProvisioningUri {
    /// The URI text, secret included.
    #[must_use]
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ProvisioningUri {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ProvisioningUri(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use itsm_core::SeededEntropy;

    use super::*;

    fn cred(window: TotpWindow) -> (TotpConfig, TotpCredential) {
        let config = TotpConfig::default().with_window(window);
        let c = TotpCredential::from_secret(&config, "jdoe", b"12345678901234567890").unwrap();
        (config, c)
    }

    const T: u64 = 1_111_111_109; // step 37037036, 29 s into it

    #[test]
    fn window_edges_for_each_preset() {
        let cases = [
            (TotpWindow::SEED, [false, true, true, true, false]),
            (
                TotpWindow::RFC_6238_BACKWARD,
                [false, true, true, false, false],
            ),
            (TotpWindow::CURRENT_ONLY, [false, false, true, false, false]),
        ];
        for (window, expected) in cases {
            let (config, c) = cred(window);
            for (offset, accept) in [-2i64, -1, 0, 1, 2].into_iter().zip(expected) {
                let at = T.checked_add_signed(offset * 30).unwrap();
                let code = c.code_at(at);
                let got = c.check(&config, &code, T, None);
                assert_eq!(
                    matches!(got, TotpMatch::Accepted { .. }),
                    accept,
                    "{window:?} offset {offset}: {got:?}"
                );
            }
        }
    }

    #[test]
    fn replay_of_the_same_or_an_older_step_is_refused() {
        let (config, c) = cred(TotpWindow::SEED);
        let code = c.code_at(T);
        let TotpMatch::Accepted { step } = c.check(&config, &code, T, None) else {
            panic!()
        };
        assert_eq!(step, T / 30);
        assert_eq!(c.check(&config, &code, T, Some(step)), TotpMatch::Replayed);
        assert_eq!(
            c.check(&config, &code, T + 30, Some(step)),
            TotpMatch::Replayed
        );
        // An older code inside the window after a newer one was used.
        let older = c.code_at(T - 30);
        assert_eq!(c.check(&config, &older, T, Some(step)), TotpMatch::Replayed);
        // The next step's code is still fine.
        let next = c.code_at(T + 30);
        assert_eq!(
            c.check(&config, &next, T + 30, Some(step)),
            TotpMatch::Accepted { step: step + 1 }
        );
    }

    #[test]
    fn malformed_codes() {
        let (config, c) = cred(TotpWindow::SEED);
        for bad in [
            "",
            "12345",
            "1234567",
            "12345a",
            "+12345",
            " 12345",
            "１２３４５６",
        ] {
            assert_eq!(
                c.check(&config, bad, T, None),
                TotpMatch::Malformed,
                "{bad:?}"
            );
        }
        let code = c.code_at(T);
        let wrong = if code == "000000" { "000001" } else { "000000" };
        assert_eq!(c.check(&config, wrong, T, None), TotpMatch::NoMatch);
    }

    #[test]
    fn time_zero_and_far_future_do_not_panic() {
        let (config, c) = cred(TotpWindow::SEED);
        let code = c.code_at(0);
        assert_eq!(
            c.check(&config, &code, 0, None),
            TotpMatch::Accepted { step: 0 }
        );
        let _ = c.check(&config, "123456", u64::MAX, None);
    }

    #[test]
    fn enrollment_material_keeps_the_secret_out_of_debug() {
        let config = TotpConfig::default();
        let c =
            TotpCredential::generate(&config, "jdoe@example.com", &SeededEntropy::new(3)).unwrap();
        let secret = c.secret_base32();
        assert_eq!(secret.len(), 32, "160 bits in base32");
        let uri = c.provisioning_uri().unwrap();
        assert!(
            uri.expose()
                .starts_with("otpauth://totp/ITSM-System:jdoe%40example.com?"),
            "{}",
            uri.expose()
        );
        assert!(uri.expose().contains(secret.as_str()));
        assert!(uri.expose().contains("issuer=ITSM-System"));
        for shown in [format!("{c:?}"), format!("{uri:?}")] {
            assert!(!shown.contains(secret.as_str()), "{shown}");
        }
        let png = c.qr_png().unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        let again = TotpCredential::from_base32(&config, "jdoe@example.com", &secret).unwrap();
        assert_eq!(again.code_at(T), c.code_at(T));
    }

    #[test]
    fn bad_configs_and_labels() {
        let config = TotpConfig::default();
        assert!(matches!(
            TotpCredential::from_secret(&config, "a:b", &[1; 20]),
            Err(Error::TotpLabel { .. })
        ));
        assert!(matches!(
            TotpCredential::from_secret(&config, "", &[1; 20]),
            Err(Error::TotpLabel { .. })
        ));
        assert!(matches!(
            TotpCredential::from_secret(&config, "a", &[1; 15]),
            Err(Error::TotpSecret { .. })
        ));
        let bad = TotpConfig {
            digits: 9,
            ..TotpConfig::default()
        };
        assert!(TotpCredential::from_secret(&bad, "a", &[1; 20]).is_err());
        let bad = TotpConfig {
            period_seconds: 0,
            ..TotpConfig::default()
        };
        assert!(TotpCredential::from_secret(&bad, "a", &[1; 20]).is_err());
        assert!(TotpCredential::from_base32(&config, "a", "not base32!").is_err());
    }

    /// The RFC 6238 appendix B secret, "12345678901234567890", in base32.
    const RFC_SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    #[test]
    fn provisioning_uris_round_trip() {
        for window in [TotpWindow::SEED, TotpWindow::CURRENT_ONLY] {
            let config = TotpConfig::default().with_window(window);
            let c = TotpCredential::generate(&config, "jdoe@example.com", &SeededEntropy::new(9))
                .unwrap();
            let uri = c.provisioning_uri().unwrap();
            let (read, again) =
                TotpCredential::from_provisioning_uri(uri.expose(), window).unwrap();
            assert_eq!(read, config);
            assert_eq!(again.code_at(T), c.code_at(T));
            assert_eq!(again.secret_base32(), c.secret_base32());
        }
    }

    #[test]
    fn provisioning_uri_with_the_rfc_secret_gives_the_rfc_codes() {
        // RFC 6238 appendix B, SHA-1, 8 digits: T = 59 gives 94287082 and
        // T = 1111111109 gives 07081804.
        let uri = format!("otpauth://totp/ACME:a?secret={RFC_SECRET}&issuer=ACME&digits=8");
        let (config, c) = TotpCredential::from_provisioning_uri(&uri, TotpWindow::SEED).unwrap();
        assert_eq!(config.algorithm, TotpAlgorithm::Sha1);
        assert_eq!(config.period_seconds, 30);
        assert_eq!(c.code_at(59), "94287082");
        assert_eq!(c.code_at(1_111_111_109), "07081804");
        // The issuer may come from the parameter alone.
        let uri = format!("otpauth://totp/a?secret={RFC_SECRET}&issuer=ACME");
        let (config, _) = TotpCredential::from_provisioning_uri(&uri, TotpWindow::SEED).unwrap();
        assert_eq!(config.issuer, "ACME");
    }

    #[test]
    fn provisioning_uris_out_of_range_are_refused_without_quoting_the_secret() {
        let ok = |q: &str| format!("otpauth://totp/ACME:a?secret={RFC_SECRET}&issuer=ACME{q}");
        let cases = [
            (format!("{}{}", ok(""), "x".repeat(MAX_URI_BYTES)), "longer"),
            (ok("").replace("otpauth:", "https:"), "not an otpauth"),
            (ok("").replace("/totp/", "/hotp/"), "not an otpauth"),
            ("otpauth://totp/ACME:a?issuer=ACME".to_owned(), "no secret"),
            (format!("otpauth://totp/a?secret={RFC_SECRET}"), "no issuer"),
            (ok("").replace(RFC_SECRET, "GEZDGNBV0189"), "not base32"),
            (ok("&digits=9"), "digits must be"),
            (ok("&digits=5"), "digits must be"),
            (ok("&digits=-1"), "not a number"),
            (ok("&period=0"), "period 1..=300"),
            (ok("&period=301"), "period 1..=300"),
            (ok("&period=99999999999999999999"), "not a number"),
            (ok("&algorithm=MD5"), "unknown algorithm"),
            (ok("").replace("issuer=ACME", "issuer=EVIL"), "differ"),
            (
                "otpauth://totp/ACME:a?secret=%ZZ&issuer=ACME".to_owned(),
                "",
            ),
            ("not a uri".to_owned(), ""),
            (String::new(), ""),
        ];
        for (uri, why) in cases {
            let err = TotpCredential::from_provisioning_uri(&uri, TotpWindow::SEED).unwrap_err();
            let shown = format!("{err} {err:?}");
            assert!(shown.contains(why), "{uri}: {shown}");
            assert!(
                !shown.contains(RFC_SECRET) && !shown.contains("GEZDGNBV"),
                "{shown}"
            );
        }
        // A secret under 128 bits (10 bytes here).
        let short = "otpauth://totp/ACME:a?secret=GEZDGNBVGY3TQOJQ&issuer=ACME";
        assert!(matches!(
            TotpCredential::from_provisioning_uri(short, TotpWindow::SEED),
            Err(Error::TotpSecret { .. })
        ));
        // An empty account name.
        let unnamed = format!("otpauth://totp/ACME:?secret={RFC_SECRET}&issuer=ACME");
        assert!(matches!(
            TotpCredential::from_provisioning_uri(&unnamed, TotpWindow::SEED),
            Err(Error::TotpLabel { .. })
        ));
    }

    /// Found by the `totp` fuzz target: a URI within the reader's limit
    /// whose labels percent-encode longer on the way out could not be read
    /// back. The longest credential now writes a URI the reader takes.
    #[test]
    fn the_longest_credential_writes_a_uri_that_reads_back() {
        // Each of these characters is 3 bytes and percent-encodes to 9.
        let label = "\u{fffd}".repeat(MAX_LABEL_BYTES / 3);
        let config = TotpConfig {
            algorithm: TotpAlgorithm::Sha512,
            digits: 8,
            period_seconds: 300,
            window: TotpWindow::SEED,
            issuer: label.clone(),
        };
        let c = TotpCredential::from_secret(&config, &label, &[7; MAX_SECRET_BYTES]).unwrap();
        let uri = c.provisioning_uri().unwrap();
        assert!(uri.expose().len() > 2048, "the case the fuzzer found");
        assert!(
            uri.expose().len() <= MAX_URI_BYTES,
            "{}",
            uri.expose().len()
        );
        let (read, again) =
            TotpCredential::from_provisioning_uri(uri.expose(), TotpWindow::SEED).unwrap();
        assert_eq!(read, config);
        assert_eq!(again.code_at(T), c.code_at(T));
        // One byte more of secret, or of label, is refused where it is made.
        assert!(matches!(
            TotpCredential::from_secret(&config, &label, &[7; MAX_SECRET_BYTES + 1]),
            Err(Error::TotpSecret { .. })
        ));
        assert!(matches!(
            TotpCredential::from_secret(&config, &format!("{label}ab"), &[7; 20]),
            Err(Error::TotpLabel { .. })
        ));
    }
}
