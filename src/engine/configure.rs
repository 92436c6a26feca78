//! Configure: the root checked, the config file and packs read (the first files of the run's
//! `SourceMap`), field aliases and the built-in catalogue (built beside the walk: `Tables`).
//! Broken config ends the run here.

use super::{ConfigChoice, EngineError, Options};
use crate::catalog::Catalog;
use crate::catalog::packs::Packs;
use crate::config::{self, Config};
use crate::diagnostic::Diagnostic;
use crate::model::aliases::FieldTable;
use crate::source::{SourceFile, SourceMap};
use std::path::Path;

/// What every stage reads: the configuration in force and the reference data.
pub(super) struct Setup {
    pub config: Config,
    pub packs: Packs,
    /// The built-in field names and aliases, plus those config adds.
    pub fields: FieldTable,
    /// The process's one built-in catalogue (table classification reads it too).
    pub catalog: &'static Catalog,
    /// `Options::learn`.
    pub learn: bool,
}

/// The config in force, read first: its file (and packs) are the first files of the run.
pub(super) fn config(opts: &Options) -> Result<(Config, SourceMap), EngineError> {
    check_root(&opts.root)?;
    let mut files = SourceMap::default();
    let config = load_config(opts, &mut files)?;
    Ok((config, files))
}

/// The built-in reference data every run reads: independent of the repository, so built while
/// the tree is walked (`engine::run`).
pub(super) struct Tables {
    packs: Packs,
    fields: FieldTable,
    catalog: &'static Catalog,
}

impl Tables {
    /// Built on both cores: the word tables behind the field names are the largest part. The
    /// catalogue is the process's shared one, which table classification also reads (it was
    /// built twice). (The documents' template globs are not compiled here too: a run that did
    /// so peaked 316 MB higher on the 1M-row Markdown table, 1,974 vs 1,658 MB, every time, for
    /// ~3M instructions saved; the default globs are now read without compiling them.)
    pub(super) fn builtin() -> Tables {
        let (packs, (fields, catalog)) = rayon::join(Packs::builtin, || {
            rayon::join(FieldTable::builtin, Catalog::shared)
        });
        Tables {
            packs,
            fields,
            catalog,
        }
    }
}

/// The config completed: the packs it names read and added, the patterns it disables taken
/// out, the field aliases it adds. Broken packs end the run here.
pub(super) fn setup(
    opts: &Options,
    config: Config,
    tables: Tables,
    files: &mut SourceMap,
) -> Result<Setup, EngineError> {
    let Tables {
        packs,
        mut fields,
        catalog,
    } = tables;
    let packs = load_packs(opts, &config, packs, files)?;
    for (kind, field, alias) in &config.aliases {
        fields.add_alias(*kind, field, alias);
    }
    Ok(Setup {
        config,
        packs,
        fields,
        catalog,
        learn: opts.learn,
    })
}

/// The linted root must be a folder we can list: anything else ends the run (exit 2).
fn check_root(root: &Path) -> Result<(), EngineError> {
    let shown = root.display();
    match std::fs::symlink_metadata(root) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(EngineError::Io(format!("{shown} does not exist")));
        }
        Ok(m) if !m.is_dir() && !root.is_dir() => {
            return Err(EngineError::Io(format!("{shown} is not a directory")));
        }
        _ => {}
    }
    std::fs::read_dir(root).map(drop).map_err(|e| {
        EngineError::Io(format!(
            "cannot read {shown}: {}",
            crate::source::fsafe::io_reason(&e)
        ))
    })
}

/// The built-in packs, plus the packs config adds, less the patterns it disables.
fn load_packs(
    opts: &Options,
    config: &Config,
    mut packs: Packs,
    files: &mut SourceMap,
) -> Result<Packs, EngineError> {
    let base = config
        .file
        .as_ref()
        .and_then(|f| f.parent())
        .map(Path::to_path_buf)
        .unwrap_or_default();
    // Packs come from the repository's own files: under the linted root, or beside a config
    // file the user named on the command line.
    let named = matches!(opts.config, ConfigChoice::File(_)).then_some(base.as_path());
    let allowed: Vec<&Path> = std::iter::once(opts.root.as_path()).chain(named).collect();
    let mut errors = Vec::new();
    for (rel, loc) in &config.packs {
        let read = crate::source::fsafe::confine(rel, &base, &allowed).and_then(|path| {
            crate::source::fsafe::read_regular(&path, crate::source::fsafe::SIDE_FILE_CAP)
                .map(|bytes| (path, bytes))
                .map_err(|e| e.to_string())
        });
        let (path, bytes) = match read {
            Ok(x) => x,
            Err(reason) => {
                errors.push(
                    Diagnostic::at(
                        &crate::config::CONFIG_ERROR,
                        loc,
                        format!("cannot read pack `{rel}`: {reason}"),
                    )
                    .help(
                        "pack paths are relative to the config file and stay inside the repository",
                    ),
                );
                continue;
            }
        };
        let (text, _) = crate::source::decode(bytes);
        let id = files.add(SourceFile::new(rel.clone(), path, text));
        if let Err(e) = packs.add(id, files.get(id)) {
            errors.extend(e);
        }
    }
    let names = packs.names();
    for (name, loc) in &config.disable_patterns {
        if !names.contains(name) {
            let help = crate::model::values::did_you_mean(name, names.iter().map(String::as_str))
                .map(|s| format!("did you mean `{s}`?"));
            let mut d = Diagnostic::at(
                &crate::config::CONFIG_ERROR,
                loc,
                format!("no pattern `{name}` to disable"),
            );
            d.help = help;
            errors.push(d);
        }
    }
    if !errors.is_empty() {
        return Err(EngineError::Config(std::mem::take(files), errors));
    }
    packs.disable(
        &config
            .disable_patterns
            .iter()
            .map(|(n, _)| n.clone())
            .collect::<Vec<_>>(),
    );
    Ok(packs)
}

fn load_config(opts: &Options, files: &mut SourceMap) -> Result<Config, EngineError> {
    let path = match &opts.config {
        ConfigChoice::Isolated => return Ok(Config::defaults()),
        ConfigChoice::File(p) => Some(p.clone()),
        ConfigChoice::Discover => config::discover(&opts.root).map_err(EngineError::Io)?,
    };
    let Some(path) = path else {
        return Ok(Config::defaults());
    };
    let display = path
        .strip_prefix(&opts.root)
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .unwrap_or_else(|_| path.to_string_lossy().into_owned());
    let known: Vec<_> = crate::rules::metas().collect();
    match config::load(&path, display, files, &known) {
        Ok(c) => Ok(c),
        Err(Ok(errors)) => Err(EngineError::Config(std::mem::take(files), errors.0)),
        Err(Err(e)) => Err(EngineError::Io(format!(
            "cannot read config {}: {e}",
            path.display()
        ))),
    }
}
