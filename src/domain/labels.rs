//! Enums that users type and read by name ("pair-meeting", "at-risk", ...).

/// A name that is not one of an enum's values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} '{input}': use one of {expected}")]
pub struct UnknownValue {
    pub what: &'static str,
    pub input: String,
    pub expected: String,
}

/// An enum read and written by name.
pub trait Labelled: Copy + std::str::FromStr<Err = UnknownValue> + Send + Sync + 'static {
    /// The canonical names, in declaration order.
    const LABELS: &'static [&'static str];
    fn label(self) -> &'static str;
}

/// Declares an enum with one label per variant (also its serde name), extra
/// accepted spellings, `ALL`, `LABELS`, `Display` and `FromStr`.
macro_rules! labelled_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident ($what:literal) {
            $( $(#[$vmeta:meta])* $variant:ident => $label:literal $(| $alias:literal)* ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
                 serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $( $(#[$vmeta])* #[serde(rename = $label)] $variant ),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub const LABELS: &'static [&'static str] = &[$($label),+];

            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }
        }

        impl $crate::domain::Labelled for $name {
            const LABELS: &'static [&'static str] = $name::LABELS;
            fn label(self) -> &'static str {
                $name::label(self)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::domain::UnknownValue;

            fn from_str(input: &str) -> Result<Self, Self::Err> {
                let s = input.trim().to_lowercase().replace([' ', '_'], "-");
                $( if s == $label $(|| s == $alias)* { return Ok($name::$variant); } )+
                Err($crate::domain::UnknownValue {
                    what: $what,
                    input: input.to_string(),
                    expected: Self::LABELS.join(", "),
                })
            }
        }
    };
}

pub(crate) use labelled_enum;
