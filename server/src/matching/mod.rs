//! The matching engine: pure (no I/O, database or clock). It takes applicants and settings and returns pairs.
//! `groups` scores pairs and trios chosen by hand. `blossom` is the exact maximum-weight matching solver, `certified`
//! the same answer reached through a subgraph and a proof of optimality; `graph` validates plain weighted graphs.

pub mod blossom;
pub mod certified;
pub mod engine;
pub mod graph;
pub mod groups;
mod nesting;
pub mod score;
