//! The JSON Schemas hosts validate documents with describe the checked wire
//! forms: closed objects, required fields, UUID ids.

use itsm_core::{ControlRef, EvidenceRef, ImplementationStatus, OrgId, UserId};
use schemars::schema_for;
use serde_json::{Value, json};

fn schema<T: schemars::JsonSchema>() -> Value {
    serde_json::to_value(schema_for!(T)).unwrap()
}

#[test]
fn control_ref_schema_is_a_closed_object() {
    let s = schema::<ControlRef>();
    assert_eq!(s["type"], "object");
    assert_eq!(s["additionalProperties"], false);
    assert_eq!(s["required"], json!(["framework", "id"]));
    let frameworks: Vec<&str> = s["$defs"]["Framework"]["oneOf"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["const"].as_str().unwrap())
        .collect();
    assert_eq!(frameworks.len(), 7);
    assert!(frameworks.contains(&"iso_27001_2022") && frameworks.contains(&"gdpr"));
}

#[test]
fn evidence_schema_requires_its_fields_and_allows_no_others() {
    let s = schema::<EvidenceRef>();
    assert_eq!(s["additionalProperties"], false);
    assert_eq!(s["required"], json!(["id", "description", "collected_at"]));
    assert_eq!(s["properties"]["collected_at"]["format"], "date-time");
}

#[test]
fn ids_are_uuid_strings_and_statuses_snake_case() {
    for s in [schema::<OrgId>(), schema::<UserId>()] {
        assert_eq!(s["type"], "string");
        assert_eq!(s["format"], "uuid");
    }
    let statuses: Vec<Value> = schema::<ImplementationStatus>()["oneOf"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["const"].clone())
        .collect();
    assert_eq!(
        statuses,
        json!([
            "not_started",
            "planned",
            "in_progress",
            "partial",
            "implemented",
            "alternative",
            "not_applicable"
        ])
        .as_array()
        .unwrap()
        .clone()
    );
}
