//! The attestation of learning about democratic values and Québec values (V1–V5): who must
//! obtain it when a request is sent (ages from dates of birth on that day), who is exempt
//! and why, the deadline, and whether the file is complete, pending or late.
//!
//! Assumptions: ages are taken on the day the request is sent (V2). A member added after
//! submission (V5) follows V5's threshold (18 and over, whatever the role) and its two
//! exemptions; members on the original application follow V2.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;
use ts_rs::TS;

use crate::deadline::Deadline;
use crate::definition::ProgramDefinition;
use crate::family::age_on;
use crate::model::{PersonKey, PersonRole};

/// A person on the file, with what the attestation rules need to know.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct AttestationPerson {
    pub key: PersonKey,
    pub role: PersonRole,
    pub date_of_birth: NaiveDate,
    /// V3: already holds an attestation.
    #[serde(default)]
    pub holds_attestation: bool,
    /// V5: added to the application after it was submitted.
    #[serde(default)]
    pub added_after_submission: bool,
    /// V5: holds a valid study or work permit and attended the Objectif Intégration session.
    #[serde(default)]
    pub permit_and_objectif_integration: bool,
    /// V5: exempt by regulation.
    #[serde(default)]
    pub exempt_by_regulation: bool,
}

/// Why a person does not have to obtain the attestation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "exemption", rename_all = "snake_case")]
pub enum Exemption {
    /// V3.
    AlreadyHolds,
    /// V2, V5: younger than the age from which the attestation is required.
    UnderAge { min_age: u32 },
    /// V5.
    PermitAndObjectifIntegration,
    /// V5.
    ExemptByRegulation,
}

/// Whether a person must obtain the attestation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "duty", rename_all = "snake_case")]
pub enum Duty {
    MustObtain,
    Exempt {
        #[serde(flatten)]
        exemption: Exemption,
    },
}

/// One person's duty, with their age on the day of the request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PersonDuty {
    pub key: PersonKey,
    pub role: PersonRole,
    pub age: u32,
    #[serde(flatten)]
    pub duty: Duty,
}

/// V1, V5: an attestation request: who must obtain it and by when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AttestationRequest {
    pub persons: Vec<PersonDuty>,
    pub deadline: Deadline,
}

impl AttestationRequest {
    /// The persons who must obtain the attestation.
    pub fn must_obtain(&self) -> impl Iterator<Item = &PersonKey> {
        self.persons
            .iter()
            .filter(|p| p.duty == Duty::MustObtain)
            .map(|p| &p.key)
    }

    /// V3: a request is only sent when someone must obtain the attestation.
    pub fn is_needed(&self) -> bool {
        self.must_obtain().next().is_some()
    }
}

/// V2, V3, V5: the duty of `person` on `on`.
pub fn duty_of(def: &ProgramDefinition, person: &AttestationPerson, on: NaiveDate) -> Duty {
    let ages = &def.attestation;
    let age = age_on(person.date_of_birth, on);
    let exempt = |exemption| Duty::Exempt { exemption };
    if person.holds_attestation {
        return exempt(Exemption::AlreadyHolds);
    }
    let min_age = if person.added_after_submission && person.role != PersonRole::PrincipalApplicant
    {
        ages.added_member_min_age
    } else {
        match person.role {
            PersonRole::PrincipalApplicant => 0,
            PersonRole::Spouse => ages.spouse_min_age,
            PersonRole::DependentChild => ages.child_min_age,
        }
    };
    if age < min_age {
        return exempt(Exemption::UnderAge { min_age });
    }
    if person.added_after_submission {
        if person.permit_and_objectif_integration {
            return exempt(Exemption::PermitAndObjectifIntegration);
        }
        if person.exempt_by_regulation {
            return exempt(Exemption::ExemptByRegulation);
        }
    }
    Duty::MustObtain
}

/// V1–V3: the request sent on `sent_on` to the persons on the file. Its deadline is the
/// definition's `attestation_days` (60 in PP AI/IT-VE).
pub fn attestation_request(
    def: &ProgramDefinition,
    persons: &[AttestationPerson],
    sent_on: NaiveDate,
) -> AttestationRequest {
    request(def, persons, sent_on, def.deadlines.attestation_days)
}

/// V5: the request sent on `sent_on` to members added after submission; its deadline is
/// the definition's `added_member_attestation_days`.
pub fn added_member_attestation_request(
    def: &ProgramDefinition,
    added: &[AttestationPerson],
    sent_on: NaiveDate,
) -> AttestationRequest {
    request(
        def,
        added,
        sent_on,
        def.deadlines.added_member_attestation_days,
    )
}

fn request(
    def: &ProgramDefinition,
    persons: &[AttestationPerson],
    sent_on: NaiveDate,
    days: u32,
) -> AttestationRequest {
    AttestationRequest {
        persons: persons
            .iter()
            .map(|p| PersonDuty {
                key: p.key.clone(),
                role: p.role,
                age: age_on(p.date_of_birth, sent_on),
                duty: duty_of(def, p, sent_on),
            })
            .collect(),
        deadline: Deadline::from_day(sent_on, days),
    }
}

/// Where a request stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum AttestationStatus {
    /// Everyone who had to obtain it did.
    Complete,
    /// Some have not yet; the deadline has not passed.
    Pending { outstanding: Vec<PersonKey> },
    /// V4: the deadline passed with some still without it: the application is rejected.
    Late { outstanding: Vec<PersonKey> },
}

/// V4: the standing of `request` at `now`, given who has obtained the attestation
/// (`obtained_at`: when each person obtained it; one obtained after the deadline is late).
pub fn attestation_status(
    request: &AttestationRequest,
    obtained_at: &[(PersonKey, DateTime<Utc>)],
    now: DateTime<Utc>,
) -> AttestationStatus {
    let outstanding: Vec<PersonKey> = request
        .must_obtain()
        .filter(|k| {
            !obtained_at
                .iter()
                .any(|(who, at)| who == *k && *at < request.deadline.ends_at && *at <= now)
        })
        .cloned()
        .collect();
    if outstanding.is_empty() {
        AttestationStatus::Complete
    } else if request.deadline.has_passed(now) {
        AttestationStatus::Late { outstanding }
    } else {
        AttestationStatus::Pending { outstanding }
    }
}

/// An attestation input that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum AttestationError {
    #[error("person `{0}` appears more than once; give each person their own key")]
    DuplicatePerson(PersonKey),
}

/// Checks that each person appears once.
pub fn check_persons(persons: &[AttestationPerson]) -> Result<(), AttestationError> {
    for (i, p) in persons.iter().enumerate() {
        if persons[..i].iter().any(|o| o.key == p.key) {
            return Err(AttestationError::DuplicatePerson(p.key.clone()));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn def() -> &'static ProgramDefinition {
        ProgramDefinition::builtin()
    }

    fn person(key: &str, role: PersonRole, dob: &str) -> AttestationPerson {
        AttestationPerson {
            key: key.into(),
            role,
            date_of_birth: day(dob),
            holds_attestation: false,
            added_after_submission: false,
            permit_and_objectif_integration: false,
            exempt_by_regulation: false,
        }
    }

    fn duties(r: &AttestationRequest) -> Vec<(&str, u32, Duty)> {
        r.persons
            .iter()
            .map(|p| (p.key.as_str(), p.age, p.duty))
            .collect()
    }

    const UNDER_16: Duty = Duty::Exempt {
        exemption: Exemption::UnderAge { min_age: 16 },
    };
    const UNDER_18: Duty = Duty::Exempt {
        exemption: Exemption::UnderAge { min_age: 18 },
    };

    #[test]
    fn v1_request_gives_60_days() {
        let r = attestation_request(
            def(),
            &[person("pa", PersonRole::PrincipalApplicant, "1985-03-03")],
            day("2024-10-01"),
        );
        assert!(r.is_needed());
        assert_eq!(r.deadline.sent_on, day("2024-10-01"));
        assert_eq!(r.deadline.last_day, day("2024-11-30"));
        // After the 2024-11-03 change back to EST: ends 2024-12-01 00:00 EST = 05:00 UTC.
        assert_eq!(
            r.deadline.ends_at,
            Utc.with_ymd_and_hms(2024, 12, 1, 5, 0, 0).unwrap()
        );
    }

    #[test]
    fn v2_principal_spouse_16_plus_children_18_plus_ages_on_request_date() {
        let persons = [
            person("pa", PersonRole::PrincipalApplicant, "1985-03-03"),
            person("sp", PersonRole::Spouse, "2008-06-01"), // 16 on 2024-06-01
            person("c18", PersonRole::DependentChild, "2006-06-01"), // 18 that day
            person("c17", PersonRole::DependentChild, "2006-06-02"), // 17, turns 18 the next day
        ];
        let r = attestation_request(def(), &persons, day("2024-06-01"));
        assert_eq!(
            duties(&r),
            [
                ("pa", 39, Duty::MustObtain),
                ("sp", 16, Duty::MustObtain),
                ("c18", 18, Duty::MustObtain),
                ("c17", 17, UNDER_18),
            ]
        );
        let r = attestation_request(def(), &persons[1..2], day("2024-05-31"));
        assert_eq!(duties(&r), [("sp", 15, UNDER_16)]);
    }

    #[test]
    fn v3_no_request_to_those_who_already_hold_it() {
        let mut pa = person("pa", PersonRole::PrincipalApplicant, "1985-03-03");
        pa.holds_attestation = true;
        let mut sp = person("sp", PersonRole::Spouse, "1986-01-01");
        sp.holds_attestation = true;
        let child = person("c", PersonRole::DependentChild, "2015-01-01");
        let r = attestation_request(def(), &[pa, sp, child], day("2024-06-01"));
        assert_eq!(
            r.persons[0].duty,
            Duty::Exempt {
                exemption: Exemption::AlreadyHolds
            }
        );
        assert!(
            !r.is_needed(),
            "no request when the whole family holds it or is exempt"
        );
    }

    #[test]
    fn v4_not_obtained_by_everyone_within_60_days_is_late() {
        let persons = [
            person("pa", PersonRole::PrincipalApplicant, "1985-03-03"),
            person("sp", PersonRole::Spouse, "1987-01-01"),
        ];
        let r = attestation_request(def(), &persons, day("2024-02-15"));
        assert_eq!(r.deadline.last_day, day("2024-04-15"));
        let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        let pa_done = ("pa".into(), at("2024-03-01T14:00:00Z"));
        assert_eq!(
            attestation_status(
                &r,
                std::slice::from_ref(&pa_done),
                at("2024-04-15T23:00:00Z")
            ),
            AttestationStatus::Pending {
                outstanding: vec!["sp".into()]
            }
        );
        // 2024-04-16 00:00 EDT = 04:00 UTC: late.
        assert_eq!(
            attestation_status(
                &r,
                std::slice::from_ref(&pa_done),
                at("2024-04-16T04:00:00Z")
            ),
            AttestationStatus::Late {
                outstanding: vec!["sp".into()]
            }
        );
        // The spouse obtained it on the last day, at 23:59 EDT: complete.
        let sp_done = ("sp".into(), at("2024-04-16T03:59:00Z"));
        assert_eq!(
            attestation_status(&r, &[pa_done.clone(), sp_done], at("2024-05-01T12:00:00Z")),
            AttestationStatus::Complete
        );
        // Obtained after the deadline: still late.
        let sp_late = ("sp".into(), at("2024-04-16T04:00:01Z"));
        assert!(matches!(
            attestation_status(&r, &[pa_done, sp_late], at("2024-05-01T12:00:00Z")),
            AttestationStatus::Late { .. }
        ));
    }

    #[test]
    fn v5_added_members_18_plus_have_60_days_unless_exempt() {
        let mut adult = person("c", PersonRole::DependentChild, "2005-09-09");
        adult.added_after_submission = true;
        let mut permit = person("sp", PersonRole::Spouse, "1990-01-01");
        permit.added_after_submission = true;
        permit.permit_and_objectif_integration = true;
        let mut reg = person("sp2", PersonRole::Spouse, "1990-01-01");
        reg.added_after_submission = true;
        reg.exempt_by_regulation = true;
        let mut young_spouse = person("sp3", PersonRole::Spouse, "2007-01-01"); // 17
        young_spouse.added_after_submission = true;
        let r = added_member_attestation_request(
            def(),
            &[adult, permit, reg, young_spouse],
            day("2024-09-01"),
        );
        assert_eq!(
            duties(&r),
            [
                ("c", 18, Duty::MustObtain),
                (
                    "sp",
                    34,
                    Duty::Exempt {
                        exemption: Exemption::PermitAndObjectifIntegration
                    }
                ),
                (
                    "sp2",
                    34,
                    Duty::Exempt {
                        exemption: Exemption::ExemptByRegulation
                    }
                ),
                ("sp3", 17, UNDER_18),
            ]
        );
        assert_eq!(r.deadline.last_day, day("2024-10-31"));
        // The V5 exemptions do not apply to members of the original application.
        let mut original = person("o", PersonRole::Spouse, "1990-01-01");
        original.permit_and_objectif_integration = true;
        assert_eq!(
            duty_of(def(), &original, day("2024-09-01")),
            Duty::MustObtain
        );
    }

    #[test]
    fn v2_ages_come_from_the_definition() {
        let text =
            crate::definition::BUILTIN_TOML.replace("spouse_min_age = 16", "spouse_min_age = 18");
        let changed = ProgramDefinition::from_toml_str("m.toml", &text).unwrap();
        let sp = person("sp", PersonRole::Spouse, "2007-06-01");
        assert_eq!(duty_of(def(), &sp, day("2024-06-01")), Duty::MustObtain);
        assert_eq!(duty_of(&changed, &sp, day("2024-06-01")), UNDER_18);
    }

    #[test]
    fn duplicate_persons_are_refused() {
        let p = person("pa", PersonRole::PrincipalApplicant, "1985-03-03");
        assert_eq!(
            check_persons(&[p.clone(), p]),
            Err(AttestationError::DuplicatePerson("pa".into()))
        );
    }
}
