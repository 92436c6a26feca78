//! Checks on a zip workbook (XLSX, XLSM, ODS) before calamine reads it: entry count, declared
//! inflated sizes, and the XLSX parts calamine expands when it opens a workbook (the
//! shared-string table it reserves room for, the styles it copies per cell format).
//!
//! Declared sizes can lie, but the zip reader (zip ≥ 9.8.2, which calamine also uses) fails an
//! entry as soon as it inflates past its declared size, so the declared sizes bound what calamine
//! can get out of each entry. [`Tracked`] counts the entries calamine actually opens, so an
//! entry read many times (one worksheet part behind a thousand sheets) is counted each time.

use super::budget::{
    MAX_ENTRY_BYTES, MAX_INFLATED_BYTES, MAX_SHARED_STRINGS, MAX_STYLE_BYTES, MAX_ZIP_ENTRIES,
    Refusal,
};
use quick_xml::events::Event;
use std::cell::Cell;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Cursor, Read, Seek, SeekFrom};
use std::rc::Rc;

/// What kind of workbook a zip holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZipKind {
    Xlsx,
    Ods,
    Xlsb,
}

/// A zip that passed the checks.
#[derive(Debug)]
pub struct Checked {
    pub kind: ZipKind,
    /// Offset of each entry's data → its declared inflated size.
    sizes: HashMap<u64, u64>,
}

impl Checked {
    /// A reader over `bytes` for calamine that counts the declared size of each entry opened.
    pub fn tracked<'a>(&self, bytes: &'a [u8]) -> (Tracked<'a>, Rc<Cell<u64>>) {
        let opened = Rc::new(Cell::new(0));
        (
            Tracked {
                inner: Cursor::new(bytes),
                sizes: Rc::new(self.sizes.clone()),
                opened: Rc::clone(&opened),
            },
            opened,
        )
    }
}

/// Bytes calamine inflated so far (the declared sizes of the entries it opened) within budget?
pub fn check_inflated(opened: u64) -> Result<(), Refusal> {
    if opened > MAX_INFLATED_BYTES {
        return Err(Refusal(format!(
            "reading it inflates more than {} MiB of XML (parts read again and again?)",
            MAX_INFLATED_BYTES >> 20
        )));
    }
    Ok(())
}

/// A `Read + Seek` over the workbook bytes that adds an entry's declared size to `opened` each
/// time the zip reader seeks to the start of the entry's data, i.e. opens it.
pub struct Tracked<'a> {
    inner: Cursor<&'a [u8]>,
    sizes: Rc<HashMap<u64, u64>>,
    opened: Rc<Cell<u64>>,
}

impl Read for Tracked<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.inner.read(buf)
    }
}

impl Seek for Tracked<'_> {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        if let SeekFrom::Start(p) = pos
            && let Some(size) = self.sizes.get(&p)
        {
            self.opened.set(self.opened.get().saturating_add(*size));
        }
        self.inner.seek(pos)
    }
}

fn normalized(name: &str) -> String {
    // As calamine looks parts up: `\` as `/`, any case.
    name.replace('\\', "/").to_ascii_lowercase()
}

/// Check a zip workbook. `Err(Ok(refusal))` = over budget; `Err(Err(msg))` = not a zip calamine
/// could read anyway (reported as unreadable).
pub fn check(bytes: &[u8]) -> Result<Checked, Result<Refusal, String>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| Err(e.to_string()))?;
    if zip.len() > MAX_ZIP_ENTRIES {
        return Err(Ok(Refusal(format!(
            "its zip container has {} entries, more than {MAX_ZIP_ENTRIES}",
            zip.len()
        ))));
    }
    let mut total: u64 = 0;
    let mut sizes = HashMap::new();
    let (mut content, mut mimetype, mut rels) = (false, false, false);
    let (mut workbook_bin, mut workbook_xml) = (false, false);
    let mut scans = Vec::new();
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(|e| Err(e.to_string()))?;
        let raw_name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        let name = normalized(&raw_name);
        let size = entry.size();
        if size > MAX_ENTRY_BYTES {
            return Err(Ok(Refusal(format!(
                "zip entry `{raw_name}` inflates to {} MiB, more than {} MiB (a zip bomb?)",
                size >> 20,
                MAX_ENTRY_BYTES >> 20
            ))));
        }
        total = total.saturating_add(size);
        if let Some(start) = entry.data_start() {
            let s = sizes.entry(start).or_insert(0);
            *s = size.max(*s);
        }
        content |= name == "content.xml";
        mimetype |= name == "mimetype";
        rels |= name == "_rels/.rels";
        workbook_bin |= name.ends_with("workbook.bin");
        workbook_xml |= name.ends_with("workbook.xml");
        if name.ends_with("sharedstrings.xml") {
            scans.push((i, Part::SharedStrings));
        } else if name.ends_with("styles.xml") {
            scans.push((i, Part::Styles));
        }
    }
    if total > MAX_INFLATED_BYTES {
        return Err(Ok(Refusal(format!(
            "its zip entries inflate to {} MiB together, more than {} MiB (a zip bomb?)",
            total >> 20,
            MAX_INFLATED_BYTES >> 20
        ))));
    }
    // As calamine's format detection tried them: XLSX first (it needs `_rels/.rels`), then ODS.
    let kind = if workbook_bin && !workbook_xml {
        ZipKind::Xlsb
    } else if content && mimetype && !rels {
        ZipKind::Ods
    } else {
        ZipKind::Xlsx
    };
    if kind == ZipKind::Xlsx {
        for (i, part) in scans {
            // A part that cannot be inflated is calamine's error to report, not a refusal.
            let Ok(entry) = zip.by_index(i) else { continue };
            let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
            let reader = BufReader::new(entry);
            match part {
                Part::SharedStrings => scan_shared_strings(reader),
                Part::Styles => scan_styles(reader),
            }
            .map_err(|why| Ok(Refusal(format!("`{name}` {why}"))))?;
        }
    }
    Ok(Checked { kind, sizes })
}

enum Part {
    SharedStrings,
    Styles,
}

fn xml<R: BufRead>(r: R) -> quick_xml::Reader<R> {
    // As calamine configures its readers.
    let mut x = quick_xml::Reader::from_reader(r);
    let config = x.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = false;
    config.expand_empty_elements = true;
    x
}

fn attr(e: &quick_xml::events::BytesStart, key: &str) -> Option<String> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.as_ref() == key)
        .map(|a| a.value.into_owned())
}

/// The shared-string table: calamine reserves `uniqueCount` strings up front and keeps one
/// `String` per `<si>`.
fn scan_shared_strings<R: BufRead>(r: R) -> Result<(), String> {
    let mut x = xml(r);
    let mut buf = Vec::new();
    let mut count: u64 = 0;
    loop {
        buf.clear();
        match x.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => match e.local_name().as_ref() {
                "sst" => {
                    if let Some(v) = attr(&e, "uniqueCount")
                        && !v.is_empty()
                        && v.bytes().all(|b| b.is_ascii_digit())
                    {
                        // calamine reserves what it can parse; a number too long to parse
                        // is refused too.
                        let n = v.parse::<u64>().unwrap_or(u64::MAX);
                        if n > MAX_SHARED_STRINGS {
                            return Err(format!(
                                "declares {n} shared strings, more than {MAX_SHARED_STRINGS}"
                            ));
                        }
                    }
                }
                "si" => {
                    count += 1;
                    if count > MAX_SHARED_STRINGS {
                        return Err(format!(
                            "holds more than {MAX_SHARED_STRINGS} shared strings"
                        ));
                    }
                }
                _ => {}
            },
            Ok(Event::Eof) | Err(_) => return Ok(()),
            Ok(_) => {}
        }
    }
}

/// The styles: for each cell format (`<xf>`) calamine builds a `Style` holding copies of the
/// font, fill and border it names and of its number format code. Bound that by the number of
/// `<xf>` times the largest font, fill and border (their size in the XML, ×4 for what parsing
/// makes of it) and the longest format code.
fn scan_styles<R: BufRead>(r: R) -> Result<(), String> {
    let mut x = xml(r);
    let mut buf = Vec::new();
    let mut xfs: u64 = 0;
    let mut largest = [0u64; 3];
    let mut format_code: u64 = 0;
    let mut open: Option<(usize, u64)> = None;
    let which = |name: &str| match name {
        "font" => Some(0),
        "fill" => Some(1),
        "border" => Some(2),
        _ => None,
    };
    loop {
        buf.clear();
        let before = x.buffer_position();
        match x.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => {
                let name = e.local_name();
                if name.as_ref() == "xf" {
                    xfs += 1;
                } else if name.as_ref() == "numFmt" {
                    let len = attr(&e, "formatCode").map_or(0, |v| v.len() as u64);
                    format_code = format_code.max(len);
                } else if let Some(k) = which(name.as_ref())
                    && open.is_none()
                {
                    open = Some((k, before));
                }
            }
            Ok(Event::End(e)) => {
                if let Some((k, start)) = open
                    && which(e.local_name().as_ref()) == Some(k)
                {
                    largest[k] = largest[k].max(x.buffer_position() - start);
                    open = None;
                }
            }
            Ok(Event::Eof) | Err(_) => {
                if let Some((k, start)) = open {
                    largest[k] = largest[k].max(x.buffer_position() - start);
                }
                break;
            }
            Ok(_) => {}
        }
    }
    let per_xf = (std::mem::size_of::<calamine::Style>() as u64)
        .saturating_add(largest.iter().sum::<u64>().saturating_mul(4))
        .saturating_add(format_code)
        .saturating_add(256);
    let bound = xfs.saturating_mul(per_xf);
    if bound > MAX_STYLE_BYTES {
        return Err(format!(
            "has {xfs} cell formats of up to {per_xf} bytes each, more than the {} MiB of \
             styles ismslint lets a workbook build",
            MAX_STYLE_BYTES >> 20
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_string_count_is_bounded() {
        let ok = br#"<sst uniqueCount="2"><si><t>a</t></si><si/></sst>"#;
        assert!(scan_shared_strings(&ok[..]).is_ok());
        let huge = br#"<x:sst xmlns:x="s" uniqueCount="99999999999999999999999"></x:sst>"#;
        assert!(scan_shared_strings(&huge[..]).is_err());
    }

    #[test]
    fn style_copies_are_bounded() {
        let font = format!(r#"<font><name val="{}"/></font>"#, "A".repeat(1 << 20));
        let xfs = "<xf fontId=\"0\"/>".repeat(1000);
        let styles =
            format!("<styleSheet><fonts>{font}</fonts><cellXfs>{xfs}</cellXfs></styleSheet>");
        assert!(scan_styles(styles.as_bytes()).is_err());
        let normal = "<styleSheet><fonts><font><name val=\"Calibri\"/></font></fonts>\
                      <cellXfs><xf fontId=\"0\"/><xf/></cellXfs></styleSheet>";
        assert!(scan_styles(normal.as_bytes()).is_ok());
    }
}
