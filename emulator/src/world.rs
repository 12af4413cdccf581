//! The Google worlds the evidence allows (`POST /google` on the control API): units, a phone
//! counting steps beside the tracker, second staged sleeps, paused workouts, and listings' odd
//! pages.

/// The unit system of the person's settings.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UnitSystem {
    #[default]
    Metric,
    /// Miles, pounds, °F.
    Us,
    /// Miles, stone, °C.
    Uk,
}

/// Switches for the worlds the evidence allows (`POST /google` on the control API replaces
/// them all; unknown keys are an error).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct World {
    pub units: UnitSystem,
    /// A phone counts steps beside the tracker, with overlapping minutes: `list` answers both
    /// sources, `:reconcile` and roll-ups the merged stream.
    pub phone_steps: bool,
    /// Every third night has a second staged sleep (`Person::second_sleeps`).
    pub second_staged_sleep: bool,
    /// Civil-time filters on `heart-rate` and `steps` answer 200 with no points (one live
    /// report says so).
    pub civil_filters_empty: bool,
    /// The first page of every listing is empty but carries a token.
    pub empty_page_with_token: bool,
    /// Every listing page holds a third of what was asked.
    pub short_pages: bool,
    /// Every workout pauses (`AUTO_PAUSE`) 20 minutes in, for 2 minutes: its events say so,
    /// and its active time is 2 minutes short of its length.
    pub exercise_pauses: bool,
}

/// The pause of a workout that starts at `start` in a world with `exercise_pauses`.
pub const PAUSE: (i64, i64) = (20 * 60, 22 * 60);
