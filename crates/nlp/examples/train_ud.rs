//! Trains the tagger and parser on UD English EWT + GUM, writes them to
//! `data/models/`, and prints dev/test scores and throughput.
//!
//! ```text
//! cargo run --release -p wirecode-nlp --example train_ud -- \
//!     [--ud DIR] [--out DIR] [--seed N] [--tagger-epochs N] [--parser-epochs N]
//!     [--only tagger|parser] [--eval-only] [--stack-folds N] [--relabel-epochs N]
//!     [--move-bits N] [--label-bits N] [--jackknife N] [--clusters FILE] [--test] [--bench]
//! ```
//! `DIR` defaults to `/work/shared/gold/ud` (expects `ewt/` and `gum/`).

use anyhow::{Context, Result};
use std::time::Instant;
use wirecode_nlp::{conllu, eval, Parser, ParserOptions, Sentence, Tagger, TaggerOptions};

fn load(path: &str) -> Result<Vec<Sentence>> {
    conllu::read_file(path).with_context(|| format!("reading {path}"))
}

fn sets_dev_words(dev: &[Sentence]) -> Vec<Vec<&str>> {
    dev.iter().map(|s| s.words()).collect()
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let get = |k: &str| {
        args.iter()
            .position(|a| a == k)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let has = |k: &str| args.iter().any(|a| a == k);
    let ud = get("--ud").unwrap_or_else(|| "/work/shared/gold/ud".into());
    let out = get("--out").unwrap_or_else(|| "data/models".into());
    let seed: u64 = get("--seed").map(|s| s.parse()).transpose()?.unwrap_or(1);
    let only = get("--only");
    let eval_only = has("--eval-only");
    std::fs::create_dir_all(&out)?;

    let t0 = Instant::now();
    let mut train = load(&format!("{ud}/ewt/en_ewt-ud-train.conllu"))?;
    train.extend(load(&format!("{ud}/gum/en_gum-ud-train.conllu"))?);
    let dev_ewt = load(&format!("{ud}/ewt/en_ewt-ud-dev.conllu"))?;
    let dev_gum = load(&format!("{ud}/gum/en_gum-ud-dev.conllu"))?;
    let mut dev = dev_ewt.clone();
    dev.extend(dev_gum.iter().cloned());
    eprintln!(
        "read {} train sentences in {:.2}s",
        train.len(),
        t0.elapsed().as_secs_f64()
    );

    let tagger_path = format!("{out}/tagger.bin");
    let parser_path = format!("{out}/parser.bin");
    let train_tagger = !eval_only && only.as_deref() != Some("parser");
    let train_parser = !eval_only && only.as_deref() != Some("tagger");

    let topts = TaggerOptions {
        epochs: get("--tagger-epochs")
            .map(|s| s.parse())
            .transpose()?
            .unwrap_or(TaggerOptions::default().epochs),
        stack_folds: get("--stack-folds")
            .map(|s| s.parse())
            .transpose()?
            .unwrap_or(TaggerOptions::default().stack_folds),
        seed,
        verbose: true,
        clusters: match get("--clusters") {
            Some(p) => wirecode_nlp::Clusters::load(&p)?,
            None => Default::default(),
        },
        ..Default::default()
    };
    let popts = ParserOptions {
        epochs: get("--parser-epochs")
            .map(|s| s.parse())
            .transpose()?
            .unwrap_or(ParserOptions::default().epochs),
        move_bits: get("--move-bits")
            .map(|s| s.parse())
            .transpose()?
            .unwrap_or(ParserOptions::default().move_bits),
        label_bits: get("--label-bits")
            .map(|s| s.parse())
            .transpose()?
            .unwrap_or(ParserOptions::default().label_bits),
        relabel_epochs: get("--relabel-epochs")
            .map(|s| s.parse())
            .transpose()?
            .unwrap_or(ParserOptions::default().relabel_epochs),
        seed,
        verbose: true,
        ..Default::default()
    };
    let jackknife: usize = get("--jackknife")
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or(4);
    if train_tagger || train_parser {
        let t = Instant::now();
        // Jack-knifed training tags: each fold is tagged by a tagger trained on
        // the other folds, so the parser learns from realistic tag errors.
        if train_parser {
            let (tagger, parser) = wirecode_nlp::train::train_tagger_and_parser(
                &train, &dev, &topts, &popts, jackknife,
            );
            if train_tagger {
                tagger.save(&tagger_path)?;
            }
            parser.save(&parser_path)?;
        } else {
            let (tagger, _) = Tagger::train_jackknife(&train, Some(&dev), &topts, 0);
            tagger.save(&tagger_path)?;
        }
        eprintln!("trained in {:.1}s", t.elapsed().as_secs_f64());
    }

    let t = Instant::now();
    let tagger = Tagger::load(&tagger_path)?;
    let tl = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let parser = Parser::load(&parser_path)?;
    let pl = t.elapsed().as_secs_f64();
    let size = |p: &str| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0) as f64 / 1e6;
    println!(
        "models: tagger {:.2} MB (load {:.3}s), parser {:.2} MB (load {:.3}s)",
        size(&tagger_path),
        tl,
        size(&parser_path),
        pl
    );
    if let Some(p) = get("--try-prune") {
        for p in p.split(',') {
            let p: i16 = p.parse()?;
            let mut t = tagger.clone();
            t.prune(p);
            let words: Vec<Vec<&str>> = sets_dev_words(&dev);
            let st = Instant::now();
            for w in &words {
                std::hint::black_box(t.tag_ids(w));
            }
            let el = st.elapsed().as_secs_f64();
            let acc = t.accuracy(&dev);
            let ntok: usize = words.iter().map(|w| w.len()).sum();
            println!(
                "prune {p}: nonzero {} upos {:.4} xpos {:.4} {:.0} tok/s",
                t.nonzero(),
                acc.0,
                acc.1,
                ntok as f64 / el
            );
        }
    }
    let mut sets = vec![("ewt-dev", dev_ewt), ("gum-dev", dev_gum)];
    if has("--test") {
        sets.push((
            "ewt-test",
            load(&format!("{ud}/ewt/en_ewt-ud-test.conllu"))?,
        ));
        sets.push((
            "gum-test",
            load(&format!("{ud}/gum/en_gum-ud-test.conllu"))?,
        ));
    }
    if has("--bench") {
        // Separate single-thread throughput of tagging and parsing (3 runs, best).
        let gold = &sets[0].1;
        let words: Vec<Vec<&str>> = gold.iter().map(|s| s.words()).collect();
        let ntok: usize = words.iter().map(|w| w.len()).sum();
        let tagged: Vec<Vec<(&str, &str)>> = words.iter().map(|w| tagger.tag(w)).collect();
        let (mut bt, mut bp) = (f64::MAX, f64::MAX);
        for _ in 0..3 {
            let t = Instant::now();
            for w in &words {
                std::hint::black_box(tagger.tag(w));
            }
            bt = bt.min(t.elapsed().as_secs_f64());
            let t = Instant::now();
            for (w, tg) in words.iter().zip(&tagged) {
                std::hint::black_box(parser.parse(w, tg));
            }
            bp = bp.min(t.elapsed().as_secs_f64());
        }
        println!(
            "bench: tagger {:.0} tok/s, parser {:.0} tok/s, together {:.0} tok/s",
            ntok as f64 / bt,
            ntok as f64 / bp,
            ntok as f64 / (bt + bp)
        );
    }
    for (name, gold) in &sets {
        let s = eval::score(gold, &tagger, &parser);
        println!("{name:9} {s}");
    }
    Ok(())
}
