//! Speed peer mentoring: the pure pieces first. `rotation` decides who sits with whom in each round.

pub mod rotation;
