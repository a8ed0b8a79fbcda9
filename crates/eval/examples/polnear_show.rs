//! Development aid: prints PolNeAR dev attributions (never test) that no
//! prediction matches (`MISS`, with the source and the words before the
//! content, where the cue usually is) and predictions matching no gold
//! (`EXTRA`), and matches whose source is wrong (`SOURCE`).
//! `cargo run --release -p wirecode-eval --example polnear_show -- [train|dev] [direct] [hits]`;
//! `direct` keeps direct quotations only (gold and predicted); `hits` also
//! prints the predictions that match (`HIT`); `cues` prints instead, per
//! gold cue (lower-cased), how many attributions it opens and how many no
//! prediction matches, most missed first; `stats` counts misses and extras
//! by overlap and lists extras whose boundaries miss a gold one.
use std::path::Path;
use wirecode::{Pipeline, PipelineOptions};
use wirecode_eval::polnear::{load_split, predict, score_article, Attr};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let split = args.first().map_or("dev", |s| s.as_str());
    assert!(split != "test", "development aid: train or dev only");
    let direct_only = args.iter().any(|a| a == "direct");
    let hits = args.iter().any(|a| a == "hits");
    let cues = args.iter().any(|a| a == "cues");
    // `cue=WORDS`: only misses of that gold cue, each with the prediction
    // that overlaps it most.
    let only_cue = args.iter().find_map(|a| a.strip_prefix("cue="));
    // `stats`: counts of misses and extras by whether they overlap the
    // other side at all, and each extra that overlaps a gold attribution
    // below the match threshold (`BOUND`, with both cues and contents).
    let stats = args.iter().any(|a| a == "stats");
    let mut tally = [0usize; 4];
    let mut by_cue: std::collections::HashMap<String, (usize, usize)> = Default::default();
    // Per predicted cue: predictions, and those matching no gold.
    let mut by_pred: std::collections::HashMap<String, (usize, usize)> = Default::default();
    let mut arts = load_split(Path::new("../shared/gold/polnear"), split).expect("split");
    // Every gold attribution, to tell an extra direct quote that gold holds
    // as another kind (`EXTRA~`) from one gold lacks (`EXTRA`).
    let full: Vec<Vec<Attr>> = arts.iter().map(|a| a.gold.clone()).collect();
    if direct_only {
        for a in &mut arts {
            a.gold.retain(|g| g.direct);
        }
    }
    let p = Pipeline::new(&PipelineOptions::default()).expect("pipeline");
    let mut preds = predict(&p, &arts);
    if direct_only {
        for pr in &mut preds {
            pr.retain(|q| q.direct);
        }
    }
    for ((a, pr), all_gold) in arts.iter().zip(&preds).zip(&full) {
        let chars: Vec<char> = a.text.chars().collect();
        let seg = |s: usize, e: usize| -> String {
            chars[s.min(chars.len())..e.min(chars.len())]
                .iter()
                .collect::<String>()
                .replace('\n', " ")
        };
        // An attribution's cue words, lower-cased.
        let cue_of = |x: &Attr| {
            x.cue
                .iter()
                .map(|&(s, e)| seg(s, e).to_lowercase())
                .collect::<Vec<_>>()
                .join(" ")
        };
        let show = |x: &Attr| {
            let c = x.content.first().copied().unwrap_or((0, 0));
            let ce = x.content.last().map_or(0, |s| s.1);
            let src = x
                .source
                .iter()
                .map(|&(s, e)| seg(s, e))
                .collect::<Vec<_>>()
                .join("+");
            format!(
                "[{}] ...{} <<{}>> {}",
                src,
                seg(c.0.saturating_sub(60), c.0),
                seg(c.0, ce.min(c.0 + 120)),
                seg(ce, ce + 40)
            )
        };
        let chars_of = |x: &Attr| -> std::collections::HashSet<usize> {
            x.content.iter().flat_map(|&(s, e)| s..e).collect()
        };
        // The attribution of `ys` whose content overlaps `x`'s most, with
        // the Jaccard index of their characters.
        let best_overlap = |x: &Attr, ys: &'_ [Attr]| {
            let xs = chars_of(x);
            ys.iter()
                .map(|y| {
                    let s = chars_of(y);
                    let i = s.intersection(&xs).count();
                    (i as f64 / (s.len() + xs.len() - i).max(1) as f64, y.clone())
                })
                .max_by(|a, b| a.0.total_cmp(&b.0))
                .filter(|b| b.0 > 0.0)
        };
        let overlaps = |x: &Attr, ys: &[Attr]| {
            let xs = chars_of(x);
            ys.iter()
                .any(|y| chars_of(y).intersection(&xs).next().is_some())
        };
        if stats {
            for g in &a.gold {
                if score_article(&a.text, std::slice::from_ref(g), pr)
                    .content
                    .tp_pred
                    == 0
                {
                    tally[overlaps(g, pr) as usize] += 1;
                }
            }
            for q in pr {
                let hit = score_article(&a.text, &a.gold, std::slice::from_ref(q))
                    .content
                    .tp_pred
                    > 0;
                if !hit {
                    tally[2 + overlaps(q, &a.gold) as usize] += 1;
                    // The gold it overlaps most, to see how boundaries differ.
                    if let Some((j, g)) = best_overlap(q, &a.gold) {
                        let text = |x: &Attr| {
                            x.content
                                .iter()
                                .map(|&(s, e)| seg(s, e))
                                .collect::<Vec<_>>()
                                .join(" + ")
                        };
                        println!(
                            "BOUND {j:.2}\t{}\t{}\t{}\n  OURS <<{}>>\n  GOLD <<{}>>",
                            a.id,
                            cue_of(q),
                            cue_of(&g),
                            text(q),
                            text(&g)
                        );
                    }
                }
            }
            continue;
        }
        for g in &a.gold {
            let c = score_article(&a.text, std::slice::from_ref(g), pr);
            if cues {
                let cue = cue_of(g);
                let n = by_cue.entry(cue).or_default();
                n.0 += 1;
                n.1 += (c.content.tp_pred == 0) as usize;
                continue;
            }
            if let Some(want) = only_cue {
                let cue = cue_of(g);
                if cue != want || c.content.tp_pred > 0 {
                    continue;
                }
                println!("MISS\t{}\t{}", a.id, show(g));
                if let Some((j, q)) = best_overlap(g, pr) {
                    println!("  BEST {j:.2}\t{}", show(&q));
                }
                continue;
            }
            if c.content.tp_pred == 0 {
                println!("MISS\t{}\t{}", a.id, show(g));
            } else if c.source.tp_pred == 0 {
                // Matched content, wrong source: ours after the gold.
                let one = |q: &Attr| {
                    score_article(&a.text, std::slice::from_ref(g), std::slice::from_ref(q))
                        .content
                        .tp_pred
                        == 1
                };
                let src = pr.iter().find(|q| one(q)).map_or(String::new(), |q| {
                    q.source
                        .iter()
                        .map(|&(s, e)| seg(s, e))
                        .collect::<Vec<_>>()
                        .join("+")
                });
                println!("SOURCE\t{}\t{}\tOURS=[{}]", a.id, show(g), src);
            }
        }
        if cues {
            for q in pr {
                let cue = cue_of(q);
                let wrong = score_article(&a.text, &a.gold, std::slice::from_ref(q))
                    .content
                    .tp_pred
                    == 0;
                let n = by_pred.entry(cue).or_default();
                n.0 += 1;
                n.1 += wrong as usize;
            }
        }
        for q in pr.iter().filter(|_| !cues) {
            if score_article(&a.text, &a.gold, std::slice::from_ref(q))
                .content
                .tp_pred
                == 0
            {
                let other = score_article(&a.text, all_gold, std::slice::from_ref(q))
                    .content
                    .tp_pred
                    > 0;
                if other {
                    // The gold attribution it matches, to see how gold's
                    // content differs.
                    let g = all_gold.iter().find(|g| {
                        score_article(&a.text, std::slice::from_ref(g), std::slice::from_ref(q))
                            .content
                            .tp_pred
                            > 0
                    });
                    let gold = g.map_or(String::new(), |g| {
                        g.content
                            .iter()
                            .map(|&(s, e)| seg(s, e))
                            .collect::<Vec<_>>()
                            .join(" + ")
                    });
                    println!("EXTRA~\t{}\t{}\tGOLD=<<{}>>", a.id, show(q), gold);
                } else {
                    println!("EXTRA\t{}\t{}", a.id, show(q));
                }
            } else if hits {
                println!("HIT\t{}\t{}", a.id, show(q));
            }
        }
    }
    if stats {
        println!(
            "misses: no overlapping prediction {}, overlapped below threshold {}",
            tally[0], tally[1]
        );
        println!(
            "extras: no overlapping gold {}, overlapping below threshold {}",
            tally[2], tally[3]
        );
    }
    let mut rows: Vec<_> = by_cue.into_iter().collect();
    rows.sort_by(|a, b| b.1 .1.cmp(&a.1 .1).then(a.0.cmp(&b.0)));
    for (cue, (all, missed)) in rows {
        println!("CUE\t{missed}\t{all}\t{cue}");
    }
    let mut rows: Vec<_> = by_pred.into_iter().collect();
    rows.sort_by(|a, b| b.1 .1.cmp(&a.1 .1).then(a.0.cmp(&b.0)));
    for (cue, (all, wrong)) in rows {
        println!("PRED\t{wrong}\t{all}\t{cue}");
    }
}
