//! Client options as the bindings receive them, and the one place where a
//! number out of range is refused: see [`ClientOptions`].

use std::fmt;
use std::time::Duration;

use crate::client::debug_redacted;
use crate::{Client, ClientBuilder, Error};

/// A number as a binding received it, before the core narrows it.
#[derive(Clone, Debug, PartialEq)]
pub enum Number {
    /// An integer.
    Int(i128),
    /// A floating-point number, such as every JavaScript number.
    Float(f64),
    /// An integer too large for `i128` (a Python `int` is unbounded), with how
    /// to show it in a message. Never in range.
    Huge(String),
}

impl Number {
    /// The number as a retry count: an integer from 0 to `u32::MAX`, else
    /// `invalid_argument` naming the option `name`.
    pub fn to_max_retries(&self, name: &str) -> Result<u32, Error> {
        let n = match *self {
            Number::Int(n) => u32::try_from(n).ok(),
            // Written so that NaN fails the comparisons.
            Number::Float(x) if x >= 0.0 && x <= f64::from(u32::MAX) && x.fract() == 0.0 => {
                Some(x as u32)
            }
            Number::Float(_) | Number::Huge(_) => None,
        };
        n.ok_or_else(|| {
            Error::InvalidArgument(format!(
                "`{name}` must be an integer from 0 to {}, not {self}",
                u32::MAX
            ))
        })
    }
}

impl fmt::Display for Number {
    /// As JavaScript and Python print numbers: `NaN`, `Infinity`, `1e+300`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Number::Int(n) => write!(f, "{n}"),
            Number::Float(x) if x.is_nan() => f.write_str("NaN"),
            Number::Float(x) if x.is_infinite() => {
                f.write_str(if *x > 0.0 { "Infinity" } else { "-Infinity" })
            }
            Number::Float(x) if *x != 0.0 && (x.abs() >= 1e21 || x.abs() < 1e-6) => {
                let s = format!("{x:e}");
                match s.split_once('e') {
                    Some((mantissa, exp)) if !exp.starts_with('-') => {
                        write!(f, "{mantissa}e+{exp}")
                    }
                    _ => f.write_str(&s),
                }
            }
            Number::Float(x) => write!(f, "{x}"),
            Number::Huge(shown) => f.write_str(shown),
        }
    }
}

impl From<i64> for Number {
    fn from(n: i64) -> Self {
        Number::Int(n.into())
    }
}

impl From<u32> for Number {
    fn from(n: u32) -> Self {
        Number::Int(n.into())
    }
}

impl From<u64> for Number {
    fn from(n: u64) -> Self {
        Number::Int(n.into())
    }
}

impl From<f64> for Number {
    fn from(x: f64) -> Self {
        Number::Float(x)
    }
}

/// A timeout as a binding received it: an amount and its unit.
#[derive(Clone, Debug, PartialEq)]
pub enum Timeout {
    /// Seconds (Python's `request_timeout`, the command line's `--timeout`).
    Seconds(Number),
    /// Milliseconds (Node's `timeout`, Swift's and Kotlin's `timeoutMs`, Java's `timeoutMillis`).
    Millis(Number),
}

impl Timeout {
    /// The timeout as a [`Duration`]: from 0 to [`Duration::MAX`], else
    /// `invalid_argument` naming the option `name`. Zero is accepted (the
    /// client then fails every call with `configuration`).
    pub fn to_duration(&self, name: &str) -> Result<Duration, Error> {
        let (number, per_second, unit) = match self {
            Timeout::Seconds(n) => (n, 1, "seconds"),
            Timeout::Millis(n) => (n, 1000, "milliseconds"),
        };
        let duration = match *number {
            Number::Int(n) if n >= 0 => {
                let secs = u64::try_from(n / per_second).ok();
                // The remainder is below 1000, so its nanoseconds fit a u32.
                let nanos = (n % per_second) as u32 * (1_000_000_000 / per_second as u32);
                secs.map(|s| Duration::new(s, nanos))
            }
            Number::Float(x) => Duration::try_from_secs_f64(x / per_second as f64).ok(),
            Number::Int(_) | Number::Huge(_) => None,
        };
        duration.ok_or_else(|| {
            let most = Duration::MAX.as_secs_f64() * per_second as f64;
            Error::InvalidArgument(format!(
                "`{name}` must be a number of {unit} from 0 to about {most:.1e}, not {number}"
            ))
        })
    }
}

/// How a binding spells the numeric options, so that a message about one
/// names it as the user wrote it (`maxRetries`, `--max-retries` ...).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OptionNames {
    /// Default `max_retries`.
    pub max_retries: &'static str,
    /// Default `timeout`.
    pub timeout: &'static str,
}

impl Default for OptionNames {
    fn default() -> Self {
        OptionNames {
            max_retries: "max_retries",
            timeout: "timeout",
        }
    }
}

/// A client's options as a binding receives them.
///
/// Every binding (Python, Node, Swift/Kotlin/Java, the command line) hands
/// the user's options over in a `ClientOptions`, converting only its own
/// language's types: a Python `int` of any size, a JavaScript double, a Java
/// `long`. The rules are the core's, and so are the messages:
///
/// - `max_retries`: an integer from 0 to `u32::MAX` (0 turns retries off);
///   unset, [`DEFAULT_MAX_RETRIES`](crate::DEFAULT_MAX_RETRIES).
/// - the timeout of each attempt: a number of seconds or milliseconds, from 0
///   to what a [`Duration`] holds (about 1.8e19 s); unset,
///   [`DEFAULT_TIMEOUT`](crate::DEFAULT_TIMEOUT). Zero is accepted here and
///   makes every call fail with a `configuration` error, as the builder's
///   zero does.
/// - Anything else (negative, a fraction of a retry, NaN, infinite, too
///   large) is an [`Error::InvalidArgument`] naming the option as the binding
///   spells it ([`OptionNames`]), raised when the client is made.
///
/// The API key and base URL are checked as [`ClientBuilder`] checks them: an
/// unusable one gives a client whose every call fails with `configuration`.
/// Unset values come from `WORKOS_API_KEY` / `WORKOS_BASE_URL`, then the
/// defaults, as with [`ClientBuilder`].
///
/// ```
/// use workos_dsync::{Client, ClientOptions, Number, OptionNames, Timeout};
///
/// let options = ClientOptions {
///     api_key: Some("sk_test_123".into()),
///     base_url: Some("http://127.0.0.1:8080".into()),
///     max_retries: Some(Number::Float(2.0)),
///     timeout: Some(Timeout::Millis(Number::Float(1500.0))),
///     binding: Some(("node".into(), "22.1.0".into())),
///     names: OptionNames { max_retries: "maxRetries", timeout: "timeout" },
///     ..Default::default()
/// };
/// let client = Client::from_options(options.clone()).unwrap();
/// assert_eq!((client.max_retries(), client.timeout().as_millis()), (2, 1500));
///
/// let bad = ClientOptions { max_retries: Some(Number::Float(-1.0)), ..options };
/// let err = Client::from_options(bad).unwrap_err();
/// assert_eq!(err.kind(), "invalid_argument");
/// assert_eq!(err.message(), "`maxRetries` must be an integer from 0 to 4294967295, not -1");
/// ```
#[derive(Clone, Default)]
pub struct ClientOptions {
    /// The secret API key; unset, `WORKOS_API_KEY`. An empty one is no key.
    pub api_key: Option<String>,
    /// Accepted for compatibility with the official SDKs; unused.
    pub client_id: Option<String>,
    /// Where the API is; unset, `WORKOS_BASE_URL`, then
    /// [`DEFAULT_BASE_URL`](crate::DEFAULT_BASE_URL).
    pub base_url: Option<String>,
    /// Retries after a failed first attempt.
    pub max_retries: Option<Number>,
    /// Timeout of each attempt.
    pub timeout: Option<Timeout>,
    /// The binding's language and its version, for the `User-Agent`
    /// (`("python", "3.12.1")`); unset, Rust's.
    pub binding: Option<(String, String)>,
    /// How the binding spells the options, for messages.
    pub names: OptionNames,
}

impl fmt::Debug for ClientOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        debug_redacted!(f, "ClientOptions", self, [max_retries, timeout, binding])
    }
}

impl ClientOptions {
    /// A [`ClientBuilder`] configured with these options, or
    /// `invalid_argument` for a number out of range. The builder's own checks
    /// (key, base URL, zero timeout) are left to [`ClientBuilder::build`] or
    /// [`ClientBuilder::try_build`].
    pub fn into_builder(self) -> Result<ClientBuilder, Error> {
        // Numbers first, so that a refused number is the error raised.
        let max_retries = self
            .max_retries
            .map(|n| n.to_max_retries(self.names.max_retries))
            .transpose()?;
        let timeout = self
            .timeout
            .map(|t| t.to_duration(self.names.timeout))
            .transpose()?;
        let mut b = Client::builder();
        if let Some((name, version)) = self.binding {
            b = b.binding(name, version);
        }
        if let Some(key) = self.api_key {
            b = b.api_key(key);
        }
        if let Some(id) = self.client_id {
            b = b.client_id(id);
        }
        if let Some(url) = self.base_url {
            b = b.base_url(url);
        }
        if let Some(n) = max_retries {
            b = b.max_retries(n);
        }
        if let Some(t) = timeout {
            b = b.timeout(t);
        }
        Ok(b)
    }
}

impl Client {
    /// A client from options as a binding receives them: `invalid_argument`
    /// for a number out of range (see [`ClientOptions`]); otherwise a client
    /// like [`ClientBuilder::build`]'s, whose every call fails with
    /// `configuration` when the key or base URL is unusable.
    pub fn from_options(options: ClientOptions) -> Result<Client, Error> {
        Ok(options.into_builder()?.build())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options() -> ClientOptions {
        ClientOptions {
            api_key: Some("sk_test_secret".into()),
            base_url: Some("http://127.0.0.1:1".into()),
            ..Default::default()
        }
    }

    /// The client from [`options`] as `adjust` leaves them.
    fn client(adjust: impl FnOnce(&mut ClientOptions)) -> Result<Client, Error> {
        let mut o = options();
        adjust(&mut o);
        Client::from_options(o)
    }

    fn retries(n: Number) -> Result<u32, Error> {
        Ok(client(|o| o.max_retries = Some(n))?.max_retries())
    }

    fn timeout(t: Timeout) -> Result<Duration, Error> {
        Ok(client(|o| o.timeout = Some(t))?.timeout())
    }

    #[test]
    fn retries_are_integers_from_zero_to_u32_max() {
        use Number::*;
        for (n, want) in [
            (Int(0), 0),
            (Int(3), 3),
            (Int(u32::MAX.into()), u32::MAX),
            (Float(0.0), 0),
            (Float(-0.0), 0),
            (Float(4294967295.0), u32::MAX),
        ] {
            assert_eq!(retries(n.clone()).unwrap(), want, "{n:?}");
        }
        for n in [
            Int(-1),
            Int(i128::from(u32::MAX) + 1),
            Int(i128::MIN),
            Float(-1.0),
            Float(1.5),
            Float(4294967296.0),
            Float(1e20),
            Float(f64::NAN),
            Float(f64::INFINITY),
            Float(f64::NEG_INFINITY),
            Huge("an int of 300 bits".into()),
        ] {
            let err = retries(n.clone()).unwrap_err();
            assert_eq!(err.kind(), "invalid_argument", "{n:?}");
            assert!(
                err.message()
                    .starts_with("`max_retries` must be an integer from 0 to 4294967295, not "),
                "{err}"
            );
        }
        assert_eq!(
            retries(Huge("a negative int of 999 bits".into()))
                .unwrap_err()
                .message(),
            "`max_retries` must be an integer from 0 to 4294967295, not a negative int of 999 bits"
        );
    }

    #[test]
    fn timeouts_are_durations_from_zero() {
        use Number::*;
        use Timeout::*;
        for (t, want) in [
            (Seconds(Int(30)), Duration::from_secs(30)),
            (Seconds(Float(2.5)), Duration::from_millis(2500)),
            (
                Seconds(Float(1e18)),
                Duration::from_secs(1_000_000_000_000_000_000),
            ),
            (Seconds(Int(u64::MAX.into())), Duration::from_secs(u64::MAX)),
            (Millis(Int(1500)), Duration::from_millis(1500)),
            (Millis(Float(1500.0)), Duration::from_millis(1500)),
            (
                Millis(Int(u64::MAX.into())),
                Duration::from_millis(u64::MAX),
            ),
            (Millis(Float(1e12)), Duration::from_secs(1_000_000_000)),
        ] {
            assert_eq!(timeout(t.clone()).unwrap(), want, "{t:?}");
        }
        // Zero passes here; the builder makes it a configuration error.
        let zero = Client::from_options(ClientOptions {
            timeout: Some(Millis(Int(0))),
            ..options()
        })
        .unwrap();
        assert_eq!(zero.base_url(), None);
        assert!(options()
            .into_builder()
            .unwrap()
            .timeout(Duration::ZERO)
            .try_build()
            .is_err_and(|e| e.kind() == "configuration"));

        for t in [
            Seconds(Int(-1)),
            Seconds(Float(-0.001)),
            Seconds(Float(f64::NAN)),
            Seconds(Float(f64::INFINITY)),
            Seconds(Float(f64::NEG_INFINITY)),
            Seconds(Float(1e300)),
            Seconds(Int(i128::from(u64::MAX) + 1)),
            Seconds(Huge("an int of 1330 bits".into())),
            Millis(Int(-5)),
            Millis(Float(-0.5)),
            Millis(Float(1e300)),
            Millis(Int(i128::MAX)),
        ] {
            let err = timeout(t.clone()).unwrap_err();
            assert_eq!(err.kind(), "invalid_argument", "{t:?}");
        }
        assert_eq!(
            timeout(Seconds(Float(f64::NAN))).unwrap_err().message(),
            "`timeout` must be a number of seconds from 0 to about 1.8e19, not NaN"
        );
        assert_eq!(
            timeout(Millis(Float(1e300))).unwrap_err().message(),
            "`timeout` must be a number of milliseconds from 0 to about 1.8e22, not 1e+300"
        );
    }

    #[test]
    fn every_u32_and_u64_of_milliseconds_is_in_range() {
        // What Swift and Kotlin can pass; their constructor cannot fail.
        for n in [0, 1, u32::MAX] {
            assert_eq!(Number::from(n).to_max_retries("n").unwrap(), n);
        }
        for ms in [0, 1, u64::MAX] {
            let t = Timeout::Millis(ms.into()).to_duration("t").unwrap();
            assert_eq!(t, Duration::from_millis(ms));
        }
    }

    #[test]
    fn messages_use_the_bindings_names() {
        let names = OptionNames {
            max_retries: "--max-retries",
            timeout: "--timeout",
        };
        let err = Client::from_options(ClientOptions {
            max_retries: Some(Number::Int(-1)),
            timeout: Some(Timeout::Seconds(Number::Float(-1.0))),
            names,
            ..options()
        })
        .unwrap_err();
        // Retries are checked first.
        assert!(
            err.message().starts_with("`--max-retries` must be"),
            "{err}"
        );
        let err = Client::from_options(ClientOptions {
            timeout: Some(Timeout::Seconds(Number::Float(-1.0))),
            names,
            ..options()
        })
        .unwrap_err();
        assert!(err.message().starts_with("`--timeout` must be"), "{err}");
    }

    #[test]
    fn numbers_print_as_javascript_and_python_do() {
        for (n, shown) in [
            (Number::Float(-1.0), "-1"),
            (Number::Float(1.5), "1.5"),
            (Number::Float(1e20), "100000000000000000000"),
            (Number::Float(1e21), "1e+21"),
            (Number::Float(-2.5e300), "-2.5e+300"),
            (Number::Float(1e-7), "1e-7"),
            (Number::Float(f64::NEG_INFINITY), "-Infinity"),
            (Number::Int(-7), "-7"),
        ] {
            assert_eq!(n.to_string(), shown);
        }
    }

    #[test]
    fn options_apply_and_keys_never_show() {
        let o = ClientOptions {
            client_id: Some("client_1".into()),
            max_retries: Some(Number::Int(1)),
            timeout: Some(Timeout::Seconds(Number::Int(5))),
            binding: Some(("python".into(), "3.12.1".into())),
            ..options()
        };
        assert!(!format!("{o:?}").contains("secret"));
        let c = Client::from_options(o).unwrap();
        assert_eq!(c.base_url(), Some("http://127.0.0.1:1"));
        assert_eq!((c.max_retries(), c.timeout()), (1, Duration::from_secs(5)));
        assert!(!format!("{c:?}").contains("secret"));

        // Unset: the defaults.
        let c = Client::from_options(options()).unwrap();
        assert_eq!(c.max_retries(), crate::DEFAULT_MAX_RETRIES);
        assert_eq!(c.timeout(), crate::DEFAULT_TIMEOUT);

        // An unusable key or URL is the builder's business: a client that
        // fails every call with `configuration`.
        let c = Client::from_options(ClientOptions {
            base_url: Some("http://api.example.com".into()),
            ..options()
        })
        .unwrap();
        assert_eq!(c.base_url(), None);
    }
}
