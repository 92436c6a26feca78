//! A syntax tree (`Hir`) written as a short text and read back, so that the filter's ASCII
//! form of a built-in pattern is generated once (`ascii_forms.rs`) instead of parsed and
//! translated by every run: ~21M instructions for the built-in placeholders, most of what a
//! repository's first business unit costs beyond the next (issue 16's scaling check).
//!
//! Prefix form, one node after another: `E` empty; `L` literal, `B` byte class and `U`
//! Unicode class, each as hexadecimal up to `;` (a class as start–end pairs, a Unicode one as
//! `start-end,` code points); `K<look>;` (`Look::as_repr`); `R<min>,<max or _>,<greedy 0/1>`
//! then its node; `C<index>,<name>;` then its node; `T<n>;` and `A<n>;` then `n` nodes (concat,
//! alternation). Read back through `Hir`'s own constructors: `decode(encode(h)) == h` is what
//! the generator checks before it writes a form (and the staleness test checks again).

use regex_syntax::hir::{
    Capture, Class, ClassBytes, ClassBytesRange, ClassUnicode, ClassUnicodeRange, Hir, Look,
    Repetition,
};
#[cfg(test)]
use {regex_syntax::hir::HirKind, std::fmt::Write};

#[cfg(test)]
pub fn encode(hir: &Hir) -> String {
    let mut out = String::new();
    write(hir, &mut out);
    out
}

#[cfg(test)]
fn write(hir: &Hir, out: &mut String) {
    match hir.kind() {
        HirKind::Empty => out.push('E'),
        HirKind::Literal(lit) => {
            out.push('L');
            hex(&lit.0, out);
            out.push(';');
        }
        HirKind::Class(Class::Bytes(class)) => {
            out.push('B');
            for r in class.ranges() {
                hex(&[r.start(), r.end()], out);
            }
            out.push(';');
        }
        HirKind::Class(Class::Unicode(class)) => {
            out.push('U');
            for r in class.ranges() {
                let _ = write!(out, "{:x}-{:x},", u32::from(r.start()), u32::from(r.end()));
            }
            out.push(';');
        }
        HirKind::Look(look) => {
            let _ = write!(out, "K{};", look.as_repr());
        }
        HirKind::Repetition(rep) => {
            let max = rep.max.map_or("_".to_string(), |m| m.to_string());
            let _ = write!(out, "R{},{max},{}", rep.min, u8::from(rep.greedy));
            write(&rep.sub, out);
        }
        HirKind::Capture(cap) => {
            let _ = write!(
                out,
                "C{},{};",
                cap.index,
                cap.name.as_deref().unwrap_or_default()
            );
            write(&cap.sub, out);
        }
        HirKind::Concat(subs) | HirKind::Alternation(subs) => {
            let tag = if matches!(hir.kind(), HirKind::Concat(_)) {
                'T'
            } else {
                'A'
            };
            let _ = write!(out, "{tag}{};", subs.len());
            for sub in subs {
                write(sub, out);
            }
        }
    }
}

#[cfg(test)]
fn hex(bytes: &[u8], out: &mut String) {
    for b in bytes {
        let _ = write!(out, "{b:02x}");
    }
}

/// `None` when `code` is not what `encode` writes.
pub fn decode(code: &str) -> Option<Hir> {
    let mut rest = code.as_bytes();
    let hir = read(&mut rest)?;
    rest.is_empty().then_some(hir)
}

/// The bytes up to `end` (consumed with it).
fn field<'a>(rest: &mut &'a [u8], end: u8) -> Option<&'a [u8]> {
    let at = rest.iter().position(|&b| b == end)?;
    let field = &rest[..at];
    *rest = &rest[at + 1..];
    Some(field)
}

/// The text up to `end` (consumed with it).
fn until<'a>(rest: &mut &'a [u8], end: u8) -> Option<&'a str> {
    std::str::from_utf8(field(rest, end)?).ok()
}

fn digit(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        _ => None,
    }
}

/// Bytes written as pairs of lowercase hexadecimal digits (by hand, not `from_str_radix`: the
/// built-in forms hold ~9,000 class bounds, and this is what a run pays for them).
fn unhex(text: &[u8]) -> Option<impl Iterator<Item = Option<u8>> + '_> {
    text.len().is_multiple_of(2).then(|| {
        text.chunks_exact(2)
            .map(|p| Some(digit(p[0])? << 4 | digit(p[1])?))
    })
}

fn read(rest: &mut &[u8]) -> Option<Hir> {
    let (&tag, tail) = rest.split_first()?;
    *rest = tail;
    Some(match tag {
        b'E' => Hir::empty(),
        b'L' => Hir::literal(unhex(field(rest, b';')?)?.collect::<Option<Vec<u8>>>()?),
        b'B' => {
            let hex = field(rest, b';')?;
            if !hex.len().is_multiple_of(4) {
                return None;
            }
            let mut bytes = unhex(hex)?;
            let mut ranges = Vec::with_capacity(hex.len() / 4);
            while let Some(start) = bytes.next() {
                ranges.push(ClassBytesRange::new(start?, bytes.next()??));
            }
            Hir::class(Class::Bytes(ClassBytes::new(ranges)))
        }
        b'U' => {
            let ranges = until(rest, b';')?
                .split_terminator(',')
                .map(|r| {
                    let (a, b) = r.split_once('-')?;
                    let c = |h: &str| char::from_u32(u32::from_str_radix(h, 16).ok()?);
                    Some(ClassUnicodeRange::new(c(a)?, c(b)?))
                })
                .collect::<Option<Vec<_>>>()?;
            Hir::class(Class::Unicode(ClassUnicode::new(ranges)))
        }
        b'K' => Hir::look(Look::from_repr(until(rest, b';')?.parse().ok()?)?),
        b'R' => {
            let min = until(rest, b',')?.parse().ok()?;
            let max = match until(rest, b',')? {
                "_" => None,
                m => Some(m.parse().ok()?),
            };
            let (&greedy, tail) = rest.split_first()?;
            *rest = tail;
            Hir::repetition(Repetition {
                min,
                max,
                greedy: greedy == b'1',
                sub: Box::new(read(rest)?),
            })
        }
        b'C' => {
            let index = until(rest, b',')?.parse().ok()?;
            let name = until(rest, b';')?;
            Hir::capture(Capture {
                index,
                name: (!name.is_empty()).then(|| name.into()),
                sub: Box::new(read(rest)?),
            })
        }
        b'T' | b'A' => {
            let n: usize = until(rest, b';')?.parse().ok()?;
            let subs = (0..n).map(|_| read(rest)).collect::<Option<Vec<_>>>()?;
            if tag == b'T' {
                Hir::concat(subs)
            } else {
                Hir::alternation(subs)
            }
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::{decode, encode};

    #[test]
    fn round_trips() {
        for source in [
            r"(?i)\[\s*(?:your\s+|the\s+)?(?:company|org)(?:['’]s)?\s*\]",
            r"(?m)^\s*TODO:\s*(?P<what>.+)$",
            r"\bX{3,}?\b|[^\x00-\x7f]|\p{Lu}{2}",
            r"",
        ] {
            let hir = regex_syntax::Parser::new().parse(source).unwrap();
            let code = encode(&hir);
            assert_eq!(decode(&code), Some(hir), "{source}: {code}");
        }
        assert_eq!(decode("T2;E"), None);
        assert_eq!(decode("Lzz;"), None);
        assert_eq!(decode("EE"), None);
        assert_eq!(decode("B616;"), None);
    }
}
