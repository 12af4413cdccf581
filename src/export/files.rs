//! The files Export and the chart downloads offer, assembled in the browser: CSVs streamed from
//! the cache a day at a time (missing days fetched first), the ZIP of them, and a chart's "JSON"
//! of the API's answers. Errors stay typed to the page.

use super::ExportError;
use crate::browser;
use crate::config::{Config, ProviderKind};
use crate::model::{Kind, Payload};
use crate::sources::client::Opts;
use crate::sync::fetch::{self, Account, RawError};
use chrono::NaiveDate;

impl From<RawError> for ExportError {
    fn from(e: RawError) -> ExportError {
        match e {
            RawError::TooLong(t) => ExportError::TooLong(t),
            RawError::Api(a) => ExportError::Api(a),
        }
    }
}

/// Writes the CSV of one type over `range` to `out`: the missing days fetched first (in as
/// few requests as the API allows), then the header and the days, read from the cache a few
/// at a time in one transaction each (a transaction per day cost more than writing the rows),
/// with a pause for the page between reads so a year of rows never freezes it. A few days of
/// 1-second heart rate, or a month of the rest, is all that is held at once.
async fn write_csv(
    config: &Config,
    kind: ProviderKind,
    account: &Account,
    data: Kind,
    (from, to): (NaiveDate, NaiveDate),
    opts: &Opts<'_>,
    out: &mut dyn FnMut(&[u8]) -> Result<(), ExportError>,
) -> Result<(), ExportError> {
    fetch::ensure(config, kind, account, data, (from, to), opts, &|_, _| {}).await?;
    out(&super::header_csv(data)?)?;
    let zone = account.zone();
    let chunk = if data == Kind::HeartRate { 4 } else { 31 };
    let mut start = from;
    while start <= to {
        let end = (start + chrono::Duration::days(chunk - 1)).min(to);
        for (_, payload, origin) in
            fetch::days_from(config, kind, account, data, (start, end), opts).await?
        {
            out(&super::day_csv_from(
                data,
                &payload,
                kind.key(),
                origin.as_ref(),
                zone.as_ref(),
            )?)?;
        }
        browser::sleep_ms(0).await;
        let Some(next) = end.succ_opt() else { break };
        start = next;
    }
    Ok(())
}

/// One CSV, in pieces held by the browser.
pub async fn csv_file(
    config: &Config,
    kind: ProviderKind,
    account: &Account,
    data: Kind,
    range: (NaiveDate, NaiveDate),
    opts: &Opts<'_>,
) -> Result<browser::BlobParts, ExportError> {
    let mut parts = browser::BlobParts::new();
    let mut out = |bytes: &[u8]| {
        parts.push(bytes);
        Ok(())
    };
    write_csv(config, kind, account, data, range, opts, &mut out).await?;
    Ok(parts)
}

/// The ZIP of `kinds` over the range: README.txt (the data dictionary) and one CSV per type,
/// each day compressed as it is added.
pub async fn zip_file(
    config: &Config,
    kind: ProviderKind,
    account: &Account,
    kinds: &[Kind],
    range: (NaiveDate, NaiveDate),
    opts: &Opts<'_>,
) -> Result<Vec<u8>, ExportError> {
    let mut zip = super::Zip::new();
    zip.start_file("README.txt")?;
    zip.write(super::dictionary().as_bytes())?;
    for &data in kinds {
        zip.start_file(&super::file_name(data))?;
        let mut out = |bytes: &[u8]| zip.write(bytes);
        write_csv(config, kind, account, data, range, opts, &mut out).await?;
    }
    zip.finish()
}

/// A chart's records as CSV, one day after the other.
pub fn chart_csv(
    kind: ProviderKind,
    data: Kind,
    days: &[(NaiveDate, Payload)],
    zone: Option<&crate::model::zone::Zone>,
) -> Result<Vec<u8>, ExportError> {
    let mut out = super::header_csv(data)?;
    for (_, payload) in days {
        out.extend(super::day_csv(data, payload, kind.key(), zone)?);
    }
    Ok(out)
}

/// A chart's "JSON": the API's answers for its days, asked for again.
pub async fn raw_file(
    config: &Config,
    kind: ProviderKind,
    account: &Account,
    data: Kind,
    range: (NaiveDate, NaiveDate),
    opts: &Opts<'_>,
) -> Result<Vec<u8>, ExportError> {
    let answers = fetch::raw_range(config, kind, account, data, range, opts).await?;
    super::raw_json(kind.key(), data, range, browser::now_ms(), &answers)
}

/// Offers `parts` as the file `name`.
pub fn save(name: &str, mime: &str, parts: &browser::BlobParts) -> Result<(), ExportError> {
    browser::download(name, mime, parts).map_err(|e| ExportError::Save(e.to_string()))
}

/// Offers `bytes` as the file `name`.
pub fn save_bytes(name: &str, mime: &str, bytes: &[u8]) -> Result<(), ExportError> {
    let mut parts = browser::BlobParts::new();
    parts.push(bytes);
    save(name, mime, &parts)
}
