//! Tagger-only experiment: trains on EWT+GUM train, reports dev accuracy on
//! known / unknown words.
use wirecode_nlp::{conllu, Tagger, TaggerOptions};
fn main() {
    let ud = "/work/shared/gold/ud";
    let mut train = conllu::read_file(format!("{ud}/ewt/en_ewt-ud-train.conllu")).unwrap();
    train.extend(conllu::read_file(format!("{ud}/gum/en_gum-ud-train.conllu")).unwrap());
    let dev_ewt = conllu::read_file(format!("{ud}/ewt/en_ewt-ud-dev.conllu")).unwrap();
    let dev_gum = conllu::read_file(format!("{ud}/gum/en_gum-ud-dev.conllu")).unwrap();
    let mut dev = dev_ewt.clone();
    dev.extend(dev_gum.iter().cloned());
    let opts = TaggerOptions {
        verbose: true,
        ..Default::default()
    };
    let t0 = std::time::Instant::now();
    let tg = Tagger::train(&train, Some(&dev), &opts);
    eprintln!("trained in {:.1}s", t0.elapsed().as_secs_f64());
    let known: std::collections::HashSet<&str> = train
        .iter()
        .flat_map(|s| s.tokens.iter().map(|t| t.form.as_str()))
        .collect();
    for (name, d) in [("ewt", &dev_ewt), ("gum", &dev_gum)] {
        let (mut c, mut n, mut ck, mut nk) = (0, 0, 0, 0);
        for s in d.iter() {
            for (t, (u, _)) in s.tokens.iter().zip(tg.tag(&s.words())) {
                let ok = (t.upos == u) as usize;
                if known.contains(t.form.as_str()) {
                    ck += ok;
                    nk += 1;
                } else {
                    c += ok;
                    n += 1;
                }
            }
        }
        let a = tg.accuracy(d);
        println!(
            "{name}: upos {:.2} xpos {:.2} known {:.2} unknown {:.2} ({} unk)",
            100.0 * a.0,
            100.0 * a.1,
            100.0 * ck as f64 / nk as f64,
            100.0 * c as f64 / n as f64,
            n
        );
    }
    let words: Vec<Vec<&str>> = dev_ewt.iter().map(|s| s.words()).collect();
    let ntok: usize = words.iter().map(|w| w.len()).sum();
    let mut best = f64::MAX;
    for _ in 0..3 {
        let t = std::time::Instant::now();
        for w in &words {
            std::hint::black_box(tg.tag_ids(w));
        }
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!(
        "speed {:.0} tok/s, size {:.2} MB",
        ntok as f64 / best,
        tg.to_bytes().len() as f64 / 1e6
    );
}
