//! Python bindings: the native module `wirecode._wirecode` behind the
//! `wirecode` Python package (`crates/python/python/wirecode`).
//!
//! Thin glue only. Articles are read by the same functions the CLI uses
//! ([`wirecode::input::plain_article`] for text, like a plain-text file;
//! [`wirecode::input::json_object_article`] for dicts, like a JSON Lines
//! line), coded by the same [`Pipeline`] and written by the same
//! [`to_json`], so a result is the CLI's JSON line parsed by `json.loads`.
//! Bad input raises [`WirecodeError`] with the CLI's message
//! (`ID: reason`); recoverable oddities (invalid UTF-8) issue a
//! [`WirecodeWarning`], as the CLI prints a warning.

use std::collections::VecDeque;
use std::ffi::CString;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{mpsc, Arc, Mutex, OnceLock};

use pyo3::create_exception;
use pyo3::exceptions::{PyRuntimeError, PyTypeError, PyUserWarning, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDict, PyFloat, PyInt, PyIterator, PyList, PyString, PyTuple};
use rayon::prelude::*;
use wirecode::doc::Article;
use wirecode::input::{
    date_from_url, decode_text, json_object_article, parse_date, plain_article, Item, ReadOptions,
};
use wirecode::output::{to_json, OutputOptions};
use wirecode::{Pipeline, PipelineOptions};

create_exception!(
    wirecode,
    WirecodeError,
    PyValueError,
    "An article that cannot be coded (empty, binary, a malformed dict, ...).\n\n\
     The message is the CLI's: `ID: reason`. Attributes: `id` (the article id, or its\n\
     position in `code_many`), `index` (position in `code_many`, else None), `reason`."
);
create_exception!(
    wirecode,
    WirecodeWarning,
    PyUserWarning,
    "Coded, but with something to know (e.g. invalid UTF-8 decoded as Windows-1252)."
);

/// Articles read from the Python iterable and coded together in `code_many`.
/// While Python consumes one batch, the thread pool codes the next.
const BATCH: usize = 128;

static PIPELINE: OnceLock<Result<Pipeline, String>> = OnceLock::new();

/// The default pipeline, loaded once per process (with the GIL released).
fn pipeline(py: Python<'_>) -> PyResult<&'static Pipeline> {
    py.detach(|| PIPELINE.get_or_init(|| Pipeline::new(&PipelineOptions::default())))
        .as_ref()
        .map_err(|e| WirecodeError::new_err(format!("cannot load the pipeline: {e}")))
}

/// An input that could not be turned into an article, in the CLI's terms.
#[derive(Debug, Clone)]
struct Bad {
    id: String,
    reason: String,
}

impl Bad {
    fn message(&self) -> String {
        format!("{}: {}", self.id, self.reason)
    }

    fn into_err(self, py: Python<'_>, index: Option<usize>) -> PyErr {
        let err = WirecodeError::new_err(self.message());
        let v = err.value(py);
        // Setting attributes on a fresh exception instance cannot fail in practice.
        let _ = v.setattr("id", self.id);
        let _ = v.setattr("reason", self.reason);
        let _ = v.setattr("index", index);
        err
    }
}

/// Issues a `WirecodeWarning` (the CLI prints `wirecode: warning: ...`).
fn warn(py: Python<'_>, message: &str) -> PyResult<()> {
    let msg = CString::new(message.replace('\0', " ")).unwrap_or_default();
    PyErr::warn(py, &py.get_type::<WirecodeWarning>(), &msg, 1)
}

/// The article in `bytes`, read exactly like a plain-text file named `origin`.
fn plain(py: Python<'_>, origin: &str, bytes: &[u8]) -> PyResult<Result<Article, Bad>> {
    let mut out = Err(Bad {
        id: origin.to_string(),
        reason: "empty article".into(),
    });
    for item in plain_article(origin, bytes, &ReadOptions::default()) {
        match item {
            Item::Warning(w) => warn(py, &w.to_string())?,
            Item::Skipped(s) => {
                out = Err(Bad {
                    id: origin.to_string(),
                    reason: s.reason,
                })
            }
            Item::Article(a) => out = Ok(a),
        }
    }
    Ok(out)
}

/// A Python `str` as Rust text; unpaired surrogates become U+FFFD with a warning.
fn text_of(py: Python<'_>, s: &Bound<'_, PyString>, origin: &str) -> PyResult<String> {
    match s.to_cow() {
        Ok(t) => Ok(t.to_string()),
        Err(_) => {
            warn(
                py,
                &format!("{origin}: text with unpaired surrogates; replaced them with U+FFFD"),
            )?;
            Ok(s.to_string_lossy().into_owned())
        }
    }
}

/// Reads one `str` or `bytes` article (plain-text semantics).
fn text_article(
    py: Python<'_>,
    text: &Bound<'_, PyAny>,
    origin: &str,
) -> PyResult<Option<Result<Article, Bad>>> {
    if let Ok(s) = text.cast::<PyString>() {
        let t = text_of(py, s, origin)?;
        return plain(py, origin, t.as_bytes()).map(Some);
    }
    if let Ok(b) = text.cast::<PyBytes>() {
        return plain(py, origin, b.as_bytes()).map(Some);
    }
    Ok(None)
}

fn type_name(v: &Bound<'_, PyAny>) -> String {
    v.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "object".into())
}

/// Converts a Python value to JSON for an article dict. Dates (anything with
/// `isoformat()`) become strings; `bytes` are decoded like a JSON line.
/// `Ok(Err(reason))` when the value has no JSON form.
fn to_json_value(
    py: Python<'_>,
    v: &Bound<'_, PyAny>,
    field: &str,
    origin: &str,
) -> PyResult<Result<serde_json::Value, String>> {
    use serde_json::Value;
    if v.is_none() {
        return Ok(Ok(Value::Null));
    }
    if let Ok(b) = v.cast::<PyBool>() {
        return Ok(Ok(Value::Bool(b.is_true())));
    }
    if v.cast::<PyInt>().is_ok() {
        if let Ok(i) = v.extract::<i64>() {
            return Ok(Ok(i.into()));
        }
        if let Ok(u) = v.extract::<u64>() {
            return Ok(Ok(u.into()));
        }
        return Ok(Err(format!("field \"{field}\": integer out of range")));
    }
    if let Ok(f) = v.cast::<PyFloat>() {
        return Ok(serde_json::Number::from_f64(f.value())
            .map(Value::Number)
            .ok_or_else(|| format!("field \"{field}\": {} is not a JSON number", f.value())));
    }
    if let Ok(s) = v.cast::<PyString>() {
        return text_of(py, s, origin).map(|t| Ok(Value::String(t)));
    }
    if let Ok(b) = v.cast::<PyBytes>() {
        let (t, bad_at) = decode_text(b.as_bytes());
        if let Some(at) = bad_at {
            warn(
                py,
                &format!(
                    "{origin}: field \"{field}\": invalid UTF-8 at byte {at}; decoded as Windows-1252 (Latin-1)"
                ),
            )?;
        }
        return Ok(Ok(Value::String(t)));
    }
    if let Ok(d) = v.cast::<PyDict>() {
        let mut map = serde_json::Map::new();
        for (k, x) in d.iter() {
            let Ok(k) = k.cast::<PyString>() else {
                return Ok(Err(format!("field \"{field}\": keys must be strings")));
            };
            let k = k.to_string_lossy().into_owned();
            match to_json_value(py, &x, field, origin)? {
                Ok(x) => map.insert(k, x),
                Err(e) => return Ok(Err(e)),
            };
        }
        return Ok(Ok(Value::Object(map)));
    }
    if v.cast::<PyList>().is_ok() || v.cast::<PyTuple>().is_ok() {
        let mut out = Vec::new();
        for x in v.try_iter()? {
            match to_json_value(py, &x?, field, origin)? {
                Ok(x) => out.push(x),
                Err(e) => return Ok(Err(e)),
            }
        }
        return Ok(Ok(Value::Array(out)));
    }
    if let Ok(iso) = v.getattr("isoformat") {
        if let Ok(s) = iso.call0().and_then(|s| s.extract::<String>()) {
            return Ok(Ok(Value::String(s)));
        }
    }
    Ok(Err(format!(
        "field \"{field}\": {} is not a JSON value",
        type_name(v)
    )))
}

/// Reads one dict article (JSON Lines semantics); `index` names it when it
/// has no `id`.
fn dict_article(
    py: Python<'_>,
    d: &Bound<'_, PyDict>,
    index: usize,
) -> PyResult<Result<Article, Bad>> {
    let mut origin = index.to_string();
    if let Some(id) = d.get_item("id")? {
        if let Ok(s) = id.cast::<PyString>() {
            origin = s.to_string_lossy().into_owned();
        } else if id.cast::<PyInt>().is_ok() && id.cast::<PyBool>().is_err() {
            origin = id.str()?.to_string_lossy().into_owned();
        }
    }
    let bad = |reason: String| Bad {
        id: origin.clone(),
        reason,
    };
    let mut map = serde_json::Map::new();
    for (k, v) in d.iter() {
        let Ok(k) = k.cast::<PyString>() else {
            return Ok(Err(bad(format!(
                "article keys must be strings, not {}",
                type_name(&k)
            ))));
        };
        let k = k.to_string_lossy().into_owned();
        match to_json_value(py, &v, &k, &origin)? {
            Ok(v) => map.insert(k, v),
            Err(e) => return Ok(Err(bad(e))),
        };
    }
    if map.get("id").is_none_or(serde_json::Value::is_null) {
        map.insert("id".into(), serde_json::Value::String(index.to_string()));
    }
    Ok(json_object_article(&origin, index, map, &ReadOptions::default()).map_err(bad))
}

/// Codes one article, catching a panic as the CLI does.
fn code_article(p: &Pipeline, a: Article) -> Result<String, Bad> {
    let id = a.id.clone();
    catch_unwind(AssertUnwindSafe(|| {
        to_json(&p.code(a), &OutputOptions::default())
    }))
    .map_err(|_| Bad {
        id,
        reason: "internal error while coding; article skipped (please report it)".into(),
    })
}

fn json_loads(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    py.import("json")?.getattr("loads")
}

/// Codes one article and returns its record in the output contract (a dict:
/// `id`, `title`, `url`, `published`, `text`, `entities`, `quotes`, `events`).
///
/// `text` (`str`, or `bytes` decoded as UTF-8 with the CLI's Windows-1252
/// fallback and a `WirecodeWarning`) is read like a plain-text file given to
/// `wirecode code`: a first line that is a URL becomes `url` (and its date
/// `published`), a headline-like first line becomes `title`. The keywords
/// override what the text gives; `published` is `YYYY-MM-DD` (a time may
/// follow) or a `datetime.date`. `id` defaults to `"0"`.
///
/// Raises `WirecodeError` (a `ValueError`) with the CLI's message for an
/// article the CLI would skip (`0: empty article`, `0: binary file, not text`),
/// and `TypeError` when `text` is neither `str` nor `bytes`. The GIL is
/// released while coding.
#[pyfunction]
#[pyo3(signature = (text, *, title=None, published=None, url=None, id=None))]
fn code(
    py: Python<'_>,
    text: &Bound<'_, PyAny>,
    title: Option<String>,
    published: Option<&Bound<'_, PyAny>>,
    url: Option<String>,
    id: Option<String>,
) -> PyResult<Py<PyAny>> {
    let origin = id.unwrap_or_else(|| "0".into());
    let mut a = match text_article(py, text, &origin)? {
        None => {
            return Err(PyTypeError::new_err(format!(
                "text must be a str or bytes, not {}",
                type_name(text)
            )))
        }
        Some(Err(bad)) => return Err(bad.into_err(py, None)),
        Some(Ok(a)) => a,
    };
    let nonempty = |s: Option<String>| s.filter(|s| !s.trim().is_empty());
    if let Some(t) = nonempty(title) {
        a.title = Some(t);
    }
    let url = nonempty(url);
    let published = match published.filter(|p| !p.is_none()) {
        None => None,
        Some(p) => {
            let s = match to_json_value(py, p, "published", &origin)? {
                Ok(serde_json::Value::String(s)) => s,
                _ => {
                    return Err(PyTypeError::new_err(format!(
                        "published must be a str or datetime.date, not {}",
                        type_name(p)
                    )))
                }
            };
            Some(parse_date(&s).ok_or_else(|| {
                Bad {
                    id: origin.clone(),
                    reason: format!("field \"published\": not a date: {s:?}"),
                }
                .into_err(py, None)
            })?)
        }
    };
    a.published = published
        .or_else(|| url.as_deref().and_then(date_from_url))
        .or(a.published);
    if url.is_some() {
        a.url = url;
    }
    let p = pipeline(py)?;
    let json = py
        .detach(|| code_article(p, a))
        .map_err(|bad| bad.into_err(py, None))?;
    Ok(json_loads(py)?.call1((json,))?.unbind())
}

/// What `code_many` does with an item it cannot code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OnError {
    /// Yield `{"id", "index", "error"}` in its place.
    Record,
    /// Raise `WirecodeError` when iteration reaches it.
    Raise,
    /// Leave it out, with a `WirecodeWarning`.
    Skip,
}

/// One input after coding, in input order.
enum Outcome {
    Json(String),
    Bad(usize, Bad),
}

/// One input after reading, before coding.
enum Prepared {
    Article(Article),
    Bad(Bad),
}

/// The iterator `code_many` returns: results in input order.
#[pyclass(module = "wirecode._wirecode")]
struct CodeManyIterator {
    /// The articles still to read; `None` once exhausted (or failed).
    source: Option<Py<PyIterator>>,
    /// Position of the next item read from `source`.
    next_index: usize,
    pool: Option<Arc<rayon::ThreadPool>>,
    on_error: OnError,
    /// Coded results waiting to be yielded.
    ready: VecDeque<Outcome>,
    /// The batch being coded in the thread pool.
    in_flight: Option<Mutex<mpsc::Receiver<Vec<Outcome>>>>,
    /// An exception from the input iterable, raised after the items before it.
    failure: Option<PyErr>,
    loads: Py<PyAny>,
}

impl CodeManyIterator {
    /// Reads up to [`BATCH`] items and starts coding them in the pool.
    fn start_batch(&mut self, py: Python<'_>) -> PyResult<()> {
        let Some(source) = &self.source else {
            return Ok(());
        };
        let mut source = source.bind(py).clone();
        let mut batch: Vec<(usize, Prepared)> = Vec::with_capacity(BATCH);
        while batch.len() < BATCH {
            let item = match source.next() {
                None => {
                    self.source = None;
                    break;
                }
                Some(Err(e)) => {
                    self.failure = Some(e);
                    self.source = None;
                    break;
                }
                Some(Ok(item)) => item,
            };
            let index = self.next_index;
            self.next_index += 1;
            let read = if let Ok(d) = item.cast::<PyDict>() {
                dict_article(py, d, index).map(Some)
            } else {
                text_article(py, &item, &index.to_string())
            };
            let prepared = match read {
                Err(e) => {
                    // A warning turned into an error by the warnings filter.
                    self.failure = Some(e);
                    self.source = None;
                    break;
                }
                Ok(Some(Ok(a))) => Prepared::Article(a),
                Ok(Some(Err(bad))) => Prepared::Bad(bad),
                Ok(None) => Prepared::Bad(Bad {
                    id: index.to_string(),
                    reason: format!(
                        "an article must be a str, bytes or dict, not {}",
                        type_name(&item)
                    ),
                }),
            };
            batch.push((index, prepared));
        }
        if batch.is_empty() {
            return Ok(());
        }
        let p = pipeline(py)?;
        let (tx, rx) = mpsc::channel();
        let job = move || {
            let out: Vec<Outcome> = batch
                .into_par_iter()
                .map(|(index, item)| match item {
                    Prepared::Article(a) => match code_article(p, a) {
                        Ok(json) => Outcome::Json(json),
                        Err(bad) => Outcome::Bad(index, bad),
                    },
                    Prepared::Bad(bad) => Outcome::Bad(index, bad),
                })
                .collect();
            // The receiver is gone when Python dropped the iterator early.
            let _ = tx.send(out);
        };
        match &self.pool {
            Some(pool) => pool.spawn(job),
            None => rayon::spawn(job),
        }
        self.in_flight = Some(Mutex::new(rx));
        Ok(())
    }
}

#[pymethods]
impl CodeManyIterator {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(mut slf: PyRefMut<'_, Self>, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        loop {
            if let Some(outcome) = slf.ready.pop_front() {
                match outcome {
                    Outcome::Json(s) => return Ok(Some(slf.loads.bind(py).call1((s,))?.unbind())),
                    Outcome::Bad(index, bad) => match slf.on_error {
                        OnError::Record => {
                            let d = PyDict::new(py);
                            d.set_item("id", &bad.id)?;
                            d.set_item("index", index)?;
                            d.set_item("error", bad.message())?;
                            return Ok(Some(d.into_any().unbind()));
                        }
                        OnError::Raise => {
                            slf.source = None;
                            slf.ready.clear();
                            slf.in_flight = None;
                            slf.failure = None;
                            return Err(bad.into_err(py, Some(index)));
                        }
                        OnError::Skip => {
                            warn(py, &format!("skipped: {}", bad.message()))?;
                            continue;
                        }
                    },
                }
            }
            if let Some(rx) = slf.in_flight.take() {
                let rx = rx.into_inner().unwrap_or_else(|e| e.into_inner());
                let coded = py.detach(move || rx.recv()).map_err(|_| {
                    PyRuntimeError::new_err("wirecode: a coding thread stopped (please report it)")
                })?;
                slf.ready.extend(coded);
                // Read and start the next batch before handing these out, so
                // the pool codes while Python consumes.
                slf.start_batch(py)?;
                continue;
            }
            if slf.source.is_some() {
                slf.start_batch(py)?;
                if slf.in_flight.is_some() {
                    continue;
                }
            }
            return match slf.failure.take() {
                Some(e) => Err(e),
                None => Ok(None),
            };
        }
    }
}

/// Codes many articles on the thread pool and yields their records in input
/// order (a lazy iterator: articles are read from `articles` in batches).
///
/// Each item is a `str` or `bytes` (read like a plain-text file, as in
/// `code`) or a dict shaped like a line of a JSON Lines input: `text`, and
/// optionally `id`, `title`, `published` (a string or `datetime.date`),
/// `url`, `source`; other keys are kept under `extra`. An item without an id
/// gets its position (`"0"`, `"1"`, ...).
///
/// `threads`: worker threads (default: all cores). The GIL is released
/// while articles are coded.
///
/// `errors`: what to do with an item the CLI would skip (empty text, missing
/// `text`, a bad `published`, not a str/bytes/dict). `"record"` (default)
/// yields `{"id": ..., "index": i, "error": "ID: reason"}` in its place and
/// codes the rest; `"raise"` raises `WirecodeError` (with `.index`) when
/// iteration reaches it, after the results before it; `"skip"` leaves it out
/// with a `WirecodeWarning`. An exception raised by `articles` itself is
/// re-raised after the results of the items before it.
#[pyfunction]
#[pyo3(signature = (articles, *, threads=None, errors="record"))]
fn code_many(
    py: Python<'_>,
    articles: &Bound<'_, PyAny>,
    threads: Option<usize>,
    errors: &str,
) -> PyResult<CodeManyIterator> {
    let on_error = match errors {
        "record" => OnError::Record,
        "raise" => OnError::Raise,
        "skip" => OnError::Skip,
        other => {
            return Err(PyValueError::new_err(format!(
                "errors must be \"record\", \"raise\" or \"skip\", not {other:?}"
            )))
        }
    };
    if articles.cast::<PyString>().is_ok() || articles.cast::<PyBytes>().is_ok() {
        return Err(PyTypeError::new_err(
            "code_many takes an iterable of articles, not one text: use code(text) or code_many([text])",
        ));
    }
    let source = articles.try_iter()?.unbind();
    let pool = match threads {
        None => None,
        Some(n) => Some(Arc::new(
            rayon::ThreadPoolBuilder::new()
                .num_threads(n.max(1))
                .build()
                .map_err(|e| PyRuntimeError::new_err(e.to_string()))?,
        )),
    };
    // Load the pipeline now, so a failure shows at the call.
    pipeline(py)?;
    Ok(CodeManyIterator {
        source: Some(source),
        next_index: 0,
        pool,
        on_error,
        ready: VecDeque::new(),
        in_flight: None,
        failure: None,
        loads: json_loads(py)?.unbind(),
    })
}

/// The native module behind the `wirecode` Python package.
#[pymodule]
fn _wirecode(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_function(wrap_pyfunction!(code, m)?)?;
    m.add_function(wrap_pyfunction!(code_many, m)?)?;
    m.add_class::<CodeManyIterator>()?;
    m.add("WirecodeError", py.get_type::<WirecodeError>())?;
    m.add("WirecodeWarning", py.get_type::<WirecodeWarning>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
