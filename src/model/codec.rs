//! A day's payload as compact bytes: what the cache stores and what the import's worker hands
//! the page. Readings (a day of 1-second heart rate is 86,400 of them) are columns of small
//! integers; every other payload is its JSON text, which is small.
//!
//! Why not JSON for readings: a 1-second day is 3.8 MB of JSON text, which the worker wrote,
//! the page parsed and wrapped, and IndexedDB wrote to disk; as columns it is about 2 bytes a
//! reading (~175 kB), written and read with no text at all.
//!
//! Layout (all integers LEB128 varints; signed ones zigzag):
//! - tag `0`: the payload's JSON text follows, to the end.
//! - tag `1`, readings: `n`; the instants (the first, then each one's step from the last);
//!   the offsets as runs (`runs`, then `length, offset` per run); a value mode, then the values:
//!   mode `0` as whole numbers (the first, then each step), mode `1` as `n` little-endian f64.
//!
//! Decoding checks every length against the bytes it has and never panics: a damaged record
//! is `None`, which the cache treats as missing.

use super::{Payload, Sample};

const JSON: u8 = 0;
const SAMPLES: u8 = 1;
const WHOLE: u8 = 0;
const FLOAT: u8 = 1;

/// The payload's bytes. `None` when it holds a number that is not finite (the cache keeps
/// none: `Payload::finite`) or cannot be written.
pub fn encode(payload: &Payload) -> Option<Vec<u8>> {
    match payload {
        Payload::Samples(items) => samples(items),
        other => {
            // JSON writes a NaN as `null`, which would not read back as this payload. (Checked
            // by comparison, not by decoding: the import's worker never decodes a payload.)
            if other.clone().finite() != *other {
                return None;
            }
            let mut out = vec![JSON];
            serde_json::to_writer(&mut out, other).ok()?;
            Some(out)
        }
    }
}

/// A value kept as a whole number when it is one exactly (every heart rate is).
fn whole(v: f64) -> Option<i64> {
    // Below 2^53 every whole f64 is exact as i64; -0.0 would come back as 0.0.
    (v.fract() == 0.0 && v.abs() < 9_007_199_254_740_992.0 && !(v == 0.0 && v.is_sign_negative()))
        .then_some(v as i64)
}

fn samples(items: &[Sample]) -> Option<Vec<u8>> {
    if items.iter().any(|s| !s.value.is_finite()) {
        return None;
    }
    let mut out = Vec::with_capacity(16 + items.len() * 3);
    out.push(SAMPLES);
    put(&mut out, items.len() as u64);
    let mut last = 0i64;
    for s in items {
        put_signed(&mut out, s.t.wrapping_sub(last));
        last = s.t;
    }
    let mut runs: Vec<(u64, i32)> = Vec::new();
    for s in items {
        match runs.last_mut() {
            Some((n, o)) if *o == s.offset => *n += 1,
            _ => runs.push((1, s.offset)),
        }
    }
    put(&mut out, runs.len() as u64);
    for (n, o) in runs {
        put(&mut out, n);
        put_signed(&mut out, i64::from(o));
    }
    let wholes: Option<Vec<i64>> = items.iter().map(|s| whole(s.value)).collect();
    match wholes {
        Some(values) => {
            out.push(WHOLE);
            let mut last = 0i64;
            for v in values {
                put_signed(&mut out, v.wrapping_sub(last));
                last = v;
            }
        }
        None => {
            out.push(FLOAT);
            for s in items {
                out.extend_from_slice(&s.value.to_le_bytes());
            }
        }
    }
    Some(out)
}

/// The payload `encode` wrote, or `None` for bytes it did not write.
pub fn decode(bytes: &[u8]) -> Option<Payload> {
    let (&tag, rest) = bytes.split_first()?;
    match tag {
        JSON => match serde_json::from_slice(rest).ok()? {
            // Readings are always columns: JSON ones were not written here.
            Payload::Samples(_) => None,
            other => Some(other),
        },
        SAMPLES => decode_samples(&mut Reader { bytes: rest }).map(Payload::Samples),
        _ => None,
    }
}

fn decode_samples(r: &mut Reader) -> Option<Vec<Sample>> {
    let n = usize::try_from(r.get()?).ok()?;
    // Each reading takes at least one byte for its instant: a larger count is damage, and is
    // never allocated for.
    if n > r.bytes.len() {
        return None;
    }
    let mut out = Vec::with_capacity(n);
    let mut t = 0i64;
    for _ in 0..n {
        t = t.wrapping_add(r.get_signed()?);
        out.push(Sample {
            t,
            offset: 0,
            value: 0.0,
        });
    }
    let runs = r.get()?;
    let mut at = 0usize;
    for _ in 0..runs {
        let len = usize::try_from(r.get()?).ok()?;
        let offset = i32::try_from(r.get_signed()?).ok()?;
        let end = at.checked_add(len).filter(|e| *e <= n)?;
        for s in &mut out[at..end] {
            s.offset = offset;
        }
        at = end;
    }
    if at != n {
        return None;
    }
    match r.byte()? {
        WHOLE => {
            let mut v = 0i64;
            for s in &mut out {
                v = v.wrapping_add(r.get_signed()?);
                s.value = v as f64;
            }
        }
        FLOAT => {
            for s in &mut out {
                let (head, rest) = r.bytes.split_first_chunk::<8>()?;
                s.value = f64::from_le_bytes(*head);
                r.bytes = rest;
            }
        }
        _ => return None,
    }
    r.bytes.is_empty().then_some(out)
}

fn put(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn put_signed(out: &mut Vec<u8>, v: i64) {
    put(out, ((v << 1) ^ (v >> 63)) as u64);
}

struct Reader<'a> {
    bytes: &'a [u8],
}

impl Reader<'_> {
    fn byte(&mut self) -> Option<u8> {
        let (&b, rest) = self.bytes.split_first()?;
        self.bytes = rest;
        Some(b)
    }

    fn get(&mut self) -> Option<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            // The tenth byte may carry only the top bit.
            if shift == 63 && b > 1 {
                return None;
            }
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Some(v);
            }
        }
        None
    }

    fn get_signed(&mut self) -> Option<i64> {
        let v = self.get()?;
        Some((v >> 1) as i64 ^ -((v & 1) as i64))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Daily, Interval};
    use chrono::NaiveDate;

    fn day_of_seconds() -> Vec<Sample> {
        // A 1-second day across a DST switch, with a gap.
        (0..86_400i64)
            .filter(|s| !(30_000..31_000).contains(s))
            .map(|s| Sample {
                t: 1_774_738_800 + s,
                offset: if s < 3_600 { 3_600 } else { 7_200 },
                value: 55.0 + ((s * 7_919) % 61) as f64,
            })
            .collect()
    }

    #[test]
    fn a_second_by_second_day_is_about_two_bytes_a_reading_and_reads_back_exactly() {
        let items = day_of_seconds();
        let p = Payload::Samples(items.clone());
        let bytes = encode(&p).unwrap();
        assert!(bytes.len() < items.len() * 3, "{} bytes", bytes.len());
        let json = serde_json::to_vec(&p).unwrap();
        assert!(
            json.len() > bytes.len() * 15,
            "{} vs {}",
            json.len(),
            bytes.len()
        );
        assert_eq!(decode(&bytes), Some(p));
    }

    #[test]
    fn fractions_negative_zero_and_huge_values_read_back_bit_for_bit() {
        for value in [
            36.6,
            -0.0,
            1e300,
            -7.0,
            9_007_199_254_740_993.0,
            f64::MIN_POSITIVE,
        ] {
            let p = Payload::Samples(vec![
                Sample {
                    t: -5,
                    offset: -36_000,
                    value: 60.0,
                },
                Sample {
                    t: i64::MAX,
                    offset: 50_400,
                    value,
                },
            ]);
            let back = decode(&encode(&p).unwrap()).unwrap();
            let Payload::Samples(b) = &back else {
                panic!("{back:?}")
            };
            assert_eq!(b[1].value.to_bits(), value.to_bits(), "{value}");
            assert_eq!(back, p);
        }
    }

    #[test]
    fn a_reading_that_is_not_a_number_is_refused_not_stored() {
        for bad in [f64::NAN, f64::INFINITY] {
            let p = Payload::Samples(vec![Sample {
                t: 1,
                offset: 0,
                value: bad,
            }]);
            assert_eq!(encode(&p), None);
        }
        let daily = Payload::Daily(vec![Daily {
            date: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            value: f64::NAN,
            parts: None,
        }]);
        assert_eq!(encode(&daily), None);
    }

    #[test]
    fn other_payloads_are_their_json_and_read_back() {
        let p = Payload::Intervals(vec![Interval {
            start: 60,
            end: 120,
            offset: 3_600,
            value: 12.0,
        }]);
        let bytes = encode(&p).unwrap();
        assert_eq!(bytes[0], JSON);
        assert_eq!(decode(&bytes), Some(p));
        assert_eq!(
            decode(&encode(&Payload::Samples(vec![])).unwrap()),
            Some(Payload::Samples(vec![]))
        );
        // Readings as JSON are not a layout this writes.
        let mut json = vec![JSON];
        json.extend(serde_json::to_vec(&Payload::Samples(vec![])).unwrap());
        assert_eq!(decode(&json), None);
    }

    #[test]
    fn damaged_bytes_are_none() {
        let bytes = encode(&Payload::Samples(day_of_seconds())).unwrap();
        for cut in [0, 1, 2, 100, bytes.len() / 2, bytes.len() - 1] {
            assert_eq!(decode(&bytes[..cut]), None, "cut at {cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(decode(&longer), None);
        // A count far beyond the bytes is refused before anything is allocated for it.
        assert_eq!(decode(&[SAMPLES, 0xff, 0xff, 0xff, 0xff, 0x0f]), None);
        assert_eq!(decode(&[9]), None);
    }

    // proptest is a host dev-dependency (tests/properties.rs).
    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn any_readings_read_back(items in prop::collection::vec(
                (any::<i64>(), any::<i32>(), prop_oneof![
                    (-300i64..300).prop_map(|v| v as f64),
                    any::<f64>().prop_filter("finite", |v| v.is_finite()),
                ]).prop_map(|(t, offset, value)| Sample { t, offset, value }),
                0..200,
            )) {
                let p = Payload::Samples(items);
                prop_assert_eq!(decode(&encode(&p).unwrap()), Some(p));
            }

            #[test]
            fn any_bytes_decode_without_panicking(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
                let _ = decode(&bytes);
                let mut tagged = vec![SAMPLES];
                tagged.extend(&bytes);
                let _ = decode(&tagged);
            }
        }
    }
}
