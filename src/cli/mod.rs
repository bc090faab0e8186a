//! The command line: `tandem SUBCOMMAND ...`, over the same store the app uses.

mod agenda;
pub mod args;
mod checkin;
pub mod complete;
mod consult;
mod ctx;
mod dev;
mod fmt;
mod goal;
mod journal;
mod profile;
mod reflect;
pub mod remote;
mod setup;
mod transfer;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{DateTime, FixedOffset, Local};

pub use args::Cli;
use args::Command;
pub use ctx::{CliError, CliResult, Ctx};

use crate::store::{OpenOptions, Store, StoreError};

/// The store directory: `--store`/`TANDEM_STORE`, or the platform's data
/// directory (`~/.local/share/tandem` on Linux).
pub fn store_dir(flag: Option<PathBuf>) -> Result<PathBuf, CliError> {
    if let Some(dir) = flag {
        return Ok(dir);
    }
    directories::ProjectDirs::from("", "", "tandem")
        .map(|d| d.data_dir().to_path_buf())
        .ok_or_else(|| {
            CliError::Failed(
                "cannot find a data directory for this user: give --store DIR or set TANDEM_STORE"
                    .into(),
            )
        })
}

/// "Now" in local time; `TANDEM_NOW` (RFC 3339) fixes it, for tests and demos.
pub fn now() -> Result<DateTime<FixedOffset>, CliError> {
    match std::env::var("TANDEM_NOW") {
        Ok(s) if !s.is_empty() => DateTime::parse_from_rfc3339(&s)
            .map_err(|e| CliError::Usage(format!("TANDEM_NOW='{s}' is not an RFC 3339 time: {e}"))),
        _ => Ok(Local::now().fixed_offset()),
    }
}

/// Store options, making a new store only when `create` is set;
/// `TANDEM_MIN_FREE_BYTES` changes how much free disk the store keeps (for
/// tests of the full-disk path).
pub(crate) fn open_options(create: bool) -> Result<OpenOptions, CliError> {
    let mut options = OpenOptions {
        create,
        ..OpenOptions::default()
    };
    if let Ok(s) = std::env::var("TANDEM_MIN_FREE_BYTES") {
        options.min_free_bytes = s.parse().map_err(|_| {
            CliError::Usage(format!(
                "TANDEM_MIN_FREE_BYTES='{s}' is not a number of bytes"
            ))
        })?;
    }
    Ok(options)
}

/// Runs a parsed command line and returns the process's exit code.
pub fn run(cli: Cli) -> ExitCode {
    let config_path = crate::config::path(cli.config.as_deref());
    let config = crate::config::load(config_path.as_deref(), cli.config.is_some());
    let mut global = cli.global();
    if global.store.is_none() {
        global.store.clone_from(&config.store);
    }
    let finish = |result: CliResult| match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprint!("{}", error_line(&e));
            ExitCode::from(e.exit_code())
        }
    };
    match cli.command {
        Some(Command::Config(cmd)) => {
            return finish(setup::config(cmd, &config, config_path.as_deref()));
        }
        Some(Command::Completions { shell }) => return finish(setup::completions(shell)),
        Some(Command::Man) => return finish(setup::man()),
        _ => {}
    }
    let Some(command) = cli.command else {
        return match open_app(
            &global,
            cli.demo.as_deref(),
            crate::tui::Start::Tabs,
            &config,
        ) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprint!("{}", error_line(&e));
                ExitCode::from(e.exit_code())
            }
        };
    };
    // `tandem checkin` with nothing to record opens the wizard, in a terminal.
    if let Command::Checkin(args) = &command
        && args.is_empty()
        && std::io::stdout().is_terminal()
        && std::io::stdin().is_terminal()
    {
        return match open_app(&global, None, crate::tui::Start::CheckIn, &config) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprint!("{}", error_line(&e));
                ExitCode::from(e.exit_code())
            }
        };
    }
    // A reminder for a prompt is read from what the last write left beside
    // the store, without opening it.
    if let Command::Remind(args) = &command
        && let Some(outcome) = remind_quickly(&global, args)
    {
        return outcome.print();
    }
    // An app open on the store runs the command for us (compacting needs
    // the store to itself).
    let mut patient = false;
    if !matches!(command, Command::Compact) {
        match remote::forward(&global) {
            remote::Forwarded::Answered(outcome) => return outcome.print(),
            // Run here once the app has let the store go.
            remote::Forwarded::Closing => patient = true,
            remote::Forwarded::NoApp => {}
        }
    }
    match execute(&global, command, patient) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprint!("{}", error_line(&e));
            ExitCode::from(e.exit_code())
        }
    }
}

/// How a command's error is printed. Messages can quote a file or what was
/// typed: never let them drive the terminal.
fn error_line(e: &CliError) -> String {
    format!("tandem: {}\n", crate::text::sanitize(&e.to_string(), true))
}

/// What a command printed, and how it ended: printed by this process, or
/// sent back to the terminal that asked the open app to run it. Printed in
/// the order a direct run prints: warnings (standard error), the output,
/// then the error that ended it (standard error).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Outcome {
    pub warnings: String,
    pub stdout: String,
    pub error: String,
    pub code: u8,
}

impl Outcome {
    /// Writes what the command printed, and gives its exit code.
    fn print(self) -> ExitCode {
        eprint!("{}", self.warnings);
        if let Err(e) = write_stdout(&self.stdout) {
            eprint!("{}", error_line(&e));
            return ExitCode::from(e.exit_code());
        }
        eprint!("{}", self.error);
        ExitCode::from(self.code)
    }
}

/// Writes a command's output to standard output; a closed pipe (`tandem
/// goal list | head -1`) is not an error.
fn write_stdout(out: &str) -> CliResult {
    if out.is_empty() {
        return Ok(());
    }
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(out.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(CliError::Failed(format!("cannot write the output: {e}"))),
    }
}

/// Runs `command` in `ctx`: its result, with the warnings the store gave
/// on the way as the lines they are printed as. After a write, what
/// `tandem remind` reads is brought up to date.
fn perform(ctx: &mut Ctx, command: Command) -> (CliResult, String) {
    let writes = ctx.store.writes();
    let result = dispatch(ctx, command);
    if ctx.store.writes() != writes {
        crate::remind::refresh(&ctx.store, ctx.now);
    }
    let warnings = ctx
        .store
        .take_warnings()
        .iter()
        .map(|w| format!("tandem: warning: {}\n", crate::text::sanitize(w, true)))
        .collect();
    (result, warnings)
}

/// `tandem` with no subcommand: the app, on the store or on a demo store.
fn open_app(
    global: &args::Global,
    demo: Option<&str>,
    start: crate::tui::Start,
    config: &crate::config::Config,
) -> CliResult {
    let now_fn = || now().unwrap_or_else(|_| Local::now().fixed_offset());
    now()?;
    if let Some(side) = demo {
        let dir = tempfile::Builder::new()
            .prefix("tandem-demo-")
            .tempdir()
            .map_err(|e| CliError::Failed(format!("cannot make a temporary directory: {e}")))?;
        let store = Store::open_with(dir.path(), open_options(true)?)?;
        if side == "mentor" {
            crate::demo::populate_mentor(&store, now_fn())?;
        } else {
            crate::demo::populate(&store, now_fn())?;
        }
        // The demo store is closed, then goes away with its directory.
        let result = crate::tui::run(
            std::sync::Arc::new(store),
            now_fn,
            start,
            None,
            None,
            config,
            None,
        );
        drop(dir);
        return result.map_err(|e| CliError::Failed(e.to_string()));
    }
    let user = global.user.as_deref();
    // The app's first run makes the store and asks who you are; the check-in
    // wizard and a --user that names someone need a store that is there.
    let create = start == crate::tui::Start::Tabs && user.is_none();
    let dir = store_dir(global.store.clone())?;
    // The store is locked at once (another app's is refused before the
    // terminal is touched); sled opens after the first frame is drawn, when
    // the last app to quit left one to draw (see `tui::opening`).
    let store = std::sync::Arc::new(Store::open_later(&dir, open_options(create)?)?);
    let screen = match start {
        crate::tui::Start::Tabs => crate::tui::draw_opening(&store, now_fn(), user, config),
        crate::tui::Start::CheckIn => None,
    };
    // Should the store fail to open, the screen goes back before the error is said.
    let (server, outside) = serve(&store, &dir, user)?.unzip();
    let result = crate::tui::run(
        std::sync::Arc::clone(&store),
        now_fn,
        start,
        user,
        outside,
        config,
        screen,
    );
    // The request being answered is finished; later ones find no app and
    // open the store themselves once this process has let it go.
    drop(server);
    result.map_err(|e| CliError::Failed(e.to_string()))?;
    // What the next start draws first, read before the store is let go and
    // written once everything is on disk.
    let opening =
        crate::tui::opening::capture(&store, now_fn(), crate::tui::form::Zone::Local, user);
    store.close_at_exit()?;
    if let Some(body) = opening {
        // Only a faster start is lost when it cannot be written.
        let _ = crate::store::opening::save(&dir, &body);
    }
    Ok(())
}

/// Opens the app's store (locked by [`Store::open_later`]), checks `user`,
/// and serves the command line from it (see [`remote`]); no server, with a
/// warning, when it cannot listen.
fn serve(
    store: &std::sync::Arc<Store>,
    dir: &std::path::Path,
    user: Option<&str>,
) -> Result<Option<(remote::Server, crate::tui::Outside)>, CliError> {
    store.open_now()?;
    if let Some(name) = user {
        // The same check (and message) as every subcommand's.
        Ctx::new(
            std::sync::Arc::clone(store),
            now()?,
            false,
            Some(name.to_string()),
        )
        .me()?;
    }
    // Commands from other terminals are run here while the app is open.
    let (outside, changed) = crate::tui::Outside::channel()
        .map_err(|e| CliError::Failed(format!("cannot set up the app: {e}")))?;
    match remote::Server::start(std::sync::Arc::clone(store), changed) {
        Ok(server) => Ok(Some((server, outside))),
        Err(e) => {
            store.warn(format!(
                "the command line cannot reach the app while it is open: cannot listen on {}: {e}",
                dir.join(remote::SOCKET).display()
            ));
            Ok(None)
        }
    }
}

/// Opens the store `command` works on. Only `init` and the developer
/// commands make a new one; every other command on a directory without a
/// store fails and creates nothing, so that a mistyped --store is reported
/// rather than answered from an empty store. `import` of a whole export
/// makes one too (a backup restored on a new machine), once its file has
/// been read and found good.
/// With `patient`, a store in use is tried again for a few seconds (an
/// app that is quitting still has it).
fn open_store(dir: PathBuf, command: &Command, patient: bool) -> CliResult<Store> {
    let create = matches!(command, Command::Init(_) | Command::Dev(_));
    let since = std::time::Instant::now();
    let open = || loop {
        match Store::open_with(&dir, open_options(create)?) {
            Err(StoreError::Locked { .. })
                if patient && since.elapsed() < std::time::Duration::from_secs(3) =>
            {
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            result => return Ok::<_, CliError>(result),
        }
    };
    match open()? {
        Err(StoreError::Missing { .. }) if let Command::Import(args) = command => {
            // A new store knows no profiles yet.
            transfer::read_export(&args.file, &args.file, &[])?;
            Ok(Store::open_with(&dir, open_options(true)?)?)
        }
        result => Ok(result?),
    }
}

fn execute(global: &args::Global, command: Command, patient: bool) -> CliResult {
    let now = now()?;
    let dir = store_dir(global.store.clone())?;
    let store = open_store(dir.clone(), &command, patient)?;
    // The store is ours: a socket left there by an app that was killed
    // answers no one.
    remote::remove_stale(&dir);
    if let Command::Compact = command {
        return compact(store, global);
    }
    let mut ctx = Ctx::new(store, now, global.json, global.user.clone());
    ctx.quiet = global.quiet;
    ctx.mentee = global.mentee.clone();
    let (result, warnings) = perform(&mut ctx, command);
    eprint!("{warnings}");
    let out = ctx.take_output();
    // The process ends here: the store is synced and left to the exit.
    let closed = ctx.into_store().close_at_exit();
    // Output is written once the work is done (and flushed to the store), so a
    // closed pipe (`tandem goal list | head -1`) never interrupts a write.
    write_stdout(&out)?;
    result.and(closed.map_err(CliError::from))
}

/// `tandem compact`: the store rewritten into a fresh database, and how
/// much room that gave back.
fn compact(store: Store, global: &args::Global) -> CliResult {
    let (store, sizes) = store.compact()?;
    let store = std::sync::Arc::new(store);
    for warning in store.take_warnings() {
        eprintln!("tandem: warning: {}", crate::text::sanitize(&warning, true));
    }
    store.close_at_exit()?;
    let out = if global.json {
        format!(
            "{}\n",
            serde_json::json!({ "before_bytes": sizes.before, "after_bytes": sizes.after })
        )
    } else if global.quiet {
        String::new()
    } else {
        let mb = |b: u64| format!("{:.1} MB", b as f64 / 1e6);
        let saved = sizes.before.saturating_sub(sizes.after);
        if saved < 100_000 {
            format!(
                "Compacted the store: {} on disk, {} before (it held little that was no longer \
                 live).\n",
                mb(sizes.after),
                mb(sizes.before)
            )
        } else {
            format!(
                "Compacted the store: {} on disk, down from {} ({} given back).\n",
                mb(sizes.after),
                mb(sizes.before),
                mb(saved)
            )
        }
    };
    print!("{out}");
    Ok(())
}

/// `tandem remind` from the file the last write left, when it tells
/// enough: for the default profile and pair, and a store whose upcoming
/// events it holds far enough ahead. `None`: read the store.
fn remind_quickly(global: &args::Global, args: &args::RemindArgs) -> Option<Outcome> {
    let within = crate::remind::parse_within(&args.meeting_within)?;
    let now = now().ok()?;
    if global.mentee.is_some() {
        return None;
    }
    let facts = crate::remind::read(&store_dir(global.store.clone()).ok()?)?;
    if global
        .user
        .as_ref()
        .is_some_and(|u| !u.trim().eq_ignore_ascii_case(&facts.name))
        || !facts.covers(now + within)
    {
        return None;
    }
    let stdout = remind_text(&facts.due_at(now, within), now, global.json).ok()?;
    Some(Outcome {
        stdout,
        ..Outcome::default()
    })
}

/// `tandem remind`, read from the store.
fn remind(ctx: &mut Ctx, args: &args::RemindArgs) -> CliResult {
    let within = crate::remind::parse_within(&args.meeting_within).ok_or_else(|| {
        CliError::Usage(format!(
            "--meeting-within '{}' is not a duration: give minutes, hours, days or weeks, \
             such as 90m, 24h, 2d or 1w",
            args.meeting_within
        ))
    })?;
    let me = ctx.me()?;
    let pair = ctx.pair(&me)?;
    let facts = crate::remind::Facts::gather(&ctx.store, &me, pair.as_ref(), ctx.now)?;
    if ctx.user().is_none() && ctx.mentee.is_none() {
        crate::remind::refresh(&ctx.store, ctx.now);
    }
    let text = remind_text(&facts.due_at(ctx.now, within), ctx.now, ctx.json)?;
    ctx.raw(&text);
    Ok(())
}

/// What `tandem remind` prints: the line (nothing when nothing is due), or
/// with --json every part of it.
fn remind_text(
    due: &crate::remind::Due,
    now: DateTime<FixedOffset>,
    json: bool,
) -> CliResult<String> {
    let line = due.line(now);
    if json {
        let value = serde_json::json!({
            "line": line,
            "checkin_due": due.checkin,
            "next": due.next,
            "overdue_actions": due.overdue,
        });
        let text = crate::exchange::json::to_string_pretty(&value)
            .map_err(|e| CliError::Failed(e.to_string()))?;
        return Ok(format!("{text}\n"));
    }
    Ok(if line.is_empty() {
        String::new()
    } else {
        format!("{line}\n")
    })
}

fn dispatch(ctx: &mut Ctx, command: Command) -> CliResult {
    match command {
        Command::Init(args) => profile::init(ctx, args),
        Command::Profile(cmd) => profile::run(ctx, cmd),
        Command::Goal(cmd) => goal::run(ctx, cmd),
        Command::Journal(cmd) => journal::run(ctx, cmd),
        Command::Reflect(cmd) => reflect::run(ctx, cmd),
        Command::Consult(cmd) => consult::run(ctx, cmd),
        Command::Checkin(args) => checkin::run(ctx, args),
        Command::Brief(args) => {
            let me = ctx.me()?;
            let pair = ctx.pair(&me)?;
            let brief = crate::briefing::brief(&ctx.store, &me, pair.as_ref(), ctx.now)?;
            if ctx.json {
                return ctx.json_out(&brief);
            }
            let text = if args.markdown {
                brief.to_markdown()
            } else {
                brief.to_text()
            };
            ctx.line(text.trim_end());
            Ok(())
        }
        Command::Agenda(cmd) => agenda::run(ctx, cmd),
        Command::Mentees => agenda::mentees(ctx),
        Command::Remind(args) => remind(ctx, &args),
        Command::Export(args) => transfer::export(ctx, args),
        Command::Share(cmd) => transfer::share(ctx, cmd),
        Command::Import(args) => transfer::import(ctx, args),
        Command::Dev(cmd) => dev::run(ctx, cmd),
        Command::Ids { kind } => complete::run(ctx, kind),
        // Needs the store itself, not a context: see `execute`.
        Command::Compact => unreachable!("compact is run before the context is made"),
        // Need no store: see `run`.
        Command::Config(_) | Command::Completions { .. } | Command::Man => {
            unreachable!("run before any store is opened")
        }
    }
}
