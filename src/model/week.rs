//! Which day a person's week starts on: the browser's own answer (`Intl.Locale`'s week info)
//! where it has one, else the CLDR's first day for the locale's region, so a person in the
//! United States sees Sunday-to-Saturday weeks and one in Germany Monday-to-Sunday. Pure.

use chrono::Weekday;

/// From `Intl.Locale`'s `firstDay` (1 Monday … 7 Sunday, as ECMA-402 numbers them).
pub fn from_intl(first_day: u32) -> Option<Weekday> {
    Some(match first_day {
        1 => Weekday::Mon,
        2 => Weekday::Tue,
        3 => Weekday::Wed,
        4 => Weekday::Thu,
        5 => Weekday::Fri,
        6 => Weekday::Sat,
        7 => Weekday::Sun,
        _ => return None,
    })
}

/// Regions whose week starts on Sunday, Saturday or Friday (CLDR 46 `weekData`, `firstDay`);
/// every other region's starts on Monday.
const SUNDAY: &[&str] = &[
    "AG", "AS", "BD", "BR", "BS", "BT", "BW", "BZ", "CA", "CO", "DM", "DO", "ET", "GT", "GU", "HK",
    "HN", "ID", "IL", "IN", "JM", "JP", "KE", "KH", "KR", "LA", "MH", "MM", "MO", "MT", "MX", "MZ",
    "NI", "NP", "PA", "PE", "PH", "PK", "PR", "PT", "PY", "SA", "SG", "SV", "TH", "TT", "TW", "UM",
    "US", "VE", "VI", "WS", "YE", "ZA", "ZW",
];
const SATURDAY: &[&str] = &[
    "AE", "AF", "BH", "DJ", "DZ", "EG", "IQ", "IR", "JO", "KW", "LY", "OM", "QA", "SD", "SY",
];
const FRIDAY: &[&str] = &["MV"];

/// The region a language alone most likely means (CLDR's likely subtags), for the languages
/// whose region's week does not start on Monday; any other language's week starts on Monday.
const LIKELY: &[(&str, &str)] = &[
    ("en", "US"),
    ("pt", "BR"),
    ("ja", "JP"),
    ("ko", "KR"),
    ("he", "IL"),
    ("hi", "IN"),
    ("bn", "BD"),
    ("th", "TH"),
    ("id", "ID"),
    ("ar", "EG"),
    ("fa", "IR"),
    ("dv", "MV"),
];

/// The first day of the week for a BCP 47 language tag (`en-US`, `pt-BR`, `zh-Hant-TW`,
/// `de`), by its `-u-fw-` keyword if it has one, else its region (or its language's likely
/// region); Monday when nothing says otherwise.
pub fn of_locale(tag: &str) -> Weekday {
    let parts: Vec<&str> = tag.split(['-', '_']).collect();
    // A Unicode extension's explicit first day (`en-GB-u-fw-sun`).
    if let Some(u) = parts.iter().position(|p| p.eq_ignore_ascii_case("u")) {
        let rest = parts.get(u + 1..).unwrap_or_default();
        if let Some(k) = rest.iter().position(|p| p.eq_ignore_ascii_case("fw")) {
            let day = rest.get(k + 1).map(|d| d.to_ascii_lowercase());
            let named = match day.as_deref() {
                Some("mon") => Some(Weekday::Mon),
                Some("tue") => Some(Weekday::Tue),
                Some("wed") => Some(Weekday::Wed),
                Some("thu") => Some(Weekday::Thu),
                Some("fri") => Some(Weekday::Fri),
                Some("sat") => Some(Weekday::Sat),
                Some("sun") => Some(Weekday::Sun),
                _ => None,
            };
            if let Some(d) = named {
                return d;
            }
        }
    }
    // The region: the first subtag after the language of two letters (or three digits),
    // before any extension or private use.
    let subtags = parts.iter().skip(1).take_while(|p| p.len() > 1).copied();
    let region = subtags
        .filter(|p| p.len() == 2 && p.chars().all(|c| c.is_ascii_alphabetic()))
        .map(str::to_ascii_uppercase)
        .next()
        .or_else(|| {
            let language = parts.first()?.to_ascii_lowercase();
            LIKELY
                .iter()
                .find(|(l, _)| *l == language)
                .map(|(_, r)| (*r).to_string())
        });
    match region.as_deref() {
        Some(r) if SUNDAY.contains(&r) => Weekday::Sun,
        Some(r) if SATURDAY.contains(&r) => Weekday::Sat,
        Some(r) if FRIDAY.contains(&r) => Weekday::Fri,
        _ => Weekday::Mon,
    }
}

/// A weekday's English name, and its three-letter short form.
pub fn names(day: Weekday) -> (&'static str, &'static str) {
    match day {
        Weekday::Mon => ("Monday", "Mon"),
        Weekday::Tue => ("Tuesday", "Tue"),
        Weekday::Wed => ("Wednesday", "Wed"),
        Weekday::Thu => ("Thursday", "Thu"),
        Weekday::Fri => ("Friday", "Fri"),
        Weekday::Sat => ("Saturday", "Sat"),
        Weekday::Sun => ("Sunday", "Sun"),
    }
}

/// Days from the week's first day to `day` (0 to 6).
pub fn days_into_week(day: Weekday, first: Weekday) -> u32 {
    (day.num_days_from_monday() + 7 - first.num_days_from_monday()) % 7
}

/// The seven weekdays in the week's order.
pub fn week_days(first: Weekday) -> [Weekday; 7] {
    let mut d = first;
    std::array::from_fn(|_| {
        let this = d;
        d = d.succ();
        this
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_locale_gives_its_regions_first_day() {
        for (tag, want) in [
            ("en-US", Weekday::Sun),
            ("en", Weekday::Sun),
            ("en-GB", Weekday::Mon),
            ("de-DE", Weekday::Mon),
            ("de", Weekday::Mon),
            ("fr-CA", Weekday::Sun),
            ("pt-BR", Weekday::Sun),
            ("pt-PT", Weekday::Sun),
            ("pt", Weekday::Sun),
            ("ja", Weekday::Sun),
            ("zh-Hant-TW", Weekday::Sun),
            ("zh-CN", Weekday::Mon),
            ("ar-EG", Weekday::Sat),
            ("ar-MA", Weekday::Mon),
            ("fa", Weekday::Sat),
            ("dv-MV", Weekday::Fri),
            ("es-419", Weekday::Mon),
            ("en_AU", Weekday::Mon),
            ("en-GB-u-fw-sun", Weekday::Sun),
            ("en-US-u-fw-mon", Weekday::Mon),
            ("en-US-x-twain", Weekday::Sun),
            ("", Weekday::Mon),
            ("???", Weekday::Mon),
        ] {
            assert_eq!(of_locale(tag), want, "{tag}");
        }
    }

    #[test]
    fn ecma_402_numbers_monday_1_and_sunday_7() {
        assert_eq!(from_intl(1), Some(Weekday::Mon));
        assert_eq!(from_intl(7), Some(Weekday::Sun));
        assert_eq!(from_intl(0), None);
        assert_eq!(from_intl(8), None);
    }

    #[test]
    fn a_weeks_days_run_from_its_first() {
        assert_eq!(week_days(Weekday::Sun)[0], Weekday::Sun);
        assert_eq!(week_days(Weekday::Sun)[6], Weekday::Sat);
        assert_eq!(days_into_week(Weekday::Sun, Weekday::Sun), 0);
        assert_eq!(days_into_week(Weekday::Mon, Weekday::Sun), 1);
        assert_eq!(days_into_week(Weekday::Sat, Weekday::Sun), 6);
        assert_eq!(days_into_week(Weekday::Sun, Weekday::Mon), 6);
        assert_eq!(days_into_week(Weekday::Fri, Weekday::Sat), 6);
    }
}
