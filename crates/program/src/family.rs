//! The family on a file (F5) and changes to it after submission (M1–M5): who may be on a
//! file, ages from dates of birth, what adding a spouse or a child requires (form, documents,
//! consent form for a minor with one parent, fee), that removing a member refunds nothing,
//! and that after the CSQ a change is only a supervised amendment.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use thiserror::Error;
use ts_rs::TS;

use crate::admissibility::{RequiredItem, items_for_file, items_for_person};
use crate::definition::ProgramDefinition;
use crate::fees::{FeeError, RefundOccasion, added_member_fee, refund_due};
use crate::model::{CaseStatus, PersonKey, PersonRole, Stream};
use crate::money::Cad;
use vocab::Text;

/// The age of majority in Québec (M3: a child "under 18" is a minor).
pub const AGE_OF_MAJORITY: u32 = 18;

/// A person on a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct FamilyMember {
    pub key: PersonKey,
    pub role: PersonRole,
    pub date_of_birth: NaiveDate,
    /// For a dependent child: both parents come with the child (M3). When false, a child
    /// under 18 needs the non-accompanying parent's consent form.
    #[serde(default)]
    pub both_parents_accompany: bool,
}

impl FamilyMember {
    /// The age in whole years on `date`.
    pub fn age_on(&self, date: NaiveDate) -> u32 {
        age_on(self.date_of_birth, date)
    }

    /// M3: a child under 18 on `date` who comes with one parent only.
    pub fn is_minor_with_one_parent(&self, date: NaiveDate) -> bool {
        self.role == PersonRole::DependentChild
            && self.age_on(date) < AGE_OF_MAJORITY
            && !self.both_parents_accompany
    }
}

/// The age in whole years on `date` of a person born on `date_of_birth` (0 before birth).
/// A person born on February 29 turns a year older on March 1 in common years.
pub fn age_on(date_of_birth: NaiveDate, date: NaiveDate) -> u32 {
    if date < date_of_birth {
        return 0;
    }
    let mut years = date.year() - date_of_birth.year();
    if (date.month(), date.day()) < (date_of_birth.month(), date_of_birth.day()) {
        years -= 1;
    }
    u32::try_from(years).unwrap_or(0)
}

/// A family that the rules do not allow (F5).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum FamilyError {
    #[error("the file has {0} principal applicants; it must have exactly one")]
    PrincipalCount(usize),
    #[error(
        "the file has {0} spouses; at most one spouse or de facto spouse can accompany the applicant"
    )]
    SpouseCount(usize),
    #[error("person `{0}` appears more than once; give each person their own key")]
    DuplicatePerson(PersonKey),
    #[error("person `{key}` is born on {date_of_birth}, after {on}; check the date of birth")]
    BornAfter {
        key: PersonKey,
        date_of_birth: NaiveDate,
        on: NaiveDate,
    },
}

/// F5: checks that `members` is a possible family on `on`: one principal applicant, at
/// most one spouse, any number of dependent children, everyone born.
pub fn validate_family(members: &[FamilyMember], on: NaiveDate) -> Result<(), FamilyError> {
    let count = |role| members.iter().filter(|m| m.role == role).count();
    let principals = count(PersonRole::PrincipalApplicant);
    if principals != 1 {
        return Err(FamilyError::PrincipalCount(principals));
    }
    let spouses = count(PersonRole::Spouse);
    if spouses > 1 {
        return Err(FamilyError::SpouseCount(spouses));
    }
    for (i, m) in members.iter().enumerate() {
        if members[..i].iter().any(|o| o.key == m.key) {
            return Err(FamilyError::DuplicatePerson(m.key.clone()));
        }
        if m.date_of_birth > on {
            return Err(FamilyError::BornAfter {
                key: m.key.clone(),
                date_of_birth: m.date_of_birth,
                on,
            });
        }
    }
    Ok(())
}

/// A change to the family after submission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum FamilyChange {
    /// M1.
    AddSpouse { member: FamilyMember },
    /// M2 (and M3 for a minor with one parent).
    AddChild { member: FamilyMember },
    /// M4.
    Remove { key: PersonKey },
}

/// What a family change requires of the applicant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ChangeRequirements {
    /// $4: the added member's fee.
    pub additional_fee: Cad,
    /// $3, M4: always zero.
    pub refund: Cad,
    /// The checklist items to provide for the change.
    pub items: Vec<RequiredItem>,
    /// M1: a new application form filled in and signed by both spouses.
    pub new_form_signed_by_both: bool,
}

/// A family change that cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum FamilyChangeError {
    #[error(
        "a CSQ was issued: the change goes through the customer contact centre and is recorded as a supervised amendment (M5)"
    )]
    AfterCsq,
    #[error("the file is {0}: its family can no longer be changed")]
    FileClosed(CaseStatus),
    #[error("a {0} cannot be added with this change; use add_spouse or add_child")]
    WrongRole(PersonRole),
    #[error("the principal applicant cannot be removed from the file")]
    RemovePrincipal,
    #[error("person `{0}` is not on the file")]
    UnknownPerson(PersonKey),
    #[error(transparent)]
    Family(#[from] FamilyError),
    #[error(transparent)]
    Fee(#[from] FeeError),
}

impl FamilyError {
    /// Why, in French and English, for the person who recorded the family.
    pub fn reason(&self) -> Text {
        match self {
            FamilyError::PrincipalCount(n) => Text::new("rule-principal-count").with("n", *n),
            FamilyError::SpouseCount(n) => Text::new("rule-spouse-count").with("n", *n),
            FamilyError::DuplicatePerson(_) => {
                Text::new("rule-person-appears-twice-on-file-each-person")
            }
            FamilyError::BornAfter {
                date_of_birth, on, ..
            } => Text::new("rule-born-after")
                .with("date_of_birth", *date_of_birth)
                .with("on", *on),
        }
    }
}

impl FamilyChangeError {
    /// Why the change cannot be made, in French and English, for the person who tried it.
    pub fn reason(&self) -> Text {
        match self {
            FamilyChangeError::AfterCsq => {
                Text::new("rule-csq-was-issued-change-goes-through-customer")
            }
            FamilyChangeError::FileClosed(_) => {
                Text::new("rule-decision-final-files-family-can-no-longer")
            }
            FamilyChangeError::WrongRole(_) => {
                Text::new("rule-only-spouse-or-child-can-added-file")
            }
            FamilyChangeError::RemovePrincipal => {
                Text::new("rule-principal-applicant-cannot-removed-from-file")
            }
            FamilyChangeError::UnknownPerson(_) => {
                Text::new("rule-this-person-not-on-file-reload-file")
            }
            FamilyChangeError::Family(e) => e.reason(),
            FamilyChangeError::Fee(e) => e.reason(),
        }
    }
}

/// M5: whether the file's family may change in the ordinary way in `status`.
pub fn check_family_changeable(status: CaseStatus) -> Result<(), FamilyChangeError> {
    match status {
        CaseStatus::Selected => Err(FamilyChangeError::AfterCsq),
        CaseStatus::Refused | CaseStatus::Rejected | CaseStatus::AdministrativeReview => {
            Err(FamilyChangeError::FileClosed(status))
        }
        _ => Ok(()),
    }
}

/// M1–M5: what `change`, received on `on`, requires of a file of `stream` in `status`
/// whose family is `family`.
pub fn check_family_change(
    def: &ProgramDefinition,
    stream: Stream,
    status: CaseStatus,
    family: &[FamilyMember],
    change: &FamilyChange,
    on: NaiveDate,
) -> Result<ChangeRequirements, FamilyChangeError> {
    check_family_changeable(status)?;
    match change {
        FamilyChange::AddSpouse { member } | FamilyChange::AddChild { member } => {
            let expected = match change {
                FamilyChange::AddSpouse { .. } => PersonRole::Spouse,
                _ => PersonRole::DependentChild,
            };
            if member.role != expected {
                return Err(FamilyChangeError::WrongRole(member.role));
            }
            let mut after = family.to_vec();
            after.push(member.clone());
            validate_family(&after, on)?;
            let spouse = expected == PersonRole::Spouse;
            let mut items = Vec::new();
            if spouse {
                // M1: a new application form, filled in and signed by both.
                items.extend(
                    items_for_file(def, stream, false)
                        .into_iter()
                        .filter(|i| i.is_form()),
                );
            }
            items.extend(items_for_person(def, stream, member, on));
            Ok(ChangeRequirements {
                additional_fee: added_member_fee(def, on, expected)?,
                refund: Cad::ZERO,
                items,
                new_form_signed_by_both: spouse,
            })
        }
        FamilyChange::Remove { key } => {
            let member = family
                .iter()
                .find(|m| &m.key == key)
                .ok_or_else(|| FamilyChangeError::UnknownPerson(key.clone()))?;
            if member.role == PersonRole::PrincipalApplicant {
                return Err(FamilyChangeError::RemovePrincipal);
            }
            Ok(ChangeRequirements {
                additional_fee: Cad::ZERO,
                refund: refund_due(RefundOccasion::MemberRemoved),
                items: Vec::new(),
                new_form_signed_by_both: false,
            })
        }
    }
}

/// F6: who receives the file's correspondence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Recipient {
    Applicant,
    Representative,
}

/// F6: correspondence goes to the applicant, and to the representative too when one is
/// linked to the file.
pub fn correspondence_recipients(represented: bool) -> Vec<Recipient> {
    if represented {
        vec![Recipient::Applicant, Recipient::Representative]
    } else {
        vec![Recipient::Applicant]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ChecklistCode;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn member(key: &str, role: PersonRole, dob: &str) -> FamilyMember {
        FamilyMember {
            key: key.into(),
            role,
            date_of_birth: day(dob),
            both_parents_accompany: false,
        }
    }

    fn def() -> &'static ProgramDefinition {
        ProgramDefinition::builtin()
    }

    fn codes(r: &ChangeRequirements) -> Vec<(&str, Option<&str>)> {
        r.items
            .iter()
            .map(|i| (i.code.as_str(), i.person.as_ref().map(PersonKey::as_str)))
            .collect()
    }

    fn principal_only() -> Vec<FamilyMember> {
        vec![member("pa", PersonRole::PrincipalApplicant, "1990-05-01")]
    }

    #[test]
    fn f5_family_is_one_principal_at_most_one_spouse_and_children() {
        let on = day("2024-03-01");
        let mut fam = vec![
            member("pa", PersonRole::PrincipalApplicant, "1990-05-01"),
            member("sp", PersonRole::Spouse, "1991-01-01"),
            member("c1", PersonRole::DependentChild, "2015-01-01"),
            member("c2", PersonRole::DependentChild, "2018-01-01"),
        ];
        assert_eq!(validate_family(&fam, on), Ok(()));
        fam.push(member("sp2", PersonRole::Spouse, "1992-01-01"));
        assert_eq!(validate_family(&fam, on), Err(FamilyError::SpouseCount(2)));
        fam.pop();
        fam.push(member("c1", PersonRole::DependentChild, "2019-01-01"));
        assert_eq!(
            validate_family(&fam, on),
            Err(FamilyError::DuplicatePerson("c1".into()))
        );
        assert_eq!(
            validate_family(&fam[1..2], on),
            Err(FamilyError::PrincipalCount(0))
        );
        let unborn = [member("pa", PersonRole::PrincipalApplicant, "2024-03-02")];
        assert!(matches!(
            validate_family(&unborn, on),
            Err(FamilyError::BornAfter { .. })
        ));
    }

    #[test]
    fn ages_from_dates_of_birth() {
        assert_eq!(age_on(day("2006-05-01"), day("2024-04-30")), 17);
        assert_eq!(age_on(day("2006-05-01"), day("2024-05-01")), 18);
        assert_eq!(age_on(day("2008-02-29"), day("2024-02-28")), 15);
        assert_eq!(age_on(day("2008-02-29"), day("2024-02-29")), 16);
        assert_eq!(age_on(day("2008-02-29"), day("2025-02-28")), 16);
        assert_eq!(age_on(day("2008-02-29"), day("2025-03-01")), 17);
        assert_eq!(age_on(day("2025-01-01"), day("2024-01-01")), 0);
    }

    #[test]
    fn m1_add_spouse_needs_new_form_signed_by_both_documents_and_fee() {
        let sp = member("sp", PersonRole::Spouse, "1992-07-07");
        let r = check_family_change(
            def(),
            Stream::ItVfx,
            CaseStatus::InReview,
            &principal_only(),
            &FamilyChange::AddSpouse { member: sp },
            day("2024-06-10"),
        )
        .unwrap();
        assert!(r.new_form_signed_by_both);
        assert_eq!(r.additional_fee, Cad::from_dollars(192));
        let c = codes(&r);
        assert!(
            c.contains(&("form_part_1", None)) && c.contains(&("form_part_2", None)),
            "{c:?}"
        );
        assert!(c.contains(&("spouse_relationship_proof", Some("sp"))));
        assert!(c.contains(&("identity_document", Some("sp"))));
        assert!(!c.iter().any(|(code, _)| *code == "diplomas"));
        // A second spouse is refused.
        let mut fam = principal_only();
        fam.push(member("sp", PersonRole::Spouse, "1992-07-07"));
        let err = check_family_change(
            def(),
            Stream::ItVfx,
            CaseStatus::InReview,
            &fam,
            &FamilyChange::AddSpouse {
                member: member("sp2", PersonRole::Spouse, "1993-01-01"),
            },
            day("2024-06-10"),
        );
        assert_eq!(
            err,
            Err(FamilyChangeError::Family(FamilyError::SpouseCount(2)))
        );
    }

    #[test]
    fn m2_add_child_needs_part_2_documents_and_fee() {
        let mut child = member("c1", PersonRole::DependentChild, "2004-01-15");
        let r = check_family_change(
            def(),
            Stream::Ai,
            CaseStatus::AttestationRequested,
            &principal_only(),
            &FamilyChange::AddChild {
                member: child.clone(),
            },
            day("2024-06-10"),
        )
        .unwrap();
        assert!(!r.new_form_signed_by_both);
        assert_eq!(r.additional_fee, Cad::from_dollars(192));
        assert_eq!(
            codes(&r),
            [
                ("identity_document", Some("c1")),
                ("birth_certificate", Some("c1")),
                ("child_relationship_proof", Some("c1")),
            ]
        );
        child.role = PersonRole::Spouse;
        let err = check_family_change(
            def(),
            Stream::Ai,
            CaseStatus::InReview,
            &principal_only(),
            &FamilyChange::AddChild { member: child },
            day("2024-06-10"),
        );
        assert_eq!(err, Err(FamilyChangeError::WrongRole(PersonRole::Spouse)));
    }

    #[test]
    fn m3_minor_child_with_one_parent_needs_consent_form_me_0032_2309() {
        let minor = member("c2", PersonRole::DependentChild, "2012-09-01");
        let r = check_family_change(
            def(),
            Stream::ItVfx,
            CaseStatus::InReview,
            &principal_only(),
            &FamilyChange::AddChild {
                member: minor.clone(),
            },
            day("2024-06-10"),
        )
        .unwrap();
        let c = codes(&r);
        assert!(c.contains(&("consent_me_0032_2309", Some("c2"))), "{c:?}");
        assert!(c.contains(&("non_accompanying_parent_identity", Some("c2"))));
        let label = &def()
            .checklist_item(&ChecklistCode::from("consent_me_0032_2309"))
            .unwrap()
            .label;
        assert!(label.fr.contains("ME-0032-2309") && label.en.contains("ME-0032-2309"));
        // Both parents accompany, or the child is 18: no consent form.
        let both = FamilyMember {
            both_parents_accompany: true,
            ..minor
        };
        let r = check_family_change(
            def(),
            Stream::ItVfx,
            CaseStatus::InReview,
            &principal_only(),
            &FamilyChange::AddChild { member: both },
            day("2024-06-10"),
        )
        .unwrap();
        assert!(!codes(&r).iter().any(|(c, _)| *c == "consent_me_0032_2309"));
        let adult = member("c3", PersonRole::DependentChild, "2006-06-10");
        assert!(!adult.is_minor_with_one_parent(day("2024-06-10")));
        assert!(adult.is_minor_with_one_parent(day("2024-06-09")));
    }

    #[test]
    fn m4_remove_member_is_allowed_and_refunds_nothing() {
        let mut fam = principal_only();
        fam.push(member("sp", PersonRole::Spouse, "1991-01-01"));
        let r = check_family_change(
            def(),
            Stream::Ai,
            CaseStatus::InReview,
            &fam,
            &FamilyChange::Remove { key: "sp".into() },
            day("2024-06-10"),
        )
        .unwrap();
        assert_eq!((r.refund, r.additional_fee), (Cad::ZERO, Cad::ZERO));
        let err = check_family_change(
            def(),
            Stream::Ai,
            CaseStatus::InReview,
            &fam,
            &FamilyChange::Remove { key: "pa".into() },
            day("2024-06-10"),
        );
        assert_eq!(err, Err(FamilyChangeError::RemovePrincipal));
        let err = check_family_change(
            def(),
            Stream::Ai,
            CaseStatus::InReview,
            &fam,
            &FamilyChange::Remove {
                key: "nobody".into(),
            },
            day("2024-06-10"),
        );
        assert_eq!(err, Err(FamilyChangeError::UnknownPerson("nobody".into())));
    }

    #[test]
    fn m5_after_csq_family_changes_are_supervised_amendments() {
        let err = check_family_change(
            def(),
            Stream::Ai,
            CaseStatus::Selected,
            &principal_only(),
            &FamilyChange::AddChild {
                member: member("c", PersonRole::DependentChild, "2010-01-01"),
            },
            day("2024-06-10"),
        )
        .unwrap_err();
        assert_eq!(err, FamilyChangeError::AfterCsq);
        assert!(err.to_string().contains("supervised amendment"));
        for status in CaseStatus::ALL {
            let allowed = check_family_changeable(status).is_ok();
            let open = !matches!(
                status,
                CaseStatus::Selected
                    | CaseStatus::Refused
                    | CaseStatus::Rejected
                    | CaseStatus::AdministrativeReview
            );
            assert_eq!(allowed, open, "{status}");
        }
    }

    #[test]
    fn f6_correspondence_goes_to_applicant_and_representative() {
        assert_eq!(correspondence_recipients(false), [Recipient::Applicant]);
        assert_eq!(
            correspondence_recipients(true),
            [Recipient::Applicant, Recipient::Representative]
        );
    }
}
