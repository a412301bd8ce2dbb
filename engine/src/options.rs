//! The default option lists of the application form (DOMAIN.md, from the program's own form). Programs will
//! edit their own copies; these are the seeds, and what the CSV format accepts until then.

/// A Core Competency: the name applicants rank, a slug for links and a one-line summary.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Competency {
    pub name: &'static str,
    pub slug: &'static str,
    pub summary: &'static str,
}

pub const COMPETENCIES: [Competency; 9] = [
    Competency { name: "Change Management", slug: "change-management", summary: "sees from data when change is needed, scopes it, leads it, builds coalitions and keeps campus informed" },
    Competency { name: "Collaborative Decision-Making and Consensus-Building", slug: "collaborative-decision-making-and-consensus-building", summary: "brings stakeholders through to shared, workable solutions" },
    Competency { name: "Diversity and Inclusion", slug: "diversity-and-inclusion", summary: "builds an environment of respect, support and safety; widens perspectives" },
    Competency { name: "Holistic and Systemic Thinking", slug: "holistic-and-systemic-thinking", summary: "sees the institution's culture and operations as connected systems" },
    Competency { name: "Leadership and Management", slug: "leadership-and-management", summary: "runs an office: processes, budget, staff, service practice" },
    Competency { name: "Problem Solving", slug: "problem-solving", summary: "analytical and creative problem solving, drawing on own and shared expertise" },
    Competency { name: "Professional Development & Contributions to the Field", slug: "professional-development-contributions-to-the-field", summary: "grows self and others; presents, publishes, serves on committees" },
    Competency { name: "Professional Integrity", slug: "professional-integrity", summary: "acts honestly and ethically; builds trust and fairness" },
    Competency { name: "Technological Knowledge", slug: "technological-knowledge", summary: "has the technical skills that enrollment-services work needs" },
];

/// Enrollment sizes, smallest first (the order matters: "similar size" means the same or a neighbouring band).
pub const ENROLLMENT_SIZES: [&str; 5] = [
    "Under 5,000",
    "5,000–9,999",
    "10,000–19,999",
    "20,000–39,999",
    "40,000 or more",
];

/// Meeting frequencies, most frequent first (neighbours are compatible).
pub const MEETING_FREQUENCIES: [&str; 4] = [
    "Weekly",
    "Every two weeks",
    "Monthly (recommended)",
    "Every other month",
];

pub const COMMUNICATION_METHODS: [&str; 5] = [
    "Video call",
    "Phone",
    "Email",
    "Chat or instant messaging",
    "In person",
];

pub const RESOURCE_FORMATS: [&str; 6] = [
    "Monthly lunch-and-learn webinars",
    "Themed resource collections",
    "Weekly mentoring tips",
    "Community discussion threads",
    "Virtual meet-ups",
    "Templates and worksheets",
];

pub const AREAS_OF_RESPONSIBILITY: [&str; 15] = [
    "Undergraduate admissions",
    "Graduate admissions",
    "International admissions and credential evaluation",
    "Registration and records",
    "Academic scheduling",
    "Degree audit and graduation",
    "Transfer and articulation",
    "Enrollment management",
    "Financial aid",
    "Student information systems",
    "Institutional research and data",
    "Compliance (FERPA, residency, veterans)",
    "Academic advising",
    "Orientation and student success",
    "Office leadership",
];

/// The confidential peer-assignment preference (field 5). Seen by program admins only.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AssignmentPreference {
    SameInstitutionType,
    DifferentInstitutionType,
    SimilarEnrollmentSize,
    SimilarArea,
    DifferentArea,
    NearbyTimeZone,
    NoPreference,
}

impl AssignmentPreference {
    pub const ALL: [AssignmentPreference; 7] = [
        AssignmentPreference::SameInstitutionType,
        AssignmentPreference::DifferentInstitutionType,
        AssignmentPreference::SimilarEnrollmentSize,
        AssignmentPreference::SimilarArea,
        AssignmentPreference::DifferentArea,
        AssignmentPreference::NearbyTimeZone,
        AssignmentPreference::NoPreference,
    ];

    /// The wording on the form.
    pub fn label(self) -> &'static str {
        match self {
            AssignmentPreference::SameInstitutionType => "Same type of institution",
            AssignmentPreference::DifferentInstitutionType => "Different type of institution",
            AssignmentPreference::SimilarEnrollmentSize => "Similar enrollment size",
            AssignmentPreference::SimilarArea => "Similar area of responsibility",
            AssignmentPreference::DifferentArea => "Different area of responsibility",
            AssignmentPreference::NearbyTimeZone => "Nearby time zone",
            AssignmentPreference::NoPreference => "No preference",
        }
    }

    pub fn from_label(label: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|p| p.label().eq_ignore_ascii_case(label.trim()))
    }
}

/// The institution types offered on sign-up (DOMAIN.md, field 1): an account is not yet in a program, so the
/// list is the site's. A program's application form has its own editable list (the default is this one); an
/// account keeps the label it chose.
pub const INSTITUTION_TYPES: [&str; 9] = [
    "Public four-year",
    "Private non-profit four-year",
    "Community or two-year college",
    "Graduate or professional school",
    "For-profit institution",
    "Online institution",
    "Institution outside the United States",
    "System office or state agency",
    "Other",
];
