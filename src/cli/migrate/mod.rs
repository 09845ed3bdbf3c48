//! `hashport convert`: the files users hold, turned into Frontegg's
//! migrate-user objects (`POST /resources/migrations/v1/local`, and bulk
//! bodies for `.../local/bulk`), with a rejects list for the users that
//! cannot be carried. `hashport lint` is in [`lint`].
//!
//! Memory: users are streamed one at a time from every input (JSON arrays
//! included). What grows with the number of users is the Auth0 profile
//! index, 8 bytes of hashed `user_id` plus its offset, line and a flag
//! (about 32 bytes a user with the map's overhead); and `lint`'s duplicate
//! index, 8 bytes of hashed tenant and email a user.

use std::collections::BTreeMap;
use std::fs::File;
use std::hash::{BuildHasher, Hasher};
use std::io::{self, BufRead, BufReader, BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use serde_json::{Map, Value, json};

use self::sources::{FirebaseConfig, Password, SourceUser};
use self::stream::{Position, Stop};
use crate::{Limits, Record};

pub(crate) mod lint;
mod sources;
pub(crate) mod stream;

/// The sources `--from` names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Source {
    Auth0,
    #[value(name = "auth0-import")]
    Auth0Import,
    Firebase,
    Supabase,
    Clerk,
    Keycloak,
    Django,
}

impl Source {
    const fn name(self) -> &'static str {
        match self {
            Self::Auth0 => "auth0",
            Self::Auth0Import => "auth0-import",
            Self::Firebase => "firebase",
            Self::Supabase => "supabase",
            Self::Clerk => "clerk",
            Self::Keycloak => "keycloak",
            Self::Django => "django",
        }
    }
}

/// Where each user's `tenantId` comes from.
#[derive(Clone, Debug)]
pub(crate) enum Tenant {
    /// One tenant for every user.
    Id(String),
    /// A dotted path into the source's user object.
    Field(String),
}

/// `hashport convert`'s settings.
#[derive(Debug)]
pub(crate) struct Convert {
    pub(crate) from: Source,
    pub(crate) tenant: Tenant,
    pub(crate) inputs: Vec<PathBuf>,
    pub(crate) rejects: Option<PathBuf>,
    pub(crate) bulk: Option<PathBuf>,
    pub(crate) chunk: usize,
    pub(crate) keep_passwordless: bool,
    pub(crate) hash_config: Option<PathBuf>,
    pub(crate) profiles: Option<PathBuf>,
    pub(crate) limits: Limits,
}

/// What a run did, for the exit code and the summary line.
#[derive(Debug, Default)]
pub(crate) struct Totals {
    pub(crate) carried: u64,
    pub(crate) rejected: u64,
    pub(crate) by_reason: BTreeMap<String, u64>,
}

/// A usage or I/O problem: exit status 2.
pub(crate) type Fatal = String;

/// Where carried users go: JSON Lines, or bulk bodies of at most `chunk`
/// users each.
enum Sink<W: Write> {
    Lines(W),
    Bulk {
        dir: PathBuf,
        chunk: usize,
        file: Option<(BufWriter<File>, usize)>,
        count: usize,
    },
}

impl<W: Write> Sink<W> {
    fn write(&mut self, user: &Value) -> io::Result<()> {
        match self {
            Self::Lines(out) => {
                serde_json::to_writer(&mut *out, user)?;
                out.write_all(b"\n")
            }
            Self::Bulk {
                dir,
                chunk,
                file,
                count,
            } => {
                if file.as_ref().is_some_and(|(_, n)| n >= chunk) {
                    Self::close(file)?;
                }
                if file.is_none() {
                    *count += 1;
                    let path = dir.join(format!("users-{count:04}.json"));
                    let f = File::create(&path).map_err(|e| named(&path, e))?;
                    let mut w = BufWriter::new(f);
                    w.write_all(b"{\"users\":[\n")?;
                    *file = Some((w, 0));
                }
                if let Some((w, n)) = file {
                    if *n > 0 {
                        w.write_all(b",\n")?;
                    }
                    serde_json::to_writer(&mut *w, user)?;
                    *n += 1;
                }
                Ok(())
            }
        }
    }

    fn close(file: &mut Option<(BufWriter<File>, usize)>) -> io::Result<()> {
        if let Some((mut w, _)) = file.take() {
            w.write_all(b"\n]}\n")?;
            w.flush()?;
        }
        Ok(())
    }

    fn finish(&mut self) -> io::Result<()> {
        match self {
            Self::Lines(out) => out.flush(),
            Self::Bulk { file, .. } => Self::close(file),
        }
    }
}

fn named(path: &Path, e: io::Error) -> io::Error {
    io::Error::new(e.kind(), format!("{}: {e}", path.display()))
}

/// The state of one run.
struct Run<'a, W: Write> {
    options: &'a Convert,
    /// Called with the number of users seen so far.
    tick: &'a mut dyn FnMut(u64),
    sink: Sink<W>,
    rejects: Option<BufWriter<File>>,
    totals: Totals,
}

impl<W: Write> Run<'_, W> {
    /// Carries `user` or rejects it.
    fn take(&mut self, path: &str, position: Position, user: SourceUser) -> Result<(), Stop> {
        (self.tick)(self.totals.carried + self.totals.rejected + 1);
        let source = position.describe(path);
        let tenant = match &self.options.tenant {
            Tenant::Id(id) => Some(id.clone()),
            Tenant::Field(path) => field_at(&user.object, path),
        };
        let (Some(email), Some(tenant)) = (user.email.clone(), tenant) else {
            let missing = if user.email.is_none() {
                "no email address"
            } else {
                "no tenant (see --tenant-id or --tenant-field)"
            };
            return self.reject(&source, &user, "missing_field", missing);
        };
        let mut out = Map::new();
        out.insert("email".into(), Value::from(email));
        out.insert("tenantId".into(), Value::from(tenant));
        let rejection = match &user.password {
            Password::Record { ty, hash, config } => {
                match Record::new(ty.as_str(), hash, config.as_deref()).decode(&self.options.limits)
                {
                    Ok(_) => {
                        out.insert("passwordHashType".into(), Value::from(ty.as_str()));
                        out.insert("passwordHash".into(), Value::from(hash.clone()));
                        if let Some(c) = config {
                            out.insert("passwordHashConfig".into(), Value::from(c.clone()));
                        }
                        None
                    }
                    Err(e) => Some((e.kind(), e.to_string())),
                }
            }
            Password::None => Some(("no_password", "the user has no password".to_owned())),
            Password::Unsupported(what) => Some((
                "unsupported_algorithm",
                format!("{what}: not one of the five password hash types"),
            )),
            Password::Invalid(what) => Some(("invalid_hash", (*what).to_owned())),
        };
        if let Some((reason, message)) = rejection {
            self.reject(&source, &user, reason, &message)?;
            if !(reason == "no_password" && self.options.keep_passwordless) {
                return Ok(());
            }
        } else {
            self.totals.carried += 1;
        }
        if let Some(name) = &user.name {
            out.insert("name".into(), Value::from(name.clone()));
        }
        if let Some(phone) = &user.phone {
            out.insert("phoneNumber".into(), Value::from(phone.clone()));
        }
        if let Some(verified) = user.verified {
            out.insert("verifyUser".into(), Value::from(verified));
        }
        let mut metadata = user.metadata.clone();
        metadata.insert("migratedFrom".into(), Value::from(self.options.from.name()));
        metadata.insert(
            "sourceId".into(),
            user.id.clone().map_or(Value::Null, Value::from),
        );
        out.insert(
            "metadata".into(),
            Value::from(Value::Object(metadata).to_string()),
        );
        self.sink
            .write(&Value::Object(out))
            .map_err(|e| e.to_string())
    }

    fn reject(
        &mut self,
        source: &str,
        user: &SourceUser,
        reason: &str,
        message: &str,
    ) -> Result<(), Stop> {
        self.totals.rejected += 1;
        *self.totals.by_reason.entry(reason.to_owned()).or_default() += 1;
        if let Some(w) = &mut self.rejects {
            let line = json!({
                "source": source,
                "id": user.id,
                "email": user.email,
                "reason": reason,
                "message": message,
            });
            serde_json::to_writer(&mut *w, &line).map_err(|e| e.to_string())?;
            w.write_all(b"\n").map_err(|e| e.to_string())?;
        }
        Ok(())
    }
}

/// The value at a dotted `path` in `object`: a string holding JSON is
/// parsed on the way (Supabase's `raw_app_meta_data`), a list takes its
/// first element (Keycloak's attributes); numbers become their text.
fn field_at(object: &Value, path: &str) -> Option<String> {
    let mut here = object.clone();
    for key in path.split('.') {
        if let Value::String(s) = &here
            && let Ok(parsed @ Value::Object(_)) = serde_json::from_str::<Value>(s)
        {
            here = parsed;
        }
        here = here.get(key)?.clone();
        if let Value::Array(items) = &here {
            here = items.first()?.clone();
        }
    }
    match here {
        Value::String(s) if !s.is_empty() => Some(s),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Runs `hashport convert`.
///
/// # Errors
/// A usage or I/O problem (exit status 2).
pub(crate) fn convert<W: Write>(
    options: &Convert,
    out: W,
    tick: &mut dyn FnMut(u64),
) -> Result<Totals, Fatal> {
    let hash_config = match (&options.hash_config, options.from) {
        (Some(path), _) => Some(
            std::fs::read_to_string(path)
                .map_err(|e| named(path, e).to_string())
                .and_then(|t| {
                    FirebaseConfig::parse(&t).map_err(|e| format!("{}: {e}", path.display()))
                })?,
        ),
        (None, Source::Firebase) => {
            return Err(
                "--from firebase needs --hash-config FILE (the project's hash parameters)".into(),
            );
        }
        (None, _) => None,
    };
    let sink = match &options.bulk {
        Some(dir) => {
            std::fs::create_dir_all(dir).map_err(|e| named(dir, e).to_string())?;
            Sink::Bulk {
                dir: dir.clone(),
                chunk: options.chunk.max(1),
                file: None,
                count: 0,
            }
        }
        None => Sink::Lines(out),
    };
    let rejects = match &options.rejects {
        Some(path) => Some(BufWriter::new(
            File::create(path).map_err(|e| named(path, e).to_string())?,
        )),
        None => None,
    };
    let mut run = Run {
        options,
        tick,
        sink,
        rejects,
        totals: Totals::default(),
    };
    let mut profiles = match (&options.profiles, options.from) {
        (Some(path), Source::Auth0) => Some(Profiles::index(path)?),
        (Some(_), _) => return Err("--profiles is for --from auth0".into()),
        (None, _) => None,
    };
    for input in &options.inputs {
        let path = input.display().to_string();
        let file = File::open(input).map_err(|e| named(input, e).to_string())?;
        if file.metadata().is_ok_and(|m| m.is_dir()) {
            return Err(format!("{path}: is a directory"));
        }
        let reader = BufReader::new(file);
        read_source(
            &mut run,
            &path,
            reader,
            hash_config.as_ref(),
            profiles.as_mut(),
        )
        .map_err(|e| format!("{path}: {e}"))?;
    }
    if let Some(p) = profiles.as_mut() {
        p.unjoined(&mut run)?;
    }
    run.sink.finish().map_err(|e| e.to_string())?;
    if let Some(w) = &mut run.rejects {
        w.flush().map_err(|e| e.to_string())?;
    }
    Ok(run.totals)
}

fn extension(path: &str) -> &str {
    path.rsplit_once('.').map_or("", |(_, e)| e)
}

/// The first byte that is not whitespace.
fn first_byte<R: BufRead>(reader: &mut R) -> io::Result<Option<u8>> {
    loop {
        let buf = reader.fill_buf()?;
        if buf.is_empty() {
            return Ok(None);
        }
        let skip = buf
            .iter()
            .position(|b| !b.is_ascii_whitespace() && *b != 0xef && *b != 0xbb && *b != 0xbf);
        match skip {
            Some(at) => return Ok(buf.get(at).copied()),
            None => {
                let n = buf.len();
                reader.consume(n);
            }
        }
    }
}

fn read_source<R: BufRead, W: Write>(
    run: &mut Run<'_, W>,
    path: &str,
    mut reader: R,
    firebase: Option<&FirebaseConfig>,
    profiles: Option<&mut Profiles>,
) -> Result<(), String> {
    let ext = extension(path).to_ascii_lowercase();
    let first = first_byte(&mut reader).map_err(|e| e.to_string())?;
    let from = run.options.from;
    // A JSON line that is not JSON, or not an object: a missing_field
    // reject at its line.
    let bad_line = |run: &mut Run<'_, W>, line: u64, message: &str| {
        let user = SourceUser::default();
        run.reject(
            &Position::Line(line).describe(path),
            &user,
            "missing_field",
            message,
        )
    };
    match from {
        Source::Auth0 => {
            let mut profiles = profiles;
            stream::json_lines(reader, &mut |line, value| match value {
                Ok(user) => {
                    let profile = profiles.as_mut().and_then(|p| p.join(&user));
                    run.take(path, Position::Line(line), sources::auth0(user, profile))
                }
                Err(m) => bad_line(run, line, m),
            })
        }
        Source::Clerk => stream::csv_records(reader, true, &mut |line, record, header| {
            let empty = csv::StringRecord::new();
            let user = sources::clerk(record, header.unwrap_or(&empty));
            run.take(path, Position::Line(line), user)
        }),
        Source::Firebase if ext == "csv" => {
            let config = firebase.ok_or("no hash config")?;
            stream::csv_records(reader, false, &mut |line, record, _| {
                run.take(
                    path,
                    Position::Line(line),
                    sources::firebase_csv(record, config),
                )
            })
        }
        Source::Supabase | Source::Django if ext == "csv" => {
            stream::csv_records(reader, true, &mut |line, record, header| {
                let mut object = Map::new();
                for (h, v) in header.into_iter().flatten().zip(record.iter()) {
                    object.insert(h.to_owned(), Value::from(v));
                }
                let object = Value::Object(object);
                let user = if from == Source::Supabase {
                    sources::supabase(object, firebase)
                } else {
                    sources::django(object)
                };
                run.take(path, Position::Line(line), user)
            })
        }
        Source::Supabase if first == Some(b'{') || ext == "jsonl" || ext == "ndjson" => {
            stream::json_lines(reader, &mut |line, value| match value {
                Ok(user) => run.take(
                    path,
                    Position::Line(line),
                    sources::supabase(user, firebase),
                ),
                Err(m) => bad_line(run, line, m),
            })
        }
        _ => stream::json_array(reader, "users", &mut |index, user| {
            let user = match from {
                Source::Auth0Import => sources::auth0_import(user),
                Source::Firebase => {
                    let Some(config) = firebase else {
                        return Err("no hash config".into());
                    };
                    sources::firebase_json(user, config)
                }
                Source::Supabase => sources::supabase(user, firebase),
                Source::Keycloak => sources::keycloak(user),
                Source::Django | Source::Auth0 | Source::Clerk => sources::django(user),
            };
            run.take(path, Position::Index(index), user)
        }),
    }
}

/// The `convert_line` fuzz target's entry: `input` as the whole of one
/// input file of `from` (its extension `ext`), with a fixed Firebase
/// config and tenant. Returns the carried objects and the rejects count.
#[cfg(feature = "fuzzing")]
pub(crate) fn convert_bytes(from: Source, ext: &str, input: &[u8]) -> (Vec<Value>, u64) {
    let options = Convert {
        from,
        tenant: Tenant::Field("tenant".into()),
        inputs: Vec::new(),
        rejects: None,
        bulk: None,
        chunk: 1000,
        keep_passwordless: true,
        hash_config: None,
        profiles: None,
        limits: crate::fuzzing::cheap_limits(),
    };
    let config = FirebaseConfig {
        signer_key: "jxspr8Ki0RYycVU8zykbdLGjFQ3McFUH0uiiTvC8pVMXAn210wjLNmdZJzxUECKbm0QsEmYUSDzZvpjeJ9WmXA=="
            .into(),
        salt_separator: "Bw==".into(),
        rounds: 8,
        mem_cost: 14,
    };
    let mut out = Vec::new();
    let mut tick = |_| {};
    let mut run = Run {
        options: &options,
        tick: &mut tick,
        sink: Sink::Lines(&mut out),
        rejects: None,
        totals: Totals::default(),
    };
    let path = format!("fuzz.{ext}");
    let _ = read_source(&mut run, &path, input, Some(&config), None);
    let rejected = run.totals.rejected;
    drop(run);
    let carried = String::from_utf8_lossy(&out)
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    (carried, rejected)
}

/// The Auth0 bulk user export, indexed by `user_id` without being held:
/// per profile, a hash of its `user_id`, the offset and line of its line,
/// and whether a password-hash line joined it.
struct Profiles {
    path: PathBuf,
    file: BufReader<File>,
    index: std::collections::HashMap<u64, (u64, u64, bool)>,
    hasher: std::collections::hash_map::RandomState,
}

impl Profiles {
    fn index(path: &Path) -> Result<Self, Fatal> {
        let open = || File::open(path).map_err(|e| named(path, e).to_string());
        let mut reader = BufReader::new(open()?);
        let hasher = std::collections::hash_map::RandomState::new();
        let mut index = std::collections::HashMap::new();
        let (mut offset, mut line, mut buf) = (0u64, 0u64, Vec::new());
        loop {
            buf.clear();
            let n = reader
                .read_until(b'\n', &mut buf)
                .map_err(|e| named(path, e).to_string())?;
            if n == 0 {
                break;
            }
            line += 1;
            if let Ok(profile) = serde_json::from_slice::<Value>(&buf)
                && let Some(id) = profile.get("user_id").and_then(Value::as_str)
            {
                index.insert(hash_of(&hasher, id), (offset, line, false));
            }
            offset += n as u64;
        }
        Ok(Self {
            path: path.to_owned(),
            file: BufReader::new(open()?),
            index,
            hasher,
        })
    }

    fn read_at(&mut self, offset: u64) -> Option<Value> {
        self.file.seek(SeekFrom::Start(offset)).ok()?;
        let mut buf = Vec::new();
        self.file.read_until(b'\n', &mut buf).ok()?;
        serde_json::from_slice(&buf).ok()
    }

    /// The profile of a password-hash export line, if any.
    fn join(&mut self, user: &Value) -> Option<Value> {
        let id = sources::auth0(user.clone(), None).id?;
        let key = hash_of(&self.hasher, &id);
        let (offset, _, joined) = self.index.get_mut(&key)?;
        *joined = true;
        let offset = *offset;
        let profile = self.read_at(offset)?;
        // A hash collision would join a stranger: check the id itself.
        (profile.get("user_id").and_then(Value::as_str) == Some(id.as_str())).then_some(profile)
    }

    /// Profiles no password-hash line joined (social and enterprise users):
    /// no password.
    fn unjoined<W: Write>(&mut self, run: &mut Run<'_, W>) -> Result<(), Fatal> {
        let mut left: Vec<(u64, u64)> = self
            .index
            .values()
            .filter(|(_, _, joined)| !joined)
            .map(|(offset, line, _)| (*line, *offset))
            .collect();
        left.sort_unstable();
        let path = self.path.display().to_string();
        for (line, offset) in left {
            let Some(profile) = self.read_at(offset) else {
                continue;
            };
            let user = SourceUser {
                id: profile
                    .get("user_id")
                    .and_then(Value::as_str)
                    .map(str::to_owned),
                email: profile
                    .get("email")
                    .and_then(Value::as_str)
                    .map(str::to_owned),
                name: profile
                    .get("name")
                    .and_then(Value::as_str)
                    .map(str::to_owned),
                object: profile,
                ..SourceUser::default()
            };
            run.take(&path, Position::Line(line), user)?;
        }
        Ok(())
    }
}

fn hash_of(state: &std::collections::hash_map::RandomState, text: &str) -> u64 {
    let mut h = state.build_hasher();
    h.write(text.as_bytes());
    h.finish()
}
