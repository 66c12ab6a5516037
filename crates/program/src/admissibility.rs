//! Admissibility (A1–A2, F1–F4, P4): the checklist a file owes (per stream and per family
//! member, from the program definition), the evaluation of what was received (forms dated
//! and signed, documents in colour PDF, legible, complete and exact, explanatory letters
//! accepted or refused by the officer, fees paid) into complete or a list of missing items,
//! and the missing-items request with its deadline.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;
use ts_rs::TS;

use crate::deadline::Deadline;
use crate::definition::{AppliesTo, ChecklistItem, Condition, ItemKind, ProgramDefinition};
use crate::family::FamilyMember;
use crate::fees::Balance;
use crate::model::{Bilingual, CaseStatus, ChecklistCode, PersonKey, Stream};
use crate::money::Cad;
use vocab::Text;

/// The facts about a file that decide its checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CaseFile {
    pub stream: Stream,
    /// P4: the employer had to obtain the TECHNOCompétences notice (AI stream).
    #[serde(default)]
    pub ai_notice_required: bool,
    /// F5: the principal applicant and the accompanying family members.
    pub members: Vec<FamilyMember>,
}

/// One item the file owes: a checklist item, for the file or for one person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RequiredItem {
    pub code: ChecklistCode,
    /// `None` for an item of the file (e.g. the form).
    pub person: Option<PersonKey>,
    pub label: Bilingual,
    pub kind: ItemKind,
}

impl RequiredItem {
    fn new(item: &ChecklistItem, person: Option<&PersonKey>) -> Self {
        RequiredItem {
            code: item.code.clone(),
            person: person.cloned(),
            label: item.label.clone(),
            kind: item.kind,
        }
    }

    /// F1: a part of the application form.
    pub fn is_form(&self) -> bool {
        self.kind == ItemKind::Form
    }
}

/// The items of the file itself (not of a person) for a file of `stream`.
pub fn items_for_file(
    def: &ProgramDefinition,
    stream: Stream,
    ai_notice_required: bool,
) -> Vec<RequiredItem> {
    def.checklist
        .iter()
        .filter(|i| i.applies_to == AppliesTo::File && i.streams.contains(&stream))
        .filter(|i| match i.when {
            Condition::Always => true,
            Condition::AiNoticeRequired => ai_notice_required,
            Condition::MinorChildWithOneParent => false,
        })
        .map(|i| RequiredItem::new(i, None))
        .collect()
}

/// The items `member` owes on `on` in a file of `stream` (M2, M3 use it for an added child).
pub fn items_for_person(
    def: &ProgramDefinition,
    stream: Stream,
    member: &FamilyMember,
    on: NaiveDate,
) -> Vec<RequiredItem> {
    def.checklist
        .iter()
        .filter(|i| i.applies_to.includes(member.role) && i.streams.contains(&stream))
        .filter(|i| match i.when {
            Condition::Always => true,
            Condition::AiNoticeRequired => false,
            Condition::MinorChildWithOneParent => member.is_minor_with_one_parent(on),
        })
        .map(|i| RequiredItem::new(i, Some(&member.key)))
        .collect()
}

/// A1, F2, P4, M3: everything the file owes on `on`: the file's items, then each person's.
pub fn required_items(
    def: &ProgramDefinition,
    file: &CaseFile,
    on: NaiveDate,
) -> Vec<RequiredItem> {
    let mut items = items_for_file(def, file.stream, file.ai_notice_required);
    for m in &file.members {
        items.extend(items_for_person(def, file.stream, m, on));
    }
    items
}

/// F1, F2: what is wrong with a received form or document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Defect {
    NotLegible,
    Incomplete,
    NotExact,
    /// F2: not a colour scan of the original.
    NotColourScan,
    /// F2: not a PDF.
    NotPdf,
    /// F2: a multi-page document split into several files.
    SplitIntoSeveralFiles,
    /// F1: the form is not dated or not signed.
    NotDatedOrSigned,
    /// F1: a declaration of the form is not signed.
    DeclarationNotSigned,
}

impl Defect {
    pub const ALL: [Defect; 8] = [
        Defect::NotColourScan,
        Defect::NotLegible,
        Defect::Incomplete,
        Defect::NotExact,
        Defect::NotPdf,
        Defect::SplitIntoSeveralFiles,
        Defect::NotDatedOrSigned,
        Defect::DeclarationNotSigned,
    ];

    /// F1: whether the defect concerns a part of the form (dates, signatures).
    pub fn is_form_defect(self) -> bool {
        matches!(
            self,
            Defect::NotDatedOrSigned | Defect::DeclarationNotSigned
        )
    }

    /// The defect in words (`defect-*` in `names.ftl`), as the officer chooses it and the
    /// history and letters name it.
    pub fn text(self) -> Text {
        Text::new(match self {
            Defect::NotLegible => "defect-not-legible",
            Defect::Incomplete => "defect-incomplete",
            Defect::NotExact => "defect-not-exact",
            Defect::NotColourScan => "defect-not-colour-scan",
            Defect::NotPdf => "defect-not-pdf",
            Defect::SplitIntoSeveralFiles => "defect-split-into-several-files",
            Defect::NotDatedOrSigned => "defect-not-dated-or-signed",
            Defect::DeclarationNotSigned => "defect-declaration-not-signed",
        })
    }
}

/// F3: the officer's judgement of an explanatory letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum LetterJudgement {
    Pending,
    Accepted,
    Refused,
}

/// What was received for a checklist item (F4: at any time; several may be received).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum ItemState {
    /// The form or document, with the defects the officer found (none: it counts).
    Provided { defects: Vec<Defect> },
    /// F3: an explanatory letter instead of the document.
    ExplanatoryLetter { judgement: LetterJudgement },
}

/// Something received for one item of the checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Submission {
    pub code: ChecklistCode,
    pub person: Option<PersonKey>,
    #[serde(flatten)]
    pub state: ItemState,
}

/// Why an item does not count yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum ItemProblem {
    NotProvided,
    /// F1, F2: received, but it does not count.
    Defective {
        defects: Vec<Defect>,
    },
    /// F3: the officer refused the explanatory letter.
    LetterRefused,
    /// F3: no explanatory letter can replace a form.
    LetterCannotReplaceForm,
    /// F3: the officer has not judged the explanatory letter yet.
    LetterAwaitingJudgement,
}

/// A1: something the file lacks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "missing", rename_all = "snake_case")]
pub enum Missing {
    Item {
        item: RequiredItem,
        #[serde(flatten)]
        problem: ItemProblem,
    },
    /// A1, $2: the fees are not paid in full.
    Fees { outstanding: Cad },
}

impl Missing {
    /// F3: only the officer can settle it (a letter to judge), not the applicant.
    pub fn awaits_officer(&self) -> bool {
        matches!(
            self,
            Missing::Item {
                problem: ItemProblem::LetterAwaitingJudgement,
                ..
            }
        )
    }
}

/// A1: the result of checking a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "admissibility", rename_all = "snake_case")]
pub enum Admissibility {
    Complete,
    Incomplete { missing: Vec<Missing> },
}

impl Admissibility {
    pub fn is_complete(&self) -> bool {
        matches!(self, Admissibility::Complete)
    }

    /// What the file lacks (empty when complete).
    pub fn missing(&self) -> &[Missing] {
        match self {
            Admissibility::Complete => &[],
            Admissibility::Incomplete { missing } => missing,
        }
    }
}

/// The best standing of one required item among what was received for it.
fn standing(item: &RequiredItem, received: &[&Submission]) -> Option<ItemProblem> {
    // Ranked from best to worst; the best one received decides.
    let mut best: Option<(u8, Option<ItemProblem>)> = None;
    for s in received {
        let ranked = match &s.state {
            ItemState::Provided { defects } if defects.is_empty() => (0, None),
            ItemState::ExplanatoryLetter { judgement } if !item.is_form() => match judgement {
                LetterJudgement::Accepted => (0, None),
                LetterJudgement::Pending => (1, Some(ItemProblem::LetterAwaitingJudgement)),
                LetterJudgement::Refused => (3, Some(ItemProblem::LetterRefused)),
            },
            ItemState::ExplanatoryLetter { .. } => (4, Some(ItemProblem::LetterCannotReplaceForm)),
            ItemState::Provided { defects } => (
                2,
                Some(ItemProblem::Defective {
                    defects: defects.clone(),
                }),
            ),
        };
        if best.as_ref().is_none_or(|(rank, _)| ranked.0 < *rank) {
            best = Some(ranked);
        }
    }
    match best {
        None => Some(ItemProblem::NotProvided),
        Some((_, problem)) => problem,
    }
}

/// A1, F1–F3: evaluates what was received against the checklist the file owes on `on`,
/// and the fees.
pub fn evaluate(
    def: &ProgramDefinition,
    file: &CaseFile,
    on: NaiveDate,
    submissions: &[Submission],
    fees: &Balance,
) -> Admissibility {
    let mut missing = Vec::new();
    for item in required_items(def, file, on) {
        let received: Vec<&Submission> = submissions
            .iter()
            .filter(|s| s.code == item.code && s.person == item.person)
            .collect();
        if let Some(problem) = standing(&item, &received) {
            missing.push(Missing::Item { item, problem });
        }
    }
    if !fees.is_paid_in_full() {
        missing.push(Missing::Fees {
            outstanding: fees.outstanding,
        });
    }
    if missing.is_empty() {
        Admissibility::Complete
    } else {
        Admissibility::Incomplete { missing }
    }
}

/// A2: the request for missing items sent to the applicant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MissingItemsRequest {
    pub items: Vec<Missing>,
    pub sent_at: DateTime<Utc>,
    pub deadline: Deadline,
}

/// Why a missing-items request cannot be sent.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum MissingItemsError {
    #[error("{}", self.reason())]
    FileComplete,
    #[error("{}", self.reason())]
    LettersToJudge(String),
}

impl MissingItemsError {
    /// Why no request can be sent, in French and English, for the officer.
    pub fn reason(&self) -> Text {
        match self {
            MissingItemsError::FileComplete => {
                Text::new("rule-file-complete-record-it-as-admissible-instead-2")
            }
            MissingItemsError::LettersToJudge(items) => {
                Text::new("rule-letters-to-judge").with("items", items)
            }
        }
    }
}

impl MissingItemsRequest {
    /// A2: the request for what `admissibility` lists, sent at `sent_at`, with the
    /// definition's deadline (60 days in PP AI/IT-VE).
    pub fn new(
        def: &ProgramDefinition,
        admissibility: &Admissibility,
        sent_at: DateTime<Utc>,
    ) -> Result<Self, MissingItemsError> {
        let missing = admissibility.missing();
        if missing.is_empty() {
            return Err(MissingItemsError::FileComplete);
        }
        let to_judge: Vec<String> = missing
            .iter()
            .filter(|m| m.awaits_officer())
            .filter_map(|m| match m {
                Missing::Item { item, .. } => Some(item.code.to_string()),
                Missing::Fees { .. } => None,
            })
            .collect();
        if !to_judge.is_empty() {
            return Err(MissingItemsError::LettersToJudge(to_judge.join(", ")));
        }
        Ok(MissingItemsRequest {
            items: missing.to_vec(),
            sent_at,
            deadline: Deadline::after(sent_at, def.deadlines.missing_items_days),
        })
    }
}

/// F4, M5: whether a document may be added to a file in `status`: at any time, before or
/// after a request, except after the CSQ (then only through a supervised amendment).
pub fn check_document_addition(status: CaseStatus) -> Result<(), DocumentAdditionError> {
    match status {
        CaseStatus::Selected => Err(DocumentAdditionError::AfterCsq),
        _ => Ok(()),
    }
}

/// A document that cannot be added.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DocumentAdditionError {
    #[error("{}", self.reason())]
    AfterCsq,
}

impl DocumentAdditionError {
    /// Why no document can be added, in French and English.
    pub fn reason(&self) -> Text {
        match self {
            DocumentAdditionError::AfterCsq => {
                Text::new("rule-csq-was-issued-add-document-through-supervised")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fees::{Payer, Payment, PaymentMethod, balance};
    use crate::model::PersonRole;
    use chrono::TimeZone;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn def() -> &'static ProgramDefinition {
        ProgramDefinition::builtin()
    }

    fn member(key: &str, role: PersonRole, dob: &str) -> FamilyMember {
        FamilyMember {
            key: key.into(),
            role,
            date_of_birth: day(dob),
            both_parents_accompany: false,
        }
    }

    fn family_file(stream: Stream) -> CaseFile {
        CaseFile {
            stream,
            ai_notice_required: false,
            members: vec![
                member("pa", PersonRole::PrincipalApplicant, "1988-02-11"),
                member("sp", PersonRole::Spouse, "1989-10-30"),
                member("c1", PersonRole::DependentChild, "2016-04-04"),
            ],
        }
    }

    fn paid(dollars: i64, due: i64) -> Balance {
        balance(
            Cad::from_dollars(due),
            &[Payment {
                amount: Cad::from_dollars(dollars),
                paid_on: day("2024-02-01"),
                payer: Payer::Applicant,
                method: PaymentMethod::CreditCard,
            }],
        )
    }

    fn good(item: &RequiredItem) -> Submission {
        Submission {
            code: item.code.clone(),
            person: item.person.clone(),
            state: ItemState::Provided { defects: vec![] },
        }
    }

    fn all_good(file: &CaseFile, on: NaiveDate) -> Vec<Submission> {
        required_items(def(), file, on).iter().map(good).collect()
    }

    fn codes(items: &[RequiredItem]) -> Vec<String> {
        items
            .iter()
            .map(|i| match &i.person {
                Some(p) => format!("{}:{p}", i.code),
                None => i.code.to_string(),
            })
            .collect()
    }

    #[test]
    fn p4_ai_stream_checklist_has_technocompetences_notice_when_required() {
        let on = day("2024-02-01");
        let mut file = family_file(Stream::Ai);
        assert!(
            !codes(&required_items(def(), &file, on))
                .contains(&"technocompetences_notice".to_owned())
        );
        file.ai_notice_required = true;
        let items = required_items(def(), &file, on);
        let notice = items
            .iter()
            .find(|i| i.code.as_str() == "technocompetences_notice")
            .unwrap();
        assert!(
            notice.label.fr.contains("TECHNOCompétences")
                && notice.label.en.contains("TECHNOCompétences")
        );
        // The IT-VFX stream never owes it.
        let mut it = family_file(Stream::ItVfx);
        it.ai_notice_required = true;
        assert!(
            !codes(&required_items(def(), &it, on))
                .contains(&"technocompetences_notice".to_owned())
        );
    }

    #[test]
    fn a1_checklist_per_stream_and_family_member() {
        let items = required_items(def(), &family_file(Stream::ItVfx), day("2024-02-01"));
        assert_eq!(
            codes(&items),
            [
                "form_part_1",
                "form_part_2",
                "identity_document:pa",
                "birth_certificate:pa",
                "diplomas:pa",
                "work_experience:pa",
                "employer_documents:pa",
                "identity_document:sp",
                "birth_certificate:sp",
                "spouse_relationship_proof:sp",
                "identity_document:c1",
                "birth_certificate:c1",
                "child_relationship_proof:c1",
                "consent_me_0032_2309:c1",
                "non_accompanying_parent_identity:c1",
            ]
        );
        assert!(
            items
                .iter()
                .all(|i| !i.label.fr.is_empty() && !i.label.en.is_empty())
        );
    }

    #[test]
    fn a1_complete_with_forms_documents_and_fees_paid() {
        let file = family_file(Stream::Ai);
        let on = day("2024-02-01");
        let a = evaluate(def(), &file, on, &all_good(&file, on), &paid(1279, 1279));
        assert_eq!(a, Admissibility::Complete);
        // Same file, fees partly paid: incomplete, only the fees are missing.
        let a = evaluate(def(), &file, on, &all_good(&file, on), &paid(895, 1279));
        assert_eq!(
            a.missing(),
            [Missing::Fees {
                outstanding: Cad::from_dollars(384)
            }]
        );
    }

    #[test]
    fn a1_missing_items_are_listed() {
        let file = family_file(Stream::ItVfx);
        let on = day("2024-02-01");
        let subs: Vec<Submission> = all_good(&file, on)
            .into_iter()
            .filter(|s| s.code.as_str() != "diplomas" && s.code.as_str() != "form_part_2")
            .collect();
        let a = evaluate(def(), &file, on, &subs, &paid(1279, 1279));
        let missing: Vec<String> = a
            .missing()
            .iter()
            .map(|m| match m {
                Missing::Item { item, problem } => format!("{}:{problem:?}", item.code),
                Missing::Fees { .. } => "fees".into(),
            })
            .collect();
        assert_eq!(missing, ["form_part_2:NotProvided", "diplomas:NotProvided"]);
    }

    #[test]
    fn f1_unsigned_or_illegible_form_does_not_count() {
        let file = family_file(Stream::Ai);
        let on = day("2024-02-01");
        let mut subs = all_good(&file, on);
        subs[0].state = ItemState::Provided {
            defects: vec![Defect::NotDatedOrSigned],
        };
        subs[1].state = ItemState::Provided {
            defects: vec![Defect::DeclarationNotSigned, Defect::NotLegible],
        };
        let a = evaluate(def(), &file, on, &subs, &paid(1279, 1279));
        assert_eq!(a.missing().len(), 2);
        assert!(
            matches!(&a.missing()[1], Missing::Item { problem: ItemProblem::Defective { defects }, .. } if defects.len() == 2)
        );
        // F4: a corrected form received later makes it count.
        subs.push(good(&required_items(def(), &file, on)[0]));
        subs.push(good(&required_items(def(), &file, on)[1]));
        assert!(evaluate(def(), &file, on, &subs, &paid(1279, 1279)).is_complete());
    }

    #[test]
    fn f2_document_must_be_colour_pdf_in_one_file_legible_complete_exact() {
        let file = family_file(Stream::Ai);
        let on = day("2024-02-01");
        for defect in [
            Defect::NotColourScan,
            Defect::NotPdf,
            Defect::SplitIntoSeveralFiles,
            Defect::NotLegible,
            Defect::Incomplete,
            Defect::NotExact,
        ] {
            let mut subs = all_good(&file, on);
            let i = subs
                .iter()
                .position(|s| s.code.as_str() == "work_experience")
                .unwrap();
            subs[i].state = ItemState::Provided {
                defects: vec![defect],
            };
            let a = evaluate(def(), &file, on, &subs, &paid(1279, 1279));
            assert_eq!(a.missing().len(), 1, "{defect:?}");
        }
    }

    #[test]
    fn f3_explanatory_letter_replaces_a_document_when_accepted() {
        let file = family_file(Stream::Ai);
        let on = day("2024-02-01");
        let with_letter = |judgement, code: &str| {
            let mut subs = all_good(&file, on);
            let i = subs.iter().position(|s| s.code.as_str() == code).unwrap();
            subs[i].state = ItemState::ExplanatoryLetter { judgement };
            evaluate(def(), &file, on, &subs, &paid(1279, 1279))
        };
        assert!(with_letter(LetterJudgement::Accepted, "birth_certificate").is_complete());
        let refused = with_letter(LetterJudgement::Refused, "birth_certificate");
        assert!(matches!(
            &refused.missing()[0],
            Missing::Item {
                problem: ItemProblem::LetterRefused,
                ..
            }
        ));
        let pending = with_letter(LetterJudgement::Pending, "birth_certificate");
        assert!(pending.missing()[0].awaits_officer());
        // A letter cannot replace a form, even if accepted.
        let form = with_letter(LetterJudgement::Accepted, "form_part_1");
        assert!(matches!(
            &form.missing()[0],
            Missing::Item {
                problem: ItemProblem::LetterCannotReplaceForm,
                ..
            }
        ));
        // The officer must judge pending letters before sending a request.
        let sent = Utc.with_ymd_and_hms(2024, 2, 1, 15, 0, 0).unwrap();
        assert!(
            matches!(MissingItemsRequest::new(def(), &pending, sent), Err(MissingItemsError::LettersToJudge(c)) if c == "birth_certificate")
        );
    }

    #[test]
    fn a2_missing_items_request_gives_60_days_ending_midnight_quebec() {
        let file = family_file(Stream::Ai);
        let on = day("2024-02-01");
        let a = evaluate(def(), &file, on, &[], &paid(0, 1279));
        let sent = Utc.with_ymd_and_hms(2024, 2, 1, 15, 0, 0).unwrap();
        let req = MissingItemsRequest::new(def(), &a, sent).unwrap();
        assert_eq!(req.items.len(), a.missing().len());
        assert!(req.items.contains(&Missing::Fees {
            outstanding: Cad::from_dollars(1279)
        }));
        assert_eq!(req.deadline.last_day, day("2024-04-01"));
        assert_eq!(
            req.deadline.ends_at,
            Utc.with_ymd_and_hms(2024, 4, 2, 4, 0, 0).unwrap()
        );
        assert_eq!(
            MissingItemsRequest::new(def(), &Admissibility::Complete, sent),
            Err(MissingItemsError::FileComplete)
        );
    }

    #[test]
    fn f4_documents_may_be_added_at_any_time_until_the_csq() {
        for status in CaseStatus::ALL {
            assert_eq!(
                check_document_addition(status).is_ok(),
                status != CaseStatus::Selected,
                "{status}"
            );
        }
    }

    #[test]
    fn admissibility_serialises_for_the_ui() {
        let file = family_file(Stream::Ai);
        let a = evaluate(def(), &file, day("2024-02-01"), &[], &paid(1279, 1279));
        let json = serde_json::to_value(&a).unwrap();
        assert_eq!(json["admissibility"], "incomplete");
        assert_eq!(json["missing"][0]["missing"], "item");
        assert_eq!(json["missing"][0]["problem"], "not_provided");
        assert_eq!(json["missing"][0]["item"]["code"], "form_part_1");
    }
}
