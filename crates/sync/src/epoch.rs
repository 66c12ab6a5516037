//! The server's epoch, and how a laptop tells that the server was restored from a backup.
//!
//! The server's sequence numbers are the order every client agrees on, and a pull cursor
//! is a position among them. A server restored from a dump taken earlier has lost the
//! operations it numbered after the dump, and numbers new ones from the same point: a
//! laptop that kept its cursor would skip them, and would never send again its own
//! operations the server lost. So the server has an **epoch**, a random id that changes
//! when its database is restored (`dossier-server` notices a restored database at start,
//! and the administrator's restore procedure runs `dossier-server restored`), and it says
//! where its log stands ([`LogPosition`]: the epoch and the highest sequence number it
//! holds) with every session check and every pull.
//!
//! The laptop keeps, with its cursor, the epoch the cursor belongs to ([`Seen`]) and
//! decides with [`continuity`], before it pushes anything: the server was restored when
//! its epoch is not the one the cursor belongs to, or when the laptop knows a sequence
//! number the server does not hold (its cursor, or one of its operations, is past the
//! server's head: the server lost operations the laptop has seen). Then the laptop sends
//! again every operation of its own (the server stores each id once: one it still holds
//! answers `duplicate`), and pulls again from the start. `docs/sync-protocol.md`.

use std::fmt;

use serde::{Deserialize, Serialize};

/// One life of the server's operation log: a random id, new when the database is restored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Epoch(pub uuid::Uuid);

impl fmt::Display for Epoch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::str::FromStr for Epoch {
    type Err = uuid::Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        s.parse().map(Epoch)
    }
}

/// Where the server's log stands: its epoch, and the highest sequence number it holds
/// (0 when it holds none).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogPosition {
    pub epoch: Epoch,
    pub head: i64,
}

/// What a laptop knows of the server's log: the epoch its cursor belongs to (`None`
/// before its first sync with a server that has epochs), and the highest server sequence
/// number it knows (its cursor's, or one of its operations').
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seen {
    pub epoch: Option<Epoch>,
    pub highest: i64,
}

/// What the laptop makes of the server's position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Continuity {
    /// The same log as before: carry on from the cursor.
    Same,
    /// The laptop did not know the server's epoch yet, and nothing says the server lost
    /// anything: carry on, and keep the epoch.
    Adopt,
    /// The server was restored: send the laptop's own operations again and pull from the
    /// start.
    Restored(RestoreSign),
}

/// How the restore showed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RestoreSign {
    /// The server's epoch is not the one the laptop's cursor belongs to.
    NewEpoch,
    /// The laptop knows a sequence number past the server's head: the server lost
    /// operations the laptop has seen.
    BehindLaptop { laptop: i64, server: i64 },
}

impl fmt::Display for RestoreSign {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RestoreSign::NewEpoch => write!(f, "the server's epoch changed"),
            RestoreSign::BehindLaptop { laptop, server } => write!(
                f,
                "this laptop knows operation {laptop} of the server, which holds only {server}"
            ),
        }
    }
}

/// Whether the server's log is the one the laptop synchronised with (see the module).
pub fn continuity(seen: &Seen, server: &LogPosition) -> Continuity {
    if seen.epoch.is_some_and(|e| e != server.epoch) {
        return Continuity::Restored(RestoreSign::NewEpoch);
    }
    if seen.highest > server.head {
        return Continuity::Restored(RestoreSign::BehindLaptop {
            laptop: seen.highest,
            server: server.head,
        });
    }
    match seen.epoch {
        Some(_) => Continuity::Same,
        None => Continuity::Adopt,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn epoch(n: u128) -> Epoch {
        Epoch(uuid::Uuid::from_u128(n))
    }

    fn at(e: u128, head: i64) -> LogPosition {
        LogPosition {
            epoch: epoch(e),
            head,
        }
    }

    #[test]
    fn the_same_log_carries_on_and_a_first_epoch_is_adopted() {
        let seen = Seen {
            epoch: Some(epoch(1)),
            highest: 40,
        };
        assert_eq!(continuity(&seen, &at(1, 40)), Continuity::Same);
        assert_eq!(continuity(&seen, &at(1, 90)), Continuity::Same);
        let new = Seen {
            epoch: None,
            highest: 0,
        };
        assert_eq!(continuity(&new, &at(1, 0)), Continuity::Adopt);
        assert_eq!(continuity(&new, &at(1, 12)), Continuity::Adopt);
    }

    #[test]
    fn a_server_behind_what_the_laptop_saw_was_restored() {
        // Restored to a dump of seq 30 after the laptop saw 40: whatever the epoch says,
        // and also for a laptop that never knew an epoch.
        for epoch in [Some(epoch(1)), None] {
            let seen = Seen { epoch, highest: 40 };
            assert_eq!(
                continuity(&seen, &at(1, 30)),
                Continuity::Restored(RestoreSign::BehindLaptop {
                    laptop: 40,
                    server: 30
                })
            );
        }
    }

    #[test]
    fn a_new_epoch_is_a_restore_even_when_the_server_went_past_the_laptop() {
        let seen = Seen {
            epoch: Some(epoch(1)),
            highest: 40,
        };
        assert_eq!(
            continuity(&seen, &at(2, 400)),
            Continuity::Restored(RestoreSign::NewEpoch)
        );
        assert_eq!(
            continuity(&seen, &at(2, 0)),
            Continuity::Restored(RestoreSign::NewEpoch)
        );
    }

    #[test]
    fn the_epoch_reads_as_a_uuid_string() {
        let p = at(7, 3);
        let json = serde_json::to_value(p).unwrap();
        assert_eq!(json["epoch"], "00000000-0000-0000-0000-000000000007");
        assert_eq!(json["head"], 3);
        assert_eq!(serde_json::from_value::<LogPosition>(json).unwrap(), p);
        assert_eq!(
            "00000000-0000-0000-0000-000000000007"
                .parse::<Epoch>()
                .unwrap(),
            epoch(7)
        );
    }
}
