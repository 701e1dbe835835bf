//! Business calendars: working segments per weekday, holidays and a time
//! zone, and business-time arithmetic on them.
//!
//! Time is counted in real (UTC) seconds inside working segments, so a
//! segment that spans a daylight-saving change counts its true length. Local
//! times that do not exist (the spring-forward gap) are moved to the first
//! instant after the gap; ambiguous ones (the autumn overlap) take the
//! earlier instant.
//!
//! The cost of [`Calendar::business_time`] and [`Calendar::add_business_time`]
//! is proportional to the number of days spanned, never to the minutes.
//!
//! # Examples
//!
//! ```
//! use chrono::{Duration, TimeZone, Utc};
//! use itsm_itil::calendar::{BusinessCalendar, Calendar};
//!
//! // Monday to Friday 09:00-12:00 and 13:00-17:00, Berlin time.
//! let cal = Calendar::Business(BusinessCalendar::office_hours("Europe/Berlin")?);
//! // Friday 16:00 to Monday 10:00 local: 1 h Friday + 1 h Monday.
//! let from = Utc.with_ymd_and_hms(2026, 12, 4, 15, 0, 0).unwrap();
//! let to = Utc.with_ymd_and_hms(2026, 12, 7, 9, 0, 0).unwrap();
//! assert_eq!(cal.business_time(from, to)?, Duration::hours(2));
//! // Four business hours from Friday 16:00 run out exactly at the end of
//! // Monday's morning segment: due at 12:00 local (11:00 UTC), not after lunch.
//! assert_eq!(cal.add_business_time(from, Duration::hours(4))?, Utc.with_ymd_and_hms(2026, 12, 7, 11, 0, 0).unwrap());
//! # Ok::<(), itsm_itil::Error>(())
//! ```

use std::collections::BTreeSet;

use chrono::{
    DateTime, Datelike, Days, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone,
    Utc, Weekday,
};
use chrono_tz::Tz;
use itsm_core::InputExcerpt;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::Error;

/// The longest span the calendar walks, in days (ten years).
pub const MAX_SPAN_DAYS: i64 = 3660;

/// A working segment within a day, `start < end`, local time.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(deny_unknown_fields)]
pub struct Segment {
    /// Start, inclusive (`09:00:00`).
    pub start: NaiveTime,
    /// End, exclusive (`17:00:00`).
    pub end: NaiveTime,
}

/// A day of the week.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Day {
    /// Monday.
    Monday,
    /// Tuesday.
    Tuesday,
    /// Wednesday.
    Wednesday,
    /// Thursday.
    Thursday,
    /// Friday.
    Friday,
    /// Saturday.
    Saturday,
    /// Sunday.
    Sunday,
}

impl Day {
    const ALL: [Self; 7] = [
        Self::Monday,
        Self::Tuesday,
        Self::Wednesday,
        Self::Thursday,
        Self::Friday,
        Self::Saturday,
        Self::Sunday,
    ];

    fn index(self) -> usize {
        self as usize
    }

    fn of(w: Weekday) -> Self {
        match w {
            Weekday::Mon => Self::Monday,
            Weekday::Tue => Self::Tuesday,
            Weekday::Wed => Self::Wednesday,
            Weekday::Thu => Self::Thursday,
            Weekday::Fri => Self::Friday,
            Weekday::Sat => Self::Saturday,
            Weekday::Sun => Self::Sunday,
        }
    }
}

/// Working hours of one weekday.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DayHours {
    /// The day.
    pub day: Day,
    /// Its segments, in order, not overlapping.
    pub segments: Vec<Segment>,
}

/// A business calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(try_from = "RawBusinessCalendar", into = "RawBusinessCalendar")]
pub struct BusinessCalendar {
    tz: Tz,
    week: [Vec<Segment>; 7],
    holidays: BTreeSet<NaiveDate>,
}

/// The wire form of [`BusinessCalendar`].
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawBusinessCalendar {
    /// An IANA time zone name (`Europe/Berlin`).
    pub time_zone: String,
    /// Working hours per weekday; days not listed have none.
    pub week: Vec<DayHours>,
    /// Local dates with no working time.
    #[serde(default)]
    pub holidays: Vec<NaiveDate>,
}

impl TryFrom<RawBusinessCalendar> for BusinessCalendar {
    type Error = Error;

    fn try_from(raw: RawBusinessCalendar) -> Result<Self, Error> {
        BusinessCalendar::new(&raw.time_zone, raw.week, raw.holidays)
    }
}

impl From<BusinessCalendar> for RawBusinessCalendar {
    fn from(c: BusinessCalendar) -> Self {
        Self {
            time_zone: c.tz.name().to_owned(),
            week: Day::ALL
                .iter()
                .filter_map(|d| {
                    c.week
                        .get(d.index())
                        .filter(|s| !s.is_empty())
                        .map(|s| DayHours {
                            day: *d,
                            segments: s.clone(),
                        })
                })
                .collect(),
            holidays: c.holidays.into_iter().collect(),
        }
    }
}

fn hm(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap_or(NaiveTime::MIN)
}

impl BusinessCalendar {
    /// A calendar in `time_zone` with `week`'s working hours and `holidays`.
    ///
    /// # Errors
    ///
    /// [`Error::Calendar`] for an unknown time zone, a segment whose start is
    /// not before its end, overlapping or unordered segments, a day listed
    /// twice, or no working time at all.
    pub fn new(
        time_zone: &str,
        week: Vec<DayHours>,
        holidays: Vec<NaiveDate>,
    ) -> Result<Self, Error> {
        let tz: Tz = time_zone.parse().map_err(|_| Error::Calendar {
            reason: format!("unknown time zone {}", InputExcerpt::new(time_zone)),
        })?;
        let mut days: [Vec<Segment>; 7] = Default::default();
        for DayHours { day, segments } in week {
            let slot = days.get_mut(day.index()).ok_or_else(|| Error::Calendar {
                reason: "bad day".into(),
            })?;
            if !slot.is_empty() {
                return Err(Error::Calendar {
                    reason: format!("{day:?} is listed twice"),
                });
            }
            for (i, s) in segments.iter().enumerate() {
                if s.start >= s.end {
                    return Err(Error::Calendar {
                        reason: format!("{day:?} has a segment that does not start before it ends"),
                    });
                }
                if i > 0 && segments.get(i - 1).is_some_and(|p| p.end > s.start) {
                    return Err(Error::Calendar {
                        reason: format!("{day:?} has overlapping or unordered segments"),
                    });
                }
            }
            *slot = segments;
        }
        if days.iter().all(Vec::is_empty) {
            return Err(Error::Calendar {
                reason: "the calendar has no working time".into(),
            });
        }
        Ok(Self {
            tz,
            week: days,
            holidays: holidays.into_iter().collect(),
        })
    }

    /// Monday to Friday, 09:00-12:00 and 13:00-17:00, in `time_zone`, no holidays.
    ///
    /// # Errors
    ///
    /// [`Error::Calendar`] for an unknown time zone.
    pub fn office_hours(time_zone: &str) -> Result<Self, Error> {
        let segments = vec![
            Segment {
                start: hm(9, 0),
                end: hm(12, 0),
            },
            Segment {
                start: hm(13, 0),
                end: hm(17, 0),
            },
        ];
        let week = Day::ALL[..5]
            .iter()
            .map(|d| DayHours {
                day: *d,
                segments: segments.clone(),
            })
            .collect();
        Self::new(time_zone, week, Vec::new())
    }

    /// The same calendar with `dates` as holidays too.
    #[must_use]
    pub fn with_holidays(mut self, dates: impl IntoIterator<Item = NaiveDate>) -> Self {
        self.holidays.extend(dates);
        self
    }

    /// The time zone.
    #[must_use]
    pub fn time_zone(&self) -> Tz {
        self.tz
    }

    /// A local date-time as an instant (see the module docs on DST).
    fn instant(&self, local: NaiveDateTime) -> DateTime<Utc> {
        match self.tz.from_local_datetime(&local) {
            LocalResult::Single(t) => t.with_timezone(&Utc),
            LocalResult::Ambiguous(a, _) => a.with_timezone(&Utc),
            LocalResult::None => {
                // In a gap: the first local minute after it.
                let mut probe = local;
                for _ in 0..(4 * 60) {
                    probe += Duration::minutes(1);
                    if let Some(t) = self.tz.from_local_datetime(&probe).earliest() {
                        return t.with_timezone(&Utc);
                    }
                }
                local.and_utc()
            }
        }
    }

    /// The working intervals (UTC) of a local date.
    fn intervals(
        &self,
        date: NaiveDate,
    ) -> impl Iterator<Item = (DateTime<Utc>, DateTime<Utc>)> + '_ {
        let segments: &[Segment] = if self.holidays.contains(&date) {
            &[]
        } else {
            self.week
                .get(Day::of(date.weekday()).index())
                .map_or(&[], Vec::as_slice)
        };
        segments.iter().map(move |s| {
            (
                self.instant(date.and_time(s.start)),
                self.instant(date.and_time(s.end)),
            )
        })
    }

    /// The local date of `t`, for instants a business calendar places.
    fn local_date(&self, t: DateTime<Utc>) -> Result<NaiveDate, Error> {
        if !placeable(t.date_naive()) {
            return Err(Error::OutOfRange { at: t });
        }
        Ok(t.with_timezone(&self.tz).date_naive())
    }

    fn business_time(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Duration, Error> {
        if to <= from {
            return Ok(Duration::zero());
        }
        let (first, last) = (self.local_date(from)?, self.local_date(to)?);
        if (last - first).num_days() > MAX_SPAN_DAYS {
            return Err(Error::SpanTooLong {
                days: MAX_SPAN_DAYS,
            });
        }
        let mut total = Duration::zero();
        let mut day = first;
        while day <= last {
            for (start, end) in self.intervals(day) {
                let (a, b) = (start.max(from), end.min(to));
                if b > a {
                    total += b - a;
                }
            }
            day = day.succ_opt().ok_or(Error::SpanTooLong {
                days: MAX_SPAN_DAYS,
            })?;
        }
        Ok(total)
    }

    fn add_business_time(
        &self,
        from: DateTime<Utc>,
        amount: Duration,
    ) -> Result<DateTime<Utc>, Error> {
        let mut left = amount;
        if left <= Duration::zero() {
            return Ok(from);
        }
        let mut day = self.local_date(from)?;
        for _ in 0..=MAX_SPAN_DAYS {
            if !placeable(day) {
                return Err(Error::OutOfRange { at: from });
            }
            for (start, end) in self.intervals(day) {
                let start = start.max(from);
                if end <= start {
                    continue;
                }
                let available = end - start;
                // Exactly used up at a segment's end: due at that end.
                if left <= available {
                    return Ok(start + left);
                }
                left -= available;
            }
            day = day.succ_opt().ok_or(Error::SpanTooLong {
                days: MAX_SPAN_DAYS,
            })?;
        }
        Err(Error::SpanTooLong {
            days: MAX_SPAN_DAYS,
        })
    }
}

/// Whether local times on `date` convert to and from instants without
/// leaving chrono's range: time-zone offsets are under a day, so dates
/// three days inside either end are safe.
fn placeable(date: NaiveDate) -> bool {
    let margin = Days::new(3);
    NaiveDate::MIN
        .checked_add_days(margin)
        .is_some_and(|lo| date >= lo)
        && NaiveDate::MAX
            .checked_sub_days(margin)
            .is_some_and(|hi| date <= hi)
}

/// What a clock runs on: a business calendar or every hour of every day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", content = "calendar", rename_all = "snake_case")]
pub enum Calendar {
    /// Around the clock: business time equals wall-clock time.
    TwentyFourSeven,
    /// Working hours only.
    Business(BusinessCalendar),
}

impl Calendar {
    /// Working time between `from` and `to` (zero if `to <= from`).
    ///
    /// # Errors
    ///
    /// [`Error::SpanTooLong`] beyond [`MAX_SPAN_DAYS`];
    /// [`Error::OutOfRange`] for a business calendar within three days of
    /// the ends of chrono's range.
    pub fn business_time(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Duration, Error> {
        match self {
            Self::TwentyFourSeven => Ok(if to > from {
                to - from
            } else {
                Duration::zero()
            }),
            Self::Business(c) => c.business_time(from, to),
        }
    }

    /// The instant `amount` of working time after `from`. When the amount runs
    /// out exactly at a segment's end, that end is the answer.
    ///
    /// # Errors
    ///
    /// [`Error::SpanTooLong`] when it lies beyond [`MAX_SPAN_DAYS`];
    /// [`Error::OutOfRange`] for a business calendar within three days of
    /// the ends of chrono's range.
    pub fn add_business_time(
        &self,
        from: DateTime<Utc>,
        amount: Duration,
    ) -> Result<DateTime<Utc>, Error> {
        match self {
            Self::TwentyFourSeven => {
                from.checked_add_signed(amount.max(Duration::zero()))
                    .ok_or(Error::SpanTooLong {
                        days: MAX_SPAN_DAYS,
                    })
            }
            Self::Business(c) => c.add_business_time(from, amount),
        }
    }
}
