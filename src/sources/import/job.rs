//! One import, run a file at a time so its runner (the Web Worker) can report progress, wait
//! for the page to store each file's days, and stop between two files. Tables that inform the
//! others are read first; a resumed import reads them again and skips the data files it had
//! done. Pure: the runner says how to open a file.

use super::layout::{self, Listed, Plan, Role};
use super::read::Importer;
use super::{Day, ImportError, Report};

/// What one step did.
#[derive(Debug)]
pub enum Step {
    /// A file read: its days (none for a table; for a twin, the days it completed).
    Read { path: String, days: Vec<Day> },
    /// A file that could not be read: skipped, and the import goes on.
    Failed { path: String, error: ImportError },
    /// Every file is done.
    Done,
}

pub struct Job {
    pub listing: Vec<Listed>,
    plan: Plan,
    /// Position in `plan.read`, then in `plan.twins`.
    next: usize,
    /// Files of `plan.read` before this position are stored already (a resumed import): read
    /// for the report and the offsets, their days not handed over again.
    quiet_until: usize,
    importer: Importer,
    /// `Importer::finish` has run.
    finished: bool,
    /// The names of the files read quietly (stored by the cut-off run).
    quiet_files: std::collections::HashSet<String>,
    pub bytes_total: u64,
    pub bytes_done: u64,
}

impl Job {
    /// Plans an import of `listing`. `done`: data files a cut-off run of the same import
    /// already stored (they are skipped; tables are read again).
    pub fn new(listing: Vec<Listed>, done: usize) -> Result<Job, ImportError> {
        let plan = layout::plan(&listing);
        let data = |r: &Role| !r.is_table();
        if !plan.read.iter().any(|(_, r)| data(r)) {
            return Err(ImportError::Foreign {
                files: listing.len(),
            });
        }
        let mut importer = Importer::new();
        // No sleep JSON: the sleep tables are the export's sleep (the plan reads their stages).
        importer.sleep_from_tables = !plan.read.iter().any(|(_, r)| *r == Role::Sleep);
        // No weight JSON: `weight.csv` is the export's weight.
        importer.weight_from_csv = !plan.read.iter().any(|(_, r)| *r == Role::Weight);
        // Heart rate from its CSV alone: read after the steps, whose dates near a trip wait.
        importer.hold_steps = plan.read.iter().any(|(_, r)| *r == Role::HeartRateCsv);
        // No calories JSON: the CSV is the export's calories.
        importer.calories_from_csv = !plan
            .read
            .iter()
            .any(|(_, r)| *r == Role::Minutes(crate::model::metric::Metric::Calories));
        // Sleep only another app has: say where it is instead of just "no sleep".
        let sleep_read = plan
            .read
            .iter()
            .any(|(_, r)| matches!(r, Role::Sleep | Role::UserSleeps));
        if !sleep_read
            && plan
                .skipped
                .iter()
                .any(|(_, why)| why == layout::THIRD_PARTY_SLEEP)
        {
            importer.report.notes.push(
                "Sleep: your sleep is in Apple Health (or another app that writes to it), not in this export: it lists those nights by id only, without times or stages. Export your sleep from Apple Health to keep it."
                    .to_string(),
            );
        }
        for (i, why) in &plan.skipped {
            if let Some(f) = listing.get(*i) {
                importer.report.skip(&f.path, why);
            }
        }
        importer.report.files_total = u32::try_from(listing.len()).unwrap_or(u32::MAX);
        let bytes_total = plan
            .read
            .iter()
            .map(|(i, _)| *i)
            .chain(plan.twins.iter().copied())
            .filter_map(|i| listing.get(i))
            .map(|f| f.size)
            .sum();
        let mut job = Job {
            listing,
            plan,
            next: 0,
            quiet_until: 0,
            importer,
            finished: false,
            quiet_files: Default::default(),
            bytes_total,
            bytes_done: 0,
        };
        // The data files already stored (they come after the tables in the plan) are read
        // again but not handed over: their days are in the cache, and reading them gives this
        // run what an uncut one has, the report's counts and the offsets their day files
        // taught the files after them.
        let tables = job.plan.read.iter().filter(|(_, r)| r.is_table()).count();
        let skip = done.min(job.plan.read.len() - tables);
        job.quiet_until = tables + skip;
        job.importer.report.resumed_after = skip;
        Ok(job)
    }

    /// A job that reads nothing: the chosen files are a backup (`sync::backup`), which the
    /// page restores whole; the listing stays for reading its two files.
    pub fn reading_nothing(listing: Vec<Listed>) -> Job {
        Job {
            listing,
            plan: Plan::default(),
            next: 0,
            quiet_until: 0,
            importer: Importer::new(),
            finished: true,
            quiet_files: Default::default(),
            bytes_total: 0,
            bytes_done: 0,
        }
    }

    /// The newest date a data file's name gives: how recent the export is (day files are named
    /// by their date, monthly shards by their first day), for ordering two overlapping exports.
    pub fn newest_named_date(&self) -> Option<chrono::NaiveDate> {
        self.plan
            .read
            .iter()
            .filter(|(_, r)| !r.is_table())
            .filter_map(|(i, _)| self.listing.get(*i))
            .filter_map(|f| super::read::name_date(&f.path))
            .max()
    }

    /// Files to read (tables, data files and twins), and those done.
    pub fn files(&self) -> (usize, usize) {
        (self.next, self.plan.read.len() + self.plan.twins.len())
    }

    /// The listing index of the next file to read.
    pub fn upcoming(&self) -> Option<usize> {
        let n = self.plan.read.len();
        if self.next < n {
            self.plan.read.get(self.next).map(|(i, _)| *i)
        } else {
            self.plan.twins.get(self.next - n).copied()
        }
    }

    /// The path of the next file.
    pub fn current(&self) -> Option<&str> {
        self.upcoming()
            .and_then(|i| self.listing.get(i))
            .map(|f| f.path.as_str())
    }

    /// Reads the next file, whose bytes `open(listing index)` gives. A runner calls it until
    /// `Step::Done`, also once every file is read: the last step hands over the days only the
    /// whole export could place (`Importer::finish`), and opens nothing.
    pub fn step(&mut self, open: impl FnOnce(usize) -> Result<Vec<u8>, ImportError>) -> Step {
        let Some(i) = self.upcoming() else {
            // Last, the days only the whole export could place.
            if !self.finished {
                self.finished = true;
                let days = self.importer.finish();
                if !days.is_empty() {
                    return Step::Read {
                        path: "UserSleeps (placed after every day file)".to_string(),
                        days,
                    };
                }
            }
            return Step::Done;
        };
        let n = self.plan.read.len();
        let role = (self.next < n)
            .then(|| self.plan.read.get(self.next).map(|(_, r)| *r))
            .flatten();
        self.next += 1;
        let Some(file) = self.listing.get(i).cloned() else {
            return Step::Done;
        };
        self.bytes_done += file.size;
        let result = open(i).and_then(|bytes| match role {
            // A 0-byte file (a day a tracker synced nothing for): nothing to read, and said so.
            _ if bytes.iter().all(u8::is_ascii_whitespace) => {
                self.importer
                    .report
                    .skip(&file.path, "an empty file (0 bytes): nothing in it to read");
                Ok(Vec::new())
            }
            Some(role) => self.importer.read(role, &file.path, &bytes),
            None => self.importer.check_twin(&file.path, &bytes),
        });
        let quiet = self.next <= self.quiet_until && role.is_some_and(|r| !r.is_table());
        if quiet {
            self.quiet_files
                .insert(super::layout::file_name(&file.path).to_string());
        }
        match result {
            Ok(days) => Step::Read {
                path: file.path,
                // A day held back from a quiet file comes with the next one: it was stored.
                days: days
                    .into_iter()
                    .filter(|d| {
                        !(quiet
                            || d.origin
                                .as_ref()
                                .is_some_and(|o| self.quiet_files.contains(&o.file)))
                    })
                    .collect(),
            },
            Err(error) => {
                self.importer.report.skip(&file.path, &error.to_string());
                Step::Failed {
                    path: file.path,
                    error,
                }
            }
        }
    }

    /// Data files read so far (what a resumed run may skip).
    pub fn data_done(&self) -> usize {
        let tables = self.plan.read.iter().filter(|(_, r)| r.is_table()).count();
        // A heart-rate day held back for the next file is not stored yet.
        let held = usize::from(self.importer.holds_a_day());
        self.next
            .min(self.plan.read.len())
            .saturating_sub(tables)
            .saturating_sub(held)
    }

    pub fn report(&self) -> &Report {
        &self.importer.report
    }

    pub fn units(&self) -> crate::model::metric::Units {
        self.importer.units
    }

    pub fn zone(&self) -> Option<String> {
        self.importer
            .offsets
            .zone
            .as_ref()
            .map(|z| z.name().to_string())
    }
}
