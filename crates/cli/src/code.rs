//! `wirecode code`: read, code in parallel, write in input order.

use std::fs::File;
use std::io::{BufWriter, IsTerminal, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;

use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use wirecode::doc::{Article, NaiveDate};
use wirecode::input::{read_inputs, Item, ReadOptions};
use wirecode::output::{
    gdelt_header, to_gdelt, to_json, to_plover, to_tsv, Format, OutputOptions, TSV_HEADER,
};

/// Articles coded together; output is written in input order after each batch.
pub const BATCH: usize = 256;

pub struct CodeArgs {
    pub inputs: Vec<String>,
    pub output: Option<PathBuf>,
    pub format: Format,
    pub published: Option<NaiveDate>,
    pub pipeline: crate::pipeline_args::PipelineArgs,
    pub with_text: bool,
    pub max_bytes: usize,
    pub quiet: bool,
}

pub fn run(args: CodeArgs) -> Result<u8, String> {
    let pipeline = args.pipeline.build()?;
    let mut out: Box<dyn Write> = match &args.output {
        Some(p) => Box::new(BufWriter::new(
            File::create(p).map_err(|e| format!("{}: {e}", p.display()))?,
        )),
        None => Box::new(BufWriter::new(std::io::stdout().lock())),
    };
    match args.format {
        Format::Tsv => writeln!(out, "{TSV_HEADER}").map_err(|e| e.to_string())?,
        Format::Gdelt => writeln!(out, "{}", gdelt_header()).map_err(|e| e.to_string())?,
        _ => {}
    }
    let opts = ReadOptions {
        published: args.published,
        max_bytes: args.max_bytes,
    };
    let oopts = OutputOptions {
        with_text: args.with_text,
    };
    let bar = (!args.quiet && std::io::stderr().is_terminal()).then(|| {
        let b = ProgressBar::new_spinner();
        b.set_style(
            ProgressStyle::with_template("{spinner} {pos} articles coded ({per_sec}) {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        b
    });
    let mut skipped = 0usize;
    let mut skipped_coding = 0usize;
    let mut coded = 0usize;
    let mut flush =
        |batch: &mut Vec<Article>, skipped: &mut usize, coded: &mut usize| -> Result<(), String> {
            let results: Vec<Result<String, String>> =
                batch
                    .par_drain(..)
                    .map(|a| {
                        let id = a.id.clone();
                        catch_unwind(AssertUnwindSafe(|| {
                    let doc = pipeline.code(a);
                    match args.format {
                        Format::Tsv => to_tsv(&doc),
                        Format::Gdelt => to_gdelt(&doc),
                        Format::Plover => {
                            to_plover(&doc).iter().map(|r| format!("{r}\n")).collect()
                        }
                        Format::Jsonl => {
                            let mut s = to_json(&doc, &oopts);
                            s.push('\n');
                            s
                        }
                    }
                }))
                .map_err(|_| {
                    format!("{id}: internal error while coding; article skipped (please report it)")
                })
                    })
                    .collect();
            for r in results {
                match r {
                    Ok(s) => {
                        out.write_all(s.as_bytes())
                            .map_err(|e| format!("cannot write output: {e}"))?;
                        *coded += 1;
                    }
                    Err(e) => {
                        eprintln!("wirecode: skipped: {e}");
                        *skipped += 1;
                    }
                }
            }
            if let Some(b) = &bar {
                if *coded > 8 {
                    b.set_position(*coded as u64);
                }
            }
            Ok(())
        };
    skipped += read_in_batches(&args.inputs, &opts, |batch| {
        flush(batch, &mut skipped_coding, &mut coded)
    })?;
    skipped += skipped_coding;
    out.flush()
        .map_err(|e| format!("cannot write output: {e}"))?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    if skipped > 0 {
        eprintln!("wirecode: coded {coded} article(s); skipped {skipped} input(s)");
        return Ok(crate::EXIT_SKIPPED);
    }
    if coded == 0 {
        eprintln!("wirecode: no articles found in the inputs");
        return Ok(crate::EXIT_SKIPPED);
    }
    Ok(0)
}

/// Reads every input, reports warnings and skipped inputs on stderr, and
/// hands the articles to `flush` in batches of [`BATCH`], in input order.
/// Returns how many inputs the reader skipped.
pub fn read_in_batches(
    inputs: &[String],
    opts: &ReadOptions,
    mut flush: impl FnMut(&mut Vec<Article>) -> Result<(), String>,
) -> Result<usize, String> {
    let mut skipped = 0;
    let mut batch: Vec<Article> = Vec::with_capacity(BATCH);
    for item in read_inputs(inputs, opts) {
        match item {
            Item::Article(a) => {
                batch.push(a);
                if batch.len() >= BATCH {
                    flush(&mut batch)?;
                }
            }
            Item::Warning(w) => eprintln!("wirecode: warning: {w}"),
            Item::Skipped(s) => {
                eprintln!("wirecode: skipped: {s}");
                skipped += 1;
            }
        }
    }
    flush(&mut batch)?;
    Ok(skipped)
}
