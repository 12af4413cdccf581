//! Both sources' metric tables read the reference shapes into the same values.

use crate::model::metric::{azm_total, Metric, Units};
use crate::sources::google::metrics::GoogleSource;
use serde_json::{json, Value};

mod tests {
    use super::*;

    #[test]
    fn azm_from_both_providers_counts_cardio_and_peak_twice() {
        let g = |v: Value| match Metric::ActiveZoneMinutes.google().unwrap() {
            GoogleSource::Rollup { value, .. } => value(&v),
            _ => None,
        };
        // The recorded roll-up shape.
        let rec = json!({"sumInCardioHeartZone":"2","sumInFatBurnHeartZone":"5","sumInPeakHeartZone":"0"});
        assert_eq!(g(rec.clone()), Some(9.0));
        let parts = Metric::ActiveZoneMinutes.google_parts().unwrap();
        assert_eq!(parts(&rec), Some([5.0, 2.0, 0.0]));
        // A zone left out is zero; no zone at all is no value; the invented sum is not read.
        assert_eq!(g(json!({"sumInPeakHeartZone":"3"})), Some(6.0));
        assert_eq!(g(json!({"activeZoneMinutesSum":"12"})), None);
        // Fitbit's entry: zones as earned minutes, so cardio 4 is 2 minutes in the zone.
        let e = json!({"dateTime":"2025-03-26","value":{"activeZoneMinutes":10,"fatBurnActiveZoneMinutes":6,"cardioActiveZoneMinutes":4}});
        let fp = Metric::ActiveZoneMinutes.fitbit_parts().unwrap();
        assert_eq!(fp(&e), Some([6.0, 2.0, 0.0]));
        assert_eq!(azm_total([6.0, 2.0, 0.0]), 10.0);
        assert_eq!(
            (Metric::ActiveZoneMinutes.fitbit().unwrap().value)(&e),
            Some(10.0)
        );
        assert!(
            Metric::Weight.google_parts().is_none() && Metric::Weight.part_columns().is_empty()
        );
    }

    #[test]
    fn keys_are_unique_and_every_metric_has_both_sources() {
        let keys: std::collections::BTreeSet<&str> = Metric::ALL.iter().map(|m| m.key()).collect();
        assert_eq!(keys.len(), Metric::ALL.len());
        for m in Metric::ALL {
            assert!(!m.about().is_empty() && !m.unit().is_empty());
            // The scores and minute classes only an export has: neither API is asked.
            if m.export_only() {
                assert!(m.fitbit().is_none() && m.google().is_none());
                continue;
            }
            let f = m.fitbit().unwrap();
            assert!(f.path.contains("{from}/{to}.json"), "{m:?}");
            assert!((1..=365).contains(&f.max_days));
            assert!(!m.google().unwrap().kebab().is_empty());
        }
    }

    #[test]
    fn values_from_the_reference_shapes() {
        let f = |m: Metric, e: Value| (m.fitbit().unwrap().value)(&e);
        assert_eq!(
            f(
                Metric::Hrv,
                json!({"value":{"dailyRmssd":34.938,"deepRmssd":31.567},"dateTime":"2021-10-25"})
            ),
            Some(34.938)
        );
        assert_eq!(
            f(
                Metric::Spo2,
                json!({"dateTime":"2021-10-04","value":{"avg":97.5,"min":94.0,"max":100.0}})
            ),
            Some(97.5)
        );
        assert_eq!(
            f(
                Metric::BreathingRate,
                json!({"value":{"breathingRate":-1.0},"dateTime":"2021-10-25"})
            ),
            None
        );
        assert_eq!(
            f(
                Metric::SkinTemperature,
                json!({"dateTime":"2021-10-04","value":{"nightlyRelative":-0.3},"logType":"dedicated_temp_sensor"})
            ),
            Some(-0.3)
        );
        assert_eq!(
            f(
                Metric::Vo2Max,
                json!({"dateTime":"2023-10-15","value":{"vo2Max":"42-46"}})
            ),
            Some(44.0)
        );
        assert_eq!(
            f(
                Metric::Weight,
                json!({"bmi":23.57,"date":"2015-03-05","fat":14.5,"logId":1,"source":"API","time":"10:15:00","weight":73})
            ),
            Some(73.0)
        );
        assert_eq!(
            f(
                Metric::Calories,
                json!({"dateTime":"2016-03-08","value":"2345"})
            ),
            Some(2345.0)
        );
        assert_eq!(
            f(
                Metric::ActiveZoneMinutes,
                json!({"dateTime":"2020-02-01","value":{}})
            ),
            Some(0.0)
        );
        assert_eq!(
            f(
                Metric::ActiveZoneMinutes,
                json!({"dateTime":"2020-02-01","value":{"activeZoneMinutes":17,"fatBurnActiveZoneMinutes":7}})
            ),
            Some(17.0)
        );
        let g = |m: Metric, v: Value| match m.google().unwrap() {
            GoogleSource::Daily { value, .. }
            | GoogleSource::Samples { value, .. }
            | GoogleSource::Rollup { value, .. } => value(&v),
        };
        assert_eq!(
            g(Metric::RestingHeartRate, json!({"beatsPerMinute":"58"})),
            Some(58.0)
        );
        assert_eq!(
            g(
                Metric::SkinTemperature,
                json!({"nightlyTemperatureCelsius":34.5,"baselineTemperatureCelsius":34.2})
            ),
            Some(0.3)
        );
        assert_eq!(
            g(Metric::Weight, json!({"weightGrams":79832})),
            Some(79.832)
        );
        assert_eq!(
            g(Metric::Distance, json!({"millimetersSum":"7345678"})),
            Some(7.35)
        );
        assert_eq!(g(Metric::Calories, json!({"kcalSum":2345.6})), Some(2346.0));
    }

    #[test]
    fn units_for_display_only() {
        let us = Units::from_google(
            Some("DISTANCE_UNIT_MILES"),
            Some("WEIGHT_UNIT_POUNDS"),
            Some("TEMPERATURE_UNIT_FAHRENHEIT"),
        );
        assert_eq!(
            us,
            Units::from_google(Some("MILES"), Some("POUNDS"), Some("FAHRENHEIT"))
        );
        let uk = Units::from_google(
            Some("DISTANCE_UNIT_MILES"),
            Some("WEIGHT_UNIT_STONE"),
            Some("TEMPERATURE_UNIT_CELSIUS"),
        );
        assert_eq!(uk.text(Metric::Weight, 63.5029318), "10.0 st");
        assert_eq!(uk.text(Metric::SkinTemperature, -0.5), "-0.50 °C");
        assert_eq!(
            Units::from_google(
                Some("DISTANCE_UNIT_KILOMETERS"),
                Some("WEIGHT_UNIT_KILOGRAMS"),
                Some("TEMPERATURE_UNIT_CELSIUS")
            ),
            Units::default()
        );
        assert_eq!(
            us,
            Units::from_fitbit(Some("en_US"), Some("US"), Some("US"))
        );
        assert_eq!(us.text(Metric::Distance, 16.09344), "10.00 mi");
        assert_eq!(us.text(Metric::Weight, 45.359237), "100.0 lb");
        assert_eq!(us.text(Metric::SkinTemperature, -0.5), "-0.90 °F");
        let metric = Units::from_fitbit(Some("METRIC"), Some("METRIC"), None);
        assert_eq!(metric, Units::default());
        assert_eq!(metric.text(Metric::Distance, 7.35), "7.35 km");
        assert_eq!(metric.text(Metric::Calories, 2345.4), "2345 kcal");
    }
}
