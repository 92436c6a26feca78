//! Thin entry point: parse arguments, run, map the outcome to an exit code. The only place the
//! process exits.

use clap::Parser;

fn main() {
    let cli = ismslint::cli::Cli::parse();
    let code = match ismslint::cli::run(cli) {
        Ok(code) => code,
        Err(ismslint::cli::Fatal(message)) => {
            eprintln!("error: {message}");
            2
        }
    };
    std::process::exit(code);
}
