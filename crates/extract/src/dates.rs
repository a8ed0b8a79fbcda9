//! Dates: weekday names ("on Tuesday", "Monday's resolution"), month-day
//! dates ("December 5", "5 Dec 2016"), and relative words ("yesterday",
//! "last week"), resolved against the publication date.

use wirecode_doc::{Datelike, Days, Doc, NaiveDate, Span};
use wirecode_lexicon::{DateWord, Words};

/// A date expression found in a sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct DateMention {
    /// Token index of the expression's head word.
    pub token: usize,
    pub span: Span,
    pub date: NaiveDate,
}

/// Dates mentioned in sentence `s`, resolved against `published`
/// (nothing is resolved without it, except fully explicit dates).
pub fn sentence_dates(doc: &Doc, s: usize, published: Option<NaiveDate>) -> Vec<DateMention> {
    let words = Words::get();
    let sent = &doc.sentences[s];
    let toks: Vec<String> = sent
        .tokens
        .clone()
        .map(|k| doc.token_text(k).to_string())
        .collect();
    let lower: Vec<String> = toks.iter().map(|t| t.to_lowercase()).collect();
    let future = lower.iter().any(|w| {
        matches!(
            w.as_str(),
            "will" | "'ll" | "next" | "tomorrow" | "upcoming"
        )
    });
    let mut out = Vec::new();
    let tok_span = |a: usize, b: usize| {
        Span::new(
            doc.tokens[sent.tokens.start + a].span.start,
            doc.tokens[sent.tokens.start + b].span.end,
        )
    };
    let mut i = 0;
    while i < toks.len() {
        let at = sent.tokens.start + i;
        match words.date_word(&toks[i]) {
            Some(DateWord::Weekday(wd)) => {
                if let Some(p) = published {
                    let cur = p.weekday().number_from_monday();
                    let next = i > 0 && lower[i - 1] == "next";
                    let date = if next || (future && wd != cur) {
                        p.checked_add_days(Days::new(((wd + 7 - cur) % 7).max(1) as u64))
                    } else {
                        p.checked_sub_days(Days::new(((cur + 7 - wd) % 7) as u64))
                    };
                    if let Some(date) = date {
                        out.push(DateMention {
                            token: at,
                            span: tok_span(i, i),
                            date,
                        });
                    }
                }
            }
            Some(DateWord::Month(m)) => {
                // "December 5[, 2016]" or "5 December [2016]".
                let day_after = toks
                    .get(i + 1)
                    .and_then(|d| d.parse::<u32>().ok())
                    .filter(|d| (1..=31).contains(d));
                let day_before = i
                    .checked_sub(1)
                    .and_then(|j| toks[j].parse::<u32>().ok())
                    .filter(|d| (1..=31).contains(d));
                let (day, mut end) = match (day_after, day_before) {
                    (Some(d), _) => (Some(d), i + 1),
                    (None, Some(d)) => (Some(d), i),
                    _ => (None, i),
                };
                let mut year = None;
                let mut k = end + 1;
                if toks.get(k).is_some_and(|t| t == ",") {
                    k += 1;
                }
                if let Some(y) = toks
                    .get(k)
                    .and_then(|y| y.parse::<i32>().ok())
                    .filter(|y| (1900..=2100).contains(y))
                {
                    year = Some(y);
                    end = k;
                }
                if let Some(d) = day {
                    let y = year.or(published.map(|p| p.year()));
                    if let Some(mut date) = y.and_then(|y| NaiveDate::from_ymd_opt(y, m, d)) {
                        // No year written: a date far after publication is last year's.
                        if year.is_none() {
                            if let Some(p) = published {
                                if date > p + chrono_days(60) {
                                    date = NaiveDate::from_ymd_opt(date.year() - 1, m, d)
                                        .unwrap_or(date);
                                }
                            }
                        }
                        let start = if day_after.is_some() { i } else { i - 1 };
                        out.push(DateMention {
                            token: at,
                            span: tok_span(start, end),
                            date,
                        });
                    }
                }
            }
            None => {
                let rel: Option<(i64, usize)> = match lower[i].as_str() {
                    "yesterday" => Some((-1, 0)),
                    "today" => Some((0, 0)),
                    "tomorrow" => Some((1, 0)),
                    "week" if i > 0 && lower[i - 1] == "last" => Some((-7, 1)),
                    "week" if i > 0 && lower[i - 1] == "this" => Some((0, 1)),
                    "week" if i > 0 && lower[i - 1] == "next" => Some((7, 1)),
                    _ => None,
                };
                if let (Some((delta, back)), Some(p)) = (rel, published) {
                    let date = if delta >= 0 {
                        p.checked_add_days(Days::new(delta as u64))
                    } else {
                        p.checked_sub_days(Days::new((-delta) as u64))
                    };
                    if let Some(date) = date {
                        out.push(DateMention {
                            token: at,
                            span: tok_span(i - back, i),
                            date,
                        });
                    }
                }
            }
        }
        i += 1;
    }
    out
}

fn chrono_days(n: u64) -> Days {
    Days::new(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::segmented;

    fn dates(text: &str, published: &str) -> Vec<(String, String)> {
        let d = segmented(text);
        let p = NaiveDate::parse_from_str(published, "%Y-%m-%d").ok();
        (0..d.sentences.len())
            .flat_map(|s| sentence_dates(&d, s, p))
            .map(|m| (d.slice(m.span).to_string(), m.date.to_string()))
            .collect()
    }

    #[test]
    fn weekdays_and_explicit_dates() {
        // 2016-12-06 was a Tuesday.
        let got = dates(
            "Kerry spoke on Tuesday. Russia vetoed Monday's resolution. The plan began on Friday.",
            "2016-12-06",
        );
        assert_eq!(
            got,
            vec![
                ("Tuesday".into(), "2016-12-06".into()),
                ("Monday".into(), "2016-12-05".into()),
                ("Friday".into(), "2016-12-02".into())
            ]
        );
        let got = dates(
            "Talks will resume on Thursday. They met on December 1, 2015 and on 3 January.",
            "2016-12-06",
        );
        assert_eq!(got[0], ("Thursday".into(), "2016-12-08".into()));
        assert_eq!(got[1], ("December 1, 2015".into(), "2015-12-01".into()));
        assert_eq!(got[2], ("3 January".into(), "2016-01-03".into()));
        let got = dates("Troops arrived last week and left yesterday.", "2016-12-06");
        assert_eq!(
            got,
            vec![
                ("last week".into(), "2016-11-29".into()),
                ("yesterday".into(), "2016-12-05".into())
            ]
        );
    }
}
