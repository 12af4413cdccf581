//! Parquet files of every data type, typed column by column, written a row group at a time so
//! an export streams out: the rows are the CSV's (`day_csv_from`), so both formats hold the
//! same values in the same order, and each column gets the type a reader wants. Times are
//! timestamps (UTC, and the wall clock where recorded), dates are dates, names are
//! dictionary-encoded strings, numbers are numbers.

use super::{header_of, ExportError, Table};
use crate::model::Kind;
use parquet::basic::{Compression, Repetition, Type as Physical};
use parquet::basic::{LogicalType, TimeUnit};
use parquet::data_type::{BoolType, ByteArray, ByteArrayType, DoubleType, Int32Type, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::Type;
use std::io::Write;
use std::sync::{Arc, Mutex};

/// What a column holds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Column {
    /// An instant, milliseconds since the epoch, UTC (`utc_time`).
    Utc,
    /// The wall clock where it was recorded, as a timestamp without a zone (`local_time`).
    Local,
    /// Whole minutes, or another whole number (`utc_offset_min`, durations, bins).
    Int,
    /// A civil date (`date`, a sleep's `night`).
    Date,
    /// A name: the source, the time basis, a stage, an activity (dictionary-encoded).
    Text,
    /// `true` or `false`.
    Flag,
    /// A measured value; empty in the CSV is null here.
    Number,
}

/// The type of a CSV column, by its name (the names are the same in every file).
pub fn column(name: &str) -> Column {
    match name {
        "utc_time" | "exercise_utc_time" => Column::Utc,
        "local_time" => Column::Local,
        "utc_offset_min" | "duration_s" | "active_s" | "paused_s" | "pauses" | "bin_from_ms"
        | "bin_to_ms" | "split" => Column::Int,
        "date" | "night" => Column::Date,
        "time_basis" | "source" | "stage" | "no_stages" | "meal" | "food" | "unit" | "activity"
        | "logged" | "split_type" => Column::Text,
        "main_sleep" => Column::Flag,
        _ => Column::Number,
    }
}

/// The file a data type's Parquet goes to.
pub fn parquet_name(kind: Kind) -> String {
    format!("{}.parquet", kind.key())
}

/// The files an archive holds a type's `range` in, with the dates each holds. Heart rate at
/// every reading is a file per calendar month in a folder (`heart_rate/2026-03.csv`): a year
/// of it is millions of rows, and the archive is handed out a whole file at a time, so a
/// month is the most the worker holds. pandas, polars, DuckDB and R read such a folder as
/// one table. Every other type is one file.
pub fn parts_of(
    kind: Kind,
    table: Table,
    parquet: bool,
    (from, to): (chrono::NaiveDate, chrono::NaiveDate),
) -> Vec<(String, (chrono::NaiveDate, chrono::NaiveDate))> {
    use chrono::Datelike;
    let ext = if parquet { "parquet" } else { "csv" };
    if kind != Kind::HeartRate {
        return vec![(format!("{}.{ext}", table.key(kind)), (from, to))];
    }
    let mut out = Vec::new();
    let mut start = from;
    while start <= to {
        let next_month = if start.month() == 12 {
            chrono::NaiveDate::from_ymd_opt(start.year() + 1, 1, 1)
        } else {
            chrono::NaiveDate::from_ymd_opt(start.year(), start.month() + 1, 1)
        };
        let end = next_month
            .and_then(|n| n.pred_opt())
            .map_or(to, |e| e.min(to));
        out.push((
            format!("{}/{}.{ext}", kind.key(), start.format("%Y-%m")),
            (start, end),
        ));
        match next_month {
            Some(n) => start = n,
            None => break,
        }
    }
    out
}

fn schema(kind: Kind, table: Table) -> Result<Type, ExportError> {
    let err = |e: parquet::errors::ParquetError| ExportError::Write {
        kind: kind.key(),
        detail: e.to_string(),
    };
    let mut fields = Vec::new();
    for name in header_of(table, kind) {
        let c = column(name);
        let (physical, logical) = match c {
            Column::Utc | Column::Local => (
                Physical::INT64,
                Some(LogicalType::Timestamp {
                    is_adjusted_to_u_t_c: c == Column::Utc,
                    unit: TimeUnit::MILLIS,
                }),
            ),
            Column::Int => (Physical::INT64, None),
            Column::Date => (Physical::INT32, Some(LogicalType::Date)),
            Column::Text => (Physical::BYTE_ARRAY, Some(LogicalType::String)),
            Column::Flag => (Physical::BOOLEAN, None),
            Column::Number => (Physical::DOUBLE, None),
        };
        let field = Type::primitive_type_builder(name, physical)
            .with_logical_type(logical)
            .with_repetition(Repetition::OPTIONAL)
            .build()
            .map_err(err)?;
        fields.push(Arc::new(field));
    }
    Type::group_type_builder(table.key(kind))
        .with_fields(fields)
        .build()
        .map_err(err)
}

/// Where the writer's bytes wait until they are taken (the writer needs a `Send` sink).
#[derive(Clone, Default)]
struct Sink(Arc<Mutex<Vec<u8>>>);

impl Write for Sink {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        match self.0.lock() {
            Ok(mut b) => {
                b.extend_from_slice(data);
                Ok(data.len())
            }
            Err(_) => Err(std::io::Error::other("the Parquet buffer was poisoned")),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// One Parquet file being written: a row group per `rows` call, its bytes taken as they are
/// made.
pub struct ParquetFile {
    kind: Kind,
    names: Vec<&'static str>,
    columns: Vec<Column>,
    writer: SerializedFileWriter<Sink>,
    sink: Sink,
}

fn write_err(kind: Kind) -> impl Fn(parquet::errors::ParquetError) -> ExportError {
    move |e| ExportError::Write {
        kind: kind.key(),
        detail: e.to_string(),
    }
}

/// A cell's value, parsed as its column says; `None` for an empty cell.
fn millis(text: &str, local: bool) -> Option<i64> {
    let t = chrono::DateTime::parse_from_rfc3339(text).ok()?;
    Some(if local {
        t.naive_local().and_utc().timestamp_millis()
    } else {
        t.timestamp_millis()
    })
}

fn days(text: &str) -> Option<i32> {
    let d = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()?;
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1)?;
    i32::try_from((d - epoch).num_days()).ok()
}

impl ParquetFile {
    /// The file of `table` of type `kind`.
    pub fn new(kind: Kind, table: Table) -> Result<ParquetFile, ExportError> {
        // Dictionaries for the names only: a column of distinct instants or readings gains
        // nothing from one, and building it was most of the writing time (2.2 s a year).
        let mut props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_created_by(format!("fitdata {}", env!("CARGO_PKG_VERSION")))
            .set_dictionary_enabled(false)
            .set_statistics_enabled(parquet::file::properties::EnabledStatistics::Chunk);
        for name in header_of(table, kind) {
            if column(name) == Column::Text {
                props = props.set_column_dictionary_enabled(
                    parquet::schema::types::ColumnPath::from(name),
                    true,
                );
            }
        }
        let props = props.build();
        let sink = Sink::default();
        let writer = SerializedFileWriter::new(
            sink.clone(),
            Arc::new(schema(kind, table)?),
            Arc::new(props),
        )
        .map_err(write_err(kind))?;
        Ok(ParquetFile {
            kind,
            names: header_of(table, kind),
            columns: header_of(table, kind).into_iter().map(column).collect(),
            writer,
            sink,
        })
    }

    /// Writes the CSV rows `csv` (no header line) as one row group.
    pub fn rows(&mut self, csv: &[u8]) -> Result<(), ExportError> {
        let kind = self.kind;
        let bad = |detail: String| ExportError::Write {
            kind: kind.key(),
            detail,
        };
        let mut cells: Vec<Vec<String>> = vec![Vec::new(); self.columns.len()];
        let mut reader = ::csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(csv);
        for record in reader.records() {
            let record = record.map_err(|e| bad(e.to_string()))?;
            if record.len() != cells.len() {
                return Err(bad(format!("a row of {} cells", record.len())));
            }
            for (i, c) in record.iter().enumerate() {
                cells[i].push(c.to_string());
            }
        }
        if cells.first().is_none_or(Vec::is_empty) {
            return Ok(());
        }
        let err = write_err(kind);
        let mut group = self.writer.next_row_group().map_err(&err)?;
        for (c, texts) in self.columns.iter().zip(&cells) {
            let Some(mut col) = group.next_column().map_err(&err)? else {
                return Err(bad("more columns than the schema".into()));
            };
            // Definition levels: 1 where the cell has a value, 0 where it is null.
            macro_rules! put {
                ($t:ty, $parse:expr) => {{
                    let parsed: Vec<Option<_>> = texts.iter().map(|s| $parse(s.as_str())).collect();
                    let levels: Vec<i16> = parsed.iter().map(|v| i16::from(v.is_some())).collect();
                    let values: Vec<_> = parsed.into_iter().flatten().collect();
                    col.typed::<$t>()
                        .write_batch(&values, Some(&levels), None)
                        .map_err(&err)?;
                }};
            }
            match c {
                Column::Utc => put!(Int64Type, |s: &str| millis(s, false)),
                Column::Local => put!(Int64Type, |s: &str| millis(s, true)),
                Column::Int => put!(Int64Type, |s: &str| s.parse::<i64>().ok()),
                Column::Date => put!(Int32Type, days),
                Column::Text => put!(ByteArrayType, |s: &str| {
                    (!s.is_empty()).then(|| ByteArray::from(s.as_bytes().to_vec()))
                }),
                Column::Flag => put!(BoolType, |s: &str| match s {
                    "true" => Some(true),
                    "false" => Some(false),
                    _ => None,
                }),
                Column::Number => put!(DoubleType, |s: &str| s.parse::<f64>().ok()),
            }
            col.close().map_err(&err)?;
        }
        group.close().map_err(&err)?;
        Ok(())
    }

    /// Readings or intervals (heart rate, steps, a night's series: the bulk of an export) as
    /// one row group, straight from their numbers: the same cells as their CSV rows
    /// (`instant_rows`), without writing and reading text. `rows`: (instant, offset in
    /// seconds, the interval's seconds, value, which of `labels` is its (time basis, source)).
    pub fn instants(
        &mut self,
        rows: &[(i64, i32, Option<i64>, f64, usize)],
        labels: &[(String, String)],
    ) -> Result<(), ExportError> {
        if rows.is_empty() {
            return Ok(());
        }
        let kind = self.kind;
        let err = write_err(kind);
        let mut group = self.writer.next_row_group().map_err(&err)?;
        let all = vec![1i16; rows.len()];
        for name in &self.names {
            let Some(mut col) = group.next_column().map_err(&err)? else {
                return Err(ExportError::Write {
                    kind: kind.key(),
                    detail: "more columns than the schema".into(),
                });
            };
            match *name {
                "utc_time" | "local_time" => {
                    let local = *name == "local_time";
                    let v: Vec<i64> = rows
                        .iter()
                        .map(|r| (r.0 + if local { i64::from(r.1) } else { 0 }) * 1000)
                        .collect();
                    col.typed::<Int64Type>()
                        .write_batch(&v, Some(&all), None)
                        .map_err(&err)?;
                }
                "utc_offset_min" => {
                    let v: Vec<i64> = rows.iter().map(|r| i64::from(r.1 / 60)).collect();
                    col.typed::<Int64Type>()
                        .write_batch(&v, Some(&all), None)
                        .map_err(&err)?;
                }
                "duration_s" => {
                    let levels: Vec<i16> = rows.iter().map(|r| i16::from(r.2.is_some())).collect();
                    let v: Vec<i64> = rows.iter().filter_map(|r| r.2).collect();
                    col.typed::<Int64Type>()
                        .write_batch(&v, Some(&levels), None)
                        .map_err(&err)?;
                }
                "time_basis" | "source" => {
                    let which = usize::from(*name == "source");
                    let cells: Vec<ByteArray> = labels
                        .iter()
                        .map(|l| {
                            let text = if which == 1 { &l.1 } else { &l.0 };
                            ByteArray::from(text.as_bytes().to_vec())
                        })
                        .collect();
                    // An empty cell is null, as in `rows`.
                    let mut levels = Vec::with_capacity(rows.len());
                    let mut v = Vec::with_capacity(rows.len());
                    for r in rows {
                        match cells.get(r.4) {
                            Some(c) if !c.is_empty() => {
                                levels.push(1);
                                v.push(c.clone());
                            }
                            _ => levels.push(0),
                        }
                    }
                    col.typed::<ByteArrayType>()
                        .write_batch(&v, Some(&levels), None)
                        .map_err(&err)?;
                }
                _ => {
                    let v: Vec<f64> = rows.iter().map(|r| r.3).collect();
                    col.typed::<DoubleType>()
                        .write_batch(&v, Some(&all), None)
                        .map_err(&err)?;
                }
            }
            col.close().map_err(&err)?;
        }
        group.close().map_err(&err)?;
        Ok(())
    }

    /// The file's bytes made since the last call.
    pub fn take(&mut self) -> Vec<u8> {
        self.sink
            .0
            .lock()
            .map(|mut b| std::mem::take(&mut *b))
            .unwrap_or_default()
    }

    /// Ends the file (its footer): the rest of its bytes.
    pub fn finish(mut self) -> Result<Vec<u8>, ExportError> {
        self.writer.finish().map_err(write_err(self.kind))?;
        Ok(self.take())
    }
}
