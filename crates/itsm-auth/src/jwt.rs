//! HS256 JSON Web Tokens (RFC 7519, RFC 7515) with the seed's claims, key
//! rotation by `kid`, and strict verification at an explicit `now`.
//!
//! # Claims
//!
//! The seed's token (section 1.2) as a typed struct, [`Claims`]: `iss`,
//! `sub`, `exp`, `iat`, `jti`, `org_id`, `user_id`, `role`, `permissions`,
//! `teams`, `mfa_verified` and `scope` are required; `email` is optional (the
//! seed always includes it; data minimisation, GDPR Art. 5(1)(c), says to
//! leave it out unless a service needs it), and so are `aud` and `nbf`.
//! `sub` and `user_id` must be equal.
//!
//! # Verification
//!
//! [`TokenVerifier::verify`] refuses, each with its own [`Error`] variant:
//! a token over 8 KiB (before any parsing), anything but three segments,
//! segments that are not canonical unpadded base64url, a header or payload
//! that is not a JSON object or repeats a member, an `alg` other than exactly
//! `HS256` (so `none`, `None`, `NONE` and `hs256` too), a `typ` other than
//! `JWT`, a `crit` header, an unknown `kid`, a bad signature, a missing claim,
//! a claim of the wrong JSON type, an expired token, an `nbf` or `iat` in the
//! future, the wrong issuer or audience, the wrong scope (a refresh token
//! where an access token is required) and a revoked `jti`. Times allow a
//! leeway of [`DEFAULT_LEEWAY_SECONDS`].
//!
//! The signature is checked over the raw base64url segments as received
//! (never over re-serialised JSON), in constant time with
//! `ring::hmac::verify`, before the payload is parsed. jsonwebtoken is a
//! reference for interoperability tests, not a dependency: its default claim
//! validation is looser and it reads the system clock.
//!
//! # Examples
//!
//! ```
//! use chrono::{Duration, TimeZone, Utc};
//! use itsm_auth::jwt::{InMemoryRevocations, KeySet, Scope, TokenIssuer, TokenRequest, TokenVerifier};
//! use itsm_auth::rbac::{RoleName, TeamId};
//! use itsm_auth::{Error, HmacKey, KeyId};
//! use itsm_core::{OrgId, SeededEntropy, UserId};
//!
//! let entropy = SeededEntropy::new(1);
//! let keys = KeySet::new(HmacKey::generate(KeyId::new("2026-12")?, &entropy)?);
//! let issuer = TokenIssuer::new(keys.clone(), "itsm-system");
//! let verifier = TokenVerifier::new(keys, "itsm-system");
//! let revocations = InMemoryRevocations::default();
//!
//! let now = Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).unwrap();
//! let request = TokenRequest::new(
//!     "550e8400-e29b-41d4-a716-446655440000".parse::<UserId>()?,
//!     "550e8400-e29b-41d4-a716-446655440001".parse::<OrgId>()?,
//!     RoleName::new("agent")?,
//! )
//! .with_permissions(vec!["incident:read".parse()?, "incident:create".parse()?])
//! .with_teams(vec![TeamId::new("team_001")?])
//! .with_mfa_verified(true);
//!
//! let access = issuer.issue(&request, Scope::Access, now, &entropy)?;
//! let claims = verifier.verify(access.token.expose(), Scope::Access, now, &revocations)?;
//! assert_eq!(claims.role.as_str(), "agent");
//! assert!(claims.mfa_verified);
//!
//! // An hour later it has expired (the seed's lifetime), past the 30 s leeway.
//! let later = now + Duration::hours(1) + Duration::seconds(30);
//! assert!(matches!(verifier.verify(access.token.expose(), Scope::Access, later, &revocations), Err(Error::Expired { .. })));
//! // A refresh token is not an access token.
//! let refresh = issuer.issue(&request, Scope::Refresh, now, &entropy)?;
//! assert!(matches!(verifier.verify(refresh.token.expose(), Scope::Access, now, &revocations), Err(Error::Scope { .. })));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Mutex;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Duration, Utc};
use itsm_core::{Entropy, InputExcerpt, OrgId, UserId, fill_array, time};
use schemars::JsonSchema;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::rbac::{Permission, RoleName, TeamId};
use crate::{Error, HmacKey, KeyId};

mod claims_reader;

use claims_reader::ReadError;

/// The largest token accepted, checked before anything is parsed.
pub const MAX_TOKEN_BYTES: usize = 8 * 1024;
/// Clock skew allowed on `exp`, `nbf` and `iat`.
pub const DEFAULT_LEEWAY_SECONDS: u32 = 30;
/// Access tokens live an hour, as in the seed's example (`exp - iat = 3600`).
pub const DEFAULT_ACCESS_LIFETIME_SECONDS: i64 = 3600;
/// Refresh tokens live 7 days (the seed gives none; short enough that a
/// stolen one does not outlive a working week by much, and revocable by `jti`).
pub const DEFAULT_REFRESH_LIFETIME_SECONDS: i64 = 7 * 24 * 3600;
/// The longest lifetime accepted at issuance: 90 days.
pub const MAX_LIFETIME_SECONDS: i64 = 90 * 24 * 3600;

/// What a token may be used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Calls to the API.
    Access,
    /// Getting a new access token, and nothing else.
    Refresh,
}

impl Scope {
    const fn as_str(self) -> &'static str {
        match self {
            Self::Access => "access",
            Self::Refresh => "refresh",
        }
    }
}

/// The `aud` claim: one audience or several (RFC 7519 section 4.1.3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Audience {
    /// A single audience.
    One(String),
    /// Several audiences.
    Many(Vec<String>),
}

impl Audience {
    fn contains(&self, aud: &str) -> bool {
        match self {
            Self::One(a) => a == aud,
            Self::Many(list) => list.iter().any(|a| a == aud),
        }
    }
}

/// The seed's token claims, typed. Times are whole seconds since 1970
/// (`NumericDate`) on the wire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[non_exhaustive]
pub struct Claims {
    /// Issuer (`itsm-system` in the seed).
    pub iss: String,
    /// Subject: the user id.
    pub sub: UserId,
    /// Audience, if the token is meant for particular services.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aud: Option<Audience>,
    /// Expiry.
    #[serde(with = "chrono::serde::ts_seconds")]
    #[schemars(with = "i64")]
    pub exp: DateTime<Utc>,
    /// Not before.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "chrono::serde::ts_seconds_option"
    )]
    #[schemars(with = "Option<i64>")]
    pub nbf: Option<DateTime<Utc>>,
    /// Issued at.
    #[serde(with = "chrono::serde::ts_seconds")]
    #[schemars(with = "i64")]
    pub iat: DateTime<Utc>,
    /// Token id, for revocation.
    pub jti: String,
    /// The user's organisation (tenant).
    pub org_id: OrgId,
    /// The user id (equal to `sub`).
    pub user_id: UserId,
    /// Email, only where a service needs it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The user's role.
    pub role: RoleName,
    /// Permissions granted by this token.
    pub permissions: Vec<Permission>,
    /// The user's teams.
    pub teams: Vec<TeamId>,
    /// Whether the session passed MFA.
    pub mfa_verified: bool,
    /// Access or refresh.
    pub scope: Scope,
}

/// A signed token. `Debug` hides it; it is wiped on drop.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(Zeroizing<String>);

impl Token {
    /// The compact token text, for the `Authorization` header.
    #[must_use]
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(<redacted>)")
    }
}

/// A token with the claims it carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedToken {
    /// The token.
    pub token: Token,
    /// Its claims.
    pub claims: Claims,
}

/// HS256 keys by id: one current key that signs, older keys that still
/// verify, so keys rotate without logging everyone out.
#[derive(Debug, Clone)]
pub struct KeySet {
    current: HmacKey,
    others: BTreeMap<KeyId, HmacKey>,
}

impl KeySet {
    /// A key set signing with `current`.
    #[must_use]
    pub fn new(current: HmacKey) -> Self {
        Self {
            current,
            others: BTreeMap::new(),
        }
    }

    /// Also accept tokens signed with `key`.
    #[must_use]
    pub fn with_verification_key(mut self, key: HmacKey) -> Self {
        if key.id() != self.current.id() {
            self.others.insert(key.id().clone(), key);
        }
        self
    }

    /// Signs with `next` from now on; the old current key keeps verifying.
    #[must_use]
    pub fn rotate(mut self, next: HmacKey) -> Self {
        let old = std::mem::replace(&mut self.current, next);
        self.others.remove(self.current.id());
        self.others.insert(old.id().clone(), old);
        self
    }

    /// Stops accepting tokens signed with `kid` (never the current key).
    #[must_use]
    pub fn retire(mut self, kid: &KeyId) -> Self {
        self.others.remove(kid);
        self
    }

    /// The signing key's id.
    #[must_use]
    pub fn current_kid(&self) -> &KeyId {
        self.current.id()
    }

    fn find(&self, kid: Option<&str>) -> Option<&HmacKey> {
        match kid {
            None => Some(&self.current),
            Some(k) if k == self.current.id().as_str() => Some(&self.current),
            Some(k) => self
                .others
                .iter()
                .find(|(id, _)| id.as_str() == k)
                .map(|(_, key)| key),
        }
    }
}

/// Who a token is for and what it grants.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct TokenRequest {
    /// The user.
    pub user: UserId,
    /// The user's organisation.
    pub org: OrgId,
    /// The user's role.
    pub role: RoleName,
    /// Permissions to put in the token.
    pub permissions: Vec<Permission>,
    /// The user's teams.
    pub teams: Vec<TeamId>,
    /// Whether the session passed MFA.
    pub mfa_verified: bool,
    /// Email, only where a service needs it.
    pub email: Option<String>,
}

impl TokenRequest {
    /// A request without permissions, teams, MFA or email.
    #[must_use]
    pub fn new(user: UserId, org: OrgId, role: RoleName) -> Self {
        Self {
            user,
            org,
            role,
            permissions: Vec::new(),
            teams: Vec::new(),
            mfa_verified: false,
            email: None,
        }
    }

    /// The permissions to grant.
    #[must_use]
    pub fn with_permissions(mut self, permissions: Vec<Permission>) -> Self {
        self.permissions = permissions;
        self
    }

    /// The user's teams.
    #[must_use]
    pub fn with_teams(mut self, teams: Vec<TeamId>) -> Self {
        self.teams = teams;
        self
    }

    /// Whether the session passed MFA.
    #[must_use]
    pub fn with_mfa_verified(mut self, mfa_verified: bool) -> Self {
        self.mfa_verified = mfa_verified;
        self
    }

    /// Include the email claim.
    #[must_use]
    pub fn with_email(mut self, email: impl Into<String>) -> Self {
        self.email = Some(email.into());
        self
    }
}

/// Issues tokens.
#[derive(Debug, Clone)]
pub struct TokenIssuer {
    keys: KeySet,
    issuer: String,
    audience: Option<String>,
    access_lifetime: Duration,
    refresh_lifetime: Duration,
}

impl TokenIssuer {
    /// An issuer named `issuer` with the default lifetimes.
    #[must_use]
    pub fn new(keys: KeySet, issuer: impl Into<String>) -> Self {
        Self {
            keys,
            issuer: issuer.into(),
            audience: None,
            access_lifetime: Duration::seconds(DEFAULT_ACCESS_LIFETIME_SECONDS),
            refresh_lifetime: Duration::seconds(DEFAULT_REFRESH_LIFETIME_SECONDS),
        }
    }

    /// Put `aud` in every token.
    #[must_use]
    pub fn with_audience(mut self, audience: impl Into<String>) -> Self {
        self.audience = Some(audience.into());
        self
    }

    /// Sets the lifetimes in seconds.
    ///
    /// # Errors
    ///
    /// [`Error::Lifetime`] outside 1..=[`MAX_LIFETIME_SECONDS`].
    pub fn with_lifetimes(
        mut self,
        access_seconds: i64,
        refresh_seconds: i64,
    ) -> Result<Self, Error> {
        for seconds in [access_seconds, refresh_seconds] {
            if !(1..=MAX_LIFETIME_SECONDS).contains(&seconds) {
                return Err(Error::Lifetime {
                    seconds,
                    max: MAX_LIFETIME_SECONDS,
                });
            }
        }
        self.access_lifetime = Duration::seconds(access_seconds);
        self.refresh_lifetime = Duration::seconds(refresh_seconds);
        Ok(self)
    }

    /// Issues a token of `scope` at `now`, with a 128-bit random `jti`.
    ///
    /// # Errors
    ///
    /// [`Error::Core`] when the entropy source fails; [`Error::TimeRange`]
    /// when `now` is too far out to express.
    pub fn issue(
        &self,
        request: &TokenRequest,
        scope: Scope,
        now: DateTime<Utc>,
        entropy: &(impl Entropy + ?Sized),
    ) -> Result<IssuedToken, Error> {
        let lifetime = match scope {
            Scope::Access => self.access_lifetime,
            Scope::Refresh => self.refresh_lifetime,
        };
        // Whole seconds, as the wire carries them.
        let iat = DateTime::from_timestamp(now.timestamp(), 0).ok_or(Error::TimeRange)?;
        let exp = iat.checked_add_signed(lifetime).ok_or(Error::TimeRange)?;
        let jti_bytes: [u8; 16] = fill_array(entropy)?;
        let claims = Claims {
            iss: self.issuer.clone(),
            sub: request.user,
            aud: self.audience.clone().map(Audience::One),
            exp,
            nbf: None,
            iat,
            jti: URL_SAFE_NO_PAD.encode(jti_bytes),
            org_id: request.org,
            user_id: request.user,
            email: request.email.clone(),
            role: request.role.clone(),
            permissions: request.permissions.clone(),
            teams: request.teams.clone(),
            mfa_verified: request.mfa_verified,
            scope,
        };
        let token = sign(&self.keys.current, &claims)?;
        Ok(IssuedToken { token, claims })
    }
}

#[derive(Serialize)]
struct HeaderOut<'a> {
    alg: &'static str,
    typ: &'static str,
    kid: &'a str,
}

/// The header this crate writes for `kid`, as JSON.
fn header_json(kid: &KeyId) -> Result<Vec<u8>, Error> {
    serde_json::to_vec(&HeaderOut {
        alg: "HS256",
        typ: "JWT",
        kid: kid.as_str(),
    })
    .map_err(|_| Error::Json { segment: "header" })
}

fn sign(key: &HmacKey, claims: &Claims) -> Result<Token, Error> {
    let header = header_json(key.id())?;
    let payload = serde_json::to_vec(claims).map_err(|_| Error::Json { segment: "payload" })?;
    let mut token = String::with_capacity((header.len() + payload.len()) * 4 / 3 + 48);
    URL_SAFE_NO_PAD.encode_string(&header, &mut token);
    token.push('.');
    URL_SAFE_NO_PAD.encode_string(&payload, &mut token);
    let tag = ring::hmac::sign(key.hmac_key(), token.as_bytes());
    token.push('.');
    URL_SAFE_NO_PAD.encode_string(tag.as_ref(), &mut token);
    Ok(Token(Zeroizing::new(token)))
}

/// Checks tokens.
#[derive(Debug, Clone)]
pub struct TokenVerifier {
    keys: KeySet,
    /// The header segments this crate writes for each key, so that a token
    /// carrying one exactly needs no header decoding or parsing.
    known_headers: Vec<KnownHeader>,
    issuer: String,
    audience: Option<String>,
    leeway: Duration,
}

/// A header segment as [`TokenIssuer`] writes it for one key.
#[derive(Debug, Clone)]
struct KnownHeader {
    encoded: String,
    json: Vec<u8>,
    kid: KeyId,
}

impl KnownHeader {
    fn for_key(kid: &KeyId) -> Option<Self> {
        let json = header_json(kid).ok()?;
        Some(Self {
            encoded: URL_SAFE_NO_PAD.encode(&json),
            json,
            kid: kid.clone(),
        })
    }
}

/// The header and payload of a token whose signature checked out, before the
/// payload is read as [`Claims`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedJws {
    /// The decoded header bytes.
    pub header: Vec<u8>,
    /// The decoded payload bytes.
    pub payload: Vec<u8>,
}

impl TokenVerifier {
    /// A verifier expecting `issuer`, no audience, and the default leeway.
    #[must_use]
    pub fn new(keys: KeySet, issuer: impl Into<String>) -> Self {
        let known_headers = std::iter::once(keys.current.id())
            .chain(keys.others.keys())
            .filter_map(KnownHeader::for_key)
            .collect();
        Self {
            keys,
            known_headers,
            issuer: issuer.into(),
            audience: None,
            leeway: Duration::seconds(i64::from(DEFAULT_LEEWAY_SECONDS)),
        }
    }

    /// Require `aud` to include `audience`. Without this, tokens that carry
    /// an `aud` are refused (RFC 7519 section 4.1.3).
    #[must_use]
    pub fn with_audience(mut self, audience: impl Into<String>) -> Self {
        self.audience = Some(audience.into());
        self
    }

    /// Sets the leeway on `exp`, `nbf` and `iat`, at most 5 minutes.
    #[must_use]
    pub fn with_leeway_seconds(mut self, seconds: u32) -> Self {
        self.leeway = Duration::seconds(i64::from(seconds.min(300)));
        self
    }

    /// Verifies `token` for `scope` at `now` and returns its claims. See the
    /// [module docs](self) for every check.
    ///
    /// # Errors
    ///
    /// One variant of [`Error`] per reason, as listed in the module docs.
    pub fn verify(
        &self,
        token: &str,
        scope: Scope,
        now: DateTime<Utc>,
        revocations: &(impl RevocationStore + ?Sized),
    ) -> Result<Claims, Error> {
        let (_, payload) = self.check_signature(token, false)?;
        let claims = parse_claims(&payload)?;
        let leeway = self.leeway;
        if now >= time::after(claims.exp, leeway) {
            return Err(Error::Expired { exp: claims.exp });
        }
        if let Some(nbf) = claims.nbf
            && time::after(now, leeway) < nbf
        {
            return Err(Error::NotYetValid { nbf });
        }
        if claims.iat > time::after(now, leeway) {
            return Err(Error::IssuedInFuture { iat: claims.iat });
        }
        if claims.iss != self.issuer {
            return Err(Error::Issuer {
                iss: InputExcerpt::new(&claims.iss),
            });
        }
        match (&self.audience, &claims.aud) {
            (None, None) => {}
            (Some(expected), Some(aud)) if aud.contains(expected) => {}
            _ => return Err(Error::Audience),
        }
        if claims.scope != scope {
            return Err(Error::Scope {
                expected: scope.as_str(),
                found: claims.scope.as_str(),
            });
        }
        if revocations.is_revoked(&claims.jti)? {
            return Err(Error::Revoked);
        }
        Ok(claims)
    }

    /// The signature layer alone: size, segments, base64url, header (`alg`,
    /// `typ`, `crit`, `kid`) and the HMAC over the raw segments. Use
    /// [`verify`](Self::verify) for tokens; this is for tests against
    /// published vectors and for hosts with their own claim sets.
    ///
    /// # Errors
    ///
    /// As [`verify`](Self::verify), up to and including [`Error::Signature`].
    pub fn verify_signature(&self, token: &str) -> Result<VerifiedJws, Error> {
        let (header, payload) = self.check_signature(token, true)?;
        Ok(VerifiedJws { header, payload })
    }

    /// The signature layer; returns the decoded header (when `keep_header`;
    /// empty otherwise) and payload.
    fn check_signature(&self, token: &str, keep_header: bool) -> Result<(Vec<u8>, Vec<u8>), Error> {
        if token.len() > MAX_TOKEN_BYTES {
            return Err(Error::TokenTooLarge {
                len: token.len(),
                max: MAX_TOKEN_BYTES,
            });
        }
        let mut parts = token.split('.');
        let (Some(h64), Some(p64), Some(s64), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(Error::TokenSegments {
                found: token.split('.').count(),
            });
        };
        // A header byte for byte as this crate writes it: its checks are
        // known to pass, so it is neither decoded nor parsed.
        let (header, key) =
            if let Some(known) = self.known_headers.iter().find(|k| k.encoded == h64) {
                let header = if keep_header {
                    known.json.clone()
                } else {
                    Vec::new()
                };
                (header, self.keys.find(Some(known.kid.as_str())))
            } else {
                let header = decode_segment(h64, "header")?;
                let kid = check_header(&header)?;
                let key = self
                    .keys
                    .find(kid.as_deref())
                    .ok_or_else(|| Error::UnknownKeyId {
                        kid: InputExcerpt::new(kid.as_deref().unwrap_or_default()),
                    })?;
                (header, Some(key))
            };
        let key = key.ok_or(Error::Signature)?;
        let signature = decode_segment(s64, "signature")?;
        let signing_input = token
            .get(..h64.len() + 1 + p64.len())
            .ok_or(Error::Signature)?;
        ring::hmac::verify(key.hmac_key(), signing_input.as_bytes(), &signature)
            .map_err(|_| Error::Signature)?;
        let payload = decode_segment(p64, "payload")?;
        Ok((header, payload))
    }
}

fn decode_segment(segment: &str, name: &'static str) -> Result<Vec<u8>, Error> {
    // URL_SAFE_NO_PAD refuses padding, `+` and `/`, and non-zero trailing
    // bits, as the `base64` crate's engine of that name does (a test below
    // compares them); it decodes a payload about five times faster.
    base64_simd::URL_SAFE_NO_PAD
        .decode_to_vec(segment)
        .map_err(|_| Error::Base64 { segment: name })
}

/// A JSON member name, borrowed when it has no escapes.
struct Name<'a>(Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for Name<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Name<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a member name")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Name(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Name(Cow::Owned(v.to_owned())))
            }
        }
        d.deserialize_str(V)
    }
}

/// What a one-pass parse was doing when it failed, so the error can name it.
#[derive(Default)]
struct ParseState {
    /// The member whose value was being read.
    current: Option<&'static str>,
    /// A member name seen twice.
    duplicate: Option<String>,
}

/// Reads one member's value into `slot`, refusing a second occurrence and
/// recording which member is being read.
fn take<'de, T: Deserialize<'de>, A: MapAccess<'de>>(
    map: &mut A,
    state: &mut ParseState,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        state.duplicate = Some(name.to_owned());
        return Err(de::Error::custom("duplicate member"));
    }
    state.current = Some(name);
    *slot = Some(map.next_value()?);
    state.current = None;
    Ok(())
}

/// Skips a member this parser does not know, refusing a second occurrence.
fn skip_unknown<'de, A: MapAccess<'de>>(
    map: &mut A,
    state: &mut ParseState,
    seen: &mut Vec<Name<'de>>,
    name: Name<'de>,
) -> Result<(), A::Error> {
    if seen.iter().any(|n| n.0 == name.0) {
        state.duplicate = Some(name.0.into_owned());
        return Err(de::Error::custom("duplicate member"));
    }
    seen.push(name);
    map.next_value::<de::IgnoredAny>()?;
    Ok(())
}

/// Runs a one-pass parse of `bytes` and maps its failure to a named error.
fn parse_with<T>(
    bytes: &[u8],
    segment: &'static str,
    parse: impl FnOnce(
        &mut serde_json::Deserializer<serde_json::de::StrRead<'_>>,
        &mut ParseState,
    ) -> Result<T, serde_json::Error>,
    on_type_error: impl FnOnce(&'static str) -> Error,
) -> Result<T, Error> {
    let text = std::str::from_utf8(bytes).map_err(|_| Error::Json { segment })?;
    let mut state = ParseState::default();
    let mut de = serde_json::Deserializer::from_str(text);
    let result = parse(&mut de, &mut state).and_then(|v| de.end().map(|()| v));
    result.map_err(|e| {
        if let Some(name) = state.duplicate {
            Error::DuplicateMember {
                segment,
                name: InputExcerpt::new(&name),
            }
        } else if let (serde_json::error::Category::Data, Some(current)) =
            (e.classify(), state.current)
        {
            on_type_error(current)
        } else {
            Error::Json { segment }
        }
    })
}

#[derive(Default)]
struct Header {
    alg: Option<String>,
    typ: Option<String>,
    kid: Option<String>,
    crit: Option<de::IgnoredAny>,
}

struct HeaderSeed<'s>(&'s mut ParseState);

impl<'de> de::DeserializeSeed<'de> for HeaderSeed<'_> {
    type Value = Header;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for HeaderSeed<'_> {
    type Value = Header;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JOSE header object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let state = self.0;
        let mut h = Header::default();
        let mut unknown = Vec::new();
        while let Some(name) = map.next_key::<Name<'de>>()? {
            match name.0.as_ref() {
                "alg" => take(&mut map, state, &mut h.alg, "alg")?,
                "typ" => take(&mut map, state, &mut h.typ, "typ")?,
                "kid" => take(&mut map, state, &mut h.kid, "kid")?,
                "crit" => take(&mut map, state, &mut h.crit, "crit")?,
                _ => skip_unknown(&mut map, state, &mut unknown, name)?,
            }
        }
        Ok(h)
    }
}

/// Checks `alg`, `typ` and `crit`; returns `kid`. Other header parameters
/// are ignored, as RFC 7515 section 4 requires of parameters not listed as
/// critical.
fn check_header(bytes: &[u8]) -> Result<Option<String>, Error> {
    let header = parse_with(
        bytes,
        "header",
        |de, state| de::DeserializeSeed::deserialize(HeaderSeed(state), de),
        |member| match member {
            "alg" => Error::Algorithm {
                alg: InputExcerpt::new("(not a string)"),
            },
            "typ" => Error::TokenType {
                typ: InputExcerpt::new("(not a string)"),
            },
            "kid" => Error::UnknownKeyId {
                kid: InputExcerpt::new("(not a string)"),
            },
            _ => Error::Json { segment: "header" },
        },
    )?;
    match header.alg.as_deref() {
        Some("HS256") => {}
        other => {
            return Err(Error::Algorithm {
                alg: InputExcerpt::new(other.unwrap_or_default()),
            });
        }
    }
    if let Some(typ) = header.typ.as_deref()
        && !typ.eq_ignore_ascii_case("JWT")
    {
        return Err(Error::TokenType {
            typ: InputExcerpt::new(typ),
        });
    }
    if header.crit.is_some() {
        return Err(Error::CriticalHeader);
    }
    Ok(header.kid)
}

/// Claims as read, before the required ones are checked for presence.
#[derive(Debug, Default, PartialEq)]
struct PartialClaims {
    iss: Option<String>,
    sub: Option<UserId>,
    aud: Option<Audience>,
    exp: Option<i64>,
    nbf: Option<i64>,
    iat: Option<i64>,
    jti: Option<String>,
    org_id: Option<OrgId>,
    user_id: Option<UserId>,
    email: Option<String>,
    role: Option<RoleName>,
    permissions: Option<Vec<Permission>>,
    teams: Option<Vec<TeamId>>,
    mfa_verified: Option<bool>,
    scope: Option<Scope>,
}

/// The serde form of the claims parse: [`claims_reader`] does the same in one
/// pass without serde's dispatch; this one stays as the oracle its tests
/// compare against.
#[cfg(test)]
struct ClaimsSeed<'s>(&'s mut ParseState);

#[cfg(test)]
impl<'de> de::DeserializeSeed<'de> for ClaimsSeed<'_> {
    type Value = PartialClaims;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

#[cfg(test)]
impl<'de> Visitor<'de> for ClaimsSeed<'_> {
    type Value = PartialClaims;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a claims object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let state = self.0;
        let mut c = PartialClaims::default();
        let mut unknown = Vec::new();
        while let Some(name) = map.next_key::<Name<'de>>()? {
            let m = &mut map;
            match name.0.as_ref() {
                "iss" => take(m, state, &mut c.iss, "iss")?,
                "sub" => take(m, state, &mut c.sub, "sub")?,
                "aud" => take(m, state, &mut c.aud, "aud")?,
                "exp" => take(m, state, &mut c.exp, "exp")?,
                "nbf" => take(m, state, &mut c.nbf, "nbf")?,
                "iat" => take(m, state, &mut c.iat, "iat")?,
                "jti" => take(m, state, &mut c.jti, "jti")?,
                "org_id" => take(m, state, &mut c.org_id, "org_id")?,
                "user_id" => take(m, state, &mut c.user_id, "user_id")?,
                "email" => take(m, state, &mut c.email, "email")?,
                "role" => take(m, state, &mut c.role, "role")?,
                "permissions" => take(m, state, &mut c.permissions, "permissions")?,
                "teams" => take(m, state, &mut c.teams, "teams")?,
                "mfa_verified" => take(m, state, &mut c.mfa_verified, "mfa_verified")?,
                // As a string: serde's enum form would also take `{"access":null}`.
                "scope" => {
                    if c.scope.is_some() {
                        state.duplicate = Some("scope".to_owned());
                        return Err(de::Error::custom("duplicate member"));
                    }
                    let mut text: Option<String> = None;
                    take(m, state, &mut text, "scope")?;
                    c.scope = Some(match text.as_deref() {
                        Some("access") => Scope::Access,
                        Some("refresh") => Scope::Refresh,
                        _ => {
                            state.current = Some("scope");
                            return Err(de::Error::custom("unknown scope"));
                        }
                    });
                }
                _ => skip_unknown(m, state, &mut unknown, name)?,
            }
        }
        Ok(c)
    }
}

fn required<T>(value: Option<T>, claim: &'static str) -> Result<T, Error> {
    value.ok_or(Error::MissingClaim { claim })
}

fn numeric_date(secs: i64, claim: &'static str) -> Result<DateTime<Utc>, Error> {
    DateTime::from_timestamp(secs, 0).ok_or(Error::ClaimType { claim })
}

/// Reads the payload as [`Claims`] in one pass, naming the claim that is
/// missing, repeated or of the wrong type.
fn parse_claims(payload: &[u8]) -> Result<Claims, Error> {
    let c = claims_reader::read(payload).map_err(|e| match e {
        ReadError::Syntax => Error::Json { segment: "payload" },
        ReadError::Duplicate(name) => Error::DuplicateMember {
            segment: "payload",
            name: InputExcerpt::new(&name),
        },
        ReadError::Type(claim) => Error::ClaimType { claim },
    })?;
    let sub = required(c.sub, "sub")?;
    let user_id = required(c.user_id, "user_id")?;
    if sub != user_id {
        return Err(Error::ClaimType { claim: "user_id" });
    }
    let jti = required(c.jti, "jti")?;
    if jti.is_empty() || jti.len() > 128 {
        return Err(Error::ClaimType { claim: "jti" });
    }
    Ok(Claims {
        iss: required(c.iss, "iss")?,
        sub,
        aud: c.aud,
        exp: numeric_date(required(c.exp, "exp")?, "exp")?,
        nbf: c.nbf.map(|n| numeric_date(n, "nbf")).transpose()?,
        iat: numeric_date(required(c.iat, "iat")?, "iat")?,
        jti,
        org_id: required(c.org_id, "org_id")?,
        user_id,
        email: c.email,
        role: required(c.role, "role")?,
        permissions: required(c.permissions, "permissions")?,
        teams: required(c.teams, "teams")?,
        mfa_verified: required(c.mfa_verified, "mfa_verified")?,
        scope: required(c.scope, "scope")?,
    })
}

/// Revoked token ids. `revoke` must be durable before the host reports the
/// logout or revocation as done; `is_revoked` must see every completed
/// `revoke`.
pub trait RevocationStore {
    /// Whether `jti` is revoked.
    ///
    /// # Errors
    ///
    /// [`Error::Store`] when the store cannot answer; the token is then refused.
    fn is_revoked(&self, jti: &str) -> Result<bool, Error>;

    /// Revokes `jti` until `expires_at` (after which the token is refused as
    /// expired anyway, and the entry may be purged).
    ///
    /// # Errors
    ///
    /// [`Error::Store`] when the store cannot answer.
    fn revoke(&self, jti: &str, expires_at: DateTime<Utc>) -> Result<(), Error>;
}

/// An in-memory [`RevocationStore`].
#[derive(Debug, Default)]
pub struct InMemoryRevocations {
    revoked: Mutex<BTreeMap<String, DateTime<Utc>>>,
}

impl InMemoryRevocations {
    /// Drops entries whose tokens expired before `now`.
    ///
    /// # Errors
    ///
    /// [`Error::Store`] if the lock is poisoned.
    pub fn purge_expired(&self, now: DateTime<Utc>) -> Result<usize, Error> {
        let mut map = self.revoked.lock().map_err(|_| Error::poisoned())?;
        let before = map.len();
        map.retain(|_, exp| *exp > now);
        Ok(before - map.len())
    }
}

impl RevocationStore for InMemoryRevocations {
    fn is_revoked(&self, jti: &str) -> Result<bool, Error> {
        Ok(self
            .revoked
            .lock()
            .map_err(|_| Error::poisoned())?
            .contains_key(jti))
    }

    fn revoke(&self, jti: &str, expires_at: DateTime<Utc>) -> Result<(), Error> {
        self.revoked
            .lock()
            .map_err(|_| Error::poisoned())?
            .insert(jti.to_owned(), expires_at);
        Ok(())
    }
}

/// A [`RevocationStore`] for hosts that do not revoke tokens: nothing is ever
/// revoked, and `revoke` is an error so that nobody relies on it.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoRevocation;

impl RevocationStore for NoRevocation {
    fn is_revoked(&self, _: &str) -> Result<bool, Error> {
        Ok(false)
    }

    fn revoke(&self, _: &str, _: DateTime<Utc>) -> Result<(), Error> {
        Err(Error::Store {
            reason: "this host does not keep a revocation list".into(),
        })
    }
}

/// HMAC-SHA-256 as used for signing, exposed to tests against RFC 4231.
#[cfg(test)]
pub(crate) fn hmac_sha256(key: &[u8], data: &[u8]) -> Vec<u8> {
    ring::hmac::sign(&ring::hmac::Key::new(ring::hmac::HMAC_SHA256, key), data)
        .as_ref()
        .to_vec()
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use itsm_core::SeededEntropy;
    use serde_json::{Value, json};

    use super::*;

    const USER: &str = "550e8400-e29b-41d4-a716-446655440000";
    const ORG: &str = "550e8400-e29b-41d4-a716-446655440001";

    fn key(id: &str, byte: u8) -> HmacKey {
        HmacKey::new(KeyId::new(id).unwrap(), vec![byte; 32]).unwrap()
    }

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).unwrap()
    }

    fn verifier() -> TokenVerifier {
        TokenVerifier::new(KeySet::new(key("k1", 1)), "itsm-system")
    }

    fn claims_json() -> Value {
        let t = now().timestamp();
        json!({
            "iss": "itsm-system", "sub": USER, "exp": t + 3600, "iat": t, "jti": "abc",
            "org_id": ORG, "user_id": USER, "email": "john.doe@example.com", "role": "agent",
            "permissions": ["incident:read", "incident:create", "incident:update", "problem:read"],
            "teams": ["team_001", "team_002"], "mfa_verified": true, "scope": "access"
        })
    }

    /// A token from raw header and payload text, signed with `key`.
    fn craft(header: &str, payload: &str, key: &HmacKey) -> String {
        let mut t = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header),
            URL_SAFE_NO_PAD.encode(payload)
        );
        let tag = ring::hmac::sign(key.hmac_key(), t.as_bytes());
        t.push('.');
        t.push_str(&URL_SAFE_NO_PAD.encode(tag.as_ref()));
        t
    }

    const HEADER: &str = r#"{"alg":"HS256","typ":"JWT","kid":"k1"}"#;

    fn with_claims(f: impl FnOnce(&mut Value)) -> String {
        let mut c = claims_json();
        f(&mut c);
        craft(HEADER, &c.to_string(), &key("k1", 1))
    }

    fn verify(token: &str) -> Result<Claims, Error> {
        verifier().verify(token, Scope::Access, now(), &NoRevocation)
    }

    proptest::proptest! {
        /// The SIMD decoder accepts and refuses exactly what the `base64`
        /// crate's strict URL-safe unpadded engine does.
        #[test]
        fn segment_decoding_matches_the_base64_crate(
            text in "[A-Za-z0-9_=+/ .-]{0,70}",
            bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..70),
        ) {
            let reference = URL_SAFE_NO_PAD.decode(&text).ok();
            proptest::prop_assert_eq!(decode_segment(&text, "payload").ok(), reference);
            let encoded = URL_SAFE_NO_PAD.encode(&bytes);
            proptest::prop_assert_eq!(decode_segment(&encoded, "payload").ok(), Some(bytes));
        }
    }

    #[test]
    fn headers_as_written_and_otherwise_verify_alike() {
        let payload = claims_json().to_string();
        // Byte for byte what the issuer writes: recognised without parsing.
        let known = craft(HEADER, &payload, &key("k1", 1));
        assert!(known.starts_with(&verifier().known_headers[0].encoded));
        // The same header in another order and spacing takes the full parse.
        let reordered = craft(r#"{ "kid":"k1", "alg":"HS256" }"#, &payload, &key("k1", 1));
        assert_eq!(verify(&known).unwrap(), verify(&reordered).unwrap());
        // A recognised header does not vouch for the signature.
        assert_eq!(
            verify(&craft(HEADER, &payload, &key("k1", 2))),
            Err(Error::Signature)
        );
        // A header written for a key outside the set is not recognised.
        let k9 = craft(
            r#"{"alg":"HS256","typ":"JWT","kid":"k9"}"#,
            &payload,
            &key("k9", 1),
        );
        assert!(matches!(verify(&k9), Err(Error::UnknownKeyId { .. })));
        // verify_signature still returns the decoded header.
        let jws = verifier().verify_signature(&known).unwrap();
        assert_eq!(jws.header, HEADER.as_bytes());
        // A retired key's header is no longer recognised or accepted.
        let keys = KeySet::new(key("k1", 1)).rotate(key("k2", 2));
        let old = TokenVerifier::new(keys.clone(), "itsm-system");
        assert!(
            old.verify(&known, Scope::Access, now(), &NoRevocation)
                .is_ok()
        );
        let retired = TokenVerifier::new(keys.retire(&KeyId::new("k1").unwrap()), "itsm-system");
        assert!(matches!(
            retired.verify(&known, Scope::Access, now(), &NoRevocation),
            Err(Error::UnknownKeyId { .. })
        ));
    }

    #[test]
    fn the_seed_token_verifies() {
        let c = verify(&with_claims(|_| {})).unwrap();
        assert_eq!(c.sub.to_string(), USER);
        assert_eq!(c.teams.len(), 2);
        assert_eq!(c.email.as_deref(), Some("john.doe@example.com"));
    }

    #[test]
    fn rejects_other_algorithms() {
        for alg in ["none", "None", "NONE", "hs256", "HS384", "RS256", ""] {
            let t = craft(
                &format!(r#"{{"alg":"{alg}","typ":"JWT"}}"#),
                &claims_json().to_string(),
                &key("k1", 1),
            );
            assert!(matches!(verify(&t), Err(Error::Algorithm { .. })), "{alg}");
        }
        // An unsigned token in the classic `alg: none` attack shape.
        let unsigned = format!(
            "{}.{}.",
            URL_SAFE_NO_PAD.encode(r#"{"alg":"none"}"#),
            URL_SAFE_NO_PAD.encode(claims_json().to_string())
        );
        assert!(matches!(verify(&unsigned), Err(Error::Algorithm { .. })));
        let no_alg = craft(
            r#"{"typ":"JWT"}"#,
            &claims_json().to_string(),
            &key("k1", 1),
        );
        assert!(matches!(verify(&no_alg), Err(Error::Algorithm { .. })));
        let alg_number = craft(r#"{"alg":256}"#, &claims_json().to_string(), &key("k1", 1));
        assert!(matches!(verify(&alg_number), Err(Error::Algorithm { .. })));
    }

    #[test]
    fn rejects_bad_signature_and_tampering() {
        let good = with_claims(|_| {});
        let other_key = craft(HEADER, &claims_json().to_string(), &key("k1", 2));
        assert_eq!(verify(&other_key), Err(Error::Signature));
        // Tampered payload: an agent becomes an administrator.
        let parts: Vec<&str> = good.split('.').collect();
        let forged_payload = URL_SAFE_NO_PAD.encode(
            claims_json()
                .to_string()
                .replace("\"agent\"", "\"administrator\""),
        );
        assert_eq!(
            verify(&format!("{}.{}.{}", parts[0], forged_payload, parts[2])),
            Err(Error::Signature)
        );
        // Tampered header (still HS256, key id unchanged): signature covers it.
        let forged_header = URL_SAFE_NO_PAD.encode(r#"{"alg":"HS256","kid":"k1"}"#);
        assert_eq!(
            verify(&format!("{}.{}.{}", forged_header, parts[1], parts[2])),
            Err(Error::Signature)
        );
        // A truncated signature.
        assert_eq!(
            verify(&format!("{}.{}.{}", parts[0], parts[1], &parts[2][..20])),
            Err(Error::Signature)
        );
    }

    #[test]
    fn key_ids_and_rotation() {
        let no_kid = craft(
            r#"{"alg":"HS256","typ":"JWT"}"#,
            &claims_json().to_string(),
            &key("k1", 1),
        );
        assert!(verify(&no_kid).is_ok(), "no kid: the current key");
        let unknown = craft(
            r#"{"alg":"HS256","kid":"k9"}"#,
            &claims_json().to_string(),
            &key("k9", 9),
        );
        assert!(matches!(verify(&unknown), Err(Error::UnknownKeyId { .. })));
        let kid_number = craft(
            r#"{"alg":"HS256","kid":7}"#,
            &claims_json().to_string(),
            &key("k1", 1),
        );
        assert!(matches!(
            verify(&kid_number),
            Err(Error::UnknownKeyId { .. })
        ));

        let old_token = with_claims(|_| {});
        let rotated = KeySet::new(key("k1", 1)).rotate(key("k2", 2));
        let v = TokenVerifier::new(rotated.clone(), "itsm-system");
        assert!(
            v.verify(&old_token, Scope::Access, now(), &NoRevocation)
                .is_ok(),
            "old key still verifies"
        );
        let no_kid_old = craft(
            r#"{"alg":"HS256"}"#,
            &claims_json().to_string(),
            &key("k1", 1),
        );
        assert_eq!(
            v.verify(&no_kid_old, Scope::Access, now(), &NoRevocation),
            Err(Error::Signature),
            "no kid means the current key"
        );
        let retired = TokenVerifier::new(rotated.retire(&KeyId::new("k1").unwrap()), "itsm-system");
        assert!(matches!(
            retired.verify(&old_token, Scope::Access, now(), &NoRevocation),
            Err(Error::UnknownKeyId { .. })
        ));
    }

    #[test]
    fn rejects_crit_and_bad_typ() {
        let crit = craft(
            r#"{"alg":"HS256","crit":["exp"],"exp":1}"#,
            &claims_json().to_string(),
            &key("k1", 1),
        );
        assert_eq!(verify(&crit), Err(Error::CriticalHeader));
        let typ = craft(
            r#"{"alg":"HS256","typ":"at+jwt"}"#,
            &claims_json().to_string(),
            &key("k1", 1),
        );
        assert!(matches!(verify(&typ), Err(Error::TokenType { .. })));
        let lower = craft(
            r#"{"alg":"HS256","typ":"jwt"}"#,
            &claims_json().to_string(),
            &key("k1", 1),
        );
        assert!(
            verify(&lower).is_ok(),
            "typ is case-insensitive (RFC 7519 section 5.1)"
        );
        let extra = craft(
            r#"{"alg":"HS256","x5u":"https://example.com"}"#,
            &claims_json().to_string(),
            &key("k1", 1),
        );
        assert!(
            verify(&extra).is_ok(),
            "unknown, non-critical header parameters are ignored"
        );
    }

    #[test]
    fn time_claims_at_their_boundaries() {
        let t = now().timestamp();
        let exp_at = |exp: i64| with_claims(|c| c["exp"] = json!(exp));
        assert!(verify(&exp_at(t - 29)).is_ok(), "within leeway");
        assert!(matches!(
            verify(&exp_at(t - 30)),
            Err(Error::Expired { .. })
        ));
        let nbf = |nbf: i64| with_claims(|c| c["nbf"] = json!(nbf));
        assert!(verify(&nbf(t + 30)).is_ok());
        assert!(matches!(
            verify(&nbf(t + 31)),
            Err(Error::NotYetValid { .. })
        ));
        let iat = |iat: i64| with_claims(|c| c["iat"] = json!(iat));
        assert!(verify(&iat(t + 30)).is_ok());
        assert!(matches!(
            verify(&iat(t + 31)),
            Err(Error::IssuedInFuture { .. })
        ));
    }

    #[test]
    fn issuer_audience_and_scope() {
        assert!(matches!(
            verify(&with_claims(|c| c["iss"] = json!("evil"))),
            Err(Error::Issuer { .. })
        ));
        assert_eq!(
            verify(&with_claims(|c| c["aud"] = json!("billing"))),
            Err(Error::Audience),
            "aud present but not expected"
        );
        let v = verifier().with_audience("itsm-api");
        let check = |t: &str| v.verify(t, Scope::Access, now(), &NoRevocation);
        assert!(check(&with_claims(|c| c["aud"] = json!("itsm-api"))).is_ok());
        assert!(check(&with_claims(|c| c["aud"] = json!(["x", "itsm-api"]))).is_ok());
        assert_eq!(
            check(&with_claims(|c| c["aud"] = json!(["x"]))),
            Err(Error::Audience)
        );
        assert_eq!(
            check(&with_claims(|_| {})),
            Err(Error::Audience),
            "aud expected but absent"
        );
        assert_eq!(
            verify(&with_claims(|c| c["scope"] = json!("refresh"))),
            Err(Error::Scope {
                expected: "access",
                found: "refresh"
            })
        );
    }

    #[test]
    fn missing_claims_are_named() {
        for name in [
            "iss",
            "sub",
            "exp",
            "iat",
            "jti",
            "org_id",
            "user_id",
            "role",
            "permissions",
            "teams",
            "mfa_verified",
            "scope",
        ] {
            let t = with_claims(|c| {
                c.as_object_mut().unwrap().remove(name);
            });
            assert_eq!(
                verify(&t),
                Err(Error::MissingClaim { claim: name }),
                "{name}"
            );
        }
        // email, aud and nbf are optional.
        assert!(
            verify(&with_claims(|c| {
                c.as_object_mut().unwrap().remove("email");
            }))
            .is_ok()
        );
    }

    #[test]
    fn claims_of_the_wrong_type_are_named() {
        let cases: [(&str, Value); 12] = [
            ("exp", json!("1700000000")),
            ("exp", json!(1.7e9)),
            ("iss", json!(["itsm-system"])),
            ("sub", json!("not-a-uuid")),
            ("mfa_verified", json!("true")),
            ("permissions", json!("incident:read")),
            ("permissions", json!(["incident"])),
            ("teams", json!([1, 2])),
            ("scope", json!("admin")),
            ("role", json!("Agent")),
            ("jti", json!("")),
            ("user_id", json!("550e8400-e29b-41d4-a716-446655440002")),
        ];
        for (name, value) in cases {
            let t = with_claims(|c| c[name] = value.clone());
            assert_eq!(
                verify(&t),
                Err(Error::ClaimType { claim: name }),
                "{name} = {value}"
            );
        }
    }

    #[test]
    fn malformed_base64url() {
        let good = with_claims(|_| {});
        let parts: Vec<String> = good.split('.').map(str::to_owned).collect();
        let join = |h: &str, p: &str, s: &str| format!("{h}.{p}.{s}");
        // Padding on any segment.
        assert_eq!(
            verify(&join(&format!("{}=", parts[0]), &parts[1], &parts[2])),
            Err(Error::Base64 { segment: "header" })
        );
        assert_eq!(
            verify(&join(&parts[0], &parts[1], &format!("{}=", parts[2]))),
            Err(Error::Base64 {
                segment: "signature"
            })
        );
        // The standard alphabet instead of the URL-safe one.
        let std_sig = parts[2].replace('-', "+").replace('_', "/");
        if std_sig != parts[2] {
            assert_eq!(
                verify(&join(&parts[0], &parts[1], &std_sig)),
                Err(Error::Base64 {
                    segment: "signature"
                })
            );
        }
        assert_eq!(
            verify(&join(&parts[0], &parts[1], "ab+/")),
            Err(Error::Base64 {
                segment: "signature"
            })
        );
        // Non-canonical trailing bits: a 32-byte signature is 43 characters
        // whose last carries 4 bits; flipping a low bit gives another string
        // that lenient decoders read as the same bytes.
        let last = parts[2].chars().last().unwrap();
        let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let idx = alphabet.iter().position(|&b| b as char == last).unwrap();
        let sibling = alphabet[idx ^ 1] as char;
        let mut non_canonical = parts[2].clone();
        non_canonical.pop();
        non_canonical.push(sibling);
        assert_eq!(
            verify(&join(&parts[0], &parts[1], &non_canonical)),
            Err(Error::Base64 {
                segment: "signature"
            })
        );
        // Payload checked after the signature: a signed but undecodable payload.
        let t = format!("{}.{}", parts[0], "e30=");
        let tag = ring::hmac::sign(key("k1", 1).hmac_key(), t.as_bytes());
        assert_eq!(
            verify(&format!("{t}.{}", URL_SAFE_NO_PAD.encode(tag.as_ref()))),
            Err(Error::Base64 { segment: "payload" })
        );
    }

    #[test]
    fn non_json_and_duplicate_members() {
        let k = key("k1", 1);
        assert_eq!(
            verify(&craft("not json", &claims_json().to_string(), &k)),
            Err(Error::Json { segment: "header" })
        );
        assert_eq!(
            verify(&craft(r#"["HS256"]"#, &claims_json().to_string(), &k)),
            Err(Error::Json { segment: "header" })
        );
        assert_eq!(
            verify(&craft(HEADER, "not json", &k)),
            Err(Error::Json { segment: "payload" })
        );
        assert_eq!(
            verify(&craft(HEADER, "42", &k)),
            Err(Error::Json { segment: "payload" })
        );
        assert_eq!(
            verify(&craft(HEADER, &format!("{} trailing", claims_json()), &k)),
            Err(Error::Json { segment: "payload" })
        );
        let dup_header = r#"{"alg":"HS256","alg":"none"}"#;
        assert!(matches!(
            verify(&craft(dup_header, &claims_json().to_string(), &k)),
            Err(Error::DuplicateMember {
                segment: "header",
                ..
            })
        ));
        let payload = claims_json()
            .to_string()
            .replacen('{', r#"{"role":"administrator","#, 1);
        assert!(matches!(
            verify(&craft(HEADER, &payload, &k)),
            Err(Error::DuplicateMember {
                segment: "payload",
                ..
            })
        ));
        // Escaped spelling of the same name is still a duplicate.
        let escaped =
            claims_json()
                .to_string()
                .replacen('{', r#"{"r\u006fle":"administrator","#, 1);
        assert!(matches!(
            verify(&craft(HEADER, &escaped, &k)),
            Err(Error::DuplicateMember {
                segment: "payload",
                ..
            })
        ));
        // Invalid UTF-8 in the payload.
        let mut t = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(HEADER),
            URL_SAFE_NO_PAD.encode([0xff, 0xfe])
        );
        let tag = ring::hmac::sign(k.hmac_key(), t.as_bytes());
        t = format!("{t}.{}", URL_SAFE_NO_PAD.encode(tag.as_ref()));
        assert_eq!(verify(&t), Err(Error::Json { segment: "payload" }));
    }

    #[test]
    fn size_and_segment_count() {
        let big = "a".repeat(MAX_TOKEN_BYTES + 1);
        assert_eq!(
            verify(&big),
            Err(Error::TokenTooLarge {
                len: MAX_TOKEN_BYTES + 1,
                max: MAX_TOKEN_BYTES
            })
        );
        // Just at the limit is parsed (and fails later for other reasons).
        let at_limit = "a".repeat(MAX_TOKEN_BYTES);
        assert_eq!(verify(&at_limit), Err(Error::TokenSegments { found: 1 }));
        let good = with_claims(|_| {});
        assert_eq!(
            verify(&format!("{good}.x")),
            Err(Error::TokenSegments { found: 4 })
        );
        assert_eq!(verify("a.b"), Err(Error::TokenSegments { found: 2 }));
        assert_eq!(verify(""), Err(Error::TokenSegments { found: 1 }));
    }

    #[test]
    fn revocation_by_jti() {
        let store = InMemoryRevocations::default();
        let t = with_claims(|_| {});
        let v = verifier();
        assert!(v.verify(&t, Scope::Access, now(), &store).is_ok());
        store.revoke("abc", now() + Duration::hours(1)).unwrap();
        assert_eq!(
            v.verify(&t, Scope::Access, now(), &store),
            Err(Error::Revoked)
        );
        assert_eq!(store.purge_expired(now() + Duration::hours(2)).unwrap(), 1);
        assert!(NoRevocation.revoke("abc", now()).is_err());
    }

    #[test]
    fn issued_tokens_round_trip_and_keep_secrets_out_of_debug() {
        let e = SeededEntropy::new(3);
        let keys = KeySet::new(key("k1", 1));
        let token_issuer = TokenIssuer::new(keys, "itsm-system");
        let req = TokenRequest::new(
            USER.parse().unwrap(),
            ORG.parse().unwrap(),
            RoleName::new("agent").unwrap(),
        );
        let issued = token_issuer.issue(&req, Scope::Access, now(), &e).unwrap();
        assert_eq!(
            issued.claims.exp - issued.claims.iat,
            Duration::seconds(3600)
        );
        assert_eq!(issued.claims.jti.len(), 22);
        assert_eq!(issued.claims.email, None, "no email unless asked for");
        let back = verify(issued.token.expose()).unwrap();
        assert_eq!(back, issued.claims);
        assert_eq!(format!("{:?}", issued.token), "Token(<redacted>)");
        let dbg = format!("{issued:?}");
        assert!(!dbg.contains(issued.token.expose()));
        let second = token_issuer.issue(&req, Scope::Access, now(), &e).unwrap();
        assert_ne!(second.claims.jti, issued.claims.jti);
        let refresh = token_issuer.issue(&req, Scope::Refresh, now(), &e).unwrap();
        assert_eq!(refresh.claims.exp - refresh.claims.iat, Duration::days(7));
        assert!(token_issuer.clone().with_lifetimes(0, 10).is_err());
        assert!(
            token_issuer
                .with_lifetimes(60, MAX_LIFETIME_SECONDS + 1)
                .is_err()
        );
    }

    #[test]
    fn hmac_sha256_matches_rfc_4231_cases_1_and_2() {
        #[derive(Deserialize)]
        struct Case {
            name: String,
            key_hex: String,
            data_hex: String,
            mac_hex: String,
        }
        let cases: Vec<Case> =
            serde_json::from_str(include_str!("../tests/data/rfc4231-hmac-sha256.json")).unwrap();
        assert_eq!(cases.len(), 2);
        let hex = |s: &str| {
            (0..s.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
                .collect::<Vec<u8>>()
        };
        for c in cases {
            assert_eq!(
                hmac_sha256(&hex(&c.key_hex), &hex(&c.data_hex)),
                hex(&c.mac_hex),
                "{}",
                c.name
            );
        }
    }
}
