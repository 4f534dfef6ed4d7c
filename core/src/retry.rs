//! When to try a request again, and how long to wait first.

use std::time::{Duration, SystemTime};

/// The longest wait the client accepts from a `Retry-After` header; a server
/// asking for more gets this, so a call never hangs for hours on one header.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);

/// Statuses that say "try again": the request did not take effect, or the
/// server asks to be retried.
pub(crate) fn is_retryable_status(status: u16) -> bool {
    matches!(status, 408 | 429 | 500 | 502 | 503 | 504)
}

/// Exponential backoff with jitter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Backoff {
    pub initial: Duration,
    pub max: Duration,
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff {
            initial: Duration::from_millis(250),
            max: Duration::from_secs(8),
        }
    }
}

impl Backoff {
    /// The wait before retry number `retry` (0 for the first retry): doubling
    /// from `initial`, capped at `max`, then "equal jitter" (a random point in
    /// the upper half) so that many clients failing together do not retry in step.
    pub fn delay(&self, retry: u32) -> Duration {
        let exp = self.initial.saturating_mul(1u32 << retry.min(20));
        let capped = exp.min(self.max);
        let half = capped / 2;
        half + half.mul_f64(fastrand::f64())
    }
}

/// Parses a `Retry-After` value: whole (or fractional) seconds, or an HTTP
/// date, which counts from `now`. A date in the past means "now". The result
/// is capped at [`MAX_RETRY_AFTER`]; an unreadable value gives `None`.
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    let wait = if let Ok(secs) = value.parse::<u64>() {
        Duration::from_secs(secs)
    } else if let Ok(secs) = value.parse::<f64>() {
        if !secs.is_finite() || secs < 0.0 {
            return None;
        }
        Duration::try_from_secs_f64(secs).unwrap_or(MAX_RETRY_AFTER)
    } else {
        let at = httpdate::parse_http_date(value).ok()?;
        at.duration_since(now).unwrap_or(Duration::ZERO)
    };
    Some(wait.min(MAX_RETRY_AFTER))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_in_seconds_and_as_a_date() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(parse_retry_after("7", now), Some(Duration::from_secs(7)));
        assert_eq!(parse_retry_after(" 0 ", now), Some(Duration::ZERO));
        assert_eq!(
            parse_retry_after("1.5", now),
            Some(Duration::from_millis(1500))
        );
        assert_eq!(parse_retry_after("3600", now), Some(MAX_RETRY_AFTER));
        let in_12s = httpdate::fmt_http_date(now + Duration::from_secs(12));
        assert_eq!(
            parse_retry_after(&in_12s, now),
            Some(Duration::from_secs(12))
        );
        let past = "Wed, 21 Oct 2015 07:28:00 GMT";
        assert_eq!(parse_retry_after(past, now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-3", now), None);
    }

    #[test]
    fn backoff_doubles_with_jitter_and_is_capped() {
        let b = Backoff::default();
        for retry in 0..40 {
            let full = b.initial.saturating_mul(1 << retry.min(20)).min(b.max);
            let d = b.delay(retry);
            assert!(d >= full / 2 && d <= full, "retry {retry}: {d:?}");
        }
        assert!(b.delay(39) <= b.max);
    }

    #[test]
    fn retryable_statuses() {
        for s in [408, 429, 500, 502, 503, 504] {
            assert!(is_retryable_status(s));
        }
        for s in [200, 301, 400, 401, 403, 404, 409, 422, 501, 505] {
            assert!(!is_retryable_status(s));
        }
    }
}

#[cfg(test)]
mod props {
    use super::*;
    use proptest::prelude::*;

    fn now() -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000)
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 256,
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        #[test]
        fn any_value_gives_nothing_or_a_wait_within_the_cap(value in ".{0,40}") {
            if let Some(wait) = parse_retry_after(&value, now()) {
                prop_assert!(wait <= MAX_RETRY_AFTER);
            }
        }

        #[test]
        fn whole_seconds_are_read_and_capped(secs in any::<u64>(), pad in " {0,2}") {
            let value = format!("{pad}{secs}{pad}");
            prop_assert_eq!(
                parse_retry_after(&value, now()),
                Some(Duration::from_secs(secs).min(MAX_RETRY_AFTER))
            );
        }

        #[test]
        fn fractional_seconds_are_read_and_capped(millis in 0..10_000_000u64) {
            let value = format!("{}.{:03}", millis / 1000, millis % 1000);
            prop_assert_eq!(
                parse_retry_after(&value, now()),
                Some(Duration::from_millis(millis).min(MAX_RETRY_AFTER))
            );
        }

        #[test]
        fn negative_seconds_are_unreadable(n in 1..u64::MAX, frac in proptest::option::of("[0-9]{1,3}")) {
            let value = match frac {
                Some(f) => format!("-{n}.{f}"),
                None => format!("-{n}"),
            };
            prop_assert_eq!(parse_retry_after(&value, now()), None);
        }

        #[test]
        fn dates_count_from_now_and_past_ones_mean_now(offset in -10_000_000i64..10_000_000) {
            let at = if offset >= 0 {
                now() + Duration::from_secs(offset as u64)
            } else {
                now() - Duration::from_secs(offset.unsigned_abs())
            };
            let expected = Duration::from_secs(offset.max(0) as u64).min(MAX_RETRY_AFTER);
            prop_assert_eq!(parse_retry_after(&httpdate::fmt_http_date(at), now()), Some(expected));
        }
    }

    #[test]
    fn zero_in_any_spelling_is_no_wait() {
        for zero in ["0", "-0", "0.0", "-0.0", "+0", "0e5"] {
            assert_eq!(
                parse_retry_after(zero, now()),
                Some(Duration::ZERO),
                "{zero}"
            );
        }
    }
}
