use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    tandem::cli::run(tandem::cli::Cli::parse())
}
