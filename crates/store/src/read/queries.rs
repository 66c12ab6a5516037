//! Reading the store: the officer's queue (filter, sort, page, full-text search) and the
//! whole of one file. Each query is one prepared, cached statement over indexed columns.

use chrono::NaiveDate;
use program::{CaseStatus, Profile, Stream};
use rusqlite::types::Value;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Which files the queue shows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct QueueFilter {
    pub stream: Option<Stream>,
    pub profile: Option<Profile>,
    pub status: Option<CaseStatus>,
    pub due: Option<DueFilter>,
    /// Words to find in names and file numbers (prefixes match).
    pub search: Option<String>,
    /// One of the day's work queues.
    #[serde(default)]
    pub work: Option<WorkQueue>,
    /// Whose files (a supervisor's queue holds everyone's).
    #[serde(default)]
    pub assignee: Option<AssigneeFilter>,
}

/// Whose files the queue shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case", tag = "kind", content = "name")]
pub enum AssigneeFilter {
    /// Files assigned to nobody.
    Nobody,
    /// Files assigned to this user.
    User(oplog::ids::UserId),
}

/// The queues that answer the day's questions (beside the due-date filters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum WorkQueue {
    /// A request or letter is out and its deadline has not passed.
    WaitingForApplicant,
    /// Selection may be proposed, or a request's deadline passed: a decision is due.
    ReadyForDecision,
    /// A proposed decision waits for a supervisor.
    DecisionsToReview,
}

/// The statuses in which the file waits for the applicant.
pub(crate) const WAITING_STATUSES: &str =
    "('missing_items_requested', 'attestation_requested', 'intent_to_refuse', 'intent_to_reject')";

/// Due-date filters, relative to today in Québec.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DueFilter {
    /// The last day has passed.
    Overdue,
    /// Due today or in the next 7 days.
    ThisWeek,
    /// Due today or in the next 30 days.
    Next30Days,
    /// No open request with a deadline.
    NoDeadline,
}

/// The column the queue is sorted by.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum QueueSort {
    #[default]
    DueDate,
    FileNumber,
    Name,
    Stream,
    Profile,
    Status,
    ReceivedAt,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SortDirection {
    #[default]
    Asc,
    Desc,
}

/// A request for one page of the queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct QueueQuery {
    #[serde(default)]
    pub filter: QueueFilter,
    #[serde(default)]
    pub sort: QueueSort,
    #[serde(default)]
    pub direction: SortDirection,
    #[serde(default)]
    pub offset: u32,
    #[serde(default = "default_limit")]
    pub limit: u32,
}

fn default_limit() -> u32 {
    50
}

impl Default for QueueQuery {
    fn default() -> Self {
        Self {
            filter: QueueFilter::default(),
            sort: QueueSort::default(),
            direction: SortDirection::default(),
            offset: 0,
            limit: default_limit(),
        }
    }
}

/// The columns of a queue row, in the order `row_from` reads them.
pub(crate) const ROW_COLUMNS: &str = "c.id, c.file_number, c.principal_name, c.stream, c.profile, \
     c.status, c.received_at, c.next_deadline, c.assigned_to";

/// The SQL of a queue page and of its count, with their parameters.
#[derive(Debug)]
pub struct QueueSql {
    pub page: String,
    pub count: String,
    pub params: Vec<Value>,
}

/// Turns what the officer typed into an FTS5 query: each word a quoted prefix.
pub(crate) fn fts_query(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{w}\"*"))
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// Builds the SQL for a queue page; `today` is the Québec date used by due filters.
pub fn queue_sql(q: &QueueQuery, today: NaiveDate) -> QueueSql {
    let mut clauses: Vec<String> = Vec::new();
    let mut params: Vec<Value> = Vec::new();
    let mut from = String::from("cases c");
    if let Some(text) = q.filter.search.as_deref().and_then(fts_query) {
        from = String::from("case_search s JOIN cases c ON c.seq = s.rowid");
        clauses.push("case_search MATCH ?".into());
        params.push(Value::Text(text));
    }
    if let Some(s) = q.filter.stream {
        clauses.push("c.stream = ?".into());
        params.push(Value::Text(s.code().into()));
    }
    if let Some(p) = q.filter.profile {
        clauses.push("c.profile = ?".into());
        params.push(Value::Text(p.code().into()));
    }
    if let Some(s) = q.filter.status {
        clauses.push("c.status = ?".into());
        params.push(Value::Text(s.code().into()));
    }
    match &q.filter.assignee {
        None => {}
        Some(AssigneeFilter::Nobody) => clauses.push("c.assigned_to IS NULL".into()),
        Some(AssigneeFilter::User(name)) => {
            clauses.push("c.assigned_to = ?".into());
            params.push(Value::Text(name.0.clone()));
        }
    }
    let due_key = "coalesce(c.next_deadline, '9999-12-31')";
    match q.filter.work {
        None => {}
        Some(WorkQueue::WaitingForApplicant) => {
            clauses.push(format!("c.status IN {WAITING_STATUSES} AND {due_key} >= ?"));
            params.push(Value::Text(today.to_string()));
        }
        Some(WorkQueue::ReadyForDecision) => {
            clauses.push(format!(
                "((c.selection_ready = 1 AND c.status = 'in_review') OR (c.status IN {WAITING_STATUSES} AND {due_key} < ?))"
            ));
            params.push(Value::Text(today.to_string()));
        }
        Some(WorkQueue::DecisionsToReview) => clauses.push("c.status = 'decision_proposed'".into()),
    }
    match q.filter.due {
        None => {}
        Some(DueFilter::NoDeadline) => clauses.push("c.next_deadline IS NULL".into()),
        Some(DueFilter::Overdue) => {
            clauses.push(format!("{due_key} < ?"));
            params.push(Value::Text(today.to_string()));
        }
        Some(DueFilter::ThisWeek | DueFilter::Next30Days) => {
            let days = if q.filter.due == Some(DueFilter::ThisWeek) {
                7
            } else {
                30
            };
            clauses.push(format!("{due_key} >= ? AND {due_key} <= ?"));
            params.push(Value::Text(today.to_string()));
            params.push(Value::Text((today + chrono::Days::new(days)).to_string()));
        }
    }
    let where_sql = if clauses.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", clauses.join(" AND "))
    };
    let dir = match q.direction {
        SortDirection::Asc => "ASC",
        SortDirection::Desc => "DESC",
    };
    let order = match q.sort {
        QueueSort::DueDate => format!("{due_key} {dir}, c.file_number {dir}"),
        QueueSort::FileNumber => format!("c.file_number {dir}"),
        QueueSort::Name => format!("c.principal_name COLLATE NOCASE {dir}, c.file_number"),
        QueueSort::Stream => format!("c.stream {dir}, c.file_number"),
        QueueSort::Profile => format!("c.profile {dir}, c.file_number"),
        QueueSort::Status => format!("c.status {dir}, c.file_number"),
        QueueSort::ReceivedAt => format!("c.received_at {dir}, c.file_number"),
    };
    let page = format!(
        "SELECT {ROW_COLUMNS} FROM {from}{where_sql} ORDER BY {order} LIMIT {} OFFSET {}",
        q.limit.clamp(1, 500),
        q.offset
    );
    let count = format!("SELECT count(*) FROM {from}{where_sql}");
    QueueSql {
        page,
        count,
        params,
    }
}
