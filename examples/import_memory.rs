//! `make bench`: where an import's memory goes. The heap's peak while the import parser reads
//! the three-year Takeout `make bench` imports in the browser, counted above the files
//! themselves (one file open at a time, as in the worker; each file's days dropped once read,
//! as the worker hands them to the page). What the browser's renderers hold beyond this is
//! theirs: the worker's wasm memory, the page's copies of the days on their way to IndexedDB.

use fitdata::sources::import::job::{Job, Step};
use fitdata::sources::import::layout::listing_of;
use fitdata_synth::export::{files, Layout};
use std::alloc::{GlobalAlloc, Layout as AllocLayout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

/// The system allocator, counting the bytes held now and the most held since the last reset.
struct Counting;
static NOW: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is passed on unchanged to the system allocator; only counters are added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: AllocLayout) -> *mut u8 {
        let n = NOW.fetch_add(l.size(), Relaxed) + l.size();
        PEAK.fetch_max(n, Relaxed);
        // SAFETY: the caller's contract for `alloc` is the system allocator's.
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: AllocLayout) {
        NOW.fetch_sub(l.size(), Relaxed);
        // SAFETY: `p` came from `alloc` above with this layout.
        unsafe { System.dealloc(p, l) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn main() {
    let person = fitdata::sources::demo::person();
    let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default();
    // The browser bench's archive (IMPORT_FROM..IMPORT_TO there).
    let (from, to) = ("2023-10-01", "2026-09-30");
    let fs = files(&person, Layout::TakeoutFitbit, &[(day(from), day(to))]);
    let bytes: usize = fs.iter().map(|(_, b)| b.len()).sum();
    let listing = listing_of(&fs);
    let base = NOW.load(Relaxed);
    PEAK.store(base, Relaxed);
    let Ok(mut job) = Job::new(listing, 0) else {
        eprintln!("not an export");
        return;
    };
    let mut worst = (0usize, String::new());
    loop {
        let path = job.current().unwrap_or("the end").to_string();
        let step = job.step(|i| Ok(fs.get(i).map(|f| f.1.clone()).unwrap_or_default()));
        let peak = PEAK.load(Relaxed).saturating_sub(base);
        if peak > worst.0 {
            worst = (peak, path);
        }
        if matches!(step, Step::Done) {
            break;
        }
    }
    let held = NOW.load(Relaxed).saturating_sub(base);
    println!(
        "{:<64} {:>6.1} MB  (over {:.0} MB unpacked, {from} .. {to}; the largest at {}; {:.1} MB held at the end)",
        "import parser's peak heap above its one open file (host)",
        worst.0 as f64 / 1e6,
        bytes as f64 / 1e6,
        worst.1.rsplit('/').next().unwrap_or(""),
        held as f64 / 1e6,
    );
}
