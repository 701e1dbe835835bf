//! Reading settings and records through their own checks.
//!
//! A derived `Deserialize` fills a struct's fields as written, so a stored
//! or uploaded document could hold what the type's constructor would refuse
//! (a lockout after 0 failures, an SLA target of `i64::MAX` seconds). The
//! crates implement `Deserialize` for such types with
//! [`deserialize_checked!`](crate::deserialize_checked): the fields are read
//! as written, then the type's check runs, and its error becomes the
//! deserialiser's, so bad input is refused where it enters.

/// Implements `serde::Deserialize` for a struct with named fields: reads the
/// listed fields (with the given `serde` container attributes) and then
/// calls `check(&value) -> Result<(), E>` where `E: Display`.
///
/// Every field must be listed; the compiler refuses a struct literal that
/// misses one. The calling crate must depend on `serde`.
///
/// # Examples
///
/// ```
/// #[derive(Debug, PartialEq, serde::Serialize)]
/// pub struct Window {
///     pub minutes: u32,
/// }
///
/// impl Window {
///     fn check(&self) -> Result<(), String> {
///         if self.minutes == 0 { Err("minutes must be at least 1".into()) } else { Ok(()) }
///     }
/// }
///
/// itsm_core::deserialize_checked!(
///     #[serde(deny_unknown_fields)]
///     Window { minutes: u32 } => Window::check
/// );
///
/// assert_eq!(serde_json::from_str::<Window>(r#"{"minutes": 5}"#).unwrap(), Window { minutes: 5 });
/// let err = serde_json::from_str::<Window>(r#"{"minutes": 0}"#).unwrap_err();
/// assert!(err.to_string().contains("at least 1"));
/// assert!(serde_json::from_str::<Window>(r#"{"minutes": 5, "extra": 1}"#).is_err());
/// ```
#[macro_export]
macro_rules! deserialize_checked {
    (
        $(#[$container:meta])*
        $ty:ident { $($field:ident : $fty:ty),+ $(,)? } => $check:path
    ) => {
        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                #[derive(::serde::Deserialize)]
                $(#[$container])*
                struct Fields {
                    $($field: $fty),+
                }
                let fields = <Fields as ::serde::Deserialize>::deserialize(deserializer)?;
                let value = $ty { $($field: fields.$field),+ };
                $check(&value).map_err(<D::Error as ::serde::de::Error>::custom)?;
                Ok(value)
            }
        }
    };
}
