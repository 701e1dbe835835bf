//! The demo organisation's data in `examples/data/` validates against the
//! published schemas in `docs/schemas/`, and the validation is real: a
//! broken document is refused.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read(path: &str) -> Value {
    let text = fs::read_to_string(repo().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Each data file, the schema of its documents, and whether it is a list of them.
const FILES: &[(&str, &str, bool)] = &[
    ("risk-register.json", "risk-register", false),
    (
        "statement-of-applicability.json",
        "statement-of-applicability",
        false,
    ),
    ("csf-2.0-assessment.json", "csf-2.0-assessment", false),
    ("csf-target-profile.json", "csf-target-profile", false),
    ("processing-records.json", "processing-record", true),
    ("subject-requests.json", "subject-request", true),
    ("holiday-calendar.json", "holiday-calendar", false),
    ("breach-register.json", "breach-register", false),
    ("business-calendar.json", "business-calendar", false),
    ("dr-plan.json", "dr-plan", false),
];

fn errors(schema: &str, doc: &Value) -> Vec<String> {
    let validator =
        jsonschema::validator_for(&read(&format!("docs/schemas/{schema}.json"))).unwrap();
    validator
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn every_example_document_validates_against_its_schema() {
    for (file, schema, list) in FILES {
        let doc = read(&format!("examples/data/{file}"));
        let docs: Vec<&Value> = if *list {
            doc.as_array().unwrap().iter().collect()
        } else {
            vec![&doc]
        };
        assert!(!docs.is_empty(), "{file} is empty");
        for d in docs {
            let found = errors(schema, d);
            assert!(found.is_empty(), "{file} against {schema}: {found:?}");
        }
    }
}

#[test]
fn every_example_file_is_checked() {
    let mut on_disk: Vec<String> = fs::read_dir(repo().join("examples/data"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = FILES.iter().map(|(f, _, _)| (*f).to_owned()).collect();
    listed.sort();
    assert_eq!(on_disk, listed);
}

#[test]
fn broken_documents_are_refused_by_the_schemas() {
    // An unknown field, an out-of-range rating and a misspelt status.
    let mut register = read("examples/data/risk-register.json");
    register["assets"][0]["owner_email"] = "x@example.com".into();
    assert!(!errors("risk-register", &register).is_empty());
    // A rating beyond any matrix (7); a 6 passes the schema, since matrices
    // may have six levels, and only the register's own 5x5 matrix refuses it.
    let mut register = read("examples/data/risk-register.json");
    register["risks"][0]["inherent"]["likelihood"] = 7.into();
    assert!(!errors("risk-register", &register).is_empty());
    register["risks"][0]["inherent"]["likelihood"] = 6.into();
    assert!(errors("risk-register", &register).is_empty());
    assert!(serde_json::from_value::<itsm::risk::register::RiskRegister>(register).is_err());
    let mut csf = read("examples/data/csf-2.0-assessment.json");
    csf["entries"]["GV.OC-01"]["status"] = "done".into();
    assert!(!errors("csf-2.0-assessment", &csf).is_empty());
    let mut csf = read("examples/data/csf-2.0-assessment.json");
    csf["entries"]["GV.OC-1"] = csf["entries"]["GV.OC-01"].clone();
    assert!(
        !errors("csf-2.0-assessment", &csf).is_empty(),
        "an unpadded CSF 2.0 id is not a key"
    );
    let mut plan = read("examples/data/dr-plan.json");
    plan["services"][0]["tier"] = "platinum".into();
    assert!(!errors("dr-plan", &plan).is_empty());
}

#[test]
fn the_example_data_loads_into_the_types() {
    // What the schema accepts, the types accept too (and the other way round
    // for these documents).
    let load = |f: &str| fs::read_to_string(repo().join("examples/data").join(f)).unwrap();
    serde_json::from_str::<itsm::risk::register::RiskRegister>(&load("risk-register.json"))
        .unwrap();
    serde_json::from_str::<itsm::risk::soa::StatementOfApplicability>(&load(
        "statement-of-applicability.json",
    ))
    .unwrap();
    serde_json::from_str::<itsm::nist::assessment::Assessment<itsm::nist::catalog::Csf2Id>>(&load(
        "csf-2.0-assessment.json",
    ))
    .unwrap();
    serde_json::from_str::<itsm::nist::profile::TargetProfile>(&load("csf-target-profile.json"))
        .unwrap();
    serde_json::from_str::<Vec<itsm::gdpr::ropa::ProcessingRecord>>(&load(
        "processing-records.json",
    ))
    .unwrap();
    serde_json::from_str::<Vec<itsm::gdpr::dsr::SubjectRequest>>(&load("subject-requests.json"))
        .unwrap();
    serde_json::from_str::<itsm::gdpr::dsr::HolidayCalendar>(&load("holiday-calendar.json"))
        .unwrap();
    serde_json::from_str::<itsm::gdpr::breach::BreachRegister>(&load("breach-register.json"))
        .unwrap();
    serde_json::from_str::<itsm::itil::calendar::BusinessCalendar>(&load("business-calendar.json"))
        .unwrap();
    serde_json::from_str::<itsm::dr::plan::DrPlan>(&load("dr-plan.json")).unwrap();
}
