use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use itsm_core::{Classification, SeededEntropy, UserId};
use itsm_gdpr::Error;
use itsm_gdpr::breach::{Art34Exception, Breach, BreachRegister, RiskLevel, SubjectCommunication};
use itsm_gdpr::classification::{DeletionMethod, SpecialCategory, handling};
use itsm_gdpr::dpia::{Art35_3, Criterion, Dpia, DpiaRisk, Screening, screen};
use itsm_gdpr::dsr::*;
use itsm_gdpr::retention::{RecordKind, RetentionDecision, RetentionSchedule};
use itsm_gdpr::ropa::{
    Art9Condition, Art32Measure, LawfulBasis, ProcessingRecord, Transfer, uncovered,
};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn at(y: i32, m: u32, day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, day, 10, 0, 0).unwrap()
}

#[test]
fn deadlines_at_month_ends_weekends_holidays_and_extension() {
    let none = HolidayCalendar::default();
    let rule = DeadlineRule::Regulation;
    // Month ends: 31 January -> 28 February (2026, a Saturday -> Monday 2 March); leap year 2028 -> 29 February (Tuesday).
    assert_eq!(rule.due(d(2026, 1, 31), false, &none), d(2026, 3, 2));
    assert_eq!(rule.due(d(2028, 1, 31), false, &none), d(2028, 2, 29));
    // 30 April -> 30 May 2026, a Saturday -> Monday 1 June.
    assert_eq!(rule.due(d(2026, 4, 30), false, &none), d(2026, 6, 1));
    // Mid-month on a weekday: same date.
    assert_eq!(rule.due(d(2026, 3, 10), false, &none), d(2026, 4, 10));
    // Holiday: 10 April 2026 declared a holiday -> Monday 13 April (11, 12 are the weekend).
    let cal = HolidayCalendar {
        holidays: [d(2026, 4, 10)].into_iter().collect(),
    };
    assert_eq!(rule.due(d(2026, 3, 10), false, &cal), d(2026, 4, 13));
    // Extension: three months in all: 31 January -> 30 April 2026 (Thursday).
    assert_eq!(rule.due(d(2026, 1, 31), true, &none), d(2026, 4, 30));
    // The seed's flat 30 days.
    assert_eq!(
        DeadlineRule::SeedThirtyDays.due(d(2026, 3, 10), false, &none),
        d(2026, 4, 9)
    );
}

#[test]
fn request_lifecycle_extension_window_and_overdue() {
    let e = SeededEntropy::new(1);
    let subject = UserId::generate(&e).unwrap();
    let cal = HolidayCalendar::default();
    let rule = DeadlineRule::Regulation;
    let mut r = SubjectRequest::new(subject, Right::Access, at(2026, 3, 10));
    assert!(r.complete(at(2026, 3, 11)).is_err(), "identity first");
    r.verify_identity(at(2026, 3, 11)).unwrap();
    r.start(at(2026, 3, 12)).unwrap();
    assert!(!r.is_overdue(at(2026, 4, 10), rule, &cal));
    assert!(r.is_overdue(at(2026, 4, 11), rule, &cal));
    // Extension announced after the first month: refused.
    assert_eq!(
        r.extend("complex", at(2026, 4, 11), rule, &cal),
        Err(Error::ExtensionTooLate {
            deadline: d(2026, 4, 10)
        })
    );
    r.extend("many systems to search", at(2026, 4, 10), rule, &cal)
        .unwrap();
    assert_eq!(r.due(rule, &cal), d(2026, 6, 10));
    assert!(!r.is_overdue(at(2026, 5, 1), rule, &cal));
    r.complete(at(2026, 5, 2)).unwrap();
    assert_eq!(r.history.len(), 5);
    let mut spam = SubjectRequest::new(subject, Right::Erasure, at(2026, 3, 10));
    spam.refuse(RefusalGround::Excessive, at(2026, 3, 11))
        .unwrap();
    assert!(!spam.is_overdue(at(2027, 1, 1), rule, &cal));
    assert_eq!(
        Right::ALL.iter().map(|r| r.article()).collect::<Vec<_>>(),
        (15..=22).collect::<Vec<u8>>()
    );
}

#[test]
fn erasure_exemptions_and_export_bundle() {
    assert_eq!(decide_erasure(&[]), ErasureDecision::Erase);
    assert_eq!(
        decide_erasure(&[
            ErasureExemption::LegalClaims,
            ErasureExemption::LegalObligation,
            ErasureExemption::LegalClaims
        ]),
        ErasureDecision::Withhold {
            exemptions: vec![
                ErasureExemption::LegalObligation,
                ErasureExemption::LegalClaims
            ]
        }
    );
    let subject = UserId::generate(&SeededEntropy::new(2)).unwrap();
    let mut bundle = ExportBundle::new(subject, Right::Portability, at(2026, 3, 10)).unwrap();
    bundle
        .add(
            "tickets",
            &[serde_json::json!({"number": "INC1", "summary": "VPN"})],
        )
        .unwrap();
    let json: serde_json::Value = serde_json::from_str(&bundle.to_json().unwrap()).unwrap();
    assert_eq!(json["sections"]["tickets"][0]["number"], "INC1");
    assert_eq!(
        ExportBundle::new(subject, Right::Erasure, at(2026, 3, 10)),
        Err(Error::NotAnExportRight)
    );
}

#[test]
fn breach_clock_at_72_hours_and_the_no_risk_path() {
    let aware = at(2026, 12, 3);
    let mut b = Breach::new("BR1", aware, "laptop stolen").unwrap();
    assert!(b.must_notify(), "unassessed counts as a risk");
    assert!(!b.is_overdue(aware + Duration::hours(72)));
    assert!(b.is_overdue(aware + Duration::hours(72) + Duration::seconds(1)));
    assert_eq!(
        b.notify(aware + Duration::hours(73), None),
        Err(Error::LateWithoutReasons)
    );
    b.notify(
        aware + Duration::hours(73),
        Some("forensics needed to confirm".into()),
    )
    .unwrap();
    assert!(!b.is_overdue(aware + Duration::hours(100)));
    // Phased: notified with content still missing.
    assert_eq!(b.missing_notification_content().len(), 4);
    b.subject_categories = vec!["customers".into()];
    b.approx_subjects = Some(120);
    b.record_categories = vec!["tickets".into()];
    b.approx_records = Some(800);
    b.dpo_contact = Some("dpo@example.com".into());
    b.likely_consequences = Some("phishing".into());
    b.measures = Some("remote wipe".into());
    assert!(b.missing_notification_content().is_empty());
    // The no-risk path: decided, reasoned, still in the register, never overdue.
    let mut enc = Breach::new("BR2", aware, "encrypted disk lost").unwrap();
    assert!(enc.decide_not_to_notify("  ").is_err());
    enc.decide_not_to_notify("full-disk encryption, key not compromised")
        .unwrap();
    assert!(!enc.is_overdue(aware + Duration::days(30)));
    assert_eq!(enc.notify(aware, None), Err(Error::NotNotifiable));
    let mut reg = BreachRegister::default();
    reg.record(enc);
    reg.record(Breach::new("BR3", aware, "misdirected email").unwrap());
    assert_eq!(reg.breaches.len(), 2);
    assert_eq!(reg.overdue(aware + Duration::hours(80)).len(), 1);
    // Telling subjects.
    let mut high = Breach::new("BR4", aware, "database dump published").unwrap();
    assert_eq!(
        high.subject_communication(),
        SubjectCommunication::NotRequired
    );
    high.risk = RiskLevel::High;
    assert_eq!(high.subject_communication(), SubjectCommunication::Required);
    high.art34_exception = Some(Art34Exception::Unintelligible);
    assert_eq!(
        high.subject_communication(),
        SubjectCommunication::Exempt(Art34Exception::Unintelligible)
    );
    high.art34_exception = Some(Art34Exception::DisproportionateEffort);
    assert_eq!(
        high.subject_communication(),
        SubjectCommunication::PublicCommunication
    );
}

#[test]
fn dpia_screening_at_one_and_two_criteria() {
    assert_eq!(screen(&[], &[]), Screening::NotIndicated);
    assert_eq!(screen(&[Criterion::LargeScale], &[]), Screening::Assess);
    assert_eq!(
        screen(&[Criterion::LargeScale, Criterion::LargeScale], &[]),
        Screening::Assess,
        "the same criterion twice is one"
    );
    assert_eq!(
        screen(&[Criterion::LargeScale, Criterion::VulnerableSubjects], &[]),
        Screening::Required
    );
    assert_eq!(
        screen(&[], &[Art35_3::PublicAreaMonitoring]),
        Screening::Required
    );
    let mut dpia = Dpia::new(
        "ticket analytics with profiling",
        "needed to route tickets; minimised fields",
    )
    .unwrap();
    dpia.risks.push(DpiaRisk {
        description: "profiling staff".into(),
        high: true,
        mitigations: vec!["aggregate only".into()],
        residual_high: false,
    });
    assert!(!dpia.prior_consultation_required());
    dpia.risks.push(DpiaRisk {
        description: "re-identification".into(),
        high: true,
        mitigations: vec![],
        residual_high: true,
    });
    assert!(dpia.prior_consultation_required());
    assert!(Dpia::new("", "x").is_err());
}

#[test]
fn every_art30_missing_field() {
    type Breaker = Box<dyn Fn(&mut ProcessingRecord)>;
    let complete = ProcessingRecord {
        controller: "Example GmbH".into(),
        purposes: vec!["service desk".into()],
        subject_categories: vec!["employees".into()],
        data_categories: vec!["contact details".into()],
        special_categories: vec![],
        recipients: vec!["IT support".into()],
        transfers: vec![Transfer {
            destination: "US".into(),
            safeguard: "SCCs".into(),
        }],
        erasure_time_limits: "5 years after closure".into(),
        security_measures: "encryption, RBAC, MFA".into(),
        lawful_basis: Some(LawfulBasis::Contract),
        art9_condition: None,
    };
    assert!(complete.missing_fields().is_empty());
    let cases: Vec<(Breaker, &str)> = vec![
        (
            Box::new(|r| r.controller.clear()),
            "Art. 30(1)(a): controller name and contact details",
        ),
        (Box::new(|r| r.purposes.clear()), "Art. 30(1)(b): purposes"),
        (
            Box::new(|r| r.subject_categories = vec![" ".into()]),
            "Art. 30(1)(c): categories of data subjects",
        ),
        (
            Box::new(|r| r.data_categories.clear()),
            "Art. 30(1)(c): categories of personal data",
        ),
        (
            Box::new(|r| r.recipients.clear()),
            "Art. 30(1)(d): categories of recipients",
        ),
        (
            Box::new(|r| r.transfers[0].safeguard.clear()),
            "Art. 30(1)(e): transfer destination and safeguards",
        ),
        (
            Box::new(|r| r.erasure_time_limits.clear()),
            "Art. 30(1)(f): time limits for erasure",
        ),
        (
            Box::new(|r| r.security_measures.clear()),
            "Art. 30(1)(g): technical and organisational measures",
        ),
        (
            Box::new(|r| r.lawful_basis = None),
            "Art. 6(1): lawful basis",
        ),
        (
            Box::new(|r| r.special_categories = vec![SpecialCategory::Health]),
            "Art. 9(2): condition for special categories",
        ),
    ];
    for (break_it, expected) in cases {
        let mut r = complete.clone();
        break_it(&mut r);
        assert_eq!(r.missing_fields(), [expected]);
    }
    let mut health = complete.clone();
    health.special_categories = vec![SpecialCategory::Health];
    health.art9_condition = Some(Art9Condition::HealthOrSocialCare);
    assert!(health.missing_fields().is_empty());
    assert_eq!(
        uncovered(&[Art32Measure::PseudonymisationAndEncryption]).len(),
        3
    );
    assert!(serde_json::from_str::<ProcessingRecord>(r#"{"controler": "typo"}"#).is_err());
}

#[test]
fn retention_boundaries_and_legal_hold() {
    let s = RetentionSchedule::seed();
    let created = Utc.with_ymd_and_hms(2025, 12, 3, 12, 0, 0).unwrap();
    let due = Utc.with_ymd_and_hms(2026, 12, 3, 12, 0, 0).unwrap();
    assert_eq!(
        s.decide(
            RecordKind::UserActivityLog,
            created,
            false,
            due - Duration::seconds(1)
        )
        .unwrap(),
        RetentionDecision::Keep { until: due }
    );
    assert_eq!(
        s.decide(RecordKind::UserActivityLog, created, false, due)
            .unwrap(),
        RetentionDecision::Delete {
            method: DeletionMethod::StandardDelete
        }
    );
    assert_eq!(
        s.decide(RecordKind::UserActivityLog, created, true, due)
            .unwrap(),
        RetentionDecision::Held
    );
    assert_eq!(
        s.decide(
            RecordKind::Backup,
            created,
            false,
            created + Duration::days(30)
        )
        .unwrap(),
        RetentionDecision::Delete {
            method: DeletionMethod::CryptographicErase
        }
    );
    assert!(matches!(
        s.decide(
            RecordKind::Backup,
            created,
            false,
            created + Duration::days(29)
        )
        .unwrap(),
        RetentionDecision::Keep { .. }
    ));
    assert_eq!(
        s.decide(RecordKind::PersonalData, created, false, due)
            .unwrap(),
        RetentionDecision::KeepWhileNeeded
    );
    assert!(
        matches!(
            s.decide(
                RecordKind::AuditLog,
                created,
                false,
                created + Duration::days(365 * 7)
            )
            .unwrap(),
            RetentionDecision::Keep { .. }
        ),
        "7 calendar years include two leap days"
    );
    let batch: Vec<_> = s
        .decide_all(
            (0..10_000).map(|i| {
                (
                    RecordKind::IncidentTicket,
                    created - Duration::days(i),
                    i % 2 == 0,
                )
            }),
            due,
        )
        .collect();
    assert_eq!(batch.len(), 10_000);
    let empty = RetentionSchedule { rules: vec![] };
    assert!(
        empty
            .decide(RecordKind::Backup, created, false, due)
            .is_err()
    );
    assert!(handling(Classification::Secret).deletion == DeletionMethod::CryptographicErase);
    assert_eq!(DeletionMethod::SEED_SECRET, DeletionMethod::MultiPassShred);
    assert_eq!(SpecialCategory::ALL.len(), 8);
}
