//! The directories: kept in list order, looked up by id, and completed when a
//! test gives only some of their fields.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Bound;
use std::sync::Arc;

use serde_json::{json, Value};

use crate::directory::{Directory, Fields, SortKey};
use crate::generate::{self, Prng, EPOCH_MS};
use crate::timestamp::{self, Instant};

/// The list order asked for; `normal` is served as [`Order::Desc`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// Oldest first.
    Asc,
    /// Newest first.
    Desc,
}

/// A validated `GET /directories` query.
#[derive(Debug, Clone)]
pub struct ListQuery {
    /// Exact `organization_id` filter.
    pub organization_id: Option<String>,
    /// Lowercased substring of `name`.
    pub search_lower: Option<String>,
    /// Exact `domain` filter.
    pub domain: Option<String>,
    /// Page size, 1..=100.
    pub limit: usize,
    /// Chosen order.
    pub order: Order,
    /// Cursor: the page ends before this id.
    pub before: Option<String>,
    /// Cursor: the page starts after this id.
    pub after: Option<String>,
}

impl ListQuery {
    /// The first page of everything, in `order`.
    pub fn new(limit: usize, order: Order) -> Self {
        ListQuery {
            organization_id: None,
            search_lower: None,
            domain: None,
            limit,
            order,
            before: None,
            after: None,
        }
    }

    fn matches(&self, dir: &Directory) -> bool {
        fn exact(want: &Option<String>, have: &Option<String>) -> bool {
            want.is_none() || want == have
        }
        exact(&self.organization_id, &dir.organization_id)
            && exact(&self.domain, &dir.domain)
            && match (&self.search_lower, &dir.name_lower) {
                (None, _) => true,
                (Some(want), Some(name)) => name.contains(want.as_str()),
                (Some(_), None) => false,
            }
    }
}

/// One page of a list, in the order asked for.
#[derive(Debug)]
pub struct Page {
    /// The directories on the page.
    pub data: Vec<Arc<Directory>>,
    /// The first item's id when matching directories precede it.
    pub before: Option<String>,
    /// The last item's id when matching directories follow it.
    pub after: Option<String>,
}

/// Why directories could not be added; nothing is added then.
#[derive(Debug, PartialEq, Eq)]
pub enum AddError {
    /// An id that is already taken (or repeated in the same request).
    Duplicate(String),
    /// An `id` that is present but not a string.
    BadId,
}

/// All directories, plus the sort keys of removed ones so that cursors naming
/// them still work.
#[derive(Debug)]
pub struct Store {
    by_key: BTreeMap<SortKey, Arc<Directory>>,
    by_id: HashMap<String, Arc<Directory>>,
    removed: HashMap<String, SortKey>,
    /// Directories added since the last reset, for `Directory N` names.
    added: u64,
    /// Randomness for filled-in ids and keys, reseeded on reset so a test's
    /// run is reproducible.
    rng: Prng,
}

impl Store {
    /// An empty store whose filled-in values derive from `seed`.
    pub fn new(seed: u64) -> Self {
        Store {
            by_key: BTreeMap::new(),
            by_id: HashMap::new(),
            removed: HashMap::new(),
            added: 0,
            rng: Prng::new(seed ^ 0xadd1_7ed0),
        }
    }

    /// Removes every directory (their ids stay valid cursors) and reseeds.
    pub fn clear(&mut self, seed: u64) {
        for (key, _) in std::mem::take(&mut self.by_key) {
            self.removed.insert(key.id.clone(), key);
        }
        self.by_id.clear();
        self.added = 0;
        self.rng = Prng::new(seed ^ 0xadd1_7ed0);
    }

    /// How many directories there are.
    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    /// The directory with this id.
    pub fn get(&self, id: &str) -> Option<Arc<Directory>> {
        self.by_id.get(id).cloned()
    }

    /// Deletes a directory; false when there was none.
    pub fn delete(&mut self, id: &str) -> bool {
        let Some(dir) = self.by_id.remove(id) else {
            return false;
        };
        self.by_key.remove(&dir.key);
        self.removed.insert(dir.key.id.clone(), dir.key.clone());
        true
    }

    /// Every directory, oldest first.
    pub fn all(&self) -> impl Iterator<Item = &Arc<Directory>> {
        self.by_key.values()
    }

    fn latest_created(&self) -> Option<Instant> {
        // Unparseable dates sort first, so the last key holds the latest real one.
        self.by_key.keys().next_back().and_then(|k| k.created)
    }

    /// One second after `latest`, in milliseconds, or the data-set epoch.
    fn next_created_ms(latest: Option<Instant>) -> i64 {
        latest.map_or(EPOCH_MS, |(secs, nanos)| {
            timestamp::to_ms((secs.saturating_add(1), nanos))
        })
    }

    /// Fills in the required fields a test left out.
    fn complete(&mut self, mut fields: Fields, latest: Option<Instant>) -> Fields {
        self.added += 1;
        if !fields.contains("object") {
            fields.set("object", json!("directory"));
        }
        let created_ms = match fields.get("created_at") {
            None => {
                let ms = Self::next_created_ms(latest);
                fields.set("created_at", json!(timestamp::format_ms(ms)));
                ms
            }
            Some(value) => value
                .as_str()
                .and_then(timestamp::parse)
                .map_or_else(|| Self::next_created_ms(latest), timestamp::to_ms),
        };
        if !fields.contains("id") {
            let id = format!("directory_{}", generate::ulid(created_ms, &mut self.rng));
            fields.set("id", json!(id));
        }
        if !fields.contains("organization_id") {
            let org = format!("org_{}", generate::ulid(created_ms, &mut self.rng));
            fields.set("organization_id", json!(org));
        }
        if !fields.contains("external_key") {
            fields.set("external_key", json!(generate::external_key(&mut self.rng)));
        }
        if !fields.contains("type") {
            fields.set("type", json!("okta scim v2.0"));
        }
        if !fields.contains("state") {
            fields.set("state", json!("linked"));
        }
        if !fields.contains("name") {
            fields.set("name", json!(format!("Directory {}", self.added)));
        }
        if !fields.contains("updated_at") {
            let created = fields.get("created_at").cloned().unwrap_or(Value::Null);
            fields.set("updated_at", created);
        }
        fields
    }

    /// Completes and adds directories, each created (unless it says
    /// otherwise) one second after every directory before it. All or none.
    pub fn add(&mut self, partials: Vec<Fields>) -> Result<Vec<Arc<Directory>>, AddError> {
        let (rng, added) = (self.rng.clone(), self.added);
        let mut latest = self.latest_created();
        let mut made = Vec::with_capacity(partials.len());
        for partial in partials {
            let fields = self.complete(partial, latest);
            let Some(dir) = Directory::new(fields) else {
                (self.rng, self.added) = (rng, added);
                return Err(AddError::BadId);
            };
            latest = latest.max(dir.key.created);
            made.push(Arc::new(dir));
        }
        self.insert_all(made)
            .inspect_err(|_| (self.rng, self.added) = (rng, added))
    }

    /// Adds `count` generated directories from `seed` (or from this store's
    /// randomness), created after every existing one, with `template`'s
    /// fields replacing the generated ones.
    pub fn generate(
        &mut self,
        count: usize,
        seed: Option<u64>,
        template: &Fields,
    ) -> Result<Vec<Arc<Directory>>, AddError> {
        let (rng, added) = (self.rng.clone(), self.added);
        let seed = seed.unwrap_or_else(|| self.rng.next_u64());
        let mut generator =
            generate::Generator::new(seed, Self::next_created_ms(self.latest_created()));
        let mut made = Vec::with_capacity(count);
        for _ in 0..count {
            let mut fields = generator.next_directory();
            for (key, value) in &template.0 {
                fields.set(key, value.clone());
            }
            // An id must carry its creation time, so a template that moves
            // `created_at` gets ids to match.
            if template.contains("created_at") {
                let created_ms = template
                    .get("created_at")
                    .and_then(Value::as_str)
                    .and_then(timestamp::parse)
                    .map(timestamp::to_ms);
                if let (false, Some(ms)) = (template.contains("id"), created_ms) {
                    let id = format!("directory_{}", generate::ulid(ms, &mut self.rng));
                    fields.set("id", json!(id));
                }
                if !template.contains("updated_at") {
                    let created = template.get("created_at").cloned().unwrap_or(Value::Null);
                    fields.set("updated_at", created);
                }
            }
            self.added += 1;
            let Some(dir) = Directory::new(fields) else {
                (self.rng, self.added) = (rng, added);
                return Err(AddError::BadId);
            };
            made.push(Arc::new(dir));
        }
        self.insert_all(made)
            .inspect_err(|_| (self.rng, self.added) = (rng, added))
    }

    /// Adds directories that are already complete, e.g. a saved data set.
    pub fn restore(&mut self, dirs: &[Arc<Directory>], seed: u64) {
        self.clear(seed);
        // A saved data set was checked for duplicates when it was made.
        let _ = self.insert_all(dirs.to_vec());
    }

    fn insert_all(&mut self, dirs: Vec<Arc<Directory>>) -> Result<Vec<Arc<Directory>>, AddError> {
        let mut seen = HashSet::with_capacity(dirs.len());
        for dir in &dirs {
            if self.by_id.contains_key(dir.id()) || !seen.insert(dir.id()) {
                return Err(AddError::Duplicate(dir.id().to_string()));
            }
        }
        for dir in &dirs {
            self.removed.remove(dir.id());
            self.by_id.insert(dir.id().to_string(), dir.clone());
            self.by_key.insert(dir.key.clone(), dir.clone());
        }
        self.added = self.added.max(self.by_id.len() as u64);
        Ok(dirs)
    }

    /// The sort key a cursor names: a current directory's, or a removed one's.
    fn resolve(&self, id: &str) -> Option<&SortKey> {
        self.by_id
            .get(id)
            .map(|d| &d.key)
            .or_else(|| self.removed.get(id))
    }

    /// One page of directories; `Err` names the cursors (`"after"`,
    /// `"before"`) that were never directory ids here.
    pub fn list(&self, query: &ListQuery) -> Result<Page, Vec<&'static str>> {
        let after = query.after.as_deref().map(|id| self.resolve(id));
        let before = query.before.as_deref().map(|id| self.resolve(id));
        let mut bad = Vec::new();
        if let Some(None) = after {
            bad.push("after");
        }
        if let Some(None) = before {
            bad.push("before");
        }
        if !bad.is_empty() {
            return Err(bad);
        }
        let (after, before) = (after.flatten(), before.flatten());

        // The same cursors as bounds on the ascending key order.
        let (lo, hi) = match query.order {
            Order::Asc => (after, before),
            Order::Desc => (before, after),
        };
        if let (Some(lo), Some(hi)) = (lo, hi) {
            if lo >= hi {
                return Ok(Page {
                    data: Vec::new(),
                    before: None,
                    after: None,
                });
            }
        }
        fn bound(key: Option<&SortKey>) -> Bound<&SortKey> {
            key.map_or(Bound::Unbounded, Bound::Excluded)
        }
        let range = self
            .by_key
            .range::<SortKey, _>((bound(lo), bound(hi)))
            .map(|(_, dir)| dir)
            .filter(|dir| query.matches(dir));

        // With only `before`, the page is the `limit` items nearest to it.
        let from_front = !(before.is_some() && after.is_none());
        let mut data: Vec<Arc<Directory>> = match (query.order, from_front) {
            (Order::Asc, true) => range.take(query.limit).cloned().collect(),
            (Order::Desc, true) => range.rev().take(query.limit).cloned().collect(),
            (Order::Asc, false) => range.rev().take(query.limit).cloned().collect(),
            (Order::Desc, false) => range.take(query.limit).cloned().collect(),
        };
        if !from_front {
            data.reverse();
        }

        let (Some(first), Some(last)) = (data.first(), data.last()) else {
            return Ok(Page {
                data,
                before: None,
                after: None,
            });
        };
        let any_older = |key: &SortKey| {
            self.by_key
                .range::<SortKey, _>((Bound::Unbounded, Bound::Excluded(key)))
                .any(|(_, d)| query.matches(d))
        };
        let any_newer = |key: &SortKey| {
            self.by_key
                .range::<SortKey, _>((Bound::Excluded(key), Bound::Unbounded))
                .any(|(_, d)| query.matches(d))
        };
        let (precedes, follows) = match query.order {
            Order::Asc => (any_older(&first.key), any_newer(&last.key)),
            Order::Desc => (any_newer(&first.key), any_older(&last.key)),
        };
        Ok(Page {
            before: precedes.then(|| first.id().to_string()),
            after: follows.then(|| last.id().to_string()),
            data,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store_with(count: usize) -> Store {
        let mut store = Store::new(1);
        store.generate(count, Some(42), &Fields::default()).unwrap();
        store
    }

    fn ids(store: &Store, order: Order) -> Vec<String> {
        let mut ids: Vec<String> = store.all().map(|d| d.id().to_string()).collect();
        if order == Order::Desc {
            ids.reverse();
        }
        ids
    }

    fn page_ids(page: &Page) -> Vec<String> {
        page.data.iter().map(|d| d.id().to_string()).collect()
    }

    fn walk_forward(store: &Store, order: Order, limit: usize) -> (Vec<String>, usize) {
        let mut query = ListQuery::new(limit, order);
        let (mut seen, mut pages) = (Vec::new(), 0);
        loop {
            let page = store.list(&query).unwrap();
            pages += 1;
            if pages == 1 {
                assert_eq!(page.before, None, "first page has nothing before it");
            } else {
                assert_eq!(
                    page.before.as_deref(),
                    page_ids(&page).first().map(|s| s.as_str())
                );
            }
            seen.extend(page_ids(&page));
            match page.after {
                Some(after) => {
                    assert_eq!(Some(&after), seen.last());
                    query.after = Some(after);
                }
                None => return (seen, pages),
            }
        }
    }

    #[test]
    fn walks_every_directory_once_in_both_orders() {
        let store = store_with(250);
        for order in [Order::Asc, Order::Desc] {
            let (seen, pages) = walk_forward(&store, order, 10);
            assert_eq!(pages, 25);
            assert_eq!(seen, ids(&store, order));
        }
        let (seen, pages) = walk_forward(&store, Order::Asc, 100);
        assert_eq!((seen.len(), pages), (250, 3));
    }

    #[test]
    fn pages_backwards_with_before() {
        let store = store_with(250);
        for order in [Order::Asc, Order::Desc] {
            let all = ids(&store, order);
            // Start from the last page and follow `before` to the beginning.
            let mut query = ListQuery::new(10, order);
            query.after = Some(all[239].clone());
            let last = store.list(&query).unwrap();
            assert_eq!(page_ids(&last), &all[240..]);
            assert_eq!(last.after, None);
            let mut collected = page_ids(&last);
            let mut cursor = last.before.clone();
            let mut pages = 1;
            while let Some(before) = cursor {
                let mut query = ListQuery::new(10, order);
                query.before = Some(before);
                let page = store.list(&query).unwrap();
                pages += 1;
                assert_eq!(
                    page.after.as_deref(),
                    page_ids(&page).last().map(|s| s.as_str())
                );
                let mut ids = page_ids(&page);
                ids.append(&mut collected);
                collected = ids;
                cursor = page.before;
            }
            assert_eq!(pages, 25);
            assert_eq!(collected, all);
        }
    }

    #[test]
    fn before_gives_the_nearest_items_in_order() {
        let store = store_with(30);
        let asc = ids(&store, Order::Asc);
        let mut query = ListQuery::new(5, Order::Asc);
        query.before = Some(asc[12].clone());
        let page = store.list(&query).unwrap();
        assert_eq!(page_ids(&page), &asc[7..12]);
        assert_eq!(page.before.as_deref(), Some(asc[7].as_str()));
        assert_eq!(page.after.as_deref(), Some(asc[11].as_str()));

        let desc = ids(&store, Order::Desc);
        query.order = Order::Desc;
        query.before = Some(desc[3].clone());
        let page = store.list(&query).unwrap();
        assert_eq!(page_ids(&page), &desc[0..3]);
        assert_eq!(page.before, None);
    }

    #[test]
    fn both_cursors_give_what_is_between() {
        let store = store_with(30);
        for order in [Order::Asc, Order::Desc] {
            let all = ids(&store, order);
            let mut query = ListQuery::new(100, order);
            query.after = Some(all[4].clone());
            query.before = Some(all[10].clone());
            assert_eq!(page_ids(&store.list(&query).unwrap()), &all[5..10]);
            query.limit = 2;
            assert_eq!(page_ids(&store.list(&query).unwrap()), &all[5..7]);
            // Crossed or equal cursors leave nothing between them.
            query.after = Some(all[10].clone());
            query.before = Some(all[4].clone());
            assert!(store.list(&query).unwrap().data.is_empty());
            query.before = Some(all[10].clone());
            assert!(store.list(&query).unwrap().data.is_empty());
        }
    }

    #[test]
    fn cursors_survive_deletes_and_unknown_ones_are_rejected() {
        let mut store = store_with(30);
        let asc = ids(&store, Order::Asc);
        assert!(store.delete(&asc[10]));
        assert!(!store.delete(&asc[10]));
        let mut query = ListQuery::new(3, Order::Asc);
        query.after = Some(asc[10].clone());
        assert_eq!(page_ids(&store.list(&query).unwrap()), &asc[11..14]);
        query.before = Some("directory_nope".into());
        assert_eq!(store.list(&query).unwrap_err(), vec!["before"]);
        query.after = Some(String::new());
        assert_eq!(store.list(&query).unwrap_err(), vec!["after", "before"]);
        // Ids cleared by a reset were ids of this server too.
        store.clear(1);
        let mut query = ListQuery::new(3, Order::Asc);
        query.after = Some(asc[20].clone());
        assert!(store.list(&query).unwrap().data.is_empty());
    }

    #[test]
    fn filters_apply_to_pages_and_metadata() {
        let mut store = Store::new(1);
        let template = |org: &str, name: &str, domain: &str| {
            Fields(vec![
                ("organization_id".into(), json!(org)),
                ("name".into(), json!(name)),
                ("domain".into(), json!(domain)),
            ])
        };
        store
            .generate(5, Some(1), &template("org_a", "Acme Robotics", "acme.com"))
            .unwrap();
        store
            .generate(5, Some(2), &template("org_b", "Globex Labs", "globex.io"))
            .unwrap();
        store
            .generate(5, Some(3), &template("org_a", "ACME Labs EU", "acme.eu"))
            .unwrap();

        let mut query = ListQuery::new(4, Order::Asc);
        query.organization_id = Some("org_a".into());
        let page = store.list(&query).unwrap();
        assert_eq!(page.data.len(), 4);
        assert!(page.after.is_some());
        query.after = page.after;
        let page = store.list(&query).unwrap();
        assert_eq!(page.data.len(), 4);
        query.after = page.after;
        let page = store.list(&query).unwrap();
        assert_eq!(page.data.len(), 2);
        assert_eq!(
            page.after, None,
            "org_b directories do not count as following"
        );

        let mut query = ListQuery::new(100, Order::Desc);
        query.search_lower = Some("acme".into());
        assert_eq!(store.list(&query).unwrap().data.len(), 10);
        query.search_lower = Some("labs".into());
        assert_eq!(store.list(&query).unwrap().data.len(), 10);
        query.domain = Some("acme.eu".into());
        let page = store.list(&query).unwrap();
        assert_eq!(page.data.len(), 5);
        assert_eq!((page.before, page.after), (None, None));
        query.domain = Some("acme".into());
        assert!(store.list(&query).unwrap().data.is_empty());
    }

    #[test]
    fn completes_partial_directories() {
        let mut store = store_with(3);
        let latest = store.all().last().unwrap().value()["created_at"].clone();
        let made = store
            .add(vec![
                Fields(vec![
                    ("extra".into(), json!(true)),
                    ("state".into(), json!("weird")),
                ]),
                Fields::default(),
            ])
            .unwrap();
        let first = made[0].value();
        let first = first.as_object().unwrap();
        assert_eq!(first.get("object"), Some(&json!("directory")));
        assert_eq!(first.get("state"), Some(&json!("weird")));
        assert_eq!(first.get("type"), Some(&json!("okta scim v2.0")));
        assert_eq!(first.get("name"), Some(&json!("Directory 4")));
        assert_eq!(made[1].value().get("name"), Some(&json!("Directory 5")));
        assert_eq!(first.get("extra"), Some(&json!(true)));
        assert!(first.get("domain").is_none() && first.get("metadata").is_none());
        assert_eq!(first.get("updated_at"), first.get("created_at"));
        let parse = |v: &Value| timestamp::parse(v.as_str().unwrap()).unwrap();
        let created = parse(first.get("created_at").unwrap());
        assert_eq!(created.0, parse(&latest).0 + 1);
        assert_eq!(parse(&made[1].value()["created_at"]).0, created.0 + 1);
        let id = first.get("id").unwrap().as_str().unwrap();
        assert!(id.starts_with("directory_") && id.len() == 36);
        let org = first.get("organization_id").unwrap().as_str().unwrap();
        assert!(org.starts_with("org_") && org.len() == 30);
        assert_eq!(store.all().last().unwrap().id(), made[1].id());
    }

    #[test]
    fn first_partial_starts_at_the_epoch() {
        let mut store = Store::new(1);
        let made = store.add(vec![Fields::default()]).unwrap();
        assert_eq!(
            made[0].value()["created_at"],
            json!("2024-01-01T00:00:00.000Z")
        );
    }

    #[test]
    fn adding_is_all_or_nothing() {
        let mut store = store_with(3);
        let taken = store.all().next().unwrap().id().to_string();
        let with_id = |id: &str| Fields(vec![("id".into(), json!(id))]);
        let err = store
            .add(vec![with_id("fresh"), with_id(&taken)])
            .unwrap_err();
        assert_eq!(err, AddError::Duplicate(taken));
        assert_eq!(
            store.add(vec![with_id("x"), with_id("x")]).unwrap_err(),
            AddError::Duplicate("x".into())
        );
        let bad = Fields(vec![("id".into(), json!(7))]);
        assert_eq!(store.add(vec![bad]).unwrap_err(), AddError::BadId);
        assert_eq!(store.len(), 3);
        assert!(store.get("fresh").is_none());
    }

    #[test]
    fn generate_template_moves_ids_with_created_at() {
        let mut store = Store::new(1);
        let template = Fields(vec![(
            "created_at".into(),
            json!("2030-05-05T00:00:00.000Z"),
        )]);
        let made = store.generate(3, None, &template).unwrap();
        let ms = timestamp::to_ms(timestamp::parse("2030-05-05T00:00:00.000Z").unwrap());
        let time_part = &generate::ulid_with(ms, 0)[..10];
        for dir in &made {
            assert_eq!(dir.value().get("updated_at"), template.get("created_at"));
            assert_eq!(&dir.id()["directory_".len()..][..10], time_part);
        }
    }

    #[test]
    fn unparseable_dates_sort_first() {
        let mut store = store_with(2);
        store
            .add(vec![Fields(vec![
                ("id".into(), json!("odd")),
                ("created_at".into(), json!("yesterday")),
            ])])
            .unwrap();
        assert_eq!(store.all().next().unwrap().id(), "odd");
    }
}
