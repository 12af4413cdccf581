//! Each source's limits as its folder states them, looked up by source: the request budget of
//! a provider, and the longest range one job covers.

use crate::model::{Kind, Provider, Source};
use crate::sources::budget::Budget;
use crate::sources::{demo, fitbit, google, import};

/// The provider's published request limit.
pub fn budget(provider: Provider) -> Budget {
    match provider {
        Provider::Fitbit => fitbit::requests::BUDGET,
        Provider::Google => google::requests::BUDGET,
    }
}

/// The longest range one job of `kind` covers.
pub fn max_days(source: Source, kind: Kind) -> i64 {
    match source {
        Source::Fitbit => fitbit::requests::max_days(kind),
        Source::Google => google::requests::max_days(kind),
        Source::Demo => demo::MAX_DAYS,
        Source::Import => import::MAX_DAYS,
    }
}
