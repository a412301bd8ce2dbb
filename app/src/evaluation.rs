//! A program's evaluation for its admins: charts across its cycles, over time, and for one chosen cycle.

use crate::types::{CycleId, ProgramId};
use serde::{Deserialize, Serialize};

use crate::chart::Chart;

/// The evaluation page's data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProgramEvaluation {
    pub program_id: ProgramId,
    pub program_name: String,
    /// The program's cycles, oldest first: (id, name).
    pub cycles: Vec<(CycleId, String)>,
    /// The cycle the last section is about: the one asked for, else the latest with pairs, else the latest.
    pub cycle_id: Option<CycleId>,
    /// One row per cycle: applications, match quality, goals, usefulness, outcomes, survey response rates.
    pub across_cycles: Vec<Chart>,
    /// One row per month: check-ins, pairs at risk.
    pub over_time: Vec<Chart>,
    /// The chosen cycle's score distribution.
    pub cycle_charts: Vec<Chart>,
    /// The surveys with results to read: (survey id, "Cycle · Title").
    pub surveys: Vec<(i64, String)>,
}

impl ProgramEvaluation {
    /// Every chart, to find one by its key (the CSV download).
    pub fn chart(&self, key: &str) -> Option<&Chart> {
        self.across_cycles
            .iter()
            .chain(&self.over_time)
            .chain(&self.cycle_charts)
            .find(|chart| chart.key == key)
    }
}

/// Score buckets for a distribution: (label, lowest, highest) of width `width` covering `scores`.
pub fn score_buckets(scores: &[i64], width: i64) -> Vec<(String, i64, i64)> {
    let width = width.max(1);
    let (Some(min), Some(max)) = (scores.iter().min(), scores.iter().max()) else {
        return Vec::new();
    };
    let first = min.div_euclid(width) * width;
    (first..=*max)
        .step_by(usize::try_from(width).unwrap_or(1))
        .map(|low| {
            (
                format!("{low}\u{2013}{}", low + width - 1),
                low,
                low + width - 1,
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_cover_every_score_from_a_round_start() {
        let buckets = score_buckets(&[47, 52, 69, 70], 10);
        let labels: Vec<&str> = buckets.iter().map(|b| b.0.as_str()).collect();
        assert_eq!(
            labels,
            [
                "40\u{2013}49",
                "50\u{2013}59",
                "60\u{2013}69",
                "70\u{2013}79"
            ]
        );
        assert_eq!((buckets[0].1, buckets[0].2), (40, 49));
    }

    #[test]
    fn no_scores_no_buckets() {
        assert!(score_buckets(&[], 10).is_empty());
        assert_eq!(score_buckets(&[5], 0).len(), 1);
    }
}
