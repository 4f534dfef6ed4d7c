//! What both bench binaries share: the process's CPU time and the one JSON
//! line `bench/harness.py` reads.

use std::time::Instant;

/// User + system CPU seconds of the whole process (every thread).
pub fn cpu_seconds() -> f64 {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage fills the struct it is given; RUSAGE_SELF counts every thread.
    let usage = unsafe {
        libc::getrusage(libc::RUSAGE_SELF, usage.as_mut_ptr());
        usage.assume_init()
    };
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    secs(usage.ru_utime) + secs(usage.ru_stime)
}

/// Wall and CPU time from its start.
pub struct Stopwatch {
    wall: Instant,
    cpu: f64,
}

impl Stopwatch {
    pub fn start() -> Self {
        Stopwatch {
            wall: Instant::now(),
            cpu: cpu_seconds(),
        }
    }

    /// Prints the result line: `{"wall": s, "cpu": s, "count": items, "rss_mb": peak}`.
    pub fn report(&self, count: usize) {
        let (wall, cpu) = (self.wall.elapsed().as_secs_f64(), cpu_seconds() - self.cpu);
        let rss = peak_rss_mb().map_or("null".to_owned(), |mb| mb.to_string());
        println!("{{\"wall\": {wall}, \"cpu\": {cpu}, \"count\": {count}, \"rss_mb\": {rss}}}");
    }
}

/// Peak RSS of this process since exec (`VmHWM`), in MB. The harness's
/// `wait4` figure cannot give it: a child inherits its parent's peak at exec.
pub fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}
