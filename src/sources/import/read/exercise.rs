//! Exercise logs (`exercise-N.json`) of every era and unit.

use super::*;

/// An exercise log of `exercise-N.json` (fields come and go across the years: all optional
/// but the start).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct ExerciseRecord {
    #[serde(default)]
    pub(super) log_id: Option<i64>,
    #[serde(default)]
    pub(super) activity_name: Option<String>,
    pub(super) start_time: String,
    /// Milliseconds.
    #[serde(default)]
    pub(super) duration: Option<Num>,
    #[serde(default)]
    pub(super) active_duration: Option<Num>,
    #[serde(default)]
    pub(super) calories: Option<Num>,
    #[serde(default)]
    pub(super) steps: Option<Num>,
    #[serde(default)]
    pub(super) distance: Option<Num>,
    #[serde(default)]
    pub(super) distance_unit: Option<String>,
    #[serde(default)]
    pub(super) average_heart_rate: Option<Num>,
    #[serde(default)]
    pub(super) log_type: Option<String>,
}

impl Importer {
    /// Exercise logs: the start is UTC (takeout.md §3.1), placed at the offset in force then;
    /// the distance is in the log's own unit; a day holds the exercises that started on it.
    pub(super) fn exercises(&mut self, path: &str, r: &[u8]) -> Result<Vec<Day>, ImportError> {
        let mut recs = Vec::new();
        stream::each::<ExerciseRecord>(r, |x| recs.push(x)).map_err(|e| json(path, e))?;
        let mut by_date: BTreeMap<NaiveDate, Vec<Exercise>> = BTreeMap::new();
        for x in recs {
            if let Some(id) = x.log_id {
                if !self.exercise_ids.insert(id) {
                    continue;
                }
            }
            let Some(start) = legacy_utc(&x.start_time) else {
                continue;
            };
            let ms = |v: &Option<Num>| {
                v.as_ref()
                    .and_then(Num::get)
                    .map(|ms| (ms / 1000.0).round() as i64)
            };
            let num = |v: &Option<Num>| v.as_ref().and_then(Num::get);
            let km = num(&x.distance).and_then(|d| {
                match x
                    .distance_unit
                    .as_deref()
                    .map(str::to_ascii_lowercase)
                    .as_deref()
                {
                    Some("mile") | Some("miles") => Some(d * crate::model::metric::KM_PER_MILE),
                    Some("kilometer") | Some("kilometers") | None => Some(d),
                    Some("meter") | Some("meters") => Some(d / 1000.0),
                    // A unit not known: no distance rather than a wrong one.
                    Some(_) => None,
                }
            });
            let offset = self.offsets.at(start).0;
            let ex = Exercise {
                start,
                end: start + ms(&x.duration).unwrap_or(0).max(0),
                offset,
                name: x.activity_name.unwrap_or_else(|| "Exercise".to_string()),
                logged: x.log_type.unwrap_or_default(),
                active_s: ms(&x.active_duration),
                calories: num(&x.calories),
                steps: num(&x.steps),
                // Every digit the log has (#26): only the screen rounds.
                distance_km: km,
                avg_bpm: num(&x.average_heart_rate).filter(|b| *b > 0.0),
                splits: Vec::new(),
                pauses: Vec::new(),
                route: None,
            };
            by_date.entry(ex.date()).or_default().push(ex);
        }
        Ok(by_date
            .into_iter()
            .map(|(date, mut v)| {
                v.sort_by_key(|x| x.start);
                Day {
                    origin: None,
                    kind: Kind::Exercises,
                    date,
                    payload: Payload::Exercises(v),
                }
            })
            .collect())
    }
}
