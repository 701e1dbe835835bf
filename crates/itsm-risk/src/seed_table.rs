//! The seed design's ISO 27001 control table (section 2.1), kept as data and
//! mapped to ISO/IEC 27001:2022.
//!
//! The seed lists 13 rows, `A.5` to `A.17`, with names from the 2013 edition.
//! Even for 2013 they are misnumbered: from its second row on, each is one
//! below the 2013 clause it describes (the seed's `A.8 Access Control` was
//! 2013's A.9), and 2013's A.6 (organisation of information security) is
//! folded into `A.5`. The 2022 edition replaced the 14 clauses with four
//! themes, A.5 to A.8, so none of the seed's numbers beyond A.8 exists, and
//! `A.5` to `A.8` now mean something else. Each row here keeps the seed's
//! text and notes, the 2013 clause it meant, and the 2022 controls that
//! correspond, with the deviation in words.
//!
//! # Examples
//!
//! ```
//! use itsm_risk::seed_table;
//!
//! let access = seed_table::rows().iter().find(|r| r.seed_id == "A.8").unwrap();
//! assert_eq!(access.seed_name, "Access Control");
//! assert_eq!(access.iso_2013_clauses, ["A.9"]);
//! assert!(access.controls_2022.iter().any(|c| c.as_str() == "A.5.15"));
//! ```

use std::sync::LazyLock;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::catalog::ControlId;

/// One row of the seed's table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SeedRow {
    /// The seed's number, as written (`A.5` ... `A.17`).
    pub seed_id: String,
    /// The seed's name.
    pub seed_name: String,
    /// The seed's "controls" column.
    pub seed_controls: String,
    /// The seed's implementation notes.
    pub seed_implementation: String,
    /// The ISO/IEC 27001:2013 clauses the row describes.
    pub iso_2013_clauses: Vec<String>,
    /// The ISO/IEC 27001:2022 controls that correspond.
    pub controls_2022: Vec<ControlId>,
    /// How the row deviates from the standard.
    pub deviation: String,
}

#[derive(Deserialize)]
struct SeedFile {
    rows: Vec<SeedRow>,
}

// Checked by the tests below: 13 rows, every 2022 id in the catalog.
static ROWS: LazyLock<Vec<SeedRow>> = LazyLock::new(|| {
    serde_json::from_str::<SeedFile>(include_str!("../data/seed-controls.json"))
        .map(|f| f.rows)
        .unwrap_or_default()
});

/// The 13 rows, in the seed's order.
#[must_use]
pub fn rows() -> &'static [SeedRow] {
    &ROWS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thirteen_rows_a5_to_a17_each_one_off_from_2013() {
        let rows = rows();
        assert_eq!(rows.len(), 13);
        let ids: Vec<&str> = rows.iter().map(|r| r.seed_id.as_str()).collect();
        let expected: Vec<String> = (5..=17).map(|n| format!("A.{n}")).collect();
        assert_eq!(ids, expected);
        // From the second row on, the 2013 clause is the seed's number plus one.
        for r in &rows[1..] {
            let n: u32 = r.seed_id[2..].parse().unwrap();
            assert_eq!(
                r.iso_2013_clauses[0],
                format!("A.{}", n + 1),
                "{}",
                r.seed_id
            );
        }
        for r in rows {
            assert!(!r.controls_2022.is_empty(), "{}", r.seed_id);
            assert!(r.controls_2022.iter().all(|c| !c.is_clause()));
            assert!(!r.deviation.is_empty() && !r.seed_implementation.is_empty());
        }
    }

    #[test]
    fn mapping_spot_checks() {
        let get = |id: &str| rows().iter().find(|r| r.seed_id == id).unwrap();
        let ids = |id: &str| {
            get(id)
                .controls_2022
                .iter()
                .map(|c| c.as_str())
                .collect::<Vec<_>>()
        };
        assert_eq!(ids("A.9"), ["A.8.24"]);
        assert!(ids("A.8").contains(&"A.5.3"), "SOD is A.5.3");
        assert!(ids("A.17").contains(&"A.8.15"), "audit trails are logging");
        assert!(ids("A.16").contains(&"A.5.30"));
        assert_eq!(get("A.5").iso_2013_clauses, ["A.5", "A.6"]);
    }
}
