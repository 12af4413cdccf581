//! A workout's route: its GPS track read from a TCX file (what Google's `exportExerciseTcx`
//! gives), the distance markers drawn along it, its shape on a flat map, and the GPX file
//! that takes it to any other app. Pure.

use serde::{Deserialize, Serialize};

/// One fix of the track.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Fix {
    /// Unix milliseconds (TCX times carry them).
    pub t_ms: i64,
    pub lat: f64,
    pub lon: f64,
    /// Metres above sea level, where the file says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub altitude_m: Option<f64>,
    /// Metres from the start as the device counted them, where the file says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distance_m: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bpm: Option<f64>,
}

/// Why a TCX file gave no route.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RouteError {
    #[error("the route file is not valid XML ({0}); try again, or download its TCX to look at it")]
    Xml(String),
    #[error("the route file is not a TCX file (its root is <{0}>)")]
    NotTcx(String),
    #[error("the route file has a trackpoint time that cannot be read: {0}")]
    Time(String),
}

/// The fixes of a TCX file, in time order: every trackpoint with a position (a trackpoint
/// without one, as an indoor workout's or a GPS dropout's, is not a place). Laps and tracks are
/// joined in the file's order; numbers that cannot be read leave their field empty.
pub fn from_tcx(text: &str) -> Result<Vec<Fix>, RouteError> {
    let doc = roxmltree::Document::parse(text).map_err(|e| RouteError::Xml(e.to_string()))?;
    let root = doc.root_element();
    if root.tag_name().name() != "TrainingCenterDatabase" {
        return Err(RouteError::NotTcx(root.tag_name().name().to_string()));
    }
    let mut out = Vec::new();
    for p in root
        .descendants()
        .filter(|n| n.is_element() && n.tag_name().name() == "Trackpoint")
    {
        let Some(pos) = child(p, "Position") else {
            continue;
        };
        let (Some(lat), Some(lon)) = (
            number(child(pos, "LatitudeDegrees")),
            number(child(pos, "LongitudeDegrees")),
        ) else {
            continue;
        };
        if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
            continue;
        }
        let time = child(p, "Time").and_then(|n| n.text()).unwrap_or("").trim();
        let t_ms = chrono::DateTime::parse_from_rfc3339(time)
            .map_err(|_| RouteError::Time(time.to_string()))?
            .timestamp_millis();
        out.push(Fix {
            t_ms,
            lat,
            lon,
            altitude_m: number(child(p, "AltitudeMeters")),
            distance_m: number(child(p, "DistanceMeters")),
            bpm: number(child(p, "HeartRateBpm").and_then(|h| child(h, "Value"))),
        });
    }
    out.sort_by_key(|f| f.t_ms);
    Ok(out)
}

/// The first child element of `n` named `name`.
fn child<'a, 'i>(n: roxmltree::Node<'a, 'i>, name: &str) -> Option<roxmltree::Node<'a, 'i>> {
    n.children()
        .find(|c| c.is_element() && c.tag_name().name() == name)
}

/// The finite number an element holds, if it holds one.
fn number(n: Option<roxmltree::Node<'_, '_>>) -> Option<f64> {
    n.and_then(|n| n.text())
        .and_then(|t| t.trim().parse::<f64>().ok())
        .filter(|v| v.is_finite())
}

/// Metres between two fixes on a sphere of the Earth's mean radius (haversine).
pub fn metres_between(a: &Fix, b: &Fix) -> f64 {
    let (la, lb) = (a.lat.to_radians(), b.lat.to_radians());
    let (dla, dlo) = (lb - la, (b.lon - a.lon).to_radians());
    let h = (dla / 2.0).sin().powi(2) + la.cos() * lb.cos() * (dlo / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_M * h.sqrt().min(1.0).asin()
}

const EARTH_RADIUS_M: f64 = 6_371_000.0;

/// The distance of each fix from the start: the device's own where every fix has one (it
/// counts what GPS misses), else the sum of the straight lines between the fixes.
pub fn distances(fixes: &[Fix]) -> Vec<f64> {
    if !fixes.is_empty() && fixes.iter().all(|f| f.distance_m.is_some()) {
        return fixes.iter().map(|f| f.distance_m.unwrap_or(0.0)).collect();
    }
    let mut done = 0.0;
    let mut out = Vec::with_capacity(fixes.len());
    for (i, f) in fixes.iter().enumerate() {
        if i > 0 {
            done += metres_between(&fixes[i - 1], f);
        }
        out.push(done);
    }
    out
}

/// Where the route passed each whole `every_m` metres (a kilometre or a mile): the `n`th
/// marker, and the place, between the two fixes on either side, in proportion.
pub fn markers(fixes: &[Fix], every_m: f64) -> Vec<(u32, f64, f64)> {
    let d = distances(fixes);
    let mut out = Vec::new();
    if every_m <= 0.0 {
        return out;
    }
    let mut next = 1u32;
    for i in 1..fixes.len() {
        while f64::from(next) * every_m <= d[i] {
            let at = f64::from(next) * every_m;
            let span = d[i] - d[i - 1];
            let k = if span > 0.0 {
                (at - d[i - 1]) / span
            } else {
                1.0
            };
            let (a, b) = (&fixes[i - 1], &fixes[i]);
            out.push((
                next,
                a.lat + (b.lat - a.lat) * k,
                a.lon + (b.lon - a.lon) * k,
            ));
            next += 1;
        }
    }
    out
}

/// The route on a flat map: metres east and north of its first fix (an equirectangular
/// projection at the route's mean latitude: a workout's few kilometres come out true to well
/// under a metre in a hundred).
pub fn flat(fixes: &[Fix]) -> Vec<(f64, f64)> {
    let Some(first) = fixes.first() else {
        return Vec::new();
    };
    flat_at(fixes, first.lat, first.lon, mean_lat(fixes))
}

fn mean_lat(fixes: &[Fix]) -> f64 {
    fixes.iter().map(|f| f.lat).sum::<f64>() / fixes.len().max(1) as f64
}

/// `flat` from a given origin and scale latitude (for places that are not fixes, as markers).
pub fn flat_at(fixes: &[Fix], lat0: f64, lon0: f64, scale_lat: f64) -> Vec<(f64, f64)> {
    let per_degree = EARTH_RADIUS_M * std::f64::consts::PI / 180.0;
    let across = scale_lat.to_radians().cos();
    fixes
        .iter()
        .map(|f| {
            (
                (f.lon - lon0) * per_degree * across,
                (f.lat - lat0) * per_degree,
            )
        })
        .collect()
}

/// A place as a point of `flat(fixes)`'s map.
pub fn flat_point(fixes: &[Fix], lat: f64, lon: f64) -> (f64, f64) {
    let Some(first) = fixes.first() else {
        return (0.0, 0.0);
    };
    let probe = Fix {
        t_ms: 0,
        lat,
        lon,
        altitude_m: None,
        distance_m: None,
        bpm: None,
    };
    flat_at(&[probe], first.lat, first.lon, mean_lat(fixes))
        .first()
        .copied()
        .unwrap_or((0.0, 0.0))
}

/// The route as a GPX 1.1 file: one track named `name`, one segment, a point per fix with
/// its elevation and UTC time (what Strava, Garmin Connect and every map app read).
pub fn gpx(fixes: &[Fix], name: &str) -> String {
    let mut out = String::from(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
        "<gpx version=\"1.1\" creator=\"fitdata\" xmlns=\"http://www.topografix.com/GPX/1/1\">\n",
    ));
    let time = |ms: i64| {
        chrono::DateTime::from_timestamp_millis(ms)
            .map(|t| t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string())
            .unwrap_or_default()
    };
    if let Some(first) = fixes.first() {
        out.push_str(&format!(
            "<metadata><time>{}</time></metadata>\n",
            time(first.t_ms)
        ));
    }
    out.push_str(&format!("<trk><name>{}</name><trkseg>\n", escape(name)));
    for f in fixes {
        out.push_str(&format!(
            "<trkpt lat=\"{:.7}\" lon=\"{:.7}\">",
            f.lat, f.lon
        ));
        if let Some(e) = f.altitude_m {
            out.push_str(&format!("<ele>{e:.1}</ele>"));
        }
        out.push_str(&format!("<time>{}</time></trkpt>\n", time(f.t_ms)));
    }
    out.push_str("</trkseg></trk>\n</gpx>\n");
    out
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests;
