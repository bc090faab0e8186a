//! The command line while the app is open: sled lets one process have a
//! store, so the app listens on a Unix socket in the store's directory and
//! runs the commands other terminals give it, on its own open store, with
//! the caller's clock, zone and working directory. The caller prints what
//! came back: the same standard output, standard error and exit code as
//! running the command itself.
//!
//! The socket is made by the app that holds the store's lock, and only
//! then; a socket file found by a process that holds the lock is one an
//! app that has quit (or was killed) left behind, and is removed. It is readable and writable by
//! its owner only (in a store directory that is too), and a connection from
//! another user is closed unanswered (checked by the peer's credentials).
//!
//! One request per connection: a length (4 bytes, big-endian) and a JSON
//! [`Request`]. The app answers one byte, [`TAKEN`], once it has read the
//! request and before it runs anything, then the same framing around an
//! [`Outcome`]. A connection that ends before that byte (an app quitting,
//! or killed) ran nothing: the caller runs the command itself, once the app
//! has let the store go. One that ends after it may have run the command,
//! and the caller says so.

use std::io::{Read, Write};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use chrono::{DateTime, FixedOffset};
use clap::{CommandFactory, FromArgMatches};
use serde::{Deserialize, Serialize};

use super::{Cli, Ctx, Outcome, args::Global};
use crate::domain::time::Zone;
use crate::store::Store;

/// The socket's name in the store directory.
pub const SOCKET: &str = "app.sock";

/// Requests (and answers) larger than this are refused: a command line and
/// what a command prints are far smaller.
const MAX_FRAME: u32 = 256 << 20;

/// How long the app waits for a request once a caller has connected, and
/// for a caller to take its answer: a caller that stalls must not hold up
/// the others, or the app's quitting.
const TIMEOUT: Duration = Duration::from_secs(5);

/// The byte that says the app has taken the request and runs it.
const TAKEN: u8 = 1;

/// A command another terminal asks the app to run.
#[derive(Debug, Serialize, Deserialize)]
pub struct Request {
    /// The caller's version: another build may read its arguments otherwise.
    pub version: String,
    /// The command line, as typed (the program name first).
    pub args: Vec<String>,
    /// Where relative file names are read from.
    pub cwd: PathBuf,
    /// The caller's `TZ`: dates are typed and shown in its zone.
    pub tz: Option<String>,
    /// The caller's "now" (its clock, or its `TANDEM_NOW`).
    pub now: DateTime<FixedOffset>,
    /// `--user` / `TANDEM_USER` and `--mentee` / `TANDEM_MENTEE` as the
    /// caller read them (the app's own environment may differ).
    pub user: Option<String>,
    pub mentee: Option<String>,
}

/// What became of a request to the app.
pub enum Forwarded {
    /// The app ran the command (or took it and failed to answer: an
    /// error, as the command may have been run).
    Answered(Outcome),
    /// No app is listening.
    NoApp,
    /// An app was there and is quitting (or was killed): the store is
    /// free once it has gone.
    Closing,
}

/// Asks an app open on the store to run this process's command.
pub fn forward(global: &Global) -> Forwarded {
    match std::env::args_os()
        .map(|a| a.into_string().ok())
        .collect::<Option<Vec<_>>>()
    {
        Some(args) => forward_args(global, args),
        // A command line that is not text is left to the direct run to
        // report.
        None => Forwarded::NoApp,
    }
}

/// Asks an app open on the store to run the command `args` (the program
/// name first).
pub fn forward_args(global: &Global, args: Vec<String>) -> Forwarded {
    let Ok(dir) = super::store_dir(global.store.clone()) else {
        return Forwarded::NoApp;
    };
    let mut stream = match UnixStream::connect(dir.join(SOCKET)) {
        Ok(stream) => stream,
        // A socket no one listens on: its app is quitting, or was killed.
        Err(e) if e.kind() == std::io::ErrorKind::ConnectionRefused => {
            return Forwarded::Closing;
        }
        Err(_) => return Forwarded::NoApp,
    };
    // Only an app of this user is believed (it could print anything).
    if !peer_allowed(&stream, rustix::process::getuid().as_raw()) {
        return Forwarded::NoApp;
    }
    match request(global, args) {
        Some(request) => ask(&mut stream, &request, &dir),
        // A clock or a directory that cannot be read is left to the direct
        // run to report.
        None => Forwarded::NoApp,
    }
}

/// A command, as the app is asked to run it.
fn request(global: &Global, args: Vec<String>) -> Option<Request> {
    Some(Request {
        version: env!("CARGO_PKG_VERSION").to_string(),
        args,
        cwd: std::env::current_dir().ok()?,
        tz: std::env::var("TZ").ok(),
        now: super::now().ok()?,
        user: global.user.clone(),
        mentee: global.mentee.clone(),
    })
}

/// Sends `request` and reads the app's answer.
fn ask(stream: &mut UnixStream, request: &Request, dir: &Path) -> Forwarded {
    let mut taken = [0u8; 1];
    if send(stream, request).is_err() || stream.read_exact(&mut taken).is_err() || taken[0] != TAKEN
    {
        // Closed before the app took the request: nothing was run.
        return Forwarded::Closing;
    }
    match receive::<Outcome>(stream) {
        Ok(outcome) => Forwarded::Answered(outcome),
        Err(e) => Forwarded::Answered(Outcome {
            error: format!(
                "tandem: the app open on the store at {} took the command but did not answer \
                 ({e}); check there whether it was done\n",
                dir.display()
            ),
            code: 1,
            ..Outcome::default()
        }),
    }
}

/// Removes a socket a killed app left in `dir`; for a process that holds
/// the store's lock (so no app is listening on it).
pub fn remove_stale(dir: &Path) {
    let _ = std::fs::remove_file(dir.join(SOCKET));
}

/// The app's side: a thread that answers every request, one at a time,
/// on the app's store.
pub struct Server {
    /// The listening socket, to shut down when the app quits.
    listener: UnixListener,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    /// Listens in the store's directory (the caller holds the store);
    /// `changed` is called with the command's words ("goal add") after a
    /// command that wrote to the store.
    pub fn start(
        store: Arc<Store>,
        changed: impl Fn(String) + Send + 'static,
    ) -> std::io::Result<Server> {
        use std::os::unix::fs::PermissionsExt;
        let path = store.dir().join(SOCKET);
        remove_stale(store.dir());
        let listener = UnixListener::bind(&path)?;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))?;
        let stop = Arc::new(AtomicBool::new(false));
        let stopping = Arc::clone(&stop);
        let me = rustix::process::getuid().as_raw();
        let serving = listener.try_clone()?;
        let thread = std::thread::Builder::new()
            .name(crate::tui::SERVING_THREAD.into())
            .spawn(move || {
                for conn in serving.incoming() {
                    // Callers still queued see the connection end before
                    // their request is taken, and run it themselves.
                    if stopping.load(Ordering::Acquire) {
                        break;
                    }
                    let mut conn = match conn {
                        Ok(conn) => conn,
                        // Out of descriptors, say: not a reason to spin.
                        Err(_) => {
                            std::thread::sleep(Duration::from_millis(50));
                            continue;
                        }
                    };
                    if !peer_allowed(&conn, me) {
                        let _ = conn.write_all(&[TAKEN]);
                        let _ = send(&mut conn, &refused());
                        continue;
                    }
                    let before = store.writes();
                    let answered = answer(&store, &mut conn);
                    if store.writes() != before {
                        changed(answered.unwrap_or_default());
                    }
                }
            })?;
        Ok(Server {
            listener,
            stop,
            thread: Some(thread),
        })
    }
}

impl Drop for Server {
    /// Stops listening: the request being answered is finished first.
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Release);
        // Wakes the thread waiting for a connection (accept fails on a
        // socket shut down), whatever became of the socket's file.
        let _ = rustix::net::shutdown(&self.listener, rustix::net::Shutdown::Both);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
        // The socket file stays until the next process that takes the
        // store removes it: this one still holds the store until it exits,
        // and a command finding the socket with no one listening waits for
        // that (a missing socket would send it straight to the lock).
    }
}

/// The answer to a caller who is not the app's user.
fn refused() -> Outcome {
    Outcome {
        error: "tandem: the app open on this store runs as another user: refused\n".into(),
        code: 1,
        ..Outcome::default()
    }
}

/// Whether the process at the other end runs as the user `me`.
pub fn peer_allowed(conn: &UnixStream, me: u32) -> bool {
    rustix::net::sockopt::socket_peercred(conn).is_ok_and(|c| c.uid.as_raw() == me)
}

/// Reads one request from `conn`, runs it and writes the outcome back;
/// returns the command's words.
fn answer(store: &Arc<Store>, conn: &mut UnixStream) -> Option<String> {
    conn.set_read_timeout(Some(TIMEOUT)).ok()?;
    conn.set_write_timeout(Some(TIMEOUT)).ok()?;
    let request: Request = receive(conn).ok()?;
    conn.write_all(&[TAKEN]).ok()?;
    // A bug in a command must not take the app (and its terminal) down.
    let (outcome, words) =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(store, request)))
            .unwrap_or_else(|_| {
                (
                    Outcome {
                        error: "tandem: the command failed inside the app (a bug: please report \
                                it); the app goes on\n"
                            .into(),
                        code: 1,
                        ..Outcome::default()
                    },
                    None,
                )
            });
    let _ = send(conn, &outcome);
    words
}

/// Runs a request's command on `store` as the direct run would.
pub fn run(store: &Arc<Store>, request: Request) -> (Outcome, Option<String>) {
    let failed = |text: String, code: u8| Outcome {
        error: format!("tandem: {text}\n"),
        code,
        ..Outcome::default()
    };
    if request.version != env!("CARGO_PKG_VERSION") {
        return (
            failed(
                format!(
                    "the app open on this store is tandem {}, this is {}: quit the app to run \
                     this command, or run it with the app's tandem",
                    env!("CARGO_PKG_VERSION"),
                    request.version
                ),
                1,
            ),
            None,
        );
    }
    let matches = match Cli::command().try_get_matches_from(&request.args) {
        Ok(m) => m,
        Err(e) => {
            let text = e.render().to_string();
            let code = u8::try_from(e.exit_code()).unwrap_or(2);
            let (stdout, error) = if e.use_stderr() {
                (String::new(), text)
            } else {
                (text, String::new())
            };
            return (
                Outcome {
                    stdout,
                    error,
                    code,
                    ..Outcome::default()
                },
                None,
            );
        }
    };
    let mut words = Vec::new();
    let mut sub = matches.subcommand();
    while let Some((name, m)) = sub {
        words.push(name.to_string());
        sub = m.subcommand();
    }
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => return (failed(e.to_string(), 2), None),
    };
    let Some(command) = cli.command else {
        return (
            failed("the app is already open on this store".into(), 1),
            None,
        );
    };
    let zone = match zone_for(request.tz.as_deref()) {
        Ok(zone) => zone,
        Err(e) => return (failed(e, 1), None),
    };
    let mut ctx = Ctx::new(Arc::clone(store), request.now, cli.json, request.user);
    ctx.quiet = cli.quiet;
    ctx.mentee = request.mentee;
    ctx.zone = zone;
    ctx.cwd = Some(request.cwd);
    let (result, warnings) = super::perform(&mut ctx, command);
    let stdout = ctx.take_output();
    let (error, code) = match result {
        Ok(()) => (String::new(), 0),
        Err(e) => (super::error_line(&e), e.exit_code()),
    };
    (
        Outcome {
            warnings,
            stdout,
            error,
            code,
        },
        Some(words.join(" ")),
    )
}

/// The zone of a caller whose `TZ` is `tz`: this process's own when they
/// agree, else the zone it names.
fn zone_for(tz: Option<&str>) -> Result<Zone, String> {
    if tz == std::env::var("TZ").ok().as_deref() {
        return Ok(Zone::Local);
    }
    match tz {
        Some(tz) => Zone::from_tz(tz).ok_or_else(|| {
            format!(
                "TZ='{tz}' is not a zone the open app can answer in (it reads names such as \
                 Europe/Belgrade); quit the app to run this command, or give a zone name"
            )
        }),
        // No TZ: the system's zone, which /etc/localtime names.
        None => std::fs::read_link("/etc/localtime")
            .ok()
            .and_then(|target| {
                let target = target.to_str()?.to_string();
                let name = target.split("zoneinfo/").nth(1)?;
                Zone::from_tz(name)
            })
            .ok_or_else(|| {
                "the open app runs with another TZ and cannot tell this system's zone; quit \
                 the app to run this command, or set TZ"
                    .to_string()
            }),
    }
}

fn send<T: Serialize>(stream: &mut UnixStream, value: &T) -> std::io::Result<()> {
    let bytes = serde_json::to_vec(value).map_err(std::io::Error::other)?;
    let len = u32::try_from(bytes.len())
        .ok()
        .filter(|&n| n <= MAX_FRAME)
        .ok_or_else(|| std::io::Error::other("too large to send"))?;
    stream.write_all(&len.to_be_bytes())?;
    stream.write_all(&bytes)?;
    stream.flush()
}

fn receive<T: for<'de> Deserialize<'de>>(stream: &mut UnixStream) -> std::io::Result<T> {
    let mut len = [0u8; 4];
    stream.read_exact(&mut len)?;
    let len = u32::from_be_bytes(len);
    if len > MAX_FRAME {
        return Err(std::io::Error::other("a message larger than allowed"));
    }
    let mut bytes = vec![0u8; len as usize];
    stream.read_exact(&mut bytes)?;
    serde_json::from_slice(&bytes).map_err(std::io::Error::other)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_peer_is_allowed_only_as_the_same_user() {
        let (a, _b) = UnixStream::pair().unwrap();
        let me = rustix::process::getuid().as_raw();
        assert!(peer_allowed(&a, me));
        assert!(!peer_allowed(&a, me.wrapping_add(1)));
        assert!(!peer_allowed(&a, 0) || me == 0);
    }

    #[test]
    fn a_caller_in_another_named_zone_is_answered_in_it() {
        let own = std::env::var("TZ").ok();
        assert_eq!(zone_for(own.as_deref()), Ok(Zone::Local));
        let other = if own.as_deref() == Some("Asia/Tokyo") {
            "Europe/Belgrade"
        } else {
            "Asia/Tokyo"
        };
        assert_eq!(
            zone_for(Some(other)),
            Ok(Zone::Named(other.parse().unwrap()))
        );
        assert_eq!(
            zone_for(Some(&format!(":{other}"))),
            Ok(Zone::Named(other.parse().unwrap()))
        );
        if own.as_deref() != Some("CET-1CEST") {
            assert!(
                zone_for(Some("CET-1CEST"))
                    .unwrap_err()
                    .contains("quit the app")
            );
        }
    }
}
