//! Tables built ahead of need on an idle core (issue 16: a small repository's run used 0.9
//! of 2 cores, building them one after another on the thread that first asked).

/// The word tables every register reading needs, built on an idle core while this thread
/// reads the config and walks the tree. Each table is built once, by whichever thread asks
/// first; a thread that needs one still being built waits for it.
pub(super) fn tables() {
    rayon::spawn(|| {
        crate::model::words::Words::get();
    });
}

/// The document label table, built on an idle core when the tree has Markdown documents.
pub(super) fn documents(walked: &crate::source::walk::Walked) {
    let markdown = |p: &str| {
        let ext = p.rsplit_once('.').map_or("", |(_, e)| e);
        ext.eq_ignore_ascii_case("md") || ext.eq_ignore_ascii_case("markdown")
    };
    if walked.files.iter().any(|(rel, _)| markdown(rel)) {
        rayon::spawn(crate::model::doc_labels::warm);
    }
}
