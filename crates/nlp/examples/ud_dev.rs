//! Development aid: scores the committed tagger and parser on the UD dev
//! files (EWT and GUM) without building the CLI.
//! `cargo run --release -p wirecode-nlp --example ud_dev [-- ../shared/gold/ud]`.
use wirecode_nlp::{conllu, eval, Parser, Tagger};

fn main() {
    let ud = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "../shared/gold/ud".into());
    let tagger = Tagger::load("data/models/tagger.bin").expect("tagger");
    let parser = Parser::load("data/models/parser.bin").expect("parser");
    for (name, file) in [
        ("ewt", "ewt/en_ewt-ud-dev.conllu"),
        ("gum", "gum/en_gum-ud-dev.conllu"),
    ] {
        let text = std::fs::read_to_string(format!("{ud}/{file}")).expect("dev file");
        let gold = conllu::parse_str(&text).expect("conllu");
        println!("{name}\t{}", eval::score(&gold, &tagger, &parser));
    }
}
