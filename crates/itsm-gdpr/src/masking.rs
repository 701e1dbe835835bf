//! Masking for display (seed section 1.1, layer 4): email addresses, phone
//! numbers, names and IP addresses. Every function works on characters, not
//! bytes, so any Unicode input is safe, and none panics.
//!
//! # Examples
//!
//! ```
//! use itsm_gdpr::masking::{mask_email, mask_ip, mask_name, mask_phone};
//!
//! assert_eq!(mask_email("john.doe@example.com"), "j*******@example.com");
//! assert_eq!(mask_phone("+49 30 1234 5678"), "+** ** **** 5678");
//! assert_eq!(mask_name("Zoë Łukasiewicz"), "Z** Ł**********");
//! assert_eq!(mask_ip("192.168.17.42"), "192.168.0.0");
//! assert_eq!(mask_ip("2001:db8:85a3::8a2e:370:7334"), "2001:db8:85a3::");
//! assert_eq!(mask_email("not an email"), "n***********");
//! ```

use std::net::IpAddr;

fn keep_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => std::iter::once(first).chain(chars.map(|_| '*')).collect(),
        None => String::new(),
    }
}

/// Keeps the first character of the local part and the domain. Input without
/// a single `@` is masked like a name.
#[must_use]
pub fn mask_email(email: &str) -> String {
    match email.rsplit_once('@') {
        Some((local, domain)) if !local.is_empty() && !domain.is_empty() => {
            format!("{}@{domain}", keep_first(local))
        }
        _ => keep_first(email),
    }
}

/// Keeps the last four digits and every non-digit (`+`, spaces, dashes).
#[must_use]
pub fn mask_phone(phone: &str) -> String {
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    let mut seen = 0usize;
    phone
        .chars()
        .map(|c| {
            if c.is_ascii_digit() {
                seen += 1;
                if seen + 4 > digits { c } else { '*' }
            } else {
                c
            }
        })
        .collect()
}

/// Keeps the first character of each word.
#[must_use]
pub fn mask_name(name: &str) -> String {
    name.split(' ')
        .map(keep_first)
        .collect::<Vec<_>>()
        .join(" ")
}

/// IPv4: keeps the first two octets (/16). IPv6: keeps the first 48 bits
/// (/48). Anything else is masked entirely as `*`.
#[must_use]
pub fn mask_ip(ip: &str) -> String {
    match ip.trim().parse::<IpAddr>() {
        Ok(IpAddr::V4(v4)) => {
            let [a, b, _, _] = v4.octets();
            format!("{a}.{b}.0.0")
        }
        Ok(IpAddr::V6(v6)) => {
            let s = v6.segments();
            let [a, b, c, ..] = s;
            std::net::Ipv6Addr::new(a, b, c, 0, 0, 0, 0, 0).to_string()
        }
        Err(_) => "*".into(),
    }
}
