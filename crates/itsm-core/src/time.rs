//! Time arithmetic that cannot panic.
//!
//! chrono's `DateTime + TimeDelta` and `TimeDelta::seconds` panic when the
//! result leaves chrono's range (about ±262,000 years, and ±2^63
//! milliseconds for a span). Every date the crates compute from stored
//! documents or caller input goes through these functions instead, so a
//! document holding `i64::MAX` seconds or a timestamp at the end of time is
//! answered, not a crash. Results saturate: a deadline past the end of time
//! is the end of time, which no clock reaches.
//!
//! # Examples
//!
//! ```
//! use chrono::{DateTime, TimeDelta, Utc};
//! use itsm_core::time;
//!
//! let now = DateTime::from_timestamp(1_796_256_000, 0).unwrap();
//! assert_eq!(time::after(now, time::seconds(60)), now + TimeDelta::seconds(60));
//! assert_eq!(time::after(now, time::seconds(i64::MAX)), DateTime::<Utc>::MAX_UTC);
//! assert_eq!(time::before(now, time::days(i64::MAX)), DateTime::<Utc>::MIN_UTC);
//! ```

use chrono::{DateTime, TimeDelta, Utc};

/// `seconds` as a span, saturating at [`TimeDelta::MAX`] and [`TimeDelta::MIN`].
#[must_use]
pub fn seconds(seconds: i64) -> TimeDelta {
    TimeDelta::try_seconds(seconds).unwrap_or(if seconds < 0 {
        TimeDelta::MIN
    } else {
        TimeDelta::MAX
    })
}

/// `minutes` as a span, saturating.
#[must_use]
pub fn minutes(minutes: i64) -> TimeDelta {
    seconds(minutes.saturating_mul(60))
}

/// `hours` as a span, saturating.
#[must_use]
pub fn hours(hours: i64) -> TimeDelta {
    seconds(hours.saturating_mul(3600))
}

/// `days` as a span, saturating.
#[must_use]
pub fn days(days: i64) -> TimeDelta {
    seconds(days.saturating_mul(86_400))
}

/// `at + span`, saturating at the ends of chrono's range.
#[must_use]
pub fn after(at: DateTime<Utc>, span: TimeDelta) -> DateTime<Utc> {
    at.checked_add_signed(span)
        .unwrap_or(if span < TimeDelta::zero() {
            DateTime::<Utc>::MIN_UTC
        } else {
            DateTime::<Utc>::MAX_UTC
        })
}

/// `at - span`, saturating at the ends of chrono's range.
#[must_use]
pub fn before(at: DateTime<Utc>, span: TimeDelta) -> DateTime<Utc> {
    at.checked_sub_signed(span)
        .unwrap_or(if span < TimeDelta::zero() {
            DateTime::<Utc>::MAX_UTC
        } else {
            DateTime::<Utc>::MIN_UTC
        })
}

/// `a + b`, saturating at [`TimeDelta::MAX`] and [`TimeDelta::MIN`]: for
/// totals of spans read from documents, where many long spans would
/// overflow chrono's `+`.
#[must_use]
pub fn sum(a: TimeDelta, b: TimeDelta) -> TimeDelta {
    a.checked_add(&b).unwrap_or(if b < TimeDelta::zero() {
        TimeDelta::MIN
    } else {
        TimeDelta::MAX
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(s, 0).unwrap()
    }

    #[test]
    fn in_range_arithmetic_is_chronos() {
        for (s, d) in [
            (0, 1),
            (1_796_256_000, -86_400),
            (-5, 7),
            (1_796_256_000, 0),
        ] {
            assert_eq!(after(t(s), seconds(d)), t(s) + TimeDelta::seconds(d));
            assert_eq!(before(t(s), seconds(d)), t(s) - TimeDelta::seconds(d));
        }
        assert_eq!(minutes(2), TimeDelta::seconds(120));
        assert_eq!(hours(-1), TimeDelta::seconds(-3600));
        assert_eq!(days(7), TimeDelta::days(7));
        assert_eq!(sum(hours(1), minutes(-30)), minutes(30));
    }

    #[test]
    fn out_of_range_saturates() {
        assert_eq!(seconds(i64::MAX), TimeDelta::MAX);
        assert_eq!(seconds(i64::MIN), TimeDelta::MIN);
        assert_eq!(days(i64::MIN), TimeDelta::MIN);
        assert_eq!(minutes(i64::MAX), TimeDelta::MAX);
        let end = DateTime::<Utc>::MAX_UTC;
        let start = DateTime::<Utc>::MIN_UTC;
        assert_eq!(after(end, seconds(1)), end);
        assert_eq!(after(start, seconds(-1)), start);
        assert_eq!(before(start, seconds(1)), start);
        assert_eq!(before(end, seconds(-1)), end);
        assert_eq!(after(t(0), TimeDelta::MAX), end);
        assert_eq!(before(t(0), TimeDelta::MAX), start);
        assert_eq!(sum(TimeDelta::MAX, seconds(1)), TimeDelta::MAX);
        assert_eq!(sum(TimeDelta::MIN, seconds(-1)), TimeDelta::MIN);
        assert_eq!(
            sum(TimeDelta::MAX, TimeDelta::MIN),
            TimeDelta::MAX + TimeDelta::MIN
        );
    }
}
