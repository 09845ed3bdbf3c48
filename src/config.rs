//! `passwordHashConfig`: a stringified JSON object, read into typed fields.
//!
//! The JSON is read into a list of key/value pairs first, so that duplicate
//! keys (which `serde_json::Value` would silently resolve to the last one)
//! and unknown keys are reported, and so that no serde message, which can
//! quote the offending value, ever reaches an error.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, MapAccess, Visitor};
use serde_json::Value;

use crate::Error;

/// The entries of a JSON object, in order, duplicates kept; each value a
/// `V` (a [`Value`], or the raw text of a nested object whose own
/// duplicates must be seen too).
pub(crate) struct Entries<V = Value>(pub(crate) Vec<(String, V)>);

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Entries<V> {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct EntriesVisitor<V>(std::marker::PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for EntriesVisitor<V> {
            type Value = Entries<V>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Entries<V>, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry::<String, V>()? {
                    entries.push(entry);
                }
                Ok(Entries(entries))
            }
        }
        d.deserialize_map(EntriesVisitor(std::marker::PhantomData))
    }
}

/// Parses a JSON object, reporting only the category of a failure.
pub(crate) fn parse_object<'de, V: Deserialize<'de>>(
    text: &'de str,
) -> Result<Entries<V>, JsonProblem> {
    serde_json::from_str::<Entries<V>>(text).map_err(|e| match e.classify() {
        serde_json::error::Category::Data => JsonProblem::NotAnObject,
        _ => JsonProblem::Syntax,
    })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum JsonProblem {
    Syntax,
    NotAnObject,
}

/// A config object whose keys have been checked against an allowed set.
pub(crate) struct Config {
    entries: Vec<(&'static str, Value)>,
}

/// One accepted key: its canonical name and the aliases that mean the same.
pub(crate) type Key = (&'static str, &'static [&'static str]);

impl Config {
    /// Parses `text` and maps every key onto one of `keys` (by name or
    /// alias). Unknown and duplicate keys are errors; `unknown` is the message
    /// for the former, listing the accepted keys.
    pub(crate) fn parse(text: &str, keys: &[Key], unknown: &'static str) -> Result<Self, Error> {
        let raw = parse_object::<Value>(text).map_err(|p| Error::InvalidConfig {
            field: None,
            problem: match p {
                JsonProblem::Syntax => "not valid JSON",
                JsonProblem::NotAnObject => "not a JSON object",
            },
        })?;
        let mut entries: Vec<(&'static str, Value)> = Vec::with_capacity(raw.0.len());
        for (name, value) in raw.0 {
            let Some((canonical, _)) = keys
                .iter()
                .find(|(k, aliases)| *k == name || aliases.contains(&name.as_str()))
            else {
                return Err(Error::InvalidConfig {
                    field: None,
                    problem: unknown,
                });
            };
            if entries.iter().any(|(k, _)| k == canonical) {
                return Err(Error::config(canonical, "given more than once"));
            }
            entries.push((canonical, value));
        }
        Ok(Self { entries })
    }

    fn get(&self, key: &'static str) -> Option<&Value> {
        self.entries
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v)
            .filter(|v| !v.is_null())
    }

    /// A non-negative integer, given as a JSON number or a decimal string.
    /// Values beyond `u64` saturate, so that the range check reports them.
    pub(crate) fn u64(&self, key: &'static str) -> Result<Option<u64>, Error> {
        let Some(v) = self.get(key) else {
            return Ok(None);
        };
        let bad = || Error::config(key, "must be a non-negative integer");
        match v {
            Value::Number(n) => {
                if let Some(u) = n.as_u64() {
                    Ok(Some(u))
                } else {
                    match n.as_f64() {
                        // `as` saturates: 1e300 becomes u64::MAX and is then
                        // reported as out of range.
                        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                        Some(f) if f >= 0.0 && f.fract() == 0.0 => Ok(Some(f as u64)),
                        _ => Err(bad()),
                    }
                }
            }
            Value::String(s) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => {
                Ok(Some(s.parse::<u64>().unwrap_or(u64::MAX)))
            }
            _ => Err(bad()),
        }
    }

    pub(crate) fn required_u64(&self, key: &'static str) -> Result<u64, Error> {
        self.u64(key)?.ok_or(Error::config(key, "missing"))
    }

    pub(crate) fn str(&self, key: &'static str) -> Result<Option<&str>, Error> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(Error::config(key, "must be a string")),
        }
    }

    pub(crate) fn required_str(&self, key: &'static str) -> Result<&str, Error> {
        self.str(key)?.ok_or(Error::config(key, "missing"))
    }
}

/// The config text, unless it is absent, blank, `null` or an empty object
/// `{}` (exporters write all four for "no config"; `{}` means the same for
/// every type).
pub(crate) fn given(config: Option<&str>) -> Option<&str> {
    config.map(str::trim).filter(|c| {
        let empty_object = c
            .strip_prefix('{')
            .and_then(|c| c.strip_suffix('}'))
            .is_some_and(|inner| inner.trim().is_empty());
        !c.is_empty() && *c != "null" && !empty_object
    })
}

/// Checks that a config given to a type that takes none is empty: absent,
/// `null`, the empty string or `{}`.
pub(crate) fn expect_no_config(config: Option<&str>) -> Result<(), Error> {
    let Some(text) = given(config) else {
        return Ok(());
    };
    let cfg = Config::parse(text, &[], "this hash type takes no config keys")?;
    if cfg.entries.is_empty() {
        Ok(())
    } else {
        Err(Error::InvalidConfig {
            field: None,
            problem: "this hash type takes no config keys",
        })
    }
}
