//! The app's pages. Components only: the logic they call lives in the layers below.

pub mod connect;
pub mod dashboard;
pub mod day;
pub mod export;
pub mod settings;
pub mod span;
pub mod timing;
pub mod trends;
pub mod workouts;
pub mod years;
