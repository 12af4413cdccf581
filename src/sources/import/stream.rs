//! Reading one JSON array element by element, so a 3.6 MB heart-rate day (or a larger file) is
//! never built into a document tree: each element is decoded and handed on. The bytes are one
//! file's, already in memory (a slice parses several times faster than a reader). Pure.

use serde::de::{Deserialize, DeserializeSeed, SeqAccess, Visitor};
use std::fmt;
use std::marker::PhantomData;

struct Each<T, F> {
    f: F,
    count: usize,
    _t: PhantomData<T>,
}

impl<'de, T: Deserialize<'de>, F: FnMut(T)> Visitor<'de> for &mut Each<T, F> {
    type Value = ();

    fn expecting(&self, out: &mut fmt::Formatter) -> fmt::Result {
        out.write_str("a JSON array")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(item) = seq.next_element::<T>()? {
            (self.f)(item);
            self.count += 1;
        }
        Ok(())
    }
}

impl<'de, T: Deserialize<'de>, F: FnMut(T)> DeserializeSeed<'de> for &mut Each<T, F> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

/// Calls `f` with each element of the JSON array in `bytes`, in order, and returns how many
/// there were. An error names the line and column where reading stopped. Elements may borrow
/// from `bytes` (a time string is then never copied).
pub fn each<'a, T: Deserialize<'a>>(
    bytes: &'a [u8],
    f: impl FnMut(T),
) -> Result<usize, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let mut each = Each {
        f,
        count: 0,
        _t: PhantomData,
    };
    (&mut each).deserialize(&mut de)?;
    de.end()?;
    Ok(each.count)
}

/// A heart-rate day file's readings, `(dateTime, bpm)`, read by a scanner that knows the one
/// shape every Fitbit export writes them in: `[{"dateTime": "…", "value": {"bpm": N,
/// "confidence": N}}, …]`, any whitespace. It runs once per reading, tens of millions of times
/// in a long export, and reads several times faster than the general parser. `None` when the
/// file strays from that shape in any way (another key, a key order, an escape, a bpm that is
/// not a plain whole number): the caller then reads it with `each`, which decides, so what
/// this returns is always what `each` would have given.
pub fn hr_points(bytes: &[u8], mut f: impl FnMut(&str, f64)) -> Option<usize> {
    let mut c = Cursor { b: bytes, i: 0 };
    c.byte(b'[')?;
    let mut n = 0;
    if c.peek() == Some(b']') {
        c.i += 1;
    } else {
        loop {
            c.byte(b'{')?;
            c.key(b"dateTime")?;
            let time = c.string()?;
            c.byte(b',')?;
            c.key(b"value")?;
            c.byte(b'{')?;
            c.key(b"bpm")?;
            let bpm = c.whole()?;
            if c.peek() == Some(b',') {
                c.i += 1;
                c.key(b"confidence")?;
                c.whole()?;
            }
            c.byte(b'}')?;
            c.byte(b'}')?;
            f(time, bpm);
            n += 1;
            match c.next()? {
                b',' => {}
                b']' => break,
                _ => return None,
            }
        }
    }
    // Nothing but whitespace after the array.
    (c.peek().is_none()).then_some(n)
}

struct Cursor<'a> {
    b: &'a [u8],
    i: usize,
}

impl<'a> Cursor<'a> {
    /// The next byte that is not JSON whitespace, not taken.
    #[inline(always)]
    fn peek(&mut self) -> Option<u8> {
        while let Some(&x) = self.b.get(self.i) {
            if !matches!(x, b' ' | b'\n' | b'\r' | b'\t') {
                return Some(x);
            }
            self.i += 1;
        }
        None
    }

    #[inline(always)]
    fn next(&mut self) -> Option<u8> {
        let x = self.peek()?;
        self.i += 1;
        Some(x)
    }

    #[inline(always)]
    fn byte(&mut self, want: u8) -> Option<()> {
        (self.next()? == want).then_some(())
    }

    /// A string without escapes (the general parser handles those).
    #[inline(always)]
    fn string(&mut self) -> Option<&'a str> {
        self.byte(b'"')?;
        let rest = self.b.get(self.i..)?;
        let len = rest.iter().position(|&x| x == b'"' || x == b'\\')?;
        if rest.get(len) != Some(&b'"') {
            return None;
        }
        let text = std::str::from_utf8(rest.get(..len)?).ok()?;
        // JSON forbids control characters in strings: such a file is the parser's to refuse.
        if text.bytes().any(|x| x < 0x20) {
            return None;
        }
        self.i += len + 1;
        Some(text)
    }

    /// `"name" :`
    #[inline(always)]
    fn key(&mut self, name: &[u8]) -> Option<()> {
        (self.string()?.as_bytes() == name).then_some(())?;
        self.byte(b':')
    }

    /// A plain whole number (what the general parser reads as an unsigned integer, then as
    /// f64). Anything else (a sign, a fraction, an exponent, a leading zero, a string) is left
    /// to the general parser.
    #[inline(always)]
    fn whole(&mut self) -> Option<f64> {
        self.peek()?;
        let digits = self
            .b
            .get(self.i..)?
            .iter()
            .take_while(|x| x.is_ascii_digit())
            .count();
        let text = self.b.get(self.i..self.i + digits)?;
        if digits == 0 || digits > 15 || (digits > 1 && text.first() == Some(&b'0')) {
            return None;
        }
        if matches!(
            self.b.get(self.i + digits),
            Some(b'.' | b'e' | b'E' | b'-' | b'+')
        ) {
            return None;
        }
        let v = text
            .iter()
            .fold(0u64, |acc, x| acc * 10 + u64::from(x - b'0'));
        self.i += digits;
        Some(v as f64)
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    #[test]
    fn each_element_in_order_and_errors_say_where() {
        let mut got = Vec::new();
        let n = each::<u32>("[1, 2,\n 3]".as_bytes(), |x| got.push(x)).unwrap();
        assert_eq!((n, got), (3, vec![1, 2, 3]));
        let e = each::<u32>("[1,\n x]".as_bytes(), |_| {}).unwrap_err();
        assert_eq!(e.line(), 2);
        assert!(each::<u32>("{}".as_bytes(), |_| {}).is_err());
        assert!(each::<u32>("[1] [2]".as_bytes(), |_| {}).is_err());
    }

    /// A heart-rate reading as the general parser reads it, for comparing with the scanner.
    #[derive(serde::Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct P {
        date_time: String,
        value: V,
    }
    #[derive(serde::Deserialize)]
    struct V {
        bpm: f64,
    }

    /// `(dateTime, bpm)` of every reading, by the general parser.
    pub fn general(bytes: &[u8]) -> Result<Vec<(String, f64)>, serde_json::Error> {
        let mut v = Vec::new();
        each::<P>(bytes, |p| v.push((p.date_time, p.value.bpm))).map(|_| v)
    }

    /// The same, by the scanner.
    pub fn scanned(bytes: &[u8]) -> Option<Vec<(String, f64)>> {
        let mut v = Vec::new();
        hr_points(bytes, |d, b| v.push((d.to_string(), b))).map(|_| v)
    }

    /// The scanner gives what the general parser gives, or declines.
    #[test]
    fn the_heart_rate_scanner_equals_the_parser_or_declines() {
        let general = |t: &str| general(t.as_bytes());
        let fast = |t: &str| scanned(t.as_bytes());
        let pretty = "[{\n  \"dateTime\" : \"03/27/26 20:05:57\",\n  \"value\" : {\n    \"bpm\" : 70,\n    \"confidence\" : 0\n  }\n},{\n  \"dateTime\" : \"03/27/26 20:06:07\",\n  \"value\" : {\n    \"bpm\" : 169,\n    \"confidence\" : 3\n  }\n}]\n";
        for ok in [
            pretty,
            "[]",
            " [ ] ",
            r#"[{"dateTime":"a","value":{"bpm":0}}]"#,
            r#"[{"dateTime":"a","value":{"bpm":123456789012345,"confidence":1}}]"#,
        ] {
            assert_eq!(fast(ok), Some(general(ok).unwrap()), "{ok}");
        }
        // Declined: the general parser reads (or refuses) these.
        for other in [
            r#"[{"value":{"bpm":60},"dateTime":"a"}]"#,
            r#"[{"dateTime":"a\"b","value":{"bpm":60}}]"#,
            r#"[{"dateTime":"a","value":{"bpm":60.5}}]"#,
            r#"[{"dateTime":"a","value":{"bpm":"60"}}]"#,
            r#"[{"dateTime":"a","value":{"bpm":060}}]"#,
            r#"[{"dateTime":"a","value":{"bpm":-1}}]"#,
            r#"[{"dateTime":"a","value":{"bpm":1e2}}]"#,
            r#"[{"dateTime":"a","value":{"bpm":60,"confidence":1,"x":2}}]"#,
            r#"[{"dateTime":"a","value":{"bpm":60}},]"#,
            r#"[{"dateTime":"a","value":{"bpm":60}}] x"#,
            r#"[{"dateTime":"a","value":{"bpm":60}}"#,
            "[{\"dateTime\":\"a\tb\",\"value\":{\"bpm\":60}}]",
            "\u{feff}[]",
            "{}",
            "",
        ] {
            assert_eq!(fast(other), None, "{other}");
        }
    }
}
