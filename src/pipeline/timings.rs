//! How long each stage of a build took, for `PRAXIS_TIMINGS=1` and the benchmarks. What
//! the system is asked (processor time, peak memory) is asked in two small functions
//! below, which say `None` where the system does not tell: a port starts there.

use std::time::{Duration, Instant};

/// The stages of one build, in order.
#[derive(Debug, Default, Clone)]
pub struct Timings(pub Vec<Lap>);

/// One stage of a build: how long it took, the processor time the process spent in it
/// (all threads: more than `wall` when the stage runs in parallel), and the peak memory
/// (resident, in KiB) of the process at its end. Where the system does not tell, `None`.
#[derive(Debug, Clone)]
pub struct Lap {
    pub stage: &'static str,
    pub wall: Duration,
    pub cpu: Option<Duration>,
    pub peak: Option<u64>,
}

/// Where a stage starts: the wall clock and the processor time used so far.
pub struct Clock {
    wall: Instant,
    cpu: Option<Duration>,
}

impl Clock {
    pub fn start() -> Clock {
        Clock {
            wall: Instant::now(),
            cpu: cpu_time(),
        }
    }
}

impl Timings {
    /// Records the stage that ran since `clock` under `stage`, and restarts the clock.
    pub fn lap(&mut self, stage: &'static str, clock: &mut Clock) {
        let now = Clock::start();
        self.0.push(Lap {
            stage,
            wall: now.wall - clock.wall,
            cpu: now
                .cpu
                .zip(clock.cpu)
                .map(|(now, then)| now.saturating_sub(then)),
            peak: peak_memory(),
        });
        *clock = now;
    }
}

/// Processor time (user and system, all threads) the process has used so far.
#[cfg(unix)]
fn cpu_time() -> Option<Duration> {
    let t = rustix::time::clock_gettime(rustix::time::ClockId::ProcessCPUTime);
    Some(Duration::new(
        u64::try_from(t.tv_sec).ok()?,
        u32::try_from(t.tv_nsec).ok()?,
    ))
}

#[cfg(not(unix))]
fn cpu_time() -> Option<Duration> {
    None
}

/// The most memory the process has held so far (`VmHWM`), in KiB.
#[cfg(target_os = "linux")]
fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[cfg(not(target_os = "linux"))]
fn peak_memory() -> Option<u64> {
    None
}
