//! Query strings as HTML forms encode them: `&`-separated `key=value` pairs,
//! percent-encoded, with `+` for a space.

use std::borrow::Cow;

use percent_encoding::percent_decode_str;

fn decode(part: &str) -> String {
    let spaced: Cow<str> = if part.contains('+') {
        Cow::Owned(part.replace('+', " "))
    } else {
        Cow::Borrowed(part)
    };
    percent_decode_str(&spaced).decode_utf8_lossy().into_owned()
}

/// The decoded parameters in the order given; a key given twice keeps the
/// position of its first occurrence and the value of its last.
pub fn parse(query: &str) -> Vec<(String, String)> {
    let mut params: Vec<(String, String)> = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let (key, value) = (decode(key), decode(value));
        match params.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = value,
            None => params.push((key, value)),
        }
    }
    params
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_forms() {
        assert_eq!(
            parse("search=Acme+Robotics&after=a%2Fb%3Fc%23d&plus=%2B&&flag&limit=1&limit=2"),
            vec![
                ("search".into(), "Acme Robotics".into()),
                ("after".into(), "a/b?c#d".into()),
                ("plus".into(), "+".into()),
                ("flag".into(), "".into()),
                ("limit".into(), "2".into()),
            ]
        );
        assert_eq!(parse(""), vec![]);
        assert_eq!(
            parse("bad=%ZZ%ff"),
            vec![("bad".into(), "%ZZ\u{fffd}".into())]
        );
    }
}
