//! Data classification and personal-data categories (seed section 5).
//!
//! The seed's four classifications (`itsm_core::Classification`) with their
//! handling requirements typed, and the decisions a host asks of them.
//!
//! The seed also sorts personal data into direct identifiers, indirect
//! identifiers and "sensitive" data, and counts location and financial data
//! as sensitive. That is the organisation's own policy. The **special
//! categories** of GDPR Art. 9(1) are a closed list (racial or ethnic origin,
//! political opinions, religious or philosophical beliefs, trade union
//! membership, genetic data, biometric data for identification, health, sex
//! life or sexual orientation); location and financial data are not among
//! them. The types keep the two apart: [`PersonalDataCategory`] is policy,
//! [`SpecialCategory`] is Art. 9(1).
//!
//! # Deletion methods
//!
//! The seed asks "multiple pass shredding" for secret data. NIST SP 800-88
//! Rev. 1 does not: for modern magnetic and flash media a single overwrite
//! or a cryptographic erase (destroying the key of encrypted media) is the
//! "purge" level, and multiple passes add nothing; flash in particular needs
//! the device's sanitize command or cryptographic erase, not overwriting.
//! [`DeletionMethod::SEED_SECRET`] keeps the seed's wording; the default for
//! secret data is [`DeletionMethod::CryptographicErase`].
//!
//! # Examples
//!
//! ```
//! use itsm_core::Classification;
//! use itsm_gdpr::classification::{handling, RecipientClass, StoreSettings};
//!
//! let h = handling(Classification::Confidential);
//! assert!(h.encryption_at_rest);
//! assert!(h.may_go_to(RecipientClass::NeedToKnow));
//! assert!(!h.may_go_to(RecipientClass::Staff));
//! assert!(!h.may_go_to(RecipientClass::Public));
//! let store = StoreSettings { encrypted_at_rest: false, access_controlled: true };
//! assert_eq!(h.store_gaps(&store), ["encryption at rest"]);
//! ```

use itsm_core::Classification;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// How data is disposed of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeletionMethod {
    /// Ordinary deletion.
    StandardDelete,
    /// Overwrite once (NIST SP 800-88 "clear").
    Overwrite,
    /// Destroy the key of encrypted data (NIST SP 800-88 "purge" by cryptographic erase).
    CryptographicErase,
    /// The seed's "multiple pass shredding"; kept for hosts that require it.
    MultiPassShred,
}

impl DeletionMethod {
    /// The seed's wording for secret data.
    pub const SEED_SECRET: Self = Self::MultiPassShred;
}

/// Who may receive data.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum RecipientClass {
    /// Anyone.
    Public,
    /// Any member of staff.
    Staff,
    /// Staff who need it for their work.
    NeedToKnow,
    /// Named individuals only.
    Named,
}

/// What a classification requires.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Handling {
    /// The classification.
    pub classification: Classification,
    /// Must be encrypted at rest.
    pub encryption_at_rest: bool,
    /// Access must be controlled.
    pub access_control: bool,
    /// The widest recipient class allowed.
    pub widest_recipient: RecipientClass,
    /// How to dispose of it.
    pub deletion: DeletionMethod,
}

/// The seed's handling requirements per classification.
#[must_use]
pub fn handling(c: Classification) -> Handling {
    let (encryption_at_rest, access_control, widest_recipient, deletion) = match c {
        Classification::Public => (
            false,
            false,
            RecipientClass::Public,
            DeletionMethod::StandardDelete,
        ),
        Classification::Internal => (
            false,
            true,
            RecipientClass::Staff,
            DeletionMethod::StandardDelete,
        ),
        Classification::Confidential => (
            true,
            true,
            RecipientClass::NeedToKnow,
            DeletionMethod::Overwrite,
        ),
        Classification::Secret => (
            true,
            true,
            RecipientClass::Named,
            DeletionMethod::CryptographicErase,
        ),
    };
    Handling {
        classification: c,
        encryption_at_rest,
        access_control,
        widest_recipient,
        deletion,
    }
}

/// A data store's declared settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct StoreSettings {
    /// Encrypted at rest.
    pub encrypted_at_rest: bool,
    /// Access controlled.
    pub access_controlled: bool,
}

impl Handling {
    /// Whether data may go to a recipient of `class`: only to classes at
    /// least as narrow as the widest allowed.
    #[must_use]
    pub fn may_go_to(&self, class: RecipientClass) -> bool {
        class >= self.widest_recipient
    }

    /// What a store lacks for this classification: empty when it meets it.
    #[must_use]
    pub fn store_gaps(&self, store: &StoreSettings) -> Vec<&'static str> {
        let mut out = Vec::new();
        if self.encryption_at_rest && !store.encrypted_at_rest {
            out.push("encryption at rest");
        }
        if self.access_control && !store.access_controlled {
            out.push("access control");
        }
        out
    }
}

/// The seed's personal-data categories: organisational policy, not Art. 9.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PersonalDataCategory {
    /// Identifies a person on its own (name, email, ID number).
    DirectIdentifier,
    /// Identifies in combination (IP address, device id, job title).
    IndirectIdentifier,
    /// Treated with extra care by policy (the seed: location, financial data).
    SensitiveByPolicy,
}

/// The special categories of personal data, GDPR Art. 9(1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SpecialCategory {
    /// Racial or ethnic origin.
    RacialOrEthnicOrigin,
    /// Political opinions.
    PoliticalOpinions,
    /// Religious or philosophical beliefs.
    ReligiousOrPhilosophicalBeliefs,
    /// Trade union membership.
    TradeUnionMembership,
    /// Genetic data.
    Genetic,
    /// Biometric data processed to identify a person.
    BiometricForIdentification,
    /// Data concerning health.
    Health,
    /// Sex life or sexual orientation.
    SexLifeOrOrientation,
}

impl SpecialCategory {
    /// All eight, in Art. 9(1)'s order.
    pub const ALL: [Self; 8] = [
        Self::RacialOrEthnicOrigin,
        Self::PoliticalOpinions,
        Self::ReligiousOrPhilosophicalBeliefs,
        Self::TradeUnionMembership,
        Self::Genetic,
        Self::BiometricForIdentification,
        Self::Health,
        Self::SexLifeOrOrientation,
    ];
}
