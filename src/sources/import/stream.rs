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

#[cfg(test)]
mod tests {
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
}
