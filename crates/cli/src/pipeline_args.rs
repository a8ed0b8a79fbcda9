//! The options every coding command shares (`code`, `ingest`, `recode`,
//! `worker`) and the one place that turns them into a thread pool and a
//! loaded [`Pipeline`].

use clap::Args;
use wirecode::{Pipeline, PipelineOptions};

/// How to code: extra dictionaries, syntax on or off, threads.
#[derive(Args, Debug, Clone, Default)]
pub struct PipelineArgs {
    /// Extra actor dictionary (surface<TAB>code<TAB>kind); overrides built-in entries. Repeatable.
    #[arg(long = "actors")]
    pub actors: Vec<String>,
    /// Skip the tagger and parser (faster, less accurate).
    #[arg(long)]
    pub no_syntax: bool,
    /// Worker threads (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
}

impl PipelineArgs {
    /// Sizes the global thread pool (once per process) and loads the pipeline.
    pub fn build(&self) -> Result<Pipeline, String> {
        if let Some(n) = self.threads {
            rayon::ThreadPoolBuilder::new()
                .num_threads(n.max(1))
                .build_global()
                .map_err(|e| e.to_string())?;
        }
        Pipeline::new(&PipelineOptions {
            actor_files: self.actors.clone(),
            no_syntax: self.no_syntax,
        })
    }
}
