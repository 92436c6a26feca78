//! Pattern packs (`rules/packs/*.yaml`): the placeholders, template sentences, ISO 27002
//! misstatements and generic justifications behind DOC001, DOC002, DOC007 and SOA006. The
//! built-in packs are embedded; users add packs and disable single patterns from config.

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::text::{Token, tokens};
use crate::parse::yaml::{self, Node};
use crate::source::{FileId, Loc, SourceFile};

use std::sync::Arc;

const BUILTIN: [(&str, &str); 4] = [
    (
        "placeholders.yaml",
        include_str!("../../rules/packs/placeholders.yaml"),
    ),
    (
        "template-text.yaml",
        include_str!("../../rules/packs/template-text.yaml"),
    ),
    (
        "iso27002.yaml",
        include_str!("../../rules/packs/iso27002.yaml"),
    ),
    (
        "generic-justifications.yaml",
        include_str!("../../rules/packs/generic-justifications.yaml"),
    ),
];

/// Errors in a pack file share the config error code: both stop the run before linting.
pub static PACK_ERROR: crate::diagnostic::RuleMeta = crate::diagnostic::RuleMeta {
    code: "config",
    name: "invalid-pack",
    default: Some(Severity::Error),
    summary: "a pattern pack is invalid",
    options: &[],
};

/// A pack regex compiled on first use: the built-in packs hold ~30 regexes whose compilation
/// (~15 ms, one Unicode-class pattern alone ~6 ms) cost a small repository a sixth of its run
/// at start-up, also for rules that never reach them (issue 16). The built-in sources are
/// checked by a test; a user's pack is compiled when it is added, so its errors still stop the
/// run before linting. Clones share the compiled regex.
#[derive(Debug, Clone)]
pub struct LazyRegex(Arc<crate::pattern::Pattern>);

impl LazyRegex {
    /// A regex compiled when first used. `source` must be valid (a built-in pack's).
    fn lazy(source: &str) -> Self {
        LazyRegex(Arc::new(crate::pattern::Pattern::owned(source.to_string())))
    }

    /// A regex compiled now: the error of an invalid one.
    fn eager(source: &str) -> Result<Self, regex::Error> {
        Ok(LazyRegex(Arc::new(crate::pattern::Pattern::checked(
            source,
        )?)))
    }

    /// The source, without compiling it.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

impl std::ops::Deref for LazyRegex {
    type Target = crate::pattern::Pattern;
    fn deref(&self) -> &crate::pattern::Pattern {
        &self.0
    }
}

#[derive(Debug, Clone)]
pub enum Matcher {
    Regex(LazyRegex),
    /// Normalised words (see `model::text::tokens`).
    Phrase(Vec<String>),
}

#[derive(Debug, Clone)]
pub struct Pattern {
    pub pack: String,
    pub id: String,
    pub matcher: Matcher,
    pub message: String,
    pub fix: String,
    /// A regex match whose text this also matches is not a finding (`[UPDATE]` is a label,
    /// not a `…DATE` placeholder): the near-misses a pattern cannot exclude by itself, as the
    /// regex syntax has no look-around.
    pub unless: Option<LazyRegex>,
}

impl Pattern {
    /// Is `text`, found by this pattern, one of its near-misses?
    pub fn excluded(&self, text: &str) -> bool {
        self.unless.as_ref().is_some_and(|u| u.is_match(text))
    }

    /// `pack/id`, the name config uses to disable a pattern.
    pub fn full_id(&self) -> String {
        format!("{}/{}", self.pack, self.id)
    }
}

/// Patterns by the rule that uses them.
#[derive(Debug, Default, Clone)]
pub struct Packs {
    pub placeholders: Vec<Pattern>,
    pub template_text: Vec<Pattern>,
    pub iso27002: Vec<Pattern>,
    pub generic_justifications: Vec<Pattern>,
}

impl Packs {
    pub fn builtin() -> Self {
        let mut packs = Packs::default();
        for (name, text) in BUILTIN {
            let file = SourceFile::new(format!("rules/packs/{name}"), name.into(), text.into());
            // The built-in packs are tested; an error here is a bug, reported like a user's.
            // Their regexes are compiled on first use (`LazyRegex`), by the engine that pays
            // (`crate::pattern`): compiling them all up front on a second thread cost a small
            // repository 10–30% more CPU for no gain in wall time once most text skips them
            // (`pattern::Starts`).
            if let Err(e) = packs.add_with(0, &file, true) {
                panic!("built-in pack {name} is invalid: {}", e[0].message);
            }
        }
        packs
    }

    /// The regexes of every list, as written: what the tables generated for the built-in
    /// packs (`pattern::known_starts`, the text filter's ASCII forms) are made from.
    #[cfg(test)]
    pub fn regex_sources(&self) -> Vec<&str> {
        [
            &self.placeholders,
            &self.template_text,
            &self.iso27002,
            &self.generic_justifications,
        ]
        .into_iter()
        .flatten()
        .filter_map(|pat| match &pat.matcher {
            Matcher::Regex(re) => Some(re.as_str()),
            Matcher::Phrase(_) => None,
        })
        .collect()
    }

    fn list_for(&mut self, rule: &str) -> Option<&mut Vec<Pattern>> {
        Some(match rule {
            "DOC001" | "template-placeholder" => &mut self.placeholders,
            "DOC002" | "template-text" => &mut self.template_text,
            "DOC007" | "iso27002-as-requirement" => &mut self.iso27002,
            "SOA006" | "weak-justification" => &mut self.generic_justifications,
            _ => return None,
        })
    }

    /// Add the patterns of a pack file. Errors point into the file.
    pub fn add(&mut self, id: FileId, file: &SourceFile) -> Result<(), Vec<Diagnostic>> {
        self.add_with(id, file, false)
    }

    /// `add`, compiling the regexes now or, for a built-in pack (`lazy`), on first use.
    fn add_with(
        &mut self,
        id: FileId,
        file: &SourceFile,
        lazy: bool,
    ) -> Result<(), Vec<Diagnostic>> {
        let compile = |source: &str| {
            if lazy {
                Ok(LazyRegex::lazy(source))
            } else {
                LazyRegex::eager(source)
            }
        };
        let err = |node: &Node, msg: String| {
            Diagnostic::at(&PACK_ERROR, &Loc::new(id, node.start, node.end), msg)
        };
        let root = match yaml::parse(file.text(), 0) {
            Ok(Some(root)) => root,
            Ok(None) => return Ok(()),
            Err(e) => {
                return Err(vec![Diagnostic::at(
                    &PACK_ERROR,
                    &Loc::new(id, e.offset, e.offset),
                    format!("cannot parse pack: {}", e.message),
                )]);
            }
        };
        let mut errors = Vec::new();
        let pack = root
            .get("pack")
            .and_then(Node::as_str)
            .unwrap_or("custom")
            .to_string();
        let Some(rule_node) = root.get("rule") else {
            return Err(vec![err(
                &root,
                "a pack names its `rule` (DOC001, DOC002, DOC007 or SOA006)".into(),
            )]);
        };
        let rule = rule_node.as_str().unwrap_or("");
        let Some(list) = self.list_for(rule) else {
            return Err(vec![err(
                rule_node,
                format!("`{rule}` has no patterns: use DOC001, DOC002, DOC007 or SOA006"),
            )]);
        };
        for p in root.get("patterns").and_then(Node::as_seq).unwrap_or(&[]) {
            let get = |k: &str| p.get(k).and_then(Node::as_str).map(str::to_string);
            let Some(pid) = get("id") else {
                errors.push(err(p, "a pattern needs an `id`".into()));
                continue;
            };
            let matcher = match (p.get("regex"), get("phrase")) {
                (Some(r), None) => match compile(r.as_str().unwrap_or("")) {
                    Ok(re) => Matcher::Regex(re),
                    Err(e) => {
                        errors.push(err(r, format!("invalid regex: {e}")));
                        continue;
                    }
                },
                (None, Some(phrase)) => {
                    let mut toks = Vec::new();
                    tokens(&phrase, 0, &mut toks);
                    // A phrase that is only punctuation (`-`) is compared as written.
                    let words: Vec<String> = if toks.is_empty() {
                        vec![phrase.trim().to_string()]
                    } else {
                        toks.into_iter().map(|t: Token| t.word).collect()
                    };
                    Matcher::Phrase(words)
                }
                _ => {
                    errors.push(err(
                        p,
                        format!("pattern `{pid}` needs either `regex` or `phrase`"),
                    ));
                    continue;
                }
            };
            let unless = match p.get("unless") {
                None => None,
                Some(u) => match compile(u.as_str().unwrap_or("")) {
                    Ok(re) => Some(re),
                    Err(e) => {
                        errors.push(err(u, format!("invalid `unless` regex: {e}")));
                        continue;
                    }
                },
            };
            list.push(Pattern {
                pack: pack.clone(),
                id: pid.clone(),
                matcher,
                message: get("message").unwrap_or_else(|| format!("matches pattern `{pid}`")),
                fix: get("fix").unwrap_or_default(),
                unless,
            });
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// Drop patterns named `pack/id` or `id` in config.
    pub fn disable(&mut self, names: &[String]) {
        for list in [
            &mut self.placeholders,
            &mut self.template_text,
            &mut self.iso27002,
            &mut self.generic_justifications,
        ] {
            list.retain(|p| !names.iter().any(|n| *n == p.id || *n == p.full_id()));
        }
    }

    /// Every pattern's `pack/id` and bare id, to validate `disable_patterns`.
    pub fn names(&self) -> Vec<String> {
        [
            &self.placeholders,
            &self.template_text,
            &self.iso27002,
            &self.generic_justifications,
        ]
        .iter()
        .flat_map(|l| l.iter().flat_map(|p| [p.full_id(), p.id.clone()]))
        .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_packs_load() {
        let p = Packs::builtin();
        assert!(p.placeholders.len() >= 8);
        assert!(p.template_text.len() >= 10);
        assert!(p.iso27002.len() >= 4);
        assert!(p.generic_justifications.len() >= 20);
    }

    /// `pattern::known_starts` holds, for each built-in regex, what a parse of it would find.
    #[test]
    fn known_starts_are_current() {
        let p = Packs::builtin();
        let sources = p.regex_sources();
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/pattern/known_starts.rs");
        let generated = crate::pattern::render_known_starts(&sources);
        if std::env::var_os("ISMSLINT_BLESS").is_some() {
            std::fs::write(path, &generated).unwrap();
        }
        assert!(
            std::fs::read_to_string(path).unwrap() == generated,
            "src/pattern/known_starts.rs is stale: \
             run `ISMSLINT_BLESS=1 cargo test --lib known_starts_are_current`"
        );
    }

    /// The built-in regexes are compiled on first use, so their validity is checked here.
    #[test]
    fn builtin_regexes_compile() {
        let p = Packs::builtin();
        for list in [
            &p.placeholders,
            &p.template_text,
            &p.iso27002,
            &p.generic_justifications,
        ] {
            for pat in list {
                if let Matcher::Regex(re) = &pat.matcher {
                    assert!(regex::Regex::new(re.as_str()).is_ok(), "{}", pat.full_id());
                }
                if let Some(u) = &pat.unless {
                    assert!(regex::Regex::new(u.as_str()).is_ok(), "{}", pat.full_id());
                }
            }
        }
    }

    #[test]
    fn disabling_by_id() {
        let mut p = Packs::builtin();
        let n = p.placeholders.len();
        p.disable(&["placeholders/xxx".into(), "lorem-ipsum".into()]);
        assert_eq!(p.placeholders.len(), n - 2);
    }
}
