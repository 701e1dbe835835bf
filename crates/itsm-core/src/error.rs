//! The crate's error type and the bounded rendering of user input in messages.

use std::fmt;

use crate::Framework;

/// Everything that can go wrong when building `itsm-core` values.
///
/// Messages quote user input in backticks through [`InputExcerpt`], so a huge or
/// binary input never floods a log line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An identifier does not have the format its framework uses.
    #[error("{id} is not a valid {framework} identifier: expected {expected}{}", hint_suffix(*.hint))]
    ControlId {
        /// The framework whose format was checked.
        framework: Framework,
        /// The rejected identifier.
        id: InputExcerpt,
        /// The formats the framework accepts, in words.
        expected: &'static str,
        /// A targeted hint for a common mistake, when one was recognised.
        hint: Option<&'static str>,
    },
    /// A framework key that none of [`Framework::ALL`] uses.
    #[error(
        "unknown framework {value}: expected one of {}",
        crate::framework::KEYS_IN_WORDS
    )]
    UnknownFramework {
        /// The rejected key.
        value: InputExcerpt,
    },
    /// A textual control reference without the `framework:id` shape.
    #[error(
        "control reference {value} must have the form `framework:id`, such as `iso_27001_2022:A.5.15`"
    )]
    ControlRefSyntax {
        /// The rejected text.
        value: InputExcerpt,
    },
    /// An implementation status name that is not part of the vocabulary.
    #[error(
        "unknown implementation status {value}: expected one of not_started, planned, in_progress, partial, implemented, alternative, not_applicable"
    )]
    UnknownStatus {
        /// The rejected name.
        value: InputExcerpt,
    },
    /// A classification name that is not one of the four.
    #[error(
        "unknown classification {value}: expected one of public, internal, confidential, secret"
    )]
    UnknownClassification {
        /// The rejected name.
        value: InputExcerpt,
    },
    /// An evidence id that is empty, too long, padded with whitespace or holds control characters.
    #[error("evidence id {id} must be 1..={max} characters without control characters or surrounding whitespace", max = crate::evidence::MAX_ID_CHARS)]
    EvidenceId {
        /// The rejected id.
        id: InputExcerpt,
    },
    /// An evidence description longer than the documented bound.
    #[error("evidence description is {chars} characters long; at most {max} are accepted", max = crate::evidence::MAX_DESCRIPTION_CHARS)]
    EvidenceDescriptionTooLong {
        /// Its length in Unicode scalar values.
        chars: usize,
    },
    /// Evidence whose expiry is not after its collection time.
    #[error(
        "evidence expires at {expires_at}, which is not after it was collected at {collected_at}"
    )]
    EvidenceExpiry {
        /// When the evidence was collected.
        collected_at: chrono::DateTime<chrono::Utc>,
        /// The rejected expiry.
        expires_at: chrono::DateTime<chrono::Utc>,
    },
    /// Text that is not a UUID where an id was expected.
    #[error("{value} is not a UUID")]
    Uuid {
        /// The rejected text.
        value: InputExcerpt,
    },
    /// The nil UUID given as an organisation or user id.
    #[error("the nil UUID is not a valid {kind} id")]
    NilId {
        /// Which id: `organisation` or `user`.
        kind: &'static str,
    },
    /// The entropy source could not produce random bytes.
    #[error("the entropy source failed to produce random bytes")]
    Entropy,
}

fn hint_suffix(hint: Option<&'static str>) -> String {
    hint.map_or_else(String::new, |h| format!(" ({h})"))
}

/// A bounded, escaped copy of user input for error messages.
///
/// At most [`InputExcerpt::MAX_CHARS`] characters are kept; control characters
/// and quotes are escaped. When the input was cut, the rendering says so and
/// gives the full length, so nothing is shortened silently. Displayed in
/// backticks.
///
/// Never build one from a secret: it is meant to be shown.
///
/// # Examples
///
/// ```
/// use itsm_core::InputExcerpt;
///
/// assert_eq!(InputExcerpt::new("A.5.15").to_string(), "`A.5.15`");
/// assert_eq!(InputExcerpt::new("a\nb").to_string(), "`a\\nb`");
/// let long = "x".repeat(1000);
/// assert!(InputExcerpt::new(&long).to_string().ends_with("... (1000 bytes in all)"));
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct InputExcerpt {
    shown: String,
    cut_from_bytes: Option<usize>,
}

impl InputExcerpt {
    /// How many characters of the input are kept.
    pub const MAX_CHARS: usize = 64;

    /// Copies at most [`Self::MAX_CHARS`] characters of `input`, escaped.
    #[must_use]
    pub fn new(input: &str) -> Self {
        let mut chars = input.chars();
        let shown: String = chars
            .by_ref()
            .take(Self::MAX_CHARS)
            .flat_map(char::escape_debug)
            .collect();
        let cut_from_bytes = chars.next().map(|_| input.len());
        Self {
            shown,
            cut_from_bytes,
        }
    }

    /// Whether the input was longer than what is shown.
    #[must_use]
    pub fn is_cut(&self) -> bool {
        self.cut_from_bytes.is_some()
    }
}

impl fmt::Display for InputExcerpt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}", self.shown)?;
        match self.cut_from_bytes {
            Some(len) => write!(f, "`... ({len} bytes in all)"),
            None => f.write_str("`"),
        }
    }
}

impl fmt::Debug for InputExcerpt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_input_is_shown_whole() {
        let e = InputExcerpt::new("GV.OC-01");
        assert!(!e.is_cut());
        assert_eq!(e.to_string(), "`GV.OC-01`");
    }

    #[test]
    fn exactly_max_chars_is_not_cut() {
        let s = "é".repeat(InputExcerpt::MAX_CHARS);
        let e = InputExcerpt::new(&s);
        assert!(!e.is_cut());
        assert_eq!(e.to_string(), format!("`{s}`"));
    }

    #[test]
    fn long_input_is_cut_and_says_so() {
        let s = "é".repeat(InputExcerpt::MAX_CHARS + 1);
        let e = InputExcerpt::new(&s);
        assert!(e.is_cut());
        let shown = e.to_string();
        assert!(shown.starts_with(&format!("`{}`", "é".repeat(InputExcerpt::MAX_CHARS))));
        assert!(shown.ends_with(&format!("... ({} bytes in all)", s.len())));
    }

    #[test]
    fn control_characters_are_escaped() {
        let e = InputExcerpt::new("a\u{0}b\u{1b}[31m`");
        assert_eq!(e.to_string(), "`a\\0b\\u{1b}[31m``");
    }
}
