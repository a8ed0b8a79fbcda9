//! `wirecode`: code news articles into quotes, actors and events.

mod bench;
mod code;
mod dyad_cmd;
mod pipeline_args;
mod queue_cmd;
mod store_cmd;
mod train_cmd;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// mimalloc instead of the system allocator: the pipeline and the API
/// allocate many small short-lived values (tokens, JSON rows), where glibc's
/// malloc and its consolidation were a third of a request's CPU time.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Exit code when the batch was coded but some inputs were skipped.
pub const EXIT_SKIPPED: u8 = 3;

#[derive(Parser)]
#[command(
    name = "wirecode",
    version,
    about = "Who did what to whom, when and where, and who said what: news in, coded records out."
)]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    /// One JSON object per article (the output contract).
    Jsonl,
    /// One row per entity, quote and event.
    Tsv,
    /// GDELT 2.0 event table (61 columns) plus our evidence columns.
    Gdelt,
    /// PLOVER JSON records, one per line.
    Plover,
}

#[derive(Subcommand)]
enum Cmd {
    /// Code articles (files, directories, JSON Lines, or - for stdin) and write one record per article.
    Code {
        /// Inputs: plain-text files, .jsonl files, directories (recursively), or - for stdin.
        #[arg(required = true)]
        inputs: Vec<String>,
        /// Write here instead of stdout.
        #[arg(short, long)]
        output: Option<PathBuf>,
        #[arg(long, value_enum, default_value = "jsonl")]
        format: FormatArg,
        /// Publication date (YYYY-MM-DD) for articles that carry none.
        #[arg(long, value_parser = parse_date)]
        published: Option<wirecode::doc::NaiveDate>,
        #[command(flatten)]
        pipeline: pipeline_args::PipelineArgs,
        /// Leave the article text out of the JSON output.
        #[arg(long)]
        no_text: bool,
        /// Largest article accepted, in bytes.
        #[arg(long, default_value_t = 32 * 1024 * 1024)]
        max_bytes: usize,
        /// No progress bar.
        #[arg(short, long)]
        quiet: bool,
    },
    /// The PLOVER event type of source-target pairs named in texts (JSON Lines
    /// with code-point offsets: {"text", "source": [start, end], "target": [start, end]}).
    Dyad {
        /// A .jsonl file, or - for stdin.
        input: String,
        #[command(flatten)]
        pipeline: pipeline_args::PipelineArgs,
    },
    /// Train the tagger or the parser from CoNLL-U treebanks, or word clusters from
    /// unlabelled text (deterministic given --seed).
    Train(train_cmd::TrainArgs),
    /// Score wirecode against gold data.
    Eval {
        #[command(subcommand)]
        suite: EvalSuite,
    },
    /// Measure throughput over a corpus directory.
    Bench {
        /// Directory of articles (read fully into memory before timing).
        #[arg(long)]
        corpus: String,
        /// Worker threads (default: all cores).
        #[arg(long)]
        threads: Option<usize>,
        /// Skip the tagger and parser.
        #[arg(long)]
        no_syntax: bool,
    },
    /// Code articles and store them in a SQLite database (idempotent, resumable).
    Ingest(store_cmd::IngestArgs),
    /// Re-code every stored article (after a dictionary or model change).
    Recode(store_cmd::RecodeArgs),
    /// Query a database: events, quotes, claims, articles.
    Query(store_cmd::QueryArgs),
    /// Publish articles (files, directories, JSON Lines) to a NATS JetStream work queue,
    /// deduplicated by content hash.
    Enqueue(queue_cmd::EnqueueArgs),
    /// Code articles from the work queue into a store (PostgreSQL for many workers),
    /// acknowledging each batch after its commit.
    Worker(queue_cmd::WorkerArgs),
    /// Look at a work queue: status, dead letters.
    Queue(queue_cmd::QueueCmdArgs),
    /// Serve a database read-only: a JSON API under /api/ and a web page at /.
    Serve {
        /// The database file (opened read-only).
        #[arg(long, default_value = "wirecode.db")]
        db: PathBuf,
        /// The store as a URL instead of --db: postgres://USER@HOST:PORT/DB or sqlite://FILE.
        #[arg(long, conflicts_with = "db")]
        store: Option<String>,
        /// Address to listen on (loopback by default; port 0 picks a free one). Any other
        /// address needs a token.
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: String,
        /// Also take articles at POST /api/articles (coded as `wirecode ingest` codes them);
        /// opens the store read-write and needs a token.
        #[arg(long)]
        allow_ingest: bool,
        /// File holding the bearer token every /api/ request must then carry (at least
        /// 16 characters). WIRECODE_TOKEN gives it too.
        #[arg(long)]
        token_file: Option<PathBuf>,
        #[command(flatten)]
        pipeline: pipeline_args::PipelineArgs,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum NerSuite {
    Conll2003,
    Worldwide,
}

#[derive(Subcommand)]
enum EvalSuite {
    /// PLOVER gold-standard records: event type and source/target country accuracy.
    PloverGsr {
        #[arg(long, default_value = "../shared/gold")]
        data: PathBuf,
    },
    /// PLV source-target pairs (15 classes): accuracy and macro-F1.
    Plv {
        #[arg(long, default_value = "test")]
        split: String,
        #[arg(long, default_value = "../shared/gold")]
        data: PathBuf,
    },
    /// PETRARCH-2 validation sentences: correct / uncoded / extra events.
    Petr2Gsr {
        #[arg(long, default_value = "../shared/gold")]
        data: PathBuf,
    },
    /// Actor resolution on the NGEC date-dependent test cases.
    Actors {
        #[arg(long, default_value = "ngec")]
        suite: String,
        #[arg(
            long,
            default_value = "../shared/gold/plover/ngec_actor_resolution_cases.derived.tsv"
        )]
        data: PathBuf,
    },
    /// Named entities: entity-level exact match on CoNLL-2003 or the Worldwide Newswire set.
    Ner {
        #[arg(long, value_enum)]
        suite: NerSuite,
        /// Gold file (conll2003) or directory (worldwide); defaults under ../shared/gold.
        #[arg(long)]
        data: Option<PathBuf>,
    },
    /// Tagger and parser accuracy on UD English EWT and GUM (gold tokenisation).
    Ud {
        #[arg(long, default_value = "dev")]
        split: String,
        #[arg(long, default_value = "../shared/gold/ud")]
        data: PathBuf,
    },
    /// Attribution extraction on PolNeAR (political news, 2016).
    Polnear {
        #[arg(long, default_value = "dev")]
        split: String,
        #[arg(long, default_value = "../shared/gold/polnear")]
        data: PathBuf,
        /// Score these predictions (JSON Lines in the output contract, ids = file stems) instead of coding.
        #[arg(long)]
        predictions: Option<PathBuf>,
    },
}

fn parse_date(s: &str) -> Result<wirecode::doc::NaiveDate, String> {
    wirecode::input::parse_date(s)
        .filter(|_| s.len() == 10)
        .ok_or_else(|| format!("expected a date as YYYY-MM-DD, got {s:?}"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.cmd {
        Cmd::Code {
            inputs,
            output,
            format,
            published,
            pipeline,
            no_text,
            max_bytes,
            quiet,
        } => code::run(code::CodeArgs {
            inputs,
            output,
            format: match format {
                FormatArg::Jsonl => wirecode::output::Format::Jsonl,
                FormatArg::Tsv => wirecode::output::Format::Tsv,
                FormatArg::Gdelt => wirecode::output::Format::Gdelt,
                FormatArg::Plover => wirecode::output::Format::Plover,
            },
            published,
            pipeline,
            with_text: !no_text,
            max_bytes,
            quiet,
        }),
        Cmd::Dyad { input, pipeline } => dyad_cmd::run(&input, &pipeline),
        Cmd::Eval { suite } => eval(suite),
        Cmd::Train(args) => train_cmd::run(&args),
        Cmd::Bench {
            corpus,
            threads,
            no_syntax,
        } => bench::run(&corpus, threads, no_syntax),
        Cmd::Ingest(args) => store_cmd::ingest(args),
        Cmd::Recode(args) => store_cmd::recode(args),
        Cmd::Query(args) => store_cmd::query(args),
        Cmd::Enqueue(args) => queue_cmd::enqueue(args),
        Cmd::Worker(args) => queue_cmd::worker(args),
        Cmd::Queue(args) => queue_cmd::queue(args),
        Cmd::Serve {
            db,
            store,
            addr,
            allow_ingest,
            token_file,
            pipeline,
        } => store_cmd::location(&db, store.as_deref()).and_then(|loc| {
            let opts = store_cmd::serve_options(allow_ingest, token_file.as_deref(), &pipeline)?;
            wirecode_server::serve(&loc, &addr, &opts)
        }),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("wirecode: error: {e}");
            ExitCode::from(1)
        }
    }
}

fn eval(suite: EvalSuite) -> Result<u8, String> {
    let pipeline = || wirecode::Pipeline::new(&Default::default());
    match suite {
        EvalSuite::PloverGsr { data } => {
            print!(
                "{}",
                wirecode_eval::events::plover_gsr(&data, &pipeline()?)?.render()
            );
            Ok(0)
        }
        EvalSuite::Plv { split, data } => {
            print!(
                "{}",
                wirecode_eval::events::plv(&data, &split, &pipeline()?)?.render()
            );
            Ok(0)
        }
        EvalSuite::Petr2Gsr { data } => {
            print!(
                "{}",
                wirecode_eval::events::petr2_gsr(&data, &pipeline()?)?.render()
            );
            Ok(0)
        }
        EvalSuite::Actors { suite, data } => {
            if suite != "ngec" {
                return Err(format!("unknown actors suite {suite:?} (known: ngec)"));
            }
            use wirecode_eval::actors;
            let days = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_err(|e| e.to_string())?
                .as_secs()
                / 86_400;
            let today = wirecode::doc::NaiveDate::from_ymd_opt(1970, 1, 1)
                .and_then(|d| d.checked_add_days(wirecode::doc::Days::new(days)))
                .ok_or("bad system date")?;
            let cases = actors::load(&data, today)?;
            // The same pipeline `wirecode code` runs.
            let pipeline = wirecode::Pipeline::new(&wirecode::PipelineOptions::default())?;
            print!("{}", actors::score(&cases, &pipeline).render());
            Ok(0)
        }
        EvalSuite::Ner { suite, data } => {
            use wirecode_eval::ner;
            let pipeline = wirecode::Pipeline::new(&Default::default())?;
            let (name, s, docs) = match suite {
                NerSuite::Conll2003 => {
                    let p = data.unwrap_or_else(|| "../shared/gold/conll2003/test.txt".into());
                    ("conll2003", ner::Suite::Conll2003, ner::load_conll(&p)?)
                }
                NerSuite::Worldwide => {
                    let p = data.unwrap_or_else(|| {
                        "../shared/gold/worldwide-newswire-ner/processed_annotated".into()
                    });
                    ("worldwide", ner::Suite::Worldwide, ner::load_worldwide(&p)?)
                }
            };
            print!("{}", ner::score(name, s, &docs, &pipeline).render());
            Ok(0)
        }
        EvalSuite::Ud { split, data } => {
            print!("{}", wirecode_eval::ud::run(&data, &split)?.render());
            Ok(0)
        }
        EvalSuite::Polnear {
            split,
            data,
            predictions,
        } => {
            use wirecode_eval::polnear;
            let articles = polnear::load_split(&data, &split)?;
            let preds = match predictions {
                Some(p) => {
                    let mut by_id = polnear::predictions_from_jsonl(&p)?;
                    articles
                        .iter()
                        .map(|a| by_id.remove(&a.id).unwrap_or_default())
                        .collect()
                }
                None => {
                    let pipeline = wirecode::Pipeline::new(&Default::default())?;
                    polnear::predict(&pipeline, &articles)
                }
            };
            print!("{}", polnear::score(&split, &articles, &preds).render());
            Ok(0)
        }
    }
}
