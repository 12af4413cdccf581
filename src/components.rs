//! Reusable view pieces.

pub mod cancel;
pub mod echart;
pub mod fix;
