//! Reported speech and stance through the dependency parse: a cue verb from
//! the lexicon with a clausal complement ("X said that ...", "X believes
//! ..."), the inverted form ("..., X said."), and "according to X".

use wirecode_doc::{Doc, Quote, QuoteKind, Span, TokenKind};
use wirecode_lexicon::{CueKind, Words};

/// Sentence-local view of the parse: children lists and subtree extents.
struct Tree {
    /// First token index of the sentence.
    base: usize,
    children: Vec<Vec<usize>>,
}

impl Tree {
    fn new(doc: &Doc, range: std::ops::Range<usize>) -> Tree {
        let mut children = vec![Vec::new(); range.len()];
        for k in range.clone() {
            if let Some(h) = doc.tokens[k].head {
                if range.contains(&h) {
                    children[h - range.start].push(k);
                }
            }
        }
        Tree {
            base: range.start,
            children,
        }
    }

    fn kids(&self, k: usize) -> &[usize] {
        &self.children[k - self.base]
    }

    /// First and last token of `k`'s subtree, leaving out the subtrees of `skip`.
    fn extent(&self, k: usize, skip: &[usize]) -> (usize, usize) {
        let (mut lo, mut hi) = (k, k);
        let mut stack = vec![k];
        while let Some(x) = stack.pop() {
            lo = lo.min(x);
            hi = hi.max(x);
            for &c in self.kids(x) {
                if !skip.contains(&c) {
                    stack.push(c);
                }
            }
        }
        (lo, hi)
    }

    fn child(&self, doc: &Doc, k: usize, deps: &[&str]) -> Option<usize> {
        self.kids(k)
            .iter()
            .copied()
            .find(|&c| doc.tokens[c].dep.is_some_and(|d| deps.contains(&d)))
    }
}

/// Token span with leading/trailing punctuation trimmed; `None` when empty.
fn span(doc: &Doc, mut lo: usize, mut hi: usize) -> Option<Span> {
    while lo <= hi && doc.tokens[lo].kind == TokenKind::Punct {
        lo += 1;
    }
    while hi > lo && doc.tokens[hi].kind == TokenKind::Punct {
        hi -= 1;
    }
    (lo <= hi).then(|| Span::new(doc.tokens[lo].span.start, doc.tokens[hi].span.end))
}

/// The source of cue `k`: its subject, else (for "..., saying that",
/// "..., accusing her of", "and criticized") the subject of the verb it
/// depends on, up to two clauses up.
fn subject(doc: &Doc, tree: &Tree, k: usize) -> Option<Span> {
    let mut v = k;
    for _ in 0..3 {
        if let Some(s) = tree.child(doc, v, &["nsubj", "nsubj:outer"]) {
            // A weekday read as a subject is a misparse, not a speaker.
            if Words::get().date_word(doc.token_text(s)).is_some() {
                return None;
            }
            let (lo, hi) = tree.extent(s, &[]);
            return span(doc, lo, hi);
        }
        if !matches!(doc.tokens[v].dep, Some("advcl" | "conj" | "xcomp")) {
            return None;
        }
        v = doc.tokens[v].head?;
    }
    None
}

/// Appends reported-speech and stance attributions to `quotes`, skipping any
/// whose content is already covered by a direct quote.
pub fn find_reported(doc: &Doc, quotes: &mut Vec<Quote>) {
    let words = Words::get();
    let direct: Vec<Span> = quotes
        .iter()
        .flat_map(|q| q.content.iter().copied())
        .collect();
    let mut found = Vec::new();
    for s in &doc.sentences {
        if doc.tokens[s.tokens.start].head.is_none() && doc.tokens[s.tokens.start].dep.is_none() {
            continue; // not parsed
        }
        let tree = Tree::new(doc, s.tokens.clone());
        for k in s.tokens.clone() {
            let t = &doc.tokens[k];
            let lower = doc.token_text(k).to_lowercase();
            // according to X, CONTENT
            if lower == "according" && k + 1 < s.tokens.end && doc.token_text(k + 1) == "to" {
                if let Some(q) = according_to(doc, &tree, k, s.tokens.clone()) {
                    found.push(q);
                }
                continue;
            }
            let Some(cue) = words.cue(&lower) else {
                continue;
            };
            // "..., which Washington strongly denies": the tagger may not see a verb here.
            if cue.kind == CueKind::Deny {
                if let Some(q) = relative_denial(doc, k, s.tokens.clone()) {
                    found.push(q);
                    continue;
                }
            }
            if !matches!(t.upos, Some("VERB")) {
                continue;
            }
            // X called for CONTENT / X called on Y to CONTENT / X called Y Z
            if cue.lemma == "call" {
                if let Some(q) = call(doc, &tree, k, s.tokens.clone()) {
                    found.push(q);
                }
                continue;
            }
            // X accused Y of CONTENT / X blamed Y for CONTENT
            if cue.kind == CueKind::Accuse {
                if let Some(q) = accusation(doc, &tree, k, s.tokens.clone()) {
                    found.push(q);
                }
                continue;
            }
            let kind = if cue.kind == CueKind::Stance {
                QuoteKind::Stance
            } else {
                QuoteKind::Indirect
            };
            // X said (that) CONTENT / X wants to CONTENT
            // Commitments take a to-infinitive: "vowed to retaliate".
            let commissive = matches!(
                cue.lemma,
                "promise" | "vow" | "pledge" | "threaten" | "refuse" | "decline" | "agree"
            );
            let comp_deps: &[&str] = if kind == QuoteKind::Stance || commissive {
                &["ccomp", "xcomp"]
            } else {
                &["ccomp"]
            };
            if let Some(c) = tree.child(doc, k, comp_deps) {
                let (lo, hi) = tree.extent(c, &[]);
                if hi > lo + 1 {
                    let src = subject(doc, &tree, k);
                    if let Some(content) = span(doc, lo, hi) {
                        found.push(attribution(kind, vec![content], src, t.span));
                    }
                }
                continue;
            }
            // X cited / criticized / praised OBJECT: the object is what is attributed.
            let object_content = !matches!(
                cue.lemma,
                "say"
                    | "tell"
                    | "ask"
                    | "add"
                    | "warn"
                    | "urge"
                    | "reply"
                    | "respond"
                    | "continue"
                    | "write"
                    | "post"
                    | "tweet"
                    | "report"
                    | "quote"
                    | "call"
            );
            if object_content && kind != QuoteKind::Stance {
                if let Some(o) = tree.child(doc, k, &["obj"]) {
                    let (lo, hi) = tree.extent(o, &[]);
                    if hi > lo {
                        if let Some(content) = span(doc, lo, hi) {
                            found.push(attribution(
                                kind,
                                vec![content],
                                subject(doc, &tree, k),
                                t.span,
                            ));
                            continue;
                        }
                    }
                }
            }
            // CONTENT, X said.  /  CONTENT A, X said, CONTENT B.
            // The parser may read the inverted "..., X said." as a conjunct:
            // no "and" before it, a comma before its clause, nothing after
            // the cue but adjuncts.
            let inverted_conj = t.dep == Some("conj")
                && t.head.is_some_and(|h| h < k)
                && !tree
                    .kids(k)
                    .iter()
                    .any(|&c| matches!(doc.tokens[c].dep, Some("cc" | "ccomp" | "obj" | "xcomp")))
                && {
                    let (cue_lo, _) = tree.extent(k, &[]);
                    doc.token_text(cue_lo) == ","
                        || cue_lo > s.tokens.start && doc.token_text(cue_lo - 1) == ","
                };
            if kind != QuoteKind::Stance && (t.dep == Some("parataxis") || inverted_conj) {
                let Some(h) = t.head else { continue };
                let (cue_lo, cue_hi) = tree.extent(k, &[]);
                let (lo, hi) = tree.extent(h, &[k]);
                let mut content = Vec::new();
                if lo < cue_lo {
                    content.extend(span(doc, lo, cue_lo - 1));
                }
                if hi > cue_hi {
                    content.extend(span(doc, cue_hi + 1, hi));
                }
                if !content.is_empty() {
                    found.push(attribution(
                        QuoteKind::Indirect,
                        content,
                        subject(doc, &tree, k),
                        t.span,
                    ));
                }
            }
        }
    }
    for mut q in found {
        // A direct quote inside a longer reported clause ('X said that, "..."
        // against what ...') is a fragment: the clause is the attribution.
        let inside: Vec<usize> = (0..quotes.len())
            .filter(|&i| {
                quotes[i].kind == QuoteKind::Direct
                    && quotes[i]
                        .content
                        .iter()
                        .all(|d| q.content.iter().any(|c| c.contains(d)))
            })
            .collect();
        if !inside.is_empty() {
            let outside_words = q
                .content
                .iter()
                .flat_map(|c| doc.token_at(c.start)..doc.token_at(c.end).min(doc.tokens.len()))
                .filter(|&k| doc.tokens[k].kind == TokenKind::Word)
                .filter(|&k| {
                    !inside.iter().any(|&i| {
                        quotes[i]
                            .content
                            .iter()
                            .any(|d| d.contains(&doc.tokens[k].span))
                    })
                })
                .count();
            if outside_words >= 3 {
                for i in inside.into_iter().rev() {
                    quotes.remove(i);
                }
                q.kind = QuoteKind::Mixed;
                quotes.push(q);
                continue;
            }
        }
        let covered = q
            .content
            .iter()
            .any(|c| direct.iter().any(|d| overlap_share(c, d) > 0.5));
        if covered {
            continue;
        }
        if has_quote_marks(doc, &q.content) && q.kind == QuoteKind::Indirect {
            q.kind = QuoteKind::Mixed;
        }
        quotes.push(q);
    }
}

/// Share of the shorter span that the two spans have in common.
fn overlap_share(a: &Span, b: &Span) -> f64 {
    let i = a.end.min(b.end).saturating_sub(a.start.max(b.start));
    i as f64 / a.len().min(b.len()).max(1) as f64
}

fn has_quote_marks(doc: &Doc, content: &[Span]) -> bool {
    content.iter().any(|c| {
        let a = doc.token_at(c.start);
        let b = doc.token_at(c.end);
        (a..b.min(doc.tokens.len())).any(|k| {
            doc.tokens[k].kind == TokenKind::Quote
                && doc.token_text(k).chars().count() > 0
                && !matches!(doc.token_text(k), "'" | "’")
        })
    })
}

/// "according to X, CONTENT" / "CONTENT, according to X."
fn according_to(doc: &Doc, tree: &Tree, k: usize, sent: std::ops::Range<usize>) -> Option<Quote> {
    // UD: "according" is a case marker (fixed "to") of X; X is an obl of the clause.
    let x = doc.tokens[k]
        .head
        .filter(|&h| h != k + 1 && sent.contains(&h))?;
    let (xlo, xhi) = tree.extent(x, &[]);
    // The whole sentence but the "according to X" phrase is what X says.
    let (lo, hi) = (sent.start, sent.end - 1);
    let mut content = Vec::new();
    let (alo, ahi) = (k.min(xlo), xhi.max(k + 1));
    if lo < alo {
        content.extend(span(doc, lo, alo - 1));
    }
    if hi > ahi {
        content.extend(span(doc, ahi + 1, hi));
    }
    if content.is_empty() {
        return None;
    }
    Some(Quote {
        kind: QuoteKind::Indirect,
        content,
        source: span(doc, xlo.max(k + 2), xhi),
        cue: Some(Span::new(
            doc.tokens[k].span.start,
            doc.tokens[k + 1].span.end,
        )),
        speaker: None,
        responds_to: None,
    })
}

/// "X accused Y of CONTENT": the content is what follows "of" (or "for")
/// up to the end of the clause.
fn accusation(doc: &Doc, tree: &Tree, k: usize, sent: std::ops::Range<usize>) -> Option<Quote> {
    let of = (k + 1..sent.end.min(k + 10)).find(|&i| matches!(doc.token_text(i), "of" | "for"))?;
    let end = (of + 1..sent.end)
        .find(|&i| {
            matches!(doc.token_text(i), "," | ";" | ":") || doc.tokens[i].kind == TokenKind::Quote
        })
        .unwrap_or(sent.end);
    let content = span(doc, of + 1, end.checked_sub(1)?)?;
    Some(attribution(
        QuoteKind::Indirect,
        vec![content],
        subject(doc, tree, k),
        doc.tokens[k].span,
    ))
}

/// "CLAIM, which X (strongly) denies": X denies the clause before the comma.
fn relative_denial(doc: &Doc, k: usize, sent: std::ops::Range<usize>) -> Option<Quote> {
    let which = (k.saturating_sub(5).max(sent.start)..k)
        .rev()
        .find(|&i| doc.token_text(i).eq_ignore_ascii_case("which"))?;
    if which == sent.start || doc.token_text(which - 1) != "," {
        return None;
    }
    // The source: the words between "which" and the cue, less adverbs.
    let mut hi = k - 1;
    while hi > which && (doc.tokens[hi].upos == Some("ADV") || doc.token_text(hi).ends_with("ly")) {
        hi -= 1;
    }
    let source = span(doc, which + 1, hi)?;
    let content = span(doc, sent.start, which - 2)?;
    Some(attribution(
        QuoteKind::Indirect,
        vec![content],
        Some(source),
        doc.tokens[k].span,
    ))
}

/// "X called for CONTENT", "X called on CONTENT" (the rest of the clause),
/// and "X called Y Z" (the object and what it was called).
fn call(doc: &Doc, tree: &Tree, k: usize, sent: std::ops::Range<usize>) -> Option<Quote> {
    let clause_end = |from: usize| {
        (from..sent.end)
            .find(|&i| {
                matches!(doc.token_text(i), ";" | ":")
                    || doc.tokens[i].kind == TokenKind::Quote && i > from
            })
            .unwrap_or(sent.end)
    };
    let content = if k + 1 < sent.end && matches!(doc.token_text(k + 1), "for" | "on" | "upon") {
        span(doc, k + 2, clause_end(k + 2).checked_sub(1)?)?
    } else {
        let obj = tree.child(doc, k, &["obj"])?;
        let pred = tree.child(doc, k, &["xcomp"])?;
        let (lo, _) = tree.extent(obj, &[]);
        let (_, hi) = tree.extent(pred, &[]);
        span(doc, lo, hi)?
    };
    Some(attribution(
        QuoteKind::Indirect,
        vec![content],
        subject(doc, tree, k),
        doc.tokens[k].span,
    ))
}

/// An attribution found here: its speaker is resolved later.
pub(super) fn attribution(
    kind: QuoteKind,
    content: Vec<Span>,
    source: Option<Span>,
    cue: Span,
) -> Quote {
    Quote {
        kind,
        content,
        source,
        cue: Some(cue),
        speaker: None,
        responds_to: None,
    }
}
