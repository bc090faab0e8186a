//! What every command works with: the store, the clock, the profile, the output.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Serialize;

use crate::domain::time::{self, DateParseError, ParsedDateTime, Zone};
use crate::domain::{Id, Kind, Origin, Profile, Record, RecordMeta, ValidationError};
use crate::store::{Store, StoreError};
use crate::text;

/// An error of a command, with the exit code it maps to.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// The user asked for something that cannot be read or is not allowed.
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    Invalid(#[from] ValidationError),
    #[error(transparent)]
    Date(#[from] DateParseError),
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Something went wrong that is not the input's fault.
    #[error("{0}")]
    Failed(String),
}

impl CliError {
    /// 2 for bad usage (what was typed cannot be accepted), 1 for failures.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Usage(_) | CliError::Invalid(_) | CliError::Date(_) => 2,
            CliError::Store(StoreError::BadId(_)) => 2,
            _ => 1,
        }
    }
}

pub type CliResult<T = ()> = Result<T, CliError>;

pub struct Ctx {
    /// Shared with the app when the command is run for another terminal.
    pub store: Arc<Store>,
    /// The moment the command runs, in local time.
    pub now: DateTime<FixedOffset>,
    /// The zone dates are typed and shown in: the caller's.
    pub zone: Zone,
    /// The caller's working directory, when it is not this process's:
    /// relative file names are read from there.
    pub cwd: Option<PathBuf>,
    pub json: bool,
    /// Print only the ids of what commands add or change.
    pub quiet: bool,
    /// The mentee given with --mentee, if any.
    pub mentee: Option<String>,
    /// The pair the command works on, once looked up (see [`Ctx::pair`]).
    pair: std::cell::OnceCell<Option<Profile>>,
    user: Option<String>,
    out: String,
}

impl Ctx {
    pub fn new(
        store: impl Into<Arc<Store>>,
        now: DateTime<FixedOffset>,
        json: bool,
        user: Option<String>,
    ) -> Ctx {
        Ctx {
            store: store.into(),
            now,
            zone: Zone::Local,
            cwd: None,
            json,
            quiet: false,
            mentee: None,
            pair: std::cell::OnceCell::new(),
            user,
            out: String::new(),
        }
    }

    /// Gives the store back (to hand it to the app).
    pub fn into_store(self) -> Arc<Store> {
        self.store
    }

    /// Where a file name the caller typed is, from this process.
    pub fn path(&self, typed: &Path) -> PathBuf {
        match &self.cwd {
            Some(cwd) if typed.is_relative() => cwd.join(typed),
            _ => typed.to_path_buf(),
        }
    }

    /// The profile name given with --user, if any.
    pub fn user(&self) -> Option<&str> {
        self.user.as_deref()
    }

    pub fn today(&self) -> NaiveDate {
        self.now.date_naive()
    }

    /// What the command printed, for writing to standard output at the end.
    pub fn take_output(&mut self) -> String {
        std::mem::take(&mut self.out)
    }

    /// The profile the command acts as.
    pub fn me(&self) -> CliResult<Profile> {
        let profiles = self.store.profiles()?;
        let local: Vec<&Profile> = profiles
            .iter()
            .filter(|p| p.origin == Origin::Local)
            .collect();
        if let Some(name) = &self.user {
            return local
                .iter()
                .find(|p| p.name.eq_ignore_ascii_case(name.trim()))
                .map(|p| (*p).clone())
                .ok_or_else(|| {
                    let names: Vec<&str> = local.iter().map(|p| p.name.as_str()).collect();
                    CliError::Failed(format!(
                        "there is no profile named '{name}' in this store{}; create it with \
                         `tandem --user \"{name}\" init --name \"{name}\" --role mentee|mentor`",
                        if names.is_empty() {
                            String::new()
                        } else {
                            format!(" (profiles: {})", names.join(", "))
                        }
                    ))
                });
        }
        if let Some(id) = self.store.default_profile()?
            && let Some(p) = profiles.iter().find(|p| p.id == id)
        {
            return Ok(p.clone());
        }
        match local.as_slice() {
            [only] => Ok((*only).clone()),
            [] => Err(CliError::Failed(
                "there is no profile yet: run `tandem init --name NAME --role mentee|mentor` first".to_string(),
            )),
            _ => Err(CliError::Failed(
                "there are several profiles: pick one with --user NAME or `tandem profile use NAME`".to_string(),
            )),
        }
    }

    /// For a mentor: the mentee whose pair the command works on (--mentee,
    /// else the one chosen last, else the first). None for a mentee.
    /// Looked up once per command (every list, save and share asks).
    pub fn pair(&self, me: &Profile) -> CliResult<Option<Profile>> {
        if let Some(pair) = self.pair.get() {
            return Ok(pair.clone());
        }
        let pair = self.find_pair(me)?;
        Ok(self.pair.get_or_init(|| pair).clone())
    }

    fn find_pair(&self, me: &Profile) -> CliResult<Option<Profile>> {
        let Some(name) = &self.mentee else {
            return Ok(crate::pair::chosen(&self.store, me)?);
        };
        let mentees = crate::pair::mentees(&self.store, me)?;
        if let Some(p) = crate::pair::find(&mentees, name) {
            return Ok(Some(p.clone()));
        }
        let names: Vec<String> = mentees
            .iter()
            .map(|p| text::sanitize(&p.name, false))
            .collect();
        Err(CliError::Usage(if me.role != crate::domain::Role::Mentor {
            "--mentee is for a mentor's store: yours is a mentee's, with one pair".to_string()
        } else if names.is_empty() {
            format!(
                "you have no mentee named '{}' here (no mentee's bundle was imported yet)",
                text::sanitize(name, false)
            )
        } else {
            format!(
                "you have no mentee named '{}' here (your mentees: {})",
                text::sanitize(name, false),
                names.join(", ")
            )
        }))
    }

    /// The pair's mentee id, for [`RecordMeta::in_pair`] and new records.
    pub fn pair_id(&self, me: &Profile) -> CliResult<Option<Id>> {
        Ok(self.pair(me)?.map(|p| p.id))
    }

    /// Whose records the lists show: `me` first, then the partner of the
    /// pair (a mentor's mentee; a mentee's partners whose bundles were
    /// imported), none with `mine_only`. The user's own records are kept to
    /// the pair with [`Ctx::keep_pair`].
    pub fn people(&self, me: &Profile, mine_only: bool) -> CliResult<Vec<Profile>> {
        let mut out = vec![me.clone()];
        if !mine_only {
            let pair = self.pair_id(me)?;
            out.extend(
                self.store
                    .profiles()?
                    .into_iter()
                    .filter(|p| p.origin == Origin::Partner)
                    .filter(|p| pair.is_none_or(|m| m == p.id)),
            );
        }
        Ok(out)
    }

    /// Keeps the records of the pair the command works on.
    pub fn keep_pair<R: Record>(&self, me: &Profile, records: &mut Vec<R>) -> CliResult {
        let pair = self.pair_id(me)?;
        records.retain(|r| r.meta().in_pair(me.id, pair));
        Ok(())
    }

    /// Refuses changes to a record that `me` did not write (a partner's).
    pub fn check_mine<R: Record>(&self, record: &R, me: &Profile) -> CliResult {
        let author = record.meta().author;
        if author == me.id {
            return Ok(());
        }
        let who = self
            .store
            .profile(author)?
            .map(|p| p.name)
            .unwrap_or_else(|| "someone else".to_string());
        Err(CliError::Failed(format!(
            "this {} was written by {} and is read-only here",
            R::KIND.noun(),
            text::sanitize(&who, false)
        )))
    }

    pub fn parse_date(&self, input: &str) -> CliResult<NaiveDate> {
        Ok(time::parse_date(input, self.today())?)
    }

    pub fn parse_datetime(&self, input: &str) -> CliResult<ParsedDateTime> {
        Ok(self.zone.parse_datetime(input, self.now)?)
    }

    /// Finds a record of `kind` by id prefix.
    pub fn resolve(&self, input: &str, kind: Kind) -> CliResult<Id> {
        Ok(self.store.resolve(input, kind)?)
    }

    /// Loads a record of kind `R` by id prefix.
    pub fn load<R: crate::store::Stored>(&self, input: &str) -> CliResult<R> {
        let id = self.resolve(input, R::KIND)?;
        self.store.get::<R>(id)?.ok_or_else(|| {
            CliError::Store(StoreError::NotFound {
                kind: R::KIND,
                prefix: input.to_string(),
            })
        })
    }

    /// The shortest unique prefix of `id`.
    pub fn short(&self, id: Id) -> CliResult<String> {
        Ok(self.store.short_id(id)?)
    }

    /// Adds `s` to the output as it is (its own line ends included).
    pub fn raw(&mut self, s: &str) {
        self.out.push_str(s);
    }

    /// Adds a line of output.
    pub fn line(&mut self, s: impl AsRef<str>) {
        self.out.push_str(s.as_ref());
        self.out.push('\n');
    }

    /// Reports a record that was just added or changed: the record as JSON
    /// with --json, its short id alone with --quiet, else `message(short id)`.
    pub fn report<R: Record + Serialize>(
        &mut self,
        record: &R,
        message: impl FnOnce(&str) -> String,
    ) -> CliResult {
        if self.json {
            return self.json_out(record);
        }
        let short = self.short(record.meta().id)?;
        let text = if self.quiet { short } else { message(&short) };
        self.line(text);
        Ok(())
    }

    /// Deletes the record of kind `R` with id prefix `input`, if `me` wrote
    /// it, and reports it (as JSON, its short id, or `message(record, short id)`).
    pub fn remove<R: crate::store::Stored>(
        &mut self,
        me: &Profile,
        input: &str,
        message: impl FnOnce(&R, &str) -> String,
    ) -> CliResult {
        let record: R = self.load(input)?;
        self.check_mine(&record, me)?;
        let short = self.short(record.meta().id)?;
        self.store.delete(record.meta().id)?;
        if self.json {
            return self.json_out(&record);
        }
        let text = if self.quiet {
            short
        } else {
            message(&record, &short)
        };
        self.line(text);
        Ok(())
    }

    /// Writes `text` to `file` (atomically) and reports it with `done(path)`,
    /// or prints it when there is no file.
    pub fn emit(
        &mut self,
        file: Option<&std::path::Path>,
        text: &str,
        done: impl FnOnce(&std::path::Path) -> String,
    ) -> CliResult {
        match file {
            None => self.line(text.trim_end()),
            Some(path) => {
                crate::exchange::write_file_atomically(&self.path(path), text.as_bytes()).map_err(
                    |e| CliError::Failed(format!("cannot write {}: {e}", path.display())),
                )?;
                let message = done(path);
                self.line(message);
            }
        }
        Ok(())
    }

    /// Adds `value` as pretty JSON.
    pub fn json_out<T: Serialize + ?Sized>(&mut self, value: &T) -> CliResult {
        let text = crate::exchange::json::to_string_pretty(value)
            .map_err(|e| CliError::Failed(e.to_string()))?;
        self.line(text);
        Ok(())
    }

    /// Adds an aligned table under a header: every column but the last is
    /// padded to its widest cell (by terminal columns, so emoji and CJK line up).
    pub fn table(&mut self, header: &[&str], rows: &[Vec<String>]) {
        let head: Vec<String> = header.iter().map(|h| h.to_string()).collect();
        self.aligned(std::iter::once(&head).chain(rows), "  ");
    }

    /// Adds rows of cells, aligned as [`Ctx::table`] does, without a header.
    pub fn aligned<'a>(&mut self, rows: impl Iterator<Item = &'a Vec<String>> + Clone, gap: &str) {
        let mut widths: Vec<usize> = Vec::new();
        for row in rows.clone() {
            for (i, cell) in row.iter().enumerate() {
                if widths.len() <= i {
                    widths.push(0);
                }
                widths[i] = widths[i].max(text::width(cell));
            }
        }
        for row in rows {
            let mut line = String::new();
            for (i, cell) in row.iter().enumerate() {
                if i + 1 < row.len() {
                    line.push_str(&text::pad(cell, widths[i]));
                    line.push_str(gap);
                } else {
                    line.push_str(cell);
                }
            }
            self.line(line.trim_end());
        }
    }

    /// Saves `record` (flushed) after checking its rules. A record saved
    /// for the first time by a mentor concerns the pair they work on.
    pub fn save<R: crate::store::Stored>(&self, record: &R) -> CliResult {
        record.validate()?;
        if self.store.kind_of(record.meta().id)?.is_none()
            && let Some(me) = self.store.profile(record.meta().author)?
            && me.origin == Origin::Local
            && let Some(pair) = self.pair_id(&me)?
        {
            let mut any = record.clone().into_any();
            any.assign_pair(Some(pair));
            if let Some(r) = R::from_any(any) {
                self.store.put(&r)?;
                return Ok(());
            }
        }
        self.store.put(record)?;
        Ok(())
    }
}

/// Touches a record's meta at `now`.
pub fn touch(meta: &mut RecordMeta, now: DateTime<FixedOffset>) {
    meta.touch(now.to_utc());
}
