//! Anonymisation checks (GDPR Recital 26): a k-anonymity measure over
//! declared quasi-identifiers, and generalisation helpers.
//!
//! Pseudonymised data is still personal data; anonymous data is not. A
//! common, if partial, test of anonymity is k-anonymity: every combination
//! of quasi-identifier values (age, postcode, dates) is shared by at least k
//! records. [`k_anonymity`] returns the smallest group size, so a host can
//! tell whether an export meets its chosen k; generalising values (age
//! bands, truncated postcodes, coarser timestamps) raises it. k-anonymity
//! alone does not rule out every re-identification (a group can share one
//! sensitive value); treat it as a necessary check, not a proof.
//!
//! # Examples
//!
//! ```
//! use itsm_gdpr::anonymity::{age_band, k_anonymity, truncate_postcode};
//!
//! let rows = [("34", "10115"), ("36", "10117"), ("35", "10119"), ("52", "80331")];
//! let raw = k_anonymity(rows.iter().map(|(a, p)| vec![a.to_string(), p.to_string()]));
//! assert_eq!(raw, Some(1));
//! let generalised = k_anonymity(rows.iter().map(|(a, p)| vec![age_band(a.parse().unwrap(), 10), truncate_postcode(p, 2)]));
//! assert_eq!(generalised, Some(1)); // the 52-year-old in 80 stands alone
//! ```

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Utc};

/// The smallest number of records sharing one combination of
/// quasi-identifier values; `None` for no records.
pub fn k_anonymity<I, Row>(rows: I) -> Option<usize>
where
    I: IntoIterator<Item = Row>,
    Row: Into<Vec<String>>,
{
    let mut groups: BTreeMap<Vec<String>, usize> = BTreeMap::new();
    for row in rows {
        *groups.entry(row.into()).or_default() += 1;
    }
    groups.values().copied().min()
}

/// An age band of `width` years: `30-39` for 34 with width 10. A width of 0
/// is treated as 1.
#[must_use]
pub fn age_band(age: u32, width: u32) -> String {
    let w = width.max(1);
    let low = age / w * w;
    format!("{low}-{}", low.saturating_add(w - 1))
}

/// The first `keep` characters of a postcode, the rest as `*`.
#[must_use]
pub fn truncate_postcode(postcode: &str, keep: usize) -> String {
    postcode
        .chars()
        .enumerate()
        .map(|(i, c)| if i < keep { c } else { '*' })
        .collect()
}

/// A timestamp coarsened to its month: `2026-12`.
#[must_use]
pub fn month_of(t: DateTime<Utc>) -> String {
    format!("{:04}-{:02}", t.year(), t.month())
}
