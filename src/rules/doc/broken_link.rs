//! DOC010: a relative link or path reference points at a file (or heading) that does not exist.
//! Checked: Markdown links and images, documents' `related` paths, SoA `documents` paths.
//! URLs are not fetched; paths that leave the repository are not looked at. Site-absolute links
//! (`/img/a.png`) resolve against the roots of the documentation site the file is in
//! (`source::site`) or of `documents.site_roots`; anchors follow that site's slug rules.

use super::{is_external, is_path, percent_decode, resolve};
use crate::diagnostic::{Diagnostic, RuleMeta, Severity};
use crate::model::text::slug;
use crate::pattern::Pattern;
use crate::rules::Context;
use crate::source::site::{self, Generator, Route, Site};
use crate::source::{FileId, Loc};
use std::collections::{HashMap, HashSet};

pub static META: RuleMeta = RuleMeta {
    code: "DOC010",
    name: "broken-link",
    default: Some(Severity::Error),
    summary: "a relative link or path points at a file that does not exist",
    options: &[],
};

/// Files by path, their heading anchors and the routes of documentation sites, built once per
/// run (anchors per target file, routes per site folder), so that a link is checked in constant
/// time however many files and headings there are.
struct Targets<'a> {
    by_path: HashMap<&'a str, FileId>,
    /// A file's anchors, lower case, under the slug rules of the site it is in.
    anchors: HashMap<FileId, HashSet<String>>,
    /// Per content folder of a site: page route (`policies/access-control`) → file.
    routes: HashMap<String, HashMap<String, String>>,
}

/// Where a site-absolute link (`/img/a.png`) leads.
enum Absolute {
    Found(String),
    /// A page the generator makes up (`/tags/…`): not checked.
    Generated,
    /// Nowhere: the first place looked, and the bases looked in.
    Missing(String, String),
    /// No site is detected or configured for this file: as GitHub reads it, from the root.
    NoSite,
}

impl<'a> Targets<'a> {
    fn new(cx: &'a Context) -> Self {
        let mut by_path = HashMap::new();
        for (id, f) in cx.files.iter() {
            // The first file of a path, as a search from the start would find.
            by_path.entry(f.path.as_str()).or_insert(id);
        }
        Targets {
            by_path,
            anchors: HashMap::new(),
            routes: HashMap::new(),
        }
    }

    fn anchors(&mut self, cx: &Context, file: FileId, path: &str) -> &HashSet<String> {
        self.anchors.entry(file).or_insert_with(|| {
            let mut set: HashSet<String> =
                match (site_of(cx, path), cx.model.text.headings.get(&file)) {
                    (Some(site), Some(headings)) => site::anchors(Some(site.generator), headings)
                        .into_iter()
                        .map(|a| a.to_lowercase())
                        .collect(),
                    _ => cx
                        .model
                        .text
                        .anchors
                        .get(&file)
                        .into_iter()
                        .flatten()
                        .flat_map(|a| [a.to_lowercase(), slug(a)])
                        .collect(),
                };
            // Targets written in the page itself (issue 17): `<a name="x">`, an element's
            // `id="x"`, a heading's `{#x}`.
            set.extend(
                html_anchors(cx.files.get(file).text())
                    .into_iter()
                    .map(|a| a.to_lowercase()),
            );
            set
        })
    }

    /// The page a route inside `route`'s folder names, through the routes the generator gives
    /// pages: extension and `index`/`README` dropped, Docusaurus number prefixes dropped
    /// (`01-intro.md` is `/docs/intro`), front-matter `slug`, `id` and `url`.
    fn page(&mut self, cx: &Context, site: &Site, route: &Route, sub: &str) -> Option<String> {
        let numbered = site.generator == Generator::Docusaurus;
        let routes = self.routes.entry(route.folder.clone()).or_insert_with(|| {
            let prefix = if route.folder.is_empty() {
                String::new()
            } else {
                format!("{}/", route.folder)
            };
            let mut map = HashMap::new();
            for rel in cx.repo.files.range(prefix.clone()..) {
                let Some(inner) = rel.strip_prefix(&prefix) else {
                    break;
                };
                let Some(stem) = [".md", ".mdx", ".markdown"]
                    .iter()
                    .find_map(|e| inner.strip_suffix(e))
                else {
                    continue;
                };
                let key = route_key(stem, numbered);
                let text = self
                    .by_path
                    .get(rel.as_str())
                    .map_or("", |&id| cx.files.get(id).text());
                for k in front_matter_routes(text, &key) {
                    map.entry(k).or_insert_with(|| rel.clone());
                }
                map.entry(key).or_insert_with(|| rel.clone());
            }
            map
        });
        routes.get(&route_key(sub, false)).cloned()
    }

    fn site_absolute(&mut self, cx: &Context, file: &str, url: &str) -> Absolute {
        let rest = url_path(url);
        let rest = rest.as_str();
        let site = site_of(cx, file);
        let configured = &cx.repo.site_roots;
        if site.is_none() && configured.is_empty() {
            return Absolute::NoSite;
        }
        if site.is_some_and(|s| s.is_generated(rest)) {
            return Absolute::Generated;
        }
        let mut first: Option<String> = None;
        let mut page: Option<String> = None;
        let mut bases: Vec<String> = Vec::new();
        for root in configured {
            let candidate = join(root, rest);
            if cx.repo.exists(&candidate) {
                return Absolute::Found(candidate);
            }
            first.get_or_insert(candidate);
            bases.push(format!(
                "the configured site root `{}` (`documents.site_roots`)",
                site::shown_folder(root)
            ));
        }
        if let Some(site) = site {
            for route in &site.routes {
                if !route.pages {
                    let candidate = join(&route.folder, rest);
                    if cx.repo.exists(&candidate) {
                        return Absolute::Found(candidate);
                    }
                    first.get_or_insert(candidate);
                    continue;
                }
                let sub = if route.base.is_empty() {
                    Some(rest)
                } else {
                    rest.strip_prefix(route.base.as_str())
                        .filter(|s| s.is_empty() || s.starts_with('/'))
                };
                let Some(sub) = sub else { continue };
                let sub = sub.trim_matches('/');
                let plain = join(&route.folder, sub);
                if !sub.is_empty() && cx.repo.files.contains(&plain) {
                    return Absolute::Found(plain);
                }
                if let Some(found) = self.page(cx, site, route, sub) {
                    return Absolute::Found(found);
                }
                // A link under a docs route names a page: show the page it would be.
                if route.base.is_empty() {
                    first.get_or_insert(plain);
                } else {
                    page.get_or_insert(format!("{plain}.md"));
                }
            }
            bases.push(site.describe());
        }
        // A path from the repository root (as GitHub shows the file) is not broken either.
        if cx.repo.exists(rest) {
            return Absolute::Found(rest.to_string());
        }
        Absolute::Missing(
            page.or(first).unwrap_or_else(|| rest.to_string()),
            bases.join("; "),
        )
    }
}

/// A site-absolute URL path without its leading `/`, `.` and `..` applied as a browser does
/// (`..` at the site root stays there): every candidate joined to a root stays inside it.
fn url_path(url: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in url.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// The innermost documentation site holding `path`.
fn site_of<'c>(cx: &'c Context, path: &str) -> Option<&'c Site> {
    cx.repo.sites.iter().find(|s| s.contains(path))
}

fn join(folder: &str, rest: &str) -> String {
    let rest = rest.trim_matches('/');
    match (folder.is_empty(), rest.is_empty()) {
        (true, _) => rest.to_string(),
        (false, true) => folder.to_string(),
        (false, false) => format!("{folder}/{rest}"),
    }
}

/// A page's route within its folder, compared in lower case: `Policies/01-Access.md` →
/// `policies/access` (with `numbered`), `policies/index` → `policies`, `x.html` → `x`.
fn route_key(path: &str, numbered: bool) -> String {
    static NUMBER: Pattern = Pattern::new(r"^\d+[-_. ]+");
    let path = path.trim_matches('/');
    let path = [".html", ".md", ".mdx"]
        .iter()
        .find_map(|e| path.strip_suffix(e))
        .unwrap_or(path);
    let mut parts: Vec<String> = path
        .split('/')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let p = if numbered {
                NUMBER.replace(p, "").into_owned()
            } else {
                p.to_string()
            };
            p.to_lowercase()
        })
        .collect();
    if parts
        .last()
        .is_some_and(|l| matches!(l.as_str(), "index" | "readme" | "_index"))
    {
        parts.pop();
    }
    parts.join("/")
}

/// Routes a page's front matter gives it: `slug: /a/b` (from the route base), `slug: b` or
/// `id: b` (the last part of its route), Hugo's `url: /a/b/`, Jekyll's `permalink: /a/b/`.
fn front_matter_routes(text: &str, key: &str) -> Vec<String> {
    static FIELD: Pattern =
        Pattern::new(r#"(?m)^(slug|id|url|permalink)\s*:\s*['"]?([^'"\r\n#]+?)['"]?\s*$"#);
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Some(rest) = text.strip_prefix("---") else {
        return Vec::new();
    };
    let Some(end) = rest.find("\n---") else {
        return Vec::new();
    };
    let parent = key.rsplit_once('/').map_or("", |(p, _)| p);
    FIELD
        .captures_iter(&rest[..end])
        .map(|c| {
            let v = c[2].trim();
            if v.starts_with('/') || matches!(&c[1], "url" | "permalink") {
                route_key(v, false)
            } else {
                route_key(&join(parent, v), false)
            }
        })
        .collect()
}

/// A link without an extension in a site's page (`../procedures/incident-response`) is a
/// route: the page is the Markdown file of that name, or the folder's index.
fn page_file(cx: &Context, resolved: &str) -> Option<String> {
    let last = resolved.rsplit('/').next().unwrap_or(resolved);
    if last.contains('.') && !last.ends_with(".html") {
        return None;
    }
    let stem = resolved.strip_suffix(".html").unwrap_or(resolved);
    [
        ".md",
        ".mdx",
        "/index.md",
        "/index.mdx",
        "/README.md",
        "/_index.md",
    ]
    .iter()
    .map(|e| format!("{stem}{e}"))
    .find(|c| cx.repo.files.contains(c))
}

fn check_target(
    cx: &Context,
    targets: &mut Targets,
    file: FileId,
    loc: &Loc,
    target: &str,
    out: &mut Vec<Diagnostic>,
) {
    let target = target.trim();
    if target.is_empty() || is_external(target) {
        return;
    }
    // A template's links are checked like any file's (whoever opens the template follows
    // them), except a target that is itself a blank to fill in (`[policy-name].md`).
    if super::is_template(cx, file) && is_blank(&percent_decode(target)) {
        return;
    }
    let (path, fragment) = match target.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (target, None),
    };
    let path = path.split('?').next().unwrap_or("");
    let decoded = percent_decode(path);
    let from = &cx.files.get(file).path;
    let resolved = if decoded.is_empty() {
        from.clone()
    } else if decoded.starts_with('/') {
        match targets.site_absolute(cx, from, &decoded) {
            Absolute::Found(r) => r,
            Absolute::Generated => return,
            Absolute::Missing(first, bases) => {
                out.push(
                    Diagnostic::at(&META, loc, format!("`{target}` in `{from}` points at nothing: a site-absolute link, looked for as `{first}`, resolved against {bases} (ISO 27001 7.5.3: documented information is available where it is needed)"))
                        .label("no such file or page")
                        .entity(from.as_str())
                        .help(format!("correct the link, or add the file (the site serves `{first}` at `{}`); if another folder is served at `/`, name it in `documents.site_roots`", decoded)),
                );
                return;
            }
            Absolute::NoSite => match resolve(cx, file, &decoded) {
                Some(r) => r,
                None => return,
            },
        }
    } else {
        match resolve(cx, file, &decoded) {
            Some(r) => r,
            None => return,
        }
    };
    let resolved = if decoded.is_empty() || cx.repo.exists(&resolved) {
        resolved
    } else if let Some(page) = site_of(cx, from)
        .is_some()
        .then(|| page_file(cx, &resolved))
        .flatten()
    {
        page
    } else {
        let base = if decoded.starts_with('/') {
            "the repository root (no documentation site detected: name the folder a site serves at `/` in `documents.site_roots`)".to_string()
        } else {
            match from.rsplit_once('/') {
                Some((dir, _)) => format!("this file's folder `{dir}/`, then the repository root"),
                None => "the repository root".to_string(),
            }
        };
        out.push(
            Diagnostic::at(&META, loc, format!("`{target}` in `{from}` points at `{resolved}`, which does not exist (ISO 27001 7.5.3: documented information is available where it is needed)"))
                .label("no such file")
                .entity(from.as_str())
                .help(format!("resolved against {base}: correct the path, or restore the missing file")),
        );
        return;
    };
    let Some(fragment) = fragment.filter(|f| !f.is_empty()) else {
        return;
    };
    // Anchors are checked in Markdown files we read.
    let Some(&target_id) = targets.by_path.get(resolved.as_str()) else {
        return;
    };
    let Some(written) = cx.model.text.anchors.get(&target_id) else {
        return;
    };
    let wanted = percent_decode(fragment).to_lowercase();
    if targets.anchors(cx, target_id, &resolved).contains(&wanted) {
        return;
    }
    // Confluence exports link to macro IDs (`#id-Policy-Scope`), not to heading slugs.
    if wanted.starts_with("id-") {
        return;
    }
    let site = site_of(cx, &resolved);
    let rules = site.map_or("GitHub".to_string(), |s| {
        format!("{} (from `{}`)", s.generator.name(), s.config)
    });
    let shown: Vec<String> = match (site, cx.model.text.headings.get(&target_id)) {
        (Some(s), Some(h)) => site::anchors(Some(s.generator), h),
        _ => written.clone(),
    };
    out.push(
        Diagnostic::at(
            &META,
            loc,
            format!("`{target}` in `{from}`: `{resolved}` has no heading `#{fragment}` (anchors as {rules} writes them)"),
        )
        .label("no such heading")
        .entity(from.as_str())
        .help(format!(
            "headings in `{resolved}`: {}",
            shown
                .iter()
                .take(8)
                .map(|a| format!("#{a}"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    );
}

/// A link target that is a placeholder, or holds one.
fn is_blank(target: &str) -> bool {
    ["[", "<", "{{", "XXX", "YYYY"]
        .iter()
        .any(|p| target.contains(p))
}

rule_impl!();

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let mut targets = Targets::new(cx);
    for link in &cx.model.text.links {
        check_target(
            cx,
            &mut targets,
            link.file,
            &Loc::new(link.file, link.start, link.end),
            &link.target,
            out,
        );
    }
    for d in &cx.model.documents {
        for r in d.related.iter().filter(|r| is_path(&r.value)) {
            check_target(cx, &mut targets, r.loc.file(), &r.loc, &r.value, out);
        }
    }
    for c in &cx.model.controls {
        for r in c.documents.iter().filter(|r| is_path(&r.value)) {
            check_target(cx, &mut targets, r.loc.file(), &r.loc, &r.value, out);
        }
    }
}

/// Link targets a page defines by hand: `<a name="x">`, `<a id="x">` (or any element's `id`),
/// and the `{#x}` of a heading (kramdown, Pandoc, MkDocs attr_list).
fn html_anchors(text: &str) -> Vec<String> {
    static HTML: Pattern =
        Pattern::new(r#"(?i)<[a-z][a-z0-9]*\s[^>]*?\b(?:name|id)\s*=\s*["']([^"'<>]+)["']"#);
    static ATTR: Pattern = Pattern::new(r"\{\s*#([A-Za-z0-9_:.\-]+)[^}]*\}");
    HTML.captures_iter(text)
        .chain(ATTR.captures_iter(text))
        .map(|c| c[1].trim().to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_urls_stay_inside_the_site() {
        assert_eq!(url_path("/img/a.png"), "img/a.png");
        assert_eq!(url_path("/../../etc/passwd"), "etc/passwd");
        assert_eq!(url_path("/docs/./a/../b/"), "docs/b");
    }

    #[test]
    fn page_routes() {
        assert_eq!(
            route_key("01-governance/02_Roles.md", true),
            "governance/roles"
        );
        assert_eq!(route_key("policies/index", false), "policies");
        assert_eq!(route_key("/policies/backup/", false), "policies/backup");
        assert_eq!(
            front_matter_routes(
                "---\nslug: /incident-response\nid: ir\n---\n# x",
                "procedures/ir-proc"
            ),
            ["incident-response", "procedures/ir"]
        );
        assert!(front_matter_routes("# no front matter\nslug: x", "a").is_empty());
    }
}
