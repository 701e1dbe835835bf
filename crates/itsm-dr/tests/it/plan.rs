use itsm_dr::Error;
use itsm_dr::backup::{BackupStatus, HealthFinding, RestoreTest, score_3_2_1_1_0};
use itsm_dr::model::{
    Location, Mechanism, Medium, Protection, Runbook, Scenario, Schedule, Service, Step, Tier,
};
use itsm_dr::plan::{DrPlan, Finding};
use itsm_dr::span::{Loss, Span};

fn span(s: &str) -> Span {
    s.parse().unwrap()
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| (*s).to_owned()).collect()
}

#[test]
fn the_seed_plan_has_exactly_the_expected_findings() {
    let findings = DrPlan::seed().check().unwrap();
    let critical = strings(&["email", "authentication", "erp"]);
    let important = strings(&["file_sharing", "database"]);
    let expected = vec![
        ("rpo", critical.clone(), span("5m"), "database", 48.0),
        ("rpo", important.clone(), span("30m"), "database", 8.0),
        (
            "runbook",
            critical.clone(),
            span("15m"),
            "data_centre_failure",
            2.0,
        ),
        (
            "runbook",
            critical.clone(),
            span("15m"),
            "ransomware_attack",
            16.0,
        ),
        (
            "runbook",
            important.clone(),
            span("2h"),
            "ransomware_attack",
            2.0,
        ),
        ("runbook", critical, span("15m"), "extended_outage", 24.0),
        ("runbook", important, span("2h"), "extended_outage", 3.0),
    ];
    assert_eq!(findings.len(), expected.len(), "{findings:#?}");
    for (f, (kind, services, objective, by, factor)) in findings.iter().zip(expected) {
        match (kind, f) {
            (
                "rpo",
                Finding::RpoNotMet {
                    services: s,
                    scenarios,
                    rpo,
                    mechanism,
                    loss,
                    factor: x,
                },
            ) => {
                assert_eq!(s, &services);
                assert_eq!(scenarios, &Scenario::ALL.to_vec());
                assert_eq!(*rpo, objective);
                assert_eq!(mechanism, by);
                assert_eq!(loss.seconds(), 4 * 3600);
                assert!((x.0 - factor).abs() < 1e-9);
            }
            (
                "runbook",
                Finding::RunbookTooSlow {
                    runbook,
                    services: s,
                    rto,
                    factor: x,
                    ..
                },
            ) => {
                assert_eq!(runbook, by);
                assert_eq!(s, &services);
                assert_eq!(*rto, objective);
                assert!((x.0 - factor).abs() < 1e-9);
            }
            _ => panic!("unexpected {f:?}"),
        }
    }
    assert!(findings[0].to_string().contains("(48x)"));
    // No finding names a standard-tier service.
    assert!(
        !findings
            .iter()
            .any(|f| format!("{f}").contains("web_portals") || format!("{f}").contains("reporting"))
    );
}

fn backup(id: &str, every: &str, locations: Vec<Location>) -> Mechanism {
    Mechanism {
        id: id.into(),
        protection: Protection::Backup {
            schedule: Schedule::Every(span(every)),
            retention: span("30d"),
            locations,
            copies: 1,
            media: Vec::new(),
            immutable: false,
            encryption: None,
        },
    }
}

fn plan_with(services: Vec<Service>) -> DrPlan {
    DrPlan {
        services,
        mechanisms: vec![backup("nightly", "5m", vec![Location::OffSite])],
        ..DrPlan::default()
    }
}

fn service(id: &str, tier: Tier) -> Service {
    let mut s = Service::new(id, id, tier, "ops");
    s.protected_by = vec!["nightly".into()];
    s
}

#[test]
fn bia_checks_hold_at_their_boundaries() {
    // Important tier: RTO 2h.
    let mut at = service("at", Tier::Important);
    at.mtd = Some(span("2h"));
    at.wrt = Some(span("1h"));
    let mut over = service("over", Tier::Important);
    over.mtd = Some(span("119m"));
    let mut sum_at = service("sum_at", Tier::Important);
    sum_at.mtd = Some(span("3h"));
    sum_at.wrt = Some(span("1h"));
    let mut sum_over = service("sum_over", Tier::Important);
    sum_over.mtd = Some(span("3h"));
    sum_over.wrt = Some(span("61m"));
    let mut wrt_only = service("wrt_only", Tier::Important);
    wrt_only.wrt = Some(span("10d"));
    let findings = plan_with(vec![at, over, sum_at, sum_over, wrt_only])
        .check()
        .unwrap();
    let names: Vec<String> = findings.iter().map(ToString::to_string).collect();
    assert_eq!(findings.len(), 3, "{names:#?}");
    assert!(matches!(&findings[0], Finding::RtoPlusWrtAboveMtd { service, .. } if service == "at"));
    assert!(matches!(&findings[1], Finding::RtoAboveMtd { service, .. } if service == "over"));
    assert!(
        matches!(&findings[2], Finding::RtoPlusWrtAboveMtd { service, factor, .. } if service == "sum_over" && factor.0 > 1.0)
    );
}

#[test]
fn dependencies_on_slower_services_and_cycles() {
    let mut erp = service("erp", Tier::Critical);
    erp.depends_on = strings(&["db", "auth"]);
    let db = service("db", Tier::Important);
    let auth = service("auth", Tier::Critical);
    let findings = plan_with(vec![erp, db, auth]).check().unwrap();
    assert_eq!(findings.len(), 1, "equal RTOs are fine");
    match &findings[0] {
        Finding::DependsOnSlowerService {
            service,
            dependency,
            factor,
            ..
        } => {
            assert_eq!((service.as_str(), dependency.as_str()), ("erp", "db"));
            assert!((factor.0 - 8.0).abs() < 1e-9);
        }
        other => panic!("{other:?}"),
    }

    let edges = [("a", "b"), ("b", "c"), ("c", "a"), ("d", "d"), ("e", "a")];
    let ring: Vec<Service> = edges
        .iter()
        .map(|(from, to)| {
            let mut s = service(from, Tier::Standard);
            s.depends_on = strings(&[to]);
            s
        })
        .collect();
    let cycles: Vec<Vec<String>> = plan_with(ring)
        .check()
        .unwrap()
        .into_iter()
        .filter_map(|f| match f {
            Finding::DependencyCycle { services } => Some(services),
            _ => None,
        })
        .collect();
    assert_eq!(cycles, vec![strings(&["a", "b", "c"]), strings(&["d"])]);
}

#[test]
fn a_long_dependency_chain_neither_overflows_nor_reports_a_cycle() {
    let n = 200_000;
    let services: Vec<Service> = (0..n)
        .map(|i| {
            let mut s = service(&format!("s{i}"), Tier::Standard);
            if i + 1 < n {
                s.depends_on = vec![format!("s{}", i + 1)];
            }
            s
        })
        .collect();
    let findings = plan_with(services).check().unwrap();
    assert!(findings.is_empty(), "{:?}", findings.first());
}

#[test]
fn ransomware_ignores_replicas() {
    let mut s = service("tickets", Tier::Important); // RPO 30m
    s.protected_by = strings(&["replica", "daily"]);
    let plan = DrPlan {
        services: vec![s],
        mechanisms: vec![
            Mechanism {
                id: "replica".into(),
                protection: Protection::Replication {
                    lag: Loss::ZERO,
                    location: Location::SeparateDataCentre,
                },
            },
            backup("daily", "1d", vec![Location::OffSite]),
        ],
        ..DrPlan::default()
    };
    let findings = plan.check().unwrap();
    assert_eq!(findings.len(), 1, "{findings:#?}");
    match &findings[0] {
        Finding::RpoNotMet {
            scenarios,
            mechanism,
            factor,
            ..
        } => {
            assert_eq!(scenarios, &[Scenario::Ransomware]);
            assert_eq!(mechanism, "daily");
            assert!((factor.0 - 48.0).abs() < 1e-9);
        }
        other => panic!("{other:?}"),
    }

    // With only the replica, nothing survives ransomware.
    let mut only = plan.clone();
    only.services[0].protected_by = strings(&["replica"]);
    assert_eq!(
        only.check().unwrap(),
        vec![Finding::NoSurvivingProtection {
            services: strings(&["tickets"]),
            scenario: Scenario::Ransomware
        }]
    );

    // An on-site backup does not survive losing the site; a loss equal to the RPO meets it.
    let mut local = plan.clone();
    local.mechanisms = vec![backup("daily", "30m", vec![Location::OnSite])];
    local.services[0].protected_by = strings(&["daily"]);
    let findings = local.check().unwrap();
    let lost: Vec<Scenario> = findings
        .iter()
        .filter_map(|f| match f {
            Finding::NoSurvivingProtection { scenario, .. } => Some(*scenario),
            _ => None,
        })
        .collect();
    assert_eq!(
        lost,
        [Scenario::DataCentreFailure, Scenario::ExtendedOutage]
    );
    assert_eq!(
        findings.len(),
        2,
        "ransomware: the 30m backup meets the 30m RPO"
    );
}

#[test]
fn runbook_totals_against_rto() {
    let mut plan = plan_with(vec![service("api", Tier::Important)]); // RTO 2h
    let step = |d: Option<&str>| Step {
        action: "do".into(),
        owner_role: "ops".into(),
        duration: d.map(|d| d.parse().unwrap()),
    };
    let runbook = |id: &str, steps: Vec<Step>| Runbook {
        id: id.into(),
        scenario: Scenario::DataCentreFailure,
        steps,
        estimate: None,
        restores: strings(&["api"]),
    };
    plan.runbooks = vec![
        runbook("exact", vec![step(Some("30-60 minutes")), step(Some("1h"))]),
        runbook("slow", vec![step(Some("1h")), step(Some("61m"))]),
        runbook("unknown", vec![step(Some("1h")), step(None)]),
    ];
    assert_eq!(plan.runbooks[0].total(), Some(span("2h")));
    let findings = plan.check().unwrap();
    assert_eq!(findings.len(), 2, "{findings:#?}");
    assert!(
        matches!(&findings[0], Finding::RunbookTooSlow { runbook, estimate, .. } if runbook == "slow" && *estimate == span("121m"))
    );
    assert_eq!(
        findings[1],
        Finding::RunbookWithoutEstimate {
            runbook: "unknown".into()
        }
    );
    // An estimate, when given, is used instead of the steps.
    plan.runbooks[2].estimate = Some("1-2 hours".parse().unwrap());
    assert_eq!(plan.check().unwrap().len(), 1);
}

#[test]
fn malformed_plans_are_refused() {
    let mut dup = plan_with(vec![
        service("a", Tier::Critical),
        service("a", Tier::Critical),
    ]);
    assert!(matches!(
        dup.check(),
        Err(Error::DuplicateId {
            kind: "services",
            ..
        })
    ));
    dup.services.pop();
    dup.services[0].depends_on = strings(&["ghost"]);
    assert!(matches!(
        dup.check(),
        Err(Error::UnknownReference {
            kind: "service",
            ..
        })
    ));
    dup.services[0].depends_on.clear();
    dup.services[0].protected_by = strings(&["tape"]);
    assert!(matches!(
        dup.check(),
        Err(Error::UnknownReference {
            kind: "protection mechanism",
            ..
        })
    ));
    let text = r#"{"services":[{"id":"a","name":"A","tier":"critical","owner":"o","mtd":"-1h"}]}"#;
    assert!(serde_json::from_str::<DrPlan>(text).is_err());
    let text = r#"{"services":[{"id":"a","name":"A","tier":"critical","owner":"o","mtd":"0m"}]}"#;
    assert!(serde_json::from_str::<DrPlan>(text).is_err());
}

#[test]
fn the_seed_plan_round_trips_through_json() {
    let plan = DrPlan::seed();
    let json = serde_json::to_string_pretty(&plan).unwrap();
    assert!(json.contains("\"every\": \"4h\""), "{json}");
    let back: DrPlan = serde_json::from_str(&json).unwrap();
    assert_eq!(back, plan);
}

#[test]
fn three_two_one_one_zero_scoring() {
    let seed = DrPlan::seed();
    let db: Vec<&Mechanism> = seed
        .mechanisms
        .iter()
        .filter(|m| m.id == "database")
        .collect();
    let s = score_3_2_1_1_0(&db, None);
    assert_eq!((s.copies, s.media, s.off_site), (3, 1, true));
    assert_eq!(s.score(), 2);
    assert_eq!(s.gaps().len(), 3);

    let good = Mechanism {
        id: "vault".into(),
        protection: Protection::Backup {
            schedule: Schedule::Every(span("1h")),
            retention: span("90d"),
            locations: vec![Location::OnSite, Location::OffSite],
            copies: 2,
            media: vec![Medium::Disk, Medium::Tape],
            immutable: true,
            encryption: Some("AES-256".into()),
        },
    };
    let clean = RestoreTest {
        at: chrono::DateTime::UNIX_EPOCH,
        errors: 0,
    };
    let full = score_3_2_1_1_0(&[&good], Some(&clean));
    assert_eq!(full.score(), 5);
    assert!(full.gaps().is_empty());
    let failed = RestoreTest { errors: 2, ..clean };
    assert_eq!(score_3_2_1_1_0(&[&good], Some(&failed)).score(), 4);
    // One copy on site only: 2 copies, 1 medium, nothing off-site.
    let single = backup("local", "1h", vec![Location::OnSite]);
    let s = score_3_2_1_1_0(&[&single], Some(&clean));
    assert_eq!((s.copies, s.off_site, s.score()), (2, false, 1));
    // Replicas are not backups.
    let replica = Mechanism {
        id: "r".into(),
        protection: Protection::Replication {
            lag: Loss::ZERO,
            location: Location::OffSite,
        },
    };
    assert_eq!(score_3_2_1_1_0(&[&replica], None).score(), 0);
}

#[test]
fn backup_health_at_now() {
    use chrono::{Duration, TimeZone, Utc};
    let now = Utc.with_ymd_and_hms(2026, 12, 3, 12, 0, 0).unwrap();
    let plan = DrPlan::seed(); // database protects critical services: RPO 5m
    let status = |success: Option<i64>, test: Option<(i64, u32)>| BackupStatus {
        mechanism: "database".into(),
        last_success: success.map(|m| now - Duration::minutes(m)),
        last_restore_test: test.map(|(d, errors)| RestoreTest {
            at: now - Duration::days(d),
            errors,
        }),
    };
    let max = span("90d");
    assert!(
        plan.backup_health(&[status(Some(5), Some((90, 0)))], now, max)
            .is_empty()
    );
    let h = plan.backup_health(&[status(Some(240), Some((91, 1)))], now, max);
    assert_eq!(h.len(), 3, "{h:#?}");
    assert!(matches!(&h[0], HealthFinding::Stale { factor, .. } if (factor.0 - 48.0).abs() < 1e-9));
    assert!(matches!(
        &h[1],
        HealthFinding::RestoreTestOverdue { age: Some(_), .. }
    ));
    assert!(matches!(
        &h[2],
        HealthFinding::RestoreTestFailed { errors: 1, .. }
    ));
    let h = plan.backup_health(&[status(None, None)], now, max);
    assert!(matches!(&h[0], HealthFinding::NeverSucceeded { .. }));
    assert!(matches!(
        &h[1],
        HealthFinding::RestoreTestOverdue { age: None, .. }
    ));
}
