//! Reusable view pieces.

pub mod echart;
