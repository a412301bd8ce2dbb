//! The matching engine: pure (no I/O, database or clock). It takes applicants and settings and returns pairs.
//! `groups` scores pairs and trios chosen by hand. `blossom` is the exact maximum-weight matching solver; `graph` validates plain weighted graphs for it.

pub mod blossom;
pub mod engine;
pub mod graph;
pub mod groups;
pub mod score;
