//! `wirecode enqueue`, `wirecode worker` and `wirecode queue`: articles on a
//! NATS JetStream work queue, coded by any number of workers into one store.
//!
//! A worker takes a batch, codes it on all its cores, writes it in one
//! transaction and acknowledges the messages only after the commit; while
//! it works it tells the queue so ("in progress"), and a message it never
//! acknowledges (the worker was killed) is delivered again to another. The
//! store is idempotent by content hash, so an article delivered twice is
//! stored once. An input that cannot be coded goes to the dead-letter
//! stream with the reason. SIGTERM or Ctrl-C: the batch in hand is
//! finished, then the worker exits (a second signal exits at once).

use std::collections::{HashMap, HashSet};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use clap::{Args, Subcommand};
use rayon::prelude::*;
use wirecode::doc::{Article, Doc, NaiveDate};
use wirecode::input::{read_inputs, Item, ReadOptions};
use wirecode::Pipeline;
use wirecode_pgstore::PgStore;
use wirecode_queue::async_nats::jetstream::AckKind;
use wirecode_queue::bytes::Bytes;
use wirecode_queue::{
    article_message, fetch_batch, message_origin, parse_message, DeadLetter, Queue, QueueConfig,
};
use wirecode_store::{content_hash, BatchCounts, Location, Store};

use crate::code::BATCH;

/// Where the queue is.
#[derive(Args, Clone)]
pub struct QueueArgs {
    /// The NATS server(s): nats://HOST:PORT (a cluster: several, comma-separated).
    #[arg(long = "queue", env = "WIRECODE_QUEUE", value_name = "URL")]
    url: String,
    /// The queue's name: streams NAME-articles and NAME-dead, subjects NAME.articles and NAME.dead.
    #[arg(long = "queue-name", default_value = "wirecode", value_name = "NAME")]
    name: String,
    /// Copies of each stream a NATS cluster keeps (used when the streams are created).
    #[arg(long, default_value_t = 1)]
    replicas: usize,
}

impl QueueArgs {
    fn config(&self) -> Result<QueueConfig, String> {
        let mut c = QueueConfig::new(&self.url, &self.name)?;
        c.replicas = self.replicas.max(1);
        Ok(c)
    }
}

/// `wirecode enqueue`: read inputs and publish them as queue messages.
#[derive(Args)]
pub struct EnqueueArgs {
    /// Inputs: plain-text files, .jsonl files, directories (recursively), or - for stdin.
    #[arg(required = true)]
    inputs: Vec<String>,
    #[command(flatten)]
    queue: QueueArgs,
    /// Publication date (YYYY-MM-DD) for articles that carry none.
    #[arg(long, value_parser = crate::parse_date)]
    published: Option<NaiveDate>,
    /// Largest article accepted, in bytes.
    #[arg(long, default_value_t = 32 * 1024 * 1024)]
    max_bytes: usize,
}

/// `wirecode worker`: code articles from the queue into a store.
#[derive(Args)]
pub struct WorkerArgs {
    #[command(flatten)]
    queue: QueueArgs,
    /// The store: postgres://USER@HOST:PORT/DB (schema created if missing), or an SQLite file.
    #[arg(long, env = "WIRECODE_STORE", value_name = "URL")]
    store: String,
    /// Articles taken, coded and committed together.
    #[arg(long, default_value_t = BATCH)]
    batch: usize,
    #[command(flatten)]
    pipeline: crate::pipeline_args::PipelineArgs,
    /// Largest message accepted, in bytes.
    #[arg(long, default_value_t = 32 * 1024 * 1024)]
    max_bytes: usize,
    /// A message given to workers this many times without being stored is dead-lettered
    /// (it may crash or stall the worker).
    #[arg(long, default_value_t = 5)]
    max_deliver: i64,
    /// Seconds a worker may hold a message without word before the queue gives it to another
    /// (used when the worker creates the queue's consumer).
    #[arg(long, default_value_t = 60)]
    ack_wait: u64,
    /// No line per batch (the summary at exit stays).
    #[arg(short, long)]
    quiet: bool,
}

/// `wirecode queue`: look at a queue.
#[derive(Args)]
pub struct QueueCmdArgs {
    #[command(subcommand)]
    what: QueueWhat,
}

#[derive(Subcommand)]
enum QueueWhat {
    /// Messages waiting, being worked on, given more than once, and dead letters (name<TAB>value).
    Status {
        #[command(flatten)]
        queue: QueueArgs,
    },
    /// The dead letters, oldest first, one JSON object per line (seq, time, stage, origin, reason, deliveries, bytes).
    Dead {
        #[command(flatten)]
        queue: QueueArgs,
        /// At most this many.
        #[arg(long, default_value_t = 10_000)]
        limit: usize,
    },
}

fn runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the runtime: {e}"))
}

/// Runs `wirecode enqueue`.
pub fn enqueue(args: EnqueueArgs) -> Result<u8, String> {
    let cfg = args.queue.config()?;
    let rt = runtime()?;
    let q = rt
        .block_on(Queue::connect(&cfg))
        .map_err(|e| e.to_string())?;
    // Room for the message id header and the protocol line.
    let limit = q.max_payload().saturating_sub(512);
    let opts = ReadOptions {
        published: args.published,
        max_bytes: args.max_bytes,
    };
    let (mut queued, mut duplicates, mut dead) = (0usize, 0usize, 0usize);
    let mut batch: Vec<(String, Bytes)> = Vec::with_capacity(BATCH);
    let mut flush = |batch: &mut Vec<(String, Bytes)>| -> Result<(), String> {
        let p = rt
            .block_on(q.publish_articles(std::mem::take(batch)))
            .map_err(|e| e.to_string())?;
        queued += p.queued;
        duplicates += p.duplicates;
        Ok(())
    };
    let bury = |origin: String, reason: String| -> Result<(), String> {
        eprintln!("wirecode: dead-lettered: {origin}: {reason}");
        rt.block_on(q.dead_letter(&DeadLetter {
            id: Some(format!("enqueue {origin}: {reason}")),
            origin,
            reason,
            stage: "enqueue".into(),
            deliveries: None,
            payload: Bytes::new(),
        }))
        .map_err(|e| e.to_string())
    };
    for item in read_inputs(&args.inputs, &opts) {
        match item {
            Item::Article(a) => {
                let payload = article_message(&a);
                if payload.len() > limit {
                    bury(
                        a.id.clone(),
                        format!(
                            "{} bytes as a message, over the queue's limit of {limit} bytes \
                             (the NATS server's max_payload)",
                            payload.len()
                        ),
                    )?;
                    dead += 1;
                    continue;
                }
                batch.push((content_hash(&a), Bytes::from(payload)));
                if batch.len() >= BATCH {
                    flush(&mut batch)?;
                }
            }
            Item::Warning(w) => eprintln!("wirecode: warning: {w}"),
            Item::Skipped(s) => {
                let origin = match s.line {
                    Some(l) => format!("{}:{l}", s.origin),
                    None => s.origin.clone(),
                };
                bury(origin, s.reason.clone())?;
                dead += 1;
            }
        }
    }
    flush(&mut batch)?;
    eprintln!(
        "wirecode: queued {queued}, already queued {duplicates}, dead-lettered {dead} \
         (on {})",
        cfg.stream
    );
    if dead > 0 || queued + duplicates == 0 {
        if queued + duplicates + dead == 0 {
            eprintln!("wirecode: no articles found in the inputs");
        }
        return Ok(crate::EXIT_SKIPPED);
    }
    Ok(0)
}

/// Runs `wirecode queue status|dead`.
pub fn queue(args: QueueCmdArgs) -> Result<u8, String> {
    let cfg = match &args.what {
        QueueWhat::Status { queue } | QueueWhat::Dead { queue, .. } => queue.config()?,
    };
    let rt = runtime()?;
    rt.block_on(async {
        let q = Queue::connect(&cfg).await.map_err(|e| e.to_string())?;
        match args.what {
            QueueWhat::Status { .. } => {
                let s = q.status().await.map_err(|e| e.to_string())?;
                println!("messages\t{}", s.messages);
                println!("pending\t{}", s.pending);
                println!("in_flight\t{}", s.in_flight);
                println!("redelivered\t{}", s.redelivered);
                println!("dead\t{}", s.dead);
            }
            QueueWhat::Dead { limit, .. } => {
                for d in q.dead_letters(limit).await.map_err(|e| e.to_string())? {
                    println!("{}", d.to_json());
                }
            }
        }
        Ok(0)
    })
}

/// A store error, and whether trying again may help.
struct StoreError {
    message: String,
    transient: bool,
}

/// The store a worker writes to.
enum Sink {
    Postgres(Box<PgStore>),
    Sqlite(Store),
}

impl Sink {
    /// Opens the store; a PostgreSQL server that is not up yet (refused,
    /// starting, restarting) is waited for, up to a minute.
    fn open(loc: &Location) -> Result<Sink, String> {
        Ok(match loc {
            Location::Postgres(url) => {
                let since = Instant::now();
                let mut logged = false;
                loop {
                    match PgStore::connect(url) {
                        Ok(s) => break Sink::Postgres(Box::new(s)),
                        Err(e) if e.is_transient() && since.elapsed() < Duration::from_secs(60) => {
                            if !logged {
                                eprintln!("wirecode: worker: waiting for the store: {e}");
                                logged = true;
                            }
                            std::thread::sleep(Duration::from_millis(500));
                        }
                        Err(e) => return Err(e.to_string()),
                    }
                }
            }
            Location::Sqlite(p) => {
                Sink::Sqlite(Store::open(p).map_err(|e| format!("{}: {e}", p.display()))?)
            }
        })
    }

    fn present(&mut self, hashes: &[String]) -> Result<HashSet<String>, StoreError> {
        match self {
            Sink::Postgres(s) => s.present(hashes).map_err(pg_error),
            Sink::Sqlite(s) => {
                wirecode_store::Backend::present(s, hashes).map_err(|e| StoreError {
                    message: e.to_string(),
                    transient: false,
                })
            }
        }
    }

    fn insert(&mut self, docs: &[Doc]) -> Result<BatchCounts, StoreError> {
        match self {
            Sink::Postgres(s) => s.insert_batch(docs).map_err(pg_error),
            Sink::Sqlite(s) => s.insert_batch(docs).map_err(|e| StoreError {
                message: e.to_string(),
                transient: false,
            }),
        }
    }

    fn reconnect(&mut self) {
        if let Sink::Postgres(s) = self {
            let _ = s.reconnect();
        }
    }
}

fn pg_error(e: wirecode_pgstore::Error) -> StoreError {
    StoreError {
        transient: e.is_transient(),
        message: e.to_string(),
    }
}

/// What became of one message.
#[derive(Debug, Clone)]
enum Outcome {
    Stored,
    Present,
    /// Dead-letter it: where from, and why.
    Dead(String, String),
    /// Not done (the store stayed down through shutdown): give it back.
    GiveBack,
}

/// One message of a batch, as the blocking side needs it.
struct Incoming {
    payload: Bytes,
    delivered: i64,
    origin: String,
}

/// Time spent, for the summary: where a worker's time goes.
#[derive(Default, Clone, Copy)]
struct Timing {
    wait: Duration,
    coding: Duration,
    store: Duration,
    ack: Duration,
}

struct Limits {
    max_bytes: usize,
    max_deliver: i64,
    /// How long to keep retrying a store that is down after a stop was asked for.
    grace: Duration,
}

/// Runs `f` against the store, reconnecting and retrying while the error
/// is transient (the database restarting or unreachable), for as long as
/// no stop was asked for (and `grace` after one).
fn retrying<T>(
    sink: &mut Sink,
    stop: &AtomicBool,
    limits: &Limits,
    mut f: impl FnMut(&mut Sink) -> Result<T, StoreError>,
) -> Result<T, StoreError> {
    let mut delay = Duration::from_millis(200);
    let mut stop_seen: Option<Instant> = None;
    let mut logged = false;
    loop {
        match f(sink) {
            Ok(v) => {
                if logged {
                    eprintln!("wirecode: worker: the store answers again");
                }
                return Ok(v);
            }
            Err(e) if e.transient => {
                if stop.load(Ordering::SeqCst) {
                    let since = *stop_seen.get_or_insert_with(Instant::now);
                    if since.elapsed() > limits.grace {
                        return Err(e);
                    }
                }
                if !logged {
                    eprintln!(
                        "wirecode: worker: store unavailable, retrying: {}",
                        e.message
                    );
                    logged = true;
                }
                std::thread::sleep(delay);
                delay = (delay * 2).min(Duration::from_secs(5));
                sink.reconnect();
            }
            Err(e) => return Err(e),
        }
    }
}

/// Codes and stores one batch (on a blocking thread): every message gets an outcome.
fn process(
    sink: &mut Sink,
    pipeline: &Pipeline,
    items: &[Incoming],
    limits: &Limits,
    stop: &AtomicBool,
    timing: &mut Timing,
) -> Vec<Outcome> {
    let mut out: Vec<Option<Outcome>> = vec![None; items.len()];
    let mut articles: Vec<(usize, Article, String)> = Vec::new();
    for (i, m) in items.iter().enumerate() {
        match parse_message(&m.payload, &m.origin, limits.max_bytes) {
            Ok(a) => {
                let h = content_hash(&a);
                articles.push((i, a, h));
            }
            Err(e) => out[i] = Some(Outcome::Dead(m.origin.clone(), e.to_string())),
        }
    }
    let t = Instant::now();
    let hashes: Vec<String> = articles.iter().map(|(_, _, h)| h.clone()).collect();
    let stored = match retrying(sink, stop, limits, |s| s.present(&hashes)) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("wirecode: worker: giving the batch back: {}", e.message);
            return vec![Outcome::GiveBack; items.len()];
        }
    };
    timing.store += t.elapsed();
    // Already stored (delivered again after a commit), or twice in this batch.
    let mut first: HashMap<String, usize> = HashMap::new();
    let mut copies: Vec<(usize, usize)> = Vec::new();
    let mut fresh: Vec<(usize, Article)> = Vec::new();
    for (i, a, h) in articles {
        if stored.contains(&h) {
            out[i] = Some(Outcome::Present);
        } else if let Some(&j) = first.get(&h) {
            copies.push((i, j));
        } else if items[i].delivered >= limits.max_deliver {
            out[i] = Some(Outcome::Dead(
                a.id.clone(),
                format!(
                    "delivered {} times without being stored: it may crash or stall the worker",
                    items[i].delivered
                ),
            ));
        } else {
            first.insert(h, i);
            fresh.push((i, a));
        }
    }
    let t = Instant::now();
    let coded: Vec<(usize, String, Option<Doc>)> = fresh
        .into_par_iter()
        .map(|(i, a)| {
            let id = a.id.clone();
            (
                i,
                id,
                catch_unwind(AssertUnwindSafe(|| pipeline.code(a))).ok(),
            )
        })
        .collect();
    timing.coding += t.elapsed();
    let mut docs: Vec<(usize, Doc)> = Vec::with_capacity(coded.len());
    for (i, id, d) in coded {
        match d {
            Some(d) => docs.push((i, d)),
            None => {
                let why = "internal error while coding (please report it)".to_string();
                out[i] = Some(Outcome::Dead(id, why));
            }
        }
    }
    let t = Instant::now();
    let all: Vec<Doc> = docs.iter().map(|(_, d)| d.clone()).collect();
    match retrying(sink, stop, limits, |s| s.insert(&all)) {
        Ok(_) => {
            for (i, _) in &docs {
                out[*i] = Some(Outcome::Stored);
            }
        }
        Err(e) if e.transient => {
            eprintln!("wirecode: worker: giving the batch back: {}", e.message);
            for (i, _) in &docs {
                out[*i] = Some(Outcome::GiveBack);
            }
        }
        // The store refused the batch: find the article it refuses, one by one.
        Err(e) => {
            eprintln!(
                "wirecode: worker: the store refused the batch ({}); storing one by one",
                e.message
            );
            for (i, d) in &docs {
                out[*i] = Some(
                    match retrying(sink, stop, limits, |s| s.insert(std::slice::from_ref(d))) {
                        Ok(_) => Outcome::Stored,
                        Err(e) if e.transient => Outcome::GiveBack,
                        Err(e) => Outcome::Dead(
                            d.article.id.clone(),
                            format!("the store refused it: {}", e.message),
                        ),
                    },
                );
            }
        }
    }
    timing.store += t.elapsed();
    for (i, j) in copies {
        out[i] = Some(match &out[j] {
            Some(Outcome::Stored) | Some(Outcome::Present) => Outcome::Present,
            Some(other) => other.clone(),
            None => Outcome::GiveBack,
        });
    }
    out.into_iter()
        .map(|o| o.unwrap_or(Outcome::GiveBack))
        .collect()
}

/// Totals of a worker's run.
#[derive(Default)]
struct Totals {
    batches: usize,
    messages: usize,
    redelivered: usize,
    stored: usize,
    present: usize,
    dead: usize,
    given_back: usize,
}

/// Runs `wirecode worker`.
pub fn worker(args: WorkerArgs) -> Result<u8, String> {
    if args.batch == 0 {
        return Err("--batch must be at least 1".into());
    }
    for f in &args.pipeline.actors {
        std::fs::metadata(f).map_err(|e| format!("{f}: {e}"))?;
    }
    let pipeline = Arc::new(args.pipeline.build()?);
    let loc = Location::parse(&args.store)?;
    let mut cfg = args.queue.config()?;
    cfg.ack_wait = Duration::from_secs(args.ack_wait.max(1));
    // The store lives outside the async runtime (its client runs its own).
    let sink = Arc::new(Mutex::new(Some(Sink::open(&loc)?)));
    let rt = runtime()?;
    let result = rt.block_on(run(&args, &cfg, &loc, sink.clone(), pipeline));
    drop(rt);
    drop(sink);
    result
}

async fn run(
    args: &WorkerArgs,
    cfg: &QueueConfig,
    loc: &Location,
    sink: Arc<Mutex<Option<Sink>>>,
    pipeline: Arc<Pipeline>,
) -> Result<u8, String> {
    let q = Queue::connect(cfg).await.map_err(|e| e.to_string())?;
    let consumer = q.consumer().await.map_err(|e| e.to_string())?;
    let stop = Arc::new(AtomicBool::new(false));
    let wake = Arc::new(tokio::sync::Notify::new());
    {
        let (stop, wake) = (stop.clone(), wake.clone());
        use tokio::signal::unix::{signal, SignalKind};
        let mut term = signal(SignalKind::terminate()).map_err(|e| e.to_string())?;
        let mut int = signal(SignalKind::interrupt()).map_err(|e| e.to_string())?;
        tokio::spawn(async move {
            let mut n = 0;
            loop {
                tokio::select! {
                    _ = term.recv() => {},
                    _ = int.recv() => {},
                }
                n += 1;
                if n == 1 {
                    eprintln!(
                        "wirecode: worker: stopping after the batch in hand \
                         (signal again to stop at once)"
                    );
                    stop.store(true, Ordering::SeqCst);
                    wake.notify_waiters();
                } else {
                    eprintln!(
                        "wirecode: worker: stopping now; messages not acknowledged will be \
                         delivered again"
                    );
                    std::process::exit(130);
                }
            }
        });
    }
    eprintln!(
        "wirecode: worker: {} -> {loc}, batches of {}{}",
        cfg.stream,
        args.batch,
        if args.pipeline.no_syntax {
            ", no syntax"
        } else {
            ""
        }
    );
    let limits = Arc::new(Limits {
        max_bytes: args.max_bytes,
        max_deliver: args.max_deliver.max(1),
        grace: Duration::from_secs(30),
    });
    let mut totals = Totals::default();
    let mut timing = Timing::default();
    let progress_every = (cfg.ack_wait / 3).max(Duration::from_millis(500));
    let mut queue_errors = 0u32;
    while !stop.load(Ordering::SeqCst) {
        let t = Instant::now();
        let fetched = tokio::select! {
            r = fetch_batch(&consumer, args.batch, Duration::from_secs(5)) => r,
            _ = wake.notified() => break,
        };
        timing.wait += t.elapsed();
        let msgs = match fetched {
            Ok(m) => {
                queue_errors = 0;
                m
            }
            Err(e) => {
                queue_errors += 1;
                if queue_errors == 1 {
                    eprintln!("wirecode: worker: queue: {e}; retrying");
                }
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
        };
        if msgs.is_empty() {
            continue;
        }
        totals.batches += 1;
        let n = totals.batches;
        let items: Vec<Incoming> = msgs
            .iter()
            .map(|m| {
                let (delivered, seq) = m
                    .info()
                    .map(|i| (i.delivered, i.stream_sequence))
                    .unwrap_or((1, 0));
                Incoming {
                    payload: m.payload.clone(),
                    delivered,
                    origin: message_origin(m, seq),
                }
            })
            .collect();
        let redelivered = items.iter().filter(|m| m.delivered > 1).count();
        totals.messages += items.len();
        totals.redelivered += redelivered;
        if !args.quiet {
            eprintln!(
                "wirecode: worker: batch {n}: {} messages taken ({redelivered} redelivered)",
                items.len()
            );
        }
        // Code and store on a blocking thread; meanwhile, tell the queue the
        // messages are in progress so they are not given to another worker.
        let started = Instant::now();
        let items = Arc::new(items);
        let mut job = {
            let (sink, pipeline, items, limits, stop) = (
                sink.clone(),
                pipeline.clone(),
                items.clone(),
                limits.clone(),
                stop.clone(),
            );
            tokio::task::spawn_blocking(move || {
                let mut guard = sink.lock().unwrap_or_else(|e| e.into_inner());
                let Some(s) = guard.as_mut() else {
                    return (vec![Outcome::GiveBack; items.len()], Timing::default());
                };
                let mut t = Timing::default();
                let out = process(s, &pipeline, &items, &limits, &stop, &mut t);
                (out, t)
            })
        };
        let mut tick =
            tokio::time::interval_at(tokio::time::Instant::now() + progress_every, progress_every);
        let (outcomes, t) = loop {
            tokio::select! {
                r = &mut job => break r.map_err(|e| format!("worker: {e}"))?,
                _ = tick.tick() => {
                    for m in &msgs {
                        let _ = m.ack_with(AckKind::Progress).await;
                    }
                }
            }
        };
        timing.coding += t.coding;
        timing.store += t.store;
        let t = Instant::now();
        let (mut stored, mut present, mut dead, mut back) = (0, 0, 0, 0);
        for ((m, item), o) in msgs.iter().zip(items.iter()).zip(&outcomes) {
            let kind = match o {
                Outcome::Stored => {
                    stored += 1;
                    AckKind::Ack
                }
                Outcome::Present => {
                    present += 1;
                    AckKind::Ack
                }
                Outcome::Dead(origin, reason) => {
                    let seq = m.info().map(|i| i.stream_sequence).unwrap_or(0);
                    let letter = DeadLetter {
                        origin: origin.clone(),
                        reason: reason.clone(),
                        stage: "worker".into(),
                        deliveries: Some(item.delivered),
                        payload: item.payload.clone(),
                        id: Some(format!("{}#{seq}", cfg.stream)),
                    };
                    match q.dead_letter(&letter).await {
                        Ok(()) => {
                            eprintln!("wirecode: worker: dead-lettered: {origin}: {reason}");
                            dead += 1;
                            AckKind::Ack
                        }
                        // Not acknowledged: it comes back and is tried again.
                        Err(e) => {
                            eprintln!("wirecode: worker: cannot dead-letter {origin}: {e}");
                            back += 1;
                            AckKind::Nak(None)
                        }
                    }
                }
                Outcome::GiveBack => {
                    back += 1;
                    AckKind::Nak(None)
                }
            };
            if let Err(e) = m.ack_with(kind).await {
                eprintln!("wirecode: worker: cannot acknowledge: {e}");
            }
        }
        if let Err(e) = q.flush().await {
            eprintln!("wirecode: worker: {e}");
        }
        timing.ack += t.elapsed();
        totals.stored += stored;
        totals.present += present;
        totals.dead += dead;
        totals.given_back += back;
        if !args.quiet {
            eprintln!(
                "wirecode: worker: batch {n} done in {:.2}s: stored {stored}, already present \
                 {present}, dead-lettered {dead}{}",
                started.elapsed().as_secs_f64(),
                if back > 0 {
                    format!(", given back {back}")
                } else {
                    String::new()
                }
            );
        }
    }
    eprintln!(
        "wirecode: worker stopped: {} batches, {} messages ({} redelivered): stored {}, \
         already present {}, dead-lettered {}, given back {}; time waiting for messages {:.1}s, \
         coding {:.1}s, storing {:.1}s, acknowledging {:.1}s",
        totals.batches,
        totals.messages,
        totals.redelivered,
        totals.stored,
        totals.present,
        totals.dead,
        totals.given_back,
        timing.wait.as_secs_f64(),
        timing.coding.as_secs_f64(),
        timing.store.as_secs_f64(),
        timing.ack.as_secs_f64(),
    );
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use wirecode::PipelineOptions;

    fn msg(payload: &[u8], delivered: i64, origin: &str) -> Incoming {
        Incoming {
            payload: Bytes::copy_from_slice(payload),
            delivered,
            origin: origin.into(),
        }
    }

    fn article(id: &str, text: &str) -> Vec<u8> {
        article_message(&Article {
            id: id.into(),
            text: text.into(),
            ..Default::default()
        })
    }

    #[test]
    fn a_batch_gets_one_outcome_per_message() {
        let pipeline = Pipeline::new(&PipelineOptions {
            no_syntax: true,
            ..Default::default()
        })
        .unwrap();
        let mut sink = Sink::Sqlite(Store::open_in_memory().unwrap());
        let before = Doc::new(Article {
            id: "old".into(),
            text: "Stored before.".into(),
            ..Default::default()
        });
        sink.insert(&[before]).ok().unwrap();
        let items = [
            msg(&article("a", "Russia vetoed the resolution."), 1, "h1"),
            msg(
                &article("a-again", "Russia vetoed the resolution."),
                1,
                "h1b",
            ),
            msg(b"{broken", 1, "raw-1"),
            msg(&article("old-again", "Stored before."), 2, "h2"),
            msg(&article("poison", "It crashed every worker."), 5, "h3"),
            msg(&article("b", "Mali praised Niger."), 2, "h4"),
        ];
        let limits = Limits {
            max_bytes: 1 << 20,
            max_deliver: 5,
            grace: Duration::from_secs(1),
        };
        let stop = AtomicBool::new(false);
        let mut t = Timing::default();
        let out = process(&mut sink, &pipeline, &items, &limits, &stop, &mut t);
        let kinds: Vec<String> = out
            .iter()
            .map(|o| match o {
                Outcome::Stored => "stored".to_string(),
                Outcome::Present => "present".to_string(),
                Outcome::Dead(origin, why) => format!("dead {origin}: {why}"),
                Outcome::GiveBack => "back".to_string(),
            })
            .collect();
        assert_eq!(kinds[0], "stored");
        assert_eq!(kinds[1], "present", "the same story twice in one batch");
        assert!(
            kinds[2].starts_with("dead raw-1: malformed JSON"),
            "{}",
            kinds[2]
        );
        assert_eq!(kinds[3], "present", "delivered again after its commit");
        assert!(
            kinds[4].starts_with("dead poison: delivered 5 times"),
            "{}",
            kinds[4]
        );
        assert_eq!(kinds[5], "stored");
        let Sink::Sqlite(s) = &sink else { panic!() };
        assert_eq!(s.counts().unwrap().articles, 3);
        // The same batch again (a worker killed after the commit): nothing new.
        let again = process(&mut sink, &pipeline, &items[..2], &limits, &stop, &mut t);
        assert!(again.iter().all(|o| matches!(o, Outcome::Present)));
    }
}
