//! The hybrid logical clock that stamps every operation: wall-clock milliseconds, a
//! counter for events in the same millisecond (or when the wall clock goes backwards),
//! and the node that made it. Its text form sorts in causal order, so "last writer wins"
//! is a string comparison in SQL, on this machine and on the server alike.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// One timestamp of the hybrid logical clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Hlc {
    /// Milliseconds since the Unix epoch.
    pub wall_ms: u64,
    /// Orders events that share `wall_ms`.
    pub counter: u32,
    /// The store (node) that issued it; breaks the last ties.
    pub node: u64,
}

impl Hlc {
    pub const ZERO: Hlc = Hlc {
        wall_ms: 0,
        counter: 0,
        node: 0,
    };

    /// The next local timestamp after `last`, given the wall clock `now_ms`.
    pub fn tick(last: Hlc, now_ms: u64, node: u64) -> Hlc {
        if now_ms > last.wall_ms {
            Hlc {
                wall_ms: now_ms,
                counter: 0,
                node,
            }
        } else {
            Hlc {
                wall_ms: last.wall_ms,
                counter: last.counter + 1,
                node,
            }
        }
    }

    /// The local clock after receiving `remote`: never behind anything we have seen.
    pub fn observe(last: Hlc, remote: Hlc, now_ms: u64, node: u64) -> Hlc {
        let wall = now_ms.max(last.wall_ms).max(remote.wall_ms);
        let counter = if wall == last.wall_ms && wall == remote.wall_ms {
            last.counter.max(remote.counter) + 1
        } else if wall == last.wall_ms {
            last.counter + 1
        } else if wall == remote.wall_ms {
            remote.counter + 1
        } else {
            0
        };
        Hlc {
            wall_ms: wall,
            counter,
            node,
        }
    }
}

impl fmt::Display for Hlc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:015}-{:010}-{:016x}",
            self.wall_ms, self.counter, self.node
        )
    }
}

impl FromStr for Hlc {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let mut parts = s.split('-');
        let (Some(w), Some(c), Some(n), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(format!("{s:?} is not a clock timestamp"));
        };
        let bad = |_| format!("{s:?} is not a clock timestamp");
        Ok(Hlc {
            wall_ms: w.parse().map_err(bad)?,
            counter: c.parse().map_err(bad)?,
            node: u64::from_str_radix(n, 16).map_err(bad)?,
        })
    }
}

impl Serialize for Hlc {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Hlc {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tick_is_monotonic_when_the_wall_clock_goes_back() {
        let a = Hlc::tick(Hlc::ZERO, 1_000, 7);
        let b = Hlc::tick(a, 900, 7);
        let c = Hlc::tick(b, 900, 7);
        assert!(a < b && b < c);
        assert_eq!(b.wall_ms, 1_000);
        assert_eq!(c.counter, 2);
    }

    #[test]
    fn observe_moves_past_a_remote_clock_ahead_of_ours() {
        let local = Hlc {
            wall_ms: 1_000,
            counter: 3,
            node: 1,
        };
        let remote = Hlc {
            wall_ms: 5_000,
            counter: 2,
            node: 2,
        };
        let after = Hlc::observe(local, remote, 2_000, 1);
        assert!(after > remote && after > local);
        assert_eq!((after.wall_ms, after.counter), (5_000, 3));
    }

    #[test]
    fn text_form_sorts_like_the_clock_and_round_trips() {
        let a = Hlc {
            wall_ms: 999,
            counter: 12,
            node: 0xff,
        };
        let b = Hlc {
            wall_ms: 1_000,
            counter: 0,
            node: 0x1,
        };
        assert!(a.to_string() < b.to_string());
        assert_eq!(a.to_string().parse::<Hlc>().unwrap(), a);
        assert!("nonsense".parse::<Hlc>().is_err());
    }
}
