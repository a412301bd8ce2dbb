//! Property tests of the application validator: no input makes it panic, and every valid application
//! survives the CSV format the matching engine reads.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use app::application::{
    check_draft_bounds, to_csv_row, validate, ApplicationForm, Applying, FormOptions,
    COMMON_TIME_ZONES,
};
use engine::applicant::ApplicantRow;
use engine::options::AssignmentPreference;
use proptest::prelude::*;
use proptest::sample::{select, subsequence};

fn options() -> FormOptions {
    let mut options = FormOptions::defaults(
        COMMON_TIME_ZONES
            .iter()
            .map(|(tz, _)| (*tz).to_owned())
            .collect(),
    );
    options.previous_cycle = Some("Spring 2026".into());
    options
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![".{0,40}", "\\PC{0,3000}", Just(String::new())]
}

prop_compose! {
    fn any_form()(
        institution_types in prop::collection::vec(any_text(), 0..5),
        enrollment_size in any_text(),
        time_zone in any_text(),
        previous_cycle in any::<Option<bool>>(),
        assignment_preference in any_text(),
        resource_formats in prop::collection::vec(any_text(), 0..5),
        areas in prop::collection::vec(any_text(), 0..5),
        strengths in prop::collection::vec(any_text(), 0..5),
        growth in prop::collection::vec(any_text(), 0..5),
        goals in any_text(),
        meeting_frequency in any_text(),
        communication_methods in prop::collection::vec(any_text(), 0..5),
        commitment in any::<bool>(),
        consent in any::<bool>(),
    ) -> ApplicationForm {
        ApplicationForm {
            institution_types, enrollment_size, time_zone, previous_cycle, assignment_preference,
            resource_formats, areas, strengths, growth, goals, meeting_frequency,
            communication_methods, commitment, consent,
        }
    }
}

fn labels(list: &[String]) -> Vec<String> {
    list.to_vec()
}

prop_compose! {
    fn valid_form()(
        types in subsequence(labels(&options().institution_types), 1..=3),
        size in select(labels(&options().enrollment_sizes)),
        zone in select(COMMON_TIME_ZONES.iter().map(|(tz, _)| (*tz).to_owned()).collect::<Vec<_>>()),
        returning in any::<bool>(),
        preference in select(AssignmentPreference::ALL.to_vec()),
        formats in subsequence(labels(&options().resource_formats), 0..=3),
        areas in subsequence(labels(&options().areas), 1..=4),
        ranked in Just(options().competencies.iter().map(|c| c.name.clone()).collect::<Vec<_>>()).prop_shuffle(),
        goals in "[^\\x00]{1,300}".prop_filter("not blank", |g| !g.trim().is_empty()),
        frequency in select(labels(&options().meeting_frequencies)),
        methods in subsequence(labels(&options().communication_methods), 1..=3),
    ) -> ApplicationForm {
        ApplicationForm {
            institution_types: types,
            enrollment_size: size,
            time_zone: zone,
            previous_cycle: Some(returning),
            assignment_preference: preference.label().to_owned(),
            resource_formats: formats,
            areas,
            strengths: ranked[..3].to_vec(),
            growth: ranked[3..6].to_vec(),
            goals,
            meeting_frequency: frequency,
            communication_methods: methods,
            commitment: true,
            consent: true,
        }
    }
}

proptest! {
    #[test]
    fn no_form_makes_the_validator_panic(form in any_form()) {
        let options = options();
        let _ = validate(&form, &options);
        let _ = check_draft_bounds(&form);
    }

    #[test]
    fn every_valid_application_round_trips_through_csv(form in valid_form()) {
        prop_assert!(validate(&form, &options()).is_empty(), "{:?}", validate(&form, &options()));
        let who = Applying {
            id: "42".into(),
            name: "Ana Lima".into(),
            email: "ana@example.edu".into(),
            institution: "Northfield, \"State\" University".into(),
        };
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.serialize(to_csv_row(&who, &form)).unwrap();
        let bytes = writer.into_inner().unwrap();
        let mut reader = csv::Reader::from_reader(bytes.as_slice());
        let row: ApplicantRow = reader.deserialize().next().unwrap().unwrap();
        let parsed = row.parse().expect("a valid application parses");
        prop_assert_eq!(&parsed.institution, &who.institution);
        prop_assert_eq!(&parsed.institution_types, &form.institution_types);
        prop_assert_eq!(&parsed.time_zone, &form.time_zone);
        prop_assert_eq!(parsed.returning, form.previous_cycle == Some(true));
        prop_assert_eq!(parsed.preference.label(), form.assignment_preference.as_str());
        prop_assert_eq!(&parsed.resource_formats, &form.resource_formats);
        prop_assert_eq!(&parsed.areas, &form.areas);
        prop_assert_eq!(&parsed.strengths, &form.strengths);
        prop_assert_eq!(&parsed.growth, &form.growth);
        prop_assert_eq!(parsed.goals.as_str(), form.goals.trim());
        prop_assert_eq!(&parsed.communication, &form.communication_methods);
    }
}
