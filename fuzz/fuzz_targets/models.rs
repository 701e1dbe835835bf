//! Every inbound model from arbitrary JSON: the first byte picks the model
//! (of `itsm::schemas::inbound()`, in its order), the rest is the document.
//! A document a model reads must come back in a canonical form that reads
//! again to the same value.
#![no_main]

use std::sync::OnceLock;

use itsm::schemas::{SchemaDoc, inbound};
use libfuzzer_sys::fuzz_target;

fn models() -> &'static [SchemaDoc] {
    static M: OnceLock<Vec<SchemaDoc>> = OnceLock::new();
    M.get_or_init(inbound)
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let model = &models()[usize::from(pick) % models().len()];
    if let Ok(canonical) = model.canonical(text) {
        let again = model
            .canonical(&canonical.to_string())
            .unwrap_or_else(|e| panic!("{}: its own form is refused: {e}", model.name));
        assert_eq!(again, canonical, "{}", model.name);
    }
});
