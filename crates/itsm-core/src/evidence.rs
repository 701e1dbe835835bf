//! References to the evidence behind an assessment.

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::{Error, InputExcerpt};

/// The longest evidence id accepted, in Unicode scalar values.
pub const MAX_ID_CHARS: usize = 128;
/// The longest evidence description accepted, in Unicode scalar values.
pub const MAX_DESCRIPTION_CHARS: usize = 4096;

/// A pointer to evidence that a control is in place: a document, a ticket, a
/// scan report, a screenshot held in the host's evidence store.
///
/// Evidence may expire (a penetration test is only good for a year); it is
/// current while `now < expires_at`, and forever when it has no expiry.
///
/// # Examples
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use itsm_core::EvidenceRef;
///
/// let collected = Utc.with_ymd_and_hms(2026, 1, 10, 9, 0, 0).unwrap();
/// let expires = Utc.with_ymd_and_hms(2027, 1, 10, 9, 0, 0).unwrap();
/// let pentest = EvidenceRef::new("EV-2026-014", "external penetration test report", collected)?
///     .with_expiry(expires)?;
///
/// assert!(pentest.is_current(Utc.with_ymd_and_hms(2027, 1, 10, 8, 59, 59).unwrap()));
/// assert!(!pentest.is_current(expires));
///
/// // Expiry must come after collection.
/// assert!(EvidenceRef::new("EV-1", "", collected)?.with_expiry(collected).is_err());
/// // Ids are bounded and printable.
/// assert!(EvidenceRef::new(" EV-1", "", collected).is_err());
/// # Ok::<(), itsm_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(try_from = "RawEvidenceRef")]
#[non_exhaustive]
pub struct EvidenceRef {
    id: String,
    description: String,
    collected_at: DateTime<Utc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    expires_at: Option<DateTime<Utc>>,
}

/// The unchecked wire form of [`EvidenceRef`].
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawEvidenceRef {
    id: String,
    description: String,
    collected_at: DateTime<Utc>,
    #[serde(default)]
    expires_at: Option<DateTime<Utc>>,
}

impl TryFrom<RawEvidenceRef> for EvidenceRef {
    type Error = Error;

    fn try_from(raw: RawEvidenceRef) -> Result<Self, Error> {
        let evidence = Self::new(raw.id, raw.description, raw.collected_at)?;
        match raw.expires_at {
            Some(expires_at) => evidence.with_expiry(expires_at),
            None => Ok(evidence),
        }
    }
}

impl EvidenceRef {
    /// Evidence without expiry.
    ///
    /// # Errors
    ///
    /// - [`Error::EvidenceId`] when `id` is empty, longer than
    ///   [`MAX_ID_CHARS`], starts or ends with whitespace, or holds a control
    ///   character.
    /// - [`Error::EvidenceDescriptionTooLong`] when `description` is longer
    ///   than [`MAX_DESCRIPTION_CHARS`]; it is never cut.
    pub fn new(
        id: impl Into<String>,
        description: impl Into<String>,
        collected_at: DateTime<Utc>,
    ) -> Result<Self, Error> {
        let id = id.into();
        let description = description.into();
        let id_ok = !id.is_empty()
            && id.chars().count() <= MAX_ID_CHARS
            && id.trim() == id
            && !id.chars().any(char::is_control);
        if !id_ok {
            return Err(Error::EvidenceId {
                id: InputExcerpt::new(&id),
            });
        }
        let chars = description.chars().count();
        if chars > MAX_DESCRIPTION_CHARS {
            return Err(Error::EvidenceDescriptionTooLong { chars });
        }
        Ok(Self {
            id,
            description,
            collected_at,
            expires_at: None,
        })
    }

    /// The same evidence, expiring at `expires_at`.
    ///
    /// # Errors
    ///
    /// [`Error::EvidenceExpiry`] when `expires_at` is not after the collection
    /// time.
    pub fn with_expiry(mut self, expires_at: DateTime<Utc>) -> Result<Self, Error> {
        if expires_at <= self.collected_at {
            return Err(Error::EvidenceExpiry {
                collected_at: self.collected_at,
                expires_at,
            });
        }
        self.expires_at = Some(expires_at);
        Ok(self)
    }

    /// The id in the host's evidence store.
    #[must_use]
    pub fn id(&self) -> &str {
        &self.id
    }

    /// What the evidence shows.
    #[must_use]
    pub fn description(&self) -> &str {
        &self.description
    }

    /// When the evidence was collected.
    #[must_use]
    pub fn collected_at(&self) -> DateTime<Utc> {
        self.collected_at
    }

    /// When the evidence stops counting, if ever.
    #[must_use]
    pub fn expires_at(&self) -> Option<DateTime<Utc>> {
        self.expires_at
    }

    /// Whether the evidence still counts at `now`: always without an expiry,
    /// else while `now < expires_at`.
    #[must_use]
    pub fn is_current(&self, now: DateTime<Utc>) -> bool {
        self.expires_at.is_none_or(|expires_at| now < expires_at)
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone};

    use super::*;

    fn at(h: u32, m: u32, s: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 6, 1, h, m, s).unwrap()
    }

    #[test]
    fn current_until_one_second_before_expiry() {
        let e = EvidenceRef::new("EV-1", "scan", at(8, 0, 0))
            .unwrap()
            .with_expiry(at(12, 0, 0))
            .unwrap();
        assert!(e.is_current(at(8, 0, 0)));
        assert!(e.is_current(at(11, 59, 59)));
        assert!(e.is_current(at(12, 0, 0) - Duration::nanoseconds(1)));
        assert!(!e.is_current(at(12, 0, 0)));
        assert!(!e.is_current(at(12, 0, 1)));
    }

    #[test]
    fn without_expiry_always_current() {
        let e = EvidenceRef::new("EV-1", "policy", at(8, 0, 0)).unwrap();
        assert!(e.is_current(DateTime::<Utc>::MAX_UTC));
    }

    #[test]
    fn expiry_must_follow_collection() {
        let e = EvidenceRef::new("EV-1", "", at(8, 0, 0)).unwrap();
        assert!(matches!(
            e.clone().with_expiry(at(8, 0, 0)),
            Err(Error::EvidenceExpiry { .. })
        ));
        assert!(e.clone().with_expiry(at(7, 0, 0)).is_err());
        assert!(e.with_expiry(at(8, 0, 1)).is_ok());
    }

    #[test]
    fn id_and_description_bounds() {
        let t = at(8, 0, 0);
        assert!(EvidenceRef::new("x".repeat(MAX_ID_CHARS), "", t).is_ok());
        assert!(EvidenceRef::new("é".repeat(MAX_ID_CHARS), "", t).is_ok());
        for bad in [
            String::new(),
            "x".repeat(MAX_ID_CHARS + 1),
            " EV".into(),
            "EV\t".into(),
            "E\u{0}V".into(),
        ] {
            assert!(matches!(
                EvidenceRef::new(bad, "", t),
                Err(Error::EvidenceId { .. })
            ));
        }
        assert!(EvidenceRef::new("EV", "d".repeat(MAX_DESCRIPTION_CHARS), t).is_ok());
        assert_eq!(
            EvidenceRef::new("EV", "d".repeat(MAX_DESCRIPTION_CHARS + 1), t),
            Err(Error::EvidenceDescriptionTooLong {
                chars: MAX_DESCRIPTION_CHARS + 1
            })
        );
    }

    #[test]
    fn serde_round_trips_and_rejects_bad_documents() {
        let e = EvidenceRef::new("EV-7", "backup restore test", at(8, 0, 0))
            .unwrap()
            .with_expiry(at(9, 0, 0))
            .unwrap();
        let json = serde_json::to_string(&e).unwrap();
        assert_eq!(
            json,
            r#"{"id":"EV-7","description":"backup restore test","collected_at":"2026-06-01T08:00:00Z","expires_at":"2026-06-01T09:00:00Z"}"#
        );
        assert_eq!(serde_json::from_str::<EvidenceRef>(&json).unwrap(), e);

        let no_expiry = r#"{"id":"EV-7","description":"","collected_at":"2026-06-01T08:00:00Z"}"#;
        assert_eq!(
            serde_json::from_str::<EvidenceRef>(no_expiry)
                .unwrap()
                .expires_at(),
            None
        );

        for bad in [
            r#"{"id":"EV-7","description":"","collected_at":"2026-06-01T08:00:00Z","expires_at":"2026-06-01T08:00:00Z"}"#,
            r#"{"id":"","description":"","collected_at":"2026-06-01T08:00:00Z"}"#,
            r#"{"id":"EV-7","description":"","collected_at":"yesterday"}"#,
            r#"{"id":"EV-7","description":"","collected_at":"2026-06-01T08:00:00Z","owner":"x"}"#,
            r#"{"id":"EV-7","collected_at":"2026-06-01T08:00:00Z"}"#,
        ] {
            assert!(serde_json::from_str::<EvidenceRef>(bad).is_err(), "{bad}");
        }
    }
}
