//! One implementation-status vocabulary for every assessment in the workspace.

use std::fmt;
use std::str::FromStr;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::{Error, InputExcerpt};

/// How far a control, subcategory or requirement is implemented.
///
/// The seed's four states (Not Started, Planned, In Progress, Implemented) plus
/// OSCAL's `partial`, `alternative` and `not-applicable`. Serialized in
/// snake case (`not_applicable`); OSCAL's hyphenated spelling is produced only
/// by the OSCAL exporters.
///
/// # Examples
///
/// ```
/// use itsm_core::ImplementationStatus as S;
///
/// assert!(S::Alternative.is_implemented());
/// assert!(S::Partial.progress() > S::InProgress.progress());
/// assert_eq!(S::NotApplicable.progress(), None);
/// // The seed's labels parse too.
/// assert_eq!("In Progress".parse::<S>()?, S::InProgress);
/// assert!("done".parse::<S>().is_err());
/// # Ok::<(), itsm_core::Error>(())
/// ```
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ImplementationStatus {
    /// Nothing has been done yet.
    NotStarted,
    /// Work is scheduled but has not begun.
    Planned,
    /// Work is under way; nothing is in operation yet.
    InProgress,
    /// Some of the requirement is in operation, some is not.
    Partial,
    /// The requirement is fully met as written.
    Implemented,
    /// The requirement is met by a different, compensating implementation.
    Alternative,
    /// The requirement does not apply to the organisation or system.
    NotApplicable,
}

impl ImplementationStatus {
    /// Every status, from least to most advanced, then `NotApplicable`.
    pub const ALL: [Self; 7] = [
        Self::NotStarted,
        Self::Planned,
        Self::InProgress,
        Self::Partial,
        Self::Implemented,
        Self::Alternative,
        Self::NotApplicable,
    ];

    /// The snake-case key, as serialized.
    #[must_use]
    pub const fn key(self) -> &'static str {
        match self {
            Self::NotStarted => "not_started",
            Self::Planned => "planned",
            Self::InProgress => "in_progress",
            Self::Partial => "partial",
            Self::Implemented => "implemented",
            Self::Alternative => "alternative",
            Self::NotApplicable => "not_applicable",
        }
    }

    /// Whether the requirement is met, as written or by an alternative.
    #[must_use]
    pub const fn is_implemented(self) -> bool {
        matches!(self, Self::Implemented | Self::Alternative)
    }

    /// A rank on the way to implementation: 0 not started, 1 planned, 2 in
    /// progress, 3 partial, 4 implemented or alternative; `None` for not
    /// applicable, which is off that scale.
    #[must_use]
    pub const fn progress(self) -> Option<u8> {
        match self {
            Self::NotStarted => Some(0),
            Self::Planned => Some(1),
            Self::InProgress => Some(2),
            Self::Partial => Some(3),
            Self::Implemented | Self::Alternative => Some(4),
            Self::NotApplicable => None,
        }
    }

    /// The least advanced of several statuses, as when several assessed
    /// requirements feed one: an element is only as implemented as its weakest
    /// source.
    ///
    /// `NotApplicable` sources are ignored unless every source is not
    /// applicable; between `Implemented` and `Alternative`, `Alternative` is
    /// reported, since it is the weaker claim. `None` for no statuses.
    ///
    /// # Examples
    ///
    /// ```
    /// use itsm_core::ImplementationStatus as S;
    ///
    /// assert_eq!(S::least_advanced([S::Implemented, S::Planned, S::NotApplicable]), Some(S::Planned));
    /// assert_eq!(S::least_advanced([S::NotApplicable]), Some(S::NotApplicable));
    /// assert_eq!(S::least_advanced([]), None);
    /// ```
    pub fn least_advanced(statuses: impl IntoIterator<Item = Self>) -> Option<Self> {
        let mut seen_any = false;
        let weakest = statuses
            .into_iter()
            .inspect(|_| seen_any = true)
            .filter_map(|s| {
                s.progress()
                    .map(|p| (p, u8::from(s != Self::Alternative), s))
            })
            .min()
            .map(|(_, _, s)| s);
        match (weakest, seen_any) {
            (Some(s), _) => Some(s),
            (None, true) => Some(Self::NotApplicable),
            (None, false) => None,
        }
    }
}

impl fmt::Display for ImplementationStatus {
    /// Words for people: `not started`, `in progress`, `not applicable`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.key().replace('_', " "))
    }
}

impl FromStr for ImplementationStatus {
    type Err = Error;

    /// Parses the key in any case, with spaces, hyphens or underscores between
    /// words, so the seed's `Not Started` and OSCAL's `not-applicable` read too.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let normalised: String = s
            .trim()
            .chars()
            .map(|c| match c {
                ' ' | '-' => '_',
                c => c.to_ascii_lowercase(),
            })
            .collect();
        Self::ALL
            .into_iter()
            .find(|status| status.key() == normalised)
            .ok_or_else(|| Error::UnknownStatus {
                value: InputExcerpt::new(s),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::ImplementationStatus as S;
    use super::*;

    #[test]
    fn serde_uses_snake_case_and_rejects_other_spellings() {
        for s in S::ALL {
            let json = serde_json::to_string(&s).unwrap();
            assert_eq!(json, format!("\"{}\"", s.key()));
            assert_eq!(serde_json::from_str::<S>(&json).unwrap(), s);
        }
        for bad in ["\"not-applicable\"", "\"Implemented\"", "\"done\"", "4"] {
            assert!(serde_json::from_str::<S>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn seed_and_oscal_spellings_parse() {
        assert_eq!("Not Started".parse::<S>().unwrap(), S::NotStarted);
        assert_eq!("Planned".parse::<S>().unwrap(), S::Planned);
        assert_eq!("In Progress".parse::<S>().unwrap(), S::InProgress);
        assert_eq!("Implemented".parse::<S>().unwrap(), S::Implemented);
        assert_eq!("not-applicable".parse::<S>().unwrap(), S::NotApplicable);
        assert!(matches!("".parse::<S>(), Err(Error::UnknownStatus { .. })));
        assert!("in  progress".parse::<S>().is_err());
    }

    #[test]
    fn progress_orders_the_way_to_implementation() {
        let ranks: Vec<Option<u8>> = S::ALL.iter().map(|s| s.progress()).collect();
        assert_eq!(
            ranks,
            [Some(0), Some(1), Some(2), Some(3), Some(4), Some(4), None]
        );
        assert_eq!(S::NotStarted.to_string(), "not started");
    }

    #[test]
    fn least_advanced_takes_the_weakest_source() {
        assert_eq!(
            S::least_advanced([S::Implemented, S::Partial]),
            Some(S::Partial)
        );
        assert_eq!(
            S::least_advanced([S::Implemented, S::Alternative]),
            Some(S::Alternative)
        );
        assert_eq!(
            S::least_advanced([S::Alternative, S::Implemented]),
            Some(S::Alternative)
        );
        assert_eq!(
            S::least_advanced([S::NotApplicable, S::Implemented]),
            Some(S::Implemented)
        );
        assert_eq!(
            S::least_advanced([S::NotApplicable, S::NotApplicable]),
            Some(S::NotApplicable)
        );
        assert_eq!(
            S::least_advanced([S::InProgress, S::NotStarted, S::Planned]),
            Some(S::NotStarted)
        );
        assert_eq!(S::least_advanced(Vec::new()), None);
    }
}
