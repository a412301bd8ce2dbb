//! Time zones: admins enter window times in the program's zone, members read them in their own. Stored in UTC.

use app::application::COMMON_TIME_ZONES;
use app::error::AppError;
use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

/// A known IANA zone, or `field` is at fault.
///
/// # Errors
/// [`AppError::Invalid`] naming `field`.
pub fn zone(name: &str, field: &str) -> Result<Tz, AppError> {
    name.trim().parse::<Tz>().map_err(|_| {
        AppError::invalid(
            field,
            format!(
                "\u{201c}{}\u{201d} is not a time zone we know; choose one from the list.",
                name.trim()
            ),
        )
    })
}

/// The zone a stored name refers to, falling back to UTC for a name the zone database no longer has.
pub fn zone_or_utc(name: &str) -> Tz {
    name.parse().unwrap_or(Tz::UTC)
}

/// Every zone a member can choose: the common North American ones first, then all canonical names A–Z.
pub fn time_zone_choices() -> Vec<String> {
    let common: Vec<String> = COMMON_TIME_ZONES
        .iter()
        .map(|(name, _)| (*name).to_owned())
        .collect();
    let rest = chrono_tz::TZ_VARIANTS
        .iter()
        .map(|tz| tz.name())
        .filter(|name| is_offered(name) && !common.iter().any(|c| c == name))
        .map(str::to_owned);
    common.iter().cloned().chain(rest).collect()
}

/// Region/City names only: no legacy aliases such as `US/Eastern` or `EST5EDT`.
fn is_offered(name: &str) -> bool {
    const REGIONS: [&str; 10] = [
        "Africa/",
        "America/",
        "Antarctica/",
        "Asia/",
        "Atlantic/",
        "Australia/",
        "Europe/",
        "Indian/",
        "Pacific/",
        "Arctic/",
    ];
    REGIONS.iter().any(|r| name.starts_with(r)) || name == "UTC"
}

/// `YYYY-MM-DDTHH:MM` in `tz` to UTC.
///
/// # Errors
/// Unparsable, or a local time skipped by a daylight-saving change.
pub fn local_to_utc(value: &str, tz: Tz, field: &str) -> Result<DateTime<Utc>, AppError> {
    let value = value.trim();
    let naive = NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M:%S"))
        .map_err(|_| AppError::invalid(field, "Enter a real date and time."))?;
    tz.from_local_datetime(&naive)
        .earliest()
        .map(|local| local.with_timezone(&Utc))
        .ok_or_else(|| {
            AppError::invalid(
                field,
                format!("That time does not exist in {tz} (the clocks change then); pick another."),
            )
        })
}

/// UTC to `YYYY-MM-DDTHH:MM` in `tz`, for the admin's `datetime-local` inputs.
pub fn utc_to_local_input(at: DateTime<Utc>, tz: Tz) -> String {
    at.with_timezone(&tz).format("%Y-%m-%dT%H:%M").to_string()
}

/// # Errors
/// Not a real `YYYY-MM-DD` date.
pub fn date(value: &str, field: &str) -> Result<NaiveDate, AppError> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d")
        .map_err(|_| AppError::invalid(field, "Enter a real date."))
}

/// "Mon 1 Feb 2027, 9:00 AM EST".
pub fn format_at(at: DateTime<Utc>, tz: Tz) -> String {
    at.with_timezone(&tz)
        .format("%a %-d %b %Y, %-I:%M %p %Z")
        .to_string()
}

/// "Monday 1 March 2027".
pub fn format_date(date: NaiveDate) -> String {
    date.format("%A %-d %B %Y").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_times_convert_in_the_programs_zone() {
        let tz = zone("America/Chicago", "tz").expect("zone");
        let at = local_to_utc("2027-02-01T09:00", tz, "opens_at").expect("valid");
        assert_eq!(at.to_rfc3339(), "2027-02-01T15:00:00+00:00");
        assert_eq!(utc_to_local_input(at, tz), "2027-02-01T09:00");
        assert_eq!(format_at(at, tz), "Mon 1 Feb 2027, 9:00 AM CST");
        let new_york = zone("America/New_York", "tz").expect("zone");
        assert_eq!(format_at(at, new_york), "Mon 1 Feb 2027, 10:00 AM EST");
    }

    #[test]
    fn a_skipped_local_time_is_a_field_error() {
        let tz = zone("America/Chicago", "tz").expect("zone");
        let error = local_to_utc("2027-03-14T02:30", tz, "closes_at").expect_err("gap");
        assert!(error.field("closes_at").is_some());
    }

    #[test]
    fn unknown_zones_and_dates_are_refused() {
        assert!(zone("Mars/Olympus", "time_zone").is_err());
        assert!(date("2027-02-30", "matching_on").is_err());
        assert!(local_to_utc("tomorrow", Tz::UTC, "opens_at").is_err());
    }

    #[test]
    fn common_zones_come_first_and_aliases_are_left_out() {
        let zones = time_zone_choices();
        assert_eq!(zones[0], "America/New_York");
        assert!(zones.iter().any(|z| z == "Europe/Paris"));
        assert!(!zones.iter().any(|z| z == "US/Eastern"));
        let unique: std::collections::HashSet<_> = zones.iter().collect();
        assert_eq!(unique.len(), zones.len());
    }
}
