//! Quick start: references to framework controls, checked as a host would check
//! what a user or a config file gives it.
//!
//! Run with `cargo run --release --example quickstart`.

use itsm::core::{ControlRef, Framework, ImplementationStatus};

fn main() {
    println!("itsm quick start: control references\n");

    // What a compliance officer might type into a host's settings. Some of these
    // come straight from the seed design, which cites ISO/IEC 27001:2013 numbers
    // and unpadded CSF ids; the 2022 edition and CSF 2.0 number them differently.
    let inputs = [
        "iso_27001_2022:A.8.15",
        "iso_27001_2022:6.1.3",
        "nist_csf_2_0:GV.OC-01",
        "nist_csf_1_1:ID.AM-1",
        "gdpr:Art. 33(3)",
        "itil_4:incident-management",
        "iso_27001_2022:A.12.4.1",
        "nist_csf_2_0:RS.MA-1",
        "gdpr:Article 33",
        "iso_27001_2013:A.12.4.1",
    ];

    let mut accepted = Vec::new();
    for input in inputs {
        match input.parse::<ControlRef>() {
            Ok(control) => {
                println!("  ok        {input:<28} -> {}", control.label());
                accepted.push(control);
            }
            Err(err) => println!("  rejected  {input:<28} -> {err}"),
        }
    }

    println!("\nAccepted references in their text form, which parses back to the same value:");
    for control in &accepted {
        let again: Result<ControlRef, _> = control.to_string().parse();
        let same = again.as_ref() == Ok(control);
        println!("  {:<28} round-trips: {same}", control.to_string());
    }

    println!("\nFrameworks and their identifier formats:");
    for framework in Framework::ALL {
        println!("  {:<24} {}", framework.to_string(), framework.id_format());
    }

    let statuses = [
        ImplementationStatus::Implemented,
        ImplementationStatus::Partial,
        ImplementationStatus::NotApplicable,
    ];
    if let Some(weakest) = ImplementationStatus::least_advanced(statuses) {
        println!("\nThree sources implemented, partial and not applicable combine to: {weakest}");
    }
}
