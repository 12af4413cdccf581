//! Downloads: the CSV layout of every data type (one day at a time, so a year streams out in
//! pieces), and the data dictionary that travels with an export. Pure and host-tested;
//! `files` assembles them from the cache in the browser.

#[cfg(target_arch = "wasm32")]
pub mod files;
pub mod worker;

use crate::model::kind::Table;
use crate::model::time::{self, local_iso, offset_within, utc_iso};
use crate::model::zone::Zone;
use crate::model::{Kind, Origin, Payload};
use crate::sources::Answer;
use thiserror::Error;

mod csv;
mod parquet;
pub use self::parquet::*;
mod dictionary;
mod raw;
mod zip;
pub use self::csv::*;
pub use self::zip::*;
pub use dictionary::*;
pub use raw::*;

/// Why a file could not be made. An API failure keeps its type, so the page can offer the
/// same one-click fix (Reconnect, Grant access) that the charts offer.
#[derive(Clone, Debug, Error, PartialEq)]
pub enum ExportError {
    #[error(transparent)]
    Api(#[from] crate::sources::ApiError),
    #[error(transparent)]
    TooLong(#[from] crate::sync::plan::TooLong),
    #[error(
        "the browser refused to save the file ({0}); allow downloads for this page and try again"
    )]
    Save(String),
    /// The form asks for something it cannot do (the message says what to change).
    #[error("{0}")]
    Form(String),
    #[error("the {kind} file could not be written ({detail}); try a shorter range")]
    Write { kind: &'static str, detail: String },
    #[error(
        "the stored {0} data has an unexpected shape; clear the cache (Settings) and fetch again"
    )]
    Shape(&'static str),
    /// The worker module that writes the rows and the archive failed.
    #[error("the file could not be written ({0}); reload the page and try again")]
    Worker(String),
    /// The backup carried in the ZIP could not be written.
    #[error(transparent)]
    Backup(#[from] crate::sync::backup::BackupError),
}

impl ExportError {
    /// The API failure inside, for its one-click fix.
    pub fn api(&self) -> Option<&crate::sources::ApiError> {
        match self {
            ExportError::Api(e) => Some(e),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests;
