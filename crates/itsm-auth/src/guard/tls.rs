//! Transport security (seed layer 2): a TLS policy checked against a
//! description of a listener the host supplies.
//!
//! The seed asks for TLS 1.3 on all communications; that is
//! [`TlsPolicy::default`]. [`TlsPolicy::nist_sp_800_52r2`] is the NIST SP
//! 800-52 Rev. 2 floor for hosts that must still speak TLS 1.2: TLS 1.2 and
//! 1.3 only, and for TLS 1.2 only ECDHE key exchange with AEAD ciphers.
//! Cipher suites are named as IANA registers them (`TLS_AES_128_GCM_SHA256`).
//!
//! The check reads what the host says about its listener; it cannot see the
//! socket. Describe the listener from its actual configuration (or from a
//! scan of it), not from intent.
//!
//! # Examples
//!
//! ```
//! use itsm_auth::guard::tls::{CipherSuite, ListenerTls, TlsFinding, TlsPolicy, TlsVersion};
//!
//! let listener = ListenerTls {
//!     name: "api".into(),
//!     versions: vec![TlsVersion::Tls1_2, TlsVersion::Tls1_3],
//!     cipher_suites: vec![CipherSuite::new("TLS_AES_128_GCM_SHA256")?],
//! };
//! let findings = TlsPolicy::default().check(&listener);
//! assert_eq!(findings, vec![TlsFinding::VersionBelowMinimum { version: TlsVersion::Tls1_2, minimum: TlsVersion::Tls1_3 }]);
//! # Ok::<(), itsm_auth::Error>(())
//! ```

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

use itsm_core::InputExcerpt;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::Error;

/// A protocol version, oldest first.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
pub enum TlsVersion {
    /// SSL 3.0 (RFC 6101; prohibited by RFC 7568).
    #[serde(rename = "ssl3")]
    Ssl3,
    /// TLS 1.0 (deprecated by RFC 8996).
    #[serde(rename = "tls1_0")]
    Tls1_0,
    /// TLS 1.1 (deprecated by RFC 8996).
    #[serde(rename = "tls1_1")]
    Tls1_1,
    /// TLS 1.2 (RFC 5246).
    #[serde(rename = "tls1_2")]
    Tls1_2,
    /// TLS 1.3 (RFC 8446).
    #[serde(rename = "tls1_3")]
    Tls1_3,
}

impl fmt::Display for TlsVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Ssl3 => "SSL 3.0",
            Self::Tls1_0 => "TLS 1.0",
            Self::Tls1_1 => "TLS 1.1",
            Self::Tls1_2 => "TLS 1.2",
            Self::Tls1_3 => "TLS 1.3",
        })
    }
}

/// A cipher suite by its IANA name: `TLS_` then capital letters, digits and
/// underscores, at most 64 characters.
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(try_from = "String", into = "String")]
#[schemars(extend("pattern" = "^TLS_[A-Z0-9_]{1,60}$"))]
pub struct CipherSuite(String);

impl CipherSuite {
    /// The TLS 1.3 suites of RFC 8446 section 9.1 that every policy here
    /// allows: `TLS_AES_128_GCM_SHA256` (mandatory), `TLS_AES_256_GCM_SHA384`
    /// and `TLS_CHACHA20_POLY1305_SHA256`.
    pub const TLS13_RECOMMENDED: [&'static str; 3] = [
        "TLS_AES_128_GCM_SHA256",
        "TLS_AES_256_GCM_SHA384",
        "TLS_CHACHA20_POLY1305_SHA256",
    ];

    /// TLS 1.2 suites with ECDHE key exchange and AEAD ciphers, as NIST SP
    /// 800-52 Rev. 2 section 3.3.1 prefers them.
    pub const TLS12_ECDHE_AEAD: [&'static str; 6] = [
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
        "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
    ];

    /// Checks and wraps an IANA name.
    ///
    /// # Errors
    ///
    /// [`Error::CipherSuite`] when the name is not in the IANA form.
    pub fn new(name: impl Into<String>) -> Result<Self, Error> {
        let name = name.into();
        let ok = name.len() <= 64
            && name.strip_prefix("TLS_").is_some_and(|rest| {
                !rest.is_empty()
                    && rest
                        .bytes()
                        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
            });
        if ok {
            Ok(Self(name))
        } else {
            Err(Error::CipherSuite {
                value: InputExcerpt::new(&name),
            })
        }
    }

    /// The IANA name.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for CipherSuite {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        Self::new(s)
    }
}

impl TryFrom<String> for CipherSuite {
    type Error = Error;

    fn try_from(s: String) -> Result<Self, Error> {
        Self::new(s)
    }
}

impl From<CipherSuite> for String {
    fn from(c: CipherSuite) -> Self {
        c.0
    }
}

impl fmt::Display for CipherSuite {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a listener accepts, as the host describes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ListenerTls {
    /// The listener's name, for findings (`api`, `admin`).
    pub name: String,
    /// Protocol versions it accepts.
    pub versions: Vec<TlsVersion>,
    /// Cipher suites it accepts, across versions.
    pub cipher_suites: Vec<CipherSuite>,
}

/// The versions and suites a listener may accept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct TlsPolicy {
    /// The oldest version allowed.
    pub min_version: TlsVersion,
    /// Suites allowed; any other a listener accepts is a finding.
    pub allowed_cipher_suites: BTreeSet<CipherSuite>,
}

impl Default for TlsPolicy {
    /// The seed's policy: TLS 1.3 only, with the three RFC 8446 suites in
    /// [`CipherSuite::TLS13_RECOMMENDED`].
    fn default() -> Self {
        Self {
            min_version: TlsVersion::Tls1_3,
            allowed_cipher_suites: suites(&CipherSuite::TLS13_RECOMMENDED),
        }
    }
}

fn suites(names: &[&str]) -> BTreeSet<CipherSuite> {
    names.iter().map(|n| CipherSuite((*n).to_owned())).collect()
}

impl TlsPolicy {
    /// NIST SP 800-52 Rev. 2: TLS 1.2 at least, TLS 1.3's suites, and for
    /// TLS 1.2 the ECDHE suites with AEAD ciphers
    /// ([`CipherSuite::TLS12_ECDHE_AEAD`]).
    #[must_use]
    pub fn nist_sp_800_52r2() -> Self {
        let mut allowed = suites(&CipherSuite::TLS13_RECOMMENDED);
        allowed.extend(suites(&CipherSuite::TLS12_ECDHE_AEAD));
        Self {
            min_version: TlsVersion::Tls1_2,
            allowed_cipher_suites: allowed,
        }
    }

    /// Every way `listener` departs from the policy; empty when it complies.
    #[must_use]
    pub fn check(&self, listener: &ListenerTls) -> Vec<TlsFinding> {
        let mut findings = Vec::new();
        if listener.versions.is_empty() {
            findings.push(TlsFinding::NoVersion);
        }
        let versions: BTreeSet<TlsVersion> = listener.versions.iter().copied().collect();
        for &version in &versions {
            if version < self.min_version {
                findings.push(TlsFinding::VersionBelowMinimum {
                    version,
                    minimum: self.min_version,
                });
            }
        }
        let accepted: BTreeSet<&CipherSuite> = listener.cipher_suites.iter().collect();
        for suite in &accepted {
            if !self.allowed_cipher_suites.contains(*suite) {
                findings.push(TlsFinding::CipherSuiteNotAllowed {
                    suite: (*suite).clone(),
                });
            }
        }
        let allowed_accepted = accepted
            .iter()
            .any(|s| self.allowed_cipher_suites.contains(*s));
        if !allowed_accepted {
            findings.push(TlsFinding::NoAllowedCipherSuite);
        }
        findings
    }
}

/// One way a listener departs from a [`TlsPolicy`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TlsFinding {
    /// The listener accepts no protocol version at all.
    NoVersion,
    /// It accepts a version older than the policy's minimum.
    VersionBelowMinimum {
        /// The version accepted.
        version: TlsVersion,
        /// The policy's minimum.
        minimum: TlsVersion,
    },
    /// It accepts a suite the policy does not allow.
    CipherSuiteNotAllowed {
        /// The suite.
        suite: CipherSuite,
    },
    /// It accepts none of the suites the policy allows.
    NoAllowedCipherSuite,
}

impl fmt::Display for TlsFinding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoVersion => f.write_str("accepts no TLS version"),
            Self::VersionBelowMinimum { version, minimum } => {
                write!(f, "accepts {version}, older than the minimum {minimum}")
            }
            Self::CipherSuiteNotAllowed { suite } => {
                write!(
                    f,
                    "accepts the cipher suite {suite}, which the policy does not allow"
                )
            }
            Self::NoAllowedCipherSuite => f.write_str("accepts none of the allowed cipher suites"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listener(versions: &[TlsVersion], suites: &[&str]) -> ListenerTls {
        ListenerTls {
            name: "api".into(),
            versions: versions.to_vec(),
            cipher_suites: suites
                .iter()
                .map(|s| CipherSuite::new(*s).unwrap())
                .collect(),
        }
    }

    #[test]
    fn the_seed_policy_refuses_tls_1_2_and_accepts_1_3_only() {
        let p = TlsPolicy::default();
        let ok = listener(&[TlsVersion::Tls1_3], &CipherSuite::TLS13_RECOMMENDED);
        assert_eq!(p.check(&ok), vec![]);
        let mixed = listener(
            &[TlsVersion::Tls1_2, TlsVersion::Tls1_3],
            &["TLS_AES_128_GCM_SHA256"],
        );
        assert_eq!(
            p.check(&mixed),
            vec![TlsFinding::VersionBelowMinimum {
                version: TlsVersion::Tls1_2,
                minimum: TlsVersion::Tls1_3
            }]
        );
        let old = listener(
            &[TlsVersion::Tls1_0, TlsVersion::Ssl3],
            &["TLS_AES_128_GCM_SHA256"],
        );
        assert_eq!(p.check(&old).len(), 2);
    }

    #[test]
    fn suites_outside_the_policy_and_none_allowed_are_named() {
        let p = TlsPolicy::default();
        let l = listener(&[TlsVersion::Tls1_3], &["TLS_RSA_WITH_AES_128_CBC_SHA"]);
        assert_eq!(
            p.check(&l),
            vec![
                TlsFinding::CipherSuiteNotAllowed {
                    suite: CipherSuite::new("TLS_RSA_WITH_AES_128_CBC_SHA").unwrap()
                },
                TlsFinding::NoAllowedCipherSuite,
            ]
        );
        assert_eq!(
            p.check(&listener(&[], &[])),
            vec![TlsFinding::NoVersion, TlsFinding::NoAllowedCipherSuite]
        );
    }

    #[test]
    fn the_nist_preset_accepts_tls_1_2_with_ecdhe_aead_only() {
        let p = TlsPolicy::nist_sp_800_52r2();
        let l = listener(
            &[TlsVersion::Tls1_2, TlsVersion::Tls1_3],
            &[
                "TLS_AES_256_GCM_SHA384",
                "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            ],
        );
        assert_eq!(p.check(&l), vec![]);
        let cbc = listener(
            &[TlsVersion::Tls1_2],
            &["TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"],
        );
        assert!(matches!(
            p.check(&cbc)[0],
            TlsFinding::CipherSuiteNotAllowed { .. }
        ));
        let tls11 = listener(&[TlsVersion::Tls1_1], &["TLS_AES_256_GCM_SHA384"]);
        assert_eq!(p.check(&tls11).len(), 1);
    }

    #[test]
    fn suite_names_are_checked_in_code_and_json() {
        for bad in [
            "",
            "TLS_",
            "tls_aes_128_gcm_sha256",
            "SSL_RSA",
            "TLS_AES 128",
            &format!("TLS_{}", "A".repeat(61)),
        ] {
            assert!(CipherSuite::new(bad).is_err(), "{bad}");
        }
        assert!(serde_json::from_str::<CipherSuite>("\"TLS_x\"").is_err());
        let l: ListenerTls = serde_json::from_str(
            r#"{"name":"api","versions":["tls1_3"],"cipher_suites":["TLS_AES_128_GCM_SHA256"]}"#,
        )
        .unwrap();
        assert_eq!(l.versions, vec![TlsVersion::Tls1_3]);
        assert!(
            serde_json::from_str::<ListenerTls>(
                r#"{"name":"api","versions":["tls1_4"],"cipher_suites":[]}"#
            )
            .is_err()
        );
        let p: TlsPolicy =
            serde_json::from_str(&serde_json::to_string(&TlsPolicy::nist_sp_800_52r2()).unwrap())
                .unwrap();
        assert_eq!(p, TlsPolicy::nist_sp_800_52r2());
    }
}
