//! New passwords that attackers try first are refused (ASVS 2.1.7, NIST SP 800-63B 5.1.1.2): those on a list of
//! common breached passwords shipped with the project (`app/data/common-passwords.txt`, 49,232 entries, from
//! the npm package @zxcvbn-ts/language-common; `scripts/update-common-passwords` rebuilds it), also behind
//! capitals, spaces or digits and symbols at either end (`Password1234!`), and a few characters repeated.
//! Only the server carries the list (it is 390 KB); the browser checks the length alone.

use std::collections::HashSet;
use std::sync::LazyLock;

static LIST: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("../data/common-passwords.txt")
        .lines()
        .filter(|line| !line.starts_with('#') && !line.is_empty())
        .collect()
});

/// Whether `password` is too easy to guess (see the module doc).
pub fn is_common(password: &str) -> bool {
    let lower = password.to_lowercase();
    let core = lower.trim_matches(|c: char| !c.is_alphabetic());
    let joined: String = lower.split_whitespace().collect();
    [lower.as_str(), core, joined.as_str()]
        .into_iter()
        .any(|candidate| !candidate.is_empty() && LIST.contains(candidate))
        || is_repetition(&lower)
}

/// `aaaaaaaaaaaa`, `abcabcabcabc`: a unit of at most four characters, repeated.
fn is_repetition(password: &str) -> bool {
    let chars: Vec<char> = password.chars().collect();
    (1..=4).any(|unit| {
        chars.len() > unit
            && chars.len().is_multiple_of(unit)
            && chars.chunks(unit).all(|chunk| chunk == &chars[..unit])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listed_passwords_are_common_in_any_case_and_behind_digits() {
        for password in [
            "qwertyuiop",
            "1qaz2wsx3edc",
            "Password1234!",
            "MONKEY123456",
            "2024dragon2024",
            "letme in",
            "zzzzzzzzzzzz",
            "abcabcabcabc",
        ] {
            assert!(is_common(password), "{password}");
        }
    }

    #[test]
    fn sentences_and_ordinary_long_passwords_pass() {
        for password in [
            "a sentence I remember",
            "correct horse battery staple",
            "Northfield-2026-peers",
            "shoulder-demo",
        ] {
            assert!(!is_common(password), "{password}");
        }
    }

    #[test]
    fn the_list_is_loaded_whole() {
        assert!(LIST.len() > 49_000);
        assert!(LIST.contains("password"));
    }
}
