//! `wirecode ingest`, `recode` and `query`: the record in an SQLite file
//! (`--db FILE`, the default) or a PostgreSQL database (`--store URL`).
//!
//! Ingest reads with the same reader as `wirecode code` (same warnings and
//! skips, same exit codes), leaves out articles already stored, codes each
//! batch on all cores and writes it in input order in one transaction, so a
//! killed run loses at most the batch in flight and a re-run picks up there.

use std::io::{BufWriter, IsTerminal, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use serde_json::Value;
use wirecode::doc::{Article, Doc, NaiveDate};
use wirecode::input::ReadOptions;
use wirecode::Pipeline;
use wirecode_pgstore::PgStore;
use wirecode_store::{content_hash, Backend, EventFilter, Location, QuoteFilter, Rows, Store};

/// Articles coded and committed together (a crash loses at most one batch of work).
use crate::code::BATCH;

/// Options shared by `ingest` and `recode`: how to code.
#[derive(Args)]
pub struct CodingArgs {
    /// The database file (created if missing).
    #[arg(long, default_value = "wirecode.db")]
    db: PathBuf,
    /// The store as a URL instead of --db: postgres://USER@HOST:PORT/DB (schema created
    /// if missing) or sqlite://FILE.
    #[arg(long, conflicts_with = "db")]
    store: Option<String>,
    #[command(flatten)]
    pipeline: crate::pipeline_args::PipelineArgs,
    /// No progress bar.
    #[arg(short, long)]
    quiet: bool,
}

/// `wirecode ingest`: code inputs and store them.
#[derive(Args)]
pub struct IngestArgs {
    /// Inputs: plain-text files, .jsonl files, directories (recursively), or - for stdin.
    #[arg(required = true)]
    inputs: Vec<String>,
    /// Publication date (YYYY-MM-DD) for articles that carry none.
    #[arg(long, value_parser = crate::parse_date)]
    published: Option<NaiveDate>,
    /// Largest article accepted, in bytes.
    #[arg(long, default_value_t = 32 * 1024 * 1024)]
    max_bytes: usize,
    #[command(flatten)]
    coding: CodingArgs,
}

/// `wirecode recode`: re-code every stored article.
#[derive(Args)]
pub struct RecodeArgs {
    #[command(flatten)]
    coding: CodingArgs,
}

/// How query results are printed.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum OutFormat {
    /// JSON Lines: one object per row (the default when stdout is not a terminal).
    Json,
    /// Comma-separated values with a header row.
    Csv,
    /// Aligned columns, long cells cut (the default on a terminal).
    Table,
}

/// `wirecode query`: read the record.
#[derive(Args)]
pub struct QueryArgs {
    #[command(subcommand)]
    what: QueryWhat,
    /// The database file.
    #[arg(long, default_value = "wirecode.db", global = true)]
    db: PathBuf,
    /// The store as a URL instead of --db: postgres://USER@HOST:PORT/DB or sqlite://FILE.
    #[arg(long, global = true, conflicts_with = "db")]
    store: Option<String>,
    /// Output format (default: table on a terminal, json when piped).
    #[arg(long, value_enum, global = true)]
    format: Option<OutFormat>,
    /// At most this many rows.
    #[arg(long, global = true)]
    limit: Option<usize>,
}

#[derive(Subcommand)]
enum QueryWhat {
    /// Coded events, in input order.
    Events {
        /// Actor code prefix, source or target (RUS matches RUSGOV).
        #[arg(long)]
        actor: Option<String>,
        /// CAMEO event code prefix (12 matches 120-129).
        #[arg(long)]
        code: Option<String>,
        /// From this date (YYYY-MM-DD), inclusive; the article's date stands in for undated events.
        #[arg(long, value_parser = crate::parse_date)]
        from: Option<NaiveDate>,
        /// Up to this date (YYYY-MM-DD), inclusive.
        #[arg(long, value_parser = crate::parse_date)]
        to: Option<NaiveDate>,
        /// Place name (case-insensitive).
        #[arg(long)]
        place: Option<String>,
        /// asserted, negated, claimed, denied, intended or hypothetical.
        #[arg(long)]
        mode: Option<String>,
    },
    /// Quotes and attributions.
    Quotes {
        /// Speaker code prefix (USA matches USAGOV) or part of the speaker's name.
        #[arg(long)]
        speaker: Option<String>,
        /// Full-text search over quote contents (FTS5 syntax: words, "phrases", AND/OR/NOT).
        #[arg(long)]
        search: Option<String>,
    },
    /// Claims and accusations with the denials that answer them.
    Claims {
        /// Claimant or denier: code prefix or part of the name.
        #[arg(long)]
        speaker: Option<String>,
    },
    /// Stored articles, or those matching a full-text search (best first, with a snippet).
    Articles {
        /// Full-text search over title and text (FTS5 syntax).
        #[arg(long)]
        search: Option<String>,
    },
}

/// The store `--store URL` names, or else the `--db` file.
pub fn location(db: &Path, store: Option<&str>) -> Result<Location, String> {
    match store {
        Some(s) => Location::parse(s),
        None => Ok(Location::Sqlite(db.to_path_buf())),
    }
}

/// Opens a store for writing (`create`: make the file or schema if
/// missing) or for reading an existing one.
pub fn open_store(loc: &Location, create: bool) -> Result<Box<dyn Backend + Send>, String> {
    let named = |e: &dyn std::fmt::Display| {
        let m = e.to_string();
        let shown = loc.to_string();
        if m.contains(&shown) {
            m
        } else {
            format!("{shown}: {m}")
        }
    };
    Ok(match (loc, create) {
        (Location::Sqlite(p), true) => Box::new(Store::open(p).map_err(|e| named(&e))?),
        (Location::Sqlite(p), false) => {
            Box::new(Store::open_existing(p).map_err(|e| e.to_string())?)
        }
        (Location::Postgres(u), true) => Box::new(PgStore::connect(u).map_err(|e| named(&e))?),
        (Location::Postgres(u), false) => {
            Box::new(PgStore::open_existing(u).map_err(|e| named(&e))?)
        }
    })
}

fn pipeline(c: &CodingArgs) -> Result<Pipeline, String> {
    c.pipeline.build()
}

fn progress(quiet: bool, what: &str) -> Option<ProgressBar> {
    (!quiet && std::io::stderr().is_terminal()).then(|| {
        let b = ProgressBar::new_spinner();
        b.set_style(
            ProgressStyle::with_template(&format!(
                "{{spinner}} {{pos}} articles {what} ({{per_sec}})"
            ))
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        b
    })
}

/// Codes articles in parallel; results come back in input order, a panic
/// in the pipeline becomes an error naming the article.
fn code_all<T: Send>(
    pipeline: &Pipeline,
    items: Vec<(T, Article)>,
) -> Vec<Result<(T, Doc), String>> {
    items
        .into_par_iter()
        .map(|(tag, a)| {
            let id = a.id.clone();
            catch_unwind(AssertUnwindSafe(|| pipeline.code(a)))
                .map(|d| (tag, d))
                .map_err(|_| {
                    format!("{id}: internal error while coding; article skipped (please report it)")
                })
        })
        .collect()
}

/// The options of `wirecode serve`: the token from `--token-file` or
/// `WIRECODE_TOKEN`, and with `--allow-ingest` the pipeline `wirecode
/// ingest` codes with (loaded only then).
pub fn serve_options(
    allow_ingest: bool,
    token_file: Option<&Path>,
    pipeline: &crate::pipeline_args::PipelineArgs,
) -> Result<wirecode_server::Options, String> {
    let token = match token_file {
        Some(p) => Some(wirecode_server::read_token_file(p)?),
        None => match std::env::var("WIRECODE_TOKEN") {
            Ok(t) if !t.trim().is_empty() => Some(
                wirecode_server::check_token(t.trim())
                    .map_err(|e| format!("WIRECODE_TOKEN: {e}"))?,
            ),
            _ => None,
        },
    };
    if allow_ingest && token.is_none() {
        return Err("--allow-ingest needs a token (--token-file FILE or WIRECODE_TOKEN)".into());
    }
    let ingest = if allow_ingest {
        let p = std::sync::Arc::new(pipeline.build()?);
        let coder: wirecode_server::Coder = std::sync::Arc::new(move |batch: Vec<Article>| {
            code_all(&p, batch.into_iter().map(|a| ((), a)).collect())
                .into_iter()
                .map(|r| r.map(|((), d)| d))
                .collect()
        });
        Some(coder)
    } else {
        None
    };
    Ok(wirecode_server::Options { token, ingest })
}

/// Runs `wirecode ingest`.
pub fn ingest(args: IngestArgs) -> Result<u8, String> {
    let loc = location(&args.coding.db, args.coding.store.as_deref())?;
    let db = loc.to_string();
    let store = std::sync::Mutex::new(open_store(&loc, true)?);
    let pipeline = pipeline(&args.coding)?;
    let opts = ReadOptions {
        published: args.published,
        max_bytes: args.max_bytes,
    };
    let bar = progress(args.coding.quiet, "stored");
    let lock = || store.lock().unwrap_or_else(|e| e.into_inner());
    let (mut present, mut skipped) = (0usize, 0usize);
    // A batch is stored on a thread of its own while the next one is coded:
    // coding and storing overlap instead of taking turns.
    let (stored, stored_present, read_skipped) = std::thread::scope(|sc| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Doc>>(1);
        let writer = sc.spawn(|| -> Result<(usize, usize), String> {
            let (mut stored, mut present) = (0usize, 0usize);
            for docs in rx {
                let c = lock()
                    .insert_batch(&docs)
                    .map_err(|e| format!("{db}: cannot store: {e}"))?;
                stored += c.stored;
                present += c.present;
                if let Some(b) = &bar {
                    b.set_position(stored as u64);
                }
            }
            Ok((stored, present))
        });
        let read = crate::code::read_in_batches(&args.inputs, &opts, |batch| {
            // Already stored (an earlier or interrupted run): not coded again.
            // (A copy in the batch being stored now is found by insert_batch.)
            let hashes: Vec<String> = batch.iter().map(content_hash).collect();
            let stored_before = lock().present(&hashes).map_err(|e| format!("{db}: {e}"))?;
            let mut seen = std::collections::HashSet::new();
            let mut fresh = Vec::with_capacity(batch.len());
            for (a, h) in batch.drain(..).zip(hashes) {
                if stored_before.contains(&h) || !seen.insert(h) {
                    present += 1;
                } else {
                    fresh.push(((), a));
                }
            }
            let mut docs = Vec::with_capacity(fresh.len());
            for r in code_all(&pipeline, fresh) {
                match r {
                    Ok(((), d)) => docs.push(d),
                    Err(e) => {
                        eprintln!("wirecode: skipped: {e}");
                        skipped += 1;
                    }
                }
            }
            // A closed channel means the writer stopped on an error, which
            // its join below reports.
            tx.send(docs)
                .map_err(|_| String::from("the store writer stopped"))
        });
        drop(tx);
        let written = writer
            .join()
            .map_err(|_| String::from("the store writer panicked"))??;
        Ok::<_, String>((written.0, written.1, read?))
    })?;
    present += stored_present;
    skipped += read_skipped;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    eprintln!("wirecode: stored {stored}, already present {present}, skipped {skipped}");
    if skipped > 0 || stored + present == 0 {
        if stored + present == 0 && skipped == 0 {
            eprintln!("wirecode: no articles found in the inputs");
        }
        return Ok(crate::EXIT_SKIPPED);
    }
    Ok(0)
}

/// Runs `wirecode recode`: every stored article, in batches, each batch's
/// annotations replaced in one transaction.
pub fn recode(args: RecodeArgs) -> Result<u8, String> {
    let loc = location(&args.coding.db, args.coding.store.as_deref())?;
    let db = loc.to_string();
    let mut store = open_store(&loc, false)?;
    let pipeline = pipeline(&args.coding)?;
    let bar = progress(args.coding.quiet, "recoded");
    let (mut last, mut recoded, mut failed) = (0i64, 0usize, 0usize);
    loop {
        let batch = store
            .articles_after(last, BATCH)
            .map_err(|e| format!("{db}: {e}"))?;
        let Some((id, _)) = batch.last() else { break };
        last = *id;
        let mut docs = Vec::with_capacity(batch.len());
        for r in code_all(&pipeline, batch) {
            match r {
                Ok(d) => docs.push(d),
                Err(e) => {
                    eprintln!("wirecode: not recoded (kept as it was): {e}");
                    failed += 1;
                }
            }
        }
        store
            .replace_batch(&docs)
            .map_err(|e| format!("{db}: cannot store: {e}"))?;
        recoded += docs.len();
        if let Some(b) = &bar {
            b.set_position(recoded as u64);
        }
    }
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    eprintln!("wirecode: recoded {recoded}, failed {failed}");
    Ok(if failed > 0 { crate::EXIT_SKIPPED } else { 0 })
}

/// Runs `wirecode query`.
pub fn query(args: QueryArgs) -> Result<u8, String> {
    let loc = location(&args.db, args.store.as_deref())?;
    let mut store = open_store(&loc, false)?;
    let limit = args.limit;
    let rows = match args.what {
        QueryWhat::Events {
            actor,
            code,
            from,
            to,
            place,
            mode,
        } => store.events(&EventFilter {
            actor,
            code,
            from: from.map(|d| d.to_string()),
            to: to.map(|d| d.to_string()),
            place,
            mode,
            limit,
        }),
        QueryWhat::Quotes { speaker, search } => store.quotes(&QuoteFilter {
            speaker,
            search,
            limit,
        }),
        QueryWhat::Claims { speaker } => store.claims(speaker.as_deref(), limit),
        QueryWhat::Articles { search } => store.articles(search.as_deref(), limit),
    }
    .map_err(|e| e.to_string())?;
    let format = args.format.unwrap_or(if std::io::stdout().is_terminal() {
        OutFormat::Table
    } else {
        OutFormat::Json
    });
    let mut out = BufWriter::new(std::io::stdout().lock());
    let r = match format {
        OutFormat::Json => write_json(&mut out, &rows),
        OutFormat::Csv => write_csv(&mut out, &rows),
        OutFormat::Table => write_table(&mut out, &rows),
    };
    match r.and_then(|_| out.flush()) {
        Ok(()) => Ok(0),
        // A closed pipe (`| head`) is not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(0),
        Err(e) => Err(format!("cannot write output: {e}")),
    }
}

fn cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn write_json(out: &mut impl Write, rows: &Rows) -> std::io::Result<()> {
    for o in rows.objects() {
        writeln!(out, "{}", Value::Object(o))?;
    }
    Ok(())
}

fn write_csv(out: &mut impl Write, rows: &Rows) -> std::io::Result<()> {
    let field = |s: &str| {
        if s.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_string()
        }
    };
    let line = |cells: Vec<String>| cells.iter().map(|c| field(c)).collect::<Vec<_>>().join(",");
    writeln!(out, "{}", line(rows.columns.clone()))?;
    for r in &rows.rows {
        writeln!(out, "{}", line(r.iter().map(cell).collect()))?;
    }
    Ok(())
}

/// Widest a table cell gets before it is cut with `…`.
const MAX_CELL: usize = 60;

fn write_table(out: &mut impl Write, rows: &Rows) -> std::io::Result<()> {
    let cut = |s: String| -> String {
        let s = s.replace(['\n', '\r', '\t'], " ");
        if s.chars().count() > MAX_CELL {
            s.chars().take(MAX_CELL - 1).chain(['…']).collect()
        } else {
            s
        }
    };
    let cells: Vec<Vec<String>> = rows
        .rows
        .iter()
        .map(|r| r.iter().map(|v| cut(cell(v))).collect())
        .collect();
    let mut width: Vec<usize> = rows.columns.iter().map(|c| c.chars().count()).collect();
    for r in &cells {
        for (w, c) in width.iter_mut().zip(r) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |out: &mut dyn Write, r: &[String]| {
        let mut s = String::new();
        for (i, (c, w)) in r.iter().zip(&width).enumerate() {
            if i > 0 {
                s.push_str("  ");
            }
            s.push_str(c);
            if i + 1 < r.len() {
                s.push_str(&" ".repeat(w - c.chars().count()));
            }
        }
        writeln!(out, "{}", s.trim_end())
    };
    line(out, &rows.columns)?;
    let rule: Vec<String> = width.iter().map(|w| "-".repeat(*w)).collect();
    line(out, &rule)?;
    for r in &cells {
        line(out, r)?;
    }
    writeln!(
        out,
        "({} row{})",
        cells.len(),
        if cells.len() == 1 { "" } else { "s" }
    )
}
