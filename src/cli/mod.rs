//! Command-line arguments and subcommands.

pub mod fields_cmd;
mod init;
pub(crate) use crate::config::learn as init_method;
mod rules_cmd;
pub mod schema;

use crate::diagnostic::Severity;
use crate::diagnostic::baseline::Baseline;
use crate::engine::severity::{self, Selection};
use crate::engine::{self, ConfigChoice, EngineError, Options};
use crate::output::sanitize::{escape_text, neutralise_line_starts};
use crate::output::{self, Format};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "ismslint",
    version = env!("ISMSLINT_VERSION_LONG"),
    about = "Lint an ISO/IEC 27001 ISMS repository: SoA, risk register, owners, documents, evidence",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub check: CheckArgs,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Lint a repository (the default command)
    Check(CheckArgs),
    /// List the rules
    Rules {
        #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
        format: RulesFormat,
    },
    /// Inspect the repository and write an ismslint.yaml recording what was detected
    Init(init::InitArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish)
    Completions { shell: clap_complete::Shell },
    /// Print a JSON Schema of ismslint.yaml for editors
    ConfigSchema,
    /// List the registers ismslint reads, their fields, the column names it recognises and the
    /// values it accepts (Markdown)
    Fields {
        /// The header and value words of another language instead (de, fr, es, pt, it, nl, cs,
        /// pl, el)
        #[arg(long)]
        language: Option<String>,
    },
    /// Write the auditor's view: one self-contained HTML page with SoA coverage, risk heat maps,
    /// traceability and the findings (same as `--format html`)
    Report(ReportArgs),
    /// Show the documentation of one rule (also `ismslint explain CODE`)
    #[command(visible_alias = "explain")]
    Rule {
        /// A code (SOA005) or name (unjustified-exclusion)
        rule: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    Text,
    Json,
    Markdown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Args, Debug, Clone)]
pub struct CheckArgs {
    /// The repository to lint
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Only these rules (codes, names or code prefixes such as SOA); repeatable, comma-separated
    #[arg(long, value_delimiter = ',')]
    pub select: Vec<String>,
    /// Skip these rules (codes, names or code prefixes); repeatable, comma-separated
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// The date time-based rules compare with (YYYY-MM-DD); default ISMSLINT_TODAY, else today
    #[arg(long)]
    pub today: Option<String>,
    /// Use this config file instead of searching for ismslint.yaml
    #[arg(long, conflicts_with = "isolated")]
    pub config: Option<PathBuf>,
    /// Ignore config files
    #[arg(long)]
    pub isolated: bool,
    /// Colour in human output (honours NO_COLOR and CLICOLOR_FORCE)
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Exit 0 even when errors are found
    #[arg(long)]
    pub exit_zero: bool,
    /// Exit 1 on warnings too
    #[arg(long)]
    pub deny_warnings: bool,
    /// Print counts per rule after the findings
    #[arg(long)]
    pub statistics: bool,
    /// Also write a report to a file: `FORMAT:PATH` (e.g. `sarif:ismslint.sarif`) or `PATH` in
    /// --format; repeatable
    #[arg(short, long, value_name = "FORMAT:PATH")]
    pub output: Vec<String>,
    /// Hide the findings recorded in this baseline file; report only new ones
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record the current findings in this baseline file (and report nothing as failing)
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    pub write_baseline: Option<PathBuf>,
    /// With --baseline: remove the entries that no longer match from the baseline file
    #[arg(long, requires = "baseline")]
    pub prune_baseline: bool,
    /// Say how each file was read and which kinds had no source (on stderr)
    #[arg(short, long, conflicts_with = "quiet")]
    pub verbose: bool,
    /// Print the findings only: no summary line (human and concise formats)
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Args, Debug, Clone)]
pub struct ReportArgs {
    /// The repository to report on
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// The file to write (`ismslint-report.*` files are never linted)
    #[arg(
        short,
        long,
        value_name = "FILE",
        default_value = "ismslint-report.html"
    )]
    pub output: String,
    /// Only these rules (codes, names or code prefixes such as SOA); repeatable, comma-separated
    #[arg(long, value_delimiter = ',')]
    pub select: Vec<String>,
    /// Skip these rules (codes, names or code prefixes); repeatable, comma-separated
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// The date the report is for and time-based rules compare with (YYYY-MM-DD); default
    /// ISMSLINT_TODAY, else today
    #[arg(long)]
    pub today: Option<String>,
    /// Use this config file instead of searching for ismslint.yaml
    #[arg(long, conflicts_with = "isolated")]
    pub config: Option<PathBuf>,
    /// Ignore config files
    #[arg(long)]
    pub isolated: bool,
    /// Hide the findings recorded in this baseline file
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
}

impl ReportArgs {
    /// The lint run behind the report: its findings go to the report file only.
    fn check_args(self) -> CheckArgs {
        CheckArgs {
            path: self.path,
            format: Format::Html,
            select: self.select,
            ignore: self.ignore,
            today: self.today,
            config: self.config,
            isolated: self.isolated,
            color: ColorChoice::Never,
            exit_zero: true,
            deny_warnings: false,
            statistics: false,
            output: vec![self.output],
            baseline: self.baseline,
            write_baseline: None,
            prune_baseline: false,
            verbose: false,
            quiet: true,
        }
    }
}

/// A failure of the tool itself (exit 2), as opposed to findings.
pub struct Fatal(pub String);

/// The rule table as Markdown (the README embeds it).
pub fn rules_markdown() -> String {
    rules_cmd::list(RulesFormat::Markdown)
}

pub fn run(cli: Cli) -> Result<i32, Fatal> {
    // Error messages quote paths and file content: one escaped line on stderr.
    run_command(cli).map_err(|Fatal(message)| Fatal(escape_text(&message).into_owned()))
}

fn run_command(cli: Cli) -> Result<i32, Fatal> {
    match cli.command {
        None => check(cli.check),
        Some(Command::Check(args)) => check(args),
        Some(Command::Report(args)) => check_run(args.check_args(), false),
        Some(Command::Init(args)) => init::run(args),
        Some(Command::Completions { shell }) => {
            use clap::CommandFactory;
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "ismslint", &mut out);
            print(&String::from_utf8_lossy(&out))?;
            Ok(0)
        }
        Some(Command::ConfigSchema) => {
            print(&schema::schema())?;
            Ok(0)
        }
        Some(Command::Fields { language: None }) => {
            print(&fields_cmd::markdown())?;
            Ok(0)
        }
        Some(Command::Fields {
            language: Some(word),
        }) => match crate::model::lang::Lang::from_word(&word) {
            Some(lang) => {
                print(&fields_cmd::language_markdown(lang))?;
                Ok(0)
            }
            None => Err(Fatal(format!(
                "`{word}` is not a language ismslint reads registers in: en, de, fr, es, pt, it, nl, cs, pl or el"
            ))),
        },
        Some(Command::Rules { format }) => {
            print(&rules_cmd::list(format))?;
            Ok(0)
        }
        Some(Command::Rule { rule }) => match rules_cmd::doc(&rule) {
            Some(doc) => {
                print(doc)?;
                let here = std::env::current_dir()
                    .map(|d| rules_cmd::methodology_here(&rule, &d))
                    .unwrap_or_default();
                print(&here)?;
                Ok(0)
            }
            None => Err(Fatal(format!(
                "unknown rule `{rule}`{}; `ismslint rules` lists the codes and names",
                crate::rules::did_you_mean_clause(&rule)
            ))),
        },
    }
}

/// Write to stdout. A write error (a full disk, a closed file) is fatal: the output is lost,
/// so the run must not look successful. A closed pipe (`ismslint … | head -1`) is not an
/// error: the reader has all it wants, so the rest is dropped quietly, as other command-line
/// tools do, and the exit code stays that of the findings.
fn print(s: &str) -> Result<(), Fatal> {
    let mut out = std::io::stdout().lock();
    match out.write_all(s.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Fatal(format!("cannot write to standard output: {e}"))),
    }
}

/// One line of ismslint's own on stderr that quotes the repository (file names, sheet names,
/// baseline entries): escaped so that it stays one line and no CI runner reads it as a
/// command. Errors writing to stderr cannot be reported anywhere and are ignored.
pub(crate) fn note_line(line: &str) {
    let line = escape_text(line);
    let line = neutralise_line_starts(&line);
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

fn today(arg: Option<&str>) -> Result<jiff::civil::Date, Fatal> {
    let given = arg.map(str::to_string).or_else(|| {
        std::env::var("ISMSLINT_TODAY")
            .ok()
            .filter(|s| !s.is_empty())
    });
    match given {
        Some(s) => s.trim().parse().map_err(|_| {
            Fatal(format!(
                "invalid date `{s}` for --today/ISMSLINT_TODAY: use YYYY-MM-DD"
            ))
        }),
        None => Ok(local_today()),
    }
}

/// Today's date where the user is. `ZonedDateTime::now()` asks for the system time zone by name,
/// and jiff lists every file under /usr/share/zoneinfo to look the name up (3.3M instructions and
/// ~150 system calls: a thirtieth of a small repository's whole run). The date needs only the
/// zone's rules, and /etc/localtime holds them (it is the file the name points at): read it
/// directly when TZ does not name another zone; else, or when it cannot be read, ask jiff.
pub(crate) fn local_today() -> jiff::civil::Date {
    #[cfg(unix)]
    if std::env::var_os("TZ").is_none()
        && let Some(today) = today_in_tzif(std::path::Path::new("/etc/localtime"))
    {
        return today;
    }
    jiff::ZonedDateTime::now().date()
}

/// Today's date in the time zone a TZif file describes.
fn today_in_tzif(path: &std::path::Path) -> Option<jiff::civil::Date> {
    let data = std::fs::read(path).ok()?;
    let tz = jiff::tz::TimeZone::tzif("localtime", &data).ok()?;
    Some(tz.to_datetime(jiff::Timestamp::now()).date())
}

fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
                false
            } else if std::env::var_os("CLICOLOR_FORCE").is_some_and(|v| !v.is_empty() && v != "0")
            {
                true
            } else {
                std::io::stdout().is_terminal()
            }
        }
    }
}

/// When the command line does not parse and its first word reads as a mistyped subcommand
/// (`ismslint explian SOA005`), the message to print instead of clap's.
pub fn mistyped_first_word(args: &[std::ffi::OsString]) -> Option<String> {
    let first = args
        .iter()
        .skip(1)
        .find(|a| !a.to_string_lossy().starts_with('-'))?;
    let path = std::path::Path::new(first);
    mistyped_command(path).map(|command| {
        format!(
            "unknown command `{}`: did you mean {command}?",
            path.display()
        )
    })
}

/// A path that does not exist but reads as a mistyped subcommand (`ismslint rulse`): the
/// commands it is one or two edits from (`rules` and `rule`), nearest first.
fn mistyped_command(path: &std::path::Path) -> Option<String> {
    use clap::CommandFactory;
    let word = path.to_str()?;
    if std::fs::symlink_metadata(path).is_ok() || word.is_empty() || word.contains(['/', '\\', '.'])
    {
        return None;
    }
    let cli = Cli::command();
    let names: Vec<String> = cli
        .get_subcommands()
        .flat_map(|c| {
            std::iter::once(c.get_name().to_string()).chain(c.get_all_aliases().map(str::to_string))
        })
        .collect();
    let lower = word.to_lowercase();
    let distance = |n: &String| strsim::osa_distance(&lower, n);
    let best = names.iter().map(distance).min()?;
    if best > 2 || best >= word.chars().count() {
        return None;
    }
    let close: Vec<String> = names
        .iter()
        .filter(|n| distance(n) == best)
        .map(|n| format!("`ismslint {n}`"))
        .collect();
    Some(close.join(" or "))
}

fn check(args: CheckArgs) -> Result<i32, Fatal> {
    check_run(args, true)
}

/// Lint, print the findings in `--format` when `print_main`, write the `-o` reports.
fn check_run(args: CheckArgs, print_main: bool) -> Result<i32, Fatal> {
    for (flag, patterns) in [("--select", &args.select), ("--ignore", &args.ignore)] {
        for pattern in patterns {
            if !severity::is_known_pattern(pattern) {
                return Err(Fatal(format!(
                    "unknown rule `{pattern}` in {flag}{}; `ismslint rules` lists the codes and names (a code prefix such as `SOA` selects a group)",
                    crate::rules::did_you_mean_clause(pattern)
                )));
            }
        }
    }
    if let Some(command) = mistyped_command(&args.path) {
        return Err(Fatal(format!(
            "unknown command `{}`: did you mean {command}? (no folder `{0}` to lint either)",
            args.path.display()
        )));
    }
    // Every report is checked before anything is linted: a typo in a format is not a file name.
    let reports = args
        .output
        .iter()
        .map(|spec| parse_output(spec, args.format))
        .collect::<Result<Vec<_>, _>>()?;
    let root = args.path.clone();
    let opts = Options {
        root: root.canonicalize().unwrap_or(root),
        config: match (&args.config, args.isolated) {
            (_, true) => ConfigChoice::Isolated,
            (Some(p), _) => ConfigChoice::File(p.clone()),
            _ => ConfigChoice::Discover,
        },
        today: today(args.today.as_deref())?,
        selection: Selection {
            select: args.select.clone(),
            ignore: args.ignore.clone(),
        },
        skip: reports.iter().map(|(_, p)| p.clone()).collect(),
        verbose: args.verbose,
        learn: false,
    };
    let color = use_color(args.color);
    let today = opts.today;
    let name = opts
        .root
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // Paths are shown from where the user stands; SARIF and GitLab name them from the
    // repository root.
    let cwd = std::env::current_dir()
        .and_then(|d| d.canonicalize())
        .unwrap_or_default();
    let repo = crate::source::paths::repository_root(&opts.root, &cwd);
    let mut outcome = match engine::run(&opts) {
        Ok(o) => o,
        Err(EngineError::Io(msg)) => return Err(Fatal(msg)),
        Err(EngineError::Config(mut files, diags)) => {
            files.set_bases(&cwd, &repo);
            let summary = engine::Summary::default();
            let text = output::human::render(
                &diags,
                &files,
                &summary,
                color && std::io::stderr().is_terminal(),
            );
            // Drop the summary line: nothing was linted.
            let body = text.rsplit_once('\n').map_or(text.as_str(), |(b, _)| b);
            let body = body.rsplit_once('\n').map_or(body, |(b, _)| b);
            // Already escaped by the renderer; multi-line by design.
            let _ = writeln!(std::io::stderr().lock(), "{}", neutralise_line_starts(body));
            return Err(Fatal("invalid configuration; nothing was linted".into()));
        }
    };
    outcome.files.set_bases(&cwd, &repo);
    if args.verbose {
        for n in &outcome.notes {
            note_line(&format!("note: {n}"));
        }
    }
    if let Some(path) = &args.write_baseline {
        let b = Baseline::from_findings(&outcome.diagnostics, &outcome.files);
        b.write(path).map_err(Fatal)?;
        note_line(&format!(
            "wrote {} findings in {} entries to {}",
            outcome.diagnostics.len(),
            b.entries.len(),
            path.display()
        ));
        return Ok(0);
    }
    if let Some(path) = &args.baseline {
        let b = Baseline::read(path).map_err(Fatal)?;
        let (kept, stale) = b.apply(std::mem::take(&mut outcome.diagnostics), &outcome.files);
        outcome.diagnostics = kept;
        outcome.summary.errors = outcome
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        outcome.summary.warnings = outcome
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count();
        if !stale.is_empty() {
            let n = stale.iter().fold(0usize, |n, e| n.saturating_add(e.count));
            if args.prune_baseline {
                b.pruned(&stale).write(path).map_err(Fatal)?;
                note_line(&format!(
                    "baseline: removed {n} findings that no longer occur from {}",
                    path.display()
                ));
            } else {
                for e in &stale {
                    let entity = if e.entity.is_empty() {
                        String::new()
                    } else {
                        format!(" {}", e.entity)
                    };
                    note_line(&format!(
                        "baseline: {} × {} in {}{entity} no longer occurs",
                        e.count,
                        e.code,
                        if e.path.is_empty() {
                            "(repository)"
                        } else {
                            &e.path
                        }
                    ));
                }
                note_line(&format!(
                    "baseline: {n} recorded findings are fixed; run with --prune-baseline to remove them"
                ));
            }
        }
    }
    let mut text = if print_main {
        output::render_outcome(args.format, &outcome, today, &name, color)
    } else {
        String::new()
    };
    if args.quiet && matches!(args.format, Format::Human | Format::Concise) {
        // The summary line is always the last one.
        let body = text.trim_end_matches('\n');
        text = body
            .rsplit_once('\n')
            .map_or(String::new(), |(b, _)| format!("{b}\n"));
    }
    if args.statistics && matches!(args.format, Format::Human | Format::Concise) {
        text.push_str(&statistics(&outcome.diagnostics));
    }
    print(&text)?;
    for (format, path) in reports {
        let body = output::render_outcome(format, &outcome, today, &name, false);
        crate::source::fsafe::write_report(&path, body.as_bytes(), &opts.root).map_err(Fatal)?;
        if !print_main {
            note_line(&format!(
                "wrote {}: {}",
                path.display(),
                output::summary_line(&outcome.summary)
            ));
        }
    }
    // GitHub shows 10 annotations per level; the step summary carries the rest.
    if args.format == Format::Github
        && let Some(summary_path) =
            std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty())
    {
        let md = output::render(
            Format::Markdown,
            &outcome.diagnostics,
            &outcome.files,
            &outcome.summary,
            false,
        );
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&summary_path)
            .map_err(|e| Fatal(format!("cannot write GITHUB_STEP_SUMMARY: {e}")))?;
        f.write_all(md.as_bytes())
            .map_err(|e| Fatal(format!("cannot write GITHUB_STEP_SUMMARY: {e}")))?;
    }
    let has = |s: Severity| outcome.diagnostics.iter().any(|d| d.severity == s);
    let failed = has(Severity::Error) || (args.deny_warnings && has(Severity::Warning));
    // The process exits next: freeing a large model piece by piece would only delay it.
    std::mem::forget(outcome);
    Ok(if failed && !args.exit_zero { 1 } else { 0 })
}

/// The names `--format` and `-o FORMAT:PATH` accept.
fn format_names() -> Vec<String> {
    Format::value_variants()
        .iter()
        .filter_map(|f| f.to_possible_value().map(|v| v.get_name().to_string()))
        .collect()
}

/// `sarif:out.sarif` → (Sarif, out.sarif); `out.txt` → (--format, out.txt). A prefix that reads
/// as a format name but is not one (`xml:out.xml`) is an error, not a file name; a one-letter
/// prefix is a Windows drive (`C:\out.sarif`), and `./notes:x` names a file with a colon.
fn parse_output(spec: &str, default: Format) -> Result<(Format, PathBuf), Fatal> {
    let Some((prefix, path)) = spec.split_once(':') else {
        return Ok((default, PathBuf::from(spec)));
    };
    if let Ok(format) = Format::from_str(prefix, true) {
        if path.is_empty() {
            return Err(Fatal(format!(
                "`-o {spec}` names no file: write `-o {prefix}:PATH`"
            )));
        }
        return Ok((format, PathBuf::from(path)));
    }
    let word = prefix.len() > 1
        && prefix
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !word {
        return Ok((default, PathBuf::from(spec)));
    }
    let names = format_names();
    let hint = crate::model::values::did_you_mean(prefix, names.iter().map(String::as_str))
        .map(|s| format!("did you mean `{s}`? "))
        .unwrap_or_default();
    Err(Fatal(format!(
        "unknown report format `{prefix}` in `-o {spec}`; {hint}formats: {} (a file whose name has a colon: `-o ./{spec}`)",
        names.join(", ")
    )))
}

fn statistics(diags: &[crate::diagnostic::Diagnostic]) -> String {
    let mut counts: std::collections::BTreeMap<(&str, &str, &str), usize> = Default::default();
    for d in diags {
        *counts
            .entry((d.rule.code, d.rule.name, d.severity.as_str()))
            .or_default() += 1;
    }
    let mut out = String::from("\n");
    for ((code, name, sev), n) in counts {
        out.push_str(&format!("{n:>6}  {code:<7} {name:<30} {sev}\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    /// The date read from a zone's file is jiff's for that zone, here and 14 hours ahead (read
    /// before and after: midnight may pass).
    #[test]
    fn today_from_the_zone_file_is_jiffs() {
        let today = super::local_today();
        let now = jiff::ZonedDateTime::now().date();
        assert!(today == now || today == jiff::ZonedDateTime::now().date());
        for zone in ["Pacific/Kiritimati", "America/Adak"] {
            let file = std::path::Path::new("/usr/share/zoneinfo").join(zone);
            if !file.exists() {
                continue;
            }
            let jiff_date = || jiff::ZonedDateTime::now().in_tz(zone).unwrap().date();
            let before = jiff_date();
            let read = super::today_in_tzif(&file).unwrap();
            assert!(
                read == before || read == jiff_date(),
                "{zone}: {read} vs {before}"
            );
        }
    }
}
