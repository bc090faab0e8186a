use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // A shell asking for completions is answered before anything else.
    tandem::cli::complete::answer_if_asked();
    tandem::cli::run(tandem::cli::Cli::parse())
}
