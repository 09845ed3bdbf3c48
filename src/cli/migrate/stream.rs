//! Reading users one at a time from the files exporters write, never the
//! whole file in memory: JSON arrays (top-level, or the array under a key of
//! a top-level object, as `{"users": [...]}`), JSON Lines, and CSV.

use std::fmt;
use std::io::{BufRead, Read};

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

/// Where a user sits in its file: its 1-based line (line-based inputs; a
/// CSV header is line 1) or its 0-based index in a JSON array.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Position {
    Line(u64),
    Index(u64),
}

impl Position {
    /// `<path>:<line>` or `<path>#<index>`, as the rejects list writes it.
    pub(crate) fn describe(self, path: &str) -> String {
        match self {
            Self::Line(n) => format!("{path}:{n}"),
            Self::Index(i) => format!("{path}#{i}"),
        }
    }
}

/// What a callback returns to stop a stream: the message of a fatal error
/// (an unwritable output), never a problem of one user.
pub(crate) type Stop = String;

/// Calls `each` with every element of the JSON array at the top of `reader`,
/// or under `key` when the top is an object (other members are skipped).
///
/// # Errors
/// The message of a syntax error (with its line and column, never its
/// text), or of a [`Stop`].
pub(crate) fn json_array<R: Read>(
    reader: R,
    key: &str,
    each: &mut dyn FnMut(u64, Value) -> Result<(), Stop>,
) -> Result<(), String> {
    let mut de = serde_json::Deserializer::from_reader(reader);
    let result = de.deserialize_any_seed(Top { key, each });
    result.and_then(|()| de.end()).map_err(|e| {
        if e.is_data() || e.is_io() {
            // A Stop, or the reader's error.
            e.to_string()
        } else {
            format!(
                "not a JSON array of users (line {}, column {})",
                e.line(),
                e.column()
            )
        }
    })
}

trait DeserializeAnySeed<'de> {
    fn deserialize_any_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<S::Value, serde_json::Error>;
}

impl<'de, R: serde_json::de::Read<'de>> DeserializeAnySeed<'de> for serde_json::Deserializer<R> {
    fn deserialize_any_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<S::Value, serde_json::Error> {
        seed.deserialize(self)
    }
}

struct Top<'k, 'f> {
    key: &'k str,
    each: &'f mut dyn FnMut(u64, Value) -> Result<(), Stop>,
}

impl<'de> DeserializeSeed<'de> for Top<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Top<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a JSON array, or an object with a `{}` array", self.key)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        Elements(self.each).visit_seq(seq)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut found = false;
        while let Some(name) = map.next_key::<String>()? {
            if name == self.key && !found {
                found = true;
                map.next_value_seed(Elements(&mut *self.each))?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

struct Elements<'f>(&'f mut dyn FnMut(u64, Value) -> Result<(), Stop>);

impl<'de> DeserializeSeed<'de> for Elements<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Elements<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of users")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0u64;
        while let Some(user) = seq.next_element::<Value>()? {
            (self.0)(index, user).map_err(de::Error::custom)?;
            index += 1;
        }
        Ok(())
    }
}

/// Calls `each` with every non-blank line of `reader` parsed as JSON (a
/// line that is not JSON is passed as `Err` with its 1-based number).
///
/// # Errors
/// The reader's error, or a [`Stop`].
pub(crate) fn json_lines<R: BufRead>(
    mut reader: R,
    each: &mut dyn FnMut(u64, Result<Value, &'static str>) -> Result<(), Stop>,
) -> Result<(), String> {
    let mut buf = Vec::new();
    let mut line = 0u64;
    loop {
        buf.clear();
        let read = reader
            .read_until(b'\n', &mut buf)
            .map_err(|e| e.to_string())?;
        if read == 0 {
            return Ok(());
        }
        line += 1;
        let text = buf.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&buf);
        if text.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let value = serde_json::from_slice::<Value>(text).map_err(|_| "line is not valid JSON");
        each(line, value)?;
    }
}

/// What [`csv_records`] calls with each record: its line, the record and
/// the header.
pub(crate) type CsvEach<'a> =
    dyn FnMut(u64, &csv::StringRecord, Option<&csv::StringRecord>) -> Result<(), Stop> + 'a;

/// Calls `each` with every record of a CSV file as strings, with its
/// 1-based line; `header` says whether line 1 names the columns (then
/// passed as the header, and records start at line 2).
///
/// # Errors
/// The reader's error or a [`Stop`].
pub(crate) fn csv_records<R: Read>(
    reader: R,
    header: bool,
    each: &mut CsvEach<'_>,
) -> Result<(), String> {
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(header)
        .flexible(true)
        .from_reader(reader);
    let headers = if header {
        Some(csv.headers().map_err(|e| e.to_string())?.clone())
    } else {
        None
    };
    let mut record = csv::StringRecord::new();
    loop {
        match csv.read_record(&mut record) {
            Ok(false) => return Ok(()),
            Ok(true) => {
                let line = record.position().map_or(0, |p| p.line());
                each(line, &record, headers.as_ref())?;
            }
            Err(e) => return Err(e.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(text: &str, key: &str) -> Result<Vec<(u64, Value)>, String> {
        let mut out = Vec::new();
        json_array(text.as_bytes(), key, &mut |i, v| {
            out.push((i, v));
            Ok(())
        })?;
        Ok(out)
    }

    #[test]
    fn arrays_at_the_top_or_under_a_key() {
        let got = collect(r#"[{"a":1},{"a":2}]"#, "users").unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(got[1].0, 1);
        let got = collect(r#"{"realm":"x","users":[{"a":1}],"other":[1,2]}"#, "users").unwrap();
        assert_eq!(got.len(), 1);
        assert!(collect(r#"{"users":[{"a":1}"#, "users").is_err());
        assert!(collect(r#"[1] trailing"#, "users").is_err());
        assert_eq!(collect(r#"{"realm":"x"}"#, "users").unwrap().len(), 0);
    }

    #[test]
    fn a_stop_ends_the_stream_with_its_message() {
        let err = json_array(&b"[1,2,3]"[..], "users", &mut |i, _| {
            if i == 1 {
                Err("stop here".into())
            } else {
                Ok(())
            }
        })
        .unwrap_err();
        assert!(err.contains("stop here"), "{err}");
    }
}
