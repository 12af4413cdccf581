//! The backfill's states and what moves it between them, pure: the Export page asks these
//! after each event (a run ended, the page opened on a stored backfill, the device came back
//! online) instead of deciding in the component, and the host tests pin every transition.

use crate::sources::ApiError;

/// Where the backfill stands for the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Nothing started (or the cache was cleared).
    Idle,
    /// Fetching, in this tab or another.
    Running,
    /// Stopped by the person, or by an error, with days left.
    Paused,
    /// Every day of the range is stored.
    Done,
}

impl Phase {
    /// The page's `data-state`.
    pub fn key(self) -> &'static str {
        match self {
            Phase::Idle => "idle",
            Phase::Running => "running",
            Phase::Paused => "paused",
            Phase::Done => "done",
        }
    }
}

/// What a finished run leaves.
#[derive(Clone, Debug, PartialEq)]
pub struct Ended {
    /// The phase to show; `None` where the page went away (nothing to show, and the next
    /// visit resumes).
    pub phase: Option<Phase>,
    /// The error to show.
    pub error: Option<ApiError>,
    /// It stopped for want of a connection: carry on when the device is back online.
    pub resume_online: bool,
}

/// A run's result, with whether the person asked for a pause while it ran.
pub fn ended(result: Result<(), ApiError>, pause_asked: bool) -> Ended {
    match result {
        Ok(()) => Ended {
            phase: Some(if pause_asked {
                Phase::Paused
            } else {
                Phase::Done
            }),
            error: None,
            resume_online: false,
        },
        Err(ApiError::Aborted) => Ended {
            phase: None,
            error: None,
            resume_online: false,
        },
        Err(e) => Ended {
            phase: Some(Phase::Paused),
            resume_online: e == ApiError::Offline,
            error: Some(e),
        },
    }
}

/// What the page does on opening with a stored backfill whose progress it has read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arrival {
    /// Every day is stored.
    Done,
    /// The person paused it: it waits for them.
    Paused,
    /// A closed tab left it running: it carries on.
    Resume,
}

pub fn on_arrival(done: u64, total: u64, paused: bool) -> Arrival {
    if done >= total {
        Arrival::Done
    } else if paused {
        Arrival::Paused
    } else {
        Arrival::Resume
    }
}

/// Back online: a run that stopped offline carries on, unless the person paused it since.
pub fn resumes_online(stopped_offline: bool, paused_since: bool) -> bool {
    stopped_offline && !paused_since
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_ends_done_paused_or_unseen() {
        assert_eq!(ended(Ok(()), false).phase, Some(Phase::Done));
        assert_eq!(ended(Ok(()), true).phase, Some(Phase::Paused));
        // The page went away: nothing shown, nothing to resume online (the next visit does).
        assert_eq!(
            ended(Err(ApiError::Aborted), false),
            Ended {
                phase: None,
                error: None,
                resume_online: false
            }
        );
    }

    #[test]
    fn an_error_pauses_and_only_offline_resumes_by_itself() {
        let off = ended(Err(ApiError::Offline), false);
        assert_eq!(off.phase, Some(Phase::Paused));
        assert_eq!(off.error, Some(ApiError::Offline));
        assert!(off.resume_online);
        let retired = ended(Err(ApiError::Retired), false);
        assert_eq!(retired.phase, Some(Phase::Paused));
        assert!(!retired.resume_online);
        assert!(resumes_online(off.resume_online, false));
        assert!(!resumes_online(off.resume_online, true));
        assert!(!resumes_online(retired.resume_online, false));
    }

    #[test]
    fn an_arrival_on_a_stored_backfill() {
        assert_eq!(on_arrival(10, 10, false), Arrival::Done);
        assert_eq!(on_arrival(10, 10, true), Arrival::Done);
        assert_eq!(on_arrival(3, 10, true), Arrival::Paused);
        assert_eq!(on_arrival(3, 10, false), Arrival::Resume);
        assert_eq!(
            [Phase::Idle, Phase::Running, Phase::Paused, Phase::Done].map(Phase::key),
            ["idle", "running", "paused", "done"]
        );
    }
}
