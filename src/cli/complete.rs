//! Completion of ids: `tandem goal progress <Tab>` offers the goals' ids
//! (with their titles, where the shell shows descriptions).
//!
//! The script `tandem completions SHELL` prints asks tandem itself for the
//! candidates at each Tab (`TANDEM_COMPLETE=SHELL tandem -- WORDS…`), so
//! commands and options always match the build that answers. Ids come from
//! the store the command line names (`--store`, `--user`, `--mentee`, their
//! variables, the configuration file): from the app when one has the store
//! open, else by opening it. A store that cannot be read completes nothing.

use std::sync::Arc;

use clap::ValueEnum;
use clap_complete::engine::{ArgValueCandidates, CompletionCandidate};

use super::args::{Command, Global};
use super::{CliResult, Ctx, remote};
use crate::domain::{Consultation, Goal, Id, JournalEntry, Reflection};
use crate::store::Store;

/// The variable that turns a run of tandem into a completion request.
pub const VAR: &str = "TANDEM_COMPLETE";

/// The records whose ids a command takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum IdKind {
    Goal,
    Meeting,
    Point,
    Reflection,
    Event,
}

/// How many of a long list are offered: the newest, as `list` shows them.
const NEWEST: usize = 50;

/// The candidates for an argument that takes an id of `kind`.
pub fn ids(kind: IdKind) -> ArgValueCandidates {
    ArgValueCandidates::new(move || candidates(kind))
}

/// Answers a completion request, when this run is one, and exits.
pub fn answer_if_asked() {
    clap_complete::CompleteEnv::with_factory(<super::Cli as clap::CommandFactory>::command)
        .var(VAR)
        .bin("tandem")
        .completer("tandem")
        .complete();
}

/// The script that registers tandem's completion with `shell`.
pub fn registration(shell: clap_complete::Shell) -> std::io::Result<Vec<u8>> {
    let name = shell.to_string();
    let shells = clap_complete::env::Shells::builtins();
    let completer = shells
        .completer(&name)
        .ok_or_else(|| std::io::Error::other(format!("no completion for {name}")))?;
    let mut buf = Vec::new();
    completer.write_registration(VAR, "tandem", "tandem", "tandem", &mut buf)?;
    Ok(buf)
}

fn candidates(kind: IdKind) -> Vec<CompletionCandidate> {
    let global = global_of(&words());
    let Some(listing) = listing(&global, kind) else {
        return Vec::new();
    };
    listing
        .lines()
        .filter_map(|line| {
            let (id, what) = line.split_once('\t')?;
            Some(CompletionCandidate::new(id).help(Some(what.to_string().into())))
        })
        .collect()
}

/// The words being completed: what follows `--` and the program's name
/// on the completion request's command line.
fn words() -> Vec<String> {
    std::env::args().skip_while(|a| a != "--").skip(2).collect()
}

/// The store, profile and mentee `words` name, else the environment's,
/// else the configuration file's store.
fn global_of(words: &[String]) -> Global {
    let mut global = Global {
        store: std::env::var_os("TANDEM_STORE")
            .filter(|s| !s.is_empty())
            .map(Into::into),
        user: std::env::var("TANDEM_USER").ok().filter(|s| !s.is_empty()),
        mentee: std::env::var("TANDEM_MENTEE")
            .ok()
            .filter(|s| !s.is_empty()),
        json: false,
        quiet: false,
    };
    let mut config = std::env::var_os("TANDEM_CONFIG")
        .filter(|s| !s.is_empty())
        .map(std::path::PathBuf::from);
    let mut rest = words.iter();
    while let Some(word) = rest.next() {
        if word == "--" {
            break;
        }
        let Some((flag, inline)) = word
            .strip_prefix("--")
            .map(|w| w.split_once('=').map_or((w, None), |(f, v)| (f, Some(v))))
        else {
            continue;
        };
        if !matches!(flag, "store" | "user" | "mentee" | "config") {
            continue;
        }
        let Some(value) = inline.map(str::to_string).or_else(|| rest.next().cloned()) else {
            break;
        };
        match flag {
            "store" => global.store = Some(value.into()),
            "user" => global.user = Some(value),
            "mentee" => global.mentee = Some(value),
            _ => config = Some(value.into()),
        }
    }
    if global.store.is_none() {
        let path = crate::config::path(config.as_deref());
        global.store = crate::config::load(path.as_deref(), config.is_some()).store;
    }
    global
}

/// `tandem ids KIND` on the store: through the app that has it open, or
/// by opening it.
fn listing(global: &Global, kind: IdKind) -> Option<String> {
    let kind_name = kind.to_possible_value()?.get_name().to_string();
    let args = vec!["tandem".to_string(), "ids".to_string(), kind_name];
    match remote::forward_args(global, args) {
        remote::Forwarded::Answered(outcome) => {
            return (outcome.code == 0).then_some(outcome.stdout);
        }
        // An app that is going, or was killed and left its socket: the
        // store may be free (a Tab does not wait to see).
        remote::Forwarded::Closing | remote::Forwarded::NoApp => {}
    }
    let dir = super::store_dir(global.store.clone()).ok()?;
    let store = match Store::open_with(&dir, super::open_options(false).ok()?) {
        Ok(store) => store,
        // In use, missing or unreadable: nothing to offer (the command
        // itself will say why).
        Err(_) => return None,
    };
    let mut ctx = Ctx::new(
        Arc::new(store),
        super::now().ok()?,
        false,
        global.user.clone(),
    );
    ctx.mentee.clone_from(&global.mentee);
    let (result, _) = super::perform(&mut ctx, Command::Ids { kind });
    let out = ctx.take_output();
    let _ = ctx.into_store().close_at_exit();
    result.ok().map(|()| out)
}

/// `tandem ids KIND` (hidden; what completion reads): one line per record
/// a command could take, `SHORT-ID<Tab>WHAT`, in the order the listings
/// show them.
pub fn run(ctx: &mut Ctx, kind: IdKind) -> CliResult {
    let me = ctx.me()?;
    let people = ctx.people(&me, false)?;
    let mut rows: Vec<(Id, String)> = Vec::new();
    match kind {
        IdKind::Goal => {
            let mut goals: Vec<Goal> = Vec::new();
            for p in &people {
                goals.extend(ctx.store.all::<Goal>(p.id)?);
            }
            ctx.keep_pair(&me, &mut goals)?;
            // Those being worked on first.
            goals.sort_by_key(|g| g.status.rank());
            for g in &goals {
                let state = if g.status == crate::domain::GoalStatus::Active {
                    format!("{} %", g.progress)
                } else {
                    g.status.label().to_string()
                };
                rows.push((g.meta.id, format!("{} ({state})", one_line(&g.title))));
            }
        }
        IdKind::Meeting => {
            let mut entries: Vec<JournalEntry> = Vec::new();
            for p in &people {
                entries.extend(ctx.store.newest_journal(p.id, NEWEST)?);
            }
            ctx.keep_pair(&me, &mut entries)?;
            entries.sort_by(|a, b| b.at.cmp(&a.at).then(b.meta.id.cmp(&a.meta.id)));
            entries.truncate(NEWEST);
            for e in &entries {
                let when = super::fmt::datetime(super::fmt::on_my_clock(
                    e.at,
                    e.meta.author == me.id,
                    ctx.zone,
                ));
                rows.push((e.meta.id, format!("{when} {}", one_line(&e.notes))));
            }
        }
        IdKind::Point => {
            let pair = ctx.pair_id(&me)?;
            for w in crate::pair::points(&ctx.store, &me, pair, true, ctx.now)? {
                let state = if w.point.discussed {
                    " (discussed)"
                } else {
                    ""
                };
                rows.push((
                    w.point.meta.id,
                    format!("{}{state}", one_line(&w.point.text)),
                ));
            }
        }
        IdKind::Reflection => {
            let mut reflections: Vec<Reflection> = Vec::new();
            for p in &people {
                reflections.extend(ctx.store.newest_reflections(p.id, NEWEST)?);
            }
            ctx.keep_pair(&me, &mut reflections)?;
            reflections.sort_by(|a, b| b.date.cmp(&a.date).then(b.meta.id.cmp(&a.meta.id)));
            reflections.truncate(NEWEST);
            for r in &reflections {
                rows.push((
                    r.meta.id,
                    format!("{} {}", super::fmt::date(r.date), one_line(&r.text)),
                ));
            }
        }
        IdKind::Event => {
            let mut events: Vec<Consultation> =
                ctx.store.upcoming_consultations(me.id, ctx.now, NEWEST)?;
            events.extend(ctx.store.past_consultations(me.id, ctx.now, NEWEST)?);
            ctx.keep_pair(&me, &mut events)?;
            for c in &events {
                rows.push((
                    c.meta.id,
                    format!("{} {}", super::fmt::event_when(c), one_line(&c.title)),
                ));
            }
        }
    }
    for (id, what) in rows {
        let short = ctx.short(id)?;
        ctx.line(format!("{short}\t{what}"));
    }
    Ok(())
}

/// What a candidate's description shows of a record's text: one line,
/// no tabs or control characters, short enough for a menu.
fn one_line(text: &str) -> String {
    crate::text::one_line(text, 50).replace('\t', " ")
}
