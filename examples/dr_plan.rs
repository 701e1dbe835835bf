//! Loads the seed design's disaster recovery plan, checks it and prints
//! where it cannot work, then scores its database backup against 3-2-1-1-0.
//!
//! Run with `cargo run --example dr_plan`.

use itsm::dr::backup::score_3_2_1_1_0;
use itsm::dr::plan::DrPlan;

fn main() -> Result<(), itsm::dr::Error> {
    let plan = DrPlan::seed();
    println!(
        "The seed's DR plan: {} services, {} protection mechanisms, {} runbooks\n",
        plan.services.len(),
        plan.mechanisms.len(),
        plan.runbooks.len()
    );
    let findings = plan.check()?;
    println!("{} findings:", findings.len());
    for f in &findings {
        println!("  - {f}");
    }
    let database: Vec<_> = plan
        .mechanisms
        .iter()
        .filter(|m| m.id == "database")
        .collect();
    let score = score_3_2_1_1_0(&database, None);
    println!("\nDatabase backup against 3-2-1-1-0: {}/5", score.score());
    for gap in score.gaps() {
        println!("  - {gap}");
    }
    Ok(())
}
