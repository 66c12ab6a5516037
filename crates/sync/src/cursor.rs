//! The pull cursor: where a client's last pull ended. Clients treat it as opaque text
//! (store it, send it back); the server reads it.
//!
//! Inside, it is a position in the order the server sends operations to this user:
//! `(through, seq)`. For a supervisor, who sees every file, `through` is the operation's
//! own sequence number. For an officer, `through` is the larger of the operation's
//! sequence number and the sequence number of the assignment that made its file visible
//! to them, so the whole history of a file assigned after the last pull still comes
//! after the cursor. The scope letter (`a` all files, `o` own files) lets the server
//! notice that the user's role changed since the cursor was issued and start over.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Which files the cursor walks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CursorScope {
    /// Every file (a supervisor).
    All,
    /// The files assigned to this user (an officer).
    Assigned,
}

/// A position in the server's stream of operations for one user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Cursor {
    pub scope: CursorScope,
    pub through: i64,
    pub seq: i64,
}

impl Cursor {
    /// The position before the first operation.
    pub fn start(scope: CursorScope) -> Self {
        Self {
            scope,
            through: 0,
            seq: 0,
        }
    }
}

impl fmt::Display for Cursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let scope = match self.scope {
            CursorScope::All => 'a',
            CursorScope::Assigned => 'o',
        };
        write!(f, "{scope}.{}.{}", self.through, self.seq)
    }
}

/// A cursor text that is not one the server issued.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a pull cursor issued by this server; pull from the start instead")]
pub struct BadCursor(pub String);

impl FromStr for Cursor {
    type Err = BadCursor;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BadCursor(s.to_owned());
        let mut parts = s.split('.');
        let (Some(scope), Some(through), Some(seq), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(bad());
        };
        let scope = match scope {
            "a" => CursorScope::All,
            "o" => CursorScope::Assigned,
            _ => return Err(bad()),
        };
        let through: i64 = through.parse().map_err(|_| bad())?;
        let seq: i64 = seq.parse().map_err(|_| bad())?;
        if through < 0 || seq < 0 || seq > through {
            return Err(bad());
        }
        Ok(Cursor {
            scope,
            through,
            seq,
        })
    }
}

impl Serialize for Cursor {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Cursor {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_refuses_foreign_text() {
        let c = Cursor {
            scope: CursorScope::Assigned,
            through: 42,
            seq: 7,
        };
        assert_eq!(c.to_string(), "o.42.7");
        assert_eq!("o.42.7".parse::<Cursor>().unwrap(), c);
        assert_eq!(
            "a.3.3".parse::<Cursor>().unwrap(),
            Cursor {
                scope: CursorScope::All,
                through: 3,
                seq: 3
            }
        );
        for bad in ["", "x.1.1", "a.1", "a.1.2", "a.-1.-1", "a.1.1.1", "o.b.c"] {
            assert!(bad.parse::<Cursor>().is_err(), "{bad}");
        }
    }
}
