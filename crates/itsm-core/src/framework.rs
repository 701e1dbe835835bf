//! The frameworks the workspace speaks, each at a fixed edition or revision.

use std::fmt;
use std::str::FromStr;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::{Error, InputExcerpt};

/// A compliance framework at one edition or revision.
///
/// Each edition is its own variant because identifiers change between them:
/// ISO/IEC 27001:2013's `A.12.4.1` is `A.8.15` in the 2022 edition, and CSF 2.0
/// pads subcategory numbers (`GV.OC-01`) where CSF 1.1 does not (`ID.AM-1`).
///
/// Serialized as the snake-case [`key`](Self::key); displayed as its usual
/// citation.
///
/// # Examples
///
/// ```
/// use itsm_core::Framework;
///
/// let f: Framework = "nist_csf_2_0".parse()?;
/// assert_eq!(f, Framework::NistCsf2_0);
/// assert_eq!(f.to_string(), "NIST CSF 2.0");
/// assert!("nist_csf_3_0".parse::<Framework>().is_err());
/// # Ok::<(), itsm_core::Error>(())
/// ```
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
pub enum Framework {
    /// ISO/IEC 27001:2022, information security management systems: requirement
    /// clauses 4 to 10 and the 93 Annex A controls.
    #[serde(rename = "iso_27001_2022")]
    Iso27001_2022,
    /// NIST Cybersecurity Framework 2.0 (NIST CSWP 29, February 2024).
    #[serde(rename = "nist_csf_2_0")]
    NistCsf2_0,
    /// NIST Cybersecurity Framework 1.1 (April 2018), superseded by 2.0.
    #[serde(rename = "nist_csf_1_1")]
    NistCsf1_1,
    /// NIST SP 800-61 Revision 2, Computer Security Incident Handling Guide (2012).
    #[serde(rename = "nist_sp_800_61_r2")]
    NistSp800_61Rev2,
    /// NIST SP 800-61 Revision 3, incident response recommendations as a CSF 2.0
    /// community profile (2025).
    #[serde(rename = "nist_sp_800_61_r3")]
    NistSp800_61Rev3,
    /// ITIL 4, the AXELOS/PeopleCert service management framework.
    #[serde(rename = "itil_4")]
    Itil4,
    /// The General Data Protection Regulation, Regulation (EU) 2016/679.
    #[serde(rename = "gdpr")]
    Gdpr,
}

pub(crate) const KEYS_IN_WORDS: &str = "iso_27001_2022, nist_csf_2_0, nist_csf_1_1, nist_sp_800_61_r2, nist_sp_800_61_r3, itil_4, gdpr";

impl Framework {
    /// Every framework, in declaration order.
    pub const ALL: [Self; 7] = [
        Self::Iso27001_2022,
        Self::NistCsf2_0,
        Self::NistCsf1_1,
        Self::NistSp800_61Rev2,
        Self::NistSp800_61Rev3,
        Self::Itil4,
        Self::Gdpr,
    ];

    /// The stable machine key, as serialized: `iso_27001_2022`, `nist_csf_2_0`, ...
    #[must_use]
    pub const fn key(self) -> &'static str {
        match self {
            Self::Iso27001_2022 => "iso_27001_2022",
            Self::NistCsf2_0 => "nist_csf_2_0",
            Self::NistCsf1_1 => "nist_csf_1_1",
            Self::NistSp800_61Rev2 => "nist_sp_800_61_r2",
            Self::NistSp800_61Rev3 => "nist_sp_800_61_r3",
            Self::Itil4 => "itil_4",
            Self::Gdpr => "gdpr",
        }
    }

    /// The framework's name without its edition: `ISO/IEC 27001`, `NIST SP 800-61`.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Iso27001_2022 => "ISO/IEC 27001",
            Self::NistCsf2_0 | Self::NistCsf1_1 => "NIST CSF",
            Self::NistSp800_61Rev2 | Self::NistSp800_61Rev3 => "NIST SP 800-61",
            Self::Itil4 => "ITIL",
            Self::Gdpr => "GDPR",
        }
    }

    /// The edition or revision: `2022`, `2.0`, `1.1`, `Rev. 2`, `Rev. 3`, `4`,
    /// and for the GDPR its official number `Regulation (EU) 2016/679`.
    #[must_use]
    pub const fn edition(self) -> &'static str {
        match self {
            Self::Iso27001_2022 => "2022",
            Self::NistCsf2_0 => "2.0",
            Self::NistCsf1_1 => "1.1",
            Self::NistSp800_61Rev2 => "Rev. 2",
            Self::NistSp800_61Rev3 => "Rev. 3",
            Self::Itil4 => "4",
            Self::Gdpr => "Regulation (EU) 2016/679",
        }
    }

    /// The identifier formats this framework accepts, in words, as used in errors.
    #[must_use]
    pub const fn id_format(self) -> &'static str {
        match self {
            Self::Iso27001_2022 => {
                "an Annex A control such as `A.5.15` or a clause such as `4`, `9.2` or `6.1.3`"
            }
            Self::NistCsf2_0 => {
                "a function, category or subcategory such as `GV`, `GV.OC` or `GV.OC-01` (two-digit, zero-padded)"
            }
            Self::NistCsf1_1 => {
                "a function, category or subcategory such as `ID`, `ID.AM` or `ID.AM-1` (not padded)"
            }
            Self::NistSp800_61Rev2 => "a section number such as `3` or `3.2.4`",
            Self::NistSp800_61Rev3 => {
                "a CSF 2.0 element such as `RS.MA-01`, which Rev. 3 is organised by, or a section number such as `3.1`"
            }
            Self::Itil4 => {
                "a lowercase hyphenated name such as `incident-management` or `focus-on-value` (ITIL 4 publishes no identifiers)"
            }
            Self::Gdpr => {
                "an article such as `Art. 33`, `Art. 33(3)` or `Art. 6(1)(a)`, or a recital such as `Recital 39`"
            }
        }
    }
}

impl fmt::Display for Framework {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Iso27001_2022 => f.write_str("ISO/IEC 27001:2022"),
            Self::NistCsf2_0
            | Self::NistCsf1_1
            | Self::NistSp800_61Rev2
            | Self::NistSp800_61Rev3 => {
                write!(f, "{} {}", self.name(), self.edition())
            }
            Self::Itil4 => f.write_str("ITIL 4"),
            Self::Gdpr => f.write_str("GDPR"),
        }
    }
}

impl FromStr for Framework {
    type Err = Error;

    /// Parses a [`key`](Framework::key), exactly as serialized.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|f| f.key() == s)
            .ok_or_else(|| Error::UnknownFramework {
                value: InputExcerpt::new(s),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_through_from_str_and_serde() {
        for f in Framework::ALL {
            assert_eq!(f.key().parse::<Framework>().unwrap(), f);
            let json = serde_json::to_string(&f).unwrap();
            assert_eq!(json, format!("\"{}\"", f.key()));
            assert_eq!(serde_json::from_str::<Framework>(&json).unwrap(), f);
        }
    }

    #[test]
    fn keys_in_words_lists_every_key_in_order() {
        let keys: Vec<&str> = Framework::ALL.iter().map(|f| f.key()).collect();
        assert_eq!(KEYS_IN_WORDS, keys.join(", "));
    }

    #[test]
    fn display_is_the_usual_citation() {
        let shown: Vec<String> = Framework::ALL.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "ISO/IEC 27001:2022",
                "NIST CSF 2.0",
                "NIST CSF 1.1",
                "NIST SP 800-61 Rev. 2",
                "NIST SP 800-61 Rev. 3",
                "ITIL 4",
                "GDPR",
            ]
        );
    }

    #[test]
    fn unknown_keys_are_rejected() {
        for bad in ["", "ISO_27001_2022", "iso_27001_2013", "gdpr ", "nist_csf"] {
            let err = bad.parse::<Framework>().unwrap_err();
            assert!(matches!(err, Error::UnknownFramework { .. }), "{bad:?}");
        }
        assert!(serde_json::from_str::<Framework>("\"iso_27001_2013\"").is_err());
        assert!(serde_json::from_str::<Framework>("3").is_err());
    }
}
