//! Reuters-21578 style SGML collections: one file, many `<REUTERS>`
//! documents, each with a `<DATE>`, a `<TITLE>`, a `<DATELINE>` and a `<BODY>`.

use regex::Regex;
use std::sync::OnceLock;
use wirecode_doc::{Article, NaiveDate};

/// True when the text looks like a Reuters SGML collection.
pub fn is_reuters_sgml(text: &str) -> bool {
    let head: String = text.chars().take(400).collect();
    head.contains("<!DOCTYPE lewis") || head.trim_start().starts_with("<REUTERS")
}

fn unescape(s: &str) -> String {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| Regex::new(r"&#(\d+);").expect("valid regex"));
    let s = re.replace_all(s, |c: &regex::Captures| {
        let n: u32 = c[1].parse().unwrap_or(32);
        // Control characters in the collection are transmission codes: drop them.
        char::from_u32(n)
            .filter(|ch| !ch.is_control() || *ch == '\n')
            .map(String::from)
            .unwrap_or_default()
    });
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn field<'a>(doc: &'a str, tag: &str) -> Option<&'a str> {
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    let a = doc.find(&open)? + open.len();
    let b = a + doc[a..].find(&close)?;
    Some(&doc[a..b])
}

/// Articles of a collection: id `ORIGIN#NEWID`, title, date, and the text
/// (title line, dateline and body). Documents without a body are skipped.
pub fn articles(origin: &str, text: &str) -> Vec<Article> {
    let mut out = Vec::new();
    for chunk in text.split("<REUTERS").skip(1) {
        let doc = chunk.split("</REUTERS>").next().unwrap_or(chunk);
        let newid = doc
            .find("NEWID=\"")
            .and_then(|i| doc[i + 7..].split('"').next())
            .unwrap_or("?");
        let Some(body) = field(doc, "BODY") else {
            continue;
        };
        let title = field(doc, "TITLE")
            .map(|t| unescape(t).trim().to_string())
            .filter(|t| !t.is_empty());
        let dateline = field(doc, "DATELINE").map(|d| unescape(d).trim().to_string());
        let published = field(doc, "DATE").and_then(|d| {
            let d = d.trim();
            NaiveDate::parse_from_str(d.get(..11)?, "%d-%b-%Y").ok()
        });
        let mut text = String::new();
        if let Some(t) = &title {
            text.push_str(t);
            text.push_str("\n\n");
        }
        if let Some(d) = dateline.filter(|d| !d.is_empty()) {
            text.push_str(&d);
            text.push(' ');
        }
        text.push_str(unescape(body).trim_end());
        out.push(Article {
            id: format!("{origin}#{newid}"),
            title,
            published,
            source: Some("Reuters".into()),
            text,
            ..Default::default()
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_a_collection() {
        let s = "<!DOCTYPE lewis SYSTEM \"lewis.dtd\">\n<REUTERS NEWID=\"7\">\n<DATE>26-FEB-1987 15:01:01.79</DATE>\n<TEXT>&#2;\n<TITLE>IRAN SAYS &lt;X&gt; ATTACKED</TITLE>\n<DATELINE>    TEHRAN, Feb 26 - </DATELINE><BODY>Iran said its forces attacked.\n&#3;</BODY></TEXT>\n</REUTERS>\n<REUTERS NEWID=\"8\"><TEXT TYPE=\"BRIEF\"><TITLE>NO BODY</TITLE></TEXT></REUTERS>";
        assert!(is_reuters_sgml(s));
        let a = articles("f.sgm", s);
        assert_eq!(a.len(), 1);
        assert_eq!(a[0].id, "f.sgm#7");
        assert_eq!(a[0].title.as_deref(), Some("IRAN SAYS <X> ATTACKED"));
        assert_eq!(a[0].published, NaiveDate::from_ymd_opt(1987, 2, 26));
        assert_eq!(
            a[0].text,
            "IRAN SAYS <X> ATTACKED\n\nTEHRAN, Feb 26 - Iran said its forces attacked."
        );
    }
}
