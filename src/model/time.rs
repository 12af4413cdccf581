//! Time conversions. The rule: an instant is never derived from a zoneless string without the
//! zone it was written in, and a repeated local time (the fall-back hour) is resolved by order.

use super::zone::Zone;
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Offset};

/// `"3600s"`, `"-25200s"`, `"19800s"` (Google's Duration) to seconds east of UTC.
pub fn parse_offset(s: &str) -> Option<i32> {
    let n: i64 = s.strip_suffix('s')?.parse().ok()?;
    (n.abs() <= 18 * 3600).then_some(n as i32)
}

/// RFC 3339 with `Z` or an offset, to unix seconds.
pub fn parse_instant(s: &str) -> Option<i64> {
    DateTime::parse_from_rfc3339(s).ok().map(|d| d.timestamp())
}

/// `+05:30`, `-04:00`.
pub fn offset_text(secs: i32) -> String {
    let sign = if secs < 0 { '-' } else { '+' };
    let a = secs.unsigned_abs();
    format!("{sign}{:02}:{:02}", a / 3600, a % 3600 / 60)
}

/// The civil date at `t` with `offset` seconds east of UTC.
pub fn civil_date(t: i64, offset: i32) -> NaiveDate {
    local(t, offset).date()
}

/// The wall-clock time at `t` with `offset`.
pub fn local(t: i64, offset: i32) -> NaiveDateTime {
    let off = FixedOffset::east_opt(offset).unwrap_or_else(|| chrono::Utc.fix());
    DateTime::from_timestamp(t, 0)
        .map_or(NaiveDateTime::MIN, |d| d.with_timezone(&off).naive_local())
}

/// Seconds east of UTC in `zone` at instant `t`.
pub fn offset_in(zone: &Zone, t: i64) -> i32 {
    zone.offset_at(t)
}

/// The offset in force at `t` inside a span whose ends had `start_offset` and `end_offset`
/// (a sleep across a DST switch). With the zone (the user's, when its offsets match the span's
/// ends) the answer is exact. Without it, the switch is taken at 02:00 on the clock of the
/// offset before it: the rule of North America and most zones (the EU's autumn switch, at
/// 03:00 summer time, is then an hour early).
pub fn offset_within(
    t: i64,
    (start, start_offset): (i64, i32),
    (end, end_offset): (i64, i32),
    zone: Option<&Zone>,
) -> i32 {
    if start_offset == end_offset {
        return start_offset;
    }
    if let Some(z) =
        zone.filter(|z| offset_in(z, start) == start_offset && offset_in(z, end) == end_offset)
    {
        return offset_in(z, t);
    }
    let mut switch_local = local(start, start_offset).date().and_time(two_am());
    if switch_local <= local(start, start_offset) {
        switch_local += chrono::Duration::days(1);
    }
    let switch = switch_local.and_utc().timestamp() - i64::from(start_offset);
    if t < switch {
        start_offset
    } else {
        end_offset
    }
}

fn two_am() -> NaiveTime {
    NaiveTime::from_hms_opt(2, 0, 0).unwrap_or(NaiveTime::MIN)
}

/// The UTC date of a unix-millisecond time (a browser clock's reading), if it is one.
pub fn utc_day(ms: i64) -> Option<NaiveDate> {
    chrono::DateTime::from_timestamp_millis(ms).map(|t| t.date_naive())
}

/// Today's date on the device's own clock: what "today" and "yesterday" mean to the person at
/// the screen (which days may still grow, where a roll-up's zero days stop).
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// The instant inside a span where `offset_within` turns from `start_offset` to `end_offset`
/// (a sleep across a DST switch), or `None` when both ends share their offset.
pub fn switch_within(start: (i64, i32), end: (i64, i32), zone: Option<&Zone>) -> Option<i64> {
    if start.1 == end.1 || end.0 <= start.0 {
        return None;
    }
    // `offset_within` is the start's offset up to the switch and the end's from it on.
    let (mut lo, mut hi) = (start.0, end.0);
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if offset_within(mid, start, end, zone) == start.1 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Some(hi)
}

/// The marker an axis-label formatter carries for a span across a DST switch:
/// `fitdata-clock:{switch on the axis, ms}:{clock change, ms}`. The browser layer swaps it for
/// a function that labels with `clock_label` (a function cannot travel in JSON, and the CSP
/// allows no `eval`).
pub const CLOCK_MARKER: &str = "fitdata-clock:";

/// Reads a `CLOCK_MARKER` formatter: the switch on the axis and the clock change, in ms.
pub fn parse_clock_marker(formatter: &str) -> Option<(f64, f64)> {
    let (switch, delta) = formatter.strip_prefix(CLOCK_MARKER)?.split_once(':')?;
    Some((switch.parse().ok()?, delta.parse().ok()?))
}

/// A time-axis label, `HH:MM`, for a chart drawn on one clock (`x_ms`, the span's first
/// offset) whose labels must read as the local clock after a DST switch at `switch_x_ms` on
/// that axis, which moved the clock by `delta_ms`. Positions stay true elapsed time; only the
/// words change, so the chart and the CSV name the same local times.
pub fn clock_label(x_ms: f64, switch_x_ms: f64, delta_ms: f64) -> String {
    let shown = if x_ms >= switch_x_ms {
        x_ms + delta_ms
    } else {
        x_ms
    };
    let minutes = (shown / 60_000.0).floor() as i64;
    let m = minutes.rem_euclid(24 * 60);
    format!("{:02}:{:02}", m / 60, m % 60)
}

/// Appends `t` as `local_iso` writes it (`offset` given) or as `utc_iso` (none), byte for
/// byte, without chrono's formatter: a year of 1-minute heart rate is a million of these, and
/// this is the CSV's hot loop. Years outside 1000..=9999 take chrono's way.
pub fn push_iso(out: &mut Vec<u8>, t: i64, offset: Option<i32>) {
    // chrono refuses an offset of a day or more; `local_iso` then writes UTC as +00:00.
    let off = offset.map(|o| if o.abs() < 86_400 { o } else { 0 });
    let local = t + i64::from(off.unwrap_or(0));
    let (days, secs) = (local.div_euclid(86_400), local.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    if !(1000..=9999).contains(&y) {
        let text = match offset {
            Some(o) => local_iso(t, o),
            None => utc_iso(t),
        };
        out.extend_from_slice(text.as_bytes());
        return;
    }
    let two = |out: &mut Vec<u8>, v: i64| {
        out.extend_from_slice(&[b'0' + (v / 10) as u8, b'0' + (v % 10) as u8])
    };
    two(out, y / 100);
    two(out, y % 100);
    out.push(b'-');
    two(out, m);
    out.push(b'-');
    two(out, d);
    out.push(b'T');
    two(out, secs / 3600);
    out.push(b':');
    two(out, secs / 60 % 60);
    out.push(b':');
    two(out, secs % 60);
    match off {
        None => out.push(b'Z'),
        Some(o) => {
            out.push(if o < 0 { b'-' } else { b'+' });
            // chrono rounds an offset with seconds to the nearest minute.
            let minutes = (i64::from(o.unsigned_abs()) + 30) / 60;
            two(out, minutes / 60);
            out.push(b':');
            two(out, minutes % 60);
        }
    }
}

/// The proleptic Gregorian (year, month, day) of a count of days since 1970-01-01 (Howard
/// Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// ISO 8601 with offset, e.g. `2026-03-29T03:15:00+02:00`.
pub fn local_iso(t: i64, offset: i32) -> String {
    let off = FixedOffset::east_opt(offset).unwrap_or_else(|| chrono::Utc.fix());
    DateTime::from_timestamp(t, 0).map_or_else(String::new, |d| {
        d.with_timezone(&off)
            .format("%Y-%m-%dT%H:%M:%S%:z")
            .to_string()
    })
}

/// ISO 8601 in UTC with `Z`.
pub fn utc_iso(t: i64) -> String {
    DateTime::from_timestamp(t, 0)
        .map_or_else(String::new, |d| d.format("%Y-%m-%dT%H:%M:%SZ").to_string())
}

/// Resolves a local wall time in `zone` to (instant, offset). A time in the fall-back repeat
/// is the first occurrence unless that is not after `after`, then the second; a time in the
/// spring-forward gap does not exist and is `None`.
pub fn resolve_local(zone: &Zone, local: NaiveDateTime, after: Option<i64>) -> Option<(i64, i32)> {
    // Read as if UTC, the wall time is within a day of its instant: each offset in force
    // around it gives one candidate, which is real when the zone has that offset then.
    let as_utc = local.and_utc().timestamp();
    let mut found: Vec<(i64, i32)> = zone
        .offsets_between(as_utc - 86_400, as_utc + 86_400)
        .into_iter()
        .map(|o| (as_utc - i64::from(o), o))
        .filter(|&(t, o)| zone.offset_at(t) == o)
        .collect();
    found.sort_unstable();
    found.dedup();
    match found.as_slice() {
        [] => None,
        [one] => Some(*one),
        // The fall-back repeat: the first occurrence unless it is not after `after`.
        [first, .., last] => match after {
            Some(prev) if first.0 <= prev => Some(*last),
            _ => Some(*first),
        },
    }
}

/// Turns a Fitbit intraday series (times of day with no date or offset, in order) for civil
/// `date` in `zone` into instants. When a time goes backwards the series has crossed midnight
/// (a range request) or the fall-back hour; both are resolved by keeping instants increasing.
pub fn fitbit_day_times(zone: &Zone, date: NaiveDate, times: &[&str]) -> Vec<Option<(i64, i32)>> {
    let mut day = date;
    let mut prev_time: Option<NaiveTime> = None;
    let mut prev_instant: Option<i64> = None;
    times
        .iter()
        .map(|s| {
            let time = NaiveTime::parse_from_str(s, "%H:%M:%S").ok()?;
            if let Some(p) = prev_time {
                // More than an hour backwards is the next day; up to an hour back is the repeat.
                if time < p && (p - time).num_seconds() > 3600 {
                    day = day.succ_opt().unwrap_or(day);
                }
            }
            prev_time = Some(time);
            let r = resolve_local(zone, day.and_time(time), prev_instant);
            if let Some((t, _)) = r {
                prev_instant = Some(t);
            }
            r
        })
        .collect()
}

/// A Fitbit local timestamp (`2026-03-29T01:30:00.000`, the fraction optional) as the wall
/// clock it names, with no zone: sleep logs of the Web API and of the account export.
pub fn fitbit_naive(s: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f")
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S"))
        .ok()
}

/// A Fitbit local timestamp in `zone`, after `after`.
pub fn fitbit_local(zone: &Zone, s: &str, after: Option<i64>) -> Option<(i64, i32)> {
    resolve_local(zone, fitbit_naive(s)?, after)
}

/// A wait or a time left, as a person reads it.
pub fn duration_text(secs: i64) -> String {
    match secs {
        s if s < 60 => "under a minute".to_string(),
        s if s < 3600 => format!("{} min", (s + 59) / 60),
        // Minutes rounded up first, then split: 3,599 s past the hour is the next hour, not
        // "60 min".
        s => {
            let m = (s + 59) / 60;
            format!("{} h {} min", m / 60, m % 60)
        }
    }
}

/// A size in bytes, as a person reads it (decimal units, as file managers show them).
pub fn size_text(bytes: u64) -> String {
    let b = bytes as f64;
    match bytes {
        n if n < 1_000 => format!("{n} B"),
        n if n < 1_000_000 => format!("{:.0} kB", b / 1e3),
        n if n < 1_000_000_000 => format!("{:.1} MB", b / 1e6),
        _ => format!("{:.2} GB", b / 1e9),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn berlin() -> Zone {
        Zone::tzdb("Europe/Berlin").unwrap()
    }
    fn los_angeles() -> Zone {
        Zone::tzdb("America/Los_Angeles").unwrap()
    }

    #[test]
    fn durations_read_in_whole_minutes_rounded_up() {
        assert_eq!(duration_text(59), "under a minute");
        assert_eq!(duration_text(61), "2 min");
        assert_eq!(duration_text(3600), "1 h 0 min");
        // 164 h 59 min 30 s: the next hour, never "164 h 60 min".
        assert_eq!(duration_text(164 * 3600 + 59 * 60 + 30), "165 h 0 min");
        assert_eq!(duration_text(3 * 3600 + 61), "3 h 2 min");
    }

    #[test]
    fn push_iso_rounds_an_offset_as_chrono_does() {
        // Offsets in seconds around every rounding edge, on both sides of zero, over the
        // spring-forward night; tests/properties.rs compares the whole range.
        let t = parse_instant("2026-03-29T00:59:59Z").unwrap();
        for offset in
            (-200..=200).chain([-5430, -5400, 5399, 5430, 50_400, -43_200, 86_399, 86_400])
        {
            let mut out = Vec::new();
            push_iso(&mut out, t, Some(offset));
            assert_eq!(
                String::from_utf8(out).unwrap(),
                local_iso(t, offset),
                "offset {offset}"
            );
        }
    }

    #[test]
    fn the_switch_inside_a_span_and_the_labels_after_it() {
        // Spring forward in Berlin, 2026-03-29: 02:00 CET is 03:00 CEST, at 01:00 UTC.
        let bed = parse_instant("2026-03-28T22:00:00Z").unwrap();
        let wake = parse_instant("2026-03-29T05:00:00Z").unwrap();
        let at = parse_instant("2026-03-29T01:00:00Z").unwrap();
        assert_eq!(
            switch_within((bed, 3600), (wake, 7200), Some(&berlin())),
            Some(at)
        );
        // Without the zone, the 02:00 rule of `offset_within` places it the same here.
        assert_eq!(switch_within((bed, 3600), (wake, 7200), None), Some(at));
        assert_eq!(
            switch_within((bed, 3600), (wake, 3600), Some(&berlin())),
            None
        );
        // On the bedtime clock the switch is at 02:00; labels from there on read an hour on.
        let x = |t: i64| ((t + 3600) * 1000) as f64;
        assert_eq!(clock_label(x(at - 60), x(at), 3_600_000.0), "01:59");
        assert_eq!(clock_label(x(at), x(at), 3_600_000.0), "03:00");
        assert_eq!(clock_label(x(wake), x(at), 3_600_000.0), "07:00");
        assert_eq!(
            parse_clock_marker("fitdata-clock:7200000:-3600000"),
            Some((7_200_000.0, -3_600_000.0))
        );
        assert_eq!(parse_clock_marker("{value}"), None);
    }

    fn utc(s: &str) -> i64 {
        parse_instant(s).unwrap()
    }
    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn offsets_and_instants() {
        assert_eq!(parse_offset("3600s"), Some(3600));
        assert_eq!(parse_offset("-25200s"), Some(-25200));
        assert_eq!(parse_offset("19800s"), Some(19800));
        assert_eq!(parse_offset("3600"), None);
        assert_eq!(parse_offset("99999999s"), None);
        assert_eq!(
            local_iso(utc("2026-03-29T01:15:00Z"), 7200),
            "2026-03-29T03:15:00+02:00"
        );
        assert_eq!(
            utc_iso(utc("2026-03-29T03:15:00+02:00")),
            "2026-03-29T01:15:00Z"
        );
    }

    #[test]
    fn berlin_spring_forward_night() {
        // 2026-03-29: 02:00 CET jumps to 03:00 CEST.
        let times = ["01:59:00", "02:30:00", "03:00:00"];
        let r = fitbit_day_times(&berlin(), d(2026, 3, 29), &times);
        assert_eq!(r[0], Some((utc("2026-03-29T00:59:00Z"), 3600)));
        assert_eq!(r[1], None, "02:30 does not exist that night");
        assert_eq!(r[2], Some((utc("2026-03-29T01:00:00Z"), 7200)));
    }

    #[test]
    fn offsets_inside_a_night_across_a_switch() {
        // Berlin, 2026-10-25: 03:00 CEST -> 02:00 CET at 01:00 UTC.
        let start = 1_792_875_600; // 2026-10-24T21:00Z
        let end = 1_792_911_600; // 2026-10-25T07:00Z
        let berlin = berlin();
        let at = |t, zone| offset_within(t, (start, 7200), (end, 3600), zone);
        assert_eq!(at(1_792_890_000 - 1, Some(&berlin)), 7200);
        assert_eq!(at(1_792_890_000, Some(&berlin)), 3600);
        // Without the zone: 02:00 CEST (00:00 UTC), the documented hour early.
        assert_eq!(at(1_792_886_400 - 1, None), 7200);
        assert_eq!(at(1_792_886_400, None), 3600);
        // Los Angeles, 2026-11-01: 02:00 PDT -> 01:00 PST at 09:00 UTC; the rule is exact.
        let (s2, e2) = (1_793_512_800, 1_793_548_800); // 06:00Z .. 16:00Z
        assert_eq!(
            offset_within(1_793_523_600 - 1, (s2, -25_200), (e2, -28_800), None),
            -25_200
        );
        assert_eq!(
            offset_within(1_793_523_600, (s2, -25_200), (e2, -28_800), None),
            -28_800
        );
        let la = los_angeles();
        assert_eq!(
            offset_within(1_793_523_600, (s2, -25_200), (e2, -28_800), Some(&la)),
            -28_800
        );
        // A zone whose offsets do not match the span (the user travelled) is not used.
        assert_eq!(
            offset_within(1_793_523_600, (s2, -25_200), (e2, -28_800), Some(&berlin)),
            -28_800
        );
        assert_eq!(offset_within(5, (0, 60), (10, 60), Some(&berlin)), 60);
    }

    #[test]
    fn berlin_fall_back_night_repeats_by_order() {
        // 2026-10-25: 03:00 CEST falls back to 02:00 CET; 02:30 happens twice.
        let times = [
            "02:00:00", "02:30:00", "02:59:00", "02:00:00", "02:30:00", "03:00:00",
        ];
        let r: Vec<(i64, i32)> = fitbit_day_times(&berlin(), d(2026, 10, 25), &times)
            .into_iter()
            .map(Option::unwrap)
            .collect();
        assert_eq!(r[0], (utc("2026-10-25T00:00:00Z"), 7200));
        assert_eq!(r[1], (utc("2026-10-25T00:30:00Z"), 7200));
        assert_eq!(r[2], (utc("2026-10-25T00:59:00Z"), 7200));
        assert_eq!(r[3], (utc("2026-10-25T01:00:00Z"), 3600));
        assert_eq!(r[4], (utc("2026-10-25T01:30:00Z"), 3600));
        assert_eq!(r[5], (utc("2026-10-25T02:00:00Z"), 3600));
    }

    #[test]
    fn los_angeles_both_nights() {
        // 2026-03-08: 02:00 PST → 03:00 PDT. 2026-11-01: 02:00 PDT → 01:00 PST.
        let spring = fitbit_day_times(
            &los_angeles(),
            d(2026, 3, 8),
            &["01:30:00", "02:30:00", "03:30:00"],
        );
        assert_eq!(
            spring,
            vec![
                Some((utc("2026-03-08T09:30:00Z"), -28800)),
                None,
                Some((utc("2026-03-08T10:30:00Z"), -25200))
            ]
        );
        let fall = fitbit_day_times(
            &los_angeles(),
            d(2026, 11, 1),
            &["01:30:00", "01:30:00", "02:30:00"],
        );
        assert_eq!(
            fall,
            vec![
                Some((utc("2026-11-01T08:30:00Z"), -25200)),
                Some((utc("2026-11-01T09:30:00Z"), -28800)),
                Some((utc("2026-11-01T10:30:00Z"), -28800))
            ]
        );
    }

    #[test]
    fn midnight_crossing_and_the_trip() {
        // A 22:00 → 06:00 range: times go back by many hours, so the date moves on.
        let r = fitbit_day_times(&berlin(), d(2026, 5, 1), &["23:59:00", "00:01:00"]);
        assert_eq!(r[1].unwrap().0 - r[0].unwrap().0, 120);
        // A trip: the same wall time in two zones is two different instants; with the recorded
        // offset kept, each sample still knows its own local time.
        let in_berlin = resolve_local(
            &berlin(),
            d(2026, 6, 10).and_hms_opt(9, 0, 0).unwrap(),
            None,
        )
        .unwrap();
        let la = resolve_local(
            &los_angeles(),
            d(2026, 6, 10).and_hms_opt(9, 0, 0).unwrap(),
            None,
        )
        .unwrap();
        assert_eq!(la.0 - in_berlin.0, 9 * 3600);
        assert_eq!(local_iso(la.0, la.1), "2026-06-10T09:00:00-07:00");
        assert_eq!(
            civil_date(utc("2026-06-10T23:30:00Z"), 7200),
            d(2026, 6, 11)
        );
        assert_eq!(
            civil_date(utc("2026-06-10T23:30:00Z"), -25200),
            d(2026, 6, 10)
        );
        assert_eq!(
            fitbit_local(
                &berlin(),
                "2026-10-25T02:30:00.000",
                Some(utc("2026-10-25T00:30:00Z"))
            ),
            Some((utc("2026-10-25T01:30:00Z"), 3600))
        );
    }
}
