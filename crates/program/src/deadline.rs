//! Deadline arithmetic (A2, V1, V5, D2, D3): a request sent on a day gives the applicant a
//! number of calendar days, ending at the end of the last day in Québec time
//! (America/Montreal), whatever the daylight-saving changes in between. Also the `Clock`
//! that every "now" in the app comes from, so tests can fix it.
//!
//! Assumption (A2): the days are counted from the Québec calendar day on which the request
//! is sent (that day is day 0), and the deadline ends at midnight at the start of the day
//! after the last day, Québec time.

use chrono::{DateTime, Days, NaiveDate, TimeZone, Utc};
use chrono_tz::America::Montreal;
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Where "now" comes from. The app uses [`SystemClock`]; tests use [`FixedClock`].
pub trait Clock: Send + Sync + std::fmt::Debug {
    fn now(&self) -> DateTime<Utc>;
}

/// The machine's clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock stopped at one instant, for tests and for replaying a scenario.
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub DateTime<Utc>);

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
}

/// The calendar day in Québec of an instant.
pub fn montreal_date(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&Montreal).date_naive()
}

/// The first instant of a Québec calendar day (when a program version dated by the day
/// takes effect).
pub fn montreal_start_of_day(day: NaiveDate) -> DateTime<Utc> {
    start_of_day_in(Montreal, day)
}

/// An instant as Québec time in RFC 3339, with its offset: `2023-12-01T15:19:00-05:00`.
pub fn quebec_rfc3339(at: DateTime<Utc>) -> String {
    at.with_timezone(&Montreal)
        .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, false)
}

/// The first instant of a calendar day in `tz` (midnight, or the first instant after a
/// gap if a time zone ever skipped midnight).
pub fn start_of_day_in(tz: Tz, day: NaiveDate) -> DateTime<Utc> {
    let midnight = day.and_hms_opt(0, 0, 0).expect("midnight is a valid time");
    match tz.from_local_datetime(&midnight).earliest() {
        Some(t) => t.with_timezone(&Utc),
        // Midnight skipped by a clock change: the day starts one hour later.
        None => tz
            .from_local_datetime(&(midnight + chrono::Duration::hours(1)))
            .earliest()
            .expect("one hour after a skipped midnight exists")
            .with_timezone(&Utc),
    }
}

/// The last instant (exclusive end) of a deadline of `days` calendar days counted from the
/// Québec day on which `sent_at` falls: the deadline is the end of day `sent + days`, i.e.
/// the returned instant is midnight at the start of the following day, Québec time.
///
/// Returns the last day (inclusive) and the instant at which it ends.
pub fn deadline_after(sent_at: DateTime<Utc>, days: u32) -> (NaiveDate, DateTime<Utc>) {
    let d = Deadline::after(sent_at, days);
    (d.last_day, d.ends_at)
}

/// A deadline given to the applicant: the day the request was sent, the last day to answer
/// and the instant the deadline ends (exclusive), all in Québec time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub struct Deadline {
    /// The Québec day on which the request was sent (day 0).
    pub sent_on: NaiveDate,
    /// How many calendar days the applicant has.
    pub days: u32,
    /// The last day on which an answer is on time.
    pub last_day: NaiveDate,
    /// Midnight at the end of `last_day`, Québec time: an answer at or after this is late.
    pub ends_at: DateTime<Utc>,
}

impl Deadline {
    /// The deadline of a request sent at `sent_at`, `days` calendar days long.
    pub fn after(sent_at: DateTime<Utc>, days: u32) -> Self {
        Self::from_day(montreal_date(sent_at), days)
    }

    /// The deadline of a request sent on the Québec day `sent_on`, `days` calendar days long.
    pub fn from_day(sent_on: NaiveDate, days: u32) -> Self {
        let last_day = sent_on
            .checked_add_days(Days::new(u64::from(days)))
            .expect("a deadline within the calendar");
        let next = last_day.succ_opt().expect("a day after the deadline");
        Deadline {
            sent_on,
            days,
            last_day,
            ends_at: start_of_day_in(Montreal, next),
        }
    }

    /// Whether the deadline has passed at `now` (an answer at `now` would be late).
    pub fn has_passed(&self, now: DateTime<Utc>) -> bool {
        now >= self.ends_at
    }

    /// Calendar days left from today (Québec) to the last day: 0 on the last day, negative
    /// once the deadline has passed.
    pub fn days_left(&self, now: DateTime<Utc>) -> i64 {
        (self.last_day - montreal_date(now)).num_days()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a2_sixty_days_spanning_spring_dst_change_2024() {
        // Sent 2024-02-01 at 10:00 EST. Day 60 is 2024-04-01, after the 2024-03-10 change
        // to EDT (UTC-4): the deadline ends at 2024-04-02 00:00 EDT = 04:00 UTC.
        let (last, end) = deadline_after(utc("2024-02-01T15:00:00Z"), 60);
        assert_eq!(last, day("2024-04-01"));
        assert_eq!(end, utc("2024-04-02T04:00:00Z"));
    }

    #[test]
    fn a2_sixty_days_spanning_fall_dst_change_2024() {
        // Sent 2024-09-15 (EDT). Day 60 is 2024-11-14, after the 2024-11-03 change back to
        // EST (UTC-5): the deadline ends at 2024-11-15 00:00 EST = 05:00 UTC.
        let (last, end) = deadline_after(utc("2024-09-15T13:00:00Z"), 60);
        assert_eq!(last, day("2024-11-14"));
        assert_eq!(end, utc("2024-11-15T05:00:00Z"));
    }

    #[test]
    fn a2_sent_on_the_day_of_each_dst_change_2024() {
        // Sent on 2024-03-10 itself (the night lost an hour) and on 2024-11-03 (gained one).
        let spring = Deadline::after(utc("2024-03-10T12:00:00Z"), 60);
        assert_eq!(spring.sent_on, day("2024-03-10"));
        assert_eq!(spring.last_day, day("2024-05-09"));
        assert_eq!(spring.ends_at, utc("2024-05-10T04:00:00Z"));
        let fall = Deadline::after(utc("2024-11-03T06:30:00Z"), 60); // 01:30 EST, second pass
        assert_eq!(fall.sent_on, day("2024-11-03"));
        assert_eq!(fall.last_day, day("2025-01-02"));
        assert_eq!(fall.ends_at, utc("2025-01-03T05:00:00Z"));
    }

    #[test]
    fn a2_quebec_day_not_utc_day_decides_day_zero() {
        // 2024-11-20 at 23:30 in Montréal is already 2024-11-21 in UTC.
        let d = Deadline::after(utc("2024-11-21T04:30:00Z"), 60);
        assert_eq!(d.sent_on, day("2024-11-20"));
        assert_eq!(d.last_day, day("2025-01-19"));
        assert_eq!(d.ends_at, utc("2025-01-20T05:00:00Z"));
    }

    #[test]
    fn a2_deadline_across_end_of_2024() {
        let d = Deadline::after(utc("2024-12-15T17:00:00Z"), 60);
        assert_eq!(d.last_day, day("2025-02-13"));
        assert_eq!(d.ends_at, utc("2025-02-14T05:00:00Z"));
        // Leap year: 2024-02-29 exists.
        let leap = Deadline::from_day(day("2024-01-01"), 59);
        assert_eq!(leap.last_day, day("2024-02-29"));
    }

    #[test]
    fn a2_has_passed_at_midnight_quebec_time() {
        let d = Deadline::from_day(day("2024-09-15"), 60);
        assert_eq!(d.last_day, day("2024-11-14"));
        assert!(!d.has_passed(utc("2024-11-15T04:59:59Z"))); // 23:59:59 EST on the last day
        assert!(d.has_passed(utc("2024-11-15T05:00:00Z")));
        assert_eq!(d.days_left(utc("2024-11-14T12:00:00Z")), 0);
        assert_eq!(d.days_left(utc("2024-11-16T12:00:00Z")), -2);
        assert_eq!(d.days_left(utc("2024-09-15T12:00:00Z")), 60);
    }

    #[test]
    fn quebec_time_is_written_with_its_offset() {
        assert_eq!(
            quebec_rfc3339(utc("2023-12-01T20:19:00Z")),
            "2023-12-01T15:19:00-05:00"
        );
        assert_eq!(
            quebec_rfc3339(utc("2024-07-01T12:00:00Z")),
            "2024-07-01T08:00:00-04:00"
        );
    }

    #[test]
    fn fixed_clock_is_fixed() {
        let c = FixedClock(utc("2024-03-10T07:00:00Z"));
        assert_eq!(c.now(), c.now());
        assert_eq!(montreal_date(c.now()), day("2024-03-10"));
    }
}
