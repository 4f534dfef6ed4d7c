//! How directories look on a terminal: an aligned table, a detail view.

use workos_dsync::Directory;

/// One column: its header, its widest allowed value, and how to get the value.
struct Column {
    header: &'static str,
    max_width: usize,
    right_align: bool,
    value: fn(&Directory) -> String,
}

fn count(d: &Directory, f: fn(&workos_dsync::DirectoryMetadata) -> i64) -> String {
    d.metadata
        .as_ref()
        .map_or_else(|| "-".to_owned(), |m| f(m).to_string())
}

const COLUMNS: &[Column] = &[
    Column {
        header: "ID",
        max_width: 36,
        right_align: false,
        value: |d| d.id.clone(),
    },
    Column {
        header: "NAME",
        max_width: 28,
        right_align: false,
        value: |d| d.name.clone(),
    },
    Column {
        header: "TYPE",
        max_width: 22,
        right_align: false,
        value: |d| d.r#type.to_string(),
    },
    Column {
        header: "STATE",
        max_width: 19,
        right_align: false,
        value: |d| d.state.to_string(),
    },
    Column {
        header: "DOMAIN",
        max_width: 28,
        right_align: false,
        value: |d| d.domain.clone().unwrap_or_else(|| "-".to_owned()),
    },
    Column {
        header: "ORGANIZATION",
        max_width: 30,
        right_align: false,
        value: |d| d.organization_id.clone(),
    },
    Column {
        header: "USERS",
        max_width: 9,
        right_align: true,
        value: |d| count(d, |m| m.users.active),
    },
    Column {
        header: "INACTIVE",
        max_width: 9,
        right_align: true,
        value: |d| count(d, |m| m.users.inactive),
    },
    Column {
        header: "GROUPS",
        max_width: 9,
        right_align: true,
        value: |d| count(d, |m| m.groups),
    },
];

/// An aligned table whose column widths are fixed by the first page it sees,
/// so later pages can be printed as they arrive without holding every row:
/// values wider than their column are cut with an ellipsis.
pub struct Table {
    widths: Vec<usize>,
}

impl Table {
    /// Widths that fit `rows` (and the headers), each capped at its column's maximum.
    pub fn fitting(rows: &[Directory]) -> Table {
        let widths = COLUMNS
            .iter()
            .map(|c| {
                rows.iter()
                    .map(|d| (c.value)(d).chars().count())
                    .chain([c.header.len()])
                    .max()
                    .unwrap_or(0)
                    .min(c.max_width)
            })
            .collect();
        Table { widths }
    }

    pub fn header(&self) -> String {
        self.line(COLUMNS.iter().map(|c| c.header.to_owned()))
    }

    pub fn row(&self, d: &Directory) -> String {
        self.line(COLUMNS.iter().map(|c| (c.value)(d)))
    }

    fn line(&self, values: impl Iterator<Item = String>) -> String {
        let cells: Vec<String> = values
            .zip(COLUMNS.iter().zip(&self.widths))
            .map(|(v, (c, &w))| {
                let v = cut(&v, w);
                if c.right_align {
                    format!("{v:>w$}")
                } else {
                    format!("{v:<w$}")
                }
            })
            .collect();
        cells.join("  ").trim_end().to_owned()
    }
}

/// `s` in at most `width` characters; a cut value ends with `…` so it is never
/// mistaken for the whole value.
pub fn cut(s: &str, width: usize) -> String {
    // Control characters (a newline in a name) would break the row apart.
    let clean: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if clean.chars().count() <= width {
        return clean;
    }
    let kept: String = clean.chars().take(width.saturating_sub(1)).collect();
    format!("{}…", kept.trim_end())
}

/// One directory, one field a line.
pub fn details(d: &Directory) -> String {
    let users = d.metadata.as_ref().map_or_else(
        || "-".to_owned(),
        |m| format!("{} active, {} inactive", m.users.active, m.users.inactive),
    );
    let groups = d
        .metadata
        .as_ref()
        .map_or_else(|| "-".to_owned(), |m| m.groups.to_string());
    let fields = [
        ("id", d.id.clone()),
        ("name", d.name.clone()),
        ("type", d.r#type.to_string()),
        ("state", d.state.to_string()),
        ("domain", d.domain.clone().unwrap_or_else(|| "-".to_owned())),
        ("organization", d.organization_id.clone()),
        ("external key", d.external_key.clone()),
        ("users", users),
        ("groups", groups),
        ("created", d.created_at.clone()),
        ("updated", d.updated_at.clone()),
    ];
    fields
        .iter()
        .map(|(k, v)| format!("{k:<13}{v}\n"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir(name: &str) -> Directory {
        serde_json::from_value(serde_json::json!({
            "object": "directory", "id": "directory_01HZ8RQ3J5N6W3E4Y0Y5G1K2M1",
            "organization_id": "org_01HZ8RPZ0B9V3F2S0Q8K5N1T4C", "external_key": "k",
            "type": "okta scim v2.0", "state": "linked", "name": name,
            "created_at": "2024-03-01T10:00:00.000Z", "updated_at": "2024-03-01T10:00:00.000Z"
        }))
        .unwrap()
    }

    #[test]
    fn cut_is_clean() {
        assert_eq!(cut("short", 10), "short");
        assert_eq!(cut("exactly10!", 10), "exactly10!");
        assert_eq!(cut("a much longer value", 10), "a much lo…");
        assert_eq!(cut("ééééééééééééé", 5), "éééé…");
        assert_eq!(cut("two\nlines", 20), "two lines");
    }

    #[test]
    fn rows_align_under_headers() {
        let rows = [
            dir("Acme"),
            dir("A very long company name that goes on and on"),
        ];
        let t = Table::fitting(&rows);
        let header = t.header();
        let row = t.row(&rows[1]);
        let name_at = header.find("NAME").unwrap();
        assert_eq!(row.chars().nth(name_at), Some('A'));
        assert!(row.contains('…'));
        let type_at = header.find("TYPE").unwrap();
        assert_eq!(
            row.chars().skip(type_at).take(4).collect::<String>(),
            "okta"
        );
        assert!(row.ends_with('-'), "no metadata shows as -: {row}");
    }
}
