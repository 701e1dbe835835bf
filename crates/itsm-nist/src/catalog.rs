//! The NIST Cybersecurity Framework catalogs, versions 2.0 and 1.1.
//!
//! CSF 2.0 (NIST CSWP 29, 2024): 6 functions, 22 categories, 106
//! subcategories, zero-padded ids (`GV.OC-01`). CSF 1.1 (2018): 5 functions,
//! 23 categories, 108 subcategories (`ID.AM-1`). Both in NIST's published
//! order, from `data/csf-2.0.json` and `data/csf-1.1.json`. Identifiers and
//! the function and category names are NIST's; subcategory titles are this
//! project's own short summaries.
//!
//! [`Csf2Id`] and [`Csf11Id`] accept only subcategories in their catalog, so
//! an assessment cannot name one that does not exist.
//!
//! # Examples
//!
//! ```
//! use itsm_nist::catalog::{self, Csf11Id, Csf2Id};
//!
//! let id: Csf2Id = "GV.OC-01".parse()?;
//! assert_eq!(id.function(), "GV");
//! assert!("GV.OC-1".parse::<Csf2Id>().is_err());   // 2.0 pads
//! assert!("PR.DS-12".parse::<Csf2Id>().is_err());  // well formed, not in the catalog
//! assert!("RS.RP-2".parse::<Csf11Id>().is_err());  // the seed's, not NIST's
//! assert_eq!(catalog::csf_2_0().functions.len(), 6);
//! # Ok::<(), itsm_nist::Error>(())
//! ```

use std::fmt;
use std::str::FromStr;
use std::sync::LazyLock;

use itsm_core::{ControlRef, Framework, InputExcerpt};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::Error;

/// A subcategory: an outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Subcategory {
    /// `GV.OC-01` or `ID.AM-1`.
    pub id: String,
    /// A short summary in this project's words.
    pub title: String,
}

/// A category of outcomes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Category {
    /// `GV.OC`.
    pub id: String,
    /// NIST's name.
    pub name: String,
    /// Its subcategories, in NIST's order.
    pub subcategories: Vec<Subcategory>,
}

/// A function.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Function {
    /// `GV`, `ID`, `PR`, `DE`, `RS`, `RC`.
    pub id: String,
    /// NIST's name.
    pub name: String,
    /// Its categories, in NIST's order.
    pub categories: Vec<Category>,
}

/// One version's catalog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Catalog {
    /// `2.0` or `1.1`.
    pub version: String,
    /// The functions, in NIST's order.
    pub functions: Vec<Function>,
    /// Every subcategory, flattened in order, with its function and category.
    #[serde(skip)]
    flat: Vec<(usize, usize, usize)>,
}

#[derive(Deserialize)]
struct CatalogFile {
    version: String,
    functions: Vec<Function>,
}

fn load(text: &str) -> Catalog {
    // The embedded files are checked by this module's tests (exact ids,
    // counts and order), so a parse failure cannot ship; if it did, the
    // catalog would be empty and every id would be refused.
    let file = serde_json::from_str::<CatalogFile>(text).unwrap_or(CatalogFile {
        version: String::new(),
        functions: Vec::new(),
    });
    let mut flat = Vec::new();
    for (f, function) in file.functions.iter().enumerate() {
        for (c, category) in function.categories.iter().enumerate() {
            for s in 0..category.subcategories.len() {
                flat.push((f, c, s));
            }
        }
    }
    Catalog {
        version: file.version,
        functions: file.functions,
        flat,
    }
}

static CSF_2_0: LazyLock<Catalog> = LazyLock::new(|| load(include_str!("../data/csf-2.0.json")));
static CSF_1_1: LazyLock<Catalog> = LazyLock::new(|| load(include_str!("../data/csf-1.1.json")));

/// The CSF 2.0 catalog.
#[must_use]
pub fn csf_2_0() -> &'static Catalog {
    &CSF_2_0
}

/// The CSF 1.1 catalog.
#[must_use]
pub fn csf_1_1() -> &'static Catalog {
    &CSF_1_1
}

impl Catalog {
    /// The number of subcategories.
    #[must_use]
    pub fn len(&self) -> usize {
        self.flat.len()
    }

    /// Whether the catalog is empty (never, for the bundled ones).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.flat.is_empty()
    }

    fn at(&self, index: usize) -> Option<(&Function, &Category, &Subcategory)> {
        let (f, c, s) = *self.flat.get(index)?;
        let function = self.functions.get(f)?;
        let category = function.categories.get(c)?;
        Some((function, category, category.subcategories.get(s)?))
    }

    fn position(&self, id: &str) -> Option<usize> {
        (0..self.flat.len()).find(|&i| self.at(i).is_some_and(|(_, _, s)| s.id == id))
    }

    /// A category by id (`GV.OC`).
    #[must_use]
    pub fn category(&self, id: &str) -> Option<&Category> {
        self.functions
            .iter()
            .flat_map(|f| &f.categories)
            .find(|c| c.id == id)
    }

    /// A function by id (`GV`).
    #[must_use]
    pub fn function(&self, id: &str) -> Option<&Function> {
        self.functions.iter().find(|f| f.id == id)
    }
}

macro_rules! subcategory_id {
    ($(#[$doc:meta])* $name:ident, $catalog:ident, $framework:expr, $label:literal) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(u16);

        impl $name {
            fn entry(self) -> Option<(&'static Function, &'static Category, &'static Subcategory)> {
                $catalog.at(usize::from(self.0))
            }

            /// The identifier.
            #[must_use]
            pub fn as_str(self) -> &'static str {
                self.entry().map(|(_, _, s)| s.id.as_str()).unwrap_or_default()
            }

            /// Its title (this project's summary).
            #[must_use]
            pub fn title(self) -> &'static str {
                self.entry().map(|(_, _, s)| s.title.as_str()).unwrap_or_default()
            }

            /// Its function's id.
            #[must_use]
            pub fn function(self) -> &'static str {
                self.entry().map(|(f, _, _)| f.id.as_str()).unwrap_or_default()
            }

            /// Its category's id.
            #[must_use]
            pub fn category(self) -> &'static str {
                self.entry().map(|(_, c, _)| c.id.as_str()).unwrap_or_default()
            }

            /// Every subcategory of the version, in NIST's order.
            pub fn all() -> impl Iterator<Item = Self> {
                (0..$catalog.len()).filter_map(|i| u16::try_from(i).ok().map(Self))
            }

            /// The `itsm-core` reference.
            ///
            /// # Errors
            ///
            /// Never for a catalog id.
            pub fn to_control_ref(self) -> Result<ControlRef, Error> {
                Ok(ControlRef::new($framework, self.as_str())?)
            }
        }

        impl FromStr for $name {
            type Err = Error;

            fn from_str(s: &str) -> Result<Self, Error> {
                if let Some(i) = $catalog.position(s).and_then(|i| u16::try_from(i).ok()) {
                    return Ok(Self(i));
                }
                let format = ControlRef::new($framework, s).err().map(|e| e.to_string());
                Err(Error::UnknownSubcategory { version: $label, id: InputExcerpt::new(s), format })
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = std::borrow::Cow::<'de, str>::deserialize(d)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }

        impl JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                let ids: Vec<&str> = Self::all().map(Self::as_str).collect();
                schemars::json_schema!({ "type": "string", "enum": ids })
            }
        }
    };
}

subcategory_id!(
    /// A CSF 2.0 subcategory id (`GV.OC-01`); only catalog ids parse.
    Csf2Id,
    CSF_2_0,
    Framework::NistCsf2_0,
    "NIST CSF 2.0"
);
subcategory_id!(
    /// A CSF 1.1 subcategory id (`ID.AM-1`); only catalog ids parse.
    Csf11Id,
    CSF_1_1,
    Framework::NistCsf1_1,
    "NIST CSF 1.1"
);

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(c: &Catalog) -> Vec<(String, usize, usize)> {
        c.functions
            .iter()
            .map(|f| {
                (
                    f.id.clone(),
                    f.categories.len(),
                    f.categories.iter().map(|c| c.subcategories.len()).sum(),
                )
            })
            .collect()
    }

    #[test]
    fn csf_2_0_counts_per_function_and_category() {
        let c = csf_2_0();
        assert_eq!(c.version, "2.0");
        let expected = [
            ("GV", 6, 31),
            ("ID", 3, 21),
            ("PR", 5, 22),
            ("DE", 2, 11),
            ("RS", 4, 13),
            ("RC", 2, 8),
        ];
        let got = counts(c);
        assert_eq!(got.len(), 6);
        for ((f, cats, subs), (ef, ecats, esubs)) in got.iter().zip(expected) {
            assert_eq!((f.as_str(), *cats, *subs), (ef, ecats, esubs));
        }
        assert_eq!(c.len(), 106);
        let per_category: Vec<(&str, usize)> = c
            .functions
            .iter()
            .flat_map(|f| &f.categories)
            .map(|k| (k.id.as_str(), k.subcategories.len()))
            .collect();
        assert_eq!(
            per_category,
            [
                ("GV.OC", 5),
                ("GV.RM", 7),
                ("GV.RR", 4),
                ("GV.PO", 2),
                ("GV.OV", 3),
                ("GV.SC", 10),
                ("ID.AM", 7),
                ("ID.RA", 10),
                ("ID.IM", 4),
                ("PR.AA", 6),
                ("PR.AT", 2),
                ("PR.DS", 4),
                ("PR.PS", 6),
                ("PR.IR", 4),
                ("DE.AE", 6),
                ("DE.CM", 5),
                ("RS.MA", 5),
                ("RS.AN", 4),
                ("RS.CO", 2),
                ("RS.MI", 2),
                ("RC.RP", 6),
                ("RC.CO", 2),
            ]
        );
    }

    #[test]
    fn csf_1_1_counts_per_function_and_category() {
        let c = csf_1_1();
        let expected = [
            ("ID", 6, 29),
            ("PR", 6, 39),
            ("DE", 3, 18),
            ("RS", 5, 16),
            ("RC", 3, 6),
        ];
        for ((f, cats, subs), (ef, ecats, esubs)) in counts(c).iter().zip(expected) {
            assert_eq!((f.as_str(), *cats, *subs), (ef, ecats, esubs));
        }
        assert_eq!(c.len(), 108);
        assert_eq!(
            c.functions
                .iter()
                .map(|f| f.categories.len())
                .sum::<usize>(),
            23
        );
    }

    #[test]
    fn ids_parse_only_from_the_catalog() {
        for good in [
            "GV.OC-01", "GV.SC-10", "ID.AM-08", "PR.DS-11", "DE.AE-08", "RC.CO-04",
        ] {
            let id: Csf2Id = good.parse().unwrap();
            assert_eq!(id.as_str(), good);
            assert!(!id.title().is_empty());
        }
        for bad in [
            "GV.OC-1",
            "ID.AM-06",
            "PR.DS-03",
            "PR.AC-01",
            "XX.OC-01",
            "gv.oc-01",
            "GV.OC",
            "",
            "GV.OC-01 ",
        ] {
            assert!(bad.parse::<Csf2Id>().is_err(), "{bad}");
        }
        for good in ["ID.AM-1", "PR.IP-12", "RC.CO-3", "RS.RP-1"] {
            assert_eq!(good.parse::<Csf11Id>().unwrap().as_str(), good);
        }
        for bad in ["RS.RP-2", "RC.RP-2", "ID.AM-01", "GV.OC-01", "PR.AA-1"] {
            assert!(bad.parse::<Csf11Id>().is_err(), "{bad}");
        }
        let err = "GV.OC-1".parse::<Csf2Id>().unwrap_err().to_string();
        assert!(err.contains("zero-pads"), "{err}");
    }

    #[test]
    fn order_and_serde() {
        let all: Vec<Csf2Id> = Csf2Id::all().collect();
        assert_eq!(all.first().unwrap().as_str(), "GV.OC-01");
        assert_eq!(all.last().unwrap().as_str(), "RC.CO-04");
        assert!(all.windows(2).all(|w| w[0] < w[1]));
        let id: Csf2Id = "PR.AA-03".parse().unwrap();
        assert_eq!(serde_json::to_string(&id).unwrap(), "\"PR.AA-03\"");
        assert_eq!(serde_json::from_str::<Csf2Id>("\"PR.AA-03\"").unwrap(), id);
        assert!(serde_json::from_str::<Csf2Id>("\"PR.AA-3\"").is_err());
        assert_eq!((id.function(), id.category()), ("PR", "PR.AA"));
    }
}
