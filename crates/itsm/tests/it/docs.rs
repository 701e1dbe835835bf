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

/// Where `name` is a test in `text`: a `#[test]` function or one inside
/// `proptest!`.
fn is_test(text: &str, name: &str) -> bool {
    let Some((before, _)) = text.split_once(&format!("fn {name}(")) else {
        return false;
    };
    // Only attributes, comments and blank lines between `#[test]` and the fn.
    before.rsplit_once("#[test]").is_some_and(|(_, between)| {
        between.lines().all(|l| {
            let l = l.trim();
            l.is_empty() || l.starts_with("#[") || l.starts_with("//")
        })
    })
}

/// Every `` `path::test_name` `` reference in `line`.
fn test_refs(line: &str) -> Vec<(&str, &str)> {
    line.split('`')
        .skip(1)
        .step_by(2)
        .filter_map(|code| {
            let (path, name) = code.rsplit_once("::")?;
            let is_rust = std::path::Path::new(path)
                .extension()
                .is_some_and(|ext| ext == "rs");
            (is_rust && !name.is_empty()).then_some((path, name))
        })
        .collect()
}

#[test]
fn security_claims_name_tests_that_exist() {
    let doc = committed("docs/security.md");
    let mut refs = 0;
    let mut in_test_table = false;
    for line in doc.lines() {
        if !line.starts_with('|') {
            in_test_table = false;
            continue;
        }
        if line.starts_with("|---") {
            continue;
        }
        // A header row: the claims below it need a test when it has a Test column.
        if !in_test_table && line.contains("| Test |") {
            in_test_table = true;
            continue;
        }
        let found = test_refs(line);
        if in_test_table {
            assert!(!found.is_empty(), "a claim without a test: {line}");
        }
        for (path, name) in found {
            let text = committed(path);
            assert!(
                is_test(&text, name),
                "docs/security.md: no test `{name}` in {path}"
            );
            refs += 1;
        }
    }
    // Prose references too.
    for (path, name) in doc
        .lines()
        .filter(|l| !l.starts_with('|'))
        .flat_map(test_refs)
    {
        assert!(
            is_test(&committed(path), name),
            "docs/security.md: no test `{name}` in {path}"
        );
    }
    assert!(refs > 80, "{refs} references: the tables were not read");
}
