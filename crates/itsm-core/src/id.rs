//! Typed ids for the organisations (tenants) and users every crate refers to.

use std::fmt;
use std::str::FromStr;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::entropy::{Entropy, fill_array};
use crate::{Error, InputExcerpt};

macro_rules! uuid_id {
    ($(#[$doc:meta])* $name:ident, $kind:literal) => {
        $(#[$doc])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
            JsonSchema,
        )]
        #[serde(try_from = "Uuid", into = "Uuid")]
        pub struct $name(Uuid);

        impl $name {
            /// Wraps a UUID.
            ///
            /// # Errors
            ///
            /// [`Error::NilId`] for the nil UUID, which usually means an id was
            /// never set.
            pub fn new(uuid: Uuid) -> Result<Self, Error> {
                if uuid.is_nil() {
                    Err(Error::NilId { kind: $kind })
                } else {
                    Ok(Self(uuid))
                }
            }

            /// A fresh random (version 4) id drawn from `entropy`.
            ///
            /// # Errors
            ///
            /// [`Error::Entropy`] when the entropy source fails.
            pub fn generate(entropy: &(impl Entropy + ?Sized)) -> Result<Self, Error> {
                let bytes: [u8; 16] = fill_array(entropy)?;
                // Version and variant bits make a v4 UUID never nil.
                Ok(Self(uuid::Builder::from_random_bytes(bytes).into_uuid()))
            }

            /// The UUID inside.
            #[must_use]
            pub const fn as_uuid(&self) -> Uuid {
                self.0
            }
        }

        impl TryFrom<Uuid> for $name {
            type Error = Error;

            fn try_from(uuid: Uuid) -> Result<Self, Error> {
                Self::new(uuid)
            }
        }

        impl From<$name> for Uuid {
            fn from(id: $name) -> Uuid {
                id.0
            }
        }

        impl fmt::Display for $name {
            /// The hyphenated lower-case form.
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0.hyphenated(), f)
            }
        }

        impl FromStr for $name {
            type Err = Error;

            fn from_str(s: &str) -> Result<Self, Error> {
                let uuid = Uuid::try_parse(s).map_err(|_| Error::Uuid {
                    value: InputExcerpt::new(s),
                })?;
                Self::new(uuid)
            }
        }
    };
}

uuid_id!(
    /// An organisation (tenant) id. Every tenant-scoped decision compares these.
    ///
    /// # Examples
    ///
    /// ```
    /// use itsm_core::OrgId;
    ///
    /// let org: OrgId = "550e8400-e29b-41d4-a716-446655440001".parse()?;
    /// assert_eq!(org.to_string(), "550e8400-e29b-41d4-a716-446655440001");
    /// assert!("org-1".parse::<OrgId>().is_err());
    /// assert!("00000000-0000-0000-0000-000000000000".parse::<OrgId>().is_err());
    /// # Ok::<(), itsm_core::Error>(())
    /// ```
    OrgId,
    "organisation"
);

uuid_id!(
    /// A user id, the `sub` and `user_id` of the seed's tokens.
    ///
    /// # Examples
    ///
    /// ```
    /// use itsm_core::{SystemEntropy, UserId};
    ///
    /// let user = UserId::generate(&SystemEntropy::new())?;
    /// assert_eq!(user.as_uuid().get_version_num(), 4);
    /// # Ok::<(), itsm_core::Error>(())
    /// ```
    UserId,
    "user"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_display_and_serde_round_trip() {
        let text = "550e8400-e29b-41d4-a716-446655440000";
        let user: UserId = text.parse().unwrap();
        assert_eq!(user.to_string(), text);
        let json = serde_json::to_string(&user).unwrap();
        assert_eq!(json, format!("\"{text}\""));
        assert_eq!(serde_json::from_str::<UserId>(&json).unwrap(), user);
    }

    #[test]
    fn nil_and_malformed_ids_are_rejected() {
        assert_eq!(
            OrgId::new(Uuid::nil()),
            Err(Error::NilId {
                kind: "organisation"
            })
        );
        assert!(serde_json::from_str::<OrgId>("\"00000000-0000-0000-0000-000000000000\"").is_err());
        for bad in [
            "",
            "550e8400",
            "550e8400-e29b-41d4-a716-44665544000g",
            "550e8400-e29b-41d4-a716-4466554400000",
        ] {
            assert!(
                matches!(bad.parse::<UserId>(), Err(Error::Uuid { .. })),
                "{bad}"
            );
        }
        assert!(serde_json::from_str::<UserId>("42").is_err());
    }

    #[test]
    fn generated_ids_are_version_4_and_distinct() {
        let entropy = crate::SystemEntropy::new();
        let a = OrgId::generate(&entropy).unwrap();
        let b = OrgId::generate(&entropy).unwrap();
        assert_ne!(a, b);
        assert_eq!(a.as_uuid().get_version_num(), 4);
    }
}
