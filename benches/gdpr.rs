//! `itsm-gdpr`: pseudonymising 1,000,000 values, and field encryption of
//! 1 KiB values against bare ring AES-256-GCM (target: overhead within 1.3x).

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use itsm::core::{SystemEntropy, UserId, fill_array};
use itsm::gdpr::encryption::{FieldCipher, FieldRef, InMemoryKeyStore, MasterKey};
use itsm::gdpr::pseudonym::{PseudonymKey, Pseudonymiser};
use ring::aead::{AES_256_GCM, Aad, LessSafeKey, Nonce, UnboundKey};

mod common;

fn pseudonymise(c: &mut Criterion) {
    let entropy = SystemEntropy::new();
    let p = Pseudonymiser::new(PseudonymKey::generate("pk-1", &entropy).unwrap());
    let values: Vec<String> = (0..1_000_000)
        .map(|i| format!("user{i}@example.com"))
        .collect();
    let mut g = c.benchmark_group("pseudonymise");
    g.sample_size(10)
        .throughput(Throughput::Elements(1_000_000));
    g.bench_function("1m_emails", |b| {
        b.iter(|| {
            values
                .iter()
                .map(|v| p.pseudonymise(black_box(v)).len())
                .sum::<usize>()
        });
    });
    g.finish();
}

fn field_encryption(c: &mut Criterion) {
    let entropy = SystemEntropy::new();
    let cipher = FieldCipher::new(MasterKey::generate("mk", &entropy).unwrap());
    let store = InMemoryKeyStore::default();
    let subject = UserId::generate(&entropy).unwrap();
    let key = cipher.key_for(&store, subject, &entropy).unwrap();
    let field = FieldRef::new(subject, "INC0042", "description");
    let value = vec![0x5a_u8; 1024];
    let bare = LessSafeKey::new(
        UnboundKey::new(&AES_256_GCM, &fill_array::<32>(&entropy).unwrap()).unwrap(),
    );
    let aad = b"INC0042 description";

    // The peer: ring alone, with a random nonce from the same source.
    let bare_seal = || {
        let nonce: [u8; 12] = fill_array(&entropy).unwrap();
        let mut buf = value.clone();
        bare.seal_in_place_append_tag(
            Nonce::assume_unique_for_key(nonce),
            Aad::from(aad),
            &mut buf,
        )
        .unwrap();
        (nonce, buf)
    };
    let (bare_nonce, bare_ct) = bare_seal();
    let bare_open = || {
        let mut buf = bare_ct.clone();
        bare.open_in_place(
            Nonce::assume_unique_for_key(bare_nonce),
            Aad::from(aad),
            &mut buf,
        )
        .unwrap()
        .len()
    };
    let ours_seal = || {
        key.encrypt_bytes(&field, black_box(&value), &entropy)
            .unwrap()
    };
    let sealed = ours_seal();
    // Like for like with ring's open_in_place: copy the stored ciphertext into
    // a working buffer, then open it there.
    let ours_open = || {
        let mut buf = sealed.clone();
        key.decrypt_in_place(&field, black_box(&mut buf))
            .unwrap()
            .len()
    };
    let ours_open_wiping = || key.decrypt_bytes(&field, black_box(&sealed)).unwrap().len();
    let text = key.encrypt(&field, &value, &entropy).unwrap();

    let mut g = c.benchmark_group("field_encryption_1kib");
    g.throughput(Throughput::Bytes(1024));
    g.bench_function("itsm_encrypt_bytes", |b| b.iter(ours_seal));
    g.bench_function("ring_seal", |b| b.iter(bare_seal));
    g.bench_function("itsm_decrypt_in_place", |b| b.iter(ours_open));
    g.bench_function("ring_open", |b| b.iter(bare_open));
    g.bench_function("itsm_decrypt_bytes_wiping", |b| b.iter(ours_open_wiping));
    g.bench_function("itsm_encrypt_text", |b| {
        b.iter(|| key.encrypt(&field, black_box(&value), &entropy).unwrap());
    });
    g.bench_function("itsm_decrypt_text", |b| {
        b.iter(|| key.decrypt(&field, black_box(&text)).unwrap().len());
    });
    g.finish();
    common::report_ratio("field_encrypt_1kib_binary", "<= 1.3", ours_seal, bare_seal);
    common::report_ratio(
        "field_decrypt_1kib_in_place",
        "<= 1.3",
        ours_open,
        bare_open,
    );
    common::report_ratio(
        "field_decrypt_1kib_wiping_copy",
        "(no target: wipes the plaintext)",
        ours_open_wiping,
        bare_open,
    );
}

criterion_group!(benches, pseudonymise, field_encryption);
criterion_main!(benches);
