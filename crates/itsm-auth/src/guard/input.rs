//! Input validation (seed layer 3) for the fields an ITSM backend accepts,
//! as types that can only hold valid values, with typed errors that say
//! which field and what is wrong (never echoing the input).
//!
//! | type | accepts |
//! |---|---|
//! | [`TicketTitle`] | 1 to 200 characters on one line, surrounding white space trimmed |
//! | [`TicketText`] | a description or comment: up to 20,000 characters, line breaks and tabs allowed |
//! | [`Identifier`] | a ticket, configuration item or external id: 1 to 64 of `A-Z a-z 0-9 . _ : -`, starting with a letter or digit |
//! | [`Email`] | an address as HTML's `type=email` defines it (ASCII), at most 254 characters with a local part of at most 64 (RFC 5321 section 4.5.3.1) |
//! | [`DisplayName`] | a person's name: 1 to 100 letters, digits, spaces and `'` `’` `-` `.` `,`, normalised to NFC |
//!
//! Every field refuses control characters (a line break only where the
//! field is multi-line) and single-line fields refuse the Unicode
//! bidirectional overrides and isolates (U+202A to U+202E, U+2066 to
//! U+2069), which can make text display differently from what it holds.
//! Lengths count Unicode scalar values. Validation does not make text safe
//! to put into HTML: escape it on output ([`super::sanitize`]).
//!
//! [`TextRules`] builds the same checks for a host's own fields.
//!
//! # Examples
//!
//! ```
//! use itsm_auth::guard::input::{Email, InputProblem, TicketTitle};
//! use itsm_auth::Error;
//!
//! let title = TicketTitle::new("  VPN drops every 10 minutes ")?;
//! assert_eq!(title.as_str(), "VPN drops every 10 minutes");
//!
//! let err = TicketTitle::new("x".repeat(201)).unwrap_err();
//! assert_eq!(err, Error::Input { field: "title", problem: InputProblem::TooLong { max: 200, len: 201 } });
//! assert_eq!(err.to_string(), "title is 201 characters long; at most 200 are accepted");
//!
//! assert!(Email::new("jane.doe@example.com").is_ok());
//! assert!(Email::new("jane.doe@example..com").is_err());
//! # Ok::<(), itsm_auth::Error>(())
//! ```

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use crate::Error;

/// What is wrong with a field's value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum InputProblem {
    /// Nothing (or only white space) was given.
    Empty,
    /// Longer than allowed, in Unicode scalar values.
    TooLong {
        /// The most accepted.
        max: usize,
        /// The length given.
        len: usize,
    },
    /// A character the field does not accept.
    Character {
        /// Its code point, `U+XXXX`.
        code_point: String,
        /// Its position, counting characters from 0.
        position: usize,
    },
    /// Not in the field's format.
    Format {
        /// What the field expects.
        expected: &'static str,
    },
}

impl fmt::Display for InputProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("is empty"),
            Self::TooLong { max, len } => {
                write!(f, "is {len} characters long; at most {max} are accepted")
            }
            Self::Character {
                code_point,
                position,
            } => {
                write!(
                    f,
                    "contains the character {code_point} at position {position}, which is not accepted"
                )
            }
            Self::Format { expected } => write!(f, "is not {expected}"),
        }
    }
}

/// Checks for a text field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct TextRules {
    /// The field's name in errors.
    #[serde(skip)]
    pub field: &'static str,
    /// Whether an empty value is accepted.
    pub allow_empty: bool,
    /// The most characters accepted.
    pub max_chars: usize,
    /// Whether line breaks and tabs are accepted.
    pub multiline: bool,
    /// Whether surrounding white space is trimmed first.
    pub trim: bool,
}

impl TextRules {
    /// Rules for a single-line field `field` of at most `max_chars`,
    /// trimmed, not empty.
    #[must_use]
    pub const fn single_line(field: &'static str, max_chars: usize) -> Self {
        Self {
            field,
            allow_empty: false,
            max_chars,
            multiline: false,
            trim: true,
        }
    }

    /// Rules for a multi-line field `field` of at most `max_chars`,
    /// untrimmed, possibly empty.
    #[must_use]
    pub const fn multi_line(field: &'static str, max_chars: usize) -> Self {
        Self {
            field,
            allow_empty: true,
            max_chars,
            multiline: true,
            trim: false,
        }
    }

    /// Checks `value` and returns it (trimmed when the rules say so).
    ///
    /// # Errors
    ///
    /// [`Error::Input`] naming the field and the problem.
    pub fn check<'a>(&self, value: &'a str) -> Result<&'a str, Error> {
        let value = if self.trim { value.trim() } else { value };
        let fail = |problem| Error::Input {
            field: self.field,
            problem,
        };
        if value.is_empty() && !self.allow_empty {
            return Err(fail(InputProblem::Empty));
        }
        let mut len = 0;
        for (position, c) in value.chars().enumerate() {
            len += 1;
            let line_break = matches!(c, '\n' | '\r' | '\t');
            let refused = if line_break {
                !self.multiline
            } else {
                c.is_control() || (!self.multiline && is_bidi_control(c))
            };
            if refused {
                return Err(fail(InputProblem::Character {
                    code_point: format!("U+{:04X}", u32::from(c)),
                    position,
                }));
            }
        }
        if len > self.max_chars {
            return Err(fail(InputProblem::TooLong {
                max: self.max_chars,
                len,
            }));
        }
        Ok(value)
    }
}

/// The bidirectional embeddings, overrides and isolates.
const fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

macro_rules! text_type {
    ($(#[$doc:meta])* $name:ident, $schema:tt) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
        #[serde(try_from = "String", into = "String")]
        #[schemars(extend $schema)]
        pub struct $name(String);

        impl $name {
            /// The value.
            #[must_use]
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl FromStr for $name {
            type Err = Error;

            fn from_str(s: &str) -> Result<Self, Error> {
                Self::new(s)
            }
        }

        impl TryFrom<String> for $name {
            type Error = Error;

            fn try_from(s: String) -> Result<Self, Error> {
                Self::new(s)
            }
        }

        impl From<$name> for String {
            fn from(v: $name) -> Self {
                v.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

text_type!(
    /// A ticket's title: 1 to 200 characters on one line.
    TicketTitle,
    ("minLength" = 1, "maxLength" = 200)
);

impl TicketTitle {
    /// The rules.
    pub const RULES: TextRules = TextRules::single_line("title", 200);

    /// Checks and trims a title.
    ///
    /// # Errors
    ///
    /// [`Error::Input`] for an empty or too long title, or one with control
    /// or bidirectional control characters.
    pub fn new(value: impl AsRef<str>) -> Result<Self, Error> {
        Self::RULES
            .check(value.as_ref())
            .map(|v| Self(v.to_owned()))
    }
}

text_type!(
    /// A description or comment: up to 20,000 characters, line breaks and
    /// tabs allowed.
    TicketText,
    ("maxLength" = 20_000)
);

impl TicketText {
    /// The rules.
    pub const RULES: TextRules = TextRules::multi_line("text", 20_000);

    /// Checks a description or comment (kept as given, untrimmed).
    ///
    /// # Errors
    ///
    /// [`Error::Input`] for text that is too long or holds control
    /// characters other than line breaks and tabs.
    pub fn new(value: impl AsRef<str>) -> Result<Self, Error> {
        Self::RULES
            .check(value.as_ref())
            .map(|v| Self(v.to_owned()))
    }
}

text_type!(
    /// A ticket, configuration item or external id.
    Identifier,
    ("pattern" = "^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$")
);

impl Identifier {
    /// Checks an identifier.
    ///
    /// # Errors
    ///
    /// [`Error::Input`] for anything but 1 to 64 of `A-Z a-z 0-9 . _ : -`
    /// starting with a letter or digit.
    pub fn new(value: impl AsRef<str>) -> Result<Self, Error> {
        let v = value.as_ref();
        let fail = |problem| Error::Input {
            field: "identifier",
            problem,
        };
        if v.is_empty() {
            return Err(fail(InputProblem::Empty));
        }
        let len = v.chars().count();
        if len > 64 {
            return Err(fail(InputProblem::TooLong { max: 64, len }));
        }
        let ok = v.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric())
            && v.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b".:_-".contains(&b));
        if ok {
            Ok(Self(v.to_owned()))
        } else {
            Err(fail(InputProblem::Format {
                expected: "letters, digits, `.`, `_`, `:` and `-`, starting with a letter or digit",
            }))
        }
    }
}

text_type!(
    /// An email address.
    Email,
    ("format" = "email", "maxLength" = 254)
);

impl Email {
    /// Checks an address against HTML's definition of a valid email address
    /// (the `type=email` grammar: ASCII, dot-separated domain labels of
    /// letters, digits and inner hyphens, at most 63 each) and RFC 5321's
    /// length limits.
    ///
    /// # Errors
    ///
    /// [`Error::Input`] for anything else.
    pub fn new(value: impl AsRef<str>) -> Result<Self, Error> {
        let v = value.as_ref();
        let fail = |problem| Error::Input {
            field: "email",
            problem,
        };
        if v.is_empty() {
            return Err(fail(InputProblem::Empty));
        }
        let len = v.chars().count();
        if len > 254 {
            return Err(fail(InputProblem::TooLong { max: 254, len }));
        }
        let format = || {
            fail(InputProblem::Format {
                expected: "an email address `local@domain`",
            })
        };
        let (local, domain) = v.split_once('@').ok_or_else(format)?;
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && local
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b".!#$%&'*+/=?^_`{|}~-".contains(&b));
        let label_ok = |l: &str| {
            let b = l.as_bytes();
            !b.is_empty()
                && b.len() <= 63
                && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
                && b.first() != Some(&b'-')
                && b.last() != Some(&b'-')
        };
        if local_ok && domain.split('.').all(label_ok) {
            Ok(Self(v.to_owned()))
        } else {
            Err(format())
        }
    }

    /// The domain part.
    #[must_use]
    pub fn domain(&self) -> &str {
        self.0.rsplit_once('@').map_or("", |(_, d)| d)
    }
}

text_type!(
    /// A person's name as shown in the service desk.
    DisplayName,
    ("minLength" = 1, "maxLength" = 100)
);

impl DisplayName {
    /// Normalises a name to NFC, trims it and checks it: 1 to 100 letters,
    /// digits, spaces and `'` `’` `-` `.` `,`.
    ///
    /// # Errors
    ///
    /// [`Error::Input`] for an empty or too long name, or one with any other
    /// character (markup, symbols, control characters).
    pub fn new(value: impl AsRef<str>) -> Result<Self, Error> {
        let nfc: Cow<'_, str> = Cow::Owned(value.as_ref().nfc().collect());
        let v = TextRules::single_line("name", 100).check(&nfc)?;
        for (position, c) in v.chars().enumerate() {
            if !(c.is_alphanumeric() || matches!(c, ' ' | '\'' | '\u{2019}' | '-' | '.' | ',')) {
                return Err(Error::Input {
                    field: "name",
                    problem: InputProblem::Character {
                        code_point: format!("U+{:04X}", u32::from(c)),
                        position,
                    },
                });
            }
        }
        Ok(Self(v.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(r: Result<impl fmt::Debug, Error>) -> InputProblem {
        match r {
            Err(Error::Input { problem, .. }) => problem,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn titles_at_their_boundaries() {
        assert_eq!(
            TicketTitle::new("a".repeat(200)).unwrap().as_str().len(),
            200
        );
        assert_eq!(
            problem(TicketTitle::new("a".repeat(201))),
            InputProblem::TooLong { max: 200, len: 201 }
        );
        // Characters, not bytes: 200 three-byte characters pass.
        assert!(TicketTitle::new("€".repeat(200)).is_ok());
        assert_eq!(problem(TicketTitle::new("   ")), InputProblem::Empty);
        assert_eq!(problem(TicketTitle::new("")), InputProblem::Empty);
        assert_eq!(
            problem(TicketTitle::new("a\nb")),
            InputProblem::Character {
                code_point: "U+000A".into(),
                position: 1
            }
        );
        assert_eq!(
            problem(TicketTitle::new("invoice\u{202E}fdp.exe")),
            InputProblem::Character {
                code_point: "U+202E".into(),
                position: 7
            }
        );
        assert!(matches!(
            problem(TicketTitle::new("bell\u{7}")),
            InputProblem::Character { .. }
        ));
        assert!(matches!(
            problem(TicketTitle::new("c1\u{85}x")),
            InputProblem::Character { .. }
        ));
    }

    #[test]
    fn text_allows_line_breaks_and_refuses_other_controls() {
        assert!(TicketText::new("").is_ok());
        assert!(TicketText::new("line 1\r\nline 2\tend\n").is_ok());
        assert!(TicketText::new("right-to-left \u{2067}שלום\u{2069}").is_ok());
        assert!(TicketText::new("x".repeat(20_000)).is_ok());
        assert_eq!(
            problem(TicketText::new("x".repeat(20_001))),
            InputProblem::TooLong {
                max: 20_000,
                len: 20_001
            }
        );
        assert!(matches!(
            problem(TicketText::new("nul\0")),
            InputProblem::Character { .. }
        ));
        assert!(matches!(
            problem(TicketText::new("esc\u{1b}[2J")),
            InputProblem::Character { .. }
        ));
    }

    #[test]
    fn identifiers() {
        for ok in ["INC0012345", "ci:db-01.prod", "a", &"A".repeat(64)] {
            assert!(Identifier::new(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "-lead",
            ".x",
            "has space",
            "semi;colon",
            "ünïcode",
            "<script>",
        ] {
            assert!(Identifier::new(bad).is_err(), "{bad}");
        }
        assert_eq!(
            problem(Identifier::new("A".repeat(65))),
            InputProblem::TooLong { max: 64, len: 65 }
        );
    }

    #[test]
    fn emails() {
        for ok in [
            "a@b",
            "jane.doe+itsm@example.com",
            "x@sub-domain.example.co",
            &format!("{}@example.com", "l".repeat(64)),
        ] {
            assert!(Email::new(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "plain",
            "@example.com",
            "a@",
            "a@@b",
            "a@b..c",
            "a@-b.com",
            "a@b-.com",
            "a b@c.d",
            "jöran@example.com",
            "a@exa_mple.com",
            "\"quoted\"@example.com",
            "a@b.com\n",
            &format!("{}@example.com", "l".repeat(65)),
            &format!("a@{}.com", "d".repeat(64)),
        ] {
            assert!(Email::new(bad).is_err(), "{bad}");
        }
        let long = format!("a@{}.com", vec!["d".repeat(63); 4].join("."));
        assert_eq!(
            problem(Email::new(&long)),
            InputProblem::TooLong {
                max: 254,
                len: long.len()
            }
        );
        assert_eq!(
            Email::new("jane@Example.COM").unwrap().domain(),
            "Example.COM"
        );
    }

    #[test]
    fn display_names_in_any_script_without_markup() {
        for ok in [
            "Jane O'Neil",
            "José Ramírez-Núñez",
            "山田 太郎",
            "Zoë d’Arc",
            "Ng, Anh",
            "Sr. Müller 3rd",
        ] {
            assert!(DisplayName::new(ok).is_ok(), "{ok}");
        }
        // NFD input is stored as NFC.
        let nfd = "Jose\u{301}";
        assert_eq!(DisplayName::new(nfd).unwrap().as_str(), "José");
        for bad in [
            "<b>Jane</b>",
            "Jane\"; DROP",
            "a=b",
            "emoji 😀",
            "tab\tname",
            "\u{202E}enaJ",
        ] {
            assert!(DisplayName::new(bad).is_err(), "{bad}");
        }
        assert_eq!(
            problem(DisplayName::new("x".repeat(101))),
            InputProblem::TooLong { max: 100, len: 101 }
        );
    }

    #[test]
    fn errors_never_echo_the_input_and_json_is_checked() {
        let secret = "p4ssw0rd\u{7}";
        let e = TicketTitle::new(secret).unwrap_err().to_string();
        assert!(!e.contains("p4ssw0rd"), "{e}");
        assert_eq!(
            e,
            "title contains the character U+0007 at position 8, which is not accepted"
        );
        let t: TicketTitle = serde_json::from_str("\"Printer jam\"").unwrap();
        assert_eq!(serde_json::to_string(&t).unwrap(), "\"Printer jam\"");
        assert!(serde_json::from_str::<TicketTitle>("\"\"").is_err());
        assert!(serde_json::from_str::<Email>("\"not an email\"").is_err());
        assert!(serde_json::from_str::<Identifier>("\"x y\"").is_err());
    }
}
