//! Typed identifiers: a case id is never confused with a person id. Generated ids are
//! UUIDv7 (time-ordered, so they index well and sort by creation).

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

macro_rules! uuid_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
        #[serde(transparent)]
        #[ts(type = "string")]
        pub struct $name(pub Uuid);

        impl $name {
            /// A new time-ordered id.
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }

            pub fn parse(s: &str) -> Result<Self, crate::Invalid> {
                Uuid::parse_str(s)
                    .map(Self)
                    .map_err(|_| crate::Invalid(format!("{s:?} is not a valid id")))
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        #[cfg(feature = "rusqlite")]
        impl rusqlite::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(rusqlite::types::ToSqlOutput::from(self.0.to_string()))
            }
        }

        #[cfg(feature = "rusqlite")]
        impl rusqlite::types::FromSql for $name {
            fn column_result(v: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
                let s = v.as_str()?;
                Uuid::parse_str(s)
                    .map(Self)
                    .map_err(|e| rusqlite::types::FromSqlError::Other(Box::new(e)))
            }
        }
    };
}

uuid_id!(
    /// A file (case), as the store knows it.
    CaseId
);
uuid_id!(
    /// A person on a file: principal applicant, spouse or dependent child.
    PersonId
);
uuid_id!(
    /// A document of a file (its bytes are content-addressed by sha-256).
    DocumentId
);
uuid_id!(
    /// An officer's note on a file.
    NoteId
);
uuid_id!(
    /// A request sent to the applicant (missing items, attestation, letter of intent).
    RequestId
);
uuid_id!(
    /// One operation of the log.
    OperationId
);
uuid_id!(
    /// A payment of fees received for a file ($2).
    PaymentId
);
uuid_id!(
    /// An interview scheduled on a file (D5).
    InterviewId
);
uuid_id!(
    /// A decision proposed on a file, waiting for or reviewed by a supervisor.
    DecisionId
);

/// Who uses the app: an officer's or supervisor's user name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(transparent)]
pub struct UserId(pub String);

impl std::fmt::Display for UserId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The author of a change: who, and with which role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Actor {
    pub user: UserId,
    pub role: Role,
}

/// What a user may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Officer,
    Supervisor,
}

impl Role {
    /// The stable name, as serialised: `officer`, `supervisor`.
    pub fn code(self) -> &'static str {
        match self {
            Role::Officer => "officer",
            Role::Supervisor => "supervisor",
        }
    }

    /// The role as a sentence names it (the catalogue's `role-name-…`).
    pub fn text(self) -> vocab::Text {
        match self {
            Role::Officer => vocab::Text::new("role-name-officer"),
            Role::Supervisor => vocab::Text::new("role-name-supervisor"),
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [Role::Officer, Role::Supervisor]
            .into_iter()
            .find(|r| r.code() == code)
    }
}

impl Actor {
    pub fn officer(name: &str) -> Self {
        Self {
            user: UserId(name.to_owned()),
            role: Role::Officer,
        }
    }

    pub fn supervisor(name: &str) -> Self {
        Self {
            user: UserId(name.to_owned()),
            role: Role::Supervisor,
        }
    }
}
