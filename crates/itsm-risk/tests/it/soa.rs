use chrono::{Duration, Utc};
use itsm_core::{EvidenceRef, ImplementationStatus};
use itsm_risk::catalog::ControlId;
use itsm_risk::soa::{InclusionReason, SoaDefect, SoaEntry, StatementOfApplicability};

use crate::fixture::{id, register, t0};

fn c(s: &str) -> ControlId {
    s.parse().unwrap()
}

/// A complete statement: every control included as best practice, the
/// register's controls as risk treatment.
fn complete() -> StatementOfApplicability {
    let mut soa = StatementOfApplicability::new();
    for control in ControlId::annex_a() {
        soa.set(SoaEntry::included(
            control,
            [InclusionReason::BestPractice],
            ImplementationStatus::Implemented,
        ));
    }
    let mut backup = SoaEntry::included(
        c("A.8.13"),
        [InclusionReason::RiskTreatment],
        ImplementationStatus::Partial,
    );
    backup.linked_risks = vec![id("R1"), id("R5")];
    backup.owner = Some("infra team".into());
    soa.set(backup);
    soa.set(SoaEntry::excluded(
        c("A.7.12"),
        "no premises with own cabling, fully remote",
    ));
    soa
}

#[test]
fn complete_statement_has_no_defects() {
    assert_eq!(complete().validate(&register(), t0()), []);
    assert_eq!(complete().entries().count(), 93);
}

#[test]
fn each_defect_is_detected() {
    let now = t0();
    let reg = register();
    let check = |soa: &StatementOfApplicability, expected: SoaDefect| {
        let defects = soa.validate(&reg, now);
        assert!(
            defects.contains(&expected),
            "{expected:?} not in {defects:?}"
        );
    };

    // Missing decision: a fresh statement lacks all 93.
    let empty = StatementOfApplicability::new();
    assert_eq!(empty.validate(&reg, now).len(), 93);
    check(
        &empty,
        SoaDefect::MissingDecision {
            control: c("A.5.1"),
        },
    );

    let mut soa = complete();
    soa.set(SoaEntry::excluded(c("A.7.5"), "   "));
    check(
        &soa,
        SoaDefect::ExclusionWithoutJustification {
            control: c("A.7.5"),
        },
    );

    let mut soa = complete();
    soa.set(SoaEntry::included(
        c("A.6.7"),
        [],
        ImplementationStatus::Planned,
    ));
    check(
        &soa,
        SoaDefect::InclusionWithoutJustification {
            control: c("A.6.7"),
        },
    );

    let mut soa = complete();
    soa.set(SoaEntry::excluded(c("A.8.13"), "we do not back up"));
    check(
        &soa,
        SoaDefect::SelectedButNotApplicable {
            control: c("A.8.13"),
            risk: id("R1"),
        },
    );

    let mut soa = complete();
    let mut contradictory = SoaEntry::excluded(c("A.7.4"), "no premises");
    contradictory.status = ImplementationStatus::Implemented;
    soa.set(contradictory);
    check(
        &soa,
        SoaDefect::StatusContradictsDecision {
            control: c("A.7.4"),
        },
    );

    let mut soa = complete();
    let mut unknown = SoaEntry::included(
        c("A.5.7"),
        [InclusionReason::RiskTreatment],
        ImplementationStatus::Planned,
    );
    unknown.linked_risks = vec![id("R99")];
    soa.set(unknown);
    check(
        &soa,
        SoaDefect::UnknownRisk {
            control: c("A.5.7"),
            risk: id("R99"),
        },
    );

    let mut soa = complete();
    soa.set(SoaEntry::included(
        c("9.2.1"),
        [InclusionReason::BestPractice],
        ImplementationStatus::Planned,
    ));
    check(
        &soa,
        SoaDefect::NotAnAnnexAControl {
            control: c("9.2.1"),
        },
    );
}

#[test]
fn expired_evidence_is_detected_at_its_expiry() {
    let now = t0();
    let reg = register();
    // Current one second before expiry, expired at it.
    let expires = now + Duration::seconds(1);
    let mut soa = complete();
    let mut with_evidence = SoaEntry::included(
        c("A.8.8"),
        [InclusionReason::BestPractice],
        ImplementationStatus::Implemented,
    );
    with_evidence.evidence = vec![
        EvidenceRef::new("PT-2025", "penetration test", now - Duration::days(365))
            .unwrap()
            .with_expiry(expires)
            .unwrap(),
    ];
    soa.set(with_evidence);
    assert_eq!(soa.validate(&reg, now), []);
    check_at(
        &soa,
        &reg,
        expires,
        SoaDefect::ExpiredEvidence {
            control: c("A.8.8"),
            evidence: "PT-2025".into(),
            expired_at: expires,
        },
    );
}

fn check_at(
    soa: &StatementOfApplicability,
    reg: &itsm_risk::RiskRegister,
    now: chrono::DateTime<Utc>,
    expected: SoaDefect,
) {
    assert_eq!(soa.validate(reg, now), [expected]);
}

#[test]
fn exports() {
    let mut soa = complete();
    let awkward = "hosted, \"utilities\" are the provider's | see contract, clause 4\nannex B";
    soa.set(SoaEntry::excluded(c("A.7.11"), awkward));
    let json = soa.to_json().unwrap();
    assert_eq!(
        serde_json::from_str::<StatementOfApplicability>(&json).unwrap(),
        soa
    );

    let csv = soa.to_csv();
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(
        lines[0],
        "Control,Title,Applicable,Justification,Status,Linked risks,Owner,Evidence,Evidence expires"
    );
    // Header and 93 rows; the LF inside the quoted field does not end a row.
    assert_eq!(csv.matches("\r\n").count(), 94);
    assert!(csv.contains(
        "\"hosted, \"\"utilities\"\" are the provider's | see contract, clause 4\nannex B\""
    ));
    let backup_row = "\r\nA.8.13,\"Back up information, software and systems\",yes,risk_treatment,partial,R1; R5,infra team,,\r\n";
    assert!(csv.contains(backup_row), "{csv}");

    let md = soa.to_markdown();
    let rows: Vec<&str> = md.lines().collect();
    assert_eq!(rows.len(), 2 + 93);
    assert!(rows[1].starts_with("|---|"));
    let a711 = rows.iter().find(|r| r.starts_with("| A.7.11 ")).unwrap();
    assert!(
        a711.contains("provider's \\| see contract, clause 4 annex B"),
        "{a711}"
    );
    let a813 = rows.iter().find(|r| r.starts_with("| A.8.13 ")).unwrap();
    assert!(
        a813.contains("| yes | risk_treatment | partial | R1; R5 | infra team |"),
        "{a813}"
    );
}
