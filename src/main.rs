//! Thin entry point: parse arguments, run, map the outcome to an exit code. The only place the
//! process exits.

use clap::Parser;
use std::io::Write;

fn main() {
    // Re-run as the sandboxed workbook reader (see src/parse/sheet/sandbox.rs).
    if let Some(code) = ismslint::parse::sheet::child_main_if_requested() {
        std::process::exit(code);
    }
    ismslint::parse::sheet::read_untrusted_formats_in_child_process();
    let cli = match ismslint::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // `ismslint explian SOA005`: say which command was meant, not that `SOA005` is no
            // subcommand.
            let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
            if e.use_stderr()
                && let Some(message) = ismslint::cli::mistyped_first_word(&args)
            {
                let message = ismslint::output::sanitize::escape_text(&message).into_owned();
                let _ = writeln!(std::io::stderr().lock(), "error: {message}");
                std::process::exit(2);
            }
            e.exit()
        }
    };
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
