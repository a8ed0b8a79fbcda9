//! Prints the members of word clusters, for inspection:
//! `cargo run --release -p wirecode-nlp --example cluster_show -- CLUSTERS.bin TREEBANK.conllu WORD...`
//! lists, for each WORD, the treebank words sharing its fine class.
use wirecode_nlp::{conllu, Clusters};

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let cl = Clusters::load(&args[0])?;
    let sents = conllu::read_file(&args[1])?;
    let mut words: Vec<String> = sents
        .iter()
        .flat_map(|s| s.words().into_iter().map(|w| w.to_lowercase()))
        .collect();
    words.sort();
    words.dedup();
    for w in &args[2..] {
        let (f, c) = cl.of(w);
        let same: Vec<&str> = words
            .iter()
            .filter(|x| cl.of(x).0 == f)
            .map(|x| x.as_str())
            .take(40)
            .collect();
        println!("{w} [{f}/{c}]: {}", same.join(" "));
    }
    Ok(())
}
