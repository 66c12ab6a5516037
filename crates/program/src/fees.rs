//! Fees ($1–$4, M4): the amount due for a family on a date from the schedule in force, the
//! balance after payments, the fee of a member added later, and the rule that nothing is
//! refunded. Assumption ($1): the schedule in force on the receipt date applies (the date
//! the application, or the addition of a member, is received).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use thiserror::Error;
use ts_rs::TS;

use crate::definition::{FeeRow, ProgramDefinition};
use crate::model::PersonRole;
use crate::money::Cad;

/// Who is on the application, for fees.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FamilyComposition {
    /// A spouse or de facto spouse accompanies the principal applicant.
    pub spouse: bool,
    /// The number of dependent children included.
    pub children: u32,
}

/// One line of the amount due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FeeLine {
    pub role: PersonRole,
    pub count: u32,
    pub unit: Cad,
    pub amount: Cad,
}

/// $1: the fees due for a family on a date, line by line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FeesDue {
    /// The date the fees are computed for (the receipt date).
    pub date: NaiveDate,
    /// The first day of the schedule used.
    pub schedule_from: NaiveDate,
    pub lines: Vec<FeeLine>,
    pub total: Cad,
}

/// A fee question the program definition cannot answer.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum FeeError {
    #[error(
        "the fee schedule for {date} is not known (known schedules: {known}); an administrator must add it to the program definition (dossier-server program load)"
    )]
    NoScheduleInForce { date: NaiveDate, known: String },
}

impl FeeError {
    /// Why, as a message of the catalogue.
    pub fn reason(&self) -> vocab::Text {
        match self {
            FeeError::NoScheduleInForce { date, .. } => {
                vocab::Text::new("rule-fee-schedule-unknown").with("date", *date)
            }
        }
    }
}

fn row_on(def: &ProgramDefinition, date: NaiveDate) -> Result<&FeeRow, FeeError> {
    def.fee_row_on(date)
        .ok_or_else(|| FeeError::NoScheduleInForce {
            date,
            known: def
                .fees
                .iter()
                .map(|r| match r.effective_until {
                    Some(u) => format!("{} to {}", r.effective_from, u),
                    None => format!("from {}", r.effective_from),
                })
                .collect::<Vec<_>>()
                .join(", "),
        })
}

/// $1: the fees due on `date` for the principal applicant and `family`.
pub fn fees_due(
    def: &ProgramDefinition,
    date: NaiveDate,
    family: FamilyComposition,
) -> Result<FeesDue, FeeError> {
    let row = row_on(def, date)?;
    let mut lines = vec![FeeLine {
        role: PersonRole::PrincipalApplicant,
        count: 1,
        unit: row.principal,
        amount: row.principal,
    }];
    if family.spouse {
        lines.push(FeeLine {
            role: PersonRole::Spouse,
            count: 1,
            unit: row.spouse,
            amount: row.spouse,
        });
    }
    if family.children > 0 {
        lines.push(FeeLine {
            role: PersonRole::DependentChild,
            count: family.children,
            unit: row.child,
            amount: row.child * family.children,
        });
    }
    let total = lines.iter().map(|l| l.amount).sum();
    Ok(FeesDue {
        date,
        schedule_from: row.effective_from,
        lines,
        total,
    })
}

/// $4, M1, M2: the fee of one member of `role` added on `date`.
pub fn added_member_fee(
    def: &ProgramDefinition,
    date: NaiveDate,
    role: PersonRole,
) -> Result<Cad, FeeError> {
    Ok(row_on(def, date)?.for_role(role))
}

/// When money might be expected back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RefundOccasion {
    /// D2.
    ApplicationRefused,
    /// D3.
    ApplicationRejected,
    /// M4.
    MemberRemoved,
}

/// $3, M4: the fees are non-refundable. This is always zero; it exists so that callers
/// name the rule instead of leaving out a branch.
pub fn refund_due(_occasion: RefundOccasion) -> Cad {
    Cad::ZERO
}

/// $2: who paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Payer {
    Applicant,
    ThirdParty,
}

/// $2: the only accepted way to pay.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PaymentMethod {
    CreditCard,
}

/// $2: a payment in Canadian dollars.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Payment {
    pub amount: Cad,
    pub paid_on: NaiveDate,
    pub payer: Payer,
    pub method: PaymentMethod,
}

/// $2: where the fees stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Balance {
    pub due: Cad,
    pub paid: Cad,
    /// What is still to pay (zero when paid in full).
    pub outstanding: Cad,
    /// Paid beyond what is due (kept: fees are not refunded, $3).
    pub overpaid: Cad,
}

impl Balance {
    /// $2, A1: the fees are paid in full.
    pub fn is_paid_in_full(&self) -> bool {
        self.outstanding == Cad::ZERO
    }
}

/// $2: the balance of `due` after `payments`, whoever paid them.
pub fn balance(due: Cad, payments: &[Payment]) -> Balance {
    let paid: Cad = payments.iter().map(|p| p.amount).sum();
    Balance {
        due,
        paid,
        outstanding: due.saturating_sub_to_zero(paid),
        overpaid: paid.saturating_sub_to_zero(due),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn def() -> &'static ProgramDefinition {
        ProgramDefinition::builtin()
    }

    fn card(dollars: i64, payer: Payer) -> Payment {
        Payment {
            amount: Cad::from_dollars(dollars),
            paid_on: day("2024-03-01"),
            payer,
            method: PaymentMethod::CreditCard,
        }
    }

    #[test]
    fn dollar1_principal_spouse_two_children_on_2024_03_01() {
        let due = fees_due(
            def(),
            day("2024-03-01"),
            FamilyComposition {
                spouse: true,
                children: 2,
            },
        )
        .unwrap();
        assert_eq!(due.schedule_from, day("2024-01-01"));
        assert_eq!(due.total, Cad::from_dollars(895 + 192 + 2 * 192));
        assert_eq!(due.total.format_en(), "$1,471.00");
        assert_eq!(due.lines.len(), 3);
        assert_eq!(
            due.lines[2],
            FeeLine {
                role: PersonRole::DependentChild,
                count: 2,
                unit: Cad::from_dollars(192),
                amount: Cad::from_dollars(384),
            }
        );
        let alone = fees_due(def(), day("2024-12-31"), FamilyComposition::default()).unwrap();
        assert_eq!(alone.total, Cad::from_dollars(895));
        assert_eq!(alone.lines.len(), 1);
    }

    #[test]
    fn dollar1_no_schedule_is_an_error_not_a_guess() {
        for date in ["2023-12-15", "2025-01-01"] {
            let err = fees_due(def(), day(date), FamilyComposition::default()).unwrap_err();
            assert_eq!(
                err,
                FeeError::NoScheduleInForce {
                    date: day(date),
                    known: "2024-01-01 to 2024-12-31".into()
                }
            );
            assert!(
                err.to_string().contains("an administrator must add it"),
                "{err}"
            );
            assert_eq!(err.reason().id, "rule-fee-schedule-unknown");
        }
    }

    #[test]
    fn dollar1_p5_changing_a_fee_in_the_definition_changes_the_amount() {
        let text = crate::definition::BUILTIN_TOML
            .replace("principal = \"895.00\"", "principal = \"912.50\"");
        let changed = ProgramDefinition::from_toml_str("modified.toml", &text).unwrap();
        let family = FamilyComposition {
            spouse: true,
            children: 0,
        };
        assert_eq!(
            fees_due(def(), day("2024-06-01"), family).unwrap().total,
            Cad::from_dollars(1087)
        );
        assert_eq!(
            fees_due(&changed, day("2024-06-01"), family).unwrap().total,
            Cad::from_cents(110_450)
        );
    }

    #[test]
    fn dollar1_new_year_row_applies_from_january_1() {
        let text = crate::definition::BUILTIN_TOML.replace(
            "child = \"192.00\"\n",
            "child = \"192.00\"\n\n[[fees]]\neffective_from = 2025-01-01\neffective_until = 2025-12-31\nprincipal = \"920.00\"\nspouse = \"197.00\"\nchild = \"197.00\"\n",
        );
        let def = ProgramDefinition::from_toml_str("2025.toml", &text).unwrap();
        let f = FamilyComposition {
            spouse: false,
            children: 1,
        };
        assert_eq!(
            fees_due(&def, day("2024-12-31"), f).unwrap().total,
            Cad::from_dollars(1087)
        );
        assert_eq!(
            fees_due(&def, day("2025-01-01"), f).unwrap().total,
            Cad::from_dollars(1117)
        );
    }

    #[test]
    fn dollar2_paid_in_full_by_credit_card_by_applicant_or_third_party() {
        let due = Cad::from_dollars(1087);
        let partial = balance(due, &[card(895, Payer::Applicant)]);
        assert!(!partial.is_paid_in_full());
        assert_eq!(partial.outstanding, Cad::from_dollars(192));
        let full = balance(
            due,
            &[card(895, Payer::Applicant), card(192, Payer::ThirdParty)],
        );
        assert!(full.is_paid_in_full());
        assert_eq!(
            (full.paid, full.outstanding, full.overpaid),
            (due, Cad::ZERO, Cad::ZERO)
        );
        let over = balance(Cad::from_dollars(895), &[card(1087, Payer::ThirdParty)]);
        assert_eq!(over.overpaid, Cad::from_dollars(192));
        assert!(over.is_paid_in_full());
    }

    #[test]
    fn dollar3_no_refund_after_refusal_rejection_or_removal() {
        for occasion in [
            RefundOccasion::ApplicationRefused,
            RefundOccasion::ApplicationRejected,
            RefundOccasion::MemberRemoved,
        ] {
            assert_eq!(refund_due(occasion), Cad::ZERO);
        }
    }

    #[test]
    fn dollar4_added_spouse_and_child_pay_their_fee() {
        assert_eq!(
            added_member_fee(def(), day("2024-08-20"), PersonRole::Spouse),
            Ok(Cad::from_dollars(192))
        );
        assert_eq!(
            added_member_fee(def(), day("2024-08-20"), PersonRole::DependentChild),
            Ok(Cad::from_dollars(192))
        );
        // A balance already paid in full owes the added member's fee.
        let before = fees_due(def(), day("2024-02-01"), FamilyComposition::default())
            .unwrap()
            .total;
        let after =
            before + added_member_fee(def(), day("2024-08-20"), PersonRole::Spouse).unwrap();
        let b = balance(after, &[card(895, Payer::Applicant)]);
        assert_eq!(b.outstanding, Cad::from_dollars(192));
        assert!(added_member_fee(def(), day("2025-02-01"), PersonRole::Spouse).is_err());
    }
}
