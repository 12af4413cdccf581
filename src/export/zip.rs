//! The ZIP an export is written into, a file at a time, handed out as it is written.

use super::*;
use std::cell::RefCell;
use std::io::{Seek, SeekFrom, Write};
use std::rc::Rc;

/// The bytes of an archive from `base` on: what has not been handed out yet. The ZIP writer
/// seeks back only into the file it is writing (to set its header's sizes when it ends), so
/// everything before that file's header can go (`Zip::take`), and the worker holds at most
/// one file's compressed bytes, however large the archive.
#[derive(Default)]
struct Window {
    base: u64,
    buf: Vec<u8>,
    pos: u64,
    /// The last time the writer came back to the end after writing earlier (a file's header
    /// sizes, set when the file ends): where the next file's header goes.
    back_at_end: Option<u64>,
}

impl Window {
    fn end(&self) -> u64 {
        self.base + self.buf.len() as u64
    }

    /// Hands out the bytes before `upto` (never past what is written).
    fn drain_before(&mut self, upto: u64) -> Vec<u8> {
        let n = usize::try_from(upto.saturating_sub(self.base))
            .unwrap_or(usize::MAX)
            .min(self.buf.len());
        self.base += n as u64;
        self.buf.drain(..n).collect()
    }
}

impl Write for Window {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        let at = usize::try_from(self.pos - self.base).map_err(std::io::Error::other)?;
        let over = data.len().min(self.buf.len().saturating_sub(at));
        self.buf[at..at + over].copy_from_slice(&data[..over]);
        self.buf.extend_from_slice(&data[over..]);
        self.pos += data.len() as u64;
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Seek for Window {
    fn seek(&mut self, to: SeekFrom) -> std::io::Result<u64> {
        let target = match to {
            SeekFrom::Start(p) => Some(p),
            SeekFrom::End(d) => self.end().checked_add_signed(d),
            SeekFrom::Current(d) => self.pos.checked_add_signed(d),
        };
        match target {
            // Bytes already handed out cannot be written again: the writer never asks, and
            // an error beats a silently wrong archive if it ever did.
            Some(p) if p >= self.base && p <= self.end() => {
                if p == self.end() && self.pos < p {
                    self.back_at_end = Some(p);
                }
                self.pos = p;
                Ok(p)
            }
            _ => Err(std::io::Error::other(
                "the archive's earlier bytes were already handed out",
            )),
        }
    }
}

/// The window, shared: the ZIP writer of this crate version lends no access to its sink, so
/// `Zip` keeps a second handle to take the finished bytes out.
#[derive(Clone, Default)]
struct Shared(Rc<RefCell<Window>>);

impl Write for Shared {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().write(data)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Seek for Shared {
    fn seek(&mut self, to: SeekFrom) -> std::io::Result<u64> {
        self.0.borrow_mut().seek(to)
    }
}

/// A ZIP archive written file by file and piece by piece: each piece is compressed as it is
/// added, and what is finished is taken out (`take`) and written to the file being saved, so
/// the worker never holds the whole archive.
pub struct Zip {
    writer: ::zip::ZipWriter<Shared>,
    window: Shared,
    /// Where the current file's header starts: nothing from here on may be taken yet.
    open_from: u64,
}

pub(super) fn zip_err(e: impl std::fmt::Display) -> ExportError {
    ExportError::Write {
        kind: "zip",
        detail: e.to_string(),
    }
}

impl Zip {
    pub fn new() -> Zip {
        let window = Shared::default();
        Zip {
            writer: ::zip::ZipWriter::new(window.clone()),
            window,
            open_from: 0,
        }
    }

    /// Starts the next file; what `write` adds goes into it.
    pub fn start_file(&mut self, name: &str) -> Result<(), ExportError> {
        // A Parquet file is compressed already (Snappy): stored as it is.
        let method = if name.ends_with(".parquet") {
            ::zip::CompressionMethod::Stored
        } else {
            ::zip::CompressionMethod::Deflated
        };
        let options = ::zip::write::SimpleFileOptions::default()
            .compression_method(method)
            // Rows of a year of minutes can pass 4 GiB uncompressed only in theory; say so
            // anyway rather than fail at the end.
            .large_file(false);
        // The file before is finished inside `start_file`: the rest of its compressed bytes
        // written, its header's sizes set, and the writer back at the end, where the next
        // header goes. With no file before, that is the end as it is now.
        let before = {
            let mut w = self.window.0.borrow_mut();
            w.back_at_end = None;
            w.end()
        };
        self.writer.start_file(name, options).map_err(zip_err)?;
        self.open_from = self.window.0.borrow().back_at_end.unwrap_or(before);
        Ok(())
    }

    pub fn write(&mut self, bytes: &[u8]) -> Result<(), ExportError> {
        self.writer.write_all(bytes).map_err(zip_err)
    }

    /// The archive's bytes that are final and not yet taken: everything before the file
    /// being written.
    pub fn take(&mut self) -> Vec<u8> {
        self.window.0.borrow_mut().drain_before(self.open_from)
    }

    /// The bytes held, not yet taken.
    #[cfg(test)]
    pub fn held(&self) -> usize {
        self.window.0.borrow().buf.len()
    }

    /// The rest of the archive: its last file and the directory.
    pub fn finish(self) -> Result<Vec<u8>, ExportError> {
        let sink = self.writer.finish().map_err(zip_err)?;
        let mut window = sink.0.borrow_mut();
        let end = window.end();
        Ok(window.drain_before(end))
    }
}

impl Default for Zip {
    fn default() -> Self {
        Zip::new()
    }
}
