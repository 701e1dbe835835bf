//! Transport and browser protections (seed layer 2): HSTS, security
//! response headers and secure cookie flags, as a recommended set a host
//! applies and checkers that name what a response is missing.
//!
//! [`SecurityHeaders::default`] is the recommended set, after the OWASP
//! Secure Headers Project and OWASP ASVS 5.0 chapter V3 (web frontend
//! security):
//!
//! | header | value | why |
//! |---|---|---|
//! | `Strict-Transport-Security` | `max-age=31536000; includeSubDomains` | browsers use HTTPS only, for a year (RFC 6797) |
//! | `Content-Security-Policy` | `default-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'` | scripts and frames from the service's own origin only |
//! | `X-Content-Type-Options` | `nosniff` | no MIME sniffing of responses |
//! | `Referrer-Policy` | `strict-origin-when-cross-origin` | no paths or ticket ids leak to other sites |
//! | `X-Frame-Options` | `DENY` | no framing (clickjacking), for browsers without `frame-ancestors` |
//! | `Cross-Origin-Opener-Policy` | `same-origin` | no cross-origin window handles |
//! | `Permissions-Policy` | `camera=(), microphone=(), geolocation=()` | no powerful features a service desk does not use |
//!
//! [`CookiePolicy::default`] asks for `Secure`, `HttpOnly`, `SameSite=Lax`
//! and the `__Host-` prefix (RFC 6265bis): the cookie is sent over HTTPS
//! only, is invisible to scripts, is not sent on cross-site subrequests and
//! cannot be set by a sibling domain. `Lax` rather than `Strict`, so links
//! into the service desk from email keep the session; choose `Strict` where
//! that does not matter.
//!
//! # Examples
//!
//! ```
//! use itsm_auth::guard::headers::{HeaderFinding, SecurityHeaders};
//!
//! let recommended = SecurityHeaders::default();
//! let response = vec![
//!     ("strict-transport-security", "max-age=300"),
//!     ("x-content-type-options", "nosniff"),
//! ];
//! let findings = recommended.check(&response);
//! assert!(findings.contains(&HeaderFinding::Missing { header: "Content-Security-Policy" }));
//! assert!(findings.iter().any(|f| matches!(f, HeaderFinding::Weak { header: "Strict-Transport-Security", .. })));
//!
//! // Applying the set leaves nothing to find.
//! let applied = recommended.headers();
//! assert!(recommended.check(&applied).is_empty());
//! ```

use std::fmt;

use itsm_core::InputExcerpt;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::Error;

const HSTS: &str = "Strict-Transport-Security";
const CSP: &str = "Content-Security-Policy";
const NOSNIFF: &str = "X-Content-Type-Options";
const REFERRER: &str = "Referrer-Policy";
const FRAME: &str = "X-Frame-Options";
const COOP: &str = "Cross-Origin-Opener-Policy";
const PERMISSIONS: &str = "Permissions-Policy";

/// `Strict-Transport-Security` (RFC 6797).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Hsts {
    /// Seconds browsers remember to use HTTPS only (a year by default;
    /// the HSTS preload list asks for at least that).
    pub max_age_seconds: u64,
    /// Whether subdomains are covered too.
    pub include_subdomains: bool,
    /// Whether the site asks to be on browsers' preload list.
    pub preload: bool,
}

/// `X-Frame-Options`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FrameOptions {
    /// No framing at all.
    Deny,
    /// Framing by the same origin only.
    SameOrigin,
}

impl FrameOptions {
    const fn value(self) -> &'static str {
        match self {
            Self::Deny => "DENY",
            Self::SameOrigin => "SAMEORIGIN",
        }
    }
}

/// `Referrer-Policy` values that never send a page's path to another
/// origin nor anything over a downgrade to HTTP.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ReferrerPolicy {
    /// No referrer at all.
    NoReferrer,
    /// The full URL to the same origin only.
    SameOrigin,
    /// Only the origin, and never over a downgrade.
    StrictOrigin,
    /// The full URL to the same origin, the origin elsewhere, nothing over a
    /// downgrade (browsers' default).
    StrictOriginWhenCrossOrigin,
}

impl ReferrerPolicy {
    const fn value(self) -> &'static str {
        match self {
            Self::NoReferrer => "no-referrer",
            Self::SameOrigin => "same-origin",
            Self::StrictOrigin => "strict-origin",
            Self::StrictOriginWhenCrossOrigin => "strict-origin-when-cross-origin",
        }
    }

    fn parse(token: &str) -> Option<Self> {
        match token.to_ascii_lowercase().as_str() {
            "no-referrer" => Some(Self::NoReferrer),
            "same-origin" => Some(Self::SameOrigin),
            "strict-origin" => Some(Self::StrictOrigin),
            "strict-origin-when-cross-origin" => Some(Self::StrictOriginWhenCrossOrigin),
            _ => None,
        }
    }
}

/// The response headers a service sends on every response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct SecurityHeaders {
    /// HSTS.
    pub hsts: Hsts,
    /// The `Content-Security-Policy` value.
    pub content_security_policy: String,
    /// The `Referrer-Policy` value.
    pub referrer_policy: ReferrerPolicy,
    /// The `X-Frame-Options` value.
    pub frame_options: FrameOptions,
    /// The `Cross-Origin-Opener-Policy` value, if sent.
    pub cross_origin_opener_policy: Option<String>,
    /// The `Permissions-Policy` value, if sent.
    pub permissions_policy: Option<String>,
}

impl Default for SecurityHeaders {
    /// The recommended set in the module docs.
    fn default() -> Self {
        Self {
            hsts: Hsts {
                max_age_seconds: 31_536_000,
                include_subdomains: true,
                preload: false,
            },
            content_security_policy: "default-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'".into(),
            referrer_policy: ReferrerPolicy::StrictOriginWhenCrossOrigin,
            frame_options: FrameOptions::Deny,
            cross_origin_opener_policy: Some("same-origin".into()),
            permissions_policy: Some("camera=(), microphone=(), geolocation=()".into()),
        }
    }
}

/// One way a response departs from a [`SecurityHeaders`] set or a cookie
/// from a [`CookiePolicy`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum HeaderFinding {
    /// The header is absent.
    Missing {
        /// Its name.
        header: &'static str,
    },
    /// The header is sent more than once (browsers may use either).
    Repeated {
        /// Its name.
        header: &'static str,
    },
    /// The header is present but protects less than the set asks.
    Weak {
        /// Its name.
        header: &'static str,
        /// What is missing or too lax.
        reason: String,
    },
}

impl fmt::Display for HeaderFinding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Missing { header } => write!(f, "{header} is missing"),
            Self::Repeated { header } => write!(f, "{header} is sent more than once"),
            Self::Weak { header, reason } => write!(f, "{header}: {reason}"),
        }
    }
}

impl SecurityHeaders {
    /// The headers to send, as name and value.
    #[must_use]
    pub fn headers(&self) -> Vec<(&'static str, String)> {
        let mut hsts = format!("max-age={}", self.hsts.max_age_seconds);
        if self.hsts.include_subdomains {
            hsts.push_str("; includeSubDomains");
        }
        if self.hsts.preload {
            hsts.push_str("; preload");
        }
        let mut out = vec![
            (HSTS, hsts),
            (CSP, self.content_security_policy.clone()),
            (NOSNIFF, "nosniff".to_owned()),
            (REFERRER, self.referrer_policy.value().to_owned()),
            (FRAME, self.frame_options.value().to_owned()),
        ];
        if let Some(v) = &self.cross_origin_opener_policy {
            out.push((COOP, v.clone()));
        }
        if let Some(v) = &self.permissions_policy {
            out.push((PERMISSIONS, v.clone()));
        }
        out
    }

    /// Every header of this set that `response` lacks, repeats or weakens.
    /// Header names compare case-insensitively.
    #[must_use]
    pub fn check<N: AsRef<str>, V: AsRef<str>>(&self, response: &[(N, V)]) -> Vec<HeaderFinding> {
        let mut findings = Vec::new();
        let mut expect = |name: &'static str, check: &dyn Fn(&str) -> Option<String>| {
            let values: Vec<&str> = response
                .iter()
                .filter(|(n, _)| n.as_ref().trim().eq_ignore_ascii_case(name))
                .map(|(_, v)| v.as_ref().trim())
                .collect();
            match values.as_slice() {
                [] => findings.push(HeaderFinding::Missing { header: name }),
                [value] => {
                    if let Some(reason) = check(value) {
                        findings.push(HeaderFinding::Weak {
                            header: name,
                            reason,
                        });
                    }
                }
                _ => findings.push(HeaderFinding::Repeated { header: name }),
            }
        };
        expect(HSTS, &|v| self.weak_hsts(v));
        expect(CSP, &weak_csp);
        expect(NOSNIFF, &|v| {
            (!v.eq_ignore_ascii_case("nosniff"))
                .then(|| format!("is {}, not `nosniff`", InputExcerpt::new(v)))
        });
        expect(REFERRER, &|v| {
            // The last value a browser understands wins (W3C Referrer Policy 8.1).
            let effective = v
                .split(',')
                .map(str::trim)
                .rev()
                .find_map(ReferrerPolicy::parse);
            effective.is_none().then(|| {
                format!(
                    "{} may send page addresses to other sites; use `{}`",
                    InputExcerpt::new(v),
                    self.referrer_policy.value()
                )
            })
        });
        expect(FRAME, &|v| {
            let ok = v.eq_ignore_ascii_case("DENY")
                || (self.frame_options == FrameOptions::SameOrigin
                    && v.eq_ignore_ascii_case("SAMEORIGIN"));
            (!ok).then(|| {
                format!(
                    "is {}, not `{}`",
                    InputExcerpt::new(v),
                    self.frame_options.value()
                )
            })
        });
        if let Some(want) = &self.cross_origin_opener_policy {
            expect(COOP, &|v| {
                (!v.eq_ignore_ascii_case(want))
                    .then(|| format!("is {}, not `{want}`", InputExcerpt::new(v)))
            });
        }
        if self.permissions_policy.is_some() {
            expect(PERMISSIONS, &|_| None);
        }
        findings
    }

    fn weak_hsts(&self, value: &str) -> Option<String> {
        let mut max_age = None;
        let mut subdomains = false;
        for directive in value.split(';').map(str::trim).filter(|d| !d.is_empty()) {
            let (name, arg) = directive
                .split_once('=')
                .map_or((directive, None), |(n, a)| {
                    (n.trim(), Some(a.trim().trim_matches('"')))
                });
            if name.eq_ignore_ascii_case("max-age") {
                max_age = arg.and_then(|a| a.parse::<u64>().ok());
                if max_age.is_none() {
                    return Some(format!(
                        "max-age {} is not a number of seconds",
                        InputExcerpt::new(arg.unwrap_or(""))
                    ));
                }
            } else if name.eq_ignore_ascii_case("includeSubDomains") {
                subdomains = true;
            }
        }
        let Some(max_age) = max_age else {
            return Some("has no max-age".into());
        };
        if max_age < self.hsts.max_age_seconds {
            return Some(format!(
                "max-age {max_age} is below {} seconds",
                self.hsts.max_age_seconds
            ));
        }
        if self.hsts.include_subdomains && !subdomains {
            return Some("does not include subdomains".into());
        }
        None
    }
}

/// Why a CSP value lets scripts in, if it does.
fn weak_csp(value: &str) -> Option<String> {
    let directives: Vec<(String, Vec<&str>)> = value
        .split(';')
        .filter_map(|d| {
            let mut parts = d.split_ascii_whitespace();
            parts
                .next()
                .map(|name| (name.to_ascii_lowercase(), parts.collect()))
        })
        .collect();
    let find = |name: &str| directives.iter().find(|(n, _)| n == name).map(|(_, v)| v);
    let Some(scripts) = find("script-src").or_else(|| find("default-src")) else {
        return Some("has neither `script-src` nor `default-src`, so any script may load".into());
    };
    let lax: Vec<&str> = scripts
        .iter()
        .copied()
        .filter(|s| {
            let s = s.to_ascii_lowercase();
            s == "'unsafe-inline'"
                || s == "'unsafe-eval'"
                || s == "*"
                || s == "data:"
                || s == "http:"
                || s == "https:"
        })
        .collect();
    if lax.is_empty() {
        None
    } else {
        Some(format!("scripts may come from {}", lax.join(" ")))
    }
}

/// `SameSite`, weakest first.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum SameSite {
    /// Sent on every request, cross-site too (needs `Secure`).
    None,
    /// Not sent on cross-site subrequests; sent on top-level navigations.
    Lax,
    /// Sent on same-site requests only.
    Strict,
}

impl SameSite {
    const fn value(self) -> &'static str {
        match self {
            Self::None => "None",
            Self::Lax => "Lax",
            Self::Strict => "Strict",
        }
    }
}

/// The flags every session or CSRF cookie must carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct CookiePolicy {
    /// `Secure`: HTTPS only.
    pub secure: bool,
    /// `HttpOnly`: invisible to scripts.
    pub http_only: bool,
    /// The weakest `SameSite` accepted.
    pub same_site: SameSite,
    /// The `__Host-` prefix: `Secure`, `Path=/`, no `Domain`.
    pub host_prefix: bool,
}

impl Default for CookiePolicy {
    /// `Secure`, `HttpOnly`, `SameSite=Lax` at least, `__Host-` prefix.
    fn default() -> Self {
        Self {
            secure: true,
            http_only: true,
            same_site: SameSite::Lax,
            host_prefix: true,
        }
    }
}

/// A cookie name is an RFC 6265 token; a value, cookie octets.
fn cookie_name_ok(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 128
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

fn cookie_value_ok(value: &str) -> bool {
    value.len() <= 4096
        && value
            .bytes()
            .all(|b| matches!(b, 0x21 | 0x23..=0x2B | 0x2D..=0x3A | 0x3C..=0x5B | 0x5D..=0x7E))
}

impl CookiePolicy {
    /// A `Set-Cookie` value carrying this policy's flags (and the prefix,
    /// added to `name` when the policy asks for it and `name` lacks it).
    /// `max_age_seconds` of `None` makes a session cookie.
    ///
    /// # Errors
    ///
    /// [`Error::Cookie`] when `name` is not a cookie name or `value` holds
    /// characters a cookie value cannot (quotes, spaces, `;`, `,`, `\`).
    pub fn set_cookie(
        &self,
        name: &str,
        value: &str,
        max_age_seconds: Option<u64>,
    ) -> Result<String, Error> {
        if !cookie_name_ok(name) {
            return Err(Error::Cookie {
                reason: format!("{} is not a cookie name", InputExcerpt::new(name)),
            });
        }
        if !cookie_value_ok(value) {
            return Err(Error::Cookie {
                reason: "the value holds characters a cookie value cannot".into(),
            });
        }
        let prefixed = if self.host_prefix && !name.starts_with("__Host-") {
            format!("__Host-{name}")
        } else {
            name.to_owned()
        };
        let mut out = format!("{prefixed}={value}; Path=/");
        if self.secure || self.host_prefix || self.same_site == SameSite::None {
            out.push_str("; Secure");
        }
        if self.http_only {
            out.push_str("; HttpOnly");
        }
        out.push_str("; SameSite=");
        out.push_str(self.same_site.value());
        if let Some(age) = max_age_seconds {
            out.push_str("; Max-Age=");
            out.push_str(&age.to_string());
        }
        Ok(out)
    }

    /// Every flag of this policy a `Set-Cookie` header value lacks or
    /// weakens. The cookie's value is never quoted in a finding.
    #[must_use]
    pub fn check(&self, set_cookie: &str) -> Vec<HeaderFinding> {
        const H: &str = "Set-Cookie";
        let mut parts = set_cookie.split(';').map(str::trim);
        let name = parts
            .next()
            .and_then(|nv| nv.split_once('=').map(|(n, _)| n.trim()))
            .unwrap_or_default();
        let (mut secure, mut http_only, mut same_site, mut domain, mut path) =
            (false, false, None, false, None);
        for attr in parts {
            let (key, val) = attr
                .split_once('=')
                .map_or((attr, ""), |(k, v)| (k.trim(), v.trim()));
            match key.to_ascii_lowercase().as_str() {
                "secure" => secure = true,
                "httponly" => http_only = true,
                "samesite" => {
                    same_site = match val.to_ascii_lowercase().as_str() {
                        "strict" => Some(SameSite::Strict),
                        "lax" => Some(SameSite::Lax),
                        "none" => Some(SameSite::None),
                        _ => None,
                    };
                }
                "domain" => domain = true,
                "path" => path = Some(val.to_owned()),
                _ => {}
            }
        }
        let mut findings = Vec::new();
        let mut weak = |reason: String| findings.push(HeaderFinding::Weak { header: H, reason });
        if name.is_empty() {
            weak("is not `name=value`".into());
            return findings;
        }
        let shown = InputExcerpt::new(name);
        if self.secure && !secure {
            weak(format!("cookie {shown} lacks Secure"));
        }
        if self.http_only && !http_only {
            weak(format!("cookie {shown} lacks HttpOnly"));
        }
        match same_site {
            None => weak(format!("cookie {shown} has no valid SameSite")),
            Some(s) if s < self.same_site => weak(format!(
                "cookie {shown} has SameSite={}, weaker than {}",
                s.value(),
                self.same_site.value()
            )),
            Some(SameSite::None) if !secure => {
                weak(format!("cookie {shown} has SameSite=None without Secure"));
            }
            Some(_) => {}
        }
        if self.host_prefix {
            if !name.starts_with("__Host-") {
                weak(format!("cookie {shown} lacks the __Host- prefix"));
            } else if domain || path.as_deref() != Some("/") || !secure {
                weak(format!(
                    "cookie {shown} breaks the __Host- rules (Secure, Path=/, no Domain)"
                ));
            }
        }
        findings
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn without(name: &str) -> Vec<(&'static str, String)> {
        SecurityHeaders::default()
            .headers()
            .into_iter()
            .filter(|(n, _)| *n != name)
            .collect()
    }

    #[test]
    fn the_recommended_set_passes_its_own_check() {
        let h = SecurityHeaders::default();
        assert_eq!(h.check(&h.headers()), vec![]);
        // Names are case-insensitive, values trimmed.
        let lower: Vec<(String, String)> = h
            .headers()
            .into_iter()
            .map(|(n, v)| (n.to_ascii_lowercase(), format!(" {v} ")))
            .collect();
        assert_eq!(h.check(&lower), vec![]);
    }

    #[test]
    fn each_missing_header_is_named() {
        let h = SecurityHeaders::default();
        for name in [HSTS, CSP, NOSNIFF, REFERRER, FRAME, COOP, PERMISSIONS] {
            assert_eq!(
                h.check(&without(name)),
                vec![HeaderFinding::Missing { header: name }],
                "{name}"
            );
        }
        let none: [(&str, &str); 0] = [];
        assert_eq!(h.check(&none).len(), 7);
    }

    #[test]
    fn weak_values_are_named() {
        let h = SecurityHeaders::default();
        let with = |name: &'static str, value: &str| {
            let mut r = without(name);
            r.push((name, value.to_owned()));
            h.check(&r)
        };
        let weak = |f: Vec<HeaderFinding>, header: &str| {
            assert!(
                matches!(f.as_slice(), [HeaderFinding::Weak { header: h, .. }] if *h == header),
                "{f:?}"
            );
        };
        weak(with(HSTS, "max-age=31535999; includeSubDomains"), HSTS);
        weak(with(HSTS, "max-age=31536000"), HSTS);
        weak(with(HSTS, "includeSubDomains"), HSTS);
        weak(with(HSTS, "max-age=soon"), HSTS);
        assert_eq!(
            with(HSTS, "max-age=\"63072000\"; includesubdomains; preload"),
            vec![]
        );
        weak(
            with(CSP, "default-src 'self'; script-src 'self' 'unsafe-inline'"),
            CSP,
        );
        weak(with(CSP, "default-src *"), CSP);
        weak(with(CSP, "img-src 'self'"), CSP);
        assert_eq!(with(CSP, "default-src 'none'; script-src 'self'"), vec![]);
        weak(with(NOSNIFF, "sniff"), NOSNIFF);
        weak(with(REFERRER, "unsafe-url"), REFERRER);
        weak(with(REFERRER, "no-referrer-when-downgrade"), REFERRER);
        // A fallback list: the last understood value counts.
        assert_eq!(with(REFERRER, "unsafe-url, no-referrer"), vec![]);
        weak(with(FRAME, "SAMEORIGIN"), FRAME);
        weak(with(FRAME, "ALLOW-FROM https://example.com"), FRAME);
        weak(with(COOP, "unsafe-none"), COOP);
        let mut twice = h.headers();
        twice.push((HSTS, "max-age=0".into()));
        assert_eq!(
            h.check(&twice),
            vec![HeaderFinding::Repeated { header: HSTS }]
        );
    }

    #[test]
    fn cookies_built_by_the_policy_pass_its_check() {
        let p = CookiePolicy::default();
        let c = p.set_cookie("session", "abc123", Some(3600)).unwrap();
        assert_eq!(
            c,
            "__Host-session=abc123; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=3600"
        );
        assert_eq!(p.check(&c), vec![]);
        assert!(p.set_cookie("bad name", "v", None).is_err());
        assert!(p.set_cookie("s", "a;b", None).is_err());
        assert!(p.set_cookie("s", "\"quoted\"", None).is_err());
    }

    #[test]
    fn each_missing_cookie_flag_is_named_without_the_value() {
        let p = CookiePolicy::default();
        let reasons = |c: &str| -> Vec<String> {
            p.check(c)
                .into_iter()
                .map(|f| match f {
                    HeaderFinding::Weak { reason, .. } => reason,
                    other => panic!("{other:?}"),
                })
                .collect()
        };
        let r = reasons("sid=s3cr3t-value");
        assert_eq!(r.len(), 4, "{r:?}");
        assert!(r.iter().all(|m| !m.contains("s3cr3t")));
        assert_eq!(
            reasons("__Host-sid=x; Path=/; Secure; SameSite=Lax"),
            vec!["cookie `__Host-sid` lacks HttpOnly"]
        );
        assert_eq!(
            reasons("__Host-sid=x; Path=/; HttpOnly; SameSite=Lax").len(),
            2
        ); // no Secure: flag and prefix rules
        assert_eq!(
            reasons("__Host-sid=x; Path=/; Secure; HttpOnly; SameSite=None").len(),
            1
        );
        assert_eq!(reasons("__Host-sid=x; Path=/; Secure; HttpOnly").len(), 1);
        assert_eq!(
            reasons("__Host-sid=x; Path=/app; Secure; HttpOnly; SameSite=Strict").len(),
            1
        );
        assert_eq!(
            reasons("__Host-sid=x; Domain=example.com; Path=/; Secure; HttpOnly; SameSite=Strict")
                .len(),
            1
        );
        assert_eq!(
            reasons("__Host-sid=x; path=/; secure; httponly; samesite=strict"),
            Vec::<String>::new()
        );
        assert_eq!(reasons("garbage").len(), 1);
        let relaxed = CookiePolicy {
            same_site: SameSite::None,
            host_prefix: false,
            ..CookiePolicy::default()
        };
        assert!(
            relaxed
                .check("sid=x; Secure; HttpOnly; SameSite=None")
                .is_empty()
        );
        assert_eq!(relaxed.check("sid=x; HttpOnly; SameSite=None").len(), 2);
    }

    #[test]
    fn sets_round_trip_through_json() {
        let h = SecurityHeaders::default();
        let back: SecurityHeaders =
            serde_json::from_str(&serde_json::to_string(&h).unwrap()).unwrap();
        assert_eq!(back, h);
        let c = CookiePolicy::default();
        let back: CookiePolicy = serde_json::from_str(&serde_json::to_string(&c).unwrap()).unwrap();
        assert_eq!(back, c);
        assert!(serde_json::from_str::<CookiePolicy>(r#"{"secure":true}"#).is_err());
    }
}
