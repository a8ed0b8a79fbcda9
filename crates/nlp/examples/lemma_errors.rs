//! Development aid: the lemmatiser's errors on a CoNLL-U file given the
//! gold tags, counted by (form, tag, ours, gold), most frequent first.
//! `cargo run --release -p wirecode-nlp --example lemma_errors -- FILE [UPOS]`.
use std::collections::HashMap;

fn main() {
    let mut args = std::env::args().skip(1);
    let file = args.next().expect("CoNLL-U file");
    let only = args.next();
    let text = std::fs::read_to_string(file).expect("readable");
    let mut errs: HashMap<(String, String, String, String), usize> = HashMap::new();
    for line in text.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 5 || line.starts_with('#') || f[0].contains('-') || f[0].contains('.') {
            continue;
        }
        if only.as_deref().is_some_and(|u| u != f[3]) {
            continue;
        }
        let ours = wirecode_nlp::lemma(f[1], f[3], f[4]);
        if ours != f[2] && ours.to_lowercase() != f[2].to_lowercase() {
            *errs
                .entry((
                    f[1].to_lowercase(),
                    f[4].into(),
                    ours.into_owned(),
                    f[2].into(),
                ))
                .or_default() += 1;
        }
    }
    let mut v: Vec<_> = errs.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    for ((w, x, o, g), n) in v.into_iter().take(80) {
        println!("{n}\t{w}\t{x}\t{o}\t{g}");
    }
}
