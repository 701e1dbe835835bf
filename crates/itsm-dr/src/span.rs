//! Durations as plans write them: `15 minutes`, `2 hours`, `30 days`, or
//! short forms `15m`, `2h`, `30d`; ranges such as `15-30 minutes`.
//!
//! A [`Span`] is strictly positive (objectives, intervals, step durations);
//! a [`Loss`] may be zero (measured data loss, replication lag). Negative
//! and, for spans, zero values are rejected with typed errors, also when
//! they come from JSON. Both serialise to the short form.
//!
//! # Examples
//!
//! ```
//! use itsm_dr::span::{Span, SpanRange};
//!
//! let rto: Span = "15 minutes".parse()?;
//! assert_eq!(rto.seconds(), 900);
//! assert_eq!(rto.to_string(), "15m");
//! let estimate: SpanRange = "15-30 minutes".parse()?;
//! assert_eq!(estimate.upper(), "30m".parse()?);
//! assert!("0 minutes".parse::<Span>().is_err());
//! assert!("-5m".parse::<Span>().is_err());
//! # Ok::<(), itsm_dr::Error>(())
//! ```

use std::fmt;
use std::str::FromStr;

use itsm_core::InputExcerpt;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::Error;

const UNITS: [(&str, u64); 13] = [
    ("s", 1),
    ("sec", 1),
    ("second", 1),
    ("m", 60),
    ("min", 60),
    ("minute", 60),
    ("h", 3600),
    ("hr", 3600),
    ("hour", 3600),
    ("d", 86_400),
    ("day", 86_400),
    ("w", 604_800),
    ("week", 604_800),
];

fn unit_seconds(unit: &str) -> Option<u64> {
    let unit = unit.trim().to_ascii_lowercase();
    let singular = unit
        .strip_suffix('s')
        .filter(|u| u.len() > 1)
        .unwrap_or(&unit);
    UNITS
        .iter()
        .find(|(name, _)| *name == unit || *name == singular)
        .map(|(_, s)| *s)
}

/// Splits `15 minutes` or `15m` into number and unit.
fn split_amount(s: &str) -> Option<(&str, &str)> {
    let s = s.trim();
    let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (num, unit) = s.split_at(end);
    (!num.is_empty()).then_some((num, unit))
}

/// Seconds in `input`, zero allowed.
fn parse_seconds(input: &str) -> Result<u64, Error> {
    let trimmed = input.trim();
    if trimmed.starts_with('-') {
        return Err(Error::NegativeDuration {
            input: InputExcerpt::new(input),
        });
    }
    let malformed = || Error::MalformedDuration {
        input: InputExcerpt::new(input),
    };
    let (num, unit) =
        split_amount(trimmed.strip_prefix('+').unwrap_or(trimmed)).ok_or_else(malformed)?;
    let n: u64 = num.parse().map_err(|_| malformed())?;
    let per = unit_seconds(unit).ok_or_else(malformed)?;
    n.checked_mul(per).ok_or_else(malformed)
}

/// Short form: the largest unit that divides the value.
fn format_seconds(s: u64, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    for (unit, per) in [("d", 86_400u64), ("h", 3600), ("m", 60)] {
        if s != 0 && s.is_multiple_of(per) {
            return write!(f, "{}{unit}", s / per);
        }
    }
    write!(f, "{s}s")
}

/// A strictly positive duration, in whole seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span(u64);

impl Span {
    /// A span of `seconds`.
    ///
    /// # Errors
    ///
    /// [`Error::ZeroDuration`] for zero.
    pub fn from_seconds(seconds: u64) -> Result<Self, Error> {
        if seconds == 0 {
            return Err(Error::ZeroDuration {
                input: InputExcerpt::new("0s"),
            });
        }
        Ok(Self(seconds))
    }

    /// `n` minutes.
    ///
    /// # Errors
    ///
    /// [`Error::ZeroDuration`] for zero; [`Error::MalformedDuration`] on overflow.
    pub fn minutes(n: u64) -> Result<Self, Error> {
        Self::from_seconds(n.checked_mul(60).ok_or(Error::MalformedDuration {
            input: InputExcerpt::new(&format!("{n} minutes")),
        })?)
    }

    /// `n` hours.
    ///
    /// # Errors
    ///
    /// As [`Span::minutes`].
    pub fn hours(n: u64) -> Result<Self, Error> {
        Self::minutes(n.saturating_mul(60))
    }

    /// `n` days.
    ///
    /// # Errors
    ///
    /// As [`Span::minutes`].
    pub fn days(n: u64) -> Result<Self, Error> {
        Self::hours(n.saturating_mul(24))
    }

    /// Whole seconds.
    #[must_use]
    pub const fn seconds(self) -> u64 {
        self.0
    }

    /// As a chrono duration, saturating at chrono's longest
    /// ([`chrono::TimeDelta::MAX`], about 292 million years).
    #[must_use]
    pub fn to_duration(self) -> chrono::Duration {
        itsm_core::time::seconds(i64::try_from(self.0).unwrap_or(i64::MAX))
    }

    /// The sum, saturating.
    #[must_use]
    pub const fn saturating_add(self, other: Self) -> Self {
        Self(self.0.saturating_add(other.0))
    }

    /// How many times `self` is `of` (for a finding's factor).
    #[must_use]
    pub fn factor_of(self, of: Self) -> f64 {
        #[expect(clippy::cast_precision_loss, reason = "a ratio for display")]
        let f = self.0 as f64 / of.0 as f64;
        f
    }
}

impl FromStr for Span {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        match parse_seconds(s)? {
            0 => Err(Error::ZeroDuration {
                input: InputExcerpt::new(s),
            }),
            n => Ok(Self(n)),
        }
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        format_seconds(self.0, f)
    }
}

/// A duration that may be zero (a measured data loss, a replication lag).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Loss(u64);

impl Loss {
    /// No loss.
    pub const ZERO: Self = Self(0);

    /// A loss of `seconds`.
    #[must_use]
    pub const fn from_seconds(seconds: u64) -> Self {
        Self(seconds)
    }

    /// Whole seconds.
    #[must_use]
    pub const fn seconds(self) -> u64 {
        self.0
    }

    /// Whether it is within `limit` (equal meets it).
    #[must_use]
    pub const fn within(self, limit: Span) -> bool {
        self.0 <= limit.0
    }

    /// How many times `self` is `of`.
    #[must_use]
    pub fn factor_of(self, of: Span) -> f64 {
        #[expect(clippy::cast_precision_loss, reason = "a ratio for display")]
        let f = self.0 as f64 / of.0 as f64;
        f
    }
}

impl From<Span> for Loss {
    fn from(s: Span) -> Self {
        Self(s.0)
    }
}

impl FromStr for Loss {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        parse_seconds(s).map(Self)
    }
}

impl fmt::Display for Loss {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        format_seconds(self.0, f)
    }
}

/// An estimate such as `15-30 minutes`; the upper bound is what plans are
/// checked with. A single duration is a range of one value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SpanRange {
    lower: Span,
    upper: Span,
}

impl SpanRange {
    /// A range.
    ///
    /// # Errors
    ///
    /// [`Error::InvertedRange`] when `upper < lower`.
    pub fn new(lower: Span, upper: Span) -> Result<Self, Error> {
        if upper < lower {
            return Err(Error::InvertedRange {
                input: InputExcerpt::new(&format!("{lower}-{upper}")),
            });
        }
        Ok(Self { lower, upper })
    }

    /// The lower bound.
    #[must_use]
    pub const fn lower(self) -> Span {
        self.lower
    }

    /// The upper bound: what counts.
    #[must_use]
    pub const fn upper(self) -> Span {
        self.upper
    }
}

impl From<Span> for SpanRange {
    fn from(s: Span) -> Self {
        Self { lower: s, upper: s }
    }
}

impl FromStr for SpanRange {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        let trimmed = s.trim();
        if trimmed.starts_with('-') {
            return Err(Error::NegativeDuration {
                input: InputExcerpt::new(s),
            });
        }
        let Some((a, b)) = trimmed.split_once('-') else {
            return Ok(trimmed.parse::<Span>()?.into());
        };
        let upper: Span = b.parse()?;
        // `15-30 minutes`: the lower bound borrows the upper bound's unit.
        let lower: Span = match split_amount(a) {
            Some((num, unit)) if unit.trim().is_empty() => {
                let unit = split_amount(b).map_or("", |(_, u)| u);
                format!("{num}{unit}").parse()?
            }
            _ => a.parse()?,
        };
        if upper < lower {
            return Err(Error::InvertedRange {
                input: InputExcerpt::new(s),
            });
        }
        Ok(Self { lower, upper })
    }
}

impl fmt::Display for SpanRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.lower == self.upper {
            write!(f, "{}", self.upper)
        } else {
            write!(f, "{}-{}", self.lower, self.upper)
        }
    }
}

macro_rules! serde_via_str {
    ($t:ty, $what:literal) => {
        impl schemars::JsonSchema for $t {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($t).into()
            }

            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({
                    "description": $what,
                    "anyOf": [
                        { "type": "string", "minLength": 1, "maxLength": 64 },
                        { "type": "integer", "minimum": 0 }
                    ]
                })
            }
        }

        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }

        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl serde::de::Visitor<'_> for V {
                    type Value = $t;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str($what)
                    }
                    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<$t, E> {
                        v.parse().map_err(E::custom)
                    }
                    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<$t, E> {
                        format!("{v}s").parse().map_err(E::custom)
                    }
                    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<$t, E> {
                        format!("{v}s").parse().map_err(E::custom)
                    }
                }
                d.deserialize_any(V)
            }
        }
    };
}

serde_via_str!(
    Span,
    "a positive duration such as `15m` or `2 hours`, or whole seconds"
);
serde_via_str!(
    Loss,
    "a duration such as `0s`, `5m` or `2 hours`, or whole seconds"
);
serde_via_str!(SpanRange, "a duration or a range such as `15-30 minutes`");

impl Span {
    /// A span known to be positive at compile time (crate data).
    pub(crate) const fn from_const(seconds: u64) -> Self {
        Self(if seconds == 0 { 1 } else { seconds })
    }
}
