//! Reusable view pieces.

pub mod echart;
pub mod fix;
