//! The seed design's plan (section 7.1) as data.
//!
//! Tiers, services and the backup strategy are the seed's. The seed gives
//! no owners, dependencies or MTDs: owners read `unassigned`, the other two
//! are left empty. As the seed's text implies, every service's data is
//! protected by the database backup and every runbook restores every
//! service. Step owner roles are ours (the seed names none); each runbook's
//! estimate is the seed's range, and its upper bound is what is checked.
//!
//! Checked, the plan shows where the seed cannot work: its critical and
//! important RPOs cannot be met by 4-hourly backups, and none of its
//! runbooks is fast enough for the critical tier.

use crate::model::{
    Location, Mechanism, Protection, Runbook, Scenario, Schedule, Service, Step, Tier, TierTable,
};
use crate::plan::DrPlan;
use crate::span::{Loss, Span, SpanRange};

const SERVICES: [(&str, &str, Tier); 7] = [
    ("email", "Email", Tier::Critical),
    ("authentication", "Authentication", Tier::Critical),
    ("erp", "ERP", Tier::Critical),
    ("file_sharing", "File sharing", Tier::Important),
    ("database", "Database", Tier::Important),
    ("web_portals", "Web portals", Tier::Standard),
    ("reporting", "Reporting", Tier::Standard),
];

/// Id, scenario, estimate in seconds (low, high), steps as (action, owner role).
type SeedRunbook = (
    &'static str,
    Scenario,
    u64,
    u64,
    [(&'static str, &'static str); 6],
);

const RUNBOOKS: [SeedRunbook; 3] = [
    (
        "data_centre_failure",
        Scenario::DataCentreFailure,
        15 * 60,
        30 * 60,
        [
            ("Detect the failure (automated monitoring)", "monitoring"),
            ("Fail over to the secondary data centre", "infrastructure"),
            ("Restore from the latest backup", "backup operator"),
            ("Verify that services are available", "service owners"),
            ("Notify stakeholders", "communications"),
            ("Begin the investigation", "incident manager"),
        ],
    ),
    (
        "ransomware_attack",
        Scenario::Ransomware,
        2 * 3600,
        4 * 3600,
        [
            ("Isolate the affected systems", "security"),
            ("Preserve evidence for forensics", "security"),
            ("Restore from clean backups", "backup operator"),
            ("Patch the exploited vulnerabilities", "infrastructure"),
            ("Restore services", "service owners"),
            ("Hold the incident post-mortem", "incident manager"),
        ],
    ),
    (
        "extended_outage",
        Scenario::ExtendedOutage,
        2 * 3600,
        6 * 3600,
        [
            ("Activate the DR site", "infrastructure"),
            ("Restore data from backups", "backup operator"),
            ("Migrate services to the DR site", "infrastructure"),
            ("Verify functionality", "service owners"),
            ("Update DNS and connectivity", "network"),
            ("Notify users", "communications"),
        ],
    ),
];

impl DrPlan {
    /// The seed's plan: its tiers, seven services, backup strategy and
    /// three runbooks.
    #[must_use]
    pub fn seed() -> Self {
        let services = SERVICES
            .iter()
            .map(|(id, name, tier)| {
                let mut s = Service::new(id, name, *tier, "unassigned");
                s.protected_by = vec!["database".to_owned()];
                s
            })
            .collect::<Vec<_>>();
        let all: Vec<String> = services.iter().map(|s| s.id.clone()).collect();
        let mechanisms = vec![
            Mechanism {
                id: "database".into(),
                protection: Protection::Backup {
                    schedule: Schedule::Every(Span::from_const(4 * 3600)),
                    retention: Span::from_const(30 * 86_400),
                    locations: vec![Location::OnSite, Location::OffSite],
                    copies: 2,
                    media: Vec::new(),
                    immutable: false,
                    encryption: Some("AES-256".into()),
                },
            },
            Mechanism {
                id: "application".into(),
                protection: Protection::Backup {
                    schedule: Schedule::Every(Span::from_const(86_400)),
                    retention: Span::from_const(30 * 86_400),
                    locations: vec![Location::SeparateDataCentre],
                    copies: 1,
                    media: Vec::new(),
                    immutable: false,
                    encryption: None,
                },
            },
            Mechanism {
                id: "configuration".into(),
                protection: Protection::Backup {
                    schedule: Schedule::Continuous(Loss::ZERO),
                    retention: Span::from_const(90 * 86_400),
                    locations: vec![Location::Distributed],
                    copies: 1,
                    media: Vec::new(),
                    immutable: false,
                    encryption: None,
                },
            },
        ];
        let runbooks = RUNBOOKS
            .iter()
            .map(|(id, scenario, low, high, steps)| Runbook {
                id: (*id).to_owned(),
                scenario: *scenario,
                steps: steps
                    .iter()
                    .map(|(action, role)| Step {
                        action: (*action).to_owned(),
                        owner_role: (*role).to_owned(),
                        duration: None,
                    })
                    .collect(),
                estimate: SpanRange::new(Span::from_const(*low), Span::from_const(*high)).ok(),
                restores: all.clone(),
            })
            .collect();
        Self {
            tiers: TierTable::default(),
            services,
            mechanisms,
            runbooks,
        }
    }
}
