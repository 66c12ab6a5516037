//! The read models: what the screens read. The queue and its search ([`queries`]), one
//! file whole ([`detail`], as the typed [`views`]), its casework as the rules see it
//! ([`casework`], [`work`]: the checklist, requests, deadlines, what may be done now and
//! why not), and the audit trail in words ([`describe`]).

pub mod casework;
pub mod describe;
pub(crate) mod detail;
pub mod queries;
pub mod views;
pub mod work;
