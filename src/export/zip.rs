//! The ZIP an export is written into, a file at a time.

use super::*;

/// A ZIP archive written file by file and piece by piece: each piece is compressed as it is
/// added, so only the compressed archive is ever held whole.
pub struct Zip {
    writer: ::zip::ZipWriter<std::io::Cursor<Vec<u8>>>,
}

pub(super) fn zip_err(e: impl std::fmt::Display) -> ExportError {
    ExportError::Write {
        kind: "zip",
        detail: e.to_string(),
    }
}

impl Zip {
    pub fn new() -> Zip {
        Zip {
            writer: ::zip::ZipWriter::new(std::io::Cursor::new(Vec::new())),
        }
    }

    /// Starts the next file; what `write` adds goes into it.
    pub fn start_file(&mut self, name: &str) -> Result<(), ExportError> {
        let options = ::zip::write::SimpleFileOptions::default()
            .compression_method(::zip::CompressionMethod::Deflated)
            // Rows of a year of minutes can pass 4 GiB uncompressed only in theory; say so
            // anyway rather than fail at the end.
            .large_file(false);
        self.writer.start_file(name, options).map_err(zip_err)
    }

    pub fn write(&mut self, bytes: &[u8]) -> Result<(), ExportError> {
        use std::io::Write;
        self.writer.write_all(bytes).map_err(zip_err)
    }

    /// The finished archive.
    pub fn finish(self) -> Result<Vec<u8>, ExportError> {
        self.writer
            .finish()
            .map(std::io::Cursor::into_inner)
            .map_err(zip_err)
    }
}

impl Default for Zip {
    fn default() -> Self {
        Zip::new()
    }
}
