//! Intake (I1–I5, F6): which applications are received, in order of receipt time, given
//! the receipt window and the caps of the program definition; why the others are not; when
//! each cap and sub-cap filled; the acknowledgement of each received application.
//!
//! Receipt order is the receipt time to the second (I3). Assumption: two applications
//! received in the same second are ordered by their id, so that the outcome never depends
//! on the order in which they are listed.

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate, SubsecRound, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;
use ts_rs::TS;
use vocab::Text;

use crate::definition::{CapScope, ProgramDefinition};
use crate::model::{ApplicationId, Profile, Stream};

/// An application as presented, with the instant it was received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Application {
    pub id: ApplicationId,
    pub stream: Stream,
    pub profile: Profile,
    pub received_at: DateTime<Utc>,
    /// F6: presented by a paid representative. Recorded; it gives no priority.
    #[serde(default)]
    pub represented: bool,
}

/// I5: the acknowledgement of receipt (email and message centre for the applicant, this
/// record for the officer).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Acknowledgement {
    pub application: ApplicationId,
    pub received_at: DateTime<Utc>,
    /// The Québec day of receipt.
    pub received_on: NaiveDate,
    /// 1 for the first application received in the program, 2 for the next, ...
    pub rank: u32,
}

/// Why an application was not received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum NotReceivedReason {
    /// I1: before the window opened.
    BeforeWindow { opens: NaiveDate },
    /// I1: after the window closed.
    AfterWindow { closes: NaiveDate },
    /// P2: the program has no such stream.
    StreamNotOffered,
    /// P3: the program has no such profile.
    ProfileNotOffered,
    /// I3, I4: the cap or sub-cap was already full (the narrowest full cap is named).
    CapReached {
        cap: CapScope,
        limit: u32,
        filled_at: DateTime<Utc>,
    },
}

impl NotReceivedReason {
    /// Why the application was not received, in the catalogue's words (the notice, the
    /// import's line, the audit trail of a revoked receipt).
    pub fn text(&self, def: &ProgramDefinition) -> Text {
        match self {
            NotReceivedReason::BeforeWindow { opens } => {
                Text::new("intake-before-window").with("opens", *opens)
            }
            NotReceivedReason::AfterWindow { closes } => {
                Text::new("intake-after-window").with("closes", *closes)
            }
            NotReceivedReason::StreamNotOffered => Text::new("intake-stream-not-offered"),
            NotReceivedReason::ProfileNotOffered => Text::new("intake-profile-not-offered"),
            NotReceivedReason::CapReached {
                cap,
                limit,
                filled_at,
            } => {
                let id = match (cap.stream, cap.profile) {
                    (None, None) => "intake-cap-program",
                    (Some(_), None) => "intake-cap-stream",
                    (None, Some(_)) => "intake-cap-profile",
                    (Some(_), Some(_)) => "intake-cap-sub",
                };
                with_scope(def, Text::new(id), cap)
                    .with("limit", *limit)
                    .with("filled_at", *filled_at)
            }
        }
    }
}

impl CapScope {
    /// The cap's name: the program's cap, a stream's, a sub-cap's.
    pub fn label(&self, def: &ProgramDefinition) -> Text {
        let id = match (self.stream, self.profile) {
            (None, None) => "intake-cap-label-program",
            (Some(_), None) => "intake-cap-label-stream",
            (None, Some(_)) => "intake-cap-label-profile",
            (Some(_), Some(_)) => "intake-cap-label-sub",
        };
        with_scope(def, Text::new(id), self)
    }
}

/// The short names of a cap's stream and profile, as its messages name them.
fn with_scope(def: &ProgramDefinition, text: Text, cap: &CapScope) -> Text {
    let mut text = text;
    if let Some(s) = cap.stream.and_then(|s| def.stream(s)) {
        text = text.with("stream", &s.short);
    }
    if let Some(p) = cap
        .profile
        .and_then(|p| def.profiles.iter().find(|d| d.profile == p))
    {
        text = text.with("profile", &p.short);
    }
    text
}

/// The outcome of one application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    Received {
        acknowledgement: Acknowledgement,
    },
    NotReceived {
        #[serde(flatten)]
        reason: NotReceivedReason,
    },
}

impl Outcome {
    pub fn is_received(&self) -> bool {
        matches!(self, Outcome::Received { .. })
    }
}

/// An application and what intake decided for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct IntakeDecision {
    pub application: Application,
    pub outcome: Outcome,
}

/// I4: where a cap stands after intake, and when it filled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CapStatus {
    pub cap: CapScope,
    pub limit: u32,
    pub received: u32,
    /// The receipt time of the application that took the last place, if the cap filled.
    pub filled_at: Option<DateTime<Utc>>,
    /// That application.
    pub filled_by: Option<ApplicationId>,
}

/// The result of intake: every application in receipt order, then every cap.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct IntakeReport {
    pub decisions: Vec<IntakeDecision>,
    pub caps: Vec<CapStatus>,
}

impl IntakeReport {
    /// The decision for `id`.
    pub fn decision(&self, id: &ApplicationId) -> Option<&IntakeDecision> {
        self.decisions.iter().find(|d| &d.application.id == id)
    }

    /// The status of the cap of `scope`.
    pub fn cap(&self, scope: CapScope) -> Option<&CapStatus> {
        self.caps.iter().find(|c| c.cap == scope)
    }

    /// How many applications were received.
    pub fn received_count(&self) -> usize {
        self.decisions
            .iter()
            .filter(|d| d.outcome.is_received())
            .count()
    }
}

/// Input that intake cannot decide on.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum IntakeError {
    #[error("application id `{0}` appears more than once; each application needs its own id")]
    DuplicateId(ApplicationId),
}

/// The order of receipt: the receipt time to the second, then the id.
fn receipt_key(a: &Application) -> (DateTime<Utc>, &ApplicationId) {
    (a.received_at.trunc_subsecs(0), &a.id)
}

/// I1–I4: decides, in receipt order, which applications are received.
pub fn decide(
    def: &ProgramDefinition,
    applications: &[Application],
) -> Result<IntakeReport, IntakeError> {
    let mut ids = BTreeSet::new();
    for a in applications {
        if !ids.insert(&a.id) {
            return Err(IntakeError::DuplicateId(a.id.clone()));
        }
    }
    let mut ordered: Vec<&Application> = applications.iter().collect();
    ordered.sort_by(|a, b| receipt_key(a).cmp(&receipt_key(b)));

    let mut caps: Vec<CapStatus> = def
        .caps
        .iter()
        .map(|c| CapStatus {
            cap: c.scope,
            limit: c.limit,
            received: 0,
            filled_at: None,
            filled_by: None,
        })
        .collect();
    let tz = def.window.timezone;
    let mut rank = 0u32;
    let mut decisions = Vec::with_capacity(ordered.len());
    for app in ordered {
        let received_at = app.received_at.trunc_subsecs(0);
        let day = received_at.with_timezone(&tz).date_naive();
        let reason = if day < def.window.opens {
            Some(NotReceivedReason::BeforeWindow {
                opens: def.window.opens,
            })
        } else if day > def.window.closes {
            Some(NotReceivedReason::AfterWindow {
                closes: def.window.closes,
            })
        } else if def.stream(app.stream).is_none() {
            Some(NotReceivedReason::StreamNotOffered)
        } else if !def.has_profile(app.profile) {
            Some(NotReceivedReason::ProfileNotOffered)
        } else {
            caps.iter()
                .filter(|c| c.cap.covers(app.stream, app.profile) && c.received >= c.limit)
                // The narrowest full cap; the first in the definition among equals.
                .min_by_key(|c| std::cmp::Reverse(c.cap.specificity()))
                .map(|c| NotReceivedReason::CapReached {
                    cap: c.cap,
                    limit: c.limit,
                    filled_at: c.filled_at.expect("a full cap has a fill time"),
                })
        };
        let outcome = match reason {
            Some(reason) => Outcome::NotReceived { reason },
            None => {
                for c in caps
                    .iter_mut()
                    .filter(|c| c.cap.covers(app.stream, app.profile))
                {
                    c.received += 1;
                    if c.received == c.limit {
                        c.filled_at = Some(received_at);
                        c.filled_by = Some(app.id.clone());
                    }
                }
                rank += 1;
                Outcome::Received {
                    acknowledgement: Acknowledgement {
                        application: app.id.clone(),
                        received_at,
                        received_on: day,
                        rank,
                    },
                }
            }
        };
        decisions.push(IntakeDecision {
            application: app.clone(),
            outcome,
        });
    }
    Ok(IntakeReport { decisions, caps })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};
    use chrono_tz::America::Montreal;
    use proptest::prelude::*;

    fn mtl(y: i32, m: u32, d: u32, h: u32, mi: u32, s: u32) -> DateTime<Utc> {
        Montreal
            .with_ymd_and_hms(y, m, d, h, mi, s)
            .single()
            .unwrap()
            .with_timezone(&Utc)
    }

    fn app(id: &str, stream: Stream, profile: Profile, at: DateTime<Utc>) -> Application {
        Application {
            id: id.into(),
            stream,
            profile,
            received_at: at,
            represented: false,
        }
    }

    /// `n` applications of one stream and profile, one a minute from `start`.
    fn batch(
        prefix: &str,
        n: usize,
        stream: Stream,
        profile: Profile,
        start: DateTime<Utc>,
    ) -> Vec<Application> {
        (0..n)
            .map(|i| {
                app(
                    &format!("{prefix}-{i:04}"),
                    stream,
                    profile,
                    start + Duration::minutes(i as i64),
                )
            })
            .collect()
    }

    fn outcome<'a>(r: &'a IntakeReport, id: &str) -> &'a Outcome {
        &r.decision(&id.into()).unwrap().outcome
    }

    fn def() -> &'static ProgramDefinition {
        ProgramDefinition::builtin()
    }

    #[test]
    fn i1_window_bounds_are_quebec_days_inclusive() {
        let apps = vec![
            app(
                "before",
                Stream::Ai,
                Profile::Regular,
                mtl(2023, 11, 22, 23, 59, 59),
            ),
            app(
                "first",
                Stream::Ai,
                Profile::Regular,
                mtl(2023, 11, 23, 0, 0, 0),
            ),
            app(
                "last",
                Stream::Ai,
                Profile::Regular,
                mtl(2024, 12, 31, 23, 59, 59),
            ),
            app(
                "after",
                Stream::Ai,
                Profile::Regular,
                mtl(2025, 1, 1, 0, 0, 0),
            ),
            // 2024-12-31 at 22:00 in Montréal is already 2025-01-01 in UTC: still received.
            app(
                "utc-next-day",
                Stream::Ai,
                Profile::Regular,
                Utc.with_ymd_and_hms(2025, 1, 1, 3, 0, 0).unwrap(),
            ),
        ];
        let r = decide(def(), &apps).unwrap();
        assert_eq!(
            outcome(&r, "before"),
            &Outcome::NotReceived {
                reason: NotReceivedReason::BeforeWindow {
                    opens: NaiveDate::from_ymd_opt(2023, 11, 23).unwrap()
                }
            }
        );
        assert!(outcome(&r, "first").is_received());
        assert!(outcome(&r, "last").is_received());
        assert!(outcome(&r, "utc-next-day").is_received());
        assert!(matches!(
            outcome(&r, "after"),
            Outcome::NotReceived {
                reason: NotReceivedReason::AfterWindow { .. }
            }
        ));
    }

    #[test]
    fn i2_ai_cap_200_with_100_francization() {
        let start = mtl(2023, 11, 23, 9, 0, 0);
        let mut apps = batch("aif", 120, Stream::Ai, Profile::Francization, start);
        apps.extend(batch(
            "air",
            150,
            Stream::Ai,
            Profile::Regular,
            start + Duration::days(1),
        ));
        let r = decide(def(), &apps).unwrap();
        let sub = r
            .cap(CapScope::sub_cap(Stream::Ai, Profile::Francization))
            .unwrap();
        assert_eq!((sub.received, sub.limit), (100, 100));
        assert_eq!(sub.filled_by, Some("aif-0099".into()));
        assert_eq!(sub.filled_at, Some(start + Duration::minutes(99)));
        let ai = r.cap(CapScope::stream(Stream::Ai)).unwrap();
        assert_eq!((ai.received, ai.limit), (200, 200));
        assert_eq!(ai.filled_by, Some("air-0099".into()));
        // The 101st Francization application names the sub-cap; the 101st regular one,
        // arriving when the stream is full, names the stream cap.
        assert!(matches!(
            outcome(&r, "aif-0100"),
            Outcome::NotReceived { reason: NotReceivedReason::CapReached { cap, limit: 100, .. } }
                if *cap == CapScope::sub_cap(Stream::Ai, Profile::Francization)
        ));
        assert!(matches!(
            outcome(&r, "air-0100"),
            Outcome::NotReceived { reason: NotReceivedReason::CapReached { cap, limit: 200, .. } }
                if *cap == CapScope::stream(Stream::Ai)
        ));
        assert_eq!(r.received_count(), 200);
    }

    #[test]
    fn i2_it_vfx_cap_500_with_200_francization_and_program_700() {
        let start = mtl(2023, 11, 23, 9, 0, 0);
        let mut apps = batch("itf", 250, Stream::ItVfx, Profile::Francization, start);
        apps.extend(batch(
            "itr",
            400,
            Stream::ItVfx,
            Profile::Regular,
            start + Duration::days(2),
        ));
        apps.extend(batch(
            "ai",
            250,
            Stream::Ai,
            Profile::Regular,
            start + Duration::days(3),
        ));
        let r = decide(def(), &apps).unwrap();
        assert_eq!(
            r.cap(CapScope::sub_cap(Stream::ItVfx, Profile::Francization))
                .unwrap()
                .received,
            200
        );
        assert_eq!(
            r.cap(CapScope::stream(Stream::ItVfx)).unwrap().received,
            500
        );
        assert_eq!(r.cap(CapScope::stream(Stream::Ai)).unwrap().received, 200);
        let program = r.cap(CapScope::PROGRAM).unwrap();
        assert_eq!((program.received, program.limit), (700, 700));
        assert_eq!(program.filled_by, Some("ai-0199".into()));
        assert_eq!(r.received_count(), 700);
    }

    #[test]
    fn i3_receipt_order_to_the_second_decides_not_list_order() {
        // The Francization sub-cap of it_vfx has one place left (199 taken).
        let start = mtl(2023, 11, 23, 9, 0, 0);
        let mut apps = batch("early", 199, Stream::ItVfx, Profile::Francization, start);
        let t = mtl(2023, 12, 1, 15, 19, 0);
        // Listed first but received one second later: not received.
        apps.insert(
            0,
            app(
                "later",
                Stream::ItVfx,
                Profile::Francization,
                t + Duration::seconds(1),
            ),
        );
        apps.push(app("sooner", Stream::ItVfx, Profile::Francization, t));
        let r = decide(def(), &apps).unwrap();
        assert!(outcome(&r, "sooner").is_received());
        assert!(matches!(
            outcome(&r, "later"),
            Outcome::NotReceived {
                reason: NotReceivedReason::CapReached { .. }
            }
        ));
        assert_eq!(r.decisions.last().unwrap().application.id, "later".into());
    }

    #[test]
    fn i3_same_second_ties_break_by_id_and_subseconds_do_not_count() {
        let start = mtl(2023, 11, 23, 9, 0, 0);
        let mut apps = batch("early", 199, Stream::ItVfx, Profile::Francization, start);
        let t = mtl(2023, 12, 1, 15, 19, 0);
        apps.push(app("b", Stream::ItVfx, Profile::Francization, t));
        apps.push(app(
            "a",
            Stream::ItVfx,
            Profile::Francization,
            t + Duration::milliseconds(900),
        ));
        let r = decide(def(), &apps).unwrap();
        assert!(outcome(&r, "a").is_received());
        assert!(!outcome(&r, "b").is_received());
    }

    #[test]
    fn i4_it_vfx_francization_filled_2023_12_01_at_15_19() {
        let start = mtl(2023, 11, 23, 9, 0, 0);
        let mut apps = batch("f", 199, Stream::ItVfx, Profile::Francization, start);
        apps.push(app(
            "f-last",
            Stream::ItVfx,
            Profile::Francization,
            mtl(2023, 12, 1, 15, 19, 0),
        ));
        apps.push(app(
            "f-after",
            Stream::ItVfx,
            Profile::Francization,
            mtl(2023, 12, 1, 15, 20, 0),
        ));
        apps.push(app(
            "f-next-year",
            Stream::ItVfx,
            Profile::Francization,
            mtl(2024, 6, 1, 9, 0, 0),
        ));
        apps.push(app(
            "r-after",
            Stream::ItVfx,
            Profile::Regular,
            mtl(2023, 12, 2, 9, 0, 0),
        ));
        let r = decide(def(), &apps).unwrap();
        let cap = r
            .cap(CapScope::sub_cap(Stream::ItVfx, Profile::Francization))
            .unwrap();
        assert_eq!(
            cap.filled_at,
            Some(Utc.with_ymd_and_hms(2023, 12, 1, 20, 19, 0).unwrap())
        );
        let filled = mtl(2023, 12, 1, 15, 19, 0);
        for id in ["f-after", "f-next-year"] {
            assert_eq!(
                outcome(&r, id),
                &Outcome::NotReceived {
                    reason: NotReceivedReason::CapReached {
                        cap: CapScope::sub_cap(Stream::ItVfx, Profile::Francization),
                        limit: 200,
                        filled_at: filled
                    }
                }
            );
        }
        // The regular profile of the same stream is still open.
        assert!(outcome(&r, "r-after").is_received());
        assert!(
            r.cap(CapScope::stream(Stream::ItVfx))
                .unwrap()
                .filled_at
                .is_none()
        );
    }

    #[test]
    fn i5_each_received_application_gets_an_acknowledgement_in_rank_order() {
        let apps = vec![
            app("b", Stream::Ai, Profile::Regular, mtl(2024, 2, 1, 10, 0, 0)),
            app(
                "a",
                Stream::ItVfx,
                Profile::Regular,
                mtl(2024, 1, 31, 23, 30, 0),
            ),
            app("z", Stream::Ai, Profile::Regular, mtl(2025, 2, 1, 10, 0, 0)),
        ];
        let r = decide(def(), &apps).unwrap();
        let ack = |id: &str| match outcome(&r, id) {
            Outcome::Received { acknowledgement } => Some(acknowledgement.clone()),
            Outcome::NotReceived { .. } => None,
        };
        let a = ack("a").unwrap();
        assert_eq!(
            (a.rank, a.received_on),
            (1, NaiveDate::from_ymd_opt(2024, 1, 31).unwrap())
        );
        assert_eq!(ack("b").unwrap().rank, 2);
        assert_eq!(ack("z"), None);
    }

    #[test]
    fn f6_a_representative_gives_no_priority() {
        let start = mtl(2023, 11, 23, 9, 0, 0);
        let mut apps = batch("f", 99, Stream::Ai, Profile::Francization, start);
        apps.push(app(
            "plain",
            Stream::Ai,
            Profile::Francization,
            mtl(2024, 1, 5, 9, 0, 0),
        ));
        let mut rep = app(
            "represented",
            Stream::Ai,
            Profile::Francization,
            mtl(2024, 1, 5, 9, 0, 1),
        );
        rep.represented = true;
        apps.push(rep);
        let r = decide(def(), &apps).unwrap();
        assert!(outcome(&r, "plain").is_received());
        assert!(!outcome(&r, "represented").is_received());
    }

    #[test]
    fn duplicate_ids_are_refused() {
        let t = mtl(2024, 1, 5, 9, 0, 0);
        let apps = vec![
            app("x", Stream::Ai, Profile::Regular, t),
            app("x", Stream::Ai, Profile::Regular, t),
        ];
        assert_eq!(
            decide(def(), &apps),
            Err(IntakeError::DuplicateId("x".into()))
        );
    }

    #[test]
    fn p5_changing_a_cap_in_the_definition_changes_intake() {
        let text = crate::definition::BUILTIN_TOML.replace(
            "stream = \"ai\"\nprofile = \"francization\"\nlimit = 100",
            "stream = \"ai\"\nprofile = \"francization\"\nlimit = 3",
        );
        assert_ne!(text, crate::definition::BUILTIN_TOML);
        let small = ProgramDefinition::from_toml_str("modified.toml", &text).unwrap();
        let apps = batch(
            "f",
            5,
            Stream::Ai,
            Profile::Francization,
            mtl(2024, 1, 5, 9, 0, 0),
        );
        assert_eq!(decide(def(), &apps).unwrap().received_count(), 5);
        let r = decide(&small, &apps).unwrap();
        assert_eq!(r.received_count(), 3);
        assert!(!outcome(&r, "f-0003").is_received());
    }

    // ---- properties ----

    fn arb_app(i: usize) -> impl Strategy<Value = Application> {
        // Receipt times spread over the window and a little beyond; a small range of
        // seconds makes same-second ties frequent.
        (
            prop::bool::ANY,
            prop::bool::ANY,
            -3i64..420,
            0i64..4,
            0u32..1_000_000_000,
        )
            .prop_map(move |(ai, fr, day, sec, nanos)| {
                let at = mtl(2023, 11, 23, 0, 0, 0)
                    + Duration::days(day)
                    + Duration::seconds(sec)
                    + Duration::nanoseconds(i64::from(nanos));
                app(
                    &format!("app-{i:04}"),
                    if ai { Stream::Ai } else { Stream::ItVfx },
                    if fr {
                        Profile::Francization
                    } else {
                        Profile::Regular
                    },
                    at,
                )
            })
    }

    fn arb_apps() -> impl Strategy<Value = Vec<Application>> {
        (0usize..80).prop_flat_map(|n| (0..n).map(arb_app).collect::<Vec<_>>())
    }

    /// A definition with small caps so that random inputs reach them.
    fn small_def() -> ProgramDefinition {
        let text = crate::definition::BUILTIN_TOML
            .replace("limit = 700", "limit = 30")
            .replace(
                "limit = 200\n\n[[caps]]\nstream = \"ai\"",
                "limit = 20\n\n[[caps]]\nstream = \"ai\"",
            )
            .replace("limit = 100", "limit = 8")
            .replace("limit = 500", "limit = 18")
            .replace(
                "profile = \"francization\"\nlimit = 200",
                "profile = \"francization\"\nlimit = 6",
            );
        let def = ProgramDefinition::from_toml_str("small.toml", &text).unwrap();
        assert_eq!(
            def.caps.iter().map(|c| c.limit).collect::<Vec<_>>(),
            [30, 20, 8, 18, 6]
        );
        def
    }

    proptest! {
        #[test]
        fn i2_never_more_received_than_any_cap(apps in arb_apps()) {
            let def = small_def();
            let r = decide(&def, &apps).unwrap();
            for cap in &def.caps {
                let n = r.decisions.iter()
                    .filter(|d| d.outcome.is_received() && cap.scope.covers(d.application.stream, d.application.profile))
                    .count();
                prop_assert!(n <= cap.limit as usize, "{} received {} > {}", cap.scope, n, cap.limit);
                prop_assert_eq!(r.cap(cap.scope).unwrap().received as usize, n);
            }
        }

        #[test]
        fn i3_receipt_order_decides(apps in arb_apps()) {
            let def = small_def();
            let r = decide(&def, &apps).unwrap();
            // Decisions come in receipt order, and an application refused for a cap found
            // that cap full with applications received no later than itself.
            for w in r.decisions.windows(2) {
                prop_assert!(receipt_key(&w[0].application) < receipt_key(&w[1].application));
            }
            for (i, d) in r.decisions.iter().enumerate() {
                if let Outcome::NotReceived { reason: NotReceivedReason::CapReached { cap, limit, filled_at } } = &d.outcome {
                    let earlier = r.decisions[..i].iter()
                        .filter(|e| e.outcome.is_received() && cap.covers(e.application.stream, e.application.profile))
                        .count();
                    prop_assert_eq!(earlier, *limit as usize);
                    prop_assert!(*filled_at <= d.application.received_at);
                }
                // Every later application of the same stream and profile inside the window
                // is refused too once one was refused for a cap.
                if matches!(d.outcome, Outcome::NotReceived { reason: NotReceivedReason::CapReached { .. } }) {
                    for later in &r.decisions[i + 1..] {
                        let same = later.application.stream == d.application.stream
                            && later.application.profile == d.application.profile;
                        prop_assert!(!(same && later.outcome.is_received()), "{} received after {} was refused", later.application.id, d.application.id);
                    }
                }
            }
        }

        #[test]
        fn i3_same_outcome_whatever_the_input_order(apps in arb_apps(), seed in any::<u64>()) {
            let def = small_def();
            let mut shuffled = apps.clone();
            // Fisher–Yates with a simple LCG seeded by proptest.
            let mut s = seed;
            for i in (1..shuffled.len()).rev() {
                s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                shuffled.swap(i, (s >> 33) as usize % (i + 1));
            }
            prop_assert_eq!(decide(&def, &apps).unwrap(), decide(&def, &shuffled).unwrap());
        }
    }
}
