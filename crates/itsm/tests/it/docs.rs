//! Drift tests: the committed policy reference, seed deviations and JSON
//! Schemas must be what the code generates. On a failure, run
//! `cargo run --example policy_reference` and review the difference.

use std::fs;
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn committed(path: &str) -> String {
    fs::read_to_string(repo().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn same(path: &str, generated: &str) {
    let on_disk = committed(path);
    if on_disk != generated {
        let line = on_disk
            .lines()
            .zip(generated.lines())
            .position(|(a, b)| a != b)
            .map_or_else(|| "length".to_owned(), |i| format!("line {}", i + 1));
        panic!(
            "{path} differs from the generated text at {line}: run `cargo run --example policy_reference`"
        );
    }
}

#[test]
fn the_policy_reference_is_what_the_code_says() {
    same(
        "docs/policy-reference.md",
        &itsm::reference::policy_reference(),
    );
}

#[test]
fn the_seed_deviations_are_what_the_code_says() {
    same(
        "docs/seed-deviations.md",
        &itsm::reference::seed_deviations(),
    );
}

#[test]
fn the_schemas_are_what_the_types_say() {
    let files = itsm::reference::schema_files();
    for (name, text) in &files {
        same(&format!("docs/schemas/{name}"), text);
    }
    // No stale schema left behind.
    let mut on_disk: Vec<String> = fs::read_dir(repo().join("docs/schemas"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let mut expected: Vec<String> = files.into_iter().map(|(n, _)| n).collect();
    expected.sort();
    assert_eq!(on_disk, expected);
}

#[test]
fn every_deviation_names_a_test_that_exists() {
    for d in itsm::reference::DEVIATIONS {
        let (file, name) = d.test;
        let text = committed(file);
        assert!(
            text.contains(&format!("fn {name}(")),
            "{}: no test `{name}` in {file}",
            d.topic
        );
        let before = text
            .split(&format!("fn {name}("))
            .next()
            .unwrap_or_default();
        assert!(
            before.trim_end().ends_with("#[test]") || before.contains("proptest!"),
            "{}: `{name}` in {file} is not a test",
            d.topic
        );
    }
}

#[test]
fn the_issue_list_of_deviations_is_covered() {
    let topics: Vec<&str> = itsm::reference::DEVIATIONS
        .iter()
        .map(|d| d.topic)
        .collect();
    for needed in [
        "ISO control table",
        "CSF identifiers that do not exist",
        "CSF meanings that are not NIST's",
        "incident response revision",
        "TOTP window",
        "request deadline",
        "security of processing",
        "shredding",
        "IT4IT value streams",
        "RPO against backups",
        "runbooks against RTO",
        "password composition and expiry",
    ] {
        assert!(topics.contains(&needed), "{needed}");
    }
}
