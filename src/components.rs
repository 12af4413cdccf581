//! Reusable view pieces.

pub mod backup;
pub mod cancel;
pub mod compare;
pub mod downloads;
pub mod echart;
pub mod exercises;
pub mod fix;
pub mod food;
pub mod import;
pub mod keeping;
pub mod lost;
pub mod recorders;
pub mod session;
pub mod spans;
pub mod usual;
