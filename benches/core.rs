//! `itsm-core`: how fast identifiers a host reads from configs and documents are
//! checked. No peer crate checks these formats, so these are absolute figures.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use itsm::core::{ControlRef, Framework};

fn control_ref_parsing(c: &mut Criterion) {
    let mut group = c.benchmark_group("control_ref");
    let cases = [
        ("iso_annex_a", Framework::Iso27001_2022, "A.8.15"),
        ("csf_2_0_subcategory", Framework::NistCsf2_0, "GV.OC-01"),
        ("gdpr_article_point", Framework::Gdpr, "Art. 6(1)(a)"),
    ];
    for (name, framework, id) in cases {
        group.bench_function(name, |b| {
            b.iter(|| ControlRef::new(black_box(framework), black_box(id)));
        });
    }
    group.bench_function("text_form", |b| {
        b.iter(|| black_box("nist_csf_2_0:PR.AA-03").parse::<ControlRef>());
    });
    group.bench_function("rejected_2013_id", |b| {
        b.iter(|| ControlRef::new(black_box(Framework::Iso27001_2022), black_box("A.12.4.1")));
    });
    group.finish();
}

criterion_group!(benches, control_ref_parsing);
criterion_main!(benches);
