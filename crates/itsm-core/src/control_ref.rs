//! References to a control, requirement or article of a framework, with each
//! framework's identifier format checked.

use std::fmt;
use std::str::FromStr;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::{Error, Framework, InputExcerpt};

/// A reference to one element of a framework: an ISO/IEC 27001 control or
/// clause, a CSF function, category or subcategory, a GDPR article.
///
/// Construction checks the identifier's **format** for its framework; whether
/// the element exists in the published catalog is checked by the crate that
/// owns that catalog (`itsm-risk` for ISO/IEC 27001, `itsm-nist` for the CSF).
///
/// | framework | accepted formats |
/// |---|---|
/// | ISO/IEC 27001:2022 | Annex A `A.5.15` (themes 5 to 8); clauses `4` to `10` with up to two sub-levels, `6.1.3` |
/// | NIST CSF 2.0 | `GV`, `GV.OC`, `GV.OC-01` (two digits, zero-padded); functions GV, ID, PR, DE, RS, RC |
/// | NIST CSF 1.1 | `ID`, `ID.AM`, `ID.AM-1` (not padded); functions ID, PR, DE, RS, RC |
/// | NIST SP 800-61 Rev. 2 | section numbers `3`, `3.2.4` |
/// | NIST SP 800-61 Rev. 3 | CSF 2.0 elements (`RS.MA-01`) or section numbers |
/// | ITIL 4 | lowercase hyphenated names, `incident-management` (ITIL publishes no ids) |
/// | GDPR | `Art. 33`, `Art. 33(3)`, `Art. 6(1)(a)` (articles 1 to 99), `Recital 39` (1 to 173) |
///
/// Its text form is `framework_key:id` (see [`Framework::key`]); it
/// serializes as `{"framework": ..., "id": ...}`, checked the same way.
///
/// # Examples
///
/// ```
/// use itsm_core::{ControlRef, Framework};
///
/// let access = ControlRef::new(Framework::Iso27001_2022, "A.5.15")?;
/// assert_eq!(access.id(), "A.5.15");
/// assert_eq!(access.to_string(), "iso_27001_2022:A.5.15");
/// assert_eq!(access.label(), "ISO/IEC 27001:2022 A.5.15");
///
/// let breach: ControlRef = "gdpr:Art. 33(3)".parse()?;
/// assert_eq!(breach.framework(), Framework::Gdpr);
///
/// // A 2013-edition number is not a 2022 identifier.
/// let err = ControlRef::new(Framework::Iso27001_2022, "A.12.4.1").unwrap_err();
/// assert!(err.to_string().contains("2013"));
/// // CSF 2.0 pads subcategory numbers.
/// assert!(ControlRef::new(Framework::NistCsf2_0, "GV.OC-1").is_err());
/// # Ok::<(), itsm_core::Error>(())
/// ```
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(try_from = "RawControlRef")]
pub struct ControlRef {
    framework: Framework,
    id: String,
}

/// The unchecked wire form of [`ControlRef`].
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawControlRef {
    framework: Framework,
    id: String,
}

impl TryFrom<RawControlRef> for ControlRef {
    type Error = Error;

    fn try_from(raw: RawControlRef) -> Result<Self, Error> {
        Self::new(raw.framework, raw.id)
    }
}

impl ControlRef {
    /// Checks `id` against the format of `framework`.
    ///
    /// # Errors
    ///
    /// [`Error::ControlId`] when `id` does not have one of the framework's
    /// formats (see the table above), with a hint for common mistakes such as
    /// ISO/IEC 27001:2013 numbers or unpadded CSF 2.0 subcategories.
    pub fn new(framework: Framework, id: impl Into<String>) -> Result<Self, Error> {
        let id = id.into();
        check_format(framework, &id).map_err(|hint| Error::ControlId {
            framework,
            id: InputExcerpt::new(&id),
            expected: framework.id_format(),
            hint,
        })?;
        Ok(Self { framework, id })
    }

    /// The framework the identifier belongs to.
    #[must_use]
    pub fn framework(&self) -> Framework {
        self.framework
    }

    /// The identifier, exactly as given: `A.5.15`, `GV.OC-01`, `Art. 33(3)`.
    #[must_use]
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The human citation: `ISO/IEC 27001:2022 A.5.15`, `GDPR Art. 33(3)`.
    #[must_use]
    pub fn label(&self) -> String {
        format!("{} {}", self.framework, self.id)
    }
}

impl fmt::Display for ControlRef {
    /// The text form `framework_key:id`, which [`FromStr`] reads back.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.framework.key(), self.id)
    }
}

impl FromStr for ControlRef {
    type Err = Error;

    /// Parses the text form `framework_key:id`, splitting at the first colon.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (key, id) = s.split_once(':').ok_or_else(|| Error::ControlRefSyntax {
            value: InputExcerpt::new(s),
        })?;
        Self::new(key.parse()?, id)
    }
}

/// `Ok` when `id` has one of `framework`'s formats, else a hint if one applies.
fn check_format(framework: Framework, id: &str) -> Result<(), Option<&'static str>> {
    match framework {
        Framework::Iso27001_2022 => iso27001_2022(id),
        Framework::NistCsf2_0 => csf(id, CsfVersion::V2_0),
        Framework::NistCsf1_1 => csf(id, CsfVersion::V1_1),
        Framework::NistSp800_61Rev2 => section(id, 4).ok_or(None),
        Framework::NistSp800_61Rev3 => {
            if csf(id, CsfVersion::V2_0).is_ok() || section(id, 4).is_some() {
                Ok(())
            } else {
                Err(None)
            }
        }
        Framework::Itil4 => itil_name(id),
        Framework::Gdpr => gdpr(id),
    }
}

/// A decimal number in `1..=max` without sign, padding or leading zeros.
fn number(s: &str, max: u16) -> Option<u16> {
    if s.is_empty() || s.len() > 3 || !s.bytes().all(|b| b.is_ascii_digit()) || s.starts_with('0') {
        return None;
    }
    s.parse::<u16>().ok().filter(|n| (1..=max).contains(n))
}

/// Dot-separated numbers, 1 to `max_levels` of them: `3`, `3.2.4`.
fn section(id: &str, max_levels: usize) -> Option<()> {
    let mut levels = 0;
    for part in id.split('.') {
        number(part, 99)?;
        levels += 1;
    }
    (levels <= max_levels).then_some(())
}

const ISO_2013_HINT: &str = "this looks like an ISO/IEC 27001:2013 number; the 2022 edition numbers Annex A from A.5.1 to A.8.34";

fn iso27001_2022(id: &str) -> Result<(), Option<&'static str>> {
    if let Some(annex) = id.strip_prefix("A.") {
        let mut parts = annex.split('.');
        let theme = parts.next().and_then(|t| number(t, 99));
        let control = parts.next().and_then(|c| number(c, 99));
        return match (theme, control, parts.next()) {
            (Some(5..=8), Some(_), None) => Ok(()),
            // 2013 numbered Annex A from A.5 to A.18, with three levels.
            (Some(t), Some(_), extra) if t > 8 || extra.is_some() => Err(Some(ISO_2013_HINT)),
            _ => Err(None),
        };
    }
    let mut parts = id.split('.');
    let clause = parts.next().and_then(|c| number(c, 99));
    if !matches!(clause, Some(4..=10)) {
        return Err(None);
    }
    let mut levels = 1;
    for part in parts {
        number(part, 99).ok_or(None)?;
        levels += 1;
    }
    if levels <= 3 { Ok(()) } else { Err(None) }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum CsfVersion {
    V2_0,
    V1_1,
}

fn csf(id: &str, version: CsfVersion) -> Result<(), Option<&'static str>> {
    const FUNCTIONS_2_0: [&str; 6] = ["GV", "ID", "PR", "DE", "RS", "RC"];
    const FUNCTIONS_1_1: [&str; 5] = ["ID", "PR", "DE", "RS", "RC"];
    let upper = |s: &str| s.len() == 2 && s.bytes().all(|b| b.is_ascii_uppercase());

    if id.bytes().any(|b| b.is_ascii_lowercase()) {
        return Err(Some("CSF identifiers are written in upper case"));
    }
    let (function, rest) = match id.split_once('.') {
        Some((f, r)) => (f, Some(r)),
        None => (id, None),
    };
    let known = match version {
        CsfVersion::V2_0 => FUNCTIONS_2_0.contains(&function),
        CsfVersion::V1_1 => FUNCTIONS_1_1.contains(&function),
    };
    if !known {
        return Err((version == CsfVersion::V1_1 && function == "GV")
            .then_some("CSF 1.1 has no Govern function; `GV` belongs to CSF 2.0"));
    }
    let Some(rest) = rest else { return Ok(()) };
    let (category, sub) = match rest.split_once('-') {
        Some((c, s)) => (c, Some(s)),
        None => (rest, None),
    };
    if !upper(category) {
        return Err(None);
    }
    let Some(sub) = sub else { return Ok(()) };
    let two_digits = sub.len() == 2 && sub.bytes().all(|b| b.is_ascii_digit());
    match version {
        CsfVersion::V2_0 if two_digits && sub != "00" => Ok(()),
        CsfVersion::V2_0 if number(sub, 9).is_some() => Err(Some(
            "CSF 2.0 zero-pads subcategory numbers to two digits, as in `GV.OC-01`",
        )),
        CsfVersion::V1_1 if number(sub, 99).is_some() => Ok(()),
        CsfVersion::V1_1 if two_digits && sub.starts_with('0') && sub != "00" => Err(Some(
            "CSF 1.1 does not pad subcategory numbers, as in `ID.AM-1`",
        )),
        _ => Err(None),
    }
}

fn itil_name(id: &str) -> Result<(), Option<&'static str>> {
    let words_ok = id.len() <= 64
        && id.split('-').all(|w| {
            !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        });
    if words_ok {
        Ok(())
    } else if id.contains(' ') || id.contains('_') || id.bytes().any(|b| b.is_ascii_uppercase()) {
        Err(Some("write names in lower case with hyphens between words"))
    } else {
        Err(None)
    }
}

fn gdpr(id: &str) -> Result<(), Option<&'static str>> {
    const ARTICLE_HINT: &str = "write articles as `Art. 33`, with a space after the period";
    if let Some(n) = id.strip_prefix("Recital ") {
        return number(n, 173).map(|_| ()).ok_or(None);
    }
    let Some(rest) = id.strip_prefix("Art. ") else {
        let looks_like_article = id.starts_with("Art") || id.starts_with("art");
        return Err(looks_like_article.then_some(ARTICLE_HINT));
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let (article, mut tail) = rest.split_at(digits);
    number(article, 99).ok_or(None)?;
    // An optional numbered paragraph, then an optional lettered point.
    if let Some(after) = tail.strip_prefix('(') {
        let (inner, next) = after.split_once(')').ok_or(None)?;
        if number(inner, 99).is_some() {
            tail = next;
        }
    }
    if let Some(after) = tail.strip_prefix('(') {
        let (inner, next) = after.split_once(')').ok_or(None)?;
        let mut letters = inner.chars();
        match (letters.next(), letters.next()) {
            (Some('a'..='z'), None) => tail = next,
            _ => return Err(None),
        }
    }
    if tail.is_empty() { Ok(()) } else { Err(None) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(f: Framework, id: &str) {
        let r = ControlRef::new(f, id);
        assert!(r.is_ok(), "{f} should accept {id:?}: {r:?}");
    }

    fn bad(f: Framework, id: &str) -> Error {
        ControlRef::new(f, id).expect_err(&format!("{f} should reject {id:?}"))
    }

    fn hint(e: &Error) -> Option<&'static str> {
        match e {
            Error::ControlId { hint, .. } => *hint,
            other => panic!("unexpected error {other:?}"),
        }
    }

    #[test]
    fn iso_annex_a_edges() {
        let f = Framework::Iso27001_2022;
        for id in ["A.5.1", "A.5.37", "A.6.8", "A.7.14", "A.8.34", "A.8.99"] {
            ok(f, id);
        }
        for id in [
            "A.4.1", "A.9.1", "A.5.0", "A.5.01", "A.5", "A.5.", "A..5", "a.5.1", "A.5.1 ",
            " A.5.1", "A.5.100", "A.5.1.1",
        ] {
            bad(f, id);
        }
        assert_eq!(hint(&bad(f, "A.12.4.1")), Some(ISO_2013_HINT));
        assert_eq!(hint(&bad(f, "A.9.1")), Some(ISO_2013_HINT));
        assert_eq!(hint(&bad(f, "A.5.1.1")), Some(ISO_2013_HINT));
        assert_eq!(hint(&bad(f, "A.5")), None);
        assert_eq!(hint(&bad(f, "A.4.1")), None);
    }

    #[test]
    fn iso_clause_edges() {
        let f = Framework::Iso27001_2022;
        for id in ["4", "4.1", "6.1.3", "9.2.1", "9.3.3", "10", "10.2"] {
            ok(f, id);
        }
        for id in [
            "3", "11", "0", "04", "6.1.3.1", "6..1", "6.0", "6.1.", "", "6,1",
        ] {
            bad(f, id);
        }
    }

    #[test]
    fn csf_2_0_edges() {
        let f = Framework::NistCsf2_0;
        for id in [
            "GV", "RC", "GV.OC", "GV.OC-01", "PR.AA-06", "DE.CM-99", "ID.IM-04",
        ] {
            ok(f, id);
        }
        for id in [
            "XX",
            "GV.O",
            "GV.OCC",
            "GV.OC-00",
            "GV.OC-100",
            "GV.OC-",
            "GV.OC-1a",
            "GV-01",
            "GV.OC.01",
            "GV.O1-01",
            "",
        ] {
            bad(f, id);
        }
        assert!(hint(&bad(f, "GV.OC-1")).unwrap().contains("zero-pads"));
        assert!(hint(&bad(f, "gv.oc-01")).unwrap().contains("upper case"));
    }

    #[test]
    fn csf_1_1_edges() {
        let f = Framework::NistCsf1_1;
        for id in ["ID", "ID.AM", "ID.AM-1", "PR.IP-12", "RC.CO-3", "DE.CM-99"] {
            ok(f, id);
        }
        for id in ["ID.AM-0", "ID.AM-100", "ID.AM-", "ID.A-1", "XX.AM-1", ""] {
            bad(f, id);
        }
        assert!(hint(&bad(f, "ID.AM-01")).unwrap().contains("does not pad"));
        assert!(hint(&bad(f, "GV.OC-1")).unwrap().contains("Govern"));
    }

    #[test]
    fn sp_800_61_edges() {
        for f in [Framework::NistSp800_61Rev2, Framework::NistSp800_61Rev3] {
            for id in ["3", "3.2", "3.2.4", "2.3.4.1"] {
                ok(f, id);
            }
            for id in ["", "0", "3.", "3.2.4.1.1", "03.2", "3.a"] {
                bad(f, id);
            }
        }
        ok(Framework::NistSp800_61Rev3, "RS.MA-01");
        ok(Framework::NistSp800_61Rev3, "DE.AE");
        bad(Framework::NistSp800_61Rev2, "RS.MA-01");
        bad(Framework::NistSp800_61Rev3, "RS.MA-1");
    }

    #[test]
    fn itil_edges() {
        let f = Framework::Itil4;
        for id in [
            "incident-management",
            "focus-on-value",
            "change-enablement",
            "a",
            "x9",
        ] {
            ok(f, id);
        }
        ok(f, &"a".repeat(64));
        bad(f, &"a".repeat(65));
        for id in [
            "",
            "-incident",
            "incident-",
            "incident--management",
            "incident.management",
        ] {
            bad(f, id);
        }
        for id in [
            "Incident Management",
            "incident_management",
            "Incident-management",
        ] {
            assert!(hint(&bad(f, id)).is_some(), "{id}");
        }
    }

    #[test]
    fn gdpr_edges() {
        let f = Framework::Gdpr;
        for id in [
            "Art. 1",
            "Art. 99",
            "Art. 33(3)",
            "Art. 6(1)(a)",
            "Art. 9(2)(j)",
            "Art. 28(3)(h)",
            "Art. 83(4)(a)",
            "Recital 1",
            "Recital 173",
        ] {
            ok(f, id);
        }
        for id in [
            "Art. 0",
            "Art. 100",
            "Art. 033",
            "Art. 33()",
            "Art. 33(0)",
            "Art. 33(3",
            "Art. 6(1)(A)",
            "Art. 6(1)(aa)",
            "Art. 6(1)(a)(i)",
            "Art. 33 (3)",
            "Recital 0",
            "Recital 174",
            "Art. ",
            "33",
            "",
        ] {
            bad(f, id);
        }
        for id in ["Article 33", "Art.33", "art. 33"] {
            assert!(hint(&bad(f, id)).is_some(), "{id}");
        }
    }

    #[test]
    fn text_form_round_trips() {
        for text in [
            "iso_27001_2022:A.5.15",
            "nist_csf_2_0:GV.OC-01",
            "nist_csf_1_1:ID.AM-1",
            "gdpr:Art. 33(3)",
            "itil_4:incident-management",
            "nist_sp_800_61_r3:RS.MA-01",
        ] {
            let r: ControlRef = text.parse().unwrap();
            assert_eq!(r.to_string(), text);
        }
        assert!(matches!(
            "A.5.15".parse::<ControlRef>(),
            Err(Error::ControlRefSyntax { .. })
        ));
        assert!(matches!(
            "iso:A.5.15".parse::<ControlRef>(),
            Err(Error::UnknownFramework { .. })
        ));
    }

    #[test]
    fn serde_checks_the_format_and_rejects_unknown_fields() {
        let r = ControlRef::new(Framework::NistCsf2_0, "PR.AA-03").unwrap();
        let json = serde_json::to_string(&r).unwrap();
        assert_eq!(json, r#"{"framework":"nist_csf_2_0","id":"PR.AA-03"}"#);
        assert_eq!(serde_json::from_str::<ControlRef>(&json).unwrap(), r);

        for bad in [
            r#"{"framework":"nist_csf_2_0","id":"PR.AA-3"}"#,
            r#"{"framework":"nist_csf_2_0","id":"PR.AA-03","extra":1}"#,
            r#"{"framework":"nist_csf_2_0"}"#,
            r#"{"framework":"nist_csf_2_1","id":"PR.AA-03"}"#,
            r#"{"framework":"nist_csf_2_0","id":3}"#,
        ] {
            assert!(serde_json::from_str::<ControlRef>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn error_message_names_framework_and_expected_format() {
        let e = bad(Framework::NistCsf2_0, "GV.OC-1");
        assert_eq!(
            e.to_string(),
            "`GV.OC-1` is not a valid NIST CSF 2.0 identifier: expected a function, category or \
             subcategory such as `GV`, `GV.OC` or `GV.OC-01` (two-digit, zero-padded) (CSF 2.0 \
             zero-pads subcategory numbers to two digits, as in `GV.OC-01`)"
        );
    }

    #[test]
    fn huge_and_hostile_input_is_rejected_with_a_bounded_message() {
        let huge = "A.5.".repeat(100_000);
        for f in Framework::ALL {
            let msg = bad(f, &huge).to_string();
            assert!(msg.len() < 600, "{f}: {} bytes", msg.len());
            let msg = bad(f, "A.5\u{0}.1\u{1b}").to_string();
            assert!(!msg.contains('\u{0}') && !msg.contains('\u{1b}'));
        }
    }
}
