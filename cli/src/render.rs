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
                    .map(|d| printable(&(c.value)(d)).chars().count())
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

/// `s` in at most `width` characters of [`printable`] text; a cut value ends
/// with `…` so it is never mistaken for the whole value.
pub fn cut(s: &str, width: usize) -> String {
    let clean = printable(s);
    if clean.chars().count() <= width {
        return clean;
    }
    // Cut between source characters, so an escape is either whole or gone: a
    // half escape such as `\x1` would read as different text.
    let mut kept = String::new();
    let mut used = 0;
    let mut piece = String::new();
    for c in s.chars() {
        piece.clear();
        push_printable(&mut piece, c);
        let n = piece.chars().count();
        if used + n > width.saturating_sub(1) {
            break;
        }
        kept.push_str(&piece);
        used += n;
    }
    format!("{}…", kept.trim_end())
}

/// `s` made safe to print on a terminal: every character that could move the
/// cursor, drive the terminal, reorder or hide text is shown as an escape
/// instead (see `push_printable`). Every server-supplied string the CLI
/// prints outside `--json` goes through here, so a hostile server cannot
/// redraw a prompt, forge a line or split the one-line error.
pub fn printable(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        push_printable(&mut out, c);
    }
    out
}

/// Appends `c`, or its escape: `\t`, `\n`, `\r`; `\xHH` for the other C0
/// controls, DEL and the C1 controls; `\u{HHHH}` for what `disguises` names.
/// A backslash is left alone, so the escapes are for reading, not for parsing
/// back: `--json` is the exact form.
fn push_printable(out: &mut String, c: char) {
    use std::fmt::Write;
    match c {
        '\t' => out.push_str("\\t"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        // C0 (ESC included), DEL and C1 (U+0080–U+009F, where U+009B is a
        // one-character CSI on terminals that honour C1).
        c if c.is_control() => {
            let _ = write!(out, "\\x{:02x}", u32::from(c));
        }
        c if disguises(c) => {
            let _ = write!(out, "\\u{{{:04x}}}", u32::from(c));
        }
        c => out.push(c),
    }
}

/// Characters that print nothing themselves but reorder, hide or break the
/// text around them, so one name can be made to look like another. ZWNJ and
/// ZWJ (U+200C, U+200D) are kept: Persian, Indic scripts and emoji need them,
/// and they only join or part neighbouring glyphs.
fn disguises(c: char) -> bool {
    matches!(
        c,
        // Bidi: Arabic letter mark, LRM, RLM, embeddings and overrides, isolates.
        '\u{061c}'
            | '\u{200e}'
            | '\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}'
            // Line and paragraph separators: some terminals break the line.
            | '\u{2028}'
            | '\u{2029}'
            // Invisible: soft hyphen, Mongolian vowel separator, zero-width
            // space, word joiner and invisible operators, deprecated format
            // controls, BOM / zero-width no-break space, interlinear annotation.
            | '\u{00ad}'
            | '\u{180e}'
            | '\u{200b}'
            | '\u{2060}'..='\u{2064}'
            | '\u{206a}'..='\u{206f}'
            | '\u{feff}'
            | '\u{fff9}'..='\u{fffb}'
            // Tags: invisible copies of ASCII ("ASCII smuggling").
            | '\u{e0000}'..='\u{e007f}'
    )
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
        .map(|(k, v)| format!("{k:<13}{}\n", printable(v)))
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
        assert_eq!(cut("two\nlines", 20), "two\\nlines");
    }

    #[test]
    fn cut_never_splits_an_escape() {
        // "ab" + `\x1b` is 6 characters: the escape fits whole or not at all.
        assert_eq!(cut("ab\x1b[31mred", 7), "ab\\x1b…");
        assert_eq!(cut("ab\x1b[31mred", 6), "ab…");
        assert_eq!(cut("ab\u{202e}cdef", 9), "ab…");
    }

    #[test]
    fn printable_escapes_what_could_drive_or_disguise() {
        assert_eq!(printable("Acme Corp"), "Acme Corp");
        assert_eq!(printable("tab\there"), "tab\\there");
        assert_eq!(printable("a\r\nb"), "a\\r\\nb");
        assert_eq!(printable("\x1b[2J\x1b]0;t\x07"), "\\x1b[2J\\x1b]0;t\\x07");
        assert_eq!(printable("\0\x7f"), "\\x00\\x7f");
        // C1: NEL and the one-character CSI.
        assert_eq!(printable("\u{85}\u{9b}31m"), "\\x85\\x9b31m");
        assert_eq!(
            printable("\u{202e}gnp.exe\u{202c}"),
            "\\u{202e}gnp.exe\\u{202c}"
        );
        assert_eq!(
            printable("\u{2066}\u{2067}\u{2068}\u{2069}\u{200e}\u{200f}\u{61c}"),
            "\\u{2066}\\u{2067}\\u{2068}\\u{2069}\\u{200e}\\u{200f}\\u{061c}"
        );
        assert_eq!(
            printable("a\u{200b}b\u{feff}c\u{ad}d\u{2028}e\u{e0041}"),
            "a\\u{200b}b\\u{feff}c\\u{00ad}d\\u{2028}e\\u{e0041}"
        );
        for kept in [
            "Zürich",
            "東京",
            "שלום",
            "مرحبا",
            "می\u{200c}خواهم",
            "👩\u{200d}💻",
            "a\\x1b",
        ] {
            assert_eq!(printable(kept), kept);
        }
    }

    #[test]
    fn printable_output_has_no_control_or_bidi_characters() {
        let every: String = (0u32..0x3000)
            .chain(0xfe00..0x10000)
            .chain(0xe0000..0xe0080)
            .filter_map(char::from_u32)
            .collect();
        let out = printable(&every);
        let bad: Vec<char> = out
            .chars()
            .filter(|&c| c.is_control() || disguises(c))
            .collect();
        assert!(bad.is_empty(), "{bad:?}");
        assert_eq!(out.lines().count(), 1);
    }

    #[test]
    fn details_are_one_field_a_line_whatever_the_name() {
        let text = details(&dir("Evil\nstate       deleted\r\x1b[2K\u{202e}"));
        assert_eq!(text.lines().count(), 11, "{text}");
        assert!(text.contains("name         Evil\\nstate       deleted\\r\\x1b[2K\\u{202e}\n"));
        assert!(!text
            .chars()
            .any(|c| c != '\n' && (c.is_control() || disguises(c))));
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
