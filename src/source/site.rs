//! Documentation sites in the repository (Docusaurus, MkDocs, Hugo, Jekyll): which folders a site serves
//! at which URL, so that a site-absolute link (`/policies/x.pdf`, `/docs/intro`) is resolved as
//! the built site would resolve it, and which slug rules its heading anchors follow.
//!
//! Site configs are read as text from files the walk found (inside the root, never through a
//! symbolic link, size-capped); nothing is evaluated. A config we cannot read or make sense of
//! is not an error: the site's defaults apply, or no site is detected.

use crate::pattern::Pattern;
use std::collections::BTreeSet;
use std::path::Path;

/// Site config files are small; a larger one is not read.
const CONFIG_CAP: u64 = 1 << 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Generator {
    Docusaurus,
    MkDocs,
    Hugo,
    Jekyll,
}

impl Generator {
    pub fn name(self) -> &'static str {
        match self {
            Generator::Docusaurus => "Docusaurus",
            Generator::MkDocs => "MkDocs",
            Generator::Hugo => "Hugo",
            Generator::Jekyll => "Jekyll",
        }
    }
}

/// A folder served under a URL prefix: `docs/` at `/docs/`, a static folder at `/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    /// URL prefix without slashes around it (`docs`; empty for the site root).
    pub base: String,
    /// Folder relative to the linted root, without a trailing slash (empty: the root).
    pub folder: String,
    /// Pages (Markdown, served without extension) rather than files served as they are.
    pub pages: bool,
}

/// One documentation site.
#[derive(Debug, Clone)]
pub struct Site {
    pub generator: Generator,
    /// The site's folder (where its config is), relative to the root; empty for the root.
    pub dir: String,
    /// The config file it was detected from.
    pub config: String,
    /// Static folders and content folders, in the order links are resolved against them.
    pub routes: Vec<Route>,
}

impl Site {
    /// Is `rel` (a file path) inside this site's folder?
    pub fn contains(&self, rel: &str) -> bool {
        self.dir.is_empty() || rel.starts_with(&format!("{}/", self.dir))
    }

    /// URL prefixes whose pages the generator makes up (tag lists, category indexes, search,
    /// blog posts routed by date): links into them are not checked.
    pub fn is_generated(&self, url: &str) -> bool {
        let url = url.trim_matches('/');
        let under = |prefix: &str| url == prefix || url.starts_with(&format!("{prefix}/"));
        let mut prefixes: Vec<String> = vec!["tags".into(), "search".into()];
        match self.generator {
            Generator::Docusaurus => {
                prefixes.push("blog".into());
                for r in self.routes.iter().filter(|r| r.pages && !r.base.is_empty()) {
                    prefixes.push(format!("{}/category", r.base));
                    prefixes.push(format!("{}/tags", r.base));
                }
                prefixes.push("category".into());
            }
            Generator::Hugo | Generator::Jekyll => prefixes.push("categories".into()),
            Generator::MkDocs => {}
        }
        prefixes.iter().any(|p| under(p))
    }

    /// How the site's roots are named in a message: "the Docusaurus static root `static/` and
    /// docs route `/docs/` → `docs/` (from `docusaurus.config.js`)".
    pub fn describe(&self) -> String {
        if let Some(r) = self.routes.first() {
            match self.generator {
                Generator::MkDocs => {
                    return format!(
                        "the MkDocs `docs_dir` `{}` (from `{}`)",
                        shown_folder(&r.folder),
                        self.config
                    );
                }
                Generator::Jekyll => {
                    return format!(
                        "the Jekyll site folder `{}`, pages at their path or `permalink` (from `{}`)",
                        shown_folder(&r.folder),
                        self.config
                    );
                }
                _ => {}
            }
        }
        let roots: Vec<String> = self
            .routes
            .iter()
            .map(|r| {
                let folder = shown_folder(&r.folder);
                if r.pages {
                    format!("pages `/{}` → `{folder}`", slashed(&r.base))
                } else {
                    format!("static root `{folder}`")
                }
            })
            .collect();
        format!(
            "the {} {} (from `{}`)",
            self.generator.name(),
            roots.join(", "),
            self.config
        )
    }
}

fn slashed(base: &str) -> String {
    if base.is_empty() {
        String::new()
    } else {
        format!("{base}/")
    }
}

pub fn shown_folder(folder: &str) -> String {
    if folder.is_empty() {
        "./".into()
    } else {
        format!("{folder}/")
    }
}

/// Every site whose config file is among `files` (paths relative to `root`).
pub fn detect(root: &Path, files: &BTreeSet<String>) -> Vec<Site> {
    let mut sites = Vec::new();
    for rel in files {
        let (dir, name) = rel.rsplit_once('/').unwrap_or(("", rel));
        // Config files of dependencies and of test fixtures of tools are not the repository's.
        if dir
            .split('/')
            .any(|d| d == "node_modules" || d.starts_with('.'))
        {
            continue;
        }
        let generator = match name {
            "docusaurus.config.js"
            | "docusaurus.config.ts"
            | "docusaurus.config.mjs"
            | "docusaurus.config.cjs" => Generator::Docusaurus,
            "mkdocs.yml" | "mkdocs.yaml" => Generator::MkDocs,
            "hugo.toml" | "hugo.yaml" | "hugo.yml" | "config.toml" | "config.yaml"
            | "config.yml" => Generator::Hugo,
            "_config.yml" | "_config.yaml" => Generator::Jekyll,
            _ => continue,
        };
        let text = read(root, rel);
        let site = match generator {
            Generator::Docusaurus => docusaurus(dir, text.as_deref().unwrap_or("")),
            Generator::MkDocs => mkdocs(dir, text.as_deref().unwrap_or("")),
            Generator::Jekyll => jekyll(dir),
            Generator::Hugo => {
                let Some(text) = text else { continue };
                if name.starts_with("config.") && !is_hugo_config(&text) {
                    continue;
                }
                hugo(dir, &text)
            }
        };
        if sites.iter().any(|s: &Site| s.dir == dir) {
            continue;
        }
        sites.push(Site {
            config: rel.clone(),
            ..site
        });
    }
    // The innermost site first: a file belongs to the deepest site folder holding it.
    sites.sort_by(|a, b| b.dir.len().cmp(&a.dir.len()).then(a.dir.cmp(&b.dir)));
    sites
}

/// A config file's text, read as any side file is: a regular file under the root, not a
/// link, not too large. `None` when it cannot be read.
fn read(root: &Path, rel: &str) -> Option<String> {
    let bytes = crate::source::fsafe::read_regular(&root.join(rel), CONFIG_CAP).ok()?;
    Some(crate::source::decode(bytes).0)
}

/// `rel` inside the site folder `dir`; `None` for a folder outside it (`../docs`), which is
/// not followed.
fn join(dir: &str, rel: &str) -> Option<String> {
    let rel = rel.trim().trim_start_matches("./").trim_matches('/');
    if rel.split('/').any(|p| p == "..") || rel.starts_with('/') {
        return None;
    }
    Some(match (dir.is_empty(), rel.is_empty()) {
        (_, true) => dir.to_string(),
        (true, false) => rel.to_string(),
        (false, false) => format!("{dir}/{rel}"),
    })
}

/// A route, when its folder is inside the site.
fn route(base: &str, dir: &str, folder: &str, pages: bool) -> Option<Route> {
    Some(Route {
        base: base.trim_matches('/').to_string(),
        folder: join(dir, folder)?,
        pages,
    })
}

/// Quoted strings in a JS/TS/TOML array literal: `['static', "public"]`.
fn strings_in(list: &str) -> Vec<String> {
    static QUOTED: Pattern = Pattern::new(r#"['"`]([^'"`]*)['"`]"#);
    QUOTED
        .captures_iter(list)
        .map(|c| c[1].to_string())
        .collect()
}

/// The object literal (`{ … }`) that starts at the first `{` at or after `from`, braces
/// counted (strings are not parsed: a brace in a string can only make the object shorter).
fn object_at(text: &str, from: usize) -> Option<&str> {
    let start = from + text.get(from..)?.find('{')?;
    let mut depth = 0usize;
    for (i, c) in text[start..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(&text[start..=start + i]);
                }
            }
            _ => {}
        }
    }
    Some(&text[start..])
}

/// A JS property with a string value (`routeBasePath: '/'`), first occurrence.
fn js_string(obj: &str, key: &str) -> Option<String> {
    let re = Pattern::owned(format!(r#"\b{key}\s*:\s*['"`]([^'"`]*)['"`]"#));
    re.captures(obj).map(|c| c[1].to_string())
}

/// Docusaurus: `static/` (or `staticDirectories`), the docs plugin's folder at its route base
/// (default `docs/` at `/docs/`; the preset's `docs: { path, routeBasePath }` and every
/// `plugin-content-docs` instance), and `src/pages/` at `/`.
fn docusaurus(dir: &str, text: &str) -> Site {
    let mut routes = Vec::new();
    static STATIC_DIRS: Pattern = Pattern::new(r"staticDirectories\s*:\s*\[([^\]]*)\]");
    let statics = STATIC_DIRS
        .captures(text)
        .map(|c| strings_in(&c[1]))
        .unwrap_or_else(|| vec!["static".into()]);
    for s in statics {
        routes.extend(route("", dir, &s, false));
    }
    let mut docs: Vec<(String, String)> = Vec::new();
    static PRESET_DOCS: Pattern = Pattern::new(r"\bdocs\s*:\s*(\{|false)");
    let preset = PRESET_DOCS.captures(text);
    match preset {
        Some(c) if &c[1] == "false" => {}
        Some(c) => {
            let obj = object_at(text, c.get(1).map_or(0, |m| m.start())).unwrap_or("");
            docs.push((
                js_string(obj, "path").unwrap_or_else(|| "docs".into()),
                js_string(obj, "routeBasePath").unwrap_or_else(|| "docs".into()),
            ));
        }
        None => docs.push(("docs".into(), "docs".into())),
    }
    for (at, _) in text.match_indices("plugin-content-docs") {
        let obj = object_at(text, at).unwrap_or("");
        if let Some(path) = js_string(obj, "path") {
            let base = js_string(obj, "routeBasePath").unwrap_or_else(|| path.clone());
            docs.push((path, base));
        }
    }
    for (path, base) in docs {
        routes.extend(route(&base, dir, &path, true));
    }
    routes.extend(route("", dir, "src/pages", true));
    Site {
        generator: Generator::Docusaurus,
        dir: dir.to_string(),
        config: String::new(),
        routes,
    }
}

/// MkDocs: `docs_dir` (default `docs`) is the site root, its pages and its other files alike.
fn mkdocs(dir: &str, text: &str) -> Site {
    static DOCS_DIR: Pattern =
        Pattern::new(r##"(?m)^docs_dir\s*:\s*['"]?([^'"#\r\n]+?)['"]?\s*(?:#.*)?$"##);
    let docs_dir = DOCS_DIR
        .captures(text)
        .map_or_else(|| "docs".into(), |c| c[1].trim().to_string());
    Site {
        generator: Generator::MkDocs,
        dir: dir.to_string(),
        config: String::new(),
        routes: [false, true]
            .into_iter()
            .filter_map(|pages| route("", dir, &docs_dir, pages))
            .collect(),
    }
}

/// Jekyll (GitHub Pages): the site folder is served at `/` as it is (but `_`-folders), its
/// Markdown pages at their path or front-matter `permalink`.
fn jekyll(dir: &str) -> Site {
    Site {
        generator: Generator::Jekyll,
        dir: dir.to_string(),
        config: String::new(),
        routes: [false, true]
            .into_iter()
            .filter_map(|pages| route("", dir, "", pages))
            .collect(),
    }
}

/// Keys only a Hugo config has at its top level (a `config.toml` is not always Hugo's).
fn is_hugo_config(text: &str) -> bool {
    static MARKERS: Pattern = Pattern::new(
        r#"(?mi)^\s*(baseurl|languagecode|defaultcontentlanguage|contentdir|publishdir|theme)\s*[=:]"#,
    );
    MARKERS.is_match(text)
}

/// Hugo: `static/` (or `staticDir`) served as is, `content/` (or `contentDir`) as pages.
fn hugo(dir: &str, text: &str) -> Site {
    let key = |name: &str| -> Option<Vec<String>> {
        let re = Pattern::owned(format!(
            r#"(?mi)^\s*{name}\s*[=:]\s*(\[[^\]]*\]|['"][^'"]*['"]|[^\s#]+)"#
        ));
        let v = re.captures(text)?[1].to_string();
        let list = strings_in(&v);
        Some(if list.is_empty() {
            vec![v.trim().to_string()]
        } else {
            list
        })
    };
    let mut routes = Vec::new();
    for s in key("staticDir").unwrap_or_else(|| vec!["static".into()]) {
        routes.extend(route("", dir, &s, false));
    }
    for c in key("contentDir").unwrap_or_else(|| vec!["content".into()]) {
        routes.extend(route("", dir, &c, true));
    }
    Site {
        generator: Generator::Hugo,
        dir: dir.to_string(),
        config: String::new(),
        routes,
    }
}

/// A heading's anchor as `generator` writes it (`None`: as GitHub renders Markdown).
///
/// GitHub, Docusaurus (github-slugger), Hugo (goldmark's `github` IDs) and Jekyll (kramdown
/// with GitHub-flavoured input, as GitHub Pages runs it): lower case,
/// punctuation dropped except `-` and `_`, each space a `-` (`Roles & Duties` →
/// `roles--duties`), letters of any script kept. MkDocs (Python-Markdown's `toc`): accents
/// folded to ASCII and any other non-ASCII letter dropped, punctuation dropped, runs of spaces
/// and hyphens one `-` (`Roles & Duties` → `roles-duties`).
pub fn slug(generator: Option<Generator>, heading: &str) -> String {
    match generator {
        Some(Generator::MkDocs) => mkdocs_slug(heading),
        _ => crate::source::heading::slug(heading),
    }
}

fn mkdocs_slug(heading: &str) -> String {
    let ascii: String = heading.chars().filter_map(fold_ascii).collect();
    let kept: String = ascii
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-' || c.is_whitespace())
        .collect();
    let mut out = String::new();
    let mut gap = false;
    for c in kept.trim().to_lowercase().chars() {
        if c == '-' || c.is_whitespace() {
            gap = true;
            continue;
        }
        if gap {
            out.push('-');
            gap = false;
        }
        out.push(c);
    }
    if gap {
        out.push('-');
    }
    out
}

/// A char as NFKD-then-ASCII leaves it: itself if ASCII, its base letter if it is a Latin
/// letter with a diacritic, nothing otherwise.
fn fold_ascii(c: char) -> Option<char> {
    if c.is_ascii() {
        return Some(c);
    }
    const FOLDS: &[(&str, char)] = &[
        ("àáâãäåāăą", 'a'),
        ("ÀÁÂÃÄÅĀĂĄ", 'A'),
        ("çćĉċč", 'c'),
        ("ÇĆĈĊČ", 'C'),
        ("ďđ", 'd'),
        ("ĎĐ", 'D'),
        ("èéêëēĕėęě", 'e'),
        ("ÈÉÊËĒĔĖĘĚ", 'E'),
        ("ĝğġģ", 'g'),
        ("ĜĞĠĢ", 'G'),
        ("ĥ", 'h'),
        ("Ĥ", 'H'),
        ("ìíîïĩīĭį", 'i'),
        ("ÌÍÎÏĨĪĬĮİ", 'I'),
        ("ĵ", 'j'),
        ("Ĵ", 'J'),
        ("ķ", 'k'),
        ("Ķ", 'K'),
        ("ĺļľ", 'l'),
        ("ĹĻĽ", 'L'),
        ("ñńņň", 'n'),
        ("ÑŃŅŇ", 'N'),
        ("òóôõöōŏő", 'o'),
        ("ÒÓÔÕÖŌŎŐ", 'O'),
        ("ŕŗř", 'r'),
        ("ŔŖŘ", 'R'),
        ("śŝşš", 's'),
        ("ŚŜŞŠ", 'S'),
        ("ţť", 't'),
        ("ŢŤ", 'T'),
        ("ùúûüũūŭůűų", 'u'),
        ("ÙÚÛÜŨŪŬŮŰŲ", 'U'),
        ("ŵ", 'w'),
        ("Ŵ", 'W'),
        ("ýÿŷ", 'y'),
        ("ÝŸŶ", 'Y'),
        ("źżž", 'z'),
        ("ŹŻŽ", 'Z'),
    ];
    FOLDS
        .iter()
        .find(|(from, _)| from.contains(c))
        .map(|(_, to)| *to)
}

/// The anchors of a file's headings under `generator`'s rules: each heading's explicit ID or
/// slug, and a repeated slug with the suffix the generator adds (`-1`; MkDocs `_1`).
pub fn anchors(
    generator: Option<Generator>,
    headings: &[crate::source::heading::Heading],
) -> Vec<String> {
    let mut seen: std::collections::HashMap<String, usize> = Default::default();
    let mut out = Vec::new();
    for h in headings {
        if let Some(id) = &h.id {
            out.push(id.clone());
            continue;
        }
        let s = slug(generator, &h.text);
        let n = seen.entry(s.clone()).or_insert(0);
        if *n == 0 {
            out.push(s);
        } else {
            let sep = if generator == Some(Generator::MkDocs) {
                '_'
            } else {
                '-'
            };
            out.push(format!("{s}{sep}{n}"));
        }
        *n += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_per_generator() {
        let h = "3. Roles & Responsibilities";
        assert_eq!(slug(None, h), "3-roles--responsibilities");
        assert_eq!(
            slug(Some(Generator::Docusaurus), h),
            "3-roles--responsibilities"
        );
        assert_eq!(slug(Some(Generator::MkDocs), h), "3-roles-responsibilities");
        assert_eq!(
            slug(Some(Generator::MkDocs), "Sécurité de l’information"),
            "securite-de-linformation"
        );
        assert_eq!(
            slug(None, "Sécurité de l’information"),
            "sécurité-de-linformation"
        );
        let hs: Vec<_> = ["Scope", "Scope", "Roles"]
            .map(|t| crate::source::heading::Heading {
                text: t.into(),
                id: None,
            })
            .to_vec();
        assert_eq!(anchors(None, &hs), ["scope", "scope-1", "roles"]);
        assert_eq!(
            anchors(Some(Generator::MkDocs), &hs),
            ["scope", "scope_1", "roles"]
        );
    }

    #[test]
    fn docusaurus_config_is_read_without_running_it() {
        let s = docusaurus(
            "portal",
            "module.exports = { presets: [['classic', { docs: { path: 'handbook', routeBasePath: '/', sidebarPath: require.resolve('./sidebars.js') }, blog: { routeBasePath: 'news' } }]], staticDirectories: ['static', 'public'] };",
        );
        let r: Vec<_> = s
            .routes
            .iter()
            .map(|r| (r.base.as_str(), r.folder.as_str(), r.pages))
            .collect();
        assert_eq!(
            r,
            [
                ("", "portal/static", false),
                ("", "portal/public", false),
                ("", "portal/handbook", true),
                ("", "portal/src/pages", true)
            ]
        );
        let d = docusaurus("", "garbage {{{ not js");
        assert_eq!(d.routes[0].folder, "static");
        assert_eq!(
            (d.routes[1].base.as_str(), d.routes[1].folder.as_str()),
            ("docs", "docs")
        );
        assert!(d.is_generated("/docs/category/policies"));
        assert!(d.is_generated("/tags/security"));
        assert!(d.is_generated("/blog/tags/x"));
        assert!(!d.is_generated("/docs/policies/x"));
    }

    #[test]
    fn mkdocs_and_hugo_configs() {
        let m = mkdocs("", "site_name: ISMS\ndocs_dir: 'handbook'  # moved\n");
        assert_eq!(m.routes[0].folder, "handbook");
        assert_eq!(
            mkdocs("site", "site_name: x\n").routes[0].folder,
            "site/docs"
        );
        assert!(is_hugo_config("baseURL = 'https://x'\ntitle = 'ISMS'\n"));
        assert!(!is_hugo_config("[tool.black]\nline-length = 100\n"));
        let h = hugo(
            "",
            "baseURL = 'https://x'\nstaticDir = ['static', 'assets']\n",
        );
        let folders: Vec<_> = h.routes.iter().map(|r| r.folder.as_str()).collect();
        assert_eq!(folders, ["static", "assets", "content"]);
        assert_eq!(join("portal", "../outside"), None);
    }
}
