//! Which browser bundle a page loads. Phones joining a workshop get the attendee bundle (only the workshop
//! pages, about 40 % of the full app); every other page gets the full one. Both are built by
//! `scripts/build-release`; the attendee bundle is compiled from this crate with the `attendee` feature.

/// A WASM + JS bundle in the site's `pkg` directory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bundle {
    /// Every page (`pkg/shoulder.{js,wasm}`).
    Full,
    /// The workshop pages of [`crate::AttendeeRoutes`] (`pkg/attendee.{js,wasm}`).
    Attendee,
}

impl Bundle {
    /// The bundle that can hydrate the page at `path`: the attendee one only for exactly the paths its
    /// router knows, so it never meets a page it cannot render.
    pub fn for_path(path: &str) -> Self {
        let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        let named = |segment: &&str| !segment.is_empty();
        match segments.as_slice() {
            ["join"] => Self::Attendee,
            ["join", code] | ["room", code] if named(code) => Self::Attendee,
            ["room", code, "screen"] if named(code) => Self::Attendee,
            _ => Self::Full,
        }
    }

    /// The file name its JS and WASM share (`<name>.js`, `<name>.wasm`).
    pub fn output_name(self) -> &'static str {
        match self {
            Self::Full => "shoulder",
            Self::Attendee => "attendee",
        }
    }
}

/// The options for this request's hydration scripts: the attendee bundle's name on its pages when that bundle
/// was built (a development build made with `cargo leptos` alone has only the full one).
#[cfg(feature = "ssr")]
pub fn hydration_options(
    options: leptos::prelude::LeptosOptions,
) -> leptos::prelude::LeptosOptions {
    use axum::http::request::Parts;
    use std::path::Path;
    use std::sync::OnceLock;

    static ATTENDEE_BUILT: OnceLock<bool> = OnceLock::new();
    let built = *ATTENDEE_BUILT.get_or_init(|| {
        let pkg = Path::new(&*options.site_root).join(&*options.site_pkg_dir);
        let modified = |bundle: Bundle| {
            let wasm = pkg.join(format!("{}.wasm", bundle.output_name()));
            wasm.metadata().and_then(|m| m.modified()).ok()
        };
        // scripts/build-release makes it after the full one: older means the full one was rebuilt alone.
        let built = matches!(
            (modified(Bundle::Attendee), modified(Bundle::Full)),
            (Some(attendee), Some(full)) if attendee >= full
        );
        if !built {
            tracing::warn!(
                "no attendee bundle as new as the full one in {} (scripts/build-release makes it): \
                 workshop pages load the full bundle",
                pkg.display()
            );
        }
        built
    });
    let path = crate::context::context::<Parts>()
        .map(|parts| parts.uri.path().to_owned())
        .unwrap_or_default();
    let mut options = options;
    if built && Bundle::for_path(&path) == Bundle::Attendee {
        options.output_name = Bundle::Attendee.output_name().into();
    }
    options
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workshop_pages_get_the_attendee_bundle() {
        for path in [
            "/join",
            "/join/K7QX2M",
            "/room/K7QX2M",
            "/room/K7QX2M/screen",
        ] {
            assert_eq!(Bundle::for_path(path), Bundle::Attendee, "{path}");
        }
    }

    #[test]
    fn every_other_page_gets_the_full_bundle() {
        for path in [
            "/",
            "/sign-in",
            "/join/",
            "/join/K7QX2M/extra",
            "/room",
            "/room/",
            "/room/K7QX2M/projector",
            "/facilitate/3",
            "/admin/cycles/1/matching",
            "/joined",
        ] {
            assert_eq!(Bundle::for_path(path), Bundle::Full, "{path}");
        }
    }
}
