//! Which applications are received (I1–I4), decided as a replay: every application
//! recorded so far and the new one, sorted by receipt time, through
//! `program::intake::decide`. Bundles may arrive in any order; the outcomes are always
//! those of that replay. When a bundle received earlier arrives after later ones were
//! decided, the replay may change a recorded outcome: those changes are returned as
//! [`Revision`]s, which the caller records and reports (never silently).

use program::ProgramDefinition;
use program::intake::{Application, IntakeError, NotReceivedReason, Outcome};

/// An application already recorded, with the outcome recorded for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    pub application: Application,
    pub outcome: Outcome,
    /// Decided, and kept in its place when a late arrival would take it: never revised.
    pub held: bool,
}

/// A recorded outcome the replay changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    pub application: Application,
    pub before: Outcome,
    pub after: Outcome,
}

/// The new application's outcome, and the recorded outcomes it changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replayed {
    pub outcome: Outcome,
    pub revisions: Vec<Revision>,
}

/// Whether two outcomes say the same thing to the applicant: received or not, and why
/// not (the cap and since when). A receipt's rank is not part of it: it counts the
/// applications received before, which a late arrival moves without changing anything
/// the applicant was told.
pub fn same(a: &Outcome, b: &Outcome) -> bool {
    match (a, b) {
        (Outcome::Received { acknowledgement: x }, Outcome::Received { acknowledgement: y }) => {
            x.received_at == y.received_at && x.application == y.application
        }
        (Outcome::NotReceived { reason: x }, Outcome::NotReceived { reason: y }) => x == y,
        _ => false,
    }
}

/// Decides `new` against everything `recorded`, in receipt order.
pub fn replay(
    def: &ProgramDefinition,
    recorded: &[Recorded],
    new: &Application,
) -> Result<Replayed, IntakeError> {
    let mut all: Vec<Application> = recorded.iter().map(|r| r.application.clone()).collect();
    all.push(new.clone());
    let report = program::intake::decide(def, &all)?;
    let mut outcome = None;
    let mut revisions = Vec::new();
    let by_id: std::collections::HashMap<_, _> = recorded
        .iter()
        .map(|r| (&r.application.id, &r.outcome))
        .collect();
    for d in report.decisions {
        if d.application.id == new.id {
            outcome = Some(d.outcome);
        } else if let Some(before) = by_id.get(&d.application.id)
            && !same(before, &d.outcome)
        {
            revisions.push(Revision {
                application: d.application,
                before: (*before).clone(),
                after: d.outcome,
            });
        }
    }
    Ok(Replayed {
        // `decide` returns a decision for every application it was given.
        outcome: outcome.unwrap_or(Outcome::NotReceived {
            reason: NotReceivedReason::StreamNotOffered,
        }),
        revisions,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, Duration, TimeZone, Utc};
    use program::{ApplicationId, Profile, Stream};

    fn app(id: &str, at: DateTime<Utc>) -> Application {
        Application {
            id: ApplicationId(id.to_owned()),
            stream: Stream::Ai,
            profile: Profile::Francization,
            received_at: at,
            represented: false,
        }
    }

    /// Records applications one at a time in the given order, applying revisions.
    fn record_in_order(def: &ProgramDefinition, apps: &[Application]) -> Vec<Recorded> {
        let mut recorded: Vec<Recorded> = Vec::new();
        for a in apps {
            let r = replay(def, &recorded, a).unwrap();
            for rev in r.revisions {
                let slot = recorded
                    .iter_mut()
                    .find(|x| x.application.id == rev.application.id)
                    .unwrap();
                assert!(same(&slot.outcome, &rev.before));
                slot.outcome = rev.after;
            }
            recorded.push(Recorded {
                application: a.clone(),
                outcome: r.outcome,
                held: false,
            });
        }
        recorded
    }

    #[test]
    fn any_arrival_order_ends_with_the_outcomes_of_the_receipt_ordered_replay() {
        let def = ProgramDefinition::builtin();
        let start = Utc.with_ymd_and_hms(2023, 11, 24, 15, 0, 0).unwrap();
        // 120 applications for the AI francization sub-cap of 100.
        let apps: Vec<Application> = (0..120)
            .map(|i| app(&format!("A{i:03}"), start + Duration::minutes(i)))
            .collect();
        let expected = program::intake::decide(def, &apps).unwrap();
        let mut shuffled = apps.clone();
        // A deterministic shuffle: the latest first, then every seventh.
        shuffled.sort_by_key(|a| (a.id.0.as_bytes()[3] % 7, std::cmp::Reverse(a.id.clone())));
        let recorded = record_in_order(def, &shuffled);
        for d in &expected.decisions {
            let r = recorded
                .iter()
                .find(|r| r.application.id == d.application.id)
                .unwrap();
            assert!(same(&r.outcome, &d.outcome), "{}", d.application.id.0);
        }
    }

    #[test]
    fn a_late_earlier_application_takes_the_last_place_and_the_change_is_returned() {
        let def = ProgramDefinition::builtin();
        let start = Utc.with_ymd_and_hms(2023, 11, 24, 15, 0, 0).unwrap();
        let apps: Vec<Application> = (0..100)
            .map(|i| app(&format!("B{i:03}"), start + Duration::minutes(i + 1)))
            .collect();
        let recorded = record_in_order(def, &apps);
        assert!(recorded.iter().all(|r| r.outcome.is_received()));
        let late = app("LATE", start);
        let r = replay(def, &recorded, &late).unwrap();
        assert!(r.outcome.is_received());
        assert_eq!(r.revisions.len(), 1);
        assert_eq!(r.revisions[0].application.id.0, "B099");
        assert!(r.revisions[0].before.is_received());
        assert!(!r.revisions[0].after.is_received());
    }
}
