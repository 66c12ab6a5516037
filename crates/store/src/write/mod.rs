//! The write path: the one way a file changes. [`apply`] decides every operation with
//! the decider (at its own instant) and writes the rows it adds, [`state`] keeps the
//! decider's state of each file beside it, [`perform`] turns what the screen asks for into
//! one change, [`correspondence`] files the letter a step sends, and [`programs`] keeps
//! the program definition versions every operation is decided with.

pub(crate) mod apply;
pub(crate) mod correspondence;
pub mod perform;
pub mod programs;
pub(crate) mod state;
