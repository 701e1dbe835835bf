//! The seed's four information classifications, shared by the risk register
//! (asset classification) and the privacy engine (handling rules).

use std::fmt;
use std::str::FromStr;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::{Error, InputExcerpt};

/// How sensitive information is, from least to most (seed section 5).
/// ISO/IEC 27001:2022 A.5.12 asks for a classification scheme; these four
/// levels are the seed's, and the handling each requires is defined by the
/// crates that act on it.
///
/// # Examples
///
/// ```
/// use itsm_core::Classification;
///
/// assert!(Classification::Secret > Classification::Internal);
/// assert_eq!("confidential".parse::<Classification>()?, Classification::Confidential);
/// assert!("top_secret".parse::<Classification>().is_err());
/// # Ok::<(), itsm_core::Error>(())
/// ```
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Classification {
    /// May be published.
    Public,
    /// For staff; harmless but not for publication.
    Internal,
    /// For those who need it; disclosure would cause harm.
    Confidential,
    /// For named people only; disclosure would cause serious harm.
    Secret,
}

impl Classification {
    /// All four, from least to most sensitive.
    pub const ALL: [Self; 4] = [
        Self::Public,
        Self::Internal,
        Self::Confidential,
        Self::Secret,
    ];

    /// The snake-case key, as serialized.
    #[must_use]
    pub const fn key(self) -> &'static str {
        match self {
            Self::Public => "public",
            Self::Internal => "internal",
            Self::Confidential => "confidential",
            Self::Secret => "secret",
        }
    }
}

impl fmt::Display for Classification {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

impl FromStr for Classification {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        Self::ALL
            .into_iter()
            .find(|c| c.key() == s)
            .ok_or_else(|| Error::UnknownClassification {
                value: InputExcerpt::new(s),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordered_and_round_tripping() {
        for w in Classification::ALL.windows(2) {
            assert!(w[0] < w[1]);
        }
        for c in Classification::ALL {
            let json = serde_json::to_string(&c).unwrap();
            assert_eq!(serde_json::from_str::<Classification>(&json).unwrap(), c);
            assert_eq!(c.key().parse::<Classification>().unwrap(), c);
        }
        assert!(serde_json::from_str::<Classification>("\"Secret\"").is_err());
    }
}
