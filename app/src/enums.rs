//! `db_enum!`: the enums that are stored as short strings and cross the wire.

/// Declares an enum stored as a string column (on the server) and sent as snake_case JSON, with the
/// label people see and the string each variant is stored and posted as.
macro_rules! db_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$variant_meta:meta])* $variant:ident = $value:literal => $label:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        #[cfg_attr(feature = "ssr", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
        #[cfg_attr(
            feature = "ssr",
            sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")
        )]
        pub enum $name {
            $(
                $(#[$variant_meta])*
                #[cfg_attr(feature = "ssr", sea_orm(string_value = $value))]
                $variant,
            )+
        }

        impl $name {
            /// Every variant, in the order people are offered them.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The name shown to people.
            pub fn label(self) -> &'static str {
                match self {
                    $($name::$variant => $label,)+
                }
            }

            /// The variant a form posted, if it is one.
            pub fn parse(value: &str) -> Option<$name> {
                $name::ALL.iter().copied().find(|variant| variant.as_str() == value)
            }

            /// The value stored and posted in forms.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $value,)+
                }
            }
        }
    };
}
