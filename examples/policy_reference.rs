//! Writes the generated documentation from the values in the code:
//! `docs/policy-reference.md`, `docs/seed-deviations.md` and the JSON
//! Schemas in `docs/schemas/`. Run from the repository root:
//!
//! ```sh
//! cargo run --example policy_reference
//! ```
//!
//! The facade's tests fail when a committed file differs from what this
//! writes, so a changed default shows up in review.

use std::fs;
use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs");
    fs::write(
        docs.join("policy-reference.md"),
        itsm::reference::policy_reference(),
    )?;
    fs::write(
        docs.join("seed-deviations.md"),
        itsm::reference::seed_deviations(),
    )?;
    let dir = docs.join("schemas");
    fs::create_dir_all(&dir)?;
    // Start from an empty folder, so a schema no longer generated goes too.
    for entry in fs::read_dir(&dir)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "json") {
            fs::remove_file(path)?;
        }
    }
    for (name, text) in itsm::reference::schema_files() {
        fs::write(dir.join(name), text)?;
    }
    println!(
        "wrote docs/policy-reference.md, docs/seed-deviations.md and {} files in docs/schemas",
        itsm::schemas::inbound().len() + 1
    );
    Ok(())
}
