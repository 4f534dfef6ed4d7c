//! The directories: kept in list order, looked up by id, and completed when a
//! test gives only some of their fields.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Bound;
use std::sync::Arc;

use serde_json::{json, Value};

use crate::directory::{Directory, Fields, SortKey};
use crate::generate::{self, Prng, EPOCH_MS};
use crate::timestamp::{self, Instant};

/// The list order asked for. An order is two choices: which end of the
/// creation order the listing starts at, and which way each cursor points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// Oldest first; `after` pages towards newer records, `before` towards
    /// older ones.
    Asc,
    /// Newest first; `after` pages towards older records, `before` towards
    /// newer ones, so the cursors keep following the listing.
    Desc,
    /// Newest first like [`Order::Desc`], but with the cursors of
    /// [`Order::Asc`]: `before` pages towards older records (continuing the
    /// listing), `after` towards newer ones.
    Normal,
}

impl Order {
    /// Whether the listing starts with the newest record.
    fn newest_first(self) -> bool {
        self != Order::Asc
    }

    /// Whether `before=X` asks for the records older than X (and `after=X`
    /// for the newer ones).
    fn before_is_older(self) -> bool {
        self != Order::Desc
    }
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
    /// Cursor: records on this id's `before` side (see [`Order`]).
    pub before: Option<String>,
    /// Cursor: records on this id's `after` side (see [`Order`]).
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
    /// What to pass as `before` for the matching directories on that side
    /// of the page, or `None` when there are none: the oldest item's id
    /// for `asc` and `normal`, the newest item's for `desc`.
    pub before: Option<String>,
    /// What to pass as `after` for the matching directories on that side
    /// of the page, or `None` when there are none: the newest item's id
    /// for `asc` and `normal`, the oldest item's for `desc`.
    pub after: Option<String>,
}

impl Page {
    fn empty() -> Self {
        Page {
            data: Vec::new(),
            before: None,
            after: None,
        }
    }
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

    /// Where a cursor sits in the list order. Any string is a place: a
    /// directory's id (current or removed) has that directory's key; an
    /// unknown well-formed directory id sits at the time its ULID carries;
    /// any other text sits at the Unix epoch. The text itself breaks ties,
    /// as ids do between directories, so the place is always the same.
    fn cursor_key(&self, cursor: &str) -> Cow<'_, SortKey> {
        let known = self.by_id.get(cursor).map(|d| &d.key);
        if let Some(key) = known.or_else(|| self.removed.get(cursor)) {
            return Cow::Borrowed(key);
        }
        let ms = generate::directory_id_ms(cursor).unwrap_or(0);
        Cow::Owned(SortKey {
            created: Some(timestamp::from_ms(ms)),
            id: cursor.to_string(),
        })
    }

    /// One page of directories. Every cursor is accepted (see
    /// [`Store::cursor_key`]), so a list request never fails here.
    pub fn list(&self, query: &ListQuery) -> Page {
        let order = query.order;
        let after = query.after.as_deref().map(|c| self.cursor_key(c));
        let before = query.before.as_deref().map(|c| self.cursor_key(c));
        // The cursors as bounds on the oldest-first key order.
        let (lo, hi) = if order.before_is_older() {
            (after, before)
        } else {
            (before, after)
        };
        let (lo, hi) = (lo.as_deref(), hi.as_deref());
        if let (Some(lo), Some(hi)) = (lo, hi) {
            if lo >= hi {
                return Page::empty();
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

        // A lone cursor asks for the `limit` items nearest to it, even when
        // they are the last of the range in listing order; otherwise the
        // page is the first `limit` items of the listing.
        let from_oldest = match (lo, hi) {
            (Some(_), None) => true,
            (None, Some(_)) => false,
            _ => !order.newest_first(),
        };
        let mut data: Vec<Arc<Directory>> = if from_oldest {
            range.take(query.limit).cloned().collect()
        } else {
            range.rev().take(query.limit).cloned().collect()
        };
        if from_oldest == order.newest_first() {
            data.reverse();
        }

        let (Some(first), Some(last)) = (data.first(), data.last()) else {
            return Page {
                data,
                ..Page::empty()
            };
        };
        let (oldest, newest) = if order.newest_first() {
            (last, first)
        } else {
            (first, last)
        };
        let any_older = self
            .by_key
            .range::<SortKey, _>((Bound::Unbounded, Bound::Excluded(&oldest.key)))
            .any(|(_, d)| query.matches(d));
        let any_newer = self
            .by_key
            .range::<SortKey, _>((Bound::Excluded(&newest.key), Bound::Unbounded))
            .any(|(_, d)| query.matches(d));
        // Each cursor is named after the parameter it is to be passed as, so
        // which item it names depends on which way that parameter points.
        let older = any_older.then(|| oldest.id().to_string());
        let newer = any_newer.then(|| newest.id().to_string());
        let (before, after) = if order.before_is_older() {
            (older, newer)
        } else {
            (newer, older)
        };
        Page {
            before,
            after,
            data,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORDERS: [Order; 3] = [Order::Asc, Order::Desc, Order::Normal];

    fn store_with(count: usize) -> Store {
        let mut store = Store::new(1);
        store.generate(count, Some(42), &Fields::default()).unwrap();
        store
    }

    /// Every id in the listing order of `order`.
    fn ids(store: &Store, order: Order) -> Vec<String> {
        let mut ids: Vec<String> = store.all().map(|d| d.id().to_string()).collect();
        if order.newest_first() {
            ids.reverse();
        }
        ids
    }

    /// `ids` newest first, when they were oldest first.
    fn rev(ids: &[String]) -> Vec<String> {
        ids.iter().rev().cloned().collect()
    }

    fn page_ids(page: &Page) -> Vec<String> {
        page.data.iter().map(|d| d.id().to_string()).collect()
    }

    /// Whether `after` is the parameter that continues the listing; for
    /// `normal` it is `before`.
    fn after_is_forward(order: Order) -> bool {
        order != Order::Normal
    }

    /// A query with the cursor that continues the listing (`forward`) or the
    /// one that goes back towards its start.
    fn with_cursor(order: Order, limit: usize, forward: bool, id: &str) -> ListQuery {
        let mut query = ListQuery::new(limit, order);
        set_cursor(&mut query, forward, id);
        query
    }

    fn set_cursor(query: &mut ListQuery, forward: bool, id: &str) {
        if forward == after_is_forward(query.order) {
            query.after = Some(id.to_string());
        } else {
            query.before = Some(id.to_string());
        }
    }

    fn cursor(page: &Page, order: Order, forward: bool) -> Option<String> {
        if forward == after_is_forward(order) {
            page.after.clone()
        } else {
            page.before.clone()
        }
    }

    /// Lists and checks the rule every page keeps whatever the order: the
    /// forward cursor names the page's last item, the backward one its first.
    fn list(store: &Store, query: &ListQuery) -> Page {
        let page = store.list(query);
        let ids = page_ids(&page);
        if let Some(next) = cursor(&page, query.order, true) {
            assert_eq!(Some(&next), ids.last(), "{query:?}");
        }
        if let Some(previous) = cursor(&page, query.order, false) {
            assert_eq!(Some(&previous), ids.first(), "{query:?}");
        }
        page
    }

    /// Follows the forward cursor from `query`'s page to the end.
    fn walk_forward(store: &Store, mut query: ListQuery) -> (Vec<String>, usize) {
        let (mut seen, mut pages) = (Vec::new(), 0);
        loop {
            let page = list(store, &query);
            pages += 1;
            seen.extend(page_ids(&page));
            match cursor(&page, query.order, true) {
                Some(next) => {
                    (query.before, query.after) = (None, None);
                    set_cursor(&mut query, true, &next);
                }
                None => return (seen, pages),
            }
        }
    }

    #[test]
    fn walks_every_directory_once_in_every_order() {
        let store = store_with(250);
        for order in ORDERS {
            let first = list(&store, &ListQuery::new(10, order));
            assert_eq!(cursor(&first, order, false), None, "{order:?}");
            let (seen, pages) = walk_forward(&store, ListQuery::new(10, order));
            assert_eq!(pages, 25, "{order:?}");
            assert_eq!(seen, ids(&store, order), "{order:?}");
            let (seen, pages) = walk_forward(&store, ListQuery::new(100, order));
            assert_eq!((seen.len(), pages), (250, 3), "{order:?}");
        }
    }

    #[test]
    fn walks_forward_from_either_cursor() {
        let store = store_with(250);
        for order in ORDERS {
            let all = ids(&store, order);
            for k in [0, 57, 248, 249] {
                let query = with_cursor(order, 10, true, &all[k]);
                let (seen, _) = walk_forward(&store, query);
                assert_eq!(seen, &all[k + 1..], "{order:?} from {k}");
            }
            // The backward cursor's page is the 10 items just before it, and
            // the walk carries on from there without repeats or gaps.
            for k in [1, 5, 57, 249] {
                let query = with_cursor(order, 10, false, &all[k]);
                let (seen, _) = walk_forward(&store, query);
                assert_eq!(seen, &all[k.saturating_sub(10)..], "{order:?} from {k}");
            }
            let page = list(&store, &with_cursor(order, 10, false, &all[0]));
            assert!(page.data.is_empty(), "{order:?}");
        }
    }

    #[test]
    fn walks_backward_to_the_start() {
        let store = store_with(250);
        for order in ORDERS {
            let all = ids(&store, order);
            let last = list(&store, &with_cursor(order, 10, true, &all[239]));
            assert_eq!(page_ids(&last), &all[240..]);
            assert_eq!(cursor(&last, order, true), None);
            let mut collected = page_ids(&last);
            let mut previous = cursor(&last, order, false);
            let mut pages = 1;
            while let Some(id) = previous {
                let page = list(&store, &with_cursor(order, 10, false, &id));
                pages += 1;
                let mut ids = page_ids(&page);
                ids.append(&mut collected);
                collected = ids;
                previous = cursor(&page, order, false);
            }
            assert_eq!(pages, 25, "{order:?}");
            assert_eq!(collected, all, "{order:?}");
        }
    }

    #[test]
    fn a_lone_cursor_gives_the_nearest_items() {
        let store = store_with(30);
        let old = ids(&store, Order::Asc);
        let page = |order: Order, before: Option<&str>, after: Option<&str>| {
            let mut query = ListQuery::new(5, order);
            query.before = before.map(str::to_string);
            query.after = after.map(str::to_string);
            list(&store, &query)
        };
        let x = Some(old[12].as_str());

        let p = page(Order::Asc, None, x);
        assert_eq!(page_ids(&p), &old[13..18]);
        let p = page(Order::Asc, x, None);
        assert_eq!(page_ids(&p), &old[7..12]);
        assert_eq!(
            (p.before, p.after),
            (Some(old[7].clone()), Some(old[11].clone()))
        );

        let p = page(Order::Desc, None, x);
        assert_eq!(page_ids(&p), rev(&old[7..12]));
        let p = page(Order::Desc, x, None);
        assert_eq!(page_ids(&p), rev(&old[13..18]));
        assert_eq!(
            (p.before, p.after),
            (Some(old[17].clone()), Some(old[13].clone()))
        );

        // `normal` lists like `desc`, but `before` is the older side.
        let p = page(Order::Normal, x, None);
        assert_eq!(page_ids(&p), rev(&old[7..12]));
        assert_eq!(
            (p.before, p.after),
            (Some(old[7].clone()), Some(old[11].clone()))
        );
        let p = page(Order::Normal, None, x);
        assert_eq!(page_ids(&p), rev(&old[13..18]));
        assert_eq!(
            (p.before, p.after),
            (Some(old[13].clone()), Some(old[17].clone()))
        );

        // At the ends, the side with nothing left has no cursor.
        let p = page(Order::Normal, None, Some(&old[27]));
        assert_eq!(page_ids(&p), rev(&old[28..]));
        assert_eq!((p.before, p.after), (Some(old[28].clone()), None));
        let p = page(Order::Normal, Some(&old[3]), None);
        assert_eq!(page_ids(&p), rev(&old[..3]));
        assert_eq!((p.before, p.after), (None, Some(old[2].clone())));
        let p = page(Order::Normal, None, None);
        assert_eq!(page_ids(&p), rev(&old[25..]));
        assert_eq!((p.before, p.after), (Some(old[25].clone()), None));
        let p = page(Order::Desc, Some(&old[26]), None);
        assert_eq!(page_ids(&p), rev(&old[27..]));
        assert_eq!(p.before, None);
    }

    #[test]
    fn normal_is_desc_with_the_cursors_swapped() {
        let store = store_with(40);
        let old = ids(&store, Order::Asc);
        let cursors = [
            None,
            Some(&old[0]),
            Some(&old[9]),
            Some(&old[20]),
            Some(&old[39]),
        ];
        for before in cursors {
            for after in cursors {
                let mut normal = ListQuery::new(7, Order::Normal);
                (normal.before, normal.after) = (before.cloned(), after.cloned());
                let mut desc = ListQuery::new(7, Order::Desc);
                (desc.before, desc.after) = (after.cloned(), before.cloned());
                let (n, d) = (list(&store, &normal), list(&store, &desc));
                assert_eq!(page_ids(&n), page_ids(&d), "{normal:?}");
                assert_eq!((n.before, n.after), (d.after, d.before), "{normal:?}");
            }
        }
    }

    #[test]
    fn both_cursors_give_what_is_between() {
        let store = store_with(30);
        for order in ORDERS {
            let all = ids(&store, order);
            let mut query = with_cursor(order, 100, true, &all[4]);
            set_cursor(&mut query, false, &all[10]);
            assert_eq!(page_ids(&list(&store, &query)), &all[5..10], "{order:?}");
            // Too many for one page: the first ones in listing order.
            query.limit = 2;
            let page = list(&store, &query);
            assert_eq!(page_ids(&page), &all[5..7], "{order:?}");
            assert_eq!(cursor(&page, order, true).as_ref(), Some(&all[6]));
            // Crossed or equal cursors leave nothing between them.
            let mut query = with_cursor(order, 100, true, &all[10]);
            set_cursor(&mut query, false, &all[4]);
            assert!(list(&store, &query).data.is_empty(), "{order:?}");
            set_cursor(&mut query, false, &all[10]);
            assert!(list(&store, &query).data.is_empty(), "{order:?}");
        }
    }

    fn dated(id: &str, created: &str) -> Fields {
        Fields(vec![
            ("id".into(), json!(id)),
            ("created_at".into(), json!(created)),
        ])
    }

    #[test]
    fn cursors_survive_deletes_and_resets() {
        let mut store = store_with(30);
        let asc = ids(&store, Order::Asc);
        let ms = |store: &Store, i: usize| {
            timestamp::to_ms(store.get(&asc[i]).unwrap().key.created.unwrap())
        };
        // An id that does not carry its time, so only memory can place it.
        let created = timestamp::format_ms(ms(&store, 10) + 500);
        store.add(vec![dated("custom", &created)]).unwrap();
        assert!(store.delete(&asc[10]));
        assert!(!store.delete(&asc[10]));
        assert!(store.delete("custom"));
        let first_after = |store: &Store, id: &str| {
            let mut query = ListQuery::new(3, Order::Asc);
            query.after = Some(id.to_string());
            page_ids(&list(store, &query))
        };
        assert_eq!(first_after(&store, &asc[10]), &asc[11..14]);
        assert_eq!(first_after(&store, "custom"), &asc[11..14]);
        let mut query = ListQuery::new(3, Order::Normal);
        query.before = Some("custom".into());
        assert_eq!(page_ids(&list(&store, &query)), rev(&asc[7..10]));
        // Ids cleared by a reset were ids of this server too.
        store.clear(1);
        store.generate(30, Some(42), &Fields::default()).unwrap();
        assert_eq!(first_after(&store, "custom"), &asc[11..14]);
    }

    /// `directory_` and a ULID of time `ms` with the given random part.
    fn directory_id(ms: i64, random: u128) -> String {
        format!("directory_{}", generate::ulid_with(ms, random))
    }

    #[test]
    fn unknown_directory_ids_sit_at_their_ulid_time() {
        let store = store_with(30);
        let old = ids(&store, Order::Asc);
        let ms = |i: usize| timestamp::to_ms(store.get(&old[i]).unwrap().key.created.unwrap());
        let between = directory_id(ms(10) + 500, 0);
        let same_ms_lower = directory_id(ms(10), 0);
        let same_ms_higher = directory_id(ms(10), u128::MAX);
        // The tie with old[10] is broken by the id text.
        assert!(same_ms_lower < old[10] && old[10] < same_ms_higher);
        let first_after = |order: Order, id: &str| {
            let mut query = ListQuery::new(3, order);
            query.after = Some(id.to_string());
            page_ids(&list(&store, &query))
        };
        assert_eq!(first_after(Order::Asc, &between), &old[11..14]);
        assert_eq!(first_after(Order::Asc, &same_ms_lower), &old[10..13]);
        assert_eq!(first_after(Order::Asc, &same_ms_higher), &old[11..14]);
        assert_eq!(first_after(Order::Desc, &between), rev(&old[8..11]));
        assert_eq!(first_after(Order::Normal, &between), rev(&old[11..14]));
        let mut query = ListQuery::new(3, Order::Normal);
        query.before = Some(between.clone());
        assert_eq!(page_ids(&list(&store, &query)), rev(&old[8..11]));
        // Before every directory, and after every one.
        assert_eq!(first_after(Order::Asc, &directory_id(0, 0)), &old[..3]);
        assert!(first_after(Order::Asc, &directory_id(ms(29) + 1, 0)).is_empty());
    }

    #[test]
    fn other_cursor_text_sits_at_the_epoch() {
        let mut store = store_with(3);
        store
            .add(vec![
                dated("m", "1970-01-01T00:00:00.000Z"),
                dated("pre", "1969-12-31T23:59:59.999Z"),
                dated("odd", "yesterday"),
            ])
            .unwrap();
        let generated = ids(&store, Order::Asc)[3..].to_vec();
        assert_eq!(ids(&store, Order::Asc)[..3], ["odd", "pre", "m"]);
        let page = |order: Order, before: Option<&str>, after: Option<&str>| {
            let mut query = ListQuery::new(10, order);
            query.before = before.map(str::to_string);
            query.after = after.map(str::to_string);
            page_ids(&list(&store, &query))
        };
        // ("1970-01-01", "nope") sorts after "m" at the same instant.
        for cursor in ["nope", "org_x"] {
            assert_eq!(page(Order::Asc, None, Some(cursor)), generated, "{cursor}");
            assert_eq!(page(Order::Asc, Some(cursor), None), ["odd", "pre", "m"]);
            assert_eq!(page(Order::Desc, None, Some(cursor)), ["m", "pre", "odd"]);
            assert_eq!(page(Order::Normal, Some(cursor), None), ["m", "pre", "odd"]);
        }
        // These sort before "m", even an id-like one that is no ULID.
        for cursor in [
            "",
            "directory_nope",
            "directory_01HZNOTACURSORXXXXXXXXXXXXX",
        ] {
            assert_eq!(
                page(Order::Asc, Some(cursor), None),
                ["odd", "pre"],
                "{cursor:?}"
            );
            assert_eq!(page(Order::Asc, None, Some(cursor))[0], "m", "{cursor:?}");
        }
        assert!(page(Order::Asc, Some(""), Some("nope")).is_empty());
        assert_eq!(page(Order::Asc, Some("nope"), Some("")), ["m"]);
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
        let page = store.list(&query);
        assert_eq!(page.data.len(), 4);
        assert!(page.after.is_some());
        query.after = page.after;
        let page = store.list(&query);
        assert_eq!(page.data.len(), 4);
        query.after = page.after;
        let page = store.list(&query);
        assert_eq!(page.data.len(), 2);
        assert_eq!(
            page.after, None,
            "org_b directories do not count as following"
        );

        let mut query = ListQuery::new(100, Order::Desc);
        query.search_lower = Some("acme".into());
        assert_eq!(store.list(&query).data.len(), 10);
        query.search_lower = Some("labs".into());
        assert_eq!(store.list(&query).data.len(), 10);
        query.domain = Some("acme.eu".into());
        let page = store.list(&query);
        assert_eq!(page.data.len(), 5);
        assert_eq!((page.before, page.after), (None, None));
        query.domain = Some("acme".into());
        assert!(store.list(&query).data.is_empty());
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
