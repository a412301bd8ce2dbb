//! Who the client is, by address: the connection's peer, or, when that peer is a trusted reverse proxy
//! (`SHOULDER_TRUSTED_PROXIES`), the address the proxies recorded in `X-Forwarded-For`. The header is read from
//! the right (the part our own proxies appended) and the first address that is not a trusted proxy is the
//! client: anything further left was written by the client itself and could be anything.

use std::net::IpAddr;

use axum::http::HeaderMap;
use ipnet::IpNet;

/// The client's address of `request` (`None` without the connection's peer, e.g. in unit tests of a router).
pub fn of_request(request: &axum::extract::Request, trusted: &[IpNet]) -> Option<IpAddr> {
    request
        .extensions()
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|info| resolve(info.0.ip(), request.headers(), trusted))
}

/// The client's address for a request from `peer` with `headers`.
pub fn resolve(peer: IpAddr, headers: &HeaderMap, trusted: &[IpNet]) -> IpAddr {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    if !is_trusted(&peer) {
        return peer;
    }
    let hops: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .collect();
    // From the right: our proxies' hops are skipped; a garbled hop ends the walk at the nearest one we trust.
    let mut nearest = peer;
    for hop in hops.iter().rev() {
        match hop.parse::<IpAddr>() {
            Ok(ip) if is_trusted(&ip) => nearest = ip,
            Ok(ip) => return ip,
            Err(_) => break,
        }
    }
    nearest
}

/// Parses `SHOULDER_TRUSTED_PROXIES`: addresses and CIDR blocks, separated by commas or spaces.
///
/// # Errors
/// The entry that is neither an address nor a block.
pub fn parse_trusted(list: &str) -> Result<Vec<IpNet>, String> {
    list.split([',', ' '])
        .filter(|entry| !entry.is_empty())
        .map(|entry| {
            entry
                .parse::<IpNet>()
                .or_else(|_| entry.parse::<IpAddr>().map(IpNet::from))
                .map_err(|_| format!("{entry:?} is not an address or a block such as 10.0.0.0/8"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn forwarded(value: &'static str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", HeaderValue::from_static(value));
        headers
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_claims() {
        let trusted = parse_trusted("10.0.0.0/8").unwrap();
        assert_eq!(
            resolve(ip("203.0.113.7"), &forwarded("198.51.100.1"), &trusted),
            ip("203.0.113.7")
        );
        assert_eq!(
            resolve(ip("10.0.0.2"), &forwarded("198.51.100.1"), &[]),
            ip("10.0.0.2"),
            "no proxies configured: the header is never believed"
        );
    }

    #[test]
    fn behind_trusted_proxies_the_first_untrusted_hop_from_the_right_is_the_client() {
        let trusted = parse_trusted("10.0.0.0/8, 192.0.2.10").unwrap();
        // The client forged the leftmost entry; our two proxies appended the real address and their own.
        let headers = forwarded("1.2.3.4, 198.51.100.9, 192.0.2.10");
        assert_eq!(
            resolve(ip("10.0.0.2"), &headers, &trusted),
            ip("198.51.100.9")
        );
        assert_eq!(
            resolve(ip("10.0.0.2"), &HeaderMap::new(), &trusted),
            ip("10.0.0.2")
        );
        assert_eq!(
            resolve(ip("10.0.0.2"), &forwarded("not-an-ip, 10.0.0.3"), &trusted),
            ip("10.0.0.3"),
            "a garbled hop is never taken for the client"
        );
    }

    #[test]
    fn bad_entries_are_named() {
        assert!(parse_trusted("10.0.0.0/8 ::1 fd00::/8").is_ok());
        assert!(parse_trusted("proxy.local")
            .unwrap_err()
            .contains("proxy.local"));
    }
}
