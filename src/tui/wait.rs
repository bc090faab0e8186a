//! Waiting for the next thing the loop must handle, without polling: the
//! terminal's input, a resize, a change made to the store by another process
//! (the command line, run by the app for another terminal), or the moment
//! something on screen changes by itself, whichever comes first.
//!
//! crossterm waits on the terminal alone, so the loop waits here on all of
//! them at once with `poll(2)`, then lets crossterm read what the terminal
//! sent. Resizes arrive as SIGWINCH, which crossterm turns into an event
//! through its own pipe; a second handler, chained after crossterm's, wakes
//! this wait too. No thread reads the terminal, so an editor the app runs
//! has the terminal's input to itself.

use std::fs::File;
use std::io::{ErrorKind, IsTerminal, Read};
use std::os::fd::{AsFd, BorrowedFd};
use std::os::unix::net::UnixStream;
use std::sync::mpsc::Receiver;
use std::time::Duration;

use crossterm::event;
use rustix::event::{PollFd, PollFlags, Timespec};

/// How other processes' changes to the store reach the app: a byte on
/// `wake` for each, and on `news` the words of the command that made it
/// ("goal add").
pub struct Outside {
    pub wake: UnixStream,
    pub news: Receiver<String>,
}

impl Outside {
    /// A pair: what the app waits on, and what the side making changes
    /// calls after each.
    pub fn channel() -> std::io::Result<(Outside, impl Fn(String) + Send + 'static)> {
        let (wake, waker) = UnixStream::pair()?;
        wake.set_nonblocking(true)?;
        waker.set_nonblocking(true)?;
        let (tx, news) = std::sync::mpsc::channel();
        let notify = move |words: String| {
            let _ = tx.send(words);
            // A full buffer already holds a wake-up the app has not read.
            let _ = std::io::Write::write(&mut &waker, &[1]);
        };
        Ok((Outside { wake, news }, notify))
    }
}

/// What ended a wait.
pub enum Woke {
    /// The terminal has input (or was resized): read its events.
    Terminal,
    /// The store was changed from outside, by these commands.
    Outside(Vec<String>),
    /// The time asked for passed.
    Time,
}

/// The terminal crossterm reads: standard input when it is one, else the
/// process's controlling terminal.
enum Tty {
    Stdin(std::io::Stdin),
    Opened(File),
}

impl Tty {
    fn fd(&self) -> BorrowedFd<'_> {
        match self {
            Tty::Stdin(s) => s.as_fd(),
            Tty::Opened(f) => f.as_fd(),
        }
    }
}

pub struct Waiter {
    tty: Tty,
    winch: UnixStream,
    winch_id: signal_hook::SigId,
    outside: Option<Outside>,
}

impl Waiter {
    pub fn new(outside: Option<Outside>) -> std::io::Result<Waiter> {
        let tty = if std::io::stdin().is_terminal() {
            Tty::Stdin(std::io::stdin())
        } else {
            Tty::Opened(File::open("/dev/tty")?)
        };
        let (winch, pipe) = UnixStream::pair()?;
        winch.set_nonblocking(true)?;
        pipe.set_nonblocking(true)?;
        let winch_id = signal_hook::low_level::pipe::register(signal_hook::consts::SIGWINCH, pipe)?;
        Ok(Waiter {
            tty,
            winch,
            winch_id,
            outside,
        })
    }

    /// Waits for the terminal, the outside or `timeout`, whichever is first.
    pub fn wait(&mut self, timeout: Duration) -> std::io::Result<Woke> {
        // Events crossterm has read and not handed out yet: the terminal
        // has nothing more to say about them.
        if event::poll(Duration::ZERO)? {
            return Ok(Woke::Terminal);
        }
        let ts = Timespec {
            tv_sec: i64::try_from(timeout.as_secs()).unwrap_or(i64::MAX),
            tv_nsec: i64::from(timeout.subsec_nanos()),
        };
        let (tty_flags, winch_flags, outside_flags) = {
            let tty = self.tty.fd();
            let mut fds = vec![
                PollFd::from_borrowed_fd(tty, PollFlags::IN),
                PollFd::new(&self.winch, PollFlags::IN),
            ];
            if let Some(o) = &self.outside {
                fds.push(PollFd::new(&o.wake, PollFlags::IN));
            }
            match rustix::event::poll(&mut fds, Some(&ts)) {
                Ok(_) => {}
                // A signal (a resize handled elsewhere): look again.
                Err(rustix::io::Errno::INTR) => return Ok(Woke::Terminal),
                Err(e) => return Err(e.into()),
            }
            (
                fds[0].revents(),
                fds[1].revents(),
                fds.get(2).map(|f| f.revents()),
            )
        };
        // A terminal hung up also reads as having input (of nothing).
        if tty_flags.intersects(PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL) {
            return Err(std::io::Error::new(
                ErrorKind::BrokenPipe,
                "the terminal was closed",
            ));
        }
        if let Some(flags) = outside_flags
            && !flags.is_empty()
        {
            let gone = self.outside.as_ref().is_none_or(|o| !drain(&o.wake));
            let news = match self.outside.as_ref() {
                Some(o) => o.news.try_iter().collect(),
                None => Vec::new(),
            };
            if gone {
                // Whatever told of changes is gone (it could not listen, or
                // stopped): stop waiting on it rather than wake for ever.
                self.outside = None;
                if news.is_empty() {
                    return Ok(Woke::Time);
                }
            }
            return Ok(Woke::Outside(news));
        }
        if !winch_flags.is_empty() {
            drain(&self.winch);
            return Ok(Woke::Terminal);
        }
        if tty_flags.contains(PollFlags::IN) {
            return Ok(Woke::Terminal);
        }
        Ok(Woke::Time)
    }
}

impl Drop for Waiter {
    fn drop(&mut self) {
        signal_hook::low_level::unregister(self.winch_id);
    }
}

/// Reads every byte waiting on a non-blocking socket; false when its other
/// end is closed.
fn drain(mut s: &UnixStream) -> bool {
    let mut buf = [0u8; 64];
    loop {
        match s.read(&mut buf) {
            Ok(0) => return false,
            Ok(_) => {}
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(_) => return true,
        }
    }
}
