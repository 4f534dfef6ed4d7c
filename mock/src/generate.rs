//! Deterministic data: the same seed always yields the same bytes, so tests and
//! benchmarks can rely on a data set without storing it.

use serde_json::{json, Value};

use crate::directory::Fields;
use crate::timestamp;

/// 2024-01-01T00:00:00.000Z, where generated data sets begin.
pub const EPOCH_MS: i64 = 1_704_067_200_000;

const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const ALPHANUMERIC: &[u8; 62] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// The splitmix64 finaliser: a bijection on `u64`, so distinct inputs give
/// distinct outputs (request ids rely on that).
pub fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// splitmix64: tiny, fast and good enough for test data.
#[derive(Debug, Clone)]
pub struct Prng(u64);

impl Prng {
    /// A generator whose whole output is determined by `seed`.
    pub fn new(seed: u64) -> Self {
        // Mixing keeps neighbouring seeds from starting on correlated streams.
        Prng(mix64(seed ^ 0x5eed_0fd5_ec0d_e5a1))
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        mix64(self.0)
    }

    /// A value in `0..n` (`n` > 0), by multiply-shift, which has negligible bias
    /// for the small ranges used here.
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// A value in `lo..=hi`.
    pub fn between(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    /// One of `items`, chosen with the given relative weights.
    pub fn weighted<'a, T>(&mut self, items: &'a [(T, u64)]) -> &'a T {
        let total: u64 = items.iter().map(|(_, w)| w).sum();
        let mut pick = self.below(total);
        for (item, weight) in items {
            if pick < *weight {
                return item;
            }
            pick -= weight;
        }
        &items[items.len() - 1].0
    }

    /// One of `items`, uniformly.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// Appends `value` as `len` Crockford base32 characters, most significant first.
fn push_base32(out: &mut String, value: u128, len: u32) {
    for i in (0..len).rev() {
        out.push(CROCKFORD[((value >> (5 * i)) & 31) as usize] as char);
    }
}

/// A 26-character ULID: 10 characters of millisecond time, then 16 of
/// randomness, so ids made at increasing times sort in that order.
pub fn ulid_with(ms: i64, random: u128) -> String {
    let mut out = String::with_capacity(26);
    // A ULID has 48 bits of time; clamping keeps odd stored dates from wrapping.
    let time = ms.clamp(0, (1 << 48) - 1) as u128;
    push_base32(&mut out, time, 10);
    push_base32(&mut out, random & ((1 << 80) - 1), 16);
    out
}

/// The millisecond time a ULID carries, or `None` when `text` is not one:
/// exactly 26 characters of upper-case Crockford base32 (the form this mock
/// and WorkOS write), starting with `0`..`7` since a ULID holds 128 bits.
pub fn ulid_ms(text: &str) -> Option<i64> {
    let bytes = text.as_bytes();
    if bytes.len() != 26 || !matches!(bytes[0], b'0'..=b'7') {
        return None;
    }
    let mut digits = bytes
        .iter()
        .map(|&c| CROCKFORD.iter().position(|&d| d == c));
    let time = digits
        .by_ref()
        .take(10)
        .try_fold(0i64, |acc, digit| Some(acc * 32 + digit? as i64))?;
    // The random part carries no order, but a mistyped one still makes the
    // string something other than an id.
    digits.all(|digit| digit.is_some()).then_some(time)
}

/// The time of a well-formed directory id, `directory_` and a ULID, as
/// [`ulid_ms`] reads it.
pub fn directory_id_ms(id: &str) -> Option<i64> {
    ulid_ms(id.strip_prefix("directory_")?)
}

/// A ULID for time `ms` with randomness from `rng`.
pub fn ulid(ms: i64, rng: &mut Prng) -> String {
    let random = (u128::from(rng.next_u64()) << 16) | u128::from(rng.next_u64() >> 48);
    ulid_with(ms, random)
}

/// 16 random alphanumerics, the shape of a WorkOS `external_key`.
pub fn external_key(rng: &mut Prng) -> String {
    (0..16)
        .map(|_| ALPHANUMERIC[rng.below(62) as usize] as char)
        .collect()
}

/// Every `type` of the spec's enum, weighted towards the common providers.
pub const TYPES: &[(&str, u64)] = &[
    ("okta scim v2.0", 300),
    ("azure scim v2.0", 250),
    ("generic scim v2.0", 60),
    ("gsuite directory", 60),
    ("onelogin scim v2.0", 30),
    ("jump cloud scim v2.0", 30),
    ("rippling scim v2.0", 25),
    ("workday", 25),
    ("pingfederate scim v2.0", 20),
    ("bamboohr", 20),
    ("cyberark scim v2.0", 15),
    ("sailpoint scim v2.0", 15),
    ("hibob", 15),
    ("personio", 15),
    ("sftp workday", 10),
    ("breathe hr", 10),
    ("cezanne hr", 10),
    ("fourth hr", 10),
    ("people hr", 10),
    ("s3", 10),
    ("sftp", 10),
];

/// Every `state` of the spec's enum, mostly `linked`.
pub const STATES: &[(&str, u64)] = &[
    ("linked", 75),
    ("validating", 8),
    ("invalid_credentials", 7),
    ("unlinked", 7),
    ("deleting", 3),
];

const NAME_STEMS: &[&str] = &[
    "Acme",
    "Globex",
    "Initech",
    "Umbrella",
    "Stark",
    "Wayne",
    "Hooli",
    "Vandelay",
    "Soylent",
    "Tyrell",
    "Cyberdyne",
    "Aperture",
    "Wonka",
    "Northwind",
    "Contoso",
    "Fabrikam",
    "Blue Harbor",
    "Silver Oak",
    "Red Rock",
    "Bright Peak",
    "Iron Bridge",
    "Green Valley",
    "Summit",
    "Pinnacle",
    "Evergreen",
    "Lakeside",
    "Polaris",
    "Quantum",
    "Nimbus",
    "Atlas",
    "Horizon",
    "Cobalt",
    "Juniper",
    "Maple",
    "Beacon",
    "Granite",
    "Harbor Point",
    "Kestrel",
    "Meridian",
    "Orion",
];

const NAME_KINDS: &[&str] = &[
    "Robotics",
    "Labs",
    "Industries",
    "Systems",
    "Analytics",
    "Health",
    "Logistics",
    "Foods",
    "Energy",
    "Capital",
    "Software",
    "Networks",
    "Media",
    "Bank",
    "Insurance",
    "Partners",
    "Dynamics",
    "Biotech",
    "Aerospace",
    "Retail",
    "Consulting",
    "Motors",
    "Pharma",
    "Studios",
];

const TLDS: &[(&str, u64)] = &[("com", 70), ("io", 12), ("co", 8), ("net", 5), ("dev", 5)];

/// What a second directory of the same organisation is usually called after.
const DIVISIONS: &[&str] = &[
    "EU",
    "US",
    "APAC",
    "Staging",
    "Contractors",
    "Retail Stores",
];

/// `Acme Robotics` → `acme-robotics`.
fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

struct Organization {
    id: String,
    name: String,
    domain: String,
}

/// A sequence of complete, realistic directories from one seed, created at
/// increasing times from `start_ms`.
pub struct Generator {
    rng: Prng,
    next_ms: i64,
    organizations: Vec<Organization>,
}

impl Generator {
    /// A generator whose first directory is created exactly at `start_ms`.
    pub fn new(seed: u64, start_ms: i64) -> Self {
        Generator {
            rng: Prng::new(seed),
            next_ms: start_ms,
            organizations: Vec::new(),
        }
    }

    fn new_organization(&mut self, created_ms: i64) -> Organization {
        let name = format!(
            "{} {}",
            self.rng.pick(NAME_STEMS),
            self.rng.pick(NAME_KINDS)
        );
        let domain = format!("{}.{}", slug(&name), self.rng.weighted(TLDS));
        // Organisations exist a while before their first directory.
        let org_ms = created_ms - self.rng.between(60_000, 30 * 86_400_000) as i64;
        let id = format!("org_{}", ulid(org_ms, &mut self.rng));
        Organization { id, name, domain }
    }

    /// The next directory, with every field of the spec's `Directory`.
    pub fn next_directory(&mut self) -> Fields {
        let created_ms = self.next_ms;
        // Spacing by whole, seeded minutes keeps ids strictly increasing in time.
        self.next_ms += self.rng.between(1, 600) as i64 * 60_000;

        // About one directory in five belongs to an organisation that has one
        // already, so `organization_id` filters have something to find.
        let reuse = !self.organizations.is_empty() && self.rng.chance(20);
        let (organization_id, name, domain) = if reuse {
            let index = self.rng.below(self.organizations.len() as u64) as usize;
            let division = self.rng.pick(DIVISIONS);
            let org = &self.organizations[index];
            (
                org.id.clone(),
                format!("{} {division}", org.name),
                org.domain.clone(),
            )
        } else {
            let org = self.new_organization(created_ms);
            let fields = (org.id.clone(), org.name.clone(), org.domain.clone());
            self.organizations.push(org);
            fields
        };

        let id = format!("directory_{}", ulid(created_ms, &mut self.rng));
        let external_key = external_key(&mut self.rng);
        let kind = *self.rng.weighted(TYPES);
        let state = *self.rng.weighted(STATES);
        let metadata = self.metadata(state);
        let updated_ms = if self.rng.chance(40) {
            created_ms
        } else {
            created_ms + self.rng.between(1_000, 90 * 86_400_000) as i64
        };

        Fields(vec![
            ("object".into(), json!("directory")),
            ("id".into(), json!(id)),
            ("organization_id".into(), json!(organization_id)),
            ("external_key".into(), json!(external_key)),
            ("type".into(), json!(kind)),
            ("state".into(), json!(state)),
            ("name".into(), json!(name)),
            ("domain".into(), json!(domain)),
            ("metadata".into(), metadata),
            ("created_at".into(), json!(timestamp::format_ms(created_ms))),
            ("updated_at".into(), json!(timestamp::format_ms(updated_ms))),
        ])
    }

    fn metadata(&mut self, state: &str) -> Value {
        let synced = matches!(state, "linked" | "deleting") || self.rng.chance(30);
        let (active, inactive, groups) = if synced {
            // Spread sizes over orders of magnitude, as real customers are.
            let scale = *self.rng.pick(&[20u64, 200, 2_000, 20_000]);
            let active = self.rng.between(1, scale);
            let inactive = self.rng.below(active / 8 + 2);
            let groups = self.rng.below(active / 20 + 4);
            (active, inactive, groups)
        } else {
            (0, 0, 0)
        };
        json!({"users": {"active": active, "inactive": inactive}, "groups": groups})
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn directories(seed: u64, count: usize, start_ms: i64) -> Vec<Fields> {
        let mut generator = Generator::new(seed, start_ms);
        (0..count).map(|_| generator.next_directory()).collect()
    }

    fn field<'a>(fields: &'a Fields, name: &str) -> &'a str {
        fields.get(name).and_then(Value::as_str).unwrap_or_default()
    }

    fn decode_ulid_ms(ulid: &str) -> i64 {
        ulid_ms(ulid).unwrap()
    }

    #[test]
    fn same_seed_same_bytes() {
        let a = directories(7, 300, EPOCH_MS);
        let b = directories(7, 300, EPOCH_MS);
        let bytes = |d: &[Fields]| d.iter().map(Fields::to_json).collect::<Vec<_>>();
        assert_eq!(bytes(&a), bytes(&b));
        // A smaller count is a prefix of a larger one.
        assert_eq!(bytes(&directories(7, 10, EPOCH_MS)), bytes(&a[..10]));
        assert_ne!(bytes(&directories(8, 10, EPOCH_MS)), bytes(&a[..10]));
    }

    #[test]
    fn ids_sort_by_creation_time() {
        let dirs = directories(3, 1000, EPOCH_MS);
        assert_eq!(field(&dirs[0], "created_at"), "2024-01-01T00:00:00.000Z");
        for pair in dirs.windows(2) {
            assert!(field(&pair[0], "id") < field(&pair[1], "id"));
            assert!(field(&pair[0], "created_at") < field(&pair[1], "created_at"));
        }
        for dir in &dirs {
            let id = field(dir, "id");
            let ulid = id.strip_prefix("directory_").unwrap();
            assert_eq!(ulid.len(), 26);
            assert!(ulid.bytes().all(|c| CROCKFORD.contains(&c)));
            let created = timestamp::parse(field(dir, "created_at")).unwrap();
            assert_eq!(decode_ulid_ms(ulid), timestamp::to_ms(created));
            let org = field(dir, "organization_id").strip_prefix("org_").unwrap();
            assert_eq!(org.len(), 26);
            assert!(decode_ulid_ms(org) < decode_ulid_ms(ulid));
        }
    }

    #[test]
    fn fields_are_valid_and_realistic() {
        let dirs = directories(11, 5000, EPOCH_MS);
        let mut types = std::collections::HashMap::new();
        let mut states = std::collections::HashMap::new();
        for dir in &dirs {
            assert_eq!(field(dir, "object"), "directory");
            for stamp in ["created_at", "updated_at"] {
                let text = field(dir, stamp);
                assert_eq!(text.len(), 24, "{text}");
                assert!(text.ends_with('Z'));
                let parsed = timestamp::parse(text).unwrap();
                assert_eq!(timestamp::format_ms(timestamp::to_ms(parsed)), text);
            }
            assert!(field(dir, "updated_at") >= field(dir, "created_at"));
            let key = field(dir, "external_key");
            assert_eq!(key.len(), 16);
            assert!(key.bytes().all(|c| c.is_ascii_alphanumeric()));
            let name = field(dir, "name");
            let domain = field(dir, "domain");
            let stem = domain.split('.').next().unwrap();
            assert!(
                slug(name).starts_with(stem),
                "{name} does not match {domain}"
            );
            let metadata = dir.get("metadata").unwrap();
            assert!(metadata["users"]["active"].is_u64());
            assert!(metadata["users"]["inactive"].is_u64());
            assert!(metadata["groups"].is_u64());
            *types.entry(field(dir, "type").to_string()).or_insert(0) += 1;
            *states.entry(field(dir, "state").to_string()).or_insert(0) += 1;
        }
        assert_eq!(types.len(), TYPES.len());
        assert_eq!(states.len(), STATES.len());
        assert!(types["okta scim v2.0"] > types["workday"]);
        assert!(states["linked"] > dirs.len() / 2);
        let orgs: std::collections::HashSet<_> =
            dirs.iter().map(|d| field(d, "organization_id")).collect();
        assert!(orgs.len() < dirs.len(), "some organisations have several");
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("Acme Robotics"), "acme-robotics");
        assert_eq!(slug("Harbor Point Labs EU"), "harbor-point-labs-eu");
    }

    #[test]
    fn ulid_clamps_time() {
        assert_eq!(ulid_with(-5, 0), "00000000000000000000000000");
        assert_eq!(ulid_with(i64::MAX, u128::MAX), "7ZZZZZZZZZZZZZZZZZZZZZZZZZ");
    }

    #[test]
    fn ulids_are_read_back() {
        let mut rng = Prng::new(5);
        for ms in [0, 1, EPOCH_MS, EPOCH_MS + 123, (1 << 48) - 1] {
            assert_eq!(ulid_ms(&ulid(ms, &mut rng)), Some(ms));
        }
        assert_eq!(
            directory_id_ms("directory_01HZ8RQ3J5N6W3E4Y0Y5G1K2M1"),
            Some(1_717_207_535_173)
        );
        for text in [
            "",
            "01HZ8RQ3J5N6W3E4Y0Y5G1K2M",
            "01HZ8RQ3J5N6W3E4Y0Y5G1K2M12",
            "01hz8rq3j5n6w3e4y0y5g1k2m1",
            "01HZ8RQ3J5N6W3E4Y0Y5G1K2MI",
            "01HZNOTACURSORXXXXXXXXXXXX",
            "81HZ8RQ3J5N6W3E4Y0Y5G1K2M1",
            "01HZ8RQ3J5N6W3E4Y0Y5G1K2ü",
        ] {
            assert_eq!(ulid_ms(text), None, "{text}");
        }
        for id in [
            "01HZ8RQ3J5N6W3E4Y0Y5G1K2M1",
            "org_01HZ8RQ3J5N6W3E4Y0Y5G1K2M1",
            "directory_",
            "directory_nope",
        ] {
            assert_eq!(directory_id_ms(id), None, "{id}");
        }
    }
}
