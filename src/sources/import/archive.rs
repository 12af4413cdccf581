//! A ZIP of an export, read entry by entry from any `Read + Seek` (in the browser: slices of
//! the chosen `File`, so the archive is never held in memory): the central directory first,
//! then one entry at a time, inflated as it is read, its CRC checked at its end. Guards
//! against encrypted, truncated and over-inflating (zip bomb) archives. Pure.

use super::ImportError;
use std::io::{Read, Seek};
use zip::result::ZipError;

/// An entry may unpack to at most this many times its packed size (JSON packs ~10–40×)…
pub const MAX_RATIO: u64 = 250;
/// …once it is larger than this (small files pack oddly well).
pub const RATIO_FLOOR: u64 = 1 << 20;
/// No single entry unpacks to more (the largest real one is a 3.6 MB heart-rate day).
pub const MAX_ENTRY: u64 = 1 << 30;
/// Nor all of them together (a 12-year export is ~10 GB).
pub const MAX_TOTAL: u64 = 64 << 30;

/// One entry as the central directory lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub path: String,
    pub size: u64,
    pub packed: u64,
    pub encrypted: bool,
}

pub struct Zip<R: Read + Seek> {
    pub name: String,
    zip: zip::ZipArchive<R>,
}

impl<R: Read + Seek> Zip<R> {
    /// Opens an archive by its central directory. `starts_like_zip`: the first bytes are a
    /// ZIP's local header, which tells a cut-off download from a file that is no ZIP at all.
    pub fn open(name: &str, reader: R, starts_like_zip: bool) -> Result<Zip<R>, ImportError> {
        match zip::ZipArchive::new(reader) {
            Ok(zip) => Ok(Zip {
                name: name.to_string(),
                zip,
            }),
            Err(e) if starts_like_zip => Err(ImportError::Truncated {
                name: name.to_string(),
                detail: e.to_string(),
            }),
            Err(_) => Err(ImportError::NotZip {
                name: name.to_string(),
            }),
        }
    }

    /// Every file entry (folders left out).
    pub fn entries(&mut self) -> Result<Vec<Entry>, ImportError> {
        let mut out = Vec::with_capacity(self.zip.len());
        for i in 0..self.zip.len() {
            let name = self.name.clone();
            let f = self
                .zip
                .by_index_raw(i)
                .map_err(|e| ImportError::Truncated {
                    name,
                    detail: e.to_string(),
                })?;
            if f.is_dir() {
                out.push(Entry {
                    path: String::new(),
                    size: 0,
                    packed: 0,
                    encrypted: false,
                });
                continue;
            }
            out.push(Entry {
                path: f.name().to_string(),
                size: f.size(),
                packed: f.compressed_size(),
                encrypted: f.encrypted(),
            });
        }
        let total: u64 = out.iter().map(|e| e.size).sum();
        if total > MAX_TOTAL {
            return Err(ImportError::Bomb {
                name: self.name.clone(),
                path: "(the whole archive)".into(),
                detail: format!(
                    "{} GB in all, over the {} GB limit",
                    total >> 30,
                    MAX_TOTAL >> 30
                ),
            });
        }
        Ok(out)
    }

    /// Entry `i`, inflating as it is read, never beyond the size the directory declares.
    pub fn entry(&mut self, i: usize, listed: &Entry) -> Result<impl Read + '_, ImportError> {
        if listed.encrypted {
            return Err(ImportError::Encrypted {
                name: self.name.clone(),
            });
        }
        let over_ratio =
            listed.size > RATIO_FLOOR && listed.size > listed.packed.saturating_mul(MAX_RATIO);
        if over_ratio || listed.size > MAX_ENTRY {
            return Err(ImportError::Bomb {
                name: self.name.clone(),
                path: listed.path.clone(),
                detail: format!("{} MB from {} KB", listed.size >> 20, listed.packed >> 10),
            });
        }
        let name = self.name.clone();
        let f = self.zip.by_index(i).map_err(|e| match e {
            ZipError::UnsupportedArchive(m) if m == ZipError::PASSWORD_REQUIRED => {
                ImportError::Encrypted { name: name.clone() }
            }
            e => ImportError::File {
                path: listed.path.clone(),
                detail: e.to_string(),
            },
        })?;
        Ok(f.take(listed.size.saturating_add(1)))
    }
}

impl<R: Read + Seek> Zip<R> {
    /// Entry `i` whole (one file of an export is a few MB; the bomb guards bound it), its CRC
    /// checked, refused if it unpacks to more than the directory declares.
    pub fn read_entry(&mut self, i: usize, listed: &Entry) -> Result<Vec<u8>, ImportError> {
        let name = self.name.clone();
        let mut entry = self.entry(i, listed)?;
        // Room for what the directory says it unpacks to, so the bytes are not copied again at
        // each doubling of the buffer. Capped: a directory may lie, and the room is asked for
        // before a byte is read.
        let room = listed.size.min(64 << 20);
        let mut buf = Vec::with_capacity(usize::try_from(room).unwrap_or(0));
        entry.read_to_end(&mut buf).map_err(|e| ImportError::File {
            path: listed.path.clone(),
            detail: e.to_string(),
        })?;
        if buf.len() as u64 > listed.size {
            return Err(ImportError::Bomb {
                name,
                path: listed.path.clone(),
                detail: "it unpacks to more than its directory says".into(),
            });
        }
        Ok(buf)
    }
}

/// Whether `head` (a file's first bytes) opens like a ZIP.
pub fn starts_like_zip(head: &[u8]) -> bool {
    head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06")
}
