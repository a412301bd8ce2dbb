//! A chart's data: named rows with one value per series. The server fills it; the page draws the first
//! series as bars (SVG) with every series in a table beside them; the same rows download as CSV.

use serde::{Deserialize, Serialize};

/// One chart: what it shows, its series, and its rows in display order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Chart {
    /// Names the chart in its CSV download's address: `applications`, `check-ins`…
    pub key: String,
    pub title: String,
    /// One sentence under the title: what is counted, or what stands out.
    pub summary: String,
    /// The header of the label column: "Cycle", "Month", "Score"…
    pub label_header: String,
    /// The series' names, units included ("Response rate (%)").
    pub series: Vec<String>,
    /// How many of the first series are drawn as bars; the rest are shown in the table only.
    pub drawn: usize,
    /// Decimals shown per series (whole numbers where none is given).
    pub decimals: Vec<usize>,
    /// What a full bar stands for when the scale is fixed (100 for a percentage, 5 for a 1–5 rating); else
    /// the largest value.
    pub full: Option<f64>,
    pub rows: Vec<ChartRow>,
}

/// One row: its label and a value per series (none where there is nothing to measure yet).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChartRow {
    pub label: String,
    pub values: Vec<Option<f64>>,
}

impl ChartRow {
    pub fn new(label: impl Into<String>, values: Vec<Option<f64>>) -> Self {
        ChartRow {
            label: label.into(),
            values,
        }
    }

    /// A row of counts.
    pub fn counts(label: impl Into<String>, counts: &[usize]) -> Self {
        #[allow(clippy::cast_precision_loss)] // counts of people stay far below 2^52
        let values = counts.iter().map(|n| Some(*n as f64)).collect();
        ChartRow::new(label, values)
    }
}

impl Chart {
    /// A chart with every series drawn and whole numbers.
    pub fn new(key: &str, title: &str, label_header: &str, series: &[&str]) -> Self {
        Chart {
            key: key.to_owned(),
            title: title.to_owned(),
            summary: String::new(),
            label_header: label_header.to_owned(),
            series: series.iter().map(|s| (*s).to_owned()).collect(),
            drawn: series.len(),
            decimals: Vec::new(),
            full: None,
            rows: Vec::new(),
        }
    }

    /// A value of `series` as the table and the CSV show it: its decimals, or empty when there is none.
    pub fn format(&self, series: usize, value: Option<f64>) -> String {
        let decimals = self.decimals.get(series).copied().unwrap_or(0);
        value.map_or_else(String::new, |v| format!("{v:.decimals$}"))
    }

    /// What a full bar stands for: the fixed scale, else the largest drawn value (at least 1).
    pub fn scale(&self) -> f64 {
        if let Some(full) = self.full {
            return full;
        }
        self.rows
            .iter()
            .flat_map(|row| row.values.iter().take(self.drawn).flatten())
            .fold(1.0_f64, |max, v| max.max(*v))
    }

    /// Whether there is anything to draw.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The header and the rows as text cells, for the CSV download.
    pub fn records(&self) -> Vec<Vec<String>> {
        let header = std::iter::once(self.label_header.clone())
            .chain(self.series.iter().cloned())
            .collect();
        std::iter::once(header)
            .chain(self.rows.iter().map(|row| {
                std::iter::once(row.label.clone())
                    .chain(
                        row.values
                            .iter()
                            .enumerate()
                            .map(|(i, v)| self.format(i, *v)),
                    )
                    .collect()
            }))
            .collect()
    }

    /// The data in words, for screen readers: "Fall 2026: 121 submitted, 118 matched; …".
    pub fn description(&self) -> String {
        let rows: Vec<String> = self
            .rows
            .iter()
            .map(|row| {
                let values: Vec<String> = self
                    .series
                    .iter()
                    .zip(&row.values)
                    .enumerate()
                    .map(|(i, (series, v))| {
                        let shown = self.format(i, *v);
                        format!(
                            "{series} {}",
                            if shown.is_empty() { "none" } else { &shown }
                        )
                    })
                    .collect();
                format!("{}: {}", row.label, values.join(", "))
            })
            .collect();
        format!("{}. {}.", self.title, rows.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn goals() -> Chart {
        let mut chart = Chart::new("goals", "Goals", "Cycle", &["Set", "Completed"]);
        chart.rows = vec![
            ChartRow::counts("Fall 2026", &[12, 5]),
            ChartRow::new("Spring 2027", vec![None, Some(0.0)]),
        ];
        chart
    }

    #[test]
    fn records_start_with_the_header_and_leave_missing_values_empty() {
        assert_eq!(
            goals().records(),
            vec![
                vec!["Cycle", "Set", "Completed"],
                vec!["Fall 2026", "12", "5"],
                vec!["Spring 2027", "", "0"],
            ]
        );
    }

    #[test]
    fn the_scale_is_the_largest_drawn_value() {
        let mut chart = goals();
        assert!((chart.scale() - 12.0).abs() < f64::EPSILON);
        chart.drawn = 0;
        assert!((chart.scale() - 1.0).abs() < f64::EPSILON);
        chart.full = Some(100.0);
        assert!((chart.scale() - 100.0).abs() < f64::EPSILON);
    }

    #[test]
    fn the_description_reads_every_value() {
        let mut chart = goals();
        chart.decimals = vec![1];
        assert_eq!(
            chart.description(),
            "Goals. Fall 2026: Set 12.0, Completed 5; Spring 2027: Set none, Completed 0."
        );
    }
}
