//! Guessing join codes, throttled per client address across every room route (the join form, the room pages,
//! their server functions and the event stream): each answer "no such session" (404) counts as a miss, and an
//! address with too many misses in the window is answered 429 with `Retry-After` until the oldest leaves it.
//! Codes have about 30 bits (six characters of an unambiguous alphabet), so a few dozen guesses an hour per
//! address find nothing. Misses live in memory: one process sees its own (see issue 17 for several).

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use app::error::AppError;
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::state::AppState;

/// Recent misses per client address.
pub struct RoomGuesses {
    misses: Mutex<HashMap<IpAddr, VecDeque<Instant>>>,
    window: Duration,
    allowed: usize,
}

/// Past this many addresses, the ones with no miss left in the window are forgotten.
const PRUNE_ABOVE: usize = 10_000;

impl Default for RoomGuesses {
    fn default() -> Self {
        RoomGuesses::new(Duration::from_secs(15 * 60), 20)
    }
}

impl RoomGuesses {
    pub fn new(window: Duration, allowed: usize) -> Self {
        RoomGuesses {
            misses: Mutex::new(HashMap::new()),
            window,
            allowed,
        }
    }

    /// How long `ip` must wait before its next room request, if it has used up its misses.
    fn wait(&self, ip: IpAddr, now: Instant) -> Option<Duration> {
        let mut misses = self
            .misses
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let recent = misses.get_mut(&ip)?;
        while recent
            .front()
            .is_some_and(|at| now.duration_since(*at) >= self.window)
        {
            recent.pop_front();
        }
        if recent.len() < self.allowed {
            return None;
        }
        recent
            .front()
            .map(|oldest| self.window.saturating_sub(now.duration_since(*oldest)))
    }

    fn miss(&self, ip: IpAddr, now: Instant) {
        let mut misses = self
            .misses
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if misses.len() > PRUNE_ABOVE {
            let window = self.window;
            misses.retain(|_, recent| {
                recent
                    .back()
                    .is_some_and(|at| now.duration_since(*at) < window)
            });
        }
        misses.entry(ip).or_default().push_back(now);
    }
}

/// The routes where a request names a join code.
fn names_a_code(path: &str) -> bool {
    ["/api/room/", "/room/", "/join/"]
        .iter()
        .any(|prefix| path.starts_with(prefix))
}

pub async fn limit_room_guesses(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    if !names_a_code(request.uri().path()) {
        return next.run(request).await;
    }
    let Some(ip) = super::client_ip::of_request(&request, &state.config.trusted_proxies) else {
        return next.run(request).await;
    };
    if let Some(wait) = state.room_guesses.wait(ip, Instant::now()) {
        tracing::warn!(%ip, "join code guesses throttled");
        let retry_after_secs = wait.as_secs().max(1);
        let body =
            serde_json::to_string(&AppError::RateLimited { retry_after_secs }).unwrap_or_default();
        return (
            StatusCode::TOO_MANY_REQUESTS,
            [
                (header::CONTENT_TYPE, "application/json".to_owned()),
                (header::RETRY_AFTER, retry_after_secs.to_string()),
            ],
            body,
        )
            .into_response();
    }
    let response = next.run(request).await;
    if response.status() == StatusCode::NOT_FOUND {
        state.room_guesses.miss(ip, Instant::now());
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn misses_beyond_the_allowance_wait_for_the_oldest_to_leave_the_window() {
        let guesses = RoomGuesses::new(Duration::from_secs(60), 3);
        let ip: IpAddr = "198.51.100.1".parse().unwrap();
        let start = Instant::now();
        for i in 0..3 {
            assert_eq!(guesses.wait(ip, start), None);
            guesses.miss(ip, start + Duration::from_secs(i));
        }
        let now = start + Duration::from_secs(10);
        assert_eq!(guesses.wait(ip, now), Some(Duration::from_secs(50)));
        assert_eq!(
            guesses.wait("198.51.100.2".parse().unwrap(), now),
            None,
            "another address is not affected"
        );
        assert_eq!(guesses.wait(ip, start + Duration::from_secs(61)), None);
    }

    #[test]
    fn only_room_routes_count() {
        assert!(names_a_code("/api/room/join"));
        assert!(names_a_code("/room/ABC234/events"));
        assert!(names_a_code("/join/ABC234"));
        assert!(!names_a_code("/no-such-page"));
        assert!(!names_a_code("/api/sign_in"));
    }
}
