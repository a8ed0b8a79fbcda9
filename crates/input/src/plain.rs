//! Plain-text articles: an optional URL line, an optional headline, a body.

use regex::Regex;
use std::sync::OnceLock;
use wirecode_doc::{Article, NaiveDate};

/// Parses a plain-text article. The text keeps the headline (offsets stay
/// valid against the file) but drops a leading URL line, which becomes
/// `url` (and `published` when its path holds a date). `None` when empty.
pub fn parse_plain_text(id: &str, raw: &str) -> Option<Article> {
    let raw = raw.strip_prefix('\u{FEFF}').unwrap_or(raw);
    let mut text = raw;
    let mut url = None;
    let first = raw.lines().find(|l| !l.trim().is_empty())?;
    let f = first.trim();
    if (f.starts_with("http://") || f.starts_with("https://")) && !f.contains(char::is_whitespace) {
        url = Some(f.to_string());
        let after = raw.find(first).unwrap_or(0) + first.len();
        text = raw[after..].trim_start_matches(['\n', '\r', ' ', '\t']);
    }
    if text.trim().is_empty() {
        return None;
    }
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let head = lines.next().map(str::trim);
    let has_more = lines.next().is_some();
    let title = head
        .filter(|h| has_more && looks_like_headline(h))
        .map(str::to_string);
    let published = url.as_deref().and_then(date_from_url);
    Some(Article {
        id: id.to_string(),
        title,
        url,
        published,
        source: None,
        text: text.to_string(),
        extra: Default::default(),
    })
}

/// A headline: short, and not ending like a sentence of body text.
fn looks_like_headline(line: &str) -> bool {
    let words = line.split_whitespace().count();
    (1..=30).contains(&words)
        && line.chars().count() <= 250
        && !line.ends_with(['.', ',', ';', ':'])
        || line.ends_with("...") && words <= 30
}

/// Parses `YYYY-MM-DD`, also when followed by a time (`2016-12-06T10:00Z`).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let d = s.get(..10)?;
    NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()
}

/// Finds a publication date in a URL path: `/2016/12/06/`, `/2016-12-06`,
/// or `/20161206`.
pub fn date_from_url(url: &str) -> Option<NaiveDate> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"(?:^|[/_-])((?:19|20)\d\d)(?:[/_-]([01]?\d)[/_-]([0-3]?\d)|([01]\d)([0-3]\d))(?:$|[/_.?#-])")
            .expect("valid regex")
    });
    for c in re.captures_iter(url) {
        let y: i32 = c[1].parse().ok()?;
        let (m, d) = match (c.get(2), c.get(3), c.get(4), c.get(5)) {
            (Some(m), Some(d), _, _) | (_, _, Some(m), Some(d)) => (m.as_str(), d.as_str()),
            _ => continue,
        };
        if let Some(date) = NaiveDate::from_ymd_opt(y, m.parse().ok()?, d.parse().ok()?) {
            return Some(date);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_and_body() {
        let a = parse_plain_text("f.txt", "Syrian rebels 'discussing evacuation' of Aleppo with US\nSyrian rebels are said to be talking.\nMore.").unwrap();
        assert_eq!(
            a.title.as_deref(),
            Some("Syrian rebels 'discussing evacuation' of Aleppo with US")
        );
        assert!(a.text.starts_with("Syrian rebels 'discussing"));
    }

    #[test]
    fn body_only() {
        let a = parse_plain_text(
            "f.txt",
            "The minister said on Monday that talks would resume.\nThey did.",
        )
        .unwrap();
        assert_eq!(a.title, None);
        assert!(parse_plain_text("f", " \n \n").is_none());
    }

    #[test]
    fn url_line() {
        let a = parse_plain_text(
            "f",
            "https://example.com/news/2016/12/06/aleppo-talks\n\nAleppo talks stall\n\nBody here.",
        )
        .unwrap();
        assert_eq!(
            a.url.as_deref(),
            Some("https://example.com/news/2016/12/06/aleppo-talks")
        );
        assert_eq!(a.published, NaiveDate::from_ymd_opt(2016, 12, 6));
        assert_eq!(a.title.as_deref(), Some("Aleppo talks stall"));
        assert!(a.text.starts_with("Aleppo talks stall"));
    }

    #[test]
    fn url_dates() {
        let d = |s| date_from_url(s);
        assert_eq!(
            d("http://x.org/2011-01-27-kato"),
            NaiveDate::from_ymd_opt(2011, 1, 27)
        );
        assert_eq!(
            d("http://x.org/a/20161206/b"),
            NaiveDate::from_ymd_opt(2016, 12, 6)
        );
        assert_eq!(d("http://www.afrol.com/articles/37145"), None);
        assert_eq!(d("http://x.org/2016/13/45/"), None);
        assert_eq!(
            parse_date("2016-12-06T10:00:00Z"),
            NaiveDate::from_ymd_opt(2016, 12, 6)
        );
        assert_eq!(parse_date("06/12/2016"), None);
    }
}
