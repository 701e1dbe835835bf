//! The crate's error type.

use chrono::{DateTime, Utc};
use itsm_core::InputExcerpt;

/// Everything that can go wrong in `itsm-auth`.
///
/// An `Err` means a question could not be answered: bad input, a malformed or
/// forged token, a failing store. A policy "no" (a weak password, a denied
/// permission) is an `Ok` value instead.
///
/// No message carries a password, a secret, a code, a token or a provisioning
/// URI; user input that is not secret is quoted through
/// [`itsm_core::InputExcerpt`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A shared value was rejected by `itsm-core`, or the entropy source failed.
    #[error(transparent)]
    Core(#[from] itsm_core::Error),

    // --- keys ---
    /// A key shorter than the minimum.
    #[error("key is {len} bytes long; at least {min} are required")]
    KeyTooShort {
        /// Its length.
        len: usize,
        /// The minimum.
        min: usize,
    },
    /// A malformed key id.
    #[error("key id {id} must be 1..=64 characters of letters, digits, `.`, `_` and `-`")]
    KeyId {
        /// The rejected id.
        id: InputExcerpt,
    },
    /// A key set whose current key is not in it, or that is empty.
    #[error("the key set has no current key `{kid}`")]
    MissingCurrentKey {
        /// The id named as current.
        kid: String,
    },

    // --- passwords ---
    /// A bcrypt cost outside the accepted range.
    #[error("bcrypt cost must be {min}..=31, got {cost}")]
    BcryptCost {
        /// The rejected cost.
        cost: u32,
        /// The lowest accepted cost.
        min: u32,
    },
    /// A stored password hash that is not in a known format.
    #[error("stored password hash is not in a known format")]
    MalformedPasswordHash,
    /// A stored password hash made with a pepper the hasher does not hold.
    #[error("stored password hash uses pepper `{kid}`, which this hasher does not hold")]
    UnknownPepper {
        /// The pepper's key id.
        kid: String,
    },
    /// A legacy bcrypt hash checked against a password longer than bcrypt's
    /// 72 bytes; bcrypt would silently compare only a prefix, so it is refused.
    #[error(
        "password is {len} bytes, longer than the 72 bytes a legacy bcrypt hash can check without truncating; reset the password"
    )]
    LegacyHashTruncation {
        /// The normalised password's length in bytes.
        len: usize,
    },
    /// bcrypt failed for a reason other than the above.
    #[error("bcrypt failed: {reason}")]
    Bcrypt {
        /// bcrypt's reason, which never holds the password.
        reason: String,
    },

    // --- policies ---
    /// A policy with contradictory or out-of-range settings.
    #[error("invalid policy: {reason}")]
    Policy {
        /// What is wrong.
        reason: String,
    },

    // --- TOTP ---
    /// A TOTP account name or issuer that cannot go into a provisioning URI.
    #[error("{field} {value} must be 1 to 256 bytes long and must not contain `:`")]
    TotpLabel {
        /// `account name` or `issuer`.
        field: &'static str,
        /// The rejected value.
        value: InputExcerpt,
    },
    /// A stored TOTP secret that is too short or otherwise unusable.
    #[error("TOTP secret is unusable: {reason}")]
    TotpSecret {
        /// Why.
        reason: &'static str,
    },
    /// An `otpauth://` URI that cannot be read as a TOTP credential. The URI
    /// holds the secret, so nothing of it is quoted.
    #[error("provisioning URI refused: {reason}")]
    TotpUri {
        /// Why, in fixed words.
        reason: &'static str,
    },
    /// Text that is not a backup code. Only its length is quoted.
    #[error(
        "a backup code is 10 letters and digits, optionally split by a dash; got {chars} characters"
    )]
    BackupCodeFormat {
        /// The number of characters typed.
        chars: usize,
    },
    /// The QR code could not be drawn (the provisioning URI is too long).
    #[error("the provisioning URI is too long to draw as a QR code")]
    QrCode,

    // --- tokens ---
    /// A token longer than the limit, refused before parsing.
    #[error("token is {len} bytes; at most {max} are accepted")]
    TokenTooLarge {
        /// Its length.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// A token that is not three dot-separated segments.
    #[error("token must have 3 dot-separated segments, found {found}")]
    TokenSegments {
        /// How many were found.
        found: usize,
    },
    /// A segment that is not canonical unpadded base64url.
    #[error("token {segment} is not canonical unpadded base64url")]
    Base64 {
        /// `header`, `payload` or `signature`.
        segment: &'static str,
    },
    /// A header or payload that is not a JSON object.
    #[error("token {segment} is not a JSON object")]
    Json {
        /// `header` or `payload`.
        segment: &'static str,
    },
    /// A JSON member name that appears twice.
    #[error("token {segment} repeats the member {name}")]
    DuplicateMember {
        /// `header` or `payload`.
        segment: &'static str,
        /// The repeated name.
        name: InputExcerpt,
    },
    /// An `alg` other than `HS256` (including `none` in any case).
    #[error("token algorithm {alg} is not accepted; only `HS256` is")]
    Algorithm {
        /// The algorithm named in the header.
        alg: InputExcerpt,
    },
    /// A `typ` header other than `JWT`.
    #[error("token type {typ} is not accepted; only `JWT` is")]
    TokenType {
        /// The type named in the header.
        typ: InputExcerpt,
    },
    /// A `crit` header: no extension is understood, so RFC 7515 section 4.1.11
    /// requires rejection.
    #[error("token header lists critical extensions, none of which are supported")]
    CriticalHeader,
    /// A `kid` that is not in the key set.
    #[error("token key id {kid} is not in the key set")]
    UnknownKeyId {
        /// The id named in the header.
        kid: InputExcerpt,
    },
    /// The signature does not match.
    #[error("token signature does not match")]
    Signature,
    /// A required claim is absent.
    #[error("token lacks the required claim `{claim}`")]
    MissingClaim {
        /// The claim's name.
        claim: &'static str,
    },
    /// A claim of the wrong JSON type or out of range.
    #[error("token claim `{claim}` has the wrong type or value")]
    ClaimType {
        /// The claim's name.
        claim: &'static str,
    },
    /// The token expired (beyond the leeway).
    #[error("token expired at {exp}")]
    Expired {
        /// Its expiry.
        exp: DateTime<Utc>,
    },
    /// The token is not valid yet (`nbf` beyond the leeway).
    #[error("token is not valid before {nbf}")]
    NotYetValid {
        /// Its `nbf`.
        nbf: DateTime<Utc>,
    },
    /// The token claims to be issued in the future (beyond the leeway).
    #[error("token claims to be issued at {iat}, in the future")]
    IssuedInFuture {
        /// Its `iat`.
        iat: DateTime<Utc>,
    },
    /// The issuer is not the expected one.
    #[error("token issuer {iss} is not the expected issuer")]
    Issuer {
        /// The issuer found.
        iss: InputExcerpt,
    },
    /// The audience does not include the expected one.
    #[error("token audience does not include the expected audience")]
    Audience,
    /// A token of the other scope (a refresh token where an access token is needed).
    #[error("token scope is `{found}`, but `{expected}` is required")]
    Scope {
        /// The scope required.
        expected: &'static str,
        /// The scope found.
        found: &'static str,
    },
    /// The token's `jti` has been revoked.
    #[error("token has been revoked")]
    Revoked,
    /// A token lifetime that is not positive or too long.
    #[error("token lifetime must be 1..={max} seconds, got {seconds}")]
    Lifetime {
        /// The rejected lifetime.
        seconds: i64,
        /// The longest accepted.
        max: i64,
    },
    /// A time outside the range tokens can express.
    #[error("time is outside the range a token can express")]
    TimeRange,

    // --- authorization ---
    /// A permission that is not `resource:action`.
    #[error(
        "permission {value} must be `resource:action` or `resource:*`, each part lowercase letters, digits, `_` or `-`"
    )]
    Permission {
        /// The rejected text.
        value: InputExcerpt,
    },
    /// A role name that is not a lowercase identifier.
    #[error("role name {value} must be 1..=64 lowercase letters, digits, `_` or `-`")]
    RoleName {
        /// The rejected name.
        value: InputExcerpt,
    },
    /// A team id that is not a lowercase identifier.
    #[error("team id {value} must be 1..=64 lowercase letters, digits, `_` or `-`")]
    TeamId {
        /// The rejected id.
        value: InputExcerpt,
    },
    /// A role that is not defined.
    #[error("role `{role}` is not defined")]
    UnknownRole {
        /// The role's name.
        role: String,
    },

    // --- request guards ---
    /// A field value that fails its input rules. The value is not quoted.
    #[error("{field} {problem}")]
    Input {
        /// The field.
        field: &'static str,
        /// What is wrong.
        problem: crate::guard::input::InputProblem,
    },
    /// A cipher suite name not in the IANA form.
    #[error("cipher suite {value} is not an IANA name such as `TLS_AES_128_GCM_SHA256`")]
    CipherSuite {
        /// The rejected name.
        value: InputExcerpt,
    },
    /// A cookie that cannot be written.
    #[error("cookie: {reason}")]
    Cookie {
        /// Why.
        reason: String,
    },
    /// A pin that is not the base64 of a SHA-256.
    #[error("pin {value} is not the base64 of a SHA-256 (44 characters)")]
    Pin {
        /// The rejected text.
        value: InputExcerpt,
    },

    // --- stores ---
    /// A state store could not answer (lock poisoned, host backend down).
    #[error("state store failed: {reason}")]
    Store {
        /// Why, without secrets.
        reason: String,
    },
}

impl Error {
    pub(crate) fn poisoned() -> Self {
        Self::Store {
            reason: "a thread panicked while holding the in-memory store's lock".into(),
        }
    }
}
