//! Universal Dependencies: tagging and parsing accuracy of the built-in
//! models on EWT and GUM (gold tokenisation, predicted tags fed to the
//! parser, punctuation included, LAS on universal labels as CoNLL 2018).

use std::path::Path;
use std::time::Instant;

use wirecode::nlp::{conllu, eval};
use wirecode::syntax::Models;

use crate::Report;

/// Scores the built-in models on `split` (`dev` or `test`) of each treebank under `data`.
pub fn run(data: &Path, split: &str) -> Result<Report, String> {
    let t = Instant::now();
    let models = Models::builtin()?;
    let load = t.elapsed().as_secs_f64();
    let mut r = Report::default();
    r.add("ud.split", split);
    r.add("ud.model_load_seconds", format!("{load:.3}"));
    for (name, file) in [
        ("ewt", format!("ewt/en_ewt-ud-{split}.conllu")),
        ("gum", format!("gum/en_gum-ud-{split}.conllu")),
    ] {
        let path = data.join(&file);
        let gold = conllu::read_file(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let s = eval::score(&gold, &models.tagger, &models.parser);
        r.add(format!("ud.{name}.tokens"), s.tokens);
        r.add(format!("ud.{name}.upos"), format!("{:.2}", 100.0 * s.upos));
        r.add(format!("ud.{name}.xpos"), format!("{:.2}", 100.0 * s.xpos));
        r.add(format!("ud.{name}.uas"), format!("{:.2}", 100.0 * s.uas));
        r.add(format!("ud.{name}.las"), format!("{:.2}", 100.0 * s.las));
        r.add(
            format!("ud.{name}.las_full_label"),
            format!("{:.2}", 100.0 * s.las_full),
        );
        r.add(
            format!("ud.{name}.lemma"),
            format!("{:.2}", 100.0 * s.lemma),
        );
        r.add(
            format!("ud.{name}.tokens_per_second_one_core"),
            format!("{:.0}", s.tokens_per_second()),
        );
    }
    Ok(r)
}
