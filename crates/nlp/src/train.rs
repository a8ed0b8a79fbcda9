//! Training recipes shared by the `wirecode train` command and the
//! `train_ud` example, so both produce the same models.

use crate::{Parser, ParserOptions, Sentence, Tagger, TaggerOptions};

/// Replaces the gold tags of `sents` with `tagger`'s predictions.
pub fn retag(sents: &mut [Sentence], tagger: &Tagger) {
    for s in sents {
        let tags: Vec<(String, String)> = tagger
            .tag(&s.words())
            .into_iter()
            .map(|(u, x)| (u.to_string(), x.to_string()))
            .collect();
        for (tok, (u, x)) in s.tokens.iter_mut().zip(tags) {
            tok.upos = u;
            tok.xpos = x;
        }
    }
}

/// Trains the tagger and, on jack-knifed predicted tags (`folds` > 1: each
/// fold tagged by a tagger trained on the others), the parser, so the parser
/// learns from the tag errors it will meet. Dev sentences are tagged by the
/// final tagger for model selection.
pub fn train_tagger_and_parser(
    train: &[Sentence],
    dev: &[Sentence],
    topts: &TaggerOptions,
    popts: &ParserOptions,
    folds: usize,
) -> (Tagger, Parser) {
    let (tagger, jk) = Tagger::train_jackknife(train, Some(dev), topts, folds);
    let mut ptrain = train.to_vec();
    if folds > 1 {
        for (s, tags) in ptrain.iter_mut().zip(jk) {
            for (tok, (u, x)) in s.tokens.iter_mut().zip(tags) {
                tok.upos = u;
                tok.xpos = x;
            }
        }
    }
    let mut pdev = dev.to_vec();
    retag(&mut pdev, &tagger);
    let parser = Parser::train(&ptrain, Some(&pdev), popts);
    (tagger, parser)
}
