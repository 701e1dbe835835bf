//! Queries over a trail, streaming: the seed's filters (user, entity type,
//! entity id, date range, event type, status) plus category and organisation.
//!
//! # Examples
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use itsm_audit::event::{Action, AuditEvent, EventType, Outcome};
//! use itsm_audit::query::Filter;
//!
//! let at = Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).unwrap();
//! let ok = AuditEvent::new(at, "api", EventType::Access, Action::Login, Outcome::Success, "login");
//! let bad = AuditEvent::new(at, "api", EventType::Access, Action::Login, Outcome::Failure, "login");
//! let failures = Filter { outcome: Some(Outcome::Failure), ..Filter::default() };
//! assert!(failures.matches(&bad) && !failures.matches(&ok));
//! ```

use chrono::{DateTime, Utc};
use itsm_core::{OrgId, UserId};
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::Error;
use crate::event::{AuditEvent, Category, EventType, Outcome};
use crate::record::Body;

/// The seed's filters, plus category and organisation. `None` matches all.
/// The date range is `from <= timestamp < to`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// The acting user.
    pub user_id: Option<UserId>,
    /// The entity type.
    pub entity_type: Option<String>,
    /// The entity id.
    pub entity_id: Option<String>,
    /// Earliest timestamp, inclusive.
    pub from: Option<DateTime<Utc>>,
    /// Latest timestamp, exclusive.
    pub to: Option<DateTime<Utc>>,
    /// The event type.
    pub event_type: Option<EventType>,
    /// The status (outcome).
    pub outcome: Option<Outcome>,
    /// The category.
    pub category: Option<Category>,
    /// The organisation.
    pub org_id: Option<OrgId>,
}

impl Filter {
    /// Whether `e` passes every set filter.
    #[must_use]
    pub fn matches(&self, e: &AuditEvent) -> bool {
        self.user_id.is_none_or(|u| e.actor.user_id == Some(u))
            && self
                .entity_type
                .as_deref()
                .is_none_or(|t| e.entity_type.as_deref() == Some(t))
            && self
                .entity_id
                .as_deref()
                .is_none_or(|i| e.entity_id.as_deref() == Some(i))
            && self.from.is_none_or(|f| e.timestamp >= f)
            && self.to.is_none_or(|t| e.timestamp < t)
            && self.event_type.is_none_or(|t| e.event_type == t)
            && self.outcome.is_none_or(|o| e.outcome == o)
            && self.category.is_none_or(|c| e.category() == c)
            && self.org_id.is_none_or(|o| e.org_id == Some(o))
    }
}

#[derive(Deserialize)]
struct Stored<'a> {
    #[serde(borrow)]
    body: &'a RawValue,
}

/// The events of a trail's lines, with their sequence numbers, one at a time.
/// This reads; it does not verify (use [`crate::verify`] for that).
pub fn events<'a>(
    lines: impl IntoIterator<Item = &'a str> + 'a,
) -> impl Iterator<Item = Result<(u64, AuditEvent), Error>> + 'a {
    lines.into_iter().map(|line| {
        let stored: Stored<'_> = serde_json::from_str(line).map_err(|_| Error::Serialize)?;
        let body: Body = serde_json::from_str(stored.body.get()).map_err(|_| Error::Serialize)?;
        Ok((body.seq, body.event))
    })
}

/// The events of `lines` that pass `filter`.
pub fn query<'a>(
    lines: impl IntoIterator<Item = &'a str> + 'a,
    filter: &'a Filter,
) -> impl Iterator<Item = Result<(u64, AuditEvent), Error>> + 'a {
    events(lines).filter(move |r| r.as_ref().map_or(true, |(_, e)| filter.matches(e)))
}

/// Streams the trail in `reader` (a file sink's file, or a rotating log's
/// segments chained with [`std::io::Read::chain`]) and calls `f` with each
/// event that passes `filter`, in memory bounded by the longest line.
///
/// # Errors
///
/// [`Error::Serialize`] for a line that is not a stored audit record; the
/// errors of [`crate::verify::for_each_line`]; whatever `f` returns.
///
/// # Examples
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use itsm_audit::event::{Action, AuditEvent, EventType, Outcome};
/// use itsm_audit::query::{Filter, query_reader};
/// use itsm_audit::record::Chain;
///
/// let at = Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).unwrap();
/// let mut chain = Chain::new(None);
/// let mut file = Vec::new();
/// for outcome in [Outcome::Success, Outcome::Failure, Outcome::Success] {
///     let e = AuditEvent::new(at, "api", EventType::Access, Action::Login, outcome, "login");
///     file.extend_from_slice(chain.seal(&e)?.line.as_bytes());
///     file.push(b'\n');
/// }
/// let failures = Filter { outcome: Some(Outcome::Failure), ..Filter::default() };
/// let mut seqs = Vec::new();
/// query_reader(&file[..], &failures, |seq, _| {
///     seqs.push(seq);
///     Ok(())
/// })?;
/// assert_eq!(seqs, [1]);
/// # Ok::<(), itsm_audit::Error>(())
/// ```
pub fn query_reader(
    reader: impl std::io::BufRead,
    filter: &Filter,
    mut f: impl FnMut(u64, AuditEvent) -> Result<(), Error>,
) -> Result<(), Error> {
    crate::verify::for_each_line(reader, |line| {
        for r in query([line], filter) {
            let (seq, e) = r?;
            f(seq, e)?;
        }
        Ok(())
    })
}
