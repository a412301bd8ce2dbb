//! CSV injection defence (OWASP, "CSV Injection"): a spreadsheet reads a cell that begins with `=`, `+`, `-`,
//! `@`, a tab or a carriage return as a formula, so a member's name or goal could run on the admin's computer
//! when an export is opened. Every exported cell goes through [`neutralise`], which prefixes such a cell with
//! `'` (shown by spreadsheets as the text itself); the CSV import applies [`restore`], so an exported file
//! imports back unchanged.

use std::borrow::Cow;

/// What a spreadsheet takes as the start of a formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

fn starts_a_formula(text: &str) -> bool {
    text.starts_with(FORMULA_STARTS)
}

/// Whether the cell is prefixed on export: it starts a formula, possibly behind apostrophes (so that a cell
/// typed as `'=x` also comes back exactly from [`restore`]).
fn needs_prefix(cell: &str) -> bool {
    starts_a_formula(cell.trim_start_matches('\''))
}

/// The cell as it is safe to write: prefixed with `'` when a spreadsheet would evaluate it.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    if needs_prefix(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// The cell as it was before [`neutralise`]: the `'` taken off again where `neutralise` put it.
pub fn restore(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if needs_prefix(rest) => rest,
        _ => cell,
    }
}

/// A whole row, neutralised (for `csv::Writer::write_record`).
pub fn record<I, S>(cells: I) -> Vec<String>
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    cells
        .into_iter()
        .map(|cell| neutralise(cell.as_ref()).into_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn formula_cells_become_text() {
        assert_eq!(
            neutralise("=HYPERLINK(\"http://x\")"),
            "'=HYPERLINK(\"http://x\")"
        );
        assert_eq!(neutralise("+1"), "'+1");
        assert_eq!(neutralise("-2+3"), "'-2+3");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("\t=1"), "'\t=1");
        assert_eq!(neutralise("\r=1"), "'\r=1");
    }

    #[test]
    fn ordinary_cells_are_left_alone() {
        for cell in [
            "",
            "Ana Souza",
            "ana@example.edu",
            "3",
            "Growth = 1",
            "'quoted'",
        ] {
            assert!(matches!(neutralise(cell), Cow::Borrowed(_)), "{cell}");
        }
    }

    #[test]
    fn restore_only_undoes_neutralise() {
        assert_eq!(restore("'=1"), "=1");
        assert_eq!(restore("'quoted'"), "'quoted'");
        assert_eq!(restore(&neutralise("'=typed so")), "'=typed so");
        assert_eq!(restore("plain"), "plain");
    }

    proptest! {
        #[test]
        fn neutralised_cells_never_start_a_formula_and_restore_exactly(cell in ".*") {
            let safe = neutralise(&cell);
            prop_assert!(!starts_a_formula(&safe));
            prop_assert_eq!(restore(&safe), cell.as_str());
        }
    }
}
