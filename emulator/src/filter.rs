//! The AIP-160 `filter` forms the Google Health API accepts on `dataPoints.list` and
//! `:reconcile`, parsed into time ranges. Only the forms Google's discovery document lists are
//! accepted (`>=` and `<`; RFC 3339 timestamps with any offset; `OR` on sleep end times only);
//! anything else is an error, as the real API answers INVALID_DATA_POINT_FILTER rather than
//! guessing.

use chrono::{DateTime, NaiveDate, NaiveDateTime};

/// How a data type's points are filtered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecordKind {
    /// `x.sample_time.physical_time` / `x.sample_time.civil_time`
    Sample,
    /// `x.interval.start_time` / `x.interval.civil_start_time`
    Interval,
    /// `x.interval.end_time` / `x.interval.civil_end_time` (only the end is filterable)
    Session,
    /// `x.date`
    Daily,
}

/// The bound a filter puts on points. Physical bounds are unix seconds; civil bounds are local
/// wall-clock times (compared against each point's own offset), dates are civil dates.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Range {
    pub physical: (Option<i64>, Option<i64>),
    pub civil: (Option<NaiveDateTime>, Option<NaiveDateTime>),
}

impl Range {
    /// Whether a point keyed at physical instant `key`, lived at civil time `civil`, is in.
    pub fn contains(&self, key: i64, civil: &NaiveDateTime) -> bool {
        self.physical.0.is_none_or(|lo| key >= lo)
            && self.physical.1.is_none_or(|hi| key < hi)
            && self.civil.0.is_none_or(|lo| *civil >= lo)
            && self.civil.1.is_none_or(|hi| *civil < hi)
    }

    pub fn has_civil(&self) -> bool {
        self.civil.0.is_some() || self.civil.1.is_some()
    }
}

/// What is wrong, as a field violation's description, and the detailed reason.
#[derive(Debug, PartialEq, Eq)]
pub struct FilterError(pub String);

impl FilterError {
    /// Google's detailed reason for this kind of fault.
    pub fn reason(&self) -> &'static str {
        if self.0.starts_with("Member") {
            "INVALID_DATA_POINT_FILTER_DATA_TYPE_MEMBER"
        } else {
            "INVALID_DATA_POINT_FILTER_SYNTAX"
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Op {
    Ge,
    Gt,
    Le,
    Lt,
}

/// Parses `filter` for data type `snake` (e.g. `heart_rate`) into alternatives: a point is in
/// when one of them holds it. Only sleep end times may be joined with `OR`.
pub fn parse(filter: &str, snake: &str, kind: RecordKind) -> Result<Vec<Range>, FilterError> {
    let filter = filter.trim();
    if filter.is_empty() {
        return Ok(vec![Range::default()]);
    }
    let alternatives = split_or(filter)?;
    if alternatives.len() > 1 && kind != RecordKind::Session {
        return Err(FilterError(
            "Logical operator OR is only supported on sleep end times.".into(),
        ));
    }
    alternatives
        .iter()
        .map(|a| parse_and(a, snake, kind))
        .collect()
}

/// Splits on the keyword OR outside quotes.
fn split_or(filter: &str) -> Result<Vec<String>, FilterError> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut in_quotes = false;
    for w in filter.split(' ') {
        if !in_quotes && w == "OR" {
            parts.push(std::mem::take(&mut current));
            continue;
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(w);
        in_quotes ^= w.matches('"').count() % 2 == 1;
    }
    parts.push(current);
    if parts.iter().any(|t| t.trim().is_empty()) {
        return Err(FilterError(format!("Malformed filter: {filter:?}")));
    }
    Ok(parts)
}

fn parse_and(filter: &str, snake: &str, kind: RecordKind) -> Result<Range, FilterError> {
    let mut range = Range::default();
    for term in split_and(filter)? {
        let (field, op, value) = term_parts(&term)?;
        let rest = field
            .strip_prefix(snake)
            .and_then(|r| r.strip_prefix('.'))
            .ok_or_else(|| {
                FilterError(format!(
                    "Member '{field}' is not supported for filtering: it does not belong to data type '{snake}'."
                ))
            })?;
        if matches!(op, Op::Gt | Op::Le) {
            return Err(FilterError(format!(
                "Comparison operator in {term:?} is not supported: use >= and <."
            )));
        }
        let civil = match (kind, rest) {
            (RecordKind::Sample, "sample_time.physical_time")
            | (RecordKind::Interval, "interval.start_time")
            | (RecordKind::Session, "interval.end_time") => false,
            (RecordKind::Sample, "sample_time.civil_time")
            | (RecordKind::Interval, "interval.civil_start_time")
            | (RecordKind::Session, "interval.civil_end_time")
            | (RecordKind::Daily, "date") => true,
            _ => {
                return Err(FilterError(format!(
                    "Member '{field}' is not supported for filtering."
                )))
            }
        };
        if civil {
            let at = parse_civil(&value, kind == RecordKind::Daily)?;
            let step = if kind == RecordKind::Daily {
                chrono::Duration::days(1)
            } else {
                chrono::Duration::seconds(1)
            };
            match op {
                Op::Ge => range.civil.0 = Some(at),
                Op::Gt => range.civil.0 = Some(at + step),
                Op::Lt => range.civil.1 = Some(at),
                Op::Le => range.civil.1 = Some(at + step),
            }
        } else {
            // RFC 3339: `Z` or a numeric offset.
            let at = DateTime::parse_from_rfc3339(&value)
                .ok()
                .ok_or_else(|| {
                    FilterError(format!(
                        "Invalid timestamp {value:?}: use RFC 3339, e.g. \"2026-11-01T00:00:00Z\""
                    ))
                })?
                .timestamp();
            match op {
                Op::Ge => range.physical.0 = Some(at),
                Op::Gt => range.physical.0 = Some(at + 1),
                Op::Lt => range.physical.1 = Some(at),
                Op::Le => range.physical.1 = Some(at + 1),
            }
        }
    }
    Ok(range)
}

fn split_and(filter: &str) -> Result<Vec<String>, FilterError> {
    // Split on the keyword AND outside quotes.
    let mut terms = Vec::new();
    let mut current = String::new();
    let mut in_quotes = false;
    let words: Vec<&str> = filter.split(' ').collect();
    for w in words {
        if !in_quotes && w == "AND" {
            terms.push(std::mem::take(&mut current));
            continue;
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(w);
        in_quotes ^= w.matches('"').count() % 2 == 1;
    }
    terms.push(current);
    if in_quotes || terms.iter().any(|t| t.trim().is_empty()) {
        return Err(FilterError(format!("Malformed filter: {filter:?}")));
    }
    Ok(terms)
}

fn term_parts(term: &str) -> Result<(String, Op, String), FilterError> {
    let term = term.trim();
    for (sym, op) in [(">=", Op::Ge), ("<=", Op::Le), (">", Op::Gt), ("<", Op::Lt)] {
        if let Some((field, value)) = term.split_once(sym) {
            let value = value.trim();
            let inner = value
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .filter(|v| !v.contains('"'))
                .ok_or_else(|| {
                    FilterError(format!("Value must be a double-quoted string in {term:?}"))
                })?;
            let field = field.trim();
            if field.is_empty() || field.contains(' ') {
                return Err(FilterError(format!("Malformed term {term:?}")));
            }
            return Ok((field.to_string(), op, inner.to_string()));
        }
    }
    Err(FilterError(format!("No comparison operator in {term:?}")))
}

fn parse_civil(value: &str, date_only: bool) -> Result<NaiveDateTime, FilterError> {
    if let Ok(d) = NaiveDate::parse_from_str(value, "%Y-%m-%d") {
        if value.len() == 10 {
            return Ok(d.and_time(chrono::NaiveTime::MIN));
        }
    }
    if !date_only {
        if let Ok(t) = NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M:%S") {
            return Ok(t);
        }
    }
    Err(FilterError(format!(
        "Invalid civil {} {value:?}: use \"YYYY-MM-DD\"{}",
        if date_only { "date" } else { "time" },
        if date_only {
            ""
        } else {
            " or \"YYYY-MM-DDTHH:MM:SS\" (no zone)"
        }
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn civil(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S").unwrap()
    }

    #[test]
    fn every_reference_form_parses() {
        let one = |f: &str, snake: &str, kind| {
            let mut r = parse(f, snake, kind).unwrap();
            assert_eq!(r.len(), 1, "{f}");
            r.remove(0)
        };
        let r = one(
            r#"heart_rate.sample_time.physical_time >= "2026-11-01T00:00:00Z" AND heart_rate.sample_time.physical_time < "2026-11-02T00:00:00Z""#,
            "heart_rate",
            RecordKind::Sample,
        );
        assert_eq!(r.physical, (Some(1_793_491_200), Some(1_793_577_600)));
        // A numeric offset is RFC 3339 too.
        let r = one(
            r#"heart_rate.sample_time.physical_time >= "2026-11-01T01:00:00+01:00""#,
            "heart_rate",
            RecordKind::Sample,
        );
        assert_eq!(r.physical.0, Some(1_793_491_200));
        // OR on sleep end times: two alternatives.
        let r = parse(r#"sleep.interval.civil_end_time < "2026-11-01" OR sleep.interval.civil_end_time >= "2026-11-05""#, "sleep", RecordKind::Session).unwrap();
        assert_eq!(r.len(), 2);
        let r = one(
            r#"heart_rate.sample_time.civil_time >= "2026-11-01T00:00:00" AND heart_rate.sample_time.civil_time < "2026-11-02T00:00:00""#,
            "heart_rate",
            RecordKind::Sample,
        );
        assert_eq!(
            r.civil,
            (
                Some(civil("2026-11-01T00:00:00")),
                Some(civil("2026-11-02T00:00:00"))
            )
        );
        let r = one(
            r#"steps.interval.civil_start_time >= "2026-11-01" AND steps.interval.civil_start_time < "2026-11-02""#,
            "steps",
            RecordKind::Interval,
        );
        assert_eq!(r.civil.0, Some(civil("2026-11-01T00:00:00")));
        let r = one(
            r#"steps.interval.start_time >= "2026-11-01T00:00:00Z""#,
            "steps",
            RecordKind::Interval,
        );
        assert_eq!(r.physical, (Some(1_793_491_200), None));
        let r = one(
            r#"sleep.interval.end_time >= "2026-11-01T00:00:00Z" AND sleep.interval.end_time < "2026-11-08T00:00:00Z""#,
            "sleep",
            RecordKind::Session,
        );
        assert_eq!(r.physical.1, Some(1_794_096_000));
        let r = one(
            r#"sleep.interval.civil_end_time >= "2026-11-01""#,
            "sleep",
            RecordKind::Session,
        );
        assert!(r.civil.0.is_some());
        let r = one(
            r#"daily_resting_heart_rate.date >= "2026-10-01" AND daily_resting_heart_rate.date < "2026-11-01""#,
            "daily_resting_heart_rate",
            RecordKind::Daily,
        );
        assert_eq!(r.civil.1, Some(civil("2026-11-01T00:00:00")));
        assert_eq!(
            parse("", "steps", RecordKind::Interval).unwrap(),
            vec![Range::default()]
        );
    }

    #[test]
    fn malformed_filters_are_rejected() {
        for bad in [
            r#"heart_rate.sample_time.physical_time >= 2026-11-01T00:00:00Z"#,
            r#"heart_rate.sample_time.physical_time > "2026-11-01T00:00:00Z""#,
            r#"heart_rate.sample_time.physical_time <= "2026-11-01T00:00:00Z""#,
            r#"heart_rate.sample_time.physical_time >= "2026-11-01""#,
            r#"steps.interval.start_time >= "2026-11-01T00:00:00Z""#,
            r#"heartRate.sample_time.physical_time >= "2026-11-01T00:00:00Z""#,
            r#"heart_rate.sample_time.physical_time >= "2026-11-01T00:00:00Z" AND"#,
            r#"heart_rate.sample_time.physical_time == "2026-11-01T00:00:00Z""#,
            r#"heart_rate.sample_time.civil_time >= "2026-11-01T00:00:00Z""#,
            r#"heart_rate.sample_time.physical_time >= "2026-11-01T00:00:00Z" OR heart_rate.sample_time.physical_time < "2026-11-02T00:00:00Z""#,
            r#"heart_rate.interval.start_time >= "2026-11-01T00:00:00Z""#,
        ] {
            assert!(
                parse(bad, "heart_rate", RecordKind::Sample).is_err(),
                "{bad}"
            );
        }
        assert!(parse(
            r#"sleep.interval.start_time >= "2026-11-01T00:00:00Z""#,
            "sleep",
            RecordKind::Session
        )
        .is_err());
        assert!(parse(
            r#"daily_resting_heart_rate.date >= "2026-10-01T00:00:00""#,
            "daily_resting_heart_rate",
            RecordKind::Daily
        )
        .is_err());
    }
}
