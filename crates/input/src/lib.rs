//! One reader for every kind of input: plain-text files, JSON Lines files,
//! directories (recursively, in a stable order) and standard input (`-`).
//!
//! Reading never panics and never stops the batch: an unreadable, binary or
//! empty input, or a malformed JSON line, becomes a [`Item::Skipped`] that
//! names the file, the line and the reason; recoverable oddities (invalid
//! UTF-8) become [`Item::Warning`]s and the article is still read.

mod decode;
mod plain;
mod rtf;
mod sgml;

use std::fmt;
use std::fs;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

pub use decode::{decode_text, looks_binary};
pub use plain::{date_from_url, parse_date, parse_plain_text};
use wirecode_doc::{Article, NaiveDate};

/// Options that apply to every input.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Publication date given to articles that carry none.
    pub published: Option<NaiveDate>,
    /// Largest article (or JSON line) accepted, in bytes.
    pub max_bytes: usize,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            published: None,
            max_bytes: 32 * 1024 * 1024,
        }
    }
}

/// Where a problem was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    /// File path as given (or `-` for stdin).
    pub origin: String,
    /// 1-based line number for JSON Lines input.
    pub line: Option<usize>,
    pub reason: String,
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{}: {}", self.origin, l, self.reason),
            None => write!(f, "{}: {}", self.origin, self.reason),
        }
    }
}

/// One thing read from the inputs, in input order.
#[derive(Debug, Clone)]
pub enum Item {
    Article(Article),
    /// Read, but with something the user should know.
    Warning(Issue),
    /// Not read; the rest of the batch goes on.
    Skipped(Issue),
}

/// Reads all `inputs` (paths, directories or `-`) lazily, in order.
pub fn read_inputs(inputs: &[String], opts: &ReadOptions) -> impl Iterator<Item = Item> {
    let opts = opts.clone();
    let inputs: Vec<String> = inputs.to_vec();
    inputs.into_iter().flat_map(move |inp| {
        let opts = opts.clone();
        expand(&inp)
            .into_iter()
            .flat_map(move |src| read_source(src, opts.clone()))
    })
}

/// A file (or stdin) to read, with the name to report it by.
enum Source {
    Stdin,
    File(String),
    Missing(Issue),
}

fn expand(input: &str) -> Vec<Source> {
    if input == "-" {
        return vec![Source::Stdin];
    }
    let path = Path::new(input);
    match fs::metadata(path) {
        Ok(m) if m.is_dir() => {
            let mut files = Vec::new();
            walk(path, &mut files);
            files
                .into_iter()
                .map(|p| Source::File(p.to_string_lossy().into_owned()))
                .collect()
        }
        Ok(_) => vec![Source::File(input.to_string())],
        Err(e) => vec![Source::Missing(Issue {
            origin: input.to_string(),
            line: None,
            reason: format!("cannot read: {e}"),
        })],
    }
}

/// Collects article files under `dir`, sorted by name at every level.
/// Hidden files and README files are left out; symlinked directories are
/// not followed (no loops).
fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = fs::read_dir(dir) else { return };
    let mut entries: Vec<_> = rd.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || name.to_ascii_lowercase().starts_with("readme") {
            continue;
        }
        let Ok(ft) = e.file_type() else { continue };
        if ft.is_dir() {
            walk(&e.path(), out);
        } else if ft.is_file() || (ft.is_symlink() && e.path().is_file()) {
            out.push(e.path());
        }
    }
}

fn read_source(src: Source, opts: ReadOptions) -> Box<dyn Iterator<Item = Item>> {
    match src {
        Source::Missing(issue) => Box::new(std::iter::once(Item::Skipped(issue))),
        Source::Stdin => {
            let mut buf = Vec::new();
            let r = std::io::stdin()
                .lock()
                .take(opts.max_bytes as u64 * 64)
                .read_to_end(&mut buf);
            match r {
                Err(e) => Box::new(std::iter::once(skip(
                    "-",
                    None,
                    format!("cannot read: {e}"),
                ))),
                Ok(_) => read_bytes("-".into(), buf, &opts),
            }
        }
        Source::File(path) => {
            if is_jsonl_name(&path) {
                return read_jsonl_file(path, opts);
            }
            match fs::metadata(&path) {
                Ok(m) if m.len() as usize > opts.max_bytes => {
                    return Box::new(std::iter::once(skip(
                        &path,
                        None,
                        format!(
                            "file too large ({} bytes; the limit is {} bytes, set with --max-bytes)",
                            m.len(),
                            opts.max_bytes
                        ),
                    )))
                }
                _ => {}
            }
            match fs::read(&path) {
                Err(e) => Box::new(std::iter::once(skip(
                    &path,
                    None,
                    format!("cannot read: {e}"),
                ))),
                Ok(bytes) => read_bytes(path, bytes, &opts),
            }
        }
    }
}

fn is_jsonl_name(path: &str) -> bool {
    let p = path.to_ascii_lowercase();
    p.ends_with(".jsonl") || p.ends_with(".ndjson") || p.ends_with(".jsonl.txt")
}

fn skip(origin: &str, line: Option<usize>, reason: String) -> Item {
    Item::Skipped(Issue {
        origin: origin.to_string(),
        line,
        reason,
    })
}

/// Reads a whole buffer: JSON Lines when it starts with `{`, otherwise one
/// plain-text article.
fn read_bytes(
    origin: String,
    bytes: Vec<u8>,
    opts: &ReadOptions,
) -> Box<dyn Iterator<Item = Item>> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    if sgml::is_reuters_sgml(&String::from_utf8_lossy(&body[..body.len().min(400)])) {
        let (text, _) = decode_text(body);
        let mut items: Vec<Item> = Vec::new();
        for mut a in sgml::articles(&origin, &text) {
            if a.published.is_none() {
                a.published = opts.published;
            }
            items.push(Item::Article(a));
        }
        if items.is_empty() {
            items.push(skip(
                &origin,
                None,
                "SGML collection without article bodies".into(),
            ));
        }
        return Box::new(items.into_iter());
    }
    if body.starts_with(b"{\\rtf") {
        let text = rtf::to_text(&String::from_utf8_lossy(body));
        let mut items = vec![Item::Warning(Issue {
            origin: origin.clone(),
            line: None,
            reason: "RTF document; coded its text with the formatting removed".into(),
        })];
        items.extend(plain_article(&origin, text.as_bytes(), opts));
        return Box::new(items.into_iter());
    }
    // JSON Lines when the first line is a JSON object; otherwise plain text.
    let first_line = body
        .split(|&b| b == b'\n')
        .find(|l| !l.iter().all(u8::is_ascii_whitespace));
    let is_jsonl = first_line.is_some_and(|l| {
        serde_json::from_slice::<serde_json::Value>(l).is_ok_and(|v| v.is_object())
    });
    if is_jsonl {
        let body = body.to_vec();
        return Box::new(jsonl_lines(
            origin,
            std::io::Cursor::new(body),
            opts.clone(),
        ));
    }
    Box::new(plain_article(&origin, body, opts).into_iter())
}

/// Reads one plain-text article from `bytes` exactly as a plain-text file
/// is read (binary check, UTF-8 with the Windows-1252 fallback, URL line,
/// headline, default `published`), reporting problems under `origin`.
/// Used by the Python binding so that text coded there matches the CLI.
pub fn plain_article(origin: &str, bytes: &[u8], opts: &ReadOptions) -> Vec<Item> {
    if decode::looks_binary(bytes) {
        return vec![skip(origin, None, "binary file, not text".into())];
    }
    let mut items = Vec::new();
    let (text, bad_at) = decode_text(bytes);
    if let Some(at) = bad_at {
        items.push(Item::Warning(Issue {
            origin: origin.to_string(),
            line: None,
            reason: format!("invalid UTF-8 at byte {at}; decoded as Windows-1252 (Latin-1)"),
        }));
    }
    match parse_plain_text(origin, &text) {
        None => items.push(skip(origin, None, "empty article".into())),
        Some(mut a) => {
            if a.published.is_none() {
                a.published = opts.published;
            }
            items.push(Item::Article(a));
        }
    }
    items
}

fn read_jsonl_file(path: String, opts: ReadOptions) -> Box<dyn Iterator<Item = Item>> {
    match fs::File::open(&path) {
        Err(e) => Box::new(std::iter::once(skip(
            &path,
            None,
            format!("cannot read: {e}"),
        ))),
        Ok(f) => Box::new(jsonl_lines(path, BufReader::new(f), opts)),
    }
}

/// Reads JSON Lines: one article object per line.
fn jsonl_lines<R: BufRead + 'static>(
    origin: String,
    mut reader: R,
    opts: ReadOptions,
) -> impl Iterator<Item = Item> + 'static {
    let mut lineno = 0usize;
    let mut buf = Vec::new();
    let mut pending: Option<Item> = None;
    std::iter::from_fn(move || loop {
        if let Some(item) = pending.take() {
            return Some(item);
        }
        buf.clear();
        match reader.read_until(b'\n', &mut buf) {
            Err(e) => return Some(skip(&origin, Some(lineno + 1), format!("cannot read: {e}"))),
            Ok(0) => return None,
            Ok(_) => {}
        }
        lineno += 1;
        if buf.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        if buf.len() > opts.max_bytes {
            return Some(skip(
                &origin,
                Some(lineno),
                format!(
                    "line too long ({} bytes; limit {})",
                    buf.len(),
                    opts.max_bytes
                ),
            ));
        }
        let (line, bad_at) = decode_text(&buf);
        if let Some(at) = bad_at {
            pending = Some(match json_article(&origin, lineno, &line, &opts) {
                Ok(a) => Item::Article(a),
                Err(reason) => skip(&origin, Some(lineno), reason),
            });
            return Some(Item::Warning(Issue {
                origin: origin.clone(),
                line: Some(lineno),
                reason: format!(
                    "invalid UTF-8 at byte {at} of the line; decoded as Windows-1252 (Latin-1)"
                ),
            }));
        }
        return Some(match json_article(&origin, lineno, &line, &opts) {
            Ok(a) => Item::Article(a),
            Err(reason) => skip(&origin, Some(lineno), reason),
        });
    })
}

fn json_article(
    origin: &str,
    lineno: usize,
    line: &str,
    opts: &ReadOptions,
) -> Result<Article, String> {
    let v: serde_json::Value =
        serde_json::from_str(line.trim()).map_err(|e| format!("malformed JSON: {e}"))?;
    let serde_json::Value::Object(map) = v else {
        return Err("a JSON line must be an object".into());
    };
    json_object_article(origin, lineno, map, opts)
}

/// Builds an article from one JSON Lines object (`text`, optional `id`,
/// `title`, `published`, `url`, `source`; other fields go to `extra`), with
/// the same checks and messages as a line of a JSON Lines file. Without an
/// `id` the article is named `origin:lineno`.
pub fn json_object_article(
    origin: &str,
    lineno: usize,
    mut map: serde_json::Map<String, serde_json::Value>,
    opts: &ReadOptions,
) -> Result<Article, String> {
    let text = match map.remove("text") {
        Some(serde_json::Value::String(s)) => s,
        Some(_) => return Err("field \"text\" must be a string".into()),
        None => return Err("missing field \"text\"".into()),
    };
    if text.trim().is_empty() {
        return Err("empty article".into());
    }
    let id = match map.remove("id") {
        Some(serde_json::Value::String(s)) => s,
        Some(serde_json::Value::Number(n)) => n.to_string(),
        Some(serde_json::Value::Null) | None => format!("{origin}:{lineno}"),
        Some(_) => return Err("field \"id\" must be a string or number".into()),
    };
    let mut field = |name: &str| -> Result<Option<String>, String> {
        match map.remove(name) {
            Some(serde_json::Value::String(s)) if !s.trim().is_empty() => Ok(Some(s)),
            Some(serde_json::Value::String(_)) | Some(serde_json::Value::Null) | None => Ok(None),
            Some(_) => Err(format!("field \"{name}\" must be a string")),
        }
    };
    let title = field("title")?;
    let url = field("url")?;
    let source = field("source")?;
    let published = match field("published")? {
        Some(s) => {
            Some(parse_date(&s).ok_or_else(|| format!("field \"published\": not a date: {s:?}"))?)
        }
        None => None,
    };
    let published = published
        .or_else(|| url.as_deref().and_then(date_from_url))
        .or(opts.published);
    Ok(Article {
        id,
        title,
        url,
        published,
        source,
        text,
        extra: map,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn collect(inputs: &[String]) -> Vec<Item> {
        read_inputs(inputs, &ReadOptions::default()).collect()
    }

    #[test]
    fn directory_with_bad_files_reads_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path();
        fs::write(p.join("a.txt"), "Headline\n\nBody text here.").unwrap();
        fs::write(p.join("b.bin"), [0u8, 1, 2, 3, 0, 255, 0]).unwrap();
        fs::write(p.join("c.txt"), "  \n\n").unwrap();
        fs::write(p.join("d.txt"), b"Caf\xe9 news\n\nThe caf\xe9 opened.").unwrap();
        let mut f = fs::File::create(p.join("e.jsonl")).unwrap();
        writeln!(
            f,
            "{{\"id\": \"x1\", \"text\": \"Fine.\", \"lang\": \"en\"}}"
        )
        .unwrap();
        writeln!(f, "{{not json").unwrap();
        writeln!(f, "{{\"id\": \"x3\"}}").unwrap();
        writeln!(
            f,
            "{{\"id\": 4, \"text\": \"Also fine.\", \"published\": \"2016-12-06T10:00:00Z\"}}"
        )
        .unwrap();
        drop(f);
        fs::write(p.join(".hidden"), "skip me").unwrap();
        let items = collect(&[p.to_string_lossy().into_owned()]);
        let ids: Vec<String> = items
            .iter()
            .filter_map(|i| match i {
                Item::Article(a) => Some(a.id.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(ids.len(), 4);
        assert!(ids[0].ends_with("a.txt") && ids[1].ends_with("d.txt"));
        assert_eq!(&ids[2..], ["x1", "4"]);
        let skipped: Vec<&Issue> = items
            .iter()
            .filter_map(|i| match i {
                Item::Skipped(s) => Some(s),
                _ => None,
            })
            .collect();
        assert_eq!(skipped.len(), 4, "{skipped:?}");
        assert!(skipped[0].reason.contains("binary"));
        assert!(skipped[1].reason.contains("empty"));
        assert_eq!(skipped[2].line, Some(2));
        assert!(skipped[2].reason.contains("malformed JSON"));
        assert!(skipped[3].reason.contains("missing field"));
        let warn = items.iter().find_map(|i| match i {
            Item::Warning(w) => Some(w),
            _ => None,
        });
        assert!(warn.unwrap().reason.contains("byte 3"));
        let latin = items.iter().find_map(|i| match i {
            Item::Article(a) if a.id.ends_with("d.txt") => Some(a),
            _ => None,
        });
        assert!(latin.unwrap().text.contains("café"));
        let j4 = items.iter().find_map(|i| match i {
            Item::Article(a) if a.id == "4" => Some(a),
            _ => None,
        });
        assert_eq!(j4.unwrap().published, NaiveDate::from_ymd_opt(2016, 12, 6));
        let j1 = items.iter().find_map(|i| match i {
            Item::Article(a) if a.id == "x1" => Some(a),
            _ => None,
        });
        assert_eq!(j1.unwrap().extra["lang"], "en");
    }

    #[test]
    fn missing_file_is_reported() {
        let items = collect(&["/no/such/file.txt".to_string()]);
        assert!(matches!(&items[0], Item::Skipped(i) if i.reason.contains("cannot read")));
    }

    #[test]
    fn default_published_applies_only_when_missing() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("a.jsonl");
        fs::write(
            &f,
            "{\"text\":\"A.\",\"published\":\"2020-01-02\"}\n{\"text\":\"B.\"}\n",
        )
        .unwrap();
        let opts = ReadOptions {
            published: NaiveDate::from_ymd_opt(2016, 12, 6),
            ..Default::default()
        };
        let got: Vec<_> = read_inputs(&[f.to_string_lossy().into_owned()], &opts)
            .filter_map(|i| match i {
                Item::Article(a) => a.published,
                _ => None,
            })
            .collect();
        assert_eq!(
            got,
            vec![
                NaiveDate::from_ymd_opt(2020, 1, 2).unwrap(),
                NaiveDate::from_ymd_opt(2016, 12, 6).unwrap()
            ]
        );
    }

    #[test]
    fn too_large_is_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("big.txt");
        fs::write(&f, "x".repeat(1000)).unwrap();
        let opts = ReadOptions {
            max_bytes: 100,
            ..Default::default()
        };
        let items: Vec<_> = read_inputs(&[f.to_string_lossy().into_owned()], &opts).collect();
        assert!(matches!(&items[0], Item::Skipped(i) if i.reason.contains("too large")));
    }
}
