//! Reading numbers out of API JSON, the one rule every source's decoder shares.

use serde_json::Value;

/// A JSON number, or a number written as a string (int64 fields, Fitbit's daily totals), or a
/// range written `"42-46"` (Fitbit's VO2 max without GPS runs), which is read as its middle.
/// Never a non-finite number: Google writes `"NaN"` (a temperature night before the baseline
/// exists), and Rust's `parse` would take it, and `"inf"`, as a float. Those mean "no value".
pub fn number(v: &Value) -> Option<f64> {
    number_any(v).filter(|x| x.is_finite())
}

fn number_any(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok().or_else(|| {
            let (a, b) = s.split_once('-')?;
            let (a, b): (f64, f64) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
            Some((a + b) / 2.0)
        }),
        _ => None,
    }
}

pub fn at(v: &Value, pointer: &str) -> Option<f64> {
    v.pointer(pointer).and_then(number)
}

/// Reads a metric's parts (`Metric::part_columns`) from one JSON object.
pub type PartsOf = fn(&Value) -> Option<[f64; 3]>;

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn numbers_strings_and_fitbit_ranges() {
        assert_eq!(number(&json!(44.5)), Some(44.5));
        assert_eq!(number(&json!("10234")), Some(10234.0));
        assert_eq!(number(&json!("42-46")), Some(44.0));
        assert_eq!(number(&json!("-0.3")), Some(-0.3));
        assert_eq!(number(&json!("n/a")), None);
        assert_eq!(number(&json!(null)), None);
        // Google's sentinel and its relatives are "no value", never a float that is not one.
        for s in ["NaN", "nan", "Infinity", "-Infinity", "inf", "1e999"] {
            assert_eq!(number(&json!(s)), None, "{s}");
        }
        assert_eq!(number(&json!("NaN-3")), None);
    }
}
