//! Reported speech and stance through the dependency parse: a cue verb from
//! the lexicon with a clausal complement ("X said that ...", "X believes
//! ..."), the inverted form ("..., X said."), and "according to X".

use super::cues::{FrameCue, FrameCues};
use crate::features::lemma_of;
use wirecode_doc::{Doc, EntityType, Quote, QuoteKind, Span, TokenKind};
use wirecode_lexicon::{Cue, CueKind, Words};

/// Sentence-local view of the parse: children lists and subtree extents.
pub(super) struct Tree {
    /// First token index of the sentence.
    base: usize,
    children: Vec<Vec<usize>>,
}

impl Tree {
    pub(super) fn new(doc: &Doc, range: std::ops::Range<usize>) -> Tree {
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

    /// The sentence's token range.
    pub(super) fn range(&self) -> std::ops::Range<usize> {
        self.base..self.base + self.children.len()
    }

    pub(super) fn kids(&self, k: usize) -> &[usize] {
        &self.children[k - self.base]
    }

    /// First and last token of `k`'s subtree, leaving out the subtrees of `skip`.
    pub(super) fn extent(&self, k: usize, skip: &[usize]) -> (usize, usize) {
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

/// A verb between a number and a noun, or right after an article or a
/// possessive, modifies the noun after it ("271 pledged delegates", "the reported deal"): the tagger
/// read an adjective as a verb, and it is no cue.
pub(super) fn modifier_participle(doc: &Doc, k: usize) -> bool {
    doc.tokens[k].upos == Some("VERB")
        && k > 0
        && (doc.tokens[k - 1].upos == Some("NUM")
            && doc
                .tokens
                .get(k + 1)
                .is_some_and(|t| matches!(t.upos, Some("NOUN" | "ADJ")))
            || matches!(
                doc.token_text(k - 1).to_lowercase().as_str(),
                "a" | "an" | "the" | "its" | "their" | "his" | "her" | "our" | "your"
            ))
}

/// Token span with leading/trailing punctuation trimmed; `None` when empty.
pub(super) fn span(doc: &Doc, mut lo: usize, mut hi: usize) -> Option<Span> {
    while lo <= hi && doc.tokens[lo].kind == TokenKind::Punct {
        lo += 1;
    }
    // A closing bracket stays when its opening one is inside ("the Union
    // of Teachers (NUT)").
    let closes_inside =
        |hi: usize| doc.token_text(hi) == ")" && (lo..hi).any(|k| doc.token_text(k) == "(");
    while hi > lo && doc.tokens[hi].kind == TokenKind::Punct && !closes_inside(hi) {
        hi -= 1;
    }
    (lo <= hi).then(|| Span::new(doc.tokens[lo].span.start, doc.tokens[hi].span.end))
}

/// The source of cue `k`: its subject, else (for "..., saying that",
/// "..., accusing her of", "and criticized") the subject of the verb it
/// depends on, up to two clauses up.
pub(super) fn subject(doc: &Doc, tree: &Tree, k: usize) -> Option<Span> {
    if let Some(sp) = quoted_as(doc, tree, k) {
        return Some(sp);
    }
    let mut v = k;
    for _ in 0..3 {
        if let Some(s) = tree.child(doc, v, &["nsubj", "nsubj:outer"]) {
            // A weekday read as a subject is a misparse, not a speaker.
            if Words::get().date_word(doc.token_text(s)).is_some() {
                return None;
            }
            // "A State Department spokesperson on Wednesday said": the
            // time is the saying's, not part of who said it.
            let times: Vec<usize> = tree
                .kids(s)
                .iter()
                .copied()
                .filter(|&c| {
                    c > s
                        && doc.tokens[c]
                            .dep
                            .is_some_and(|d| d.starts_with("nmod") || d.starts_with("obl"))
                        && Words::get().date_word(doc.token_text(c)).is_some()
                })
                .collect();
            let (lo, hi) = tree.extent(s, &times);
            return span(doc, lo, hi);
        }
        if let Some(up) = writer_of_document(doc, v) {
            v = up;
            continue;
        }
        if !matches!(doc.tokens[v].dep, Some("advcl" | "conj" | "xcomp")) {
            break;
        }
        let Some(h) = doc.tokens[v].head else { break };
        v = h;
    }
    adjacent_speaker(doc, k)
}

/// "Xinhua quoted Wang as saying ...", "the minister was quoted as
/// saying ...": the speaker of "as saying" (cue `k`) is the one quoted,
/// the object of "quoted" or its subject in the passive, not the one
/// quoting. Returns that word, searched within the sentence `range`.
pub(super) fn quoted_speaker(doc: &Doc, k: usize, range: std::ops::Range<usize>) -> Option<usize> {
    if !doc.token_text(k).to_lowercase().ends_with("ing") {
        return None;
    }
    let h = doc.tokens[k].head?;
    let kid = |of: usize, dep: &str| {
        range
            .clone()
            .find(|&c| doc.tokens[c].head == Some(of) && doc.tokens[c].dep == Some(dep))
    };
    let as_mark = || {
        range.clone().any(|c| {
            c < k && doc.tokens[c].head == Some(k) && doc.token_text(c).eq_ignore_ascii_case("as")
        })
    };
    if !matches!(lemma_of(doc, h).as_str(), "quote" | "cite") || !as_mark() {
        return None;
    }
    kid(h, "obj").or_else(|| kid(h, "nsubj:pass"))
}

/// The phrase of [`quoted_speaker`] as a span.
fn quoted_as(doc: &Doc, tree: &Tree, k: usize) -> Option<Span> {
    let s = doc.sentence_at(doc.tokens[k].span.start)?;
    let who = quoted_speaker(doc, k, doc.sentences[s].tokens.clone())?;
    let (lo, hi) = tree.extent(who, &[]);
    span(doc, lo, hi)
}

/// Words for a text that speaks for whoever issued it.
const DOCUMENTS: &[&str] = &[
    "statement",
    "message",
    "letter",
    "article",
    "report",
    "release",
    "email",
    "e-mail",
    "post",
    "tweet",
    "note",
    "memo",
    "op-ed",
    "editorial",
    "column",
    "video",
    "ad",
    "advertisement",
    "sign",
    "signs",
    "banner",
    "banners",
    "filing",
    "complaint",
    "lawsuit",
    "petition",
];

/// "The campaign issued a statement saying ...", "shot back in an article
/// stating ...": for participle `v` modifying a document that is an object
/// or oblique of a verb, that verb (whose subject wrote it).
fn writer_of_document(doc: &Doc, v: usize) -> Option<usize> {
    if doc.tokens[v].dep != Some("acl") || doc.tokens[v].xpos != Some("VBG") {
        return None;
    }
    let n = doc.tokens[v].head?;
    let noun = doc.token_text(n).to_lowercase();
    if !DOCUMENTS.contains(&noun.as_str()) || !matches!(doc.tokens[n].dep, Some("obj" | "obl")) {
        return None;
    }
    let up = doc.tokens[n].head?;
    (doc.tokens[up].upos == Some("VERB")).then_some(up)
}

/// A name or personal pronoun right before cue `k` when the parse gave the
/// cue no subject ("Retired Lt. Gen. Michael Flynn said ...", where the
/// tagger read "Retired" as the sentence's verb).
fn adjacent_speaker(doc: &Doc, k: usize) -> Option<Span> {
    let p = k.checked_sub(1)?;
    let prev = &doc.tokens[p];
    if prev.xpos == Some("PRP") {
        let w = doc.token_text(p).to_lowercase();
        return matches!(w.as_str(), "he" | "she" | "they" | "we" | "i").then_some(prev.span);
    }
    doc.entity_before(doc.tokens[k].span.start, |_| true)
        .filter(|e| e.span.end == prev.span.end)
        .filter(|e| {
            matches!(
                e.label,
                EntityType::Person | EntityType::Org | EntityType::Gpe | EntityType::Agent
            )
        })
        .map(|e| e.span)
}

/// Appends reported-speech and stance attributions to `quotes`, skipping any
/// whose content is already covered by a direct quote.
pub fn find_reported(doc: &Doc, quotes: &mut Vec<Quote>) {
    let words = Words::get();
    let frames = FrameCues::get();
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
            // (When) asked (by X) whether CONTENT, ...
            if matches!(lower.as_str(), "asked" | "asks" | "ask" | "asking") {
                if let Some(q) = asked_question(doc, &tree, k, s.tokens.clone()) {
                    found.push(q);
                    continue;
                }
            }
            // In a CNN poll, CONTENT / CONTENT in the latest polls
            if lower == "in" {
                if let Some(q) = in_poll(doc, k, s.tokens.clone()) {
                    found.push(q);
                    continue;
                }
            }
            // according to X, CONTENT
            if lower == "according" && k + 1 < s.tokens.end && doc.token_text(k + 1) == "to" {
                if let Some(q) = according_to(doc, &tree, k, s.tokens.clone()) {
                    found.push(q);
                }
                continue;
            }
            // A form the list does not spell out counts with a clause only
            // ("points out that ..."): "find X", "to demand X" are rarely attributions.
            let cue = words.cue(&lower).or_else(|| {
                verb_cue(doc, k, &lower).filter(|_| {
                    tree.child(doc, k, &["ccomp"]).is_some()
                        || that_clause(doc, k, s.tokens.clone()).is_some()
                })
            });
            let lexicon = cue.and_then(|cue| lexicon_cue(doc, &tree, k, s.tokens.clone(), cue));
            if let Some(q) = lexicon {
                found.push(q);
                continue;
            }
            let in_lexicon = cue.is_some();
            let q = match t.upos {
                Some("VERB") => frames
                    .verb(&lower)
                    .filter(|_| {
                        !in_lexicon
                            || frames
                                .verb(&lower)
                                .is_some_and(|c| !c.frames.preps.is_empty())
                    })
                    .and_then(|fc| frame_cue(doc, &tree, k, fc)),
                // "are afraid that ...": an adjective takes a clause only.
                Some("ADJ") => frames
                    .verb(&lower)
                    .filter(|fc| fc.frames.clause)
                    .and_then(|fc| frame_cue(doc, &tree, k, fc)),
                Some("NOUN") => frames
                    .noun(&lower)
                    .and_then(|fc| noun_cue(doc, &tree, k, fc)),
                _ => None,
            };
            found.extend(q);
        }
    }
    for mut q in found {
        // A quotation is no speaker: in '"...," said the 46-year-old.' the
        // parse may make the quote the subject of "said".
        if q.source.is_some_and(|src| {
            quotes
                .iter()
                .any(|d| d.kind == QuoteKind::Direct && d.content.iter().any(|c| c.overlaps(&src)))
        }) {
            continue;
        }
        // A direct quote inside a longer reported clause ('X said that, "..."
        // against what ...') is a fragment: the clause is the attribution.
        let inside: Vec<usize> = (0..quotes.len())
            .filter(|&i| {
                matches!(quotes[i].kind, QuoteKind::Direct | QuoteKind::Mixed)
                    && quotes[i]
                        .content
                        .iter()
                        .all(|d| q.content.iter().any(|c| c.contains(d)))
            })
            .collect();
        // '"...," Jim Jordan, a panel member, said.': a clause of the cue
        // that runs over the quotation into its own speaker is a misparse of
        // that direct quote.
        let own_speaker = !inside.is_empty()
            && inside.iter().all(|&i| {
                quotes[i].kind == QuoteKind::Direct
                    && quotes[i].cue == q.cue
                    && quotes[i]
                        .source
                        .is_some_and(|s| q.content.iter().any(|c| c.overlaps(&s)))
            });
        if own_speaker {
            continue;
        }
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
            // A whole utterance quoted right after the cue ('he yelled
            // "You lie!" at the president') is a direct quote; the words
            // after it are the writer's.
            let leads = inside.iter().all(|&i| {
                let (Some(first), Some(last)) =
                    (quotes[i].content.first(), quotes[i].content.last())
                else {
                    return false;
                };
                let open = doc.token_at(first.start).saturating_sub(1);
                let end = doc.token_at(last.end).saturating_sub(1);
                quotes[i].kind == QuoteKind::Direct
                    && q.content
                        .first()
                        .is_some_and(|c| doc.token_at(c.start) == open)
                    && matches!(doc.token_text(end), "!" | "?" | "." | ",")
            });
            // "She declared the need for will: “Change the world,” she
            // said": the words before the colon are the writer's, not part
            // of what the quote's own cue reports.
            let after_colon = inside.iter().all(|&i| {
                let Some(first) = quotes[i].content.first() else {
                    return false;
                };
                let open = doc.token_at(first.start).saturating_sub(1);
                quotes[i].kind == QuoteKind::Direct
                    && quotes[i].cue.is_some()
                    && quotes[i].cue == q.cue
                    && open > 0
                    && doc.token_text(open - 1) == ":"
            });
            if outside_words >= 3 && !leads && !after_colon {
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

/// The lexicon's cue whose lemma is verb `k`'s (lower-case form `lower`):
/// "will argue", "points out", which the list may not spell out.
fn verb_cue(doc: &Doc, k: usize, lower: &str) -> Option<Cue> {
    let t = &doc.tokens[k];
    (t.upos == Some("VERB")).then_some(())?;
    Words::get().cue_lemma(&wirecode_nlp::lemma(lower, "VERB", t.xpos.unwrap_or("")))
}

/// An attribution at token `k`, a cue of the lexicon's list: the frames of
/// "said (that) ...", "accused X of ...", "called for ...", "..., X said",
/// a cited object, "which X denies".
fn lexicon_cue(
    doc: &Doc,
    tree: &Tree,
    k: usize,
    sent: std::ops::Range<usize>,
    cue: Cue,
) -> Option<Quote> {
    let t = &doc.tokens[k];
    // "..., which Washington strongly denies": the tagger may not see a verb here.
    if cue.kind == CueKind::Deny {
        if let Some(q) = relative_denial(doc, k, sent.clone()) {
            return Some(q);
        }
    }
    if !matches!(t.upos, Some("VERB")) || modifier_participle(doc, k) {
        return None;
    }
    if matches!(cue.kind, CueKind::Speech | CueKind::Claim) {
        if let Some(q) = parenthetical(doc, k, sent.clone()) {
            return Some(q);
        }
    }
    // X called for CONTENT / X called on Y to CONTENT / X called Y Z
    if cue.lemma == "call" {
        return call(doc, tree, k, sent);
    }
    // X accused Y of CONTENT / X blamed Y for CONTENT
    if cue.kind == CueKind::Accuse {
        return accusation(doc, tree, k, sent);
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
    // "Syrian rebels are said to be discussing ...": hearsay with no
    // source; the content is the subject and the infinitive.
    if matches!(cue.kind, CueKind::Speech | CueKind::Claim) && t.xpos == Some("VBN") {
        let subj = tree.child(doc, k, &["nsubj:pass"]);
        let inf = tree.child(doc, k, &["xcomp"]);
        if let (Some(sj), Some(x)) = (subj, inf) {
            let (slo, shi) = tree.extent(sj, &[]);
            let (xlo, mut xhi) = tree.extent(x, &[]);
            // Up to an adverbial clause set off by a comma (", as ...").
            if let Some(j) = (xlo..xhi).find(|&j| {
                doc.token_text(j) == ","
                    && matches!(
                        doc.token_text(j + 1).to_lowercase().as_str(),
                        "as" | "while" | "because" | "after" | "before" | "when" | "since"
                    )
            }) {
                xhi = j.saturating_sub(1);
            }
            let content: Vec<Span> = [span(doc, slo, shi), span(doc, xlo, xhi)]
                .into_iter()
                .flatten()
                .collect();
            if content.len() == 2 && shi < k && k < xlo {
                return Some(attribution(QuoteKind::Indirect, content, None, t.span));
            }
        }
    }
    // A complement after the cue before one the parse put before it.
    let comp = tree
        .kids(k)
        .iter()
        .copied()
        .find(|&c| c > k && doc.tokens[c].dep.is_some_and(|d| comp_deps.contains(&d)))
        .or_else(|| tree.child(doc, k, comp_deps));
    if let Some(c) = comp {
        let (lo, hi) = clause_content(doc, tree, k, c);
        if hi > lo + 1 {
            let src = subject(doc, tree, k);
            let content = span(doc, lo, hi)?;
            return Some(attribution(kind, vec![content], src, t.span));
        }
        return None;
    }
    if let Some((lo, hi)) = that_clause(doc, k, sent.clone()) {
        let content = span(doc, lo, hi)?;
        return Some(attribution(
            kind,
            vec![content],
            subject(doc, tree, k),
            t.span,
        ));
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
            // "found itself in a jam", "found ways to ...": a finding is
            // its that-clause, not its object.
            | "find"
            // The object is the one charged or advised, not what is said.
            | "charge"
            | "advise"
            | "beg"
            | "caution"
            | "implore"
    );
    // "Lynch said the demands ... erase the barriers": the parser made the
    // clause's subject the cue's object and its verb a conjunct of the cue.
    if !object_content && !matches!(cue.lemma, "tell" | "ask" | "call" | "urge" | "quote") {
        if let Some(q) = split_clause(doc, tree, k, kind) {
            return Some(q);
        }
    }
    if object_content && kind != QuoteKind::Stance {
        if let Some(o) = tree.child(doc, k, &["obj"]) {
            let (lo, hi) = object_content_extent(doc, tree, k, o);
            if hi > lo {
                if let Some(content) = span(doc, lo, hi) {
                    return Some(attribution(
                        kind,
                        vec![content],
                        subject(doc, tree, k),
                        t.span,
                    ));
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
                || cue_lo > sent.start && doc.token_text(cue_lo - 1) == ","
        };
    if kind != QuoteKind::Stance && (t.dep == Some("parataxis") || inverted_conj) {
        let h = t.head?;
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
            return Some(attribution(
                QuoteKind::Indirect,
                content,
                subject(doc, tree, k),
                t.span,
            ));
        }
    }
    None
}

/// "The museum, Mr. Bush said, celebrated ...": a speech verb `k` whose
/// source and cue are set off by commas in mid-sentence. The content is the
/// sentence on both sides, whatever the parse made of it (it often hangs the
/// first piece on the cue). The source is a short name, title or pronoun.
fn parenthetical(doc: &Doc, k: usize, sent: std::ops::Range<usize>) -> Option<Quote> {
    // Source: back from the cue to a comma, over name-like words only.
    let mut a = k;
    while a > sent.start && k - a < 8 {
        let p = a - 1;
        let ok = doc.tokens[p].kind == TokenKind::Word
            && matches!(
                doc.tokens[p].upos,
                Some("PROPN" | "PRON" | "DET" | "NOUN" | "ADJ" | "NUM")
            )
            || doc.token_text(p) == ".";
        if !ok {
            break;
        }
        a = p;
    }
    if a == k || a <= sent.start + 1 || doc.token_text(a - 1) != "," {
        return None;
    }
    // Cue, then an optional adverb or short time word, then a comma.
    let mut b = k + 1;
    while b < sent.end && b <= k + 2 && doc.tokens[b].upos == Some("ADV") {
        b += 1;
    }
    if b + 1 >= sent.end || doc.token_text(b) != "," {
        return None;
    }
    // Split direct quotes ('"A," he said, "B."') are the direct stage's.
    if sent.clone().any(|x| doc.tokens[x].kind == TokenKind::Quote) {
        return None;
    }
    let first = span(doc, sent.start, a - 2)?;
    let second = span(doc, b + 1, sent.end - 1)?;
    let words = |s: &Span| {
        (doc.token_at(s.start)..doc.token_at(s.end).min(doc.tokens.len()))
            .filter(|&x| doc.tokens[x].kind == TokenKind::Word)
            .count()
    };
    // Both sides must be clause-sized: "In Paris, he said, ..." is no content.
    if words(&first) < 2 || words(&second) < 2 {
        return None;
    }
    // A first piece that is an adjunct of the saying ("In Paris, he said,
    // ...") is no content.
    let has_verb = (sent.start..a - 1).any(|x| matches!(doc.tokens[x].upos, Some("VERB" | "AUX")));
    if !has_verb && matches!(doc.tokens[sent.start].upos, Some("ADP" | "SCONJ" | "ADV")) {
        return None;
    }
    let source = span(doc, a, k - 1)?;
    Some(attribution(
        QuoteKind::Indirect,
        vec![first, second],
        Some(source),
        doc.tokens[k].span,
    ))
}

/// "X is demanding that ... stop": a "that" right after cue verb `k` (an
/// adverb or particle between) which the parse did not make a clause of the
/// cue (it read "stop" as a noun); the clause is taken to run from "that"
/// to the end of the sentence, less a trailing participle clause.
fn that_clause(doc: &Doc, k: usize, sent: std::ops::Range<usize>) -> Option<(usize, usize)> {
    let mut j = k + 1;
    while j < sent.end
        && (doc.tokens[j].upos == Some("ADV") || doc.tokens[j].dep == Some("compound:prt"))
    {
        j += 1;
    }
    if j >= sent.end || !doc.token_text(j).eq_ignore_ascii_case("that") {
        return None;
    }
    // "expects that U.S. output will expand": a "that" tagged as a
    // determiner still opens a clause when a finite verb follows before any
    // comma or conjunction ("declined that assignment and has left" is no clause).
    let finite_follows = || {
        (j + 2..sent.end)
            .take_while(|&i| {
                !matches!(doc.token_text(i), "," | ";" | ":") && doc.tokens[i].upos != Some("CCONJ")
            })
            .any(|i| matches!(doc.tokens[i].xpos, Some("VBD" | "VBZ" | "VBP" | "MD")))
    };
    if doc.tokens[j].upos != Some("SCONJ")
        && !(doc.tokens[j].upos == Some("DET") && finite_follows())
    {
        return None;
    }
    let mut hi = sent.end - 1;
    while hi > j && doc.tokens[hi].kind == TokenKind::Punct {
        hi -= 1;
    }
    (hi > j + 2).then(|| (j, cut_participle(doc, j, hi)))
}

/// A complement clause that the parse split into an object right after cue
/// `k` and a verb conjoined to the cue without "and" or a comma; the content
/// runs from the object to the end of that verb's phrase.
fn split_clause(doc: &Doc, tree: &Tree, k: usize, kind: QuoteKind) -> Option<Quote> {
    let o = tree.child(doc, k, &["obj"])?;
    let (lo, _) = tree.extent(o, &[]);
    if lo != k + 1 {
        return None;
    }
    let v = tree.kids(k).iter().copied().find(|&c| {
        c > o && doc.tokens[c].dep == Some("conj") && doc.tokens[c].upos == Some("VERB")
    })?;
    let (vlo, vhi) = tree.extent(v, &[]);
    let joined = (lo..vlo).any(|i| {
        doc.tokens[i].upos == Some("CCONJ") || matches!(doc.token_text(i), "," | ";" | ":")
    }) || tree.child(doc, v, &["cc"]).is_some();
    if joined {
        return None;
    }
    let hi = cut_participle(doc, lo, vhi);
    let content = span(doc, lo, hi)?;
    Some(attribution(
        kind,
        vec![content],
        subject(doc, tree, k),
        doc.tokens[k].span,
    ))
}

/// The token extent of the clausal complement `c` of cue `k`, cut before a
/// trailing participle clause (", citing ...", ", arguing that ..."), which
/// is an attribution of its own or the writer's comment.
fn clause_content(doc: &Doc, tree: &Tree, k: usize, c: usize) -> (usize, usize) {
    let (mut lo, hi) = rest_of_clause(doc, tree, k, c);
    // "said on NBC's ''Meet the Press'' on Sunday that ...": a clause the
    // parse opened at a prepositional phrase of the cue starts at "that".
    // So does one the parse opened at an adverb or a time word of the cue
    // ("said earlier on Friday that ...") when "that" marks the clause.
    if lo == k + 1 {
        let adp = doc.tokens[lo].upos == Some("ADP");
        let that = (lo + 1..hi)
            .take_while(|&i| {
                doc.token_text(i) != ","
                    && !matches!(doc.tokens[i].xpos, Some("VBD" | "VBZ" | "VBP" | "MD"))
            })
            .find(|&i| {
                doc.token_text(i).eq_ignore_ascii_case("that")
                    && doc.tokens[i].upos == Some("SCONJ")
                    && (adp || doc.tokens[i].head == Some(c) && doc.tokens[i].dep == Some("mark"))
            });
        if let Some(t) = that {
            lo = t;
        }
    }
    (lo, cut_participle(doc, lo, hi))
}

/// The extent of `c`, a complement of verb `k`, run on over the verb's later
/// dependents that the parser may have hung on it rather than on `c` ("said
/// he has respect for the army and his comment was ...", "praised Mr. X's
/// work preserving the land", "said she would sign it if put on her desk"),
/// up to a comma, a conjunct that is a cue of its
/// own, or an adjunct after a comma.
fn rest_of_clause(doc: &Doc, tree: &Tree, k: usize, c: usize) -> (usize, usize) {
    let (lo, mut hi) = tree.extent(c, &[]);
    let words = Words::get();
    let frames = FrameCues::get();
    for &d in tree.kids(k) {
        if d <= hi {
            continue;
        }
        let (dlo, dhi) = tree.extent(d, &[]);
        if (hi + 1..dlo).any(|i| doc.tokens[i].kind != TokenKind::Punct) || dlo <= hi {
            break; // something not ours in between
        }
        // A comma inside closing quotation marks ('was "corrupt," but he
        // gave') sets off what follows as much as one outside them.
        let mut last = hi;
        while last > lo && doc.tokens[last].kind == TokenKind::Quote {
            last -= 1;
        }
        let after_comma = (hi + 1..dlo).any(|i| doc.token_text(i) == ",")
            || doc.token_text(dlo) == ","
            || (last < hi && doc.token_text(last) == ",");
        let dep = doc.tokens[d].dep.unwrap_or("");
        let lower = doc.token_text(d).to_lowercase();
        let cue_word = words.cue(&lower).is_some() || frames.verb(&lower).is_some();
        if dep == "punct" {
            if matches!(doc.token_text(d), "," | ";" | ":" | "(" | "-" | "—" | "–") {
                break;
            }
            continue;
        }
        let take = match dep {
            // A verb joined to the cue verb with no subject of its own
            // shares the cue's subject: another act, not what was said
            // ("declined that assignment and has since left").
            "conj" => {
                !cue_word
                    && !after_comma
                    && (doc.tokens[d].upos != Some("VERB")
                        || tree.kids(d).iter().any(|&x| {
                            doc.tokens[x]
                                .dep
                                .is_some_and(|l| l.starts_with("nsubj") || l == "expl")
                        }))
            }
            // "would sign such a bill if put on her desk": an adverbial
            // clause with no comma before it goes on a clause said.
            "obl" | "nmod" | "acl" | "xcomp" | "advmod" | "obj" | "iobj" | "advcl" => !after_comma,
            // "said his net worth could fluctuate" parsed as two clauses
            // ("net worth" and "could fluctuate"): one clause misread.
            "ccomp" => !after_comma && dlo == hi + 1,
            _ => false,
        };
        if !take {
            break;
        }
        hi = dhi;
    }
    (lo, clause_goes_on(doc, tree, k, c, lo, hi))
}

/// "said if he were president, DACA would be ...", "said that content
/// related to extremism, in particular, was difficult ...": a clause said
/// that the parse split at a comma into two complements of the cue. The
/// later complement continues the first when the first opens with a
/// subordinator other than "that" or the later one has no subject, and
/// only punctuation and short non-verbal adjuncts stand between them.
/// Returns the new end of the content (`hi` when it does not go on).
fn clause_goes_on(doc: &Doc, tree: &Tree, k: usize, c: usize, lo: usize, hi: usize) -> usize {
    if doc.tokens[c].dep != Some("ccomp") {
        return hi;
    }
    let opens_subordinate =
        doc.tokens[lo].upos == Some("SCONJ") && !doc.token_text(lo).eq_ignore_ascii_case("that");
    let (mut end, mut taken) = (hi, None);
    for &d in tree.kids(k) {
        if d <= end {
            continue;
        }
        let (dlo, dhi) = tree.extent(d, &[]);
        let dep = doc.tokens[d].dep.unwrap_or("");
        if dep == "ccomp" {
            // Once taken, a complement right after it goes on too.
            if taken.is_some() {
                if dlo == end + 1 {
                    end = dhi;
                    taken = Some(dhi);
                    continue;
                }
                break;
            }
            let comma = (hi + 1..=dlo).any(|i| doc.token_text(i) == ",");
            let subjectless = tree
                .child(doc, d, &["nsubj", "nsubj:pass", "expl", "csubj"])
                .is_none();
            if !comma || !(opens_subordinate || subjectless) {
                break;
            }
            end = dhi;
            taken = Some(dhi);
            continue;
        }
        let adjunct = dep == "punct"
            || (matches!(dep, "obl" | "advmod" | "conj" | "nmod")
                && doc.tokens[d].upos != Some("VERB")
                && dhi < dlo + 4);
        if !adjunct || taken.is_some() {
            break;
        }
        end = end.max(dhi);
    }
    taken.unwrap_or(hi)
}

/// `hi`, or the token before a ", VERB-ing" that starts a clause inside `lo..=hi`.
fn cut_participle(doc: &Doc, lo: usize, hi: usize) -> usize {
    for i in lo + 1..hi {
        if doc.token_text(i) != "," {
            continue;
        }
        let mut j = i + 1;
        // '"corrupt," noting': past the closing mark.
        while j < hi && doc.tokens[j].kind == TokenKind::Quote {
            j += 1;
        }
        if j < hi && doc.tokens[j].upos == Some("ADV") {
            j += 1;
        }
        if j <= hi
            && doc.tokens[j].xpos == Some("VBG")
            && matches!(doc.tokens[j].dep, Some("advcl" | "xcomp" | "conj" | "acl"))
            && doc.tokens[j].head.is_some_and(|h| h < j)
        {
            return i - 1;
        }
    }
    hi
}

/// The extent of object `o` of cue `k` with what completes it: "cited X as
/// an example", "likened X to Y", "praised X's work preserving Y".
fn object_content_extent(doc: &Doc, tree: &Tree, k: usize, o: usize) -> (usize, usize) {
    let (lo, hi) = rest_of_clause(doc, tree, k, o);
    (lo, cut_participle(doc, lo, hi))
}

/// An attribution at verb `k` of the frame table (`data/quotes/cues.tsv`):
/// its content is a clause, an infinitive, the object or a prepositional
/// object, and it needs a subject, the source.
fn frame_cue(doc: &Doc, tree: &Tree, k: usize, fc: &FrameCue) -> Option<Quote> {
    let t = &doc.tokens[k];
    let kind = if fc.kind == CueKind::Stance {
        QuoteKind::Stance
    } else {
        QuoteKind::Indirect
    };
    let source = subject(doc, tree, k)?;
    let f = &fc.frames;
    let sent = tree.range();
    let (lo, hi) = if let Some(c) = f.clause.then(|| tree.child(doc, k, &["ccomp"])).flatten() {
        clause_content(doc, tree, k, c)
    } else if let Some(c) = f.clause.then(|| that_clause(doc, k, sent)).flatten() {
        c
    } else if let Some(x) = f
        .infinitive
        .then(|| tree.child(doc, k, &["xcomp"]))
        .flatten()
    {
        let (lo, hi) = tree.extent(x, &[]);
        (lo, cut_participle(doc, lo, hi))
    } else if let Some(o) = f.object.then(|| tree.child(doc, k, &["obj"])).flatten() {
        object_content_extent(doc, tree, k, o)
    } else if let Some(p) = prep_object(doc, tree, k, &f.preps) {
        let (lo, hi) = tree.extent(p, &[]);
        // Without the preposition itself: "bragged about [his record]".
        let first = (lo..=hi)
            .find(|&i| doc.tokens[i].dep != Some("case"))
            .unwrap_or(lo);
        (first, cut_participle(doc, first, hi))
    } else {
        return None;
    };
    if hi <= lo {
        return None;
    }
    let content = span(doc, lo, hi)?;
    Some(attribution(kind, vec![content], Some(source), t.span))
}

/// The oblique of verb `k` introduced by one of `preps` ("about his record").
fn prep_object(doc: &Doc, tree: &Tree, k: usize, preps: &[&str]) -> Option<usize> {
    if preps.is_empty() {
        return None;
    }
    tree.kids(k).iter().copied().find(|&d| {
        d > k
            && matches!(doc.tokens[d].dep, Some("obl" | "obj" | "advcl"))
            && tree.kids(d).iter().any(|&c| {
                doc.tokens[c]
                    .dep
                    .is_some_and(|x| x == "case" || x == "mark")
                    && c < d
                    && preps.contains(&doc.token_text(c).to_lowercase().as_str())
            })
    })
}

/// A cue noun ("claim", "warning") with a that-clause or to-infinitive: the
/// source is its possessor ("Trump's claim that ..."), its "from"/"by"
/// phrase, or the subject of the verb it is the object of ("X issued a
/// warning that ...").
fn noun_cue(doc: &Doc, tree: &Tree, k: usize, fc: &FrameCue) -> Option<Quote> {
    let c = tree.kids(k).iter().copied().find(|&c| {
        c > k
            && matches!(doc.tokens[c].dep, Some("acl" | "ccomp" | "acl:relcl"))
            && tree.kids(c).iter().any(|&m| {
                doc.tokens[m].dep == Some("mark")
                    && m < c
                    && matches!(doc.token_text(m).to_lowercase().as_str(), "that" | "to")
            })
    })?;
    let (lo, hi) = tree.extent(c, &[]);
    let hi = cut_participle(doc, lo, hi);
    if hi <= lo + 1 {
        return None;
    }
    let poss = tree
        .kids(k)
        .iter()
        .copied()
        .find(|&p| p < k && doc.tokens[p].dep == Some("nmod:poss"));
    let source = if let Some(p) = poss {
        let (plo, phi) = tree.extent(p, &[]);
        // Without the possessive ending: "Trump['s]".
        let phi = if phi > plo && matches!(doc.token_text(phi), "'s" | "’s" | "'" | "’") {
            phi - 1
        } else {
            phi
        };
        span(doc, plo, phi)
    } else if let Some(n) = tree.kids(k).iter().copied().find(|&n| {
        n > k
            && n < lo
            && doc.tokens[n].dep == Some("nmod")
            && tree
                .kids(n)
                .iter()
                .any(|&m| matches!(doc.token_text(m).to_lowercase().as_str(), "from" | "by"))
    }) {
        let (nlo, nhi) = tree.extent(n, &[]);
        span(doc, nlo + 1, nhi)
    } else if doc.tokens[k].dep == Some("obj") {
        subject(doc, tree, doc.tokens[k].head?)
    } else {
        None
    };
    let kind = if fc.kind == CueKind::Stance {
        QuoteKind::Stance
    } else {
        QuoteKind::Indirect
    };
    Some(attribution(
        kind,
        vec![span(doc, lo, hi)?],
        source,
        doc.tokens[k].span,
    ))
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
    let (xlo, mut xhi) = tree.extent(x, &[]);
    // "According to F.A.A. records, the Boeing has flown ...": a phrase
    // opening its sentence ends at its comma, however the parse hung the
    // clause after it (as a relative clause of "records", or under it).
    let opens = (sent.start..k).all(|i| matches!(doc.tokens[i].upos, Some("CCONJ" | "ADV")));
    // The first comma in `from..to`, before any quotation mark.
    let comma_in = |from: usize, to: usize| {
        (from..to.min(sent.end))
            .take_while(|&i| doc.tokens[i].kind != TokenKind::Quote)
            .find(|&i| doc.token_text(i) == ",")
    };
    if let Some(c) = comma_in(k + 2, k + 30).filter(|&c| opens && xhi >= c) {
        xhi = c - 1;
        // An appositive belongs to the source ("According to Lorella
        // Praeli, Clinton's Latino vote director, the campaign ..."), not a
        // name that opens the clause ("..., Cheryl Mills, a top aide,
        // sent ...").
        if let Some(n) = comma_in(c + 1, c + 14).filter(|&n| n > c + 1) {
            let determiner = matches!(doc.token_text(c + 1), "a" | "an" | "the");
            let possessive = (c + 2..n.min(c + 5)).any(|i| doc.tokens[i].kind == TokenKind::Clitic);
            let verb_after =
                (n + 1..sent.end).any(|i| matches!(doc.tokens[i].upos, Some("VERB" | "AUX")));
            if (determiner || possessive) && verb_after {
                xhi = n - 1;
            }
        }
    }
    // The whole sentence but the "according to X" phrase is what X says.
    let (lo, hi) = (sent.start, sent.end - 1);
    let mut content = Vec::new();
    let (alo, ahi) = (k.min(xlo), xhi.max(k + 1));
    if lo < alo {
        // "...: London was the capital, according to one index": what is
        // sourced starts after a colon or semicolon (not one inside a
        // quoted title).
        let from = (lo..alo)
            .rev()
            .find(|&i| matches!(doc.token_text(i), ":" | ";"))
            .filter(|&i| (i..alo).all(|j| doc.tokens[j].kind != TokenKind::Quote))
            .map_or(lo, |i| i + 1);
        if from < alo {
            content.extend(span(doc, from, alo - 1));
        }
    }
    if hi > ahi {
        content.extend(span(doc, ahi + 1, hi));
    }
    // "According to MSNBC, basically.": one word says nothing.
    let words = content
        .iter()
        .map(|c| doc.slice(*c).split_whitespace().count())
        .sum::<usize>();
    if words < 2 {
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

/// "Asked on Monday whether Mr. Clinton would hold a cabinet position,
/// ...", "Conroy asked Sanders whether ...": the question is the clause
/// from the question word to the next comma. Its source is the asker: the
/// by-phrase of a passive "asked", the subject of an active one, else none.
fn asked_question(doc: &Doc, tree: &Tree, k: usize, sent: std::ops::Range<usize>) -> Option<Quote> {
    const WH: &[&str] = &[
        "whether", "if", "what", "how", "why", "which", "who", "when", "where",
    ];
    let q = (k + 1..sent.end.min(k + 8))
        .take_while(|&i| {
            !matches!(doc.token_text(i), "," | ";" | ":") && doc.tokens[i].kind != TokenKind::Quote
        })
        .find(|&i| WH.contains(&doc.token_text(i).to_lowercase().as_str()))?;
    let end = (q + 1..sent.end)
        .find(|&i| {
            matches!(doc.token_text(i), "," | ";" | ":") || doc.tokens[i].kind == TokenKind::Quote
        })
        .unwrap_or(sent.end);
    if end < q + 3 {
        return None;
    }
    let content = span(doc, q, end - 1)?;
    let by = (k + 1..q).find(|&i| doc.token_text(i).eq_ignore_ascii_case("by"));
    let source = match by {
        Some(b) => {
            let stop = (b + 1..q)
                .find(|&i| matches!(doc.tokens[i].upos, Some("ADP")) || doc.token_text(i) == ",")
                .unwrap_or(q);
            span(doc, b + 1, stop.checked_sub(1)?)
        }
        None if doc.tokens[k].xpos == Some("VBN") => None,
        None => subject(doc, tree, k),
    };
    Some(attribution(
        QuoteKind::Indirect,
        vec![content],
        source,
        doc.tokens[k].span,
    ))
}

/// Nouns of measured opinion: "in a CNN poll", "in most surveys".
const POLLS: &[&str] = &["poll", "polls", "survey", "surveys", "rankings"];

/// "In an NBC News poll released Monday, 50 percent chose Clinton" and
/// "Cruz came in second in January polls": the poll is the source of the
/// clause it frames. Fronted, the content is the rest of the sentence after
/// the phrase's comma; trailing, it is the clause up to "in".
fn in_poll(doc: &Doc, k: usize, sent: std::ops::Range<usize>) -> Option<Quote> {
    // The poll noun ends a plain noun phrase right after "in".
    let x = (k + 1..sent.end.min(k + 10)).find(|&i| {
        let w = doc.token_text(i).to_lowercase();
        POLLS.contains(&w.as_str()) && doc.tokens[i].upos == Some("NOUN")
    })?;
    let plain = (k + 1..x).all(|i| {
        matches!(
            doc.tokens[i].upos,
            Some("DET" | "ADJ" | "PROPN" | "NOUN" | "NUM" | "SYM")
        ) || matches!(doc.token_text(i), "of" | "/" | "-" | "'s" | "’s")
    });
    if !plain {
        return None;
    }
    let mut first = sent.start;
    while first < k && matches!(doc.tokens[first].upos, Some("CCONJ" | "ADV")) {
        first += 1;
    }
    let comma = (x + 1..sent.end).find(|&i| matches!(doc.token_text(i), "," | ";" | ":"));
    let cue = doc.tokens[k].span;
    if first == k {
        // Fronted: the phrase runs to its comma; the content is the rest.
        let c = comma.filter(|&c| c <= x + 6)?;
        let source = span(doc, k + 1, c - 1)?;
        let content = span(doc, c + 1, sent.end - 1)?;
        return Some(attribution(
            QuoteKind::Indirect,
            vec![content],
            Some(source),
            cue,
        ));
    }
    // Trailing: the clause before "in", back to the sentence start or to a
    // clause boundary, less an opening conjunction or adverb.
    let mut lo = (sent.start..k)
        .rev()
        .find(|&i| {
            matches!(doc.token_text(i), "," | ";" | ":")
                || matches!(doc.tokens[i].upos, Some("SCONJ"))
        })
        .map_or(sent.start, |i| i + 1);
    while lo < k && matches!(doc.tokens[lo].upos, Some("CCONJ" | "ADV" | "PUNCT")) {
        lo += 1;
    }
    let verb = (lo..k).any(|i| matches!(doc.tokens[i].upos, Some("VERB" | "AUX")));
    // The poll phrase closes the clause ("... in the latest polls.").
    let closes = x + 1 >= sent.end || matches!(doc.token_text(x + 1), "." | "," | ";");
    let wh = matches!(doc.tokens[lo].xpos, Some("WP" | "WDT"));
    if k < lo + 2 || !verb || !closes || wh {
        return None;
    }
    let end = comma.map_or(sent.end - 1, |c| c - 1);
    let source = span(doc, k + 1, end)?;
    let content = span(doc, lo, k - 1)?;
    Some(attribution(
        QuoteKind::Indirect,
        vec![content],
        Some(source),
        cue,
    ))
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
        let (lo, obj_hi) = tree.extent(obj, &[]);
        let (pred_lo, hi) = tree.extent(pred, &[]);
        // "called his actions a crucial step": the predicate follows the
        // object, at most a short phrase between ("called Mr. Obama's
        // remarks on Saturday a wake-up call"); "called emergency personnel
        // while he was rushing to help" is a telephone call, not a naming.
        let gap = (obj_hi + 1).max(k + 1)..pred_lo;
        if pred_lo <= k
            || gap.len() > 4
            || gap.clone().any(|i| {
                matches!(doc.tokens[i].upos, Some("VERB" | "AUX" | "SCONJ"))
                    || doc.token_text(i) == ","
            })
        {
            return None;
        }
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

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    pub(in crate::quotes) use crate::tests::parsed;

    /// (content, source) texts of the reported attributions in `text`.
    fn reported(text: &str) -> Vec<(String, Option<String>)> {
        let d = parsed(text);
        let mut q = Vec::new();
        find_reported(&d, &mut q);
        q.iter()
            .map(|q| {
                let c: Vec<&str> = q.content.iter().map(|s| d.slice(*s)).collect();
                (c.join(" + "), q.source.map(|s| d.slice(s).to_string()))
            })
            .collect()
    }

    fn has(found: &[(String, Option<String>)], content: &str, source: &str) -> bool {
        found
            .iter()
            .any(|(c, s)| c == content && s.as_deref() == Some(source))
    }

    /// A sentence-opening "According to X," ends at its comma however the
    /// parse hung the clause after it; an appositive after the name stays
    /// with the source, a name opening the clause does not.
    #[test]
    fn an_opening_according_to_ends_at_its_comma() {
        let f =
            reported("According to F.A.A. records, the jet has flown about 300 hours since June.");
        assert!(
            has(
                &f,
                "the jet has flown about 300 hours since June",
                "F.A.A. records"
            ),
            "{f:?}"
        );
        let f = reported("According to a recent poll of Ohio voters, Smith won 30% of the votes, leading the field.");
        assert!(
            f.iter().any(|(c, s)| c.starts_with("Smith won 30%")
                && s.as_deref() == Some("a recent poll of Ohio voters")),
            "{f:?}"
        );
        let f = reported("According to Maria Lopez, the campaign's field director, the campaign has targeted young voters.");
        assert!(
            f.iter()
                .any(|(c, s)| c.starts_with("the campaign has targeted")
                    && s.as_deref() == Some("Maria Lopez, the campaign's field director")),
            "{f:?}"
        );
        let f = reported(
            "According to an FBI summary, Cheryl Mills, a top aide, sent the employee an email.",
        );
        assert!(
            f.iter()
                .any(|(c, s)| c.starts_with("Cheryl Mills")
                    && s.as_deref() == Some("an FBI summary")),
            "{f:?}"
        );
    }

    #[test]
    fn a_call_names_only_with_its_predicate_next_to_the_object() {
        let f = reported("She called his executive actions a crucial step forward.");
        assert!(
            has(&f, "his executive actions a crucial step forward", "She"),
            "{f:?}"
        );
        let f = reported("Shen called emergency personnel while he was rushing to help the girl.");
        assert!(!f.iter().any(|x| x.0.starts_with("emergency")), "{f:?}");
    }

    #[test]
    fn a_cue_set_off_by_commas_takes_both_sides() {
        let f = reported("The museum, Mr. Bush said, celebrated several of his heroes.");
        let m = f
            .iter()
            .find(|x| x.0.contains("celebrated"))
            .expect("the attribution");
        assert_eq!(
            m.0, "The museum + celebrated several of his heroes",
            "{f:?}"
        );
        assert_eq!(m.1.as_deref(), Some("Mr. Bush"), "{f:?}");
        // Not when a side is no clause: "In Paris, he said, ..." has one.
        let f = reported("In Paris, he said, the talks would resume on Monday.");
        assert!(!f.iter().any(|x| x.0.starts_with("In Paris +")), "{f:?}");
    }

    #[test]
    fn object_of_an_endorsement_is_the_content() {
        let f = reported("The senator endorsed the governor's plan to cut taxes.");
        assert!(
            has(&f, "the governor's plan to cut taxes", "The senator"),
            "{f:?}"
        );
    }

    #[test]
    fn that_read_as_a_determiner_still_opens_a_clause() {
        let f = reported("The IMF expects that U.S. output will expand by a tepid 1.6 percent.");
        assert!(
            has(
                &f,
                "that U.S. output will expand by a tepid 1.6 percent",
                "The IMF"
            ),
            "{f:?}"
        );
        let f = reported("She declined that assignment and has since left the network.");
        assert!(
            !has(&f, "that assignment and has since left the network", "She"),
            "{f:?}"
        );
    }

    #[test]
    fn a_comma_inside_closing_marks_ends_the_content() {
        let f = reported(
            "Reid said both Rubio and Cruz are \"non-entities in the Senate,\" but he gave the Texan a compliment.",
        );
        assert!(
            f.iter()
                .any(|(c, s)| c.ends_with("Senate,\"") && s.as_deref() == Some("Reid")),
            "{f:?}"
        );
        assert!(f.iter().all(|(c, _)| !c.contains("compliment")), "{f:?}");
    }

    #[test]
    fn a_mixed_quotation_is_reported_once() {
        let mut d = parsed("The senator said the financial system was \"corrupt,\" noting that it is \"very strange.\"");
        crate::entities::find_entities(&mut d, wirecode_lexicon::ActorLexicon::builtin());
        crate::quotes::find_quotes(&mut d);
        let n = d
            .quotes
            .iter()
            .filter(|q| q.content.iter().any(|c| d.slice(*c).contains("corrupt")))
            .count();
        assert_eq!(n, 1, "{:?}", d.quotes);
    }

    #[test]
    fn the_one_quoted_as_saying_is_the_source() {
        let f = reported("Xinhua quoted Wang as saying the US should abandon its thinking.");
        assert!(
            has(&f, "the US should abandon its thinking", "Wang"),
            "{f:?}"
        );
        let f = reported("The minister was quoted as saying that talks would resume.");
        assert!(has(&f, "that talks would resume", "The minister"), "{f:?}");
    }

    #[test]
    fn a_source_is_never_part_of_a_name() {
        let mut d = parsed("Rival Hillary Clinton had mocked the complaint on Monday.");
        crate::entities::find_entities(&mut d, wirecode_lexicon::ActorLexicon::builtin());
        crate::quotes::find_quotes(&mut d);
        let sources: Vec<&str> = d
            .quotes
            .iter()
            .filter_map(|q| q.source.map(|s| d.slice(s)))
            .collect();
        assert!(sources.contains(&"Rival Hillary Clinton"), "{sources:?}");
    }

    #[test]
    fn prepositional_object_is_the_content() {
        let f = reported("The mayor bragged about his record on crime.");
        assert!(has(&f, "his record on crime", "The mayor"), "{f:?}");
    }

    #[test]
    fn cue_noun_with_possessor() {
        let f = reported("The senator's claim that the vote was rigged is false.");
        assert!(has(&f, "that the vote was rigged", "The senator"), "{f:?}");
    }

    #[test]
    fn trailing_participle_clause_is_left_out() {
        let f = reported("The minister said the talks had failed, citing a lack of trust.");
        assert!(has(&f, "the talks had failed", "The minister"), "{f:?}");
    }

    #[test]
    fn inflected_cue_and_particle() {
        let f = reported("It also points out that the penalties are so light.");
        assert!(has(&f, "that the penalties are so light", "It"), "{f:?}");
    }

    #[test]
    fn adjective_of_feeling_with_a_clause() {
        let f = reported("Many Democrats are afraid that turnout among young voters may fall.");
        assert!(
            has(
                &f,
                "that turnout among young voters may fall",
                "Many Democrats"
            ),
            "{f:?}"
        );
    }

    #[test]
    fn two_adjacent_complements_of_a_cue_are_one_clause() {
        let f = reported(
            "In the deposition, Mr. Trump said his net worth could fluctuate with his feelings.",
        );
        assert!(
            has(
                &f,
                "his net worth could fluctuate with his feelings",
                "Mr. Trump"
            ),
            "{f:?}"
        );
    }

    #[test]
    fn a_clause_said_goes_on_past_a_comma_the_parse_split_it_at() {
        let f = reported("Sanders said if he were president, DACA and DAPA would be supplemented by new programs.");
        assert!(
            has(
                &f,
                "if he were president, DACA and DAPA would be supplemented by new programs",
                "Sanders"
            ),
            "{f:?}"
        );
        let f = reported("Experts said that content related to extremism, in particular, was difficult to parse.");
        assert!(
            has(
                &f,
                "that content related to extremism, in particular, was difficult to parse",
                "Experts"
            ),
            "{f:?}"
        );
    }

    #[test]
    fn a_participle_before_its_noun_is_no_cue() {
        let f = reported("Clinton leads Sanders by 271 pledged delegates in the count.");
        assert!(f.is_empty(), "{f:?}");
        let d = parsed("The other two said the deal was dead.");
        let k = (0..d.tokens.len())
            .find(|&k| d.token_text(k) == "said")
            .expect("said");
        assert!(!modifier_participle(&d, k));
    }

    #[test]
    fn no_source_no_frame_attribution() {
        let f = reported("The plan was endorsed last week.");
        assert!(f.is_empty(), "{f:?}");
    }
}
