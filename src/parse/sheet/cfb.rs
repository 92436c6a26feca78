//! Checks the compound-file (CFB/OLE) structure of an `.xls` before calamine reads it, the way
//! calamine 0.38's `cfb.rs` will walk it: the DIFAT and FAT, the directory chain, the mini
//! stream and mini FAT, and the `Workbook` (or `Book`) stream. Refused are the structures on
//! which that walk panics (a FAT index past the FAT, a sector read past the end of the file, a
//! table that is not whole 32-bit words) or never ends or grows without bound (a chain that
//! loops, a FAT sector listed more often than the file has sectors). Anything calamine reports
//! as an error itself is left to calamine. The `.xls` is then read in a child process anyway
//! (see `sandbox.rs`): this check gives a precise message and spares a process for files that
//! are damaged or crafted at the container level.

const RESERVED: u32 = 0xFFFF_FFFA;
const DIFSECT: u32 = 0xFFFF_FFFC;
const ENDOFCHAIN: u32 = 0xFFFF_FFFE;

/// The walk stops here: calamine returns an error at this point, which is safe.
struct Stop;

enum Bad {
    Stop,
    Refuse(String),
}

impl From<Stop> for Bad {
    fn from(_: Stop) -> Self {
        Bad::Stop
    }
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    b.get(at..at + 4)
        .map_or(0, |s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

fn words(b: &[u8], what: &str) -> Result<Vec<u32>, Bad> {
    if !b.len().is_multiple_of(4) {
        return Err(Bad::Refuse(format!("its {what} ends in a partial sector")));
    }
    Ok(b.chunks_exact(4)
        .map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
        .collect())
}

/// calamine's `Sectors` over the file after its header: a buffer filled from the file on
/// demand and padded with zeros past its end.
struct Sectors<'a> {
    data: &'a [u8],
    size: usize,
    maxid: u64,
    loaded: usize,
}

impl Sectors<'_> {
    /// The bytes calamine's `Sectors::get(id)` returns.
    fn get(&mut self, id: u32) -> Result<Vec<u8>, Bad> {
        if u64::from(id) > self.maxid {
            return Err(Bad::Stop);
        }
        let start = id as usize * self.size;
        let end = start + self.size;
        let avail = self.data.len();
        let mut stop = end;
        if end > self.loaded {
            let before = self.loaded;
            self.loaded = end;
            // Reading more stops at the end of the file; once the end was reached the buffer
            // already reaches past it and nothing more is read.
            let reached = if before >= avail {
                before
            } else {
                end.min(avail)
            };
            if reached < end {
                if start > reached {
                    return Err(Bad::Refuse(format!(
                        "sector {id} lies past the end of the file"
                    )));
                }
                stop = reached;
            }
        }
        let mut out = vec![0u8; stop - start];
        if start < avail {
            let n = (stop.min(avail)) - start;
            out[..n].copy_from_slice(&self.data[start..start + n]);
        }
        Ok(out)
    }
}

/// calamine's `get_chain`: follow `table` from `first` until `ENDOFCHAIN` or `len` bytes.
/// Returns the bytes when `keep`, else only how many.
fn chain(
    sectors: &mut Sectors,
    table: &[u32],
    first: u32,
    len: usize,
    keep: bool,
    what: &str,
) -> Result<(Vec<u8>, usize), Bad> {
    let mut seen = vec![false; (sectors.maxid as usize).saturating_add(1)];
    let (mut out, mut total) = (Vec::new(), 0usize);
    let mut id = first;
    while id != ENDOFCHAIN {
        let sector = sectors.get(id)?;
        let take = sector.len().min(len - total);
        if keep {
            out.extend_from_slice(&sector[..take]);
        }
        total += take;
        if total >= len {
            break;
        }
        let seen_id = &mut seen[id as usize];
        if *seen_id {
            return Err(Bad::Refuse(format!(
                "its {what} chain loops back to sector {id}"
            )));
        }
        *seen_id = true;
        id = *table.get(id as usize).ok_or_else(|| {
            Bad::Refuse(format!(
                "its {what} chain leaves the allocation table at sector {id}"
            ))
        })?;
    }
    Ok((out, total))
}

/// The same for the mini stream (64-byte sectors inside the root entry's stream).
fn mini_chain(
    ministream: usize,
    minifat: &[u32],
    maxid: u64,
    first: u32,
    len: usize,
) -> Result<(), Bad> {
    let mut seen = std::collections::HashSet::new();
    let mut total = 0usize;
    let mut id = first;
    while id != ENDOFCHAIN {
        if u64::from(id) > maxid {
            return Err(Bad::Stop);
        }
        if (id as usize + 1) * 64 > ministream {
            // calamine would read on from wherever the file reader stands.
            return Err(Bad::Refuse(format!(
                "mini sector {id} lies outside the mini stream"
            )));
        }
        total += 64.min(len - total);
        if total >= len {
            break;
        }
        if !seen.insert(id) {
            return Err(Bad::Refuse(format!(
                "a mini-stream chain loops back to sector {id}"
            )));
        }
        id = *minifat.get(id as usize).ok_or_else(|| {
            Bad::Refuse(format!(
                "a mini-stream chain leaves the mini allocation table at sector {id}"
            ))
        })?;
    }
    Ok(())
}

struct Dir {
    name: String,
    start: u32,
    len: usize,
}

/// `Err(message)` when calamine's reader would panic, loop or grow without bound on `bytes`.
pub fn check(bytes: &[u8]) -> Result<(), String> {
    match walk(bytes) {
        Ok(()) | Err(Bad::Stop) => Ok(()),
        Err(Bad::Refuse(why)) => Err(why),
    }
}

fn walk(bytes: &[u8]) -> Result<(), Bad> {
    if bytes.len() < 512 || bytes[..8] != *b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" {
        return Err(Bad::Stop);
    }
    let version = u16::from_le_bytes([bytes[26], bytes[27]]);
    let size: usize = match u16::from_le_bytes([bytes[30], bytes[31]]) {
        9 => 512,
        12 if bytes.len() >= 4096 => 4096,
        _ => return Err(Bad::Stop),
    };
    if u16::from_le_bytes([bytes[32], bytes[33]]) != 6 {
        return Err(Bad::Stop);
    }
    let dir_start = u32_at(bytes, 48);
    let mini_fat_start = u32_at(bytes, 60);
    let mini_fat_len = u32_at(bytes, 64) as usize;
    let difat_start = u32_at(bytes, 68);
    let maxid = (bytes.len() / size) as u64;
    let mut sectors = Sectors {
        data: &bytes[size..],
        size,
        maxid,
        loaded: 0,
    };

    // DIFAT: 109 entries in the header, then a chain of sectors whose last word is the next.
    let mut difat = words(&bytes[76..512], "header")?;
    let mut id = difat_start;
    let mut hops = 0u64;
    while id < RESERVED {
        hops += 1;
        if hops > maxid + 1 {
            return Err(Bad::Stop);
        }
        let sector = sectors.get(id)?;
        difat.extend(words(&sector, "DIFAT")?);
        id = difat.pop().ok_or(Stop)?;
    }
    // FAT: the sectors the DIFAT lists, concatenated (a sector listed twice is read twice, so
    // a long DIFAT chain listing one sector over and over makes a FAT far larger than the file).
    // Allowed: one entry per sector of the file, plus the 109 of the header (some writers leave
    // zeros there).
    let listed = difat.iter().filter(|&&id| id < DIFSECT).count() as u64;
    if listed > maxid + 1 + 109 {
        return Err(Bad::Refuse(format!(
            "its allocation table lists {listed} sectors, more than the file has"
        )));
    }
    let mut fat = Vec::new();
    for &id in difat.iter().filter(|&&id| id < DIFSECT) {
        let sector = sectors.get(id)?;
        fat.extend(words(&sector, "allocation table")?);
    }

    let (dirs, _) = chain(&mut sectors, &fat, dir_start, usize::MAX, true, "directory")?;
    let dirs: Vec<Dir> = dirs
        .chunks(128)
        .filter(|c| c.len() == 128)
        .map(|c| {
            let units: Vec<u16> = c[..64]
                .chunks_exact(2)
                .map(|u| u16::from_le_bytes([u[0], u[1]]))
                .collect();
            let mut name = String::from_utf16_lossy(&units);
            if let Some(l) = name.as_bytes().iter().position(|b| *b == 0) {
                name.truncate(l);
            }
            let len = if size == 512 {
                u32_at(c, 120) as usize
            } else {
                usize::try_from(u64::from_le_bytes(c[120..128].try_into().unwrap_or([0; 8])))
                    .unwrap_or(usize::MAX)
            };
            Dir {
                name,
                start: u32_at(c, 116),
                len,
            }
        })
        .collect();
    if dirs.is_empty() || (version != 3 && dirs[0].start == ENDOFCHAIN) {
        return Err(Bad::Stop);
    }
    let (ministream, minifat) = if mini_fat_len > 0 {
        let (_, ministream) = chain(
            &mut sectors,
            &fat,
            dirs[0].start,
            dirs[0].len,
            false,
            "mini stream",
        )?;
        let (minifat, _) = chain(
            &mut sectors,
            &fat,
            mini_fat_start,
            mini_fat_len.saturating_mul(size),
            true,
            "mini allocation table",
        )?;
        (ministream, words(&minifat, "mini allocation table")?)
    } else {
        (0, Vec::new())
    };

    // The workbook stream, as `Xls::parse_workbook` asks for it: `Workbook`, else `Book`.
    for wanted in ["Workbook", "Book"] {
        let Some(d) = dirs
            .iter()
            .find(|d| d.name.as_bytes().eq_ignore_ascii_case(wanted.as_bytes()))
        else {
            continue;
        };
        let read = if d.len < 4096 {
            mini_chain(ministream, &minifat, maxid * 8, d.start, d.len)
        } else {
            chain(&mut sectors, &fat, d.start, d.len, false, "workbook stream").map(|_| ())
        };
        match read {
            Ok(()) => return Ok(()),
            // calamine then tries `Book`.
            Err(Bad::Stop) => continue,
            Err(refuse) => return Err(refuse),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header() -> Vec<u8> {
        let mut h = vec![0u8; 512];
        h[..8].copy_from_slice(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1");
        h[0x1E] = 9;
        h[0x20] = 6;
        h[0x44..0x48].copy_from_slice(&ENDOFCHAIN.to_le_bytes());
        h
    }

    #[test]
    fn empty_fat_and_self_loop_are_refused() {
        // F2a: every DIFAT entry free → empty FAT → calamine indexes past it.
        let mut h = header();
        h[0x4C..0x200].fill(0xFF);
        assert!(
            check(&h)
                .unwrap_err()
                .contains("leaves the allocation table")
        );
        // F2b: DIFAT[0] = 0, FAT sector 0 all zeros → sector 0 chains to itself.
        let mut h = header();
        h.resize(1024, 0);
        assert!(check(&h).unwrap_err().contains("loops"));
    }

    #[test]
    fn not_a_compound_file_is_left_to_calamine() {
        assert!(check(b"short").is_ok());
        assert!(check(&[0u8; 600]).is_ok());
    }
}
