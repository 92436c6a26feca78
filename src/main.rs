//! Thin entry point: parse arguments, run, map the outcome to an exit code. The only place the
//! process exits.

use clap::Parser;
use std::io::Write;

fn main() {
    let cli = ismslint::cli::Cli::parse();
    let code = match ismslint::cli::run(cli) {
        Ok(code) => code,
        Err(ismslint::cli::Fatal(message)) => {
            // Nothing can be reported if stderr itself is closed; the exit code still says it.
            let _ = writeln!(std::io::stderr().lock(), "error: {message}");
            2
        }
    };
    std::process::exit(code);
}
