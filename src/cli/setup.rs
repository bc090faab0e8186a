//! Commands about tandem itself rather than the store: the configuration
//! file (`tandem config path|default|check|keys`), shell completions and
//! the manual page. None of them opens a store.

use std::io::Write;

use clap::CommandFactory;

use super::args::{Cli, ConfigCmd};
use super::{CliError, CliResult};
use crate::config::Config;

/// `tandem config ...`: `path` is where the file is looked for.
pub fn config(cmd: ConfigCmd, config: &Config, path: Option<&std::path::Path>) -> CliResult {
    match cmd {
        ConfigCmd::Path => match path {
            Some(p) => out(&format!("{}\n", p.display())),
            None => Err(CliError::Failed(
                "there is no configuration directory for this user: give --config FILE or set \
                 TANDEM_CONFIG"
                    .into(),
            )),
        },
        ConfigCmd::Default => out(crate::config::DEFAULT),
        ConfigCmd::Check => {
            let problems = crate::tui::prefs::read(config, false).2;
            let mut text = String::new();
            for p in &problems {
                text += &format!("{p}\n");
            }
            match (problems.len(), &config.file) {
                (0, Some(file)) => out(&format!("{}: no mistakes.\n", file.display())),
                (0, None) => out(&format!(
                    "There is no configuration file{}: tandem uses its defaults.\n",
                    path.map(|p| format!(" at {}", p.display()))
                        .unwrap_or_default()
                )),
                (n, _) => {
                    out(&text)?;
                    Err(CliError::Failed(format!(
                        "{n} mistake{} in the configuration; the app runs with the defaults for \
                         {}",
                        if n == 1 { "" } else { "s" },
                        if n == 1 { "it" } else { "them" }
                    )))
                }
            }
        }
        ConfigCmd::Keys => {
            let (keys, _) = crate::tui::prefs::keymap(config);
            out(&crate::tui::prefs::keys_toml(&keys))
        }
    }
}

/// `tandem completions SHELL`: a script that asks tandem for the
/// candidates at each Tab (so ids complete from the store).
pub fn completions(shell: clap_complete::Shell) -> CliResult {
    let script = super::complete::registration(shell)
        .map_err(|e| CliError::Failed(format!("cannot write the completion script: {e}")))?;
    write(&script)
}

/// `tandem man`: the manual page, from the parser's own definitions.
pub fn man() -> CliResult {
    let mut buf = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut buf)
        .map_err(|e| CliError::Failed(format!("cannot write the manual page: {e}")))?;
    write(&buf)
}

fn out(text: &str) -> CliResult {
    write(text.as_bytes())
}

fn write(bytes: &[u8]) -> CliResult {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(CliError::Failed(format!("cannot write the output: {e}")))
        }
        _ => Ok(()),
    }
}
