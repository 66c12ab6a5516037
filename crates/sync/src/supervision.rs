//! The bodies of the supervisor's desk (issue 17): the team and its workload, the files
//! to assign, one assignment of many files, the program's figures, and the management of
//! users. Every type here also crosses to the app's screens, so each has its TypeScript
//! twin (ts-rs).

use chrono::{DateTime, NaiveDate, Utc};
use oplog::ids::{Role, UserId};
use program::{CapScope, CaseStatus};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;
use vocab::Bilingual;

/// `GET /v1/team` (supervisors): every user, with an officer's workload, and how many
/// open files nobody holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Team {
    pub generated_at: DateTime<Utc>,
    /// By name; officers and supervisors (never the portal's account).
    pub people: Vec<Workload>,
    /// Open files assigned to nobody.
    pub unassigned: u32,
}

/// One person of the team and what they hold now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Workload {
    pub name: UserId,
    pub role: Role,
    /// Away (leave, training): receives no file from distribution or assignment.
    pub away: bool,
    /// May reset passwords (`dossier-server user admin`).
    pub administrator: bool,
    /// Files assigned to them that are not decided.
    pub open: u32,
    /// Open requests of their files whose 60-day (or letter of intent) deadline ends
    /// before next Monday, Montréal time, and has not ended yet.
    pub due_this_week: u32,
    /// Open requests of their files whose deadline has ended.
    pub overdue: u32,
    /// Their files with a decision proposed and not yet reviewed.
    pub proposals_waiting: u32,
}

/// Which files `GET /v1/team/files` lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case", tag = "kind", content = "officer")]
pub enum TeamFilesOf {
    /// Open files nobody holds, in receipt order.
    Unassigned,
    /// Open files one person holds, in receipt order.
    Assignee(UserId),
}

/// One open file on the team screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TeamFile {
    pub case_id: Uuid,
    pub file_number: String,
    pub status: CaseStatus,
    pub received_at: DateTime<Utc>,
    pub assigned_to: Option<UserId>,
    /// Who assigned it (a supervisor, or `dossier-server` for the command line) and when
    /// the server recorded it.
    pub assigned_by: Option<UserId>,
    pub assigned_at: Option<DateTime<Utc>>,
    /// The end of the file's earliest open deadline.
    pub next_deadline: Option<DateTime<Utc>>,
}

/// `POST /v1/assignments` (supervisors): these files to this officer, all or none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AssignRequest {
    pub case_ids: Vec<Uuid>,
    pub officer: UserId,
}

/// What `POST /v1/assignments` did: the files that changed hands (a file the officer
/// already held is left as it is).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Assigned {
    pub assigned: u32,
    pub unchanged: u32,
}

/// `GET /v1/figures` (supervisors): the program's figures, computed by the server now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Figures {
    pub generated_at: DateTime<Utc>,
    /// I4: each cap and sub-cap as intake fills it (as `dossier-server intake caps`).
    pub caps: Vec<CapFigure>,
    /// Applications received per week (weeks from Monday, Montréal time), oldest first.
    pub receipts_per_week: Vec<WeekCount>,
    /// Files by status, in the order of `CaseStatus::ALL`; statuses with no file left out.
    pub by_status: Vec<StatusCount>,
    /// Open deadlines per officer (officers with none left out).
    pub deadlines: Vec<OfficerDeadlines>,
    /// The 60-day requests (missing items, attestation) whose deadline is behind them.
    pub requests: RequestsInTime,
    /// Decisions taken (approved), by outcome.
    pub decisions: Vec<StatusCount>,
    /// The median number of days from receipt to decision, over decided files.
    pub median_days_to_decision: Option<f64>,
}

/// One cap of the program.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CapFigure {
    pub cap: CapScope,
    pub name: Bilingual,
    pub limit: u32,
    pub used: u32,
    pub remaining: u32,
    /// The receipt instant of the application that took the last place.
    pub filled_at: Option<DateTime<Utc>>,
}

/// Applications received in the week starting on `week` (a Monday).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct WeekCount {
    pub week: NaiveDate,
    pub received: u32,
}

/// How many files are in `status`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct StatusCount {
    pub status: CaseStatus,
    pub files: u32,
}

/// One officer's open deadlines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OfficerDeadlines {
    pub officer: UserId,
    pub due_this_week: u32,
    pub overdue: u32,
}

/// The 60-day requests whose deadline is behind them: answered in time, answered late,
/// and never answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RequestsInTime {
    pub in_time: u32,
    pub late: u32,
    pub unanswered: u32,
}

impl RequestsInTime {
    /// The share answered in time, from 0 to 1 (`None` when no deadline is behind).
    pub fn share(&self) -> Option<f64> {
        let all = self.in_time + self.late + self.unanswered;
        (all > 0).then(|| f64::from(self.in_time) / f64::from(all))
    }
}

/// `POST /v1/users/{name}/away` (supervisors): the officer is away, or back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SetAway {
    pub away: bool,
}

/// `POST /v1/users/{name}/role` (supervisors, never their own).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SetRole {
    pub role: Role,
}

/// `POST /v1/users/{name}/password` (administrators): a new password, set, never shown;
/// the user's sessions end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResetPassword {
    pub password: String,
}

/// `POST /v1/sessions/current/password` (everyone): the signed-in user's new password,
/// after the current one; their other sessions end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangePassword {
    pub current: String,
    pub new: String,
}

/// What a user-management action recorded (`user_events`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum UserAction {
    Away,
    Back,
    RoleSet,
    PasswordReset,
    /// The user changed their own password.
    PasswordChanged,
    /// An administrator enabled a disabled account again.
    Enabled,
}

impl UserAction {
    pub fn code(self) -> &'static str {
        match self {
            UserAction::Away => "away",
            UserAction::Back => "back",
            UserAction::RoleSet => "role_set",
            UserAction::PasswordReset => "password_reset",
            UserAction::PasswordChanged => "password_changed",
            UserAction::Enabled => "enabled",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [
            UserAction::Away,
            UserAction::Back,
            UserAction::RoleSet,
            UserAction::PasswordReset,
            UserAction::PasswordChanged,
            UserAction::Enabled,
        ]
        .into_iter()
        .find(|a| a.code() == code)
    }
}

/// One recorded user-management action (`GET /v1/users/events`, newest first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct UserEvent {
    pub at: DateTime<Utc>,
    pub by: UserId,
    pub user: UserId,
    pub action: UserAction,
    /// The role set, for `role_set`.
    pub role: Option<Role>,
}
