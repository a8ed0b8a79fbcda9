//! `wirecode train`: the tagger and the parser from treebanks, word clusters
//! from unlabelled text.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

/// Options of `wirecode train`.
#[derive(Args)]
pub struct TrainArgs {
    /// Which model: tagger, parser (trains its jack-knife taggers too), or clusters.
    #[arg(value_enum)]
    pub model: TrainModel,
    /// Training treebanks (CoNLL-U). Repeatable; for clusters, their words are read too.
    #[arg(long = "train")]
    pub train: Vec<PathBuf>,
    /// Development treebanks for model selection (CoNLL-U). Repeatable; needed by the
    /// tagger and the parser.
    #[arg(long = "dev")]
    pub dev: Vec<PathBuf>,
    /// Clusters only: unlabelled articles (files or directories, as `wirecode code`
    /// reads them). Repeatable.
    #[arg(long = "corpus")]
    pub corpus: Vec<String>,
    /// Tagger and parser: word clusters (from `wirecode train clusters`) to use as
    /// features; the model keeps its own copy.
    #[arg(long = "clusters")]
    pub clusters: Option<PathBuf>,
    /// Clusters only: token-per-line files (first column the word, a blank line
    /// between sentences, an `en:` prefix dropped), or directories of them. Repeatable.
    #[arg(long = "columns")]
    pub columns: Vec<PathBuf>,
    /// Clusters only: number of fine classes.
    #[arg(long, default_value_t = 512)]
    pub classes: usize,
    /// Clusters only: words seen fewer times get no class.
    #[arg(long, default_value_t = 3)]
    pub min_count: u32,
    /// Where to write the model (e.g. data/models/tagger.bin).
    #[arg(long)]
    pub out: PathBuf,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Training passes (default: the model's own default).
    #[arg(long)]
    pub epochs: Option<usize>,
    /// Cues only: the PolNeAR folder (train and dev splits are read).
    #[arg(long)]
    pub polnear: Option<PathBuf>,
    /// Events only: the gold folder holding `plover/PLV_train.tsv`.
    #[arg(long)]
    pub plv: Option<PathBuf>,
    /// Parser only: folds for jack-knifed training tags.
    #[arg(long, default_value_t = 4)]
    pub jackknife: usize,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum TrainModel {
    Tagger,
    Parser,
    Clusters,
    /// Learned attribution cues, from PolNeAR train (threshold chosen on dev).
    Cues,
    /// Learned event types of a source-target pair, from PLV train.
    Events,
}

/// Runs `wirecode train`.
pub fn run(a: &TrainArgs) -> Result<u8, String> {
    match a.model {
        TrainModel::Clusters => {
            let opts = wirecode::nlp::ClusterOptions {
                fine: a.classes,
                min_count: a.min_count,
                verbose: true,
                ..Default::default()
            };
            train_clusters(&a.corpus, &a.train, &a.columns, &a.out, &opts)
        }
        TrainModel::Cues => {
            let data = a
                .polnear
                .as_ref()
                .ok_or("cues need --polnear (the PolNeAR folder)")?;
            train_gold(&a.out, |p| {
                let (m, report) =
                    wirecode_eval::polnear::train_cues(p, data, a.epochs.unwrap_or(8), a.seed)?;
                Ok((m.to_bytes(), report))
            })
        }
        TrainModel::Events => {
            let data = a
                .plv
                .as_ref()
                .ok_or("events need --plv (the gold folder with plover/PLV_train.tsv)")?;
            train_gold(&a.out, |p| {
                let (m, report) =
                    wirecode_eval::events::train_pairs(p, data, a.epochs.unwrap_or(10), a.seed)?;
                Ok((m.to_bytes(), report))
            })
        }
        _ if a.train.is_empty() || a.dev.is_empty() => {
            Err("the tagger and the parser need --train and --dev treebanks".into())
        }
        _ => train_model(a),
    }
}

/// Trains a model that reads pipeline output on gold data (`train` returns
/// the model's bytes and a report), prints the report and writes the model.
fn train_gold(
    out: &std::path::Path,
    train: impl FnOnce(&wirecode::Pipeline) -> Result<(Vec<u8>, String), String>,
) -> Result<u8, String> {
    let t = std::time::Instant::now();
    let pipeline = wirecode::Pipeline::new(&Default::default())?;
    let (bytes, report) = train(&pipeline)?;
    eprint!("{report}");
    std::fs::write(out, bytes).map_err(|e| format!("{}: {e}", out.display()))?;
    eprintln!(
        "wrote {} in {:.1}s",
        out.display(),
        t.elapsed().as_secs_f64()
    );
    Ok(0)
}

/// Reads token-per-line files (or a directory of them, in name order) as
/// sentences of words.
fn read_columns(path: &std::path::Path, out: &mut Vec<Vec<String>>) -> Result<(), String> {
    let err = |e: std::io::Error| format!("{}: {e}", path.display());
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(err)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        entries.sort();
        for p in entries {
            read_columns(&p, out)?;
        }
        return Ok(());
    }
    let bytes = std::fs::read(path).map_err(err)?;
    let text = String::from_utf8_lossy(&bytes);
    let mut sent: Vec<String> = Vec::new();
    for line in text.lines() {
        match line.split_whitespace().next() {
            Some(w) if !line.starts_with("-DOCSTART-") => {
                sent.push(w.strip_prefix("en:").unwrap_or(w).to_string())
            }
            _ => {
                if !sent.is_empty() {
                    out.push(std::mem::take(&mut sent));
                }
            }
        }
    }
    if !sent.is_empty() {
        out.push(sent);
    }
    Ok(())
}

/// Learns word clusters from unlabelled articles (split into sentences and
/// tokens as the pipeline splits them) plus the words of any treebanks.
fn train_clusters(
    corpus: &[String],
    train: &[PathBuf],
    columns: &[PathBuf],
    out: &std::path::Path,
    opts: &wirecode::nlp::ClusterOptions,
) -> Result<u8, String> {
    use wirecode::input::{read_inputs, Item, ReadOptions};
    if corpus.is_empty() && train.is_empty() && columns.is_empty() {
        return Err("clusters need --corpus articles, --train treebanks or --columns files".into());
    }
    let t = std::time::Instant::now();
    let mut sents: Vec<Vec<String>> = Vec::new();
    for item in read_inputs(corpus, &ReadOptions::default()) {
        match item {
            Item::Article(a) => {
                let mut doc = wirecode::doc::Doc::new(a);
                wirecode::text::segment(&mut doc);
                for s in &doc.sentences {
                    sents.push(
                        s.tokens
                            .clone()
                            .map(|i| doc.token_text(i).to_string())
                            .collect(),
                    );
                }
            }
            Item::Skipped(e) => eprintln!("skipped: {e}"),
            Item::Warning(_) => {}
        }
    }
    for s in read_treebanks(train)? {
        sents.push(s.words().iter().map(|w| w.to_string()).collect());
    }
    for p in columns {
        read_columns(p, &mut sents)?;
    }
    let clusters = wirecode::nlp::Clusters::train(&sents, opts);
    clusters.save(out).map_err(|e| e.to_string())?;
    eprintln!(
        "{} words in {} classes from {} sentences in {:.1}s; wrote {}",
        clusters.len(),
        opts.fine,
        sents.len(),
        t.elapsed().as_secs_f64(),
        out.display()
    );
    Ok(0)
}

fn train_model(a: &TrainArgs) -> Result<u8, String> {
    let (model, train, dev, out, seed, epochs, jackknife) = (
        a.model,
        &a.train,
        &a.dev,
        &a.out,
        a.seed,
        a.epochs,
        a.jackknife,
    );
    use wirecode::nlp::{ParserOptions, Tagger, TaggerOptions};
    let clusters = match &a.clusters {
        Some(p) => wirecode::nlp::Clusters::load(p).map_err(|e| e.to_string())?,
        None => Default::default(),
    };
    let train = read_treebanks(train)?;
    let dev = read_treebanks(dev)?;
    let t = std::time::Instant::now();
    let mut topts = TaggerOptions {
        seed,
        clusters,
        ..Default::default()
    };
    let mut popts = ParserOptions {
        seed,
        ..Default::default()
    };
    match model {
        TrainModel::Tagger => {
            if let Some(e) = epochs {
                topts.epochs = e;
            }
            let tagger = Tagger::train(&train, Some(&dev), &topts);
            tagger.save(out).map_err(|e| e.to_string())?;
            let (upos, xpos) = tagger.accuracy(&dev);
            eprintln!("dev UPOS {:.2} XPOS {:.2}", 100.0 * upos, 100.0 * xpos);
        }
        TrainModel::Clusters | TrainModel::Cues | TrainModel::Events => {
            unreachable!("clusters and cues have their own trainers")
        }
        TrainModel::Parser => {
            if let Some(e) = epochs {
                popts.epochs = e;
            }
            let (tagger, parser) = wirecode::nlp::train::train_tagger_and_parser(
                &train, &dev, &topts, &popts, jackknife,
            );
            parser.save(out).map_err(|e| e.to_string())?;
            let s = wirecode::nlp::eval::score(&dev, &tagger, &parser);
            eprintln!("dev {s}");
        }
    }
    eprintln!(
        "trained on {} sentences in {:.1}s; wrote {}",
        train.len(),
        t.elapsed().as_secs_f64(),
        out.display()
    );
    Ok(0)
}

fn read_treebanks(paths: &[PathBuf]) -> Result<Vec<wirecode::nlp::Sentence>, String> {
    let mut out = Vec::new();
    for p in paths {
        out.extend(
            wirecode::nlp::conllu::read_file(p).map_err(|e| format!("{}: {e}", p.display()))?,
        );
    }
    Ok(out)
}
