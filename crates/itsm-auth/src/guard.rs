//! Request-level protections from the seed's defence-in-depth layers 1 to 3
//! (section 1.1), as pure decisions a service makes per request.
//!
//! | seed layer | item | here | the host |
//! |---|---|---|---|
//! | 1 network | API rate limiting and throttling | [`rate_limit`]: GCRA per key and route class, state a host can store anywhere | keeps the state in a store that updates one key atomically; puts the limiter in front of handlers |
//! | 1 network | denial-of-service protection, WAF, segmentation | nothing | its infrastructure (scrubbing service, WAF rules, VPCs and subnets) |
//! | 2 transport | TLS 1.3 | [`tls`]: a policy check over a description of the listener | terminates TLS and describes its listeners truthfully |
//! | 2 transport | HSTS, secure cookies | [`headers`]: a recommended header set, a response checker, a `Set-Cookie` checker | applies the headers to every response |
//! | 2 transport | certificate pinning | [`pinning`]: SHA-256 pin sets of subject public keys (SPKI) with backup pins and expiry | extracts the peer's SPKI during the handshake and refuses on a mismatch |
//! | 3 application | RBAC, JWT, MFA | [`crate::rbac`], [`crate::jwt`], [`crate::mfa`] | |
//! | 3 application | CSRF protection | [`csrf`]: HMAC tokens bound to a session, with expiry | sends the token with forms and checks it on state-changing requests |
//! | 3 application | input validation | [`input`]: typed ITSM fields (titles, descriptions, identifiers, emails, names) | validates at the boundary, before storing |
//! | 3 application | sanitisation and XSS prevention | [`sanitize`]: plain-text escaping; with feature `html`, an allow-list sanitiser for rich text | escapes every plain field on output; sanitises rich text before storing |
//!
//! Layer 4 (data) is `itsm-gdpr`'s: field encryption, masking, anonymisation
//! and the data-store check against a classification. Layer 5 (monitoring)
//! is `itsm-audit`'s: the trail, the rule-based report and the statistical
//! anomaly detector; IDS/IPS, log aggregation and the SIEM are the host's.

pub mod csrf;
pub mod headers;
pub mod input;
pub mod pinning;
pub mod rate_limit;
pub mod sanitize;
pub mod tls;
