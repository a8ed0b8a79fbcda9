//! `wirecode bench`: throughput over a whole corpus.
//!
//! Articles are read into memory first, so the timing covers coding and
//! output serialisation only. Words are counted by whitespace splitting,
//! the same way the spaCy baseline script counts them.

use std::time::Instant;

use rayon::prelude::*;
use wirecode::input::{read_inputs, Item, ReadOptions};
use wirecode::output::{to_json, OutputOptions};
use wirecode::{Pipeline, PipelineOptions};

pub fn run(corpus: &str, threads: Option<usize>, no_syntax: bool) -> Result<u8, String> {
    let n_threads =
        threads.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(n_threads)
        .build()
        .map_err(|e| e.to_string())?;
    let t_load = Instant::now();
    let pipeline = Pipeline::new(&PipelineOptions {
        no_syntax,
        ..Default::default()
    })?;
    let load_s = t_load.elapsed().as_secs_f64();
    let articles: Vec<_> = read_inputs(&[corpus.to_string()], &ReadOptions::default())
        .filter_map(|i| match i {
            Item::Article(a) => Some(a),
            _ => None,
        })
        .collect();
    if articles.is_empty() {
        return Err(format!("no articles under {corpus}"));
    }
    let words: usize = articles
        .iter()
        .map(|a| a.text.split_whitespace().count())
        .sum();
    // Warm-up pass (lazy tables, page cache), then the timed pass.
    let warm: Vec<_> = articles.iter().take(20).cloned().collect();
    pool.install(|| warm.into_par_iter().for_each(|a| drop(pipeline.code(a))));
    let t = Instant::now();
    let (bytes, tokens) = pool.install(|| {
        articles
            .par_iter()
            .map(|a| {
                let doc = pipeline.code(a.clone());
                (
                    to_json(&doc, &OutputOptions { with_text: false }).len(),
                    doc.tokens.len(),
                )
            })
            .reduce(|| (0, 0), |x, y| (x.0 + y.0, x.1 + y.1))
    });
    let secs = t.elapsed().as_secs_f64();
    println!("corpus\t{corpus}");
    println!("threads\t{n_threads}");
    println!("syntax\t{}", if no_syntax { "off" } else { "on" });
    println!("articles\t{}", articles.len());
    println!("words\t{words}");
    println!("tokens\t{tokens}");
    println!("seconds\t{secs:.3}");
    println!("articles/s: {:.1}", articles.len() as f64 / secs);
    println!("words/s: {:.0}", words as f64 / secs);
    println!("tokens/s\t{:.0}", tokens as f64 / secs);
    println!("output_bytes\t{bytes}");
    // Per-stage speed, one core: every article again through the timed path.
    let mut times = wirecode::StageTimes::default();
    for a in &articles {
        drop(pipeline.code_timed(a.clone(), &mut times));
    }
    for (name, secs) in [
        ("segment", times.segment),
        ("syntax", times.syntax),
        ("ner_model", times.ner),
        ("entities_actors_places", times.entities),
        ("quotes", times.quotes),
        ("events", times.events),
    ] {
        println!(
            "stage.{name}.tokens_per_second_one_core\t{:.0}",
            tokens as f64 / secs.max(1e-9)
        );
    }
    println!("pipeline_load_seconds\t{load_s:.3}");
    if let Some(kb) = peak_rss_kb() {
        println!("peak_memory_mb\t{:.1}", kb as f64 / 1024.0);
    }
    Ok(0)
}

/// Peak resident memory of this process (Linux `VmHWM`), in KiB.
fn peak_rss_kb() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    s.lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}
