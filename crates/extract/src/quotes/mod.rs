//! Direct quotes, first version: quotation marks of every style are paired
//! (over several paragraphs when a paragraph re-opens an unclosed quote),
//! scare quotes are dropped, and each quote gets the nearest reporting verb
//! and its subject as cue and source; a follow-on quote with no cue of its
//! own continues the previous speaker. Speakers resolve through the
//! entities stage (full names, short names, pronouns).

mod cues;
pub mod learned;
mod reported;

use crate::features::{capitalised, lower};
use wirecode_doc::{ActorRef, Doc, EntityType, Quote, QuoteKind, Span, TokenKind};
use wirecode_lexicon::{CueKind, Words};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Double,
    Single,
    Guillemet,
    Angle,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Open(Style),
    Close(Style),
    /// Straight marks, and ’ which may be an apostrophe: decided in context.
    Either(Style),
}

fn mark_role(c: &str) -> Option<Role> {
    Some(match c {
        "“" | "„" | "‟" | "``" => Role::Open(Style::Double),
        "”" => Role::Close(Style::Double),
        "''" => Role::Either(Style::Double),
        "‘" | "‚" | "‛" | "`" => Role::Open(Style::Single),
        "’" | "'" => Role::Either(Style::Single),
        "\"" => Role::Either(Style::Double),
        "«" => Role::Open(Style::Guillemet),
        "»" => Role::Close(Style::Guillemet),
        "‹" => Role::Open(Style::Angle),
        "›" => Role::Close(Style::Angle),
        _ => return None,
    })
}

/// A paired quotation: token indices of the marks for each piece.
#[derive(Debug, Clone)]
struct Pair {
    /// (open mark token, close mark token or one past the paragraph's last token)
    pieces: Vec<(usize, usize)>,
}

/// Finds quotes and attributions and fills `doc.quotes`, with the learned
/// cue model when one is built in.
pub fn find_quotes(doc: &mut Doc) {
    find_quotes_with(doc, learned::CueModel::builtin());
}

/// Finds quotes and attributions with the rules, then adds those the cue
/// model finds (`None`: rules only, as when training that model).
pub fn find_quotes_with(doc: &mut Doc, model: Option<&learned::CueModel>) {
    let pairs = pair_marks(doc);
    let words = Words::get();
    let mut quotes: Vec<Quote> = Vec::new();
    // Token index of the last close mark of each emitted quote.
    let mut last_close: Vec<usize> = Vec::new();
    for p in pairs {
        if let Some(turns) = transcript_turns(doc, &p) {
            let (_, close) = *p.pieces.last().unwrap();
            for q in turns {
                quotes.push(q);
                last_close.push(close);
            }
            continue;
        }
        let content: Vec<Span> = p
            .pieces
            .iter()
            .filter_map(|&(o, c)| inner_span(doc, o, c))
            .collect();
        if content.is_empty() {
            continue;
        }
        let (open, _) = p.pieces[0];
        let (_, close) = *p.pieces.last().unwrap();
        let n_words: usize = p
            .pieces
            .iter()
            .map(|&(o, c)| {
                (o + 1..c.min(doc.tokens.len()))
                    .filter(|&k| doc.tokens[k].kind == TokenKind::Word)
                    .count()
            })
            .sum();
        let sentence_like = p.pieces.iter().any(|&(o, c)| {
            c > o + 1
                && c <= doc.tokens.len()
                && matches!(doc.token_text(c - 1), "." | "," | "!" | "?" | "..." | "…")
        });
        // A speaker inside the quotation itself is a misparse ('"I don't
        // like it," adding ...' made "I" the subject of "adding").
        let quoted = Span::new(
            doc.tokens[open].span.start,
            doc.tokens[close.min(doc.tokens.len() - 1)].span.end,
        );
        // A cue that a colon and a quotation follow ('... "down the line"
        // he warned: "..."') introduces that quotation, not this one.
        let introduces_next = |a: &Attribution| {
            a.cue.is_some_and(|c| {
                let t = doc.token_at(c.end - 1);
                t + 2 < doc.tokens.len()
                    && doc.token_text(t + 1) == ":"
                    && doc.tokens[t + 2].kind == TokenKind::Quote
            })
        };
        let after = attribution_after(doc, close, words)
            .filter(|a| !a.source.is_some_and(|s| quoted.contains(&s)))
            .filter(|a| !introduces_next(a));
        let attr = after.or_else(|| attribution_before(doc, open, words));
        if n_words < 4 && !sentence_like && attr.is_none() {
            continue; // scare quotes, titles, nicknames
        }
        if p.pieces.len() == 1 && is_title(doc, open, close) {
            continue; // 'on Fox News channel's "Sunday Morning Futures,"'
        }
        let mut kind = QuoteKind::Direct;
        let mut content = content;
        // A quote inside a sentence with no attribution of its own is a
        // fragment: part of reported speech (mixed) or a scare quote or title.
        let fragment = attr.is_none()
            && doc
                .sentence_at(doc.tokens[open].span.start)
                .is_some_and(|s| doc.sentences[s].tokens.start != open);
        // '"A," he said, but "B."' / '"A," Trump said during a rally in X,
        // "but B."': the second half of a split quote, set off from the
        // first by its attribution and a phrase after it.
        if attr.is_none() {
            if let (Some(prev), Some(&pc)) = (quotes.last_mut(), last_close.last()) {
                if prev.kind == QuoteKind::Direct
                    && split_second_half(doc, pc, open, prev.cue, words)
                {
                    prev.content.extend(content);
                    *last_close.last_mut().unwrap() = close;
                    continue;
                }
            }
        }
        let attr = match attr {
            Some(a) => Some(a),
            None => match attribution_in_sentence(doc, open, close, words) {
                // A quotation right after a speech verb ('he yelled "You
                // lie!"', 'by interjecting, "Only ..."') is what was said,
                // word for word, whatever else the sentence holds. (The same
                // after a colon lost more than it won on PolNeAR train.)
                Some((a, clause)) => match cue_before(doc, open, words) {
                    Some(k) => Some(Attribution {
                        source: a.source,
                        cue: Some(doc.tokens[k].span),
                    }),
                    None => {
                        kind = QuoteKind::Mixed;
                        content = vec![clause];
                        Some(a)
                    }
                },
                None if colon_intro(doc, open).is_some() => colon_intro(doc, open),
                None if fragment => match governing_verb(doc, open, close) {
                    Some(a) => {
                        kind = QuoteKind::Mixed;
                        Some(a)
                    }
                    None => continue,
                },
                None => None,
            },
        };
        // A quotation opening in the middle of a clause, after a word that
        // is no speech cue ('He says that "...', 'called it a "..."'), is a
        // fragment of the writer's sentence: reported speech with a verbatim
        // piece (mixed), with the complementiser in the content as in
        // "that"-clauses.
        if kind == QuoteKind::Direct && attr.is_some() && open > 0 {
            let before = open - 1;
            let starts_sentence = doc
                .sentence_at(doc.tokens[open].span.start)
                .is_some_and(|s| doc.sentences[s].tokens.start == open);
            // 'Sooner or later, "I think we will," he said': a lead set off
            // by a comma before a quotation its cue follows is said too.
            let comma_lead = doc.token_text(before) == "," && after.is_some();
            // 'Trump tweeted that, “...”': the complementiser before a comma.
            let that_k = if lower(doc, before) == "that" {
                Some(before)
            } else {
                (doc.token_text(before) == "," && before > 0 && lower(doc, before - 1) == "that")
                    .then(|| before - 1)
            };
            if !starts_sentence
                && (doc.tokens[before].kind == TokenKind::Word || comma_lead || that_k.is_some())
                && !speech_cue(doc, before, words)
            {
                kind = QuoteKind::Mixed;
                if let Some(t) = that_k {
                    if let Some(first) = content.first_mut() {
                        first.start = doc.tokens[t].span.start;
                    }
                } else if let Some(lead) = after.and_then(|_| lead_in(doc, open, words)) {
                    // 'Not paying taxes "makes me smart," Trump said': what
                    // is attributed is the whole sentence before the cue.
                    if let Some(first) = content.first_mut() {
                        first.start = lead;
                    }
                }
            }
        }
        // "That, the commission said, “would be helpful”", "The streets
        // were deserted, he added, “but people need to connect”": a
        // quotation that goes on a clause begun before a set-off cue says
        // that clause too (mixed: the lead and the quotation).
        if kind == QuoteKind::Direct {
            if let Some(lead) = attr.and_then(|a| lead_before_set_off_cue(doc, open, &a)) {
                kind = QuoteKind::Mixed;
                content.insert(0, lead);
            }
        }
        // The second half of a split quote shares the first half's cue.
        if let (Some(a), Some(prev)) = (attr, quotes.last_mut()) {
            if a.cue.is_some() && prev.cue == a.cue && kind == QuoteKind::Direct {
                prev.content.extend(content);
                *last_close.last_mut().unwrap() = close;
                continue;
            }
        }
        // A quote opening its sentence with no cue continues the previous one.
        let mut attr = attr;
        if attr.is_none() {
            if let (Some(prev), Some(&pc)) = (quotes.last_mut(), last_close.last()) {
                let gap_ok = continues(doc, pc, open);
                if gap_ok && prev.kind == QuoteKind::Direct {
                    prev.content.extend(content);
                    *last_close.last_mut().unwrap() = close;
                    continue;
                }
                // After a mixed quote the speaker goes on in a quotation of
                // its own: same source and cue.
                if gap_ok && prev.kind == QuoteKind::Mixed && kind == QuoteKind::Direct {
                    attr = Some(Attribution {
                        source: prev.source,
                        cue: prev.cue,
                    });
                }
            }
            if n_words < 4 && attr.is_none() {
                continue;
            }
            // A quotation with no cue that opens its sentence speaks for
            // the person the sentence before is about ('Trump spoke only in
            // bromides. "We have to do something."').
            if attr.is_none() && n_words >= 4 {
                attr = introduced_speaker(doc, open).map(|source| Attribution {
                    source: Some(source),
                    cue: None,
                });
            }
        }
        let (source, cue) = match attr {
            Some(a) => (a.source, a.cue),
            None => (None, None),
        };
        quotes.push(Quote {
            kind,
            content,
            source,
            cue,
            speaker: None,
            responds_to: None,
        });
        last_close.push(close);
    }
    reported::find_reported(doc, &mut quotes);
    headline_attributions(doc, &mut quotes);
    if let Some(m) = model {
        m.add_to(doc, &mut quotes);
    }
    // "released the following statement: ...": a stance whose content is
    // the label of what the colon introduces says nothing itself.
    let text = doc.article.text.as_str();
    quotes.retain(|q| {
        let announces = q.kind == QuoteKind::Stance
            && q.content.len() == 1
            && text[q.content[0].end..].trim_start().starts_with(':');
        !announces
    });
    quotes.retain(|q| !struck_object(doc, q) && !anonymity(doc, q));
    drop_nested(doc, &mut quotes, words);
    drop_shadowed(doc, &mut quotes, words);
    quotes.sort_by_key(|q| {
        let c = q.content.first().map_or(usize::MAX, |s| s.start);
        q.source.map_or(c, |s| s.start.min(c))
    });
    // What was said, quoted or reported: a person named there is no
    // antecedent of a "he" who speaks after it ("X asked why he was not
    // chosen to accompany Y. '...,' he said": X).
    let quoted: Vec<Span> = quotes
        .iter()
        .flat_map(|q| q.content.iter().copied())
        .collect();
    for i in 0..quotes.len() {
        if let Some(src) = quotes[i].source {
            // Never past the cue or the content that follows the source.
            let limit = quotes[i]
                .cue
                .iter()
                .chain(quotes[i].content.iter())
                .map(|s| s.start)
                .filter(|&x| x >= src.end)
                .min()
                .unwrap_or(doc.article.text.len());
            quotes[i].source = Some(whole_names(doc, without_opener(doc, src), limit));
        }
        let sp = resolve_speaker(doc, &quotes[..i], quotes[i].source, &quoted);
        quotes[i].speaker = sp;
    }
    link_denials(doc, &mut quotes, words);
    doc.quotes = quotes;
}

/// `src` without a conjunction or subordinator that opens it ("While old
/// Iowa political hands say ...", "But Cologne police say ..."): the clause
/// marker is no part of who speaks.
fn without_opener(doc: &Doc, src: Span) -> Span {
    let k = doc.token_at(src.start);
    let opener = k + 1 < doc.tokens.len()
        && doc.tokens[k].span.start == src.start
        && matches!(doc.tokens[k].upos, Some("SCONJ" | "CCONJ"))
        && doc.tokens[k + 1].span.end <= src.end;
    if opener {
        Span::new(doc.tokens[k + 1].span.start, src.end)
    } else {
        src
    }
}

/// Drops a reported attribution whose content lies inside another
/// attribution's content ("Kerry said that he expects to meet Lavrov to
/// discuss a proposal": "expects" and "discuss" are part of what Kerry said,
/// not claims of their own). Attribution corpora annotate the outer one
/// only (PolNeAR train: 3 of 19,832 contents lie inside another), so the
/// inner ones were mostly counted wrong. Direct quotations stay, and so do
/// denials and accusations wherever they are reported, and whatever a
/// denial denies ("accused the US of X, which Washington denies": the
/// accusation is the claim the denial answers). A poll's framing stays over
/// the saying it frames ("In exit polls, 36 percent said ..."), as PolNeAR
/// has it (PolNeAR train content F1 0.6761 against 0.6756 the other way).
fn drop_nested(doc: &Doc, quotes: &mut Vec<Quote>, words: &Words) {
    let kinds: Vec<Option<CueKind>> = quotes.iter().map(|q| cue_kind(doc, q, words)).collect();
    let sizes: Vec<usize> = quotes
        .iter()
        .map(|q| q.content.iter().map(|c| c.len()).sum())
        .collect();
    // Whether quote `i`'s content lies inside quote `j`'s.
    let inside = |i: usize, j: usize| {
        sizes[j] > sizes[i]
            && quotes[i]
                .content
                .iter()
                .all(|c| quotes[j].content.iter().any(|d| d.contains(c)))
    };
    let keep: Vec<bool> = (0..quotes.len())
        .map(|i| {
            // The same words with the same cue found twice (as reported
            // speech and as a quotation inside it) are one attribution.
            let twice = (0..i)
                .any(|j| quotes[j].content == quotes[i].content && quotes[j].cue == quotes[i].cue);
            if twice {
                return false;
            }
            // Denials and accusations are events of their own (CAMEO 016,
            // 112): they stay wherever they are reported.
            quotes[i].kind == QuoteKind::Direct
                || matches!(kinds[i], Some(CueKind::Deny | CueKind::Accuse))
                || !(0..quotes.len()).any(|j| kinds[j] != Some(CueKind::Deny) && inside(i, j))
        })
        .collect();
    let mut keep = keep.into_iter();
    quotes.retain(|_| keep.next().unwrap_or(true));
}

/// Whether reported content `q` only asks for the source's anonymity
/// ("who asked not to be named", "asked for anonymity"): wire copy's
/// formula for an unnamed source, no attribution.
fn anonymity(doc: &Doc, q: &Quote) -> bool {
    q.kind != QuoteKind::Direct
        && q.content.first().is_some_and(|c| {
            let t = doc.slice(*c).to_lowercase();
            [
                "not to be named",
                "not to be identified",
                "anonymity",
                "for anonymity",
            ]
            .iter()
            .any(|p| t.starts_with(p))
        })
}

/// Whether reported content `q` is a place, vehicle or weapon that a cue
/// of violence acts on ("fighters attacked the town", "gunmen fired
/// rockets"): its head is a noun of `data/quotes/physical.tsv` or a place
/// the entities stage found. Verbs of praise and blame keep such objects
/// ("thanked Miami", "defended his position").
fn struck_object(doc: &Doc, q: &Quote) -> bool {
    static PHYSICAL: std::sync::OnceLock<std::collections::HashSet<&'static str>> =
        std::sync::OnceLock::new();
    let nouns = PHYSICAL.get_or_init(|| {
        include_str!("../../../../data/quotes/physical.tsv")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    });
    if q.kind == QuoteKind::Direct || q.kind == QuoteKind::Mixed || q.content.len() != 1 {
        return false;
    }
    // Only a cue of violence (checked first: it is the rare case). A named
    // place is content of praise or blame ("thanked Miami", "denunciation
    // of Israel"), but not of an attack.
    let violent = q.cue.is_some_and(|c| {
        let k = doc.token_at(c.start);
        matches!(
            crate::features::lemma_of(doc, k).as_str(),
            "attack" | "hit" | "strike" | "target" | "fire" | "bomb" | "shell" | "raid" | "storm"
        )
    });
    if !violent {
        return false;
    }
    let c = q.content[0];
    let (lo, hi) = (doc.token_at(c.start), doc.token_at(c.end.saturating_sub(1)));
    let inside = |h: Option<usize>| h.is_some_and(|h| h >= lo && h <= hi);
    // The first head ("the town" in "the town on Monday").
    let Some(root) = (lo..=hi).find(|&k| !inside(doc.tokens[k].head)) else {
        return false;
    };
    let t = &doc.tokens[root];
    let noun = matches!(t.upos, Some("NOUN" | "PROPN"));
    let place = doc.entities.iter().any(|e| {
        e.span.start <= t.span.start
            && t.span.end <= e.span.end
            && matches!(e.label, EntityType::Gpe | EntityType::Loc | EntityType::Fac)
    });
    noun && (place || nouns.contains(crate::features::lemma_of(doc, root).as_str()))
}

/// Reported speech read off the cue of a direct quotation: the cue after
/// a quotation has said what it introduces, so what the parse hangs from
/// it besides is the speaker's appositive ('," stated Mr Ging, who ...'), a
/// clause of the writer's ('," he said, but he also pointed to ...') or the
/// lead before it, and is dropped. A participle of saying that opens it
/// ('," he said, adding that ...', 'going on to say that ...') is its own
/// cue: the attribution moves to it. A that-clause clear of the quotation
/// and of its speaker stays.
fn drop_shadowed(doc: &Doc, quotes: &mut Vec<Quote>, words: &Words) {
    let overlaps = |a: &Span, b: &Span| a.start < b.end && b.start < a.end;
    let n = doc.tokens.len();
    let mut keep = vec![true; quotes.len()];
    for i in 0..quotes.len() {
        let q = &quotes[i];
        let Some(first) = q.content.first().copied() else {
            continue;
        };
        if q.kind == QuoteKind::Direct || q.cue.is_none() {
            continue;
        }
        let mut k = doc.token_at(first.start);
        while k + 1 < n && doc.token_text(k) == "," {
            k += 1;
        }
        let opens_that = doc.token_text(k).eq_ignore_ascii_case("that");
        // 'Still, clubs are "scratching out a profit," he said. "Golf is
        // ...": a mixed lead before its cue and the direct quote after the
        // cue are one attribution; the quote joins the lead.
        let cue = q.cue.unwrap_or(first);
        let lead = q.kind == QuoteKind::Mixed && q.content.iter().all(|c| c.end <= cue.start);
        let follower = lead
            .then(|| {
                quotes.iter().position(|d| {
                    d.kind == QuoteKind::Direct
                        && d.cue == q.cue
                        && d.content.iter().all(|c| c.start >= cue.end)
                })
            })
            .flatten();
        if let Some(j) = follower.filter(|&j| keep[j]) {
            let more = quotes[j].content.clone();
            quotes[i].content.extend(more);
            keep[j] = false;
            continue;
        }
        let q = &quotes[i];
        let shadowed = quotes.iter().any(|d| {
            d.kind == QuoteKind::Direct
                && d.cue == q.cue
                && (!opens_that
                    || q.content.iter().any(|c| {
                        d.content
                            .iter()
                            .chain(d.source.iter())
                            .any(|x| overlaps(c, x))
                    }))
        });
        if !shadowed {
            // '," she charges, alleging that ...': the participle right
            // before the clause is its cue.
            if let Some(p) = k.checked_sub(1).filter(|&p| {
                q.cue.is_some_and(|c| doc.tokens[p].span.start > c.end)
                    && lower(doc, p).ends_with("ing")
                    && speech_cue(doc, p, words)
            }) {
                quotes[i].cue = Some(doc.tokens[p].span);
            }
            continue;
        }
        // "going on to say that ...": the cue is "say".
        let mut cue = k;
        if lower(doc, k) == "going"
            && k + 3 < n
            && lower(doc, k + 1) == "on"
            && lower(doc, k + 2) == "to"
        {
            cue = k + 3;
        }
        let participle = lower(doc, k).ends_with("ing") && speech_cue(doc, cue, words);
        let rest = doc.tokens.get(cue + 1).map(|t| t.span.start);
        match rest.filter(|&r| participle && r < first.end) {
            Some(r) => {
                quotes[i].content[0] = Span::new(r, first.end);
                quotes[i].cue = Some(doc.tokens[cue].span);
            }
            None => keep[i] = false,
        }
    }
    // 'About the invention of ‘SAU Feedmill-1,’ Masud Rana said it took
    // ...': a quoted phrase before a cue that has a clause of its own after
    // it is a title or a scare quote, and the lead ending in it no content.
    for i in 0..quotes.len() {
        let (q, Some(cue)) = (&quotes[i], quotes[i].cue) else {
            continue;
        };
        let before = q.kind == QuoteKind::Mixed && q.content.iter().all(|c| c.end <= cue.start);
        if before
            && quotes.iter().enumerate().any(|(j, r)| {
                j != i
                    && keep[j]
                    && r.kind != QuoteKind::Direct
                    && r.cue == Some(cue)
                    && r.content.iter().all(|c| c.start >= cue.end)
            })
        {
            keep[i] = false;
        }
    }
    let mut it = keep.into_iter();
    quotes.retain(|_| it.next().unwrap_or(true));
}

/// For a quotation at mark `open` that opens in lower case right after
/// ", SOURCE CUE," ("An economic downturn, he said, “could be ...”"): the
/// words from the sentence start to the comma before the source, when they
/// hold no quotation mark.
fn lead_before_set_off_cue(doc: &Doc, open: usize, a: &Attribution) -> Option<Span> {
    let (src, cue) = (a.source?, a.cue?);
    let first = open + 1;
    let lower_start = first < doc.tokens.len()
        && doc
            .token_text(first)
            .starts_with(|c: char| c.is_lowercase());
    if !lower_start || cue.end > doc.tokens[open].span.start || open < 2 {
        return None;
    }
    // ", SOURCE CUE ,“": a comma right before the mark and before the source.
    if doc.token_text(open - 1) != "," {
        return None;
    }
    let s_tok = doc.token_at(src.start);
    let comma = s_tok.checked_sub(1)?;
    let sent = doc.sentence_at(doc.tokens[open].span.start)?;
    let floor = doc.sentences[sent].tokens.start;
    if doc.token_text(comma) != "," || comma <= floor {
        return None;
    }
    if (floor..comma).any(|k| doc.tokens[k].kind == TokenKind::Quote) {
        return None;
    }
    // The source and its cue are one set-off phrase: only words between
    // them ("Axelrod emailed her, addressing her as “Hillary” and telling
    // her, “...”" sets off no cue).
    let (src_end, cue_k) = (doc.token_at(src.end - 1), doc.token_at(cue.start));
    if (src_end + 1..cue_k).any(|k| doc.tokens[k].kind != TokenKind::Word) {
        return None;
    }
    Some(Span::new(
        doc.tokens[floor].span.start,
        doc.tokens[comma - 1].span.end,
    ))
}

/// Start (byte offset) of the words before quotation mark `open` in its
/// sentence, when they hold no cue, colon or other quotation: the lead-in
/// of a quote that the cue after it attributes as a whole.
fn lead_in(doc: &Doc, open: usize, words: &Words) -> Option<usize> {
    let s = doc.sentence_at(doc.tokens[open].span.start)?;
    let start = doc.sentences[s].tokens.start;
    if start >= open {
        return None;
    }
    let clean = (start..open).all(|k| {
        let t = doc.token_text(k);
        !matches!(
            t,
            ":" | "\"" | "“" | "”" | "‘" | "’" | "''" | "``" | "«" | "»"
        ) && words.cue(&lower(doc, k)).is_none()
    });
    clean.then(|| doc.tokens[start].span.start)
}

/// The quote of a headline-like paragraph (tokens `a..b`, at most 25
/// words) made of a label, a colon and one quotation, when the label names a
/// person and no quote covers the paragraph yet.
fn headline_colon_quote(doc: &Doc, a: usize, b: usize, quotes: &[Quote]) -> Option<Quote> {
    let words = (a..b)
        .filter(|&k| doc.tokens[k].kind == TokenKind::Word)
        .count();
    if words > 25 || b < a + 4 {
        return None;
    }
    let colon = (a + 1..b.saturating_sub(2)).find(|&k| doc.token_text(k) == ":")?;
    let open = colon + 1;
    let mut close = b - 1;
    while close > open && doc.tokens[close].kind == TokenKind::Punct {
        close -= 1;
    }
    if doc.tokens[open].kind != TokenKind::Quote
        || doc.tokens[close].kind != TokenKind::Quote
        || close <= open + 1
    {
        return None;
    }
    let content = inner_span(doc, open, close)?;
    if quotes
        .iter()
        .any(|q| q.content.iter().any(|c| c.overlaps(&content)))
    {
        return None;
    }
    let label = Span::new(doc.tokens[a].span.start, doc.tokens[colon - 1].span.end);
    let person = doc
        .entities_overlapping(label)
        .filter(|e| e.label == EntityType::Person && label.contains(&e.span))
        .last()?;
    Some(Quote {
        kind: QuoteKind::Direct,
        content: vec![content],
        source: Some(person.span),
        cue: Some(doc.tokens[colon].span),
        speaker: None,
        responds_to: None,
    })
}

/// End (exclusive) of a transcript speaker label starting at token `a`: one
/// to three words in capitals ("WALLACE", "SEN. KAINE") and a colon.
fn speaker_label_end(doc: &Doc, a: usize, b: usize) -> Option<usize> {
    let mut k = a;
    while k < b && k < a + 4 {
        let w = doc.token_text(k);
        let caps = doc.tokens[k].kind == TokenKind::Word
            && w.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && !w.chars().any(char::is_lowercase);
        if caps || (k > a && w == ".") {
            k += 1;
        } else {
            break;
        }
    }
    // Section labels in capitals are not speakers.
    let label = doc.slice(Span::new(
        doc.tokens[a].span.start,
        doc.tokens[k.max(a + 1) - 1].span.end,
    ));
    let not_speaker = matches!(
        label,
        "UPDATE"
            | "BREAKING"
            | "EXCLUSIVE"
            | "WATCH"
            | "VIDEO"
            | "PHOTOS"
            | "NOTE"
            | "CORRECTION"
            | "READ MORE"
            | "RELATED"
            | "SOURCE"
            | "Q"
            | "A"
    );
    (k > a && k + 1 < b && doc.token_text(k) == ":" && !not_speaker).then_some(k)
}

/// A quotation whose paragraphs are transcript turns ("WALLACE: ...",
/// "PENCE: ..."): one attribution a turn (kind `indirect`: the marks open
/// the transcript, not the turn's words), the label as source; paragraphs
/// without a label continue the turn before them, and stage directions
/// ("(CROSSTALK.)") are dropped. `None` when no paragraph has a label.
fn transcript_turns(doc: &Doc, p: &Pair) -> Option<Vec<Quote>> {
    if p.pieces.len() < 2 {
        return None;
    }
    let mut out: Vec<Quote> = Vec::new();
    let mut labelled = false;
    for &(o, c) in &p.pieces {
        let b = c.min(doc.tokens.len());
        if o + 1 >= b {
            continue;
        }
        if doc.token_text(o + 1) == "(" {
            continue; // a stage direction
        }
        if let Some(colon) = speaker_label_end(doc, o + 1, b) {
            labelled = true;
            let content = inner_span(doc, colon, c)?;
            out.push(Quote {
                kind: QuoteKind::Indirect,
                content: vec![content],
                source: Some(Span::new(
                    doc.tokens[o + 1].span.start,
                    doc.tokens[colon - 1].span.end,
                )),
                cue: Some(doc.tokens[colon].span),
                speaker: None,
                responds_to: None,
            });
        } else if let (Some(prev), Some(content)) = (out.last_mut(), inner_span(doc, o, c)) {
            prev.content.push(content);
        }
    }
    labelled.then_some(out)
}

/// Headline attributions: "Pat Caddell: Voters Worried About ..." and
/// "Trump Could Back Clean Energy, Lindsey Graham Says". Only in headline-like
/// paragraphs (one sentence, no final stop), where no other attribution is.
fn headline_attributions(doc: &Doc, quotes: &mut Vec<Quote>) {
    // Labels before a headline's colon that name no source.
    const NOT_SOURCES: &[&str] = &[
        "update",
        "breaking",
        "breaking news",
        "exclusive",
        "watch",
        "video",
        "photos",
        "note",
        "correction",
        "related",
        "source",
        "analysis",
        "opinion",
        "editorial",
        "review",
        "explainer",
        "live",
        "factbox",
        "timeline",
        "the latest",
        "revealed",
        "bombshell",
        "look",
        "wow",
        "just leaked",
        "just in",
        "factcheck",
        "fact check",
        "read more",
        "q&a",
        "obituary",
        "profile",
        "preview",
        "interview",
        "at a glance",
        "in pictures",
        "in quotes",
        "quiz",
        "dvd review",
        "film review",
        "book review",
    ];
    for (pi, p) in doc.paragraphs.iter().enumerate() {
        let text = doc.slice(*p);
        // The first paragraph is the headline: a closing stop there (which
        // some feeds add) does not make it a sentence of the story.
        let headline = pi == 0;
        let (a, b) = (
            doc.token_at(p.start),
            doc.token_at(p.end).min(doc.tokens.len()),
        );
        // "WALLACE: ...": a transcript turn, whatever its length.
        if let Some(colon) = speaker_label_end(doc, a, b) {
            // A turn already attributed (inside a quoted transcript) is
            // not attributed again; attributions inside the turn's words
            // ("TAPPER: Trump released a video talking about X") are
            // nested in it.
            let turn_start = doc.tokens[colon + 1].span.start;
            if !quotes.iter().any(|q| {
                q.content
                    .iter()
                    .any(|c| p.contains(c) && c.start <= turn_start + 1)
            }) {
                quotes.push(reported::attribution(
                    QuoteKind::Indirect,
                    vec![Span::new(doc.tokens[colon + 1].span.start, p.end)],
                    Some(Span::new(
                        doc.tokens[a].span.start,
                        doc.tokens[colon - 1].span.end,
                    )),
                    doc.tokens[colon].span,
                ));
            }
            continue;
        }
        // "A lesson from Loretta Lynch: 'Be the voice ...'": a short
        // paragraph whose words after a colon are all one quotation; the
        // person named before the colon said it.
        if let Some(q) = headline_colon_quote(doc, a, b, quotes) {
            quotes.push(q);
            continue;
        }
        let stop = text.ends_with(['.', '!', '?', '"', '”']);
        if (stop && !(headline && text.ends_with('.'))) || text.split_whitespace().count() > 25 {
            continue;
        }
        // Quotations inside the paragraph: a headline's label may still
        // attribute all the words after its colon, quoted or not.
        let inside: Vec<usize> = (0..quotes.len())
            .filter(|&i| quotes[i].content.iter().any(|c| p.contains(c)))
            .collect();
        if b <= a + 2 {
            continue;
        }
        // What follows a label says something when it has a verb or a
        // quotation: "Murphy: That was a bruising battle", "Campbell: Row
        // 'silly fuss'", "Lynch: No outside influence", not "Arthur Hailey: King
        // of the bestsellers".
        let says_something = |from: usize| {
            matches!(doc.token_text(from), "No" | "Not" | "Never")
                || (from..b).any(|k| {
                    doc.tokens[k].kind == TokenKind::Quote
                        || matches!(doc.tokens[k].upos, Some("VERB" | "AUX"))
                })
        };
        // The content ends before a headline's added stop.
        let content_end = if stop && doc.token_text(b - 1) == "." {
            doc.tokens[b - 1].span.start
        } else {
            p.end
        };
        // NAME: CONTENT, past a section label set off by a dash
        // ("EXCLUSIVE – Roger Stone: ...").
        let a = (a + 1..(a + 4).min(b))
            .find(|&k| matches!(doc.token_text(k), "–" | "—" | "-") && doc.tokens[k].space_before)
            .filter(|&d| {
                let lab = doc.slice(Span::new(
                    doc.tokens[a].span.start,
                    doc.tokens[d - 1].span.end,
                ));
                NOT_SOURCES.contains(&lab.to_lowercase().as_str())
            })
            .map_or(a, |d| d + 1);
        // The label is a name, with nouns after it ("Clinton camp") and
        // whom or where it spoke ("Clinton to Planned Parenthood",
        // "Mukasey at RNC"); "to" ends the source.
        let mut addressee = None;
        let mut venue = false;
        let name_end = (a..b)
            .take_while(|&k| {
                let w = lower(doc, k);
                if k > a && matches!(w.as_str(), "to" | "at") && is_cap_word(doc, k + 1) {
                    if w == "to" && addressee.is_none() {
                        addressee = Some(k);
                    }
                    venue = true;
                    return true;
                }
                is_cap_word(doc, k)
                    || name_link(doc, k)
                    || (k > a && k < a + 3 && doc.tokens[k].upos == Some("NOUN"))
            })
            .last();
        let longest = if venue { 8 } else { 5 };
        if let Some(e) = name_end.filter(|&e| is_cap_word(doc, a) && e + 2 < b && e - a < longest) {
            let label = doc.slice(Span::new(doc.tokens[a].span.start, doc.tokens[e].span.end));
            // Headline style: most words after the colon capitalised.
            let body: Vec<usize> = (e + 2..b)
                .filter(|&k| doc.tokens[k].kind == TokenKind::Word)
                .collect();
            // Title Case says something when a person or a poll speaks
            // ("Poll: Sanders Burns Clinton ...", not "Breitbart News Daily:
            // A World at War").
            let label_span = Span::new(doc.tokens[a].span.start, doc.tokens[e].span.end);
            let speaker_label = doc
                .entities_overlapping(label_span)
                .any(|x| x.label == EntityType::Person)
                || matches!(
                    label.to_lowercase().as_str(),
                    "poll" | "new poll" | "survey" | "study" | "report"
                );
            let title_case = speaker_label
                && body.len() >= 4
                && body.iter().filter(|&&k| is_cap_word(doc, k)).count() * 4 >= body.len() * 3;
            // A quotation that is all the words after the colon is a direct
            // quote of its own ('Trump: "I\'m the Worst Thing ..."').
            let mut last = b - 1;
            while last > e + 2 && doc.tokens[last].kind == TokenKind::Punct {
                last -= 1;
            }
            let all_quoted = doc.tokens[e + 2].kind == TokenKind::Quote
                && doc.tokens[last].kind == TokenKind::Quote;
            let content = Span::new(doc.tokens[e + 2].span.start, content_end);
            let quoted_inside = inside
                .iter()
                .all(|&i| quotes[i].content.iter().all(|c| content.contains(c)));
            if doc.token_text(e + 1) == ":"
                && !NOT_SOURCES.contains(&label.to_lowercase().as_str())
                && (says_something(e + 2) || title_case)
                && (inside.is_empty() || (headline && quoted_inside && !all_quoted))
            {
                let source_end = addressee.map_or(e, |t| t - 1);
                let (kind, content) = if all_quoted {
                    // 'Kasich: "We Are Going All The Way"': the quotation.
                    let inner = inner_span(doc, e + 2, last).unwrap_or(content);
                    (QuoteKind::Direct, inner)
                } else if inside.is_empty() {
                    (QuoteKind::Indirect, content)
                } else {
                    (QuoteKind::Mixed, content)
                };
                for &i in inside.iter().rev() {
                    quotes.remove(i);
                }
                quotes.push(reported::attribution(
                    kind,
                    vec![content],
                    Some(Span::new(
                        doc.tokens[a].span.start,
                        doc.tokens[source_end].span.end,
                    )),
                    doc.tokens[e + 1].span,
                ));
                continue;
            }
        }
        if !inside.is_empty() {
            continue;
        }
        // CONTENT, NAME Says
        let mut last = b - 1;
        if stop && last > a && doc.token_text(last) == "." {
            last -= 1;
        }
        if matches!(doc.token_text(last), "Says" | "Said" | "Warns" | "Claims") {
            let mut k = last;
            while k > a && (is_cap_word(doc, k - 1) || name_link(doc, k - 1)) {
                k -= 1;
            }
            if k < last && k > a + 1 && doc.token_text(k - 1) == "," {
                quotes.push(Quote {
                    kind: QuoteKind::Indirect,
                    content: vec![Span::new(p.start, doc.tokens[k - 2].span.end)],
                    source: Some(Span::new(
                        doc.tokens[k].span.start,
                        doc.tokens[last - 1].span.end,
                    )),
                    cue: Some(doc.tokens[last].span),
                    speaker: None,
                    responds_to: None,
                });
            }
        }
    }
}

/// The lexicon's kind of quote `q`'s cue, if the lexicon lists it.
fn cue_kind(doc: &Doc, q: &Quote, words: &Words) -> Option<CueKind> {
    q.cue
        .and_then(|c| words.cue(&doc.slice(c).to_lowercase()))
        .map(|c| c.kind)
}

/// Links each denial to the claim or accusation it answers: the nearest
/// earlier attribution (same sentence or up to three before) by another speaker.
fn link_denials(doc: &Doc, quotes: &mut [Quote], words: &Words) {
    let kind = |q: &Quote| cue_kind(doc, q, words);
    let sentence = |q: &Quote| {
        q.cue
            .or(q.content.first().copied())
            .and_then(|s| doc.sentence_at(s.start))
    };
    for i in 0..quotes.len() {
        if kind(&quotes[i]) != Some(CueKind::Deny) {
            continue;
        }
        let Some(si) = sentence(&quotes[i]) else {
            continue;
        };
        let answered = (0..i).rev().find(|&j| {
            let q = &quotes[j];
            matches!(
                kind(q),
                Some(CueKind::Claim | CueKind::Accuse | CueKind::Speech)
            ) && sentence(q).is_some_and(|sj| sj <= si && si - sj <= 3)
                && (q.speaker.is_none() || q.speaker != quotes[i].speaker)
        });
        quotes[i].responds_to = answered;
    }
}

/// True when the quote opening at `open` starts a sentence that follows,
/// with only an attribution in between, the quote that closed at `prev_close`.
fn continues(doc: &Doc, prev_close: usize, open: usize) -> bool {
    if open <= prev_close {
        return false;
    }
    let sent = |k: usize| doc.sentence_at(doc.tokens[k.min(doc.tokens.len() - 1)].span.start);
    let (Some(s), Some(p)) = (sent(open), sent(prev_close)) else {
        return false;
    };
    // No other quotation between them, but a title or a scare quote in the
    // attribution may be ('Trump told NBC's "Today" on Monday.').
    let marks: Vec<usize> = (prev_close + 1..open)
        .filter(|&k| quote_mark(doc, k))
        .collect();
    let no_marks_between = marks.len().is_multiple_of(2)
        && marks.chunks(2).all(|m| {
            (m[0] + 1..m[1])
                .filter(|&k| doc.tokens[k].kind == TokenKind::Word)
                .count()
                < 6
        });
    // At most one sentence between them, and a short one ('Warren said.').
    let short_gap = s <= p + 1 || (s == p + 2 && doc.sentences[p + 1].tokens.len() <= 16);
    doc.sentences[s].tokens.start == open && short_gap && no_marks_between
}

/// Whether a quotation opening at `open` is the second half of the split
/// quote closed at `prev_close` whose cue, `cue`, follows it: one sentence,
/// no other mark between, and only the attribution and a short phrase after
/// it, set off by a comma (and a "but"/"and" after it).
fn split_second_half(
    doc: &Doc,
    prev_close: usize,
    open: usize,
    cue: Option<Span>,
    words: &Words,
) -> bool {
    let Some(cue) = cue else {
        return false;
    };
    if open <= prev_close + 2 || open - prev_close > 20 {
        return false;
    }
    let sent = |k: usize| doc.sentence_at(doc.tokens[k].span.start);
    let cue_k = doc.token_at(cue.start);
    if !(prev_close < cue_k && cue_k < open) || sent(prev_close) != sent(open) {
        return false;
    }
    let between_ok = (prev_close + 1..open).all(|k| {
        matches!(doc.tokens[k].kind, TokenKind::Word | TokenKind::Number)
            || matches!(doc.token_text(k), "," | "." | "-" | "(" | ")")
    });
    // '"A," Sanders said, suggesting a few questions, including, "B"': a
    // second cue after the first introduces a quotation of its own.
    let second_cue = (cue_k + 1..open).any(|k| speech_cue(doc, k, words));
    let before = open - 1;
    let set_off = match doc.token_text(before) {
        "," => true,
        "but" | "and" => doc.token_text(before - 1) == ",",
        _ => false,
    };
    between_ok && set_off && !second_cue && cue_k + 1 < before
}

/// The text between an open mark and its close (exclusive), trimmed.
fn inner_span(doc: &Doc, open: usize, close: usize) -> Option<Span> {
    let first = open + 1;
    let last = close.min(doc.tokens.len());
    if first >= last {
        return None;
    }
    Some(Span::new(
        doc.tokens[first].span.start,
        doc.tokens[last - 1].span.end,
    ))
}

/// Pairs quotation marks into top-level quotes, in text order.
fn pair_marks(doc: &Doc) -> Vec<Pair> {
    let mut out = Vec::new();
    // Open quote carried over from the previous paragraph: (style, pieces so far).
    let mut carry: Option<(Style, Pair)> = None;
    for (pi, para) in doc.paragraphs.iter().enumerate() {
        let a = doc.token_at(para.start);
        let b = doc.token_at(para.end);
        let mut stack: Vec<(Style, usize)> = Vec::new();
        let mut current: Option<Pair> = None;
        if let Some((style, pair)) = carry.take() {
            // Continues only when this paragraph opens with the same style.
            let first = (a < b).then(|| mark_role(doc.token_text(a))).flatten();
            let reopens =
                matches!(first, Some(Role::Open(s)) | Some(Role::Either(s)) if s == style);
            if reopens {
                stack.push((style, a));
                current = Some(pair);
            } else {
                out.push(pair);
            }
        }
        let start_k = if current.is_some() { a + 1 } else { a };
        for k in start_k..b {
            let t = &doc.tokens[k];
            if t.kind != TokenKind::Quote {
                continue;
            }
            let Some(role) = mark_role(doc.token_text(k)) else {
                continue;
            };
            let role = match role {
                Role::Either(style) => {
                    let open_here = t.space_before
                        || k == a
                        || matches!(doc.token_text(k - 1), "(" | "[" | "—" | "–" | "-" | ":");
                    let next_attached = k + 1 < b && !doc.tokens[k + 1].space_before;
                    let has_open = stack.iter().any(|(s, _)| *s == style);
                    if has_open
                        && !(open_here
                            && next_attached
                            && style == Style::Double
                            && stack.last().map(|x| x.0) != Some(style))
                    {
                        Role::Close(style)
                    } else if open_here && next_attached {
                        Role::Open(style)
                    } else if style == Style::Single {
                        continue; // an apostrophe ("rebels'")
                    } else {
                        Role::Close(style)
                    }
                }
                // An opening mark typed where the closing one belongs
                // ('"It's unusual,“ said Noble'): attached to the word
                // before it, free after it, with a quotation open.
                Role::Open(Style::Double)
                    if !t.space_before
                        && k > a
                        && (k + 1 >= b || doc.tokens[k + 1].space_before)
                        && stack.iter().any(|(s, _)| *s == Style::Double) =>
                {
                    Role::Close(Style::Double)
                }
                // An apostrophe typed as an opening single mark ("CBS‘
                // Face the Nation"): attached to the word before, free after.
                Role::Open(Style::Single)
                    if !t.space_before
                        && k > a
                        && doc.tokens[k - 1].kind == TokenKind::Word
                        && (k + 1 >= b || doc.tokens[k + 1].space_before) =>
                {
                    continue;
                }
                // A closing mark typed where the opening one belongs
                // ('”Fear. I am truly afraid ...” ― Edwin G. Monroy'): free
                // before it, attached to the word after it, none open.
                Role::Close(Style::Double)
                    if (t.space_before || k == a)
                        && k + 1 < b
                        && !doc.tokens[k + 1].space_before
                        && doc.tokens[k + 1].kind == TokenKind::Word
                        && !stack.iter().any(|(s, _)| *s == Style::Double) =>
                {
                    Role::Open(Style::Double)
                }
                r => r,
            };
            match role {
                Role::Open(style) => stack.push((style, k)),
                Role::Close(style) => {
                    if let Some(pos) = stack.iter().rposition(|(s, _)| *s == style) {
                        let (_, o) = stack[pos];
                        stack.truncate(pos);
                        if pos == 0 {
                            let mut pair = current.take().unwrap_or(Pair { pieces: vec![] });
                            pair.pieces.push((o, k));
                            out.push(pair);
                        }
                    }
                }
                Role::Either(_) => {}
            }
        }
        // An unclosed top-level double quote may run on into the next paragraph.
        if let Some(&(style, o)) = stack.first() {
            let mut pair = current.take().unwrap_or(Pair { pieces: vec![] });
            pair.pieces.push((o, b));
            if matches!(style, Style::Double | Style::Guillemet) && pi + 1 < doc.paragraphs.len() {
                carry = Some((style, pair));
            } else {
                out.push(pair);
            }
        } else if let Some(pair) = current.take() {
            out.push(pair);
        }
    }
    if let Some((_, pair)) = carry {
        out.push(pair);
    }
    out.retain(|p| !p.pieces.is_empty());
    out.sort_by_key(|p| p.pieces[0].0);
    out
}

/// Cue and source found for a quote.
#[derive(Debug, Clone, Copy)]
struct Attribution {
    source: Option<Span>,
    cue: Option<Span>,
}

fn speech_cue(doc: &Doc, k: usize, words: &Words) -> bool {
    // "so-called" is not a cue.
    let hyphenated = k > 0 && !doc.tokens[k].space_before && doc.token_text(k - 1) == "-";
    !hyphenated
        && doc.tokens[k].kind == TokenKind::Word
        && words
            .cue(&lower(doc, k))
            .is_some_and(|c| c.kind != CueKind::Stance)
}

/// The speech verb right before an opening quotation mark, or before the
/// comma before it ('shouting "...', 'by interjecting, "...').
fn cue_before(doc: &Doc, open: usize, words: &Words) -> Option<usize> {
    let mut k = open.checked_sub(1)?;
    if doc.token_text(k) == "," {
        k = k.checked_sub(1)?;
    }
    speech_cue(doc, k, words).then_some(k)
}

/// A speech cue next to a quotation, where "shot back" and "fired back"
/// can only mean a reply, and "went on" a continuation.
fn after_cue(doc: &Doc, k: usize, words: &Words) -> bool {
    let particle = |p: &str| k + 1 < doc.tokens.len() && lower(doc, k + 1) == p;
    speech_cue(doc, k, words)
        || (matches!(
            lower(doc, k).as_str(),
            "shot" | "fires" | "fired" | "shoots"
        ) && particle("back"))
        || (matches!(lower(doc, k).as_str(), "went" | "goes") && particle("on"))
}

/// `"...," Kerry said` / `"...," said Kerry` / `"...," the minister told reporters`.
fn attribution_after(doc: &Doc, close: usize, words: &Words) -> Option<Attribution> {
    let n = doc.tokens.len();
    let mut k = close + 1;
    if k >= n || doc.tokens[close].kind != TokenKind::Quote {
        return None;
    }
    let dash = matches!(doc.token_text(k), "—" | "–" | "―" | "-" | "--");
    if dash || doc.token_text(k) == "," {
        k += 1;
    }
    if k >= n || doc.tokens[k].kind == TokenKind::Quote {
        return None;
    }
    // '... said he was ''the perfect messenger,'' and he reiterated his
    // claim': a conjunction after the quotation opens a clause of its own.
    if doc.tokens[k].upos == Some("CCONJ") {
        return None;
    }
    // The attribution must follow in the quote's own sentence, or be the
    // short sentence right after it ('“... accounts.” Warren said.').
    let mut sent = doc.sentence_at(doc.tokens[close].span.start);
    if let Some(next) = doc
        .sentence_at(doc.tokens[k].span.start)
        .filter(|&s| Some(s) != sent)
    {
        let ns = &doc.sentences[next];
        // Not across a paragraph break: a quote that ends its paragraph is
        // not attributed by the next paragraph's first sentence.
        let same_para = sent.is_some_and(|s| doc.sentences[s].paragraph == ns.paragraph);
        let plain = (k..ns.tokens.end).all(|i| doc.tokens[i].kind != TokenKind::Quote)
            && doc.token_text(ns.tokens.end - 1) == ".";
        // A quotation that ends in "?" or "!" ends the splitter's sentence,
        // though its attribution goes on ('"Who are they?" Trump said of
        // Apple in February, when ...').
        // Only a cue, a name or a lower-case pronoun goes on so ("The mayor
        // said ..." after it is a sentence of its own).
        let first = lower(doc, k);
        let goes_on = speech_cue(doc, k, words)
            || (doc.token_text(k) == first && PRONOUNS.contains(&first.as_str()))
            || (is_cap_word(doc, k)
                && !DETERMINERS.contains(&first.as_str())
                && !PRONOUNS.contains(&first.as_str()));
        let asked = close > 0
            && matches!(doc.token_text(close - 1), "?" | "!")
            && goes_on
            && (k..(k + 3).min(ns.tokens.end)).any(|i| after_cue(doc, i, words));
        if ns.tokens.start == k
            && same_para
            && ((ns.tokens.len() <= 12
                && plain
                && (k..ns.tokens.end).any(|i| speech_cue(doc, i, words)))
                || asked)
        {
            sent = Some(next);
        }
    }
    let in_sentence = |i: usize| i < n && doc.sentence_at(doc.tokens[i].span.start) == sent;
    // '"...," according to a statement from the council.'
    if lower(doc, k) == "according" && k + 2 < n && lower(doc, k + 1) == "to" && in_sentence(k + 2)
    {
        let source = np_forward(doc, k + 2).or_else(|| words_to_stop(doc, k + 2));
        if source.is_some() {
            return Some(Attribution {
                source,
                cue: Some(doc.tokens[k].span.cover(&doc.tokens[k + 1].span)),
            });
        }
    }
    // CUE SOURCE: said Kerry ("Read said" is SOURCE CUE)
    let name_then_cue =
        is_cap_word(doc, k) && k + 1 < n && speech_cue(doc, k + 1, words) && in_sentence(k + 1);
    // A participle after the quote ('"...," adding that ...') speaks for
    // the clause before the quote, not for the words after it.
    let participle = lower(doc, k).ends_with("ing");
    if speech_cue(doc, k, words) && in_sentence(k) && !name_then_cue && !participle {
        return Some(Attribution {
            source: np_forward(doc, k + 1)
                // The parse may make the quotation itself the subject.
                .or_else(|| parse_subject(doc, k).filter(|s| !s.overlaps(&doc.tokens[close].span)))
                .or_else(|| words_to_stop(doc, k + 1)),
            cue: Some(doc.tokens[k].span),
        });
    }
    // SOURCE CUE: Kerry said / the minister told reporters
    if let Some(end) = np_forward_end(doc, k) {
        let source = Some(Span::new(
            doc.tokens[k].span.start,
            doc.tokens[end - 1].span.end,
        ));
        if in_sentence(end) && after_cue(doc, end, words) {
            return Some(Attribution {
                source,
                cue: Some(doc.tokens[end].span),
            });
        }
        // "Rep. John Mica (R-Fla.) said", "Mr. King, 82, told me": a
        // parenthesis or an appositive between the name and the cue.
        // An appositive may hold commas of its own ("Mr. Daniloff, now 81
        // and retired in Cambridge, Mass., said"): its closing comma is
        // the one a cue follows.
        let appositive_end = |end: usize| {
            let span =
                (end + 1..n.min(end + 25)).take_while(|&i| in_sentence(i) && !quote_mark(doc, i));
            let commas: Vec<usize> = span.filter(|&i| doc.token_text(i) == ",").collect();
            commas
                .iter()
                .copied()
                .find(|&c| c + 1 < n && after_cue(doc, c + 1, words))
                .or(commas.first().copied())
        };
        let close = match doc.token_text(end.min(n - 1)) {
            // "Rep. Jim Jordan (R-Ohio), an oversight panel member, said":
            // an appositive may follow the parenthesis.
            "(" => (end + 1..n.min(end + 12))
                .find(|&i| doc.token_text(i) == ")")
                .map(|p| match appositive_end(p + 1) {
                    Some(c)
                        if doc.token_text(p + 1) == ","
                            && c + 1 < n
                            && after_cue(doc, c + 1, words) =>
                    {
                        c
                    }
                    _ => p,
                }),
            "," => appositive_end(end),
            _ => None,
        };
        if let Some(c) = close.filter(|&c| c + 1 < n && in_sentence(c + 1)) {
            let mut cue = c + 1;
            if doc.token_text(cue) == "," {
                cue += 1;
            }
            if cue < n && after_cue(doc, cue, words) {
                // The source ends at the closing parenthesis, or before the closing comma.
                let last = if doc.token_text(c) == ")" { c } else { c - 1 };
                return Some(Attribution {
                    source: Some(Span::new(
                        doc.tokens[k].span.start,
                        doc.tokens[last].span.end,
                    )),
                    cue: Some(doc.tokens[cue].span),
                });
            }
        }
        // “...” ― Name: a signature line closing its paragraph.
        let rest_of_para = (end..n).take_while(|&i| para_of(doc, i) == para_of(doc, k));
        let nothing_after = rest_of_para
            .clone()
            .all(|i| doc.tokens[i].kind == TokenKind::Punct);
        if dash && is_cap_word(doc, k) && nothing_after {
            return Some(Attribution { source, cue: None });
        }
    }
    // "chief executive Lowell McAdam said", "the conservative-leaning
    // newspaper wrote", "another friend, Mariam Emara told", "he later
    // said": a run of words straight up to the cue is the source, less the
    // adverbs and auxiliaries right before the cue, when it has a name in
    // it (hyphens between words), opens with a determiner (commas too), or
    // is a pronoun followed by adverbs only.
    let first = lower(doc, k);
    let pronoun = PRONOUNS.contains(&first.as_str());
    let det = DETERMINERS.contains(&first.as_str());
    if let Some(cue_k) = (k + 1..n.min(k + 9))
        .take_while(|&i| {
            in_sentence(i)
                && (matches!(doc.tokens[i - 1].kind, TokenKind::Word | TokenKind::Clitic)
                    || !quote_mark(doc, i - 1) && doc.tokens[i - 1].kind == TokenKind::Quote
                    || (doc.token_text(i - 1) == "-" && !doc.tokens[i - 1].space_before)
                    || (det && doc.token_text(i - 1) == ","))
        })
        .find(|&i| after_cue(doc, i, words))
    {
        let mut last = cue_k - 1;
        while last > k
            && (matches!(doc.tokens[last].upos, Some("ADV" | "AUX" | "PART"))
                || doc.token_text(last) == ",")
        {
            last -= 1;
        }
        let ok = if pronoun {
            last == k
        } else {
            det || (k..cue_k).any(|i| is_cap_word(doc, i))
        };
        if doc.tokens[k].kind == TokenKind::Word && ok {
            return Some(Attribution {
                source: Some(Span::new(
                    doc.tokens[k].span.start,
                    doc.tokens[last].span.end,
                )),
                cue: Some(doc.tokens[cue_k].span),
            });
        }
    }
    if let Some(a) = short_clause_after(doc, close, k, &in_sentence) {
        return Some(a);
    }
    // Anything longer ("Rep. Gwen Moore (D-Wis.) said Friday"): the first speech
    // verb later in the sentence, with its subject from the parse.
    let cue_k = (k..n)
        .take_while(|&i| in_sentence(i) && doc.tokens[i].kind != TokenKind::Quote)
        .take(20)
        .find(|&i| speech_cue(doc, i, words))?;
    let source = parse_subject(doc, cue_k)?;
    (source.start >= doc.tokens[k].span.start).then_some(Attribution {
        source: Some(source),
        cue: Some(doc.tokens[cue_k].span),
    })
}

/// `"...," an angry Hollande retaliated.`: a quotation whose words end in
/// a comma, followed by a short clause that closes the sentence, a name,
/// pronoun or determined phrase and a finite verb (with a particle or an
/// adverb at most), is attributed by that clause whatever the verb: the
/// comma inside the marks says the sentence goes on with its speaker.
fn short_clause_after(
    doc: &Doc,
    close: usize,
    k: usize,
    in_sentence: &dyn Fn(usize) -> bool,
) -> Option<Attribution> {
    let n = doc.tokens.len();
    if close == 0 || doc.token_text(close - 1) != "," {
        return None;
    }
    let stop =
        (k..n.min(k + 10)).find(|&i| !in_sentence(i) || doc.tokens[i].kind != TokenKind::Word)?;
    if !in_sentence(stop) || doc.token_text(stop) != "." {
        return None;
    }
    let finite = |i: usize| {
        doc.tokens[i].upos == Some("VERB")
            && matches!(doc.tokens[i].xpos, Some("VBD" | "VBZ" | "VBP"))
    };
    let v = (k + 1..stop).find(|&i| finite(i))?;
    // At most two words after the verb: "points out", "shot back angrily".
    let tail_ok = stop - v <= 3
        && (v + 1..stop).all(|i| matches!(doc.tokens[i].upos, Some("ADP" | "ADV" | "PART")));
    let first = lower(doc, k);
    let subject_ok = if PRONOUNS.contains(&first.as_str()) {
        v == k + 1 && doc.token_text(k) == first
    } else {
        (is_cap_word(doc, k) || DETERMINERS.contains(&first.as_str()))
            && v - k <= 6
            && (k..v).all(|i| !finite(i) && doc.tokens[i].upos != Some("AUX"))
    };
    (tail_ok && subject_ok).then(|| Attribution {
        source: Some(Span::new(
            doc.tokens[k].span.start,
            doc.tokens[v - 1].span.end,
        )),
        cue: Some(doc.tokens[v].span),
    })
}

/// After an inverted cue ('said the 46-year-old.', 'read one.'): the
/// words from `k` up to the sentence's stop, when they are a short phrase
/// that opens with a determiner or a capital.
fn words_to_stop(doc: &Doc, k: usize) -> Option<Span> {
    let n = doc.tokens.len();
    let first = lower(doc, k.min(n.saturating_sub(1)));
    let opens = k < n && (DETERMINERS.contains(&first.as_str()) || is_cap_word(doc, k));
    let end = (k..n.min(k + 7)).find(|&i| {
        !matches!(doc.tokens[i].kind, TokenKind::Word | TokenKind::Number)
            && doc.token_text(i) != "-"
    })?;
    (opens && end > k && matches!(doc.token_text(end), "." | ","))
        .then(|| Span::new(doc.tokens[k].span.start, doc.tokens[end - 1].span.end))
}

/// For a quoted fragment ('Trump called it "a big problem"'): the verb that
/// governs it in the parse, as cue, and that verb's subject, as source.
fn governing_verb(doc: &Doc, open: usize, close: usize) -> Option<Attribution> {
    let inside = |k: usize| k > open && k < close;
    let mut g = (open + 1..close.min(doc.tokens.len()))
        .find_map(|k| doc.tokens[k].head.filter(|&h| !inside(h)))?;
    for _ in 0..4 {
        if doc.tokens[g].upos == Some("VERB") {
            let source = parse_subject(doc, g)?;
            return Some(Attribution {
                source: Some(source),
                cue: Some(doc.tokens[g].span),
            });
        }
        g = doc.tokens[g].head?;
    }
    None
}

/// `Kasich resisted: "..."` / `Pollsters agree - Carl Bialik: "..."`: a
/// quotation opened by a colon is the words of the name right before the
/// colon, else of the subject of the clause the colon ends, when that is a
/// name or a personal pronoun ("Here is the list:" introduces no speaker).
/// The colon stands as the cue.
fn colon_intro(doc: &Doc, open: usize) -> Option<Attribution> {
    let colon = open.checked_sub(1)?;
    if doc.token_text(colon) != ":" || colon == 0 {
        return None;
    }
    let s = doc.sentence_at(doc.tokens[colon].span.start)?;
    let floor = doc.sentences[s].tokens.start;
    let cue = Some(doc.tokens[colon].span);
    // A name alone before the colon, after a dash or the sentence start.
    let last = colon - 1;
    if is_cap_word(doc, last) {
        let mut first = last;
        while first > floor && last - first < 4 && is_cap_word(doc, first - 1) {
            first -= 1;
        }
        let lead_ok = first == floor || matches!(doc.token_text(first - 1), "-" | "—" | "–" | "--");
        let person = doc.entities.iter().any(|e| {
            e.label == EntityType::Person
                && e.span.start <= doc.tokens[first].span.start
                && e.span.end >= doc.tokens[last].span.end
        });
        if lead_ok && person {
            return Some(Attribution {
                source: Some(Span::new(
                    doc.tokens[first].span.start,
                    doc.tokens[last].span.end,
                )),
                cue,
            });
        }
    }
    // The subject of the last verb before the colon that has one ("the
    // following statement" has none).
    let src = (floor..colon)
        .rev()
        .filter(|&k| doc.tokens[k].upos == Some("VERB"))
        .find_map(|k| parse_subject(doc, k))?;
    let head_ok = (doc.token_at(src.start)..doc.token_at(src.end).min(doc.tokens.len())).any(|k| {
        matches!(doc.tokens[k].upos, Some("PROPN")) || PRONOUNS.contains(&lower(doc, k).as_str())
    });
    head_ok.then_some(Attribution {
        source: Some(src),
        cue,
    })
}

/// For a quotation opening its sentence at mark `open`: the subject of the
/// sentence just before (in the same or the previous paragraph), when it
/// names a person (a person entity or "he"/"she") and that sentence holds
/// no quotation of its own.
fn introduced_speaker(doc: &Doc, open: usize) -> Option<Span> {
    let s = doc.sentence_at(doc.tokens[open].span.start)?;
    if s == 0 || doc.sentences[s].tokens.start != open {
        return None;
    }
    let prev = &doc.sentences[s - 1];
    if doc.sentences[s].paragraph > prev.paragraph + 1
        || prev
            .tokens
            .clone()
            .any(|k| doc.tokens[k].kind == TokenKind::Quote)
    {
        return None;
    }
    let root = prev
        .tokens
        .clone()
        .find(|&k| doc.tokens[k].head.is_none())?;
    let subj = parse_subject(doc, root)?;
    let person = doc
        .entities_overlapping(subj)
        .any(|e| e.label == EntityType::Person && subj.contains(&e.span));
    let text = &doc.article.text[subj.start..subj.end];
    (person || matches!(text, "He" | "She" | "he" | "she")).then_some(subj)
}

/// Whether token `i` is a quotation mark: a mark the tagger read as a
/// possessive ("Sanders’ campaign") is not.
fn quote_mark(doc: &Doc, i: usize) -> bool {
    doc.tokens[i].kind == TokenKind::Quote && doc.tokens[i].xpos != Some("POS")
}

/// Paragraph index of token `k`.
fn para_of(doc: &Doc, k: usize) -> Option<usize> {
    doc.sentence_at(doc.tokens[k].span.start)
        .map(|s| doc.sentences[s].paragraph)
}

/// The subject of cue verb `k` from the dependency parse: its `nsubj`, or
/// for a participle ("..., saying") the subject of the verb it hangs from.
fn parse_subject(doc: &Doc, k: usize) -> Option<Span> {
    let s = doc.sentence_at(doc.tokens[k].span.start)?;
    let range = doc.sentences[s].tokens.clone();
    let subj_of = |v: usize| {
        range.clone().find(|&c| {
            doc.tokens[c].head == Some(v)
                && matches!(doc.tokens[c].dep, Some("nsubj" | "nsubj:outer"))
        })
    };
    // "Xinhua quoted Wang as saying": the one quoted speaks.
    let quoted = reported::quoted_speaker(doc, k, range.clone());
    // Up a short chain of verbs with no subject of their own ("but went
    // on to say": say <- went <- the first verb of the sentence).
    let ing = lower(doc, k).ends_with("ing");
    let subj = quoted.or_else(|| subj_of(k)).or_else(|| {
        let mut v = k;
        // Past the first verb only when the cue is its infinitive.
        let levels = if doc.tokens[k].dep == Some("xcomp") {
            3
        } else {
            1
        };
        for level in 0..3 {
            // Further up only through infinitives ("appeared to assert his
            // plans by saying": the subject of "appeared").
            if level >= levels && doc.tokens[v].dep != Some("xcomp") {
                break;
            }
            // '"A," Graham said on MSNBC, adding, "B"': a participle after
            // its verb, parsed as that verb's clausal complement, is an
            // adverbial clause sharing its subject.
            let participle = level == 0 && ing;
            let participle_after = participle && doc.tokens[v].head.is_some_and(|h| h < v);
            let ok = match doc.tokens[v].dep {
                Some("advcl" | "xcomp" | "conj") => true,
                Some("acl") => level == 0,
                Some("ccomp") => participle_after,
                _ => false,
            };
            v = doc.tokens[v].head.filter(|h| ok && range.contains(h))?;
            // "went so far as to say": the clause hangs on an adverb of
            // the verb whose subject speaks.
            if doc.tokens[v].upos == Some("ADV") && doc.tokens[v].dep == Some("advmod") {
                v = doc.tokens[v].head.filter(|h| range.contains(h))?;
            }
            // "The spokesman said there was no call, adding: ...": a
            // participle hung on the clause a verb of saying reports
            // speaks for that verb's subject.
            if participle && doc.tokens[k].dep == Some("ccomp") {
                if let Some(x) = subj_of(v) {
                    return Some(x);
                }
            }
            if let Some(w) = doc.tokens[v].head.filter(|&w| {
                participle
                    && doc.tokens[v].dep == Some("ccomp")
                    && w < v
                    && doc.tokens[w].upos == Some("VERB")
                    && range.contains(&w)
            }) {
                if let Some(x) = subj_of(w) {
                    return Some(x);
                }
            }
            if let Some(x) = subj_of(v) {
                return Some(x);
            }
        }
        None
    });
    // "Michael Demastus, pastor of ..., said:" parsed with the name as the
    // root and the verb as its conjunct: the words before the verb, from
    // the name, are the subject.
    let subj = match subj {
        Some(x) => x,
        None => {
            let h = doc.tokens[k]
                .head
                .filter(|&h| h < k && range.contains(&h))?;
            // "Clinton, exasperated, famously responded:" parsed as a
            // relative clause of the name, with no relative word: the name.
            let relative = doc.tokens[k].dep.is_some_and(|d| d.starts_with("acl"))
                && doc.tokens[h].upos == Some("PROPN")
                && !(h + 1..k).any(|t| {
                    matches!(
                        doc.tokens[t].upos,
                        Some("PRON" | "SCONJ" | "NOUN" | "PROPN")
                    ) || matches!(lower(doc, t).as_str(), "which" | "that" | "who")
                })
                && (h + 1..k).any(|t| doc.token_text(t) == ",");
            if (doc.tokens[k].dep != Some("conj") && !relative)
                || !matches!(doc.tokens[h].upos, Some("PROPN" | "NOUN" | "PRON"))
                || doc.tokens[h].head.is_some()
            {
                return None;
            }
            if relative {
                return Some(doc.tokens[h].span);
            }
            let lo = (range.start..=h).find(|&t| {
                let mut x = t;
                for _ in 0..range.len() {
                    if x == h {
                        return true;
                    }
                    match doc.tokens[x].head {
                        Some(y) if range.contains(&y) && y != k => x = y,
                        _ => return false,
                    }
                }
                false
            })?;
            let mut hi = k - 1;
            while hi > lo && doc.tokens[hi].kind == TokenKind::Punct {
                hi -= 1;
            }
            return Some(Span::new(
                doc.tokens[lo].span.start,
                doc.tokens[hi].span.end,
            ));
        }
    };
    // The subject's whole phrase: every token whose head chain reaches it.
    let within = |mut t: usize| {
        for _ in 0..range.len() {
            if t == subj {
                return true;
            }
            match doc.tokens[t].head {
                Some(h) if range.contains(&h) => t = h,
                _ => return false,
            }
        }
        false
    };
    let lo = range.clone().find(|&t| within(t))?;
    let hi = range.clone().rev().find(|&t| within(t))?;
    let (mut lo, mut hi) = (lo, hi);
    while lo < hi && doc.tokens[lo].kind == TokenKind::Punct {
        lo += 1;
    }
    while hi > lo && doc.tokens[hi].kind == TokenKind::Punct {
        hi -= 1;
    }
    Some(Span::new(
        doc.tokens[lo].span.start,
        doc.tokens[hi].span.end,
    ))
}

/// `Kerry said: "..."` / `He added, "..."`.
fn attribution_before(doc: &Doc, open: usize, words: &Words) -> Option<Attribution> {
    let mut k = open.checked_sub(1)?;
    let introduced = matches!(doc.token_text(k), ":" | ",");
    if introduced {
        k = k.checked_sub(1)?;
    }
    // The cue sits in the quote's sentence, or ends the paragraph before it
    // with a colon ("Caddell continued:" / new paragraph / “...”).
    let s = doc.sentence_at(doc.tokens[k].span.start)?;
    let same_sentence = doc.sentence_at(doc.tokens[open].span.start) == Some(s);
    if !same_sentence && doc.token_text(open - 1) != ":" {
        return None;
    }
    let floor = doc.sentences[s].tokens.start;
    // "According to Paul Sperry of Counter Jihad, “...”": the words after
    // "according to" are the source.
    if introduced && same_sentence {
        let acc = (k.saturating_sub(10).max(floor)..k.saturating_sub(1))
            .rev()
            .find(|&j| lower(doc, j) == "according" && lower(doc, j + 1) == "to");
        if let Some(j) = acc
            .filter(|&j| j + 2 <= k && (j + 2..=k).all(|t| doc.tokens[t].kind == TokenKind::Word))
        {
            return Some(Attribution {
                source: Some(Span::new(
                    doc.tokens[j + 2].span.start,
                    doc.tokens[k].span.end,
                )),
                cue: Some(Span::new(
                    doc.tokens[j].span.start,
                    doc.tokens[j + 1].span.end,
                )),
            });
        }
    }
    // told reporters: "..." / said of Clinton, "..." / saying during the
    // debate last week, "..." / responded pointedly, with a smile: "..."
    let reach = if introduced { 7 } else { 1 };
    let colon = introduced && doc.token_text(open - 1) == ":";
    let cue_k = (k.saturating_sub(reach).max(floor)..=k).rev().find(|&c| {
        after_cue(doc, c, words)
            && (c + 1..=k).all(|j| {
                matches!(
                    doc.tokens[j].kind,
                    TokenKind::Word | TokenKind::Number | TokenKind::Clitic
                ) || j == k
                    || (colon && j > c + 1 && doc.token_text(j) == ",")
            })
    })?;
    // A participle ("sent an email saying", "rallied supporters, saying:")
    // speaks for its clause's subject, not for the words right before it.
    let src = if lower(doc, cue_k).ends_with("ing") {
        // A conjoined participle speaks for its first conjunct's subject
        // ("emailed her, addressing her as X and telling her, ...").
        let first_conjunct = doc.tokens[cue_k]
            .head
            .filter(|&h| doc.tokens[cue_k].dep == Some("conj") && h >= floor && h < cue_k);
        parse_subject(doc, cue_k)
            .or_else(|| first_conjunct.and_then(|h| parse_subject(doc, h)))
            .or_else(|| participle_subject(doc, cue_k, floor))
    } else if conjoined_cue(doc, cue_k, floor) {
        // "He furrowed his brow and said, ...": the words before "and" are
        // the first verb's object; the speaker is the clause's subject.
        parse_subject(doc, cue_k).or_else(|| opening_subject(doc, cue_k, floor))
    } else {
        // "Priebus later Thursday told": a day is no speaker.
        let text = doc.article.text.as_str();
        // "Protesters marching through the streets chanted": a phrase
        // after a preposition is no speaker.
        let after_preposition = |sp: &Span| {
            let first = doc.token_at(sp.start);
            first > floor && doc.tokens[first - 1].upos == Some("ADP")
        };
        np_backward(doc, cue_k, floor)
            .filter(|sp| words.date_word(&text[sp.start..sp.end]).is_none())
            .filter(|sp| !after_preposition(sp))
            .or_else(|| parse_subject(doc, cue_k))
    };
    Some(Attribution {
        source: src,
        cue: Some(doc.tokens[cue_k].span),
    })
}

/// Whether the cue at `cue_k` follows "and" or "then", past adverbs ("and
/// repeatedly says"), within the clause starting at `floor`.
fn conjoined_cue(doc: &Doc, cue_k: usize, floor: usize) -> bool {
    if cue_k <= floor {
        return false;
    }
    let mut b = cue_k - 1;
    while b > floor && doc.tokens[b].upos == Some("ADV") && lower(doc, b) != "then" {
        b -= 1;
    }
    matches!(lower(doc, b).as_str(), "and" | "then")
}

/// "Rep. Jeffries reacted to the news, saying: ...": a participle cue
/// speaks for the name or pronoun that opens its sentence, when the parse
/// did not hang it from that clause's verb.
fn participle_subject(doc: &Doc, cue_k: usize, floor: usize) -> Option<Span> {
    if !lower(doc, cue_k).ends_with("ing") {
        return None;
    }
    opening_subject(doc, cue_k, floor)
}

/// The name or pronoun that opens the clause starting at `floor` (past an
/// opening adverbial phrase), before the cue at `cue_k`.
fn opening_subject(doc: &Doc, cue_k: usize, floor: usize) -> Option<Span> {
    let start = after_opening_adverbial(doc, floor, cue_k);
    let sp = np_forward(doc, start)?;
    let k = doc.token_at(sp.start);
    let function_word = matches!(
        doc.tokens[k].upos,
        Some("ADP" | "SCONJ" | "ADV" | "VERB" | "CCONJ" | "DET")
    ) && !PRONOUNS.contains(&lower(doc, k).as_str());
    ((is_cap_word(doc, k) || PRONOUNS.contains(&lower(doc, k).as_str())) && !function_word)
        .then_some(sp)
}

/// The first token of a clause that opens at `floor`, past an adverbial
/// phrase set off by a comma ("In a statement, Rep. Jeffries ...",
/// "Speaking to reporters, she ..."); `floor` itself when there is none.
fn after_opening_adverbial(doc: &Doc, floor: usize, limit: usize) -> usize {
    let opens_adverbial = matches!(doc.tokens[floor].upos, Some("ADP" | "SCONJ" | "ADV"))
        || matches!(doc.tokens[floor].xpos, Some("VBG" | "VBN"));
    if !opens_adverbial {
        return floor;
    }
    (floor + 1..limit.min(floor + 12))
        .find(|&j| doc.token_text(j) == ",")
        .map_or(floor, |j| j + 1)
}

/// `He added that the talks were about "trying to ..."`: a cue verb earlier
/// in the quote's sentence makes a mixed quote whose content is the clause.
fn attribution_in_sentence(
    doc: &Doc,
    open: usize,
    close: usize,
    words: &Words,
) -> Option<(Attribution, Span)> {
    let s = doc.sentence_at(doc.tokens[open].span.start)?;
    let sent = &doc.sentences[s];
    for k in sent.tokens.start..open {
        if speech_cue(doc, k, words) {
            // The cue's subject in the parse, through a conjoined verb
            // ("Modi congratulated her and in a tweet wrote he was
            // '...'": Modi, not the tweet); the phrase right before when
            // there is none, or when it holds that subject ("Chancellor
            // Gordon Brown said", parsed as two subjects).
            let near = np_backward(doc, k, sent.tokens.start);
            let src = match parse_subject(doc, k).filter(|s| s.end <= doc.tokens[k].span.start) {
                Some(p) if near.is_some_and(|n| n.contains(&p)) => near,
                Some(p) => Some(p),
                None => near,
            };
            src?;
            let mut c = k + 1;
            if c < open && lower(doc, c) == "that" {
                c += 1;
            }
            // The clause runs to the end of the sentence, less its final stop.
            let mut end_tok = close.max(sent.tokens.end - 1).min(doc.tokens.len() - 1);
            // Up to the quotation when a conjunction after it opens a new
            // clause ("''...,'' and he reiterated his claim").
            if close + 1 < doc.tokens.len()
                && doc.tokens[close + 1].upos == Some("CCONJ")
                && doc.tokens[close + 1]
                    .head
                    .is_some_and(|h| h > close + 1 && doc.tokens[h].upos == Some("VERB"))
            {
                end_tok = close;
            }
            while end_tok > close && doc.tokens[end_tok].kind == TokenKind::Punct {
                end_tok -= 1;
            }
            let clause = Span::new(doc.tokens[c].span.start, doc.tokens[end_tok].span.end);
            return Some((
                Attribution {
                    source: src,
                    cue: Some(doc.tokens[k].span),
                },
                clause,
            ));
        }
    }
    None
}

const PRONOUNS: &[&str] = &["he", "she", "they", "it", "we", "i", "you"];
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "his", "her", "their", "its", "this", "that", "our", "one", "another",
];

/// A token that joins two parts of one name: "of", "al", "bin", or a hyphen
/// written without spaces ("Holtz-Eakin").
pub(crate) fn name_link(doc: &Doc, j: usize) -> bool {
    let n = doc.tokens.len();
    if j + 1 >= n || !is_cap_word(doc, j + 1) {
        return false;
    }
    match doc.token_text(j) {
        "of" | "al" | "bin" | "ibn" | "de" | "van" | "von" => true,
        "-" => !doc.tokens[j].space_before && !doc.tokens[j + 1].space_before,
        _ => false,
    }
}

/// A short Title-Case quotation (marks at `open` and `close`) named as a
/// title: after a possessive or a word such as "show", "film", "titled"
/// ('the TLC reality show "Cake Boss."', 'his book "The Art of the Deal"').
fn is_title(doc: &Doc, open: usize, close: usize) -> bool {
    const SMALL: &[&str] = &[
        "a", "an", "the", "of", "and", "in", "on", "for", "to", "at", "with",
    ];
    const NAMING: &[&str] = &[
        "'s",
        "’s",
        "show",
        "shows",
        "program",
        "programme",
        "series",
        "film",
        "movie",
        "documentary",
        "book",
        "novel",
        "memoir",
        "album",
        "song",
        "single",
        "play",
        "musical",
        "column",
        "op-ed",
        "essay",
        "article",
        "headline",
        "titled",
        "entitled",
        "dubbed",
        "called",
        "named",
        "hashtag",
        "slogan",
        "magazine",
        "newspaper",
        "podcast",
        "channel",
    ];
    if open == 0 || close > doc.tokens.len() {
        return false;
    }
    let ws: Vec<usize> = (open + 1..close)
        .filter(|&k| doc.tokens[k].kind == TokenKind::Word)
        .collect();
    if ws.is_empty() || ws.len() > 6 {
        return false;
    }
    let title_case = ws
        .iter()
        .all(|&k| is_cap_word(doc, k) || SMALL.contains(&lower(doc, k).as_str()))
        && is_cap_word(doc, ws[0]);
    title_case && NAMING.contains(&lower(doc, open - 1).as_str())
}

fn is_cap_word(doc: &Doc, k: usize) -> bool {
    doc.tokens[k].kind == TokenKind::Word && doc.token_text(k).starts_with(char::is_uppercase)
}

/// End (exclusive token index) of a noun phrase starting at `k`: a pronoun,
/// a capitalised name (titles included), or a determiner and a few words.
fn np_forward_end(doc: &Doc, k: usize) -> Option<usize> {
    let n = doc.tokens.len();
    if k >= n || !matches!(doc.tokens[k].kind, TokenKind::Word | TokenKind::Number) {
        return None;
    }
    let w = lower(doc, k);
    if PRONOUNS.contains(&w.as_str()) {
        return Some(k + 1);
    }
    // "spokesman John Kirby", "former president Carlos Menem", "master of
    // ceremonies Asab Al-Tabchi": lower-case words describing a name.
    let describing = |i: usize| {
        doc.tokens[i].kind == TokenKind::Word
            && !is_cap_word(doc, i)
            && (matches!(doc.tokens[i].upos, Some("NOUN" | "ADJ")) || lower(doc, i) == "of")
    };
    let numeral = |i: usize| doc.tokens[i].upos == Some("NUM");
    let name_start = if is_cap_word(doc, k) {
        Some(k)
    } else if (describing(k) && w != "of") || (numeral(k) && k + 1 < n && describing(k + 1)) {
        // "9/11 widow Terry Strada": a numeral may open the description.
        let mut d = k + usize::from(numeral(k));
        while d < n && d < k + 5 && describing(d) {
            d += 1;
        }
        (d < n && lower(doc, d - 1) != "of" && is_cap_word(doc, d)).then_some(d)
    } else {
        None
    };
    if let Some(mut j) = name_start {
        // "American Action Forum's Douglas Holtz-Eakin": a possessive
        // between capitalised words keeps the name going.
        let possessive = |j: usize| {
            matches!(doc.token_text(j), "’s" | "'s") && j + 1 < n && is_cap_word(doc, j + 1)
        };
        while j < n && (is_cap_word(doc, j) || name_link(doc, j) || possessive(j)) {
            j += 1;
        }
        // "Google's chief human resources executive, Laszlo Bock": a
        // possessive name with the lower-case words of a post after it.
        if j + 1 < n && matches!(doc.token_text(j), "’s" | "'s") && describing(j + 1) {
            let mut d = j + 1;
            while d < n && d < j + 6 && describing(d) && lower(doc, d) != "of" {
                d += 1;
            }
            if d + 1 < n && doc.token_text(d) == "," && is_cap_word(doc, d + 1) {
                return Some(d);
            }
        }
        return Some(j);
    }
    let mut j = k;
    if DETERMINERS.contains(&w.as_str()) {
        j += 1;
        let limit = (k + 7).min(n);
        let words = Words::get();
        while j < limit && doc.tokens[j].kind == TokenKind::Word && !speech_cue(doc, j, words) {
            j += 1;
        }
        return (j > k + 1).then_some(j);
    }
    None
}

fn np_forward(doc: &Doc, k: usize) -> Option<Span> {
    let end = np_forward_end(doc, k)?;
    Some(Span::new(
        doc.tokens[k].span.start,
        doc.tokens[end - 1].span.end,
    ))
}

/// The noun phrase ending just before token `cue` (not before `floor`).
fn np_backward(doc: &Doc, cue: usize, floor: usize) -> Option<Span> {
    if cue == 0 || cue <= floor {
        return None;
    }
    let mut end = cue - 1;
    // Skip an adverb or auxiliary between subject and verb ("has said", "also said").
    let skip = [
        "has",
        "had",
        "have",
        "also",
        "then",
        "later",
        "again",
        "earlier",
        "previously",
        "repeatedly",
        "once",
    ];
    while end > floor
        && (skip.contains(&lower(doc, end).as_str())
            || (doc.tokens[end].upos == Some("ADV") && lower(doc, end).ends_with("ly")))
    {
        end -= 1;
    }
    let t = &doc.tokens[end];
    if t.kind != TokenKind::Word {
        return None;
    }
    let w = lower(doc, end);
    if PRONOUNS.contains(&w.as_str()) {
        return Some(t.span);
    }
    let mut start = end;
    if is_cap_word(doc, end) {
        while start > floor
            && (is_cap_word(doc, start - 1)
                || (start >= floor + 2 && name_link(doc, start - 1) && is_cap_word(doc, start - 2)))
        {
            start -= 1;
        }
    } else {
        // Walk back to a determiner: "the minister", "a spokesman for the ministry".
        let limit = end.saturating_sub(8).max(floor);
        loop {
            if DETERMINERS.contains(&lower(doc, start).as_str()) {
                if start >= limit + 2 && matches!(lower(doc, start - 1).as_str(), "for" | "of") {
                    start -= 2;
                    continue;
                }
                break;
            }
            if start <= limit || doc.tokens[start - 1].kind != TokenKind::Word {
                return None;
            }
            start -= 1;
        }
    }
    Some(Span::new(doc.tokens[start].span.start, t.span.end))
}

/// `sp` grown over the names it cuts through ("Rival" of "Rival Hillary
/// Clinton", where the parse split the name), never past byte `limit`.
fn whole_names(doc: &Doc, sp: Span, limit: usize) -> Span {
    let mut out = sp;
    for e in doc.entities_overlapping(sp) {
        if e.span.end <= limit {
            out.start = out.start.min(e.span.start);
            out.end = out.end.max(e.span.end);
        }
    }
    out
}

/// Resolves a source mention to an actor: a named entity under it, or for
/// pronouns and descriptions ("he", "the minister") the last person speaker
/// or person mentioned before it.
fn resolve_speaker(
    doc: &Doc,
    earlier: &[Quote],
    source: Option<Span>,
    quoted: &[Span],
) -> Option<ActorRef> {
    let src = source?;
    // A place the description locates someone in is not who speaks
    // ("a farmer, co-founder of a start-up in the Sedhiou Region").
    let located = |e: &wirecode_doc::Entity| {
        let place = e.place.is_some()
            || matches!(e.label, EntityType::Gpe | EntityType::Loc | EntityType::Fac);
        if e.span.start <= src.start {
            return false;
        }
        let before = doc.article.text[src.start..e.span.start]
            .split_whitespace()
            .rev()
            .map(str::to_lowercase)
            .find(|w| w != "the");
        e.label != EntityType::Person
            && match before.as_deref() {
                Some("in" | "near") => true,
                Some("at" | "from") => place,
                _ => false,
            }
    };
    // A person first, and of several the one the phrase opens with: the
    // others are in its modifiers ("Hamhola, who coaches athlete Ananias
    // Shikongo, said"). Of other entities, the last ("the US State
    // Department's spokesman").
    // A possessor is not the one who speaks when a body of theirs follows
    // ("Modi's BJP party": the party).
    let possessor = |e: &wirecode_doc::Entity| {
        let after = doc.article.text.get(e.span.end..src.end).unwrap_or("");
        (after.starts_with("'s") || after.starts_with("’s"))
            && doc.entities_overlapping(src).any(|o| {
                o.span.start > e.span.end
                    && o.actor.is_some()
                    // A body, not a role ("the prime minister's spokesman"
                    // speaks for the prime minister).
                    && matches!(o.label, EntityType::Org | EntityType::Gpe)
            })
    };
    // The person the phrase's head names ("Yorta Yorta man and survivor
    // Ian Hamm": Hamm, whatever the words before him were typed).
    let lo = doc.token_at(src.start);
    let hi = doc.token_at(src.end.saturating_sub(1));
    let head = (lo..=hi.min(doc.tokens.len().saturating_sub(1)))
        .find(|&k| doc.tokens[k].head.is_none_or(|h| h < lo || h > hi));
    if let Some(e) = head.and_then(|h| {
        doc.entities_overlapping(doc.tokens[h].span)
            .find(|e| e.label == EntityType::Person && e.actor.is_some())
    }) {
        return e.actor.clone();
    }
    if let Some(e) = doc
        .entities_overlapping(src)
        .filter(|e| e.actor.is_some() && !located(e) && !possessor(e))
        .max_by_key(|e| {
            let person = e.label == EntityType::Person;
            (
                person,
                if person {
                    usize::MAX - e.span.start
                } else {
                    e.span.end
                },
            )
        })
    {
        return e.actor.clone();
    }
    let text = doc.slice(src).to_lowercase();
    // "Lavrov, who accused Washington ...": a relative pronoun stands for
    // the noun its clause modifies.
    if matches!(text.as_str(), "who" | "which" | "that") {
        let k = doc.token_at(src.start);
        let verb = doc.tokens.get(k).and_then(|t| t.head);
        let noun = verb
            .filter(|&v| doc.tokens[v].dep.is_some_and(|d| d.starts_with("acl")))
            .and_then(|v| doc.tokens[v].head);
        // The noun or a name compounded with it ("the Security Council
        // resolution, which demanded ...").
        return noun.and_then(|n| {
            let lo = (0..n)
                .rev()
                .take_while(|&j| doc.tokens[j].head == Some(n))
                .last()
                .unwrap_or(n);
            let phrase = Span::new(doc.tokens[lo].span.start, doc.tokens[n].span.end);
            doc.entities_overlapping(phrase)
                .filter(|e| e.actor.is_some())
                .max_by_key(|e| e.span.end)
                .and_then(|e| e.actor.clone())
        });
    }
    // A person's title or role word ("minister", "spokesman", "official").
    let events = wirecode_lexicon::EventLexicon::builtin();
    let person_role = |w: &str| {
        let flags = Words::get().entity_cue(&capitalised(w));
        flags & (wirecode_lexicon::entity_cue::TITLE | wirecode_lexicon::entity_cue::TITLE_WORD)
            != 0
            || events.is_role_word(w, wirecode_lexicon::RoleWord::People)
    };
    // "the minister", "the senator", "the spokeswoman": a person's role;
    // not "the lawsuit" or "the report".
    let role = |w: &str| {
        wirecode_lexicon::Agents::builtin().lookup(w).is_some()
            || person_role(w)
            || events.is_role_word(w.trim_end_matches('s'), wirecode_lexicon::RoleWord::People)
    };
    let pronoun_or_title = matches!(text.as_str(), "he" | "she")
        || text.starts_with("the ")
            && !text.contains(" of ")
            && !text.contains(" for ")
            && text.split_whitespace().next_back().is_some_and(role);
    if !pronoun_or_title {
        return None;
    }
    // "he" and "she" are people: not a body that spoke before ("The
    // army denied it ... He told Reuters"), but a named person or a
    // person's role ("a spokesman for the ministry").
    let personal = matches!(text.as_str(), "he" | "she");
    let person_like = |s: Span| {
        doc.entities
            .iter()
            .any(|e| e.label == EntityType::Person && s.contains(&e.span))
            || doc.slice(s).split_whitespace().any(|w| {
                person_role(
                    &w.trim_matches(|c: char| !c.is_alphanumeric())
                        .to_lowercase(),
                )
            })
    };
    // The last quote before with a speaker, and where its source stands.
    let last = earlier.iter().rev().find_map(|q| {
        let s = q
            .source
            .filter(|s| s.end <= src.start && (!personal || person_like(*s)))?;
        let a = q
            .speaker
            .clone()
            .filter(|a| a.code.is_none() || !a.id.is_empty())?;
        Some((s, a))
    });
    let (sp_src, last_speaker) = (last.as_ref().map(|l| l.0), last.map(|l| l.1));
    // Not a person named inside what was said ('"... his secretary Joan
    // Smit ...," he added': he is the speaker, not Joan Smit).
    let person_before = doc.entity_before(src.start, |e| {
        e.label == EntityType::Person
            && e.actor.is_some()
            && !quoted.iter().any(|c| c.contains(&e.span))
    });
    let last_person = person_before.and_then(|e| e.actor.clone());
    // Prefer the person mentioned most recently when it is closer than the last speaker.
    match (last_speaker, last_person) {
        (Some(s), Some(p)) => {
            let sp_pos = sp_src.map_or(0, |s| s.start);
            let p_pos = person_before.map_or(0, |e| e.span.start);
            // A person named inside the speaker's own source phrase ("X,
            // who coaches Y, said") is not the one who speaks next.
            let inside = person_before
                .zip(sp_src)
                .is_some_and(|(e, s)| s.contains(&e.span));
            // Nor is one named after the speaker in a sentence that names
            // the speaker ("Cable accused Mr Brown of ducking tough choices.
            // He said: ...": Cable; "For Mr Hamm, Archie's music was an
            // outlet. '...,' he said": Hamm).
            let again = doc
                .entity_before(src.start, |e| {
                    e.label == EntityType::Person
                        && e.actor.as_ref().is_some_and(|a| a.id == s.id)
                        && !quoted.iter().any(|c| c.contains(&e.span))
                })
                .map(|e| e.span)
                .filter(|m| sp_src.is_none_or(|x| m.start > x.start));
            let same_sentence = person_before.is_some_and(|e| {
                let at = |x: usize| doc.sentence_at(x);
                at(e.span.start).is_some()
                    && sp_src
                        .into_iter()
                        .chain(again)
                        .any(|m| at(m.start) == at(e.span.start))
            });
            Some(if p_pos > sp_pos && !inside && !same_sentence {
                p
            } else {
                s
            })
        }
        (s, p) => s.or(p),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::find_entities;
    use crate::tests::segmented;
    use wirecode_lexicon::ActorLexicon;

    /// (content texts, source text, speaker name, kind) per quote.
    type Seen = (Vec<String>, Option<String>, Option<String>, QuoteKind);

    /// Entities and quotes of `d`, then what was seen of each quote.
    fn seen(d: &mut Doc) -> Vec<Seen> {
        find_entities(d, ActorLexicon::builtin());
        find_quotes(d);
        d.quotes
            .iter()
            .map(|q| {
                (
                    q.content.iter().map(|s| d.slice(*s).to_string()).collect(),
                    q.source.map(|s| d.slice(s).to_string()),
                    q.speaker.as_ref().map(|a| a.name.clone()),
                    q.kind,
                )
            })
            .collect()
    }

    fn quotes(text: &str) -> (Doc, Vec<Seen>) {
        let mut d = segmented(text);
        let q = seen(&mut d);
        (d, q)
    }

    #[test]
    fn a_quote_ending_its_paragraph_is_not_attributed_by_the_next() {
        let mut d = reported::tests::parsed(
            "The envoy spoke for an hour. \"The deal is dead and everyone in this room knows it.\"\n\nMost delegates said the same.",
        );
        find_entities(&mut d, ActorLexicon::builtin());
        find_quotes(&mut d);
        let q = d
            .quotes
            .iter()
            .find(|q| d.slice(q.content[0]).starts_with("The deal"))
            .expect("the quote");
        assert_eq!(q.source.map(|s| d.slice(s)), None, "{:?}", d.quotes);
    }

    #[test]
    fn hearsay_in_the_passive_has_no_source() {
        let got = parsed_quotes(
            "Syrian rebels are said to be discussing the evacuation of East Aleppo, as regime forces advance.",
        );
        let q = got.first().expect("one attribution");
        assert_eq!(
            q.0,
            vec![
                "Syrian rebels".to_string(),
                "to be discussing the evacuation of East Aleppo".to_string()
            ],
            "{got:?}"
        );
        assert_eq!(q.1, None, "{got:?}");
    }

    /// (content texts, source text, kind) of every quote of a parsed text.
    fn parsed_quotes(text: &str) -> Vec<Seen> {
        seen(&mut reported::tests::parsed(text))
    }

    /// The quote with a content piece holding `text`; panics when none has.
    fn quote_with<'a>(q: &'a [Seen], text: &str) -> &'a Seen {
        q.iter()
            .find(|x| x.0.iter().any(|c| c.contains(text)))
            .unwrap_or_else(|| panic!("no quote with {text:?}: {q:?}"))
    }

    /// Long sources after the quote: a possessive inside the name, an
    /// appositive with commas of its own; and a quotation with no cue that
    /// follows a sentence about a named person.
    #[test]
    fn long_sources_and_introduced_speakers() {
        let source =
            |text: &str| -> Option<String> { parsed_quotes(text).into_iter().find_map(|q| q.1) };
        let s = source(
            "\u{201c}I think you focus entirely on growth,\u{201d} American Action Forum\u{2019}s Douglas Holtz-Eakin said.",
        );
        assert!(
            s.as_deref()
                .is_some_and(|s| s.ends_with("Douglas Holtz-Eakin")),
            "{s:?}"
        );
        let s = source(
            "\u{201c}If Reagan had gone with Kemp, I would have been in Siberia,\u{201d} Mr. Daniloff, now 81 and retired in Cambridge, Mass., said.",
        );
        assert!(
            s.as_deref().is_some_and(|s| s.starts_with("Mr. Daniloff")),
            "{s:?}"
        );
        let got = parsed_quotes(
            "Kailash Satyarthi spoke at the conference on Monday.\n\n\u{201c}I am hopeful because there was no programme when I started.\u{201d}",
        );
        let q = got
            .iter()
            .find(|q| q.0[0].starts_with("I am hopeful"))
            .expect("quote");
        assert_eq!(q.1.as_deref(), Some("Kailash Satyarthi"), "{got:?}");
    }

    /// Introductions before a quotation: a participle after a fronted
    /// phrase, a cue with a comma-set adverbial before its colon, "according
    /// to", an apostrophe typed as an opening mark, and a colon after the
    /// writer's own words with the cue after the quotation.
    #[test]
    fn introductions_before_a_quotation() {
        let first = |text: &str| -> Seen {
            let got = parsed_quotes(text);
            got.into_iter()
                .find(|q| q.3 == QuoteKind::Direct)
                .unwrap_or_else(|| panic!("no direct quote in {text:?}"))
        };
        let q = first(
            "In a statement, Rep. Hakeem Jeffries (D-N.Y.) reacted to the news, saying: \u{201c}The killer should be in prison.\u{201d}",
        );
        assert_eq!(q.1.as_deref(), Some("Rep. Hakeem Jeffries"), "{q:?}");
        let q = first(
            "Kelly responded pointedly, with a smile: \u{201c}Can happen when you\u{2019}re 45.\u{201d} She is 45.",
        );
        assert_eq!(q.1.as_deref(), Some("Kelly"));
        assert_eq!(q.0, vec!["Can happen when you\u{2019}re 45."]);
        let q = first(
            "According to Paul Sperry of Counter Jihad, \u{201c}Judicial Watch revealed that the vans moved at night.\u{201d}",
        );
        assert_eq!(q.1.as_deref(), Some("Paul Sperry of Counter Jihad"));
        let q = first(
            "On CBS\u{2018} Face the Nation, she stated, \u{201c}Libya would have turned into Syria,\u{201d} adding, \u{201c}I think 1,500 people were killed.\u{201d}",
        );
        assert_eq!(q.0, vec!["Libya would have turned into Syria,"], "{q:?}");
        let q = first(
            "She declared the need for strong will: \u{201c}Change the world and then change it again,\u{201d} she said.",
        );
        assert_eq!(
            q.0,
            vec!["Change the world and then change it again,"],
            "{q:?}"
        );
    }

    /// Sources and contents of reported speech the parse makes hard: a
    /// statement that speaks for whoever issued it, a subject after a
    /// fronted phrase, and a clause after a show title in quotation marks.
    #[test]
    fn reported_speech_through_documents_and_fronted_phrases() {
        let find = |text: &str, cue_start: &str| -> Seen {
            parsed_quotes(text)
                .into_iter()
                .find(|q| q.0.first().is_some_and(|c| c.starts_with(cue_start)))
                .unwrap_or_else(|| panic!("no content {cue_start:?} in {text:?}"))
        };
        let q = find(
            "Minutes later, the Trump campaign issued a statement saying that Trump meant something else.",
            "that Trump meant",
        );
        assert_eq!(q.1.as_deref(), Some("the Trump campaign"));
        let q = find(
            "Forbes shot back in an article stating that New York was the billionaire capital.",
            "that New York",
        );
        assert_eq!(q.1.as_deref(), Some("Forbes"));
        let q = find(
            "In July, 36 percent of Democrats said they were willing to flip their support.",
            "they were willing",
        );
        assert_eq!(q.1.as_deref(), Some("36 percent of Democrats"));
        let q = find(
            "Mr. Khan said on NBC's ''Meet the Press'' on Sunday that Mr. Trump had shown disrespect.",
            "that Mr. Trump",
        );
        assert_eq!(q.0, vec!["that Mr. Trump had shown disrespect"]);
    }

    /// A question put to someone: its asker (none for a bare passive, the
    /// by-phrase, or the subject) and the clause from the question word.
    #[test]
    fn questions_asked_are_attributed_to_the_asker() {
        let got = parsed_quotes(
            "Asked on Monday whether Mr. Clinton would hold a cabinet position, Mrs. Clinton said no.\n\nScott Conroy asked Sanders whether his age was fair game in the campaign.",
        );
        let find = |c: &str| {
            got.iter()
                .find(|q| q.0[0] == c)
                .unwrap_or_else(|| panic!("{got:?}"))
        };
        assert_eq!(
            find("whether Mr. Clinton would hold a cabinet position").1,
            None
        );
        assert_eq!(
            find("whether his age was fair game in the campaign")
                .1
                .as_deref(),
            Some("Scott Conroy")
        );
    }

    /// A poll is the source of the clause it frames, before or after it.
    #[test]
    fn a_poll_sources_the_clause_it_frames() {
        let got = parsed_quotes(
            "In an NBC News poll released Monday, 50 percent of respondents chose Clinton.\n\nBut he fell to 10 percent in the latest CNN poll.",
        );
        let find = |c: &str| {
            got.iter()
                .find(|q| q.0[0] == c)
                .unwrap_or_else(|| panic!("{got:?}"))
        };
        assert_eq!(
            find("50 percent of respondents chose Clinton").1.as_deref(),
            Some("an NBC News poll released Monday")
        );
        assert_eq!(
            find("he fell to 10 percent").1.as_deref(),
            Some("the latest CNN poll")
        );
    }

    /// A clause after a quotation that opens with a conjunction is not its
    /// attribution: the quotation belongs to the cue before it.
    #[test]
    fn a_conjunction_after_a_quotation_opens_a_new_clause() {
        let got = parsed_quotes(
            "Mr. Trump, however, said he was ''the perfect messenger because I understand life,'' and he reiterated his claim.",
        );
        let q = got
            .iter()
            .find(|q| q.0[0].starts_with("he was"))
            .unwrap_or_else(|| panic!("{got:?}"));
        assert_eq!(q.1.as_deref(), Some("Mr. Trump"));
        assert!(q.0[0].ends_with("life,''"), "{q:?}");
    }

    /// "he" after a quotation is its speaker, not a person named in what
    /// was said or in the speaker's own description.
    #[test]
    fn he_is_the_speaker_not_a_person_he_mentions() {
        let q = parsed_quotes(
            "Athletics coach Letu Hamhola spoke on Monday.\n\nHamhola, who also coaches Namibian para-athlete Ananias Shikongo, questioned the make-up of the delegation and why he had not been selected to accompany Shikongo.\n\n\u{201c}We asked the committee and his secretary Joan Smit about it,\u{201d} he said.\n\n\u{201c}Nobody answered,\u{201d} he added.",
        );
        let speakers: Vec<Option<&str>> = q
            .iter()
            .filter(|x| x.3 == QuoteKind::Direct)
            .map(|x| x.2.as_deref())
            .collect();
        assert_eq!(speakers, vec![Some("Letu Hamhola"); 2], "{q:?}");
    }

    #[test]
    fn a_closing_mark_typed_as_the_opening_one_opens() {
        let (_, q) = quotes(
            "Readers wrote in.\n\n\u{201d}Fear. I am truly afraid of what comes next.\u{201d} \u{2015} Edwin Monroy\n",
        );
        assert_eq!(q.len(), 1, "{q:?}");
        assert_eq!(
            q[0].0,
            vec!["Fear. I am truly afraid of what comes next."],
            "{q:?}"
        );
        assert_eq!(q[0].1.as_deref(), Some("Edwin Monroy"), "{q:?}");
    }

    #[test]
    fn a_speaker_inside_the_quotation_is_no_speaker() {
        let q = parsed_quotes(
            "Mr. Trump said of the episode, ''I don't like it,'' adding that the crowd was angry.",
        );
        let m = q
            .iter()
            .find(|x| x.0.concat().contains("don't like it"))
            .expect("the quote");
        assert_eq!(m.1.as_deref(), Some("Mr. Trump"), "{q:?}");
    }

    #[test]
    fn a_conjoined_cue_speaks_for_the_clause_subject() {
        let q = parsed_quotes(
            "The senator looked into the camera, furrowed his brow and said, \"I am going to endorse you!\"",
        );
        assert_eq!(q.len(), 1, "{q:?}");
        assert_eq!(q[0].1.as_deref(), Some("The senator"), "{q:?}");
    }

    #[test]
    fn titles_after_a_naming_word_are_not_quotes() {
        let q = parsed_quotes(
            "Sunday on Fox News channel's \"Sunday Morning Futures,\" Rep. Darrell Issa said the inquiry would go on. \"It will go on,\" according to a statement from his office.",
        );
        assert!(
            !q.iter().any(|x| x.0.concat().contains("Sunday Morning")),
            "{q:?}"
        );
        let m = q
            .iter()
            .find(|x| x.0.concat().contains("It will go on"))
            .expect("the quote");
        assert_eq!(m.1.as_deref(), Some("a statement from his office"), "{q:?}");
    }

    #[test]
    fn the_lead_in_of_a_quote_attributed_after_it_is_content() {
        let q = parsed_quotes(
            "The debate went on. Not paying taxes \"makes me smart,\" Mr. Trump said on Monday.",
        );
        let m = q
            .iter()
            .find(|x| x.0.concat().contains("makes me smart"))
            .expect("the quote");
        assert_eq!(m.3, QuoteKind::Mixed, "{q:?}");
        assert!(m.0[0].starts_with("Not paying taxes"), "{q:?}");
        assert_eq!(m.1.as_deref(), Some("Mr. Trump"), "{q:?}");
    }

    #[test]
    fn a_quotation_inside_a_that_clause_is_mixed_and_keeps_that() {
        let q = parsed_quotes(
            "The senator spoke after the vote. He says that \u{201c}as a nation, we have to do better.\u{201d}",
        );
        let m = q
            .iter()
            .find(|x| x.0.concat().contains("as a nation"))
            .expect("the quote");
        assert_eq!(m.3, QuoteKind::Mixed, "{q:?}");
        assert!(m.0[0].starts_with("that "), "{q:?}");
        assert_eq!(m.1.as_deref(), Some("He"), "{q:?}");
        let q = parsed_quotes(
            "The senator was awake. He tweeted that, \u{201c}at least you know I will be there to answer the call!\u{201d}",
        );
        assert_eq!(q.len(), 1, "{q:?}");
        assert_eq!(q[0].3, QuoteKind::Mixed, "{q:?}");
        assert!(q[0].0[0].starts_with("that, "), "{q:?}");
    }

    #[test]
    fn a_colon_introduces_the_words_of_the_clause_subject_or_the_name() {
        let q = parsed_quotes(
            "The union asked for a pause. Kasich resisted: \"Ohio governors do not have the power to suspend the law.\"",
        );
        let m = q
            .iter()
            .find(|x| x.0.concat().contains("Ohio"))
            .expect("quote");
        assert_eq!(
            (m.1.as_deref(), m.3),
            (Some("Kasich"), QuoteKind::Direct),
            "{q:?}"
        );
        let q = parsed_quotes(
            "Pollsters agree - Carl Bialik: \u{201c}One of the biggest lessons was a simple one.\u{201d}",
        );
        let m = q
            .iter()
            .find(|x| x.0.concat().contains("lessons"))
            .expect("quote");
        assert_eq!(
            (m.1.as_deref(), m.3),
            (Some("Carl Bialik"), QuoteKind::Direct),
            "{q:?}"
        );
        // A colon after a clause with no named or pronoun subject names nobody.
        let q = parsed_quotes(
            "The reasons were simple and old: \"more pay, fewer hours and a new contract for every worker.\"",
        );
        assert!(
            q.iter().all(|x| x.1.is_none() || x.3 != QuoteKind::Direct),
            "{q:?}"
        );
    }

    #[test]
    fn headline_label_colon_quote() {
        // A colon that ends its paragraph, or a quotation mark right after it, is no label.
        for text in [
            "The results were as follows:",
            "The results were as follows: \u{201c}",
            "He said: yes: no:",
        ] {
            let (_, q) = quotes(text);
            assert!(q.is_empty(), "{text}: {q:?}");
        }
        let (_, q) = quotes(
            "Senator Jane Doe on the vote: \u{201c}We will not back down.\u{201d}\n\nThe vote was held on Monday.",
        );
        assert_eq!(q.len(), 1, "{q:?}");
        assert_eq!(q[0].0, vec!["We will not back down."], "{q:?}");
        assert!(
            q[0].1.as_deref().is_some_and(|s| s.contains("Jane Doe")),
            "{q:?}"
        );
        assert_eq!(q[0].3, QuoteKind::Direct);
    }

    #[test]
    fn headline_label_and_claim() {
        // The headline may end with a stop; the content leaves it out.
        let got = parsed_quotes(
            "Graham: Trump is destroying the party.\n\nThe senator spoke on Thursday.",
        );
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].0, vec!["Trump is destroying the party"]);
        assert_eq!(got[0].1.as_deref(), Some("Graham"));
        // A profile's label and description, and a section label, say nothing.
        for text in [
            "Arthur Hailey: King of the bestsellers\n\nThe author died on Monday.",
            "Analysis: Why the talks failed\n\nThe talks failed.",
        ] {
            let got = parsed_quotes(text);
            assert!(got.is_empty(), "{text}: {got:?}");
        }
        // Later paragraphs ending with a stop are sentences of the story.
        let got = parsed_quotes("Talks end.\n\nGraham: Trump is destroying the party.");
        assert!(got.is_empty(), "{got:?}");
    }

    /// Headline labels with nouns ("Clinton camp"), an addressee ("X to
    /// Y:", the source ends before "to"), a section label before a dash,
    /// Title Case claims after a person or a poll, and a quotation inside
    /// the claim (the whole claim is attributed, kind mixed); a headline
    /// that is all one quotation stays a direct quote.
    #[test]
    fn headline_labels_with_addressees_sections_and_title_case() {
        let one = |text: &str| {
            let got = parsed_quotes(text);
            assert_eq!(got.len(), 1, "{text}: {got:?}");
            got.into_iter().next().unwrap()
        };
        let q =
            one("Merkel camp: Rival's plan threatens jobs in the east.\n\nThe vote is on Sunday.");
        assert_eq!(q.0, vec!["Rival's plan threatens jobs in the east"]);
        assert_eq!(q.1.as_deref(), Some("Merkel camp"));
        let q = one(
            "Clinton to Planned Parenthood: Trump will reverse Roe v. Wade\n\nShe spoke on Friday.",
        );
        assert_eq!(q.1.as_deref(), Some("Clinton"));
        let q = one("EXCLUSIVE \u{2013} Roger Stone: Don\u{2019}t Trust the Voting Machines\n\nStone spoke on Monday.");
        assert_eq!(q.1.as_deref(), Some("Roger Stone"));
        let q = one("Poll: Sanders Passes Clinton With First National Lead\n\nThe poll was taken last week.");
        assert_eq!(q.0, vec!["Sanders Passes Clinton With First National Lead"]);
        let q = one("Joe Scarborough: Trump Playing Dumb About The Klan Is \u{2018}Disqualifying.\u{2019}\n\nThe host spoke on Monday.");
        assert_eq!(q.3, QuoteKind::Mixed, "{q:?}");
        assert!(q.0[0].starts_with("Trump Playing Dumb"), "{q:?}");
        let q = one("Kasich: \u{2018}We Are Going All The Way To Cleveland.\u{2019}\n\nThe governor spoke on Tuesday.");
        assert_eq!(q.3, QuoteKind::Direct, "{q:?}");
    }

    /// A transcript turn with an attribution inside its words is still a
    /// turn of its speaker.
    #[test]
    fn a_transcript_turn_holding_an_attribution_is_attributed() {
        let got = parsed_quotes("The interview went on.\n\nJAKE TAPPER: The governor released a video on Friday saying the state will recover. Take a listen.\n\nThe video ran.");
        assert!(
            got.iter().any(|q| q.1.as_deref() == Some("JAKE TAPPER")
                && q.0
                    .iter()
                    .any(|c| c.starts_with("The governor released a video"))),
            "{got:?}"
        );
    }

    #[test]
    fn split_quote_and_continuation() {
        let (_, q) = quotes("Secretary of State John Kerry spoke on Tuesday.\n\"We're not the fighters on the ground; they are,\" Kerry said, \"They have to make their choices.\"\n\"Those who refuse will be wiped out,\" Lavrov said. \"There is no other solution.\"");
        assert_eq!(q.len(), 2, "{q:?}");
        assert_eq!(
            q[0].0,
            vec![
                "We're not the fighters on the ground; they are,",
                "They have to make their choices."
            ]
        );
        assert_eq!(q[0].1.as_deref(), Some("Kerry"));
        assert_eq!(q[0].2.as_deref(), Some("John Kerry"));
        assert_eq!(q[1].0.len(), 2);
        assert_eq!(q[1].1.as_deref(), Some("Lavrov"));
    }

    #[test]
    fn posts_after_a_possessive_adverbs_before_an_infinitive_and_titles_in_attributions() {
        let q = parsed_quotes("The day began.\n\n''We looked at thousands of interviews,'' Google's chief human resources executive, Lars Bock, told The New York Times in 2013. ''We found zero relationship.''\n\nInvestors fled. The Slate technology columnist Dan Auer went so far as to say: ''Twitter as we know it is over.''\n\n\u{201c}Of course we will release our records,\u{201d} Sanders said during an interview on CNN\u{2019}s \u{201c}State of the Union\u{201d} Sunday. \u{201c}Thank God, I am very healthy.\u{201d}");
        let direct: Vec<_> = q
            .iter()
            .filter(|q| q.3 == QuoteKind::Direct)
            .map(|q| (q.0.len(), q.1.as_deref()))
            .collect();
        assert_eq!(
            direct,
            vec![
                (
                    2,
                    Some("Google's chief human resources executive, Lars Bock")
                ),
                (1, Some("The Slate technology columnist Dan Auer")),
                (2, Some("Sanders")),
            ],
            "{q:?}"
        );
    }

    #[test]
    fn a_name_read_as_the_head_of_its_verb_and_a_participle_under_an_infinitive() {
        let q = parsed_quotes("Clinton, exasperated, famously responded: \"What difference - at this point, what difference does it make?\"\n\nThe candidate appeared to assert his plans by saying, \u{201c}I am trying to save lives.\u{201d}");
        let sources: Vec<_> = q.iter().map(|q| q.1.as_deref()).collect();
        assert_eq!(
            sources,
            vec![Some("Clinton"), Some("The candidate")],
            "{q:?}"
        );
    }

    #[test]
    fn a_lead_set_off_before_a_quotation_attributed_after_it_is_said_too() {
        let q = parsed_quotes("The plan is old.\n\nSooner or later, \u{201c}I think we will have a consumption tax,\u{201d} he said.");
        assert_eq!(q.len(), 1, "{q:?}");
        assert_eq!(q[0].3, QuoteKind::Mixed, "{q:?}");
        assert!(q[0].0[0].starts_with("Sooner or later"), "{q:?}");
        assert_eq!(q[0].1.as_deref(), Some("he"));
    }

    #[test]
    fn no_speaker_after_a_preposition_and_adverbs_after_and() {
        let q = parsed_quotes("Troops arrived. Protesters marching through the streets chanted \"What curfew?\" and kept going.\n\nIn the video, she urges her husband to come out of the car and repeatedly says, \"Don't you do it,\" until shots are heard.");
        let sources: Vec<_> = q.iter().map(|q| q.1.as_deref()).collect();
        assert_eq!(
            sources,
            vec![Some("Protesters marching through the streets"), Some("she")],
            "{q:?}"
        );
    }

    #[test]
    fn a_split_quote_goes_on_past_a_phrase_after_its_cue() {
        let q = parsed_quotes("\"I think the judge will be very fair,\" Mr. Osei said during a rally in Kumasi, \"but a lot of people will be watching.\" He left.\n\"We like the plan,\" she said, but \"the money is not there yet.\"\n\n\u{201c}Every time you say that,\u{201d} Tester said, referring to the 1 percent excuse, \u{201c}you give them ammunition.\u{201d}");
        assert_eq!(q.len(), 3, "{q:?}");
        assert_eq!(q[2].0.len(), 2, "{q:?}");
        assert_eq!(
            q[0].0,
            vec![
                "I think the judge will be very fair,",
                "but a lot of people will be watching."
            ]
        );
        assert_eq!(q[0].1.as_deref(), Some("Mr. Osei"));
        assert_eq!(
            q[1].0,
            vec!["We like the plan,", "the money is not there yet."]
        );
    }

    #[test]
    fn pronoun_colon_and_mixed() {
        let (_, q) = quotes("Foreign Minister Amara Diallo spoke. He said: “We will not sign this deal today.” She added that talks were about \"saving the city from ruin\".");
        assert_eq!(q[0].1.as_deref(), Some("He"));
        assert_eq!(q[0].2.as_deref(), Some("Amara Diallo"));
        assert_eq!(q[0].3, QuoteKind::Direct);
        assert_eq!(q[1].3, QuoteKind::Mixed);
        assert!(q[1].0[0].starts_with("talks were about"));
    }

    #[test]
    fn a_mixed_lead_and_the_quote_after_its_cue_are_one_attribution() {
        let (_, q) = quotes("Still, golf clubs are \"just scratching out a profit,\" Mr. Smith said. \"Golf is a razor-thin industry.\"");
        assert_eq!(q.len(), 1, "{q:?}");
        assert_eq!(q[0].3, QuoteKind::Mixed);
        assert_eq!(q[0].0.len(), 2, "{q:?}");
        assert!(q[0].0[0].starts_with("Still, golf clubs are"), "{q:?}");
        assert_eq!(q[0].0[1], "Golf is a razor-thin industry.");
        assert_eq!(q[0].1.as_deref(), Some("Mr. Smith"));
    }

    #[test]
    fn a_clause_marker_is_no_part_of_the_source() {
        let d = reported::tests::parsed("While Democrats say the plan works, others disagree.");
        let src = Span::new(0, "While Democrats".len());
        assert_eq!(d.slice(without_opener(&d, src)), "Democrats");
        let src = Span::new(6, "While Democrats".len());
        assert_eq!(d.slice(without_opener(&d, src)), "Democrats");
    }

    #[test]
    fn a_possessive_apostrophe_is_no_quotation_mark() {
        let q = parsed_quotes("\u{201c}The numbers put our campaign on pace,\u{201d} Jeff Weaver, Sanders\u{2019} campaign manager, said in a statement. \u{201c}Working Americans are beating the greatest fundraising machine ever assembled.\u{201d}");
        assert_eq!(q.len(), 1, "{q:?}");
        assert_eq!(
            q[0].0.len(),
            2,
            "the quote after the attribution goes on: {q:?}"
        );
        assert_eq!(
            q[0].1.as_deref(),
            Some("Jeff Weaver, Sanders\u{2019} campaign manager"),
            "{q:?}"
        );
    }

    #[test]
    fn a_participle_on_a_reported_clause_speaks_for_the_reporter() {
        let q = parsed_quotes("The spokesman said there was no telephone call planned with Trump, adding: \u{201c}If one is proposed we will consider it.\u{201d}");
        let direct = q
            .iter()
            .find(|q| q.0 == vec!["If one is proposed we will consider it."])
            .expect("the quote");
        assert_eq!(direct.1.as_deref(), Some("The spokesman"), "{q:?}");
    }

    /// A participle after its verb ('Graham said on "Morning Joe," adding,
    /// "..."'), or conjoined to another participle ("emailed her, thanking
    /// her for X and telling her, "...""), speaks for the clause's subject;
    /// neither makes the words before the source a lead of the quotation.
    #[test]
    fn participles_after_a_clause_speak_for_its_subject() {
        let q = parsed_quotes("\u{201c}I think the governor would be the best nominee, but he has no chance,\u{201d} Graham said on NBC's \"Meet the Press,\" adding, \u{201c}His problem is that nobody wants to buy that.\u{201d}");
        let added = q
            .iter()
            .find(|q| q.0 == vec!["His problem is that nobody wants to buy that."])
            .expect("the second quote");
        assert_eq!(added.1.as_deref(), Some("Graham"), "{q:?}");
        let q = parsed_quotes("In March 2011, after the senator lost the vote, Axelrod wrote her a note, calling her by her first name and telling her, \u{201c}you are a great player and we need you for the long run!\u{201d}");
        let told = quote_with(&q, "you are a great player");
        assert_eq!(told.1.as_deref(), Some("Axelrod"), "{q:?}");
        assert_eq!(told.0.len(), 1, "{q:?}");
    }

    /// "shot back" and "fired back" are cues before a quotation too.
    #[test]
    fn a_reply_verb_before_a_quotation_is_its_cue() {
        let q = parsed_quotes("Asked about the plan on Monday, Rubio fired back, \u{201c}If they sue us in a court in Miami, they are going to lose.\u{201d}");
        let reply = q
            .iter()
            .find(|q| q.0 == vec!["If they sue us in a court in Miami, they are going to lose."])
            .expect("the quote");
        assert_eq!(reply.1.as_deref(), Some("Rubio"), "{q:?}");
        assert_eq!(reply.3, QuoteKind::Direct, "{q:?}");
    }

    /// A cue that a colon and a quotation follow introduces that quotation,
    /// not the fragment before it; a recipient with a number or a
    /// possessive may sit between a cue and its quotation.
    #[test]
    fn a_cue_before_a_colon_introduces_the_next_quotation() {
        let q = parsed_quotes("Admitting that a trade deal would likely come \u{201c}down the road\u{201d} he warned: \u{201c}It is not going to happen any time soon. The UK will be at the back of the line.\u{201d}");
        let warned = quote_with(&q, "It is not going");
        assert_eq!(warned.0.len(), 1, "{q:?}");
        assert_eq!(warned.1.as_deref(), Some("he"), "{q:?}");
        assert_eq!(warned.3, QuoteKind::Direct, "{q:?}");
        let q = parsed_quotes("On Monday, Canova wrote to his 20,000 Twitter followers, \u{201c}It is time to end her career for good,\u{201d} and shared a link.");
        let wrote = quote_with(&q, "It is time");
        assert_eq!(
            wrote.0,
            vec!["It is time to end her career for good,"],
            "{q:?}"
        );
        assert_eq!(wrote.3, QuoteKind::Direct, "{q:?}");
    }

    /// A second cue between the halves of a would-be split quote ('"A,"
    /// she said, suggesting two questions, including, "B"') introduces the
    /// second quotation itself: the halves are not joined.
    #[test]
    fn a_second_cue_keeps_the_halves_apart() {
        let q = parsed_quotes("\u{201c}She has to draw a contrast and talk about the real issues,\u{201d} the senator said, suggesting a few questions, including, \u{201c}Do you really think billionaires need a tax break?\u{201d}");
        let first = quote_with(&q, "She has to draw");
        assert_eq!(first.0.len(), 1, "{q:?}");
        assert_eq!(first.1.as_deref(), Some("the senator"), "{q:?}");
        assert!(
            q.iter()
                .any(|x| x.0.iter().any(|c| c.contains("Do you really think"))
                    && x.1.as_deref() == Some("the senator")),
            "{q:?}"
        );
    }

    #[test]
    fn an_utterance_right_after_a_speech_verb_is_direct() {
        let (_, q) = quotes("The senator became famous when he yelled “You lie!” at the minister during the debate. Protesters interrupted her, shouting “She wins, we lose!” The mayor called the plan “a costly mistake” for the city.");
        // The scare quote in the last sentence is no quotation.
        assert_eq!(q.len(), 2, "{q:?}");
        assert_eq!(q[0].0, vec!["You lie!"]);
        assert_eq!(q[0].1.as_deref(), Some("he"));
        assert_eq!(q[0].3, QuoteKind::Direct);
        assert_eq!(q[1].0, vec!["She wins, we lose!"]);
        assert_eq!(q[1].1.as_deref(), Some("Protesters"));
        assert_eq!(q[1].3, QuoteKind::Direct);
    }

    #[test]
    fn a_quotation_going_on_a_clause_before_a_set_off_cue_takes_its_lead() {
        let q = parsed_quotes("Trump changed his tune. An economic downturn, he said, “could be a good time to borrow.” On the subject of Israel, Trump added, “Sheldon knows that.”");
        assert_eq!(q.len(), 2, "{q:?}");
        assert_eq!(
            q[0].0,
            vec!["An economic downturn", "could be a good time to borrow."]
        );
        assert_eq!(q[0].3, QuoteKind::Mixed);
        // A capitalised quotation is a sentence of its own: direct.
        assert_eq!(q[1].0, vec!["Sheldon knows that."]);
        assert_eq!(q[1].3, QuoteKind::Direct);
    }

    #[test]
    fn described_names_appositives_before_a_colon_and_days_are_no_speakers() {
        let source =
            |text: &str| -> Option<String> { parsed_quotes(text).into_iter().find_map(|q| q.1) };
        assert_eq!(
            source("“We will boost staff and oversight,” said spokesman John Kirby, referring to the review.")
                .as_deref(),
            Some("spokesman John Kirby")
        );
        assert_eq!(
            source("Michael Demastus, pastor of the Fort Des Moines Church of Christ and a Cruz supporter, said: “I think Cruz will win Iowa.”")
                .as_deref(),
            Some("Michael Demastus, pastor of the Fort Des Moines Church of Christ and a Cruz supporter")
        );
        assert_eq!(
            source("Priebus later Thursday told Fox News: “We had a good talk.”").as_deref(),
            Some("Priebus")
        );
    }

    #[test]
    fn quotes_go_on_past_a_title_and_after_a_colon_ending_a_paragraph() {
        let mut d = reported::tests::parsed("“I was sitting in a house with a bad earpiece,” Trump told NBC’s “Today” on Monday. “I could hardly hear what he was saying.”\n\nIn 1998, President Clinton released the following statement:\n\n“Hillary and I offer our condolences to the family.”");
        let q = seen(&mut d);
        assert_eq!(q.len(), 2, "{q:?}");
        assert_eq!(q[0].0.len(), 2, "{q:?}");
        assert_eq!(q[0].1.as_deref(), Some("Trump"));
        assert_eq!(q[1].1.as_deref(), Some("President Clinton"), "{q:?}");
    }

    #[test]
    fn sources_after_a_quote_with_adverbs_hyphens_appositives_and_inversion() {
        let text = "The day began early. “We wanted to offend them,” he later said.\n\n“He needs to stop blaming everyone,” the conservative-leaning newspaper wrote.\n\n“She is a mother of three,” another friend, Mariam Emara told reporters.\n\n“He is an amazing leader,” said the 46-year-old.\n\n“They are 100 percent wrong,” said 9/11 widow Ama Strand.\n\n“They would just go get them,” Rep. Jon Ode (R-Ohio), an oversight panel member, said.";
        let mut d = reported::tests::parsed(text);
        let q = seen(&mut d);
        let sources: Vec<_> = q.iter().map(|q| q.1.as_deref()).collect();
        assert_eq!(
            sources,
            vec![
                Some("he"),
                Some("the conservative-leaning newspaper"),
                Some("another friend, Mariam Emara"),
                Some("the 46-year-old"),
                Some("9/11 widow Ama Strand"),
                Some("Rep. Jon Ode (R-Ohio), an oversight panel member")
            ],
            "{q:?}"
        );
    }

    /// A verb outside the cue list closing the sentence after a quotation
    /// ending in a comma; a question followed by "X went on"; an infinitive
    /// cue ("went on to say") speaking for the subject of the verbs above it.
    #[test]
    fn any_verb_after_a_comma_quote_and_cues_under_infinitives() {
        let text = "The talks ended late.\n\n“France will always be France,” an angry Hollande retaliated.\n\n“You know, it happens, right?” Trump went on. “But you get over it.”\n\nSanders joked that Brooklyn was his answer, but went on to say, “There are dangerous places in America.”";
        let mut d = reported::tests::parsed(text);
        let q = seen(&mut d);
        let direct: Vec<_> = q
            .iter()
            .filter(|q| q.3 == QuoteKind::Direct)
            .map(|q| (q.0[0].as_str(), q.1.as_deref()))
            .collect();
        assert_eq!(
            direct,
            vec![
                ("France will always be France,", Some("an angry Hollande")),
                ("You know, it happens, right?", Some("Trump")),
                ("There are dangerous places in America.", Some("Sanders")),
            ],
            "{q:?}"
        );
        // Without the comma inside the marks, a title followed by a
        // sentence is not attributed by that sentence's verb.
        let text = "The show ran late.\n\nHe watched “The Apprentice” and the crowd laughed.";
        let mut d = reported::tests::parsed(text);
        assert!(seen(&mut d)
            .iter()
            .all(|q| q.1.as_deref() != Some("the crowd")));
    }

    /// What the parse hangs from a direct quotation's cue is no second
    /// attribution of that cue: the speaker's appositive goes, a participle
    /// of saying becomes the cue of the clause after it.
    #[test]
    fn a_direct_quotations_cue_introduces_nothing_else() {
        let text = "The camp opened.\n\n“The units are essential,” explains Dr Esther Sterk, MSF tropical medicine advisor.\n\n“We don’t know what we’re changing,” DuVernay said, emphasizing why our past is crucial to our present.";
        let mut d = reported::tests::parsed(text);
        let q = seen(&mut d);
        assert!(
            q.iter()
                .all(|q| !q.0.iter().any(|c| c.contains("tropical"))),
            "{q:?}"
        );
        let cues: Vec<_> = d
            .quotes
            .iter()
            .filter(|q| q.kind != QuoteKind::Direct)
            .map(|q| (d.slice(q.content[0]), q.cue.map(|c| d.slice(c))))
            .collect();
        assert_eq!(
            cues,
            vec![(
                "why our past is crucial to our present",
                Some("emphasizing")
            )],
            "{q:?}"
        );
    }

    #[test]
    fn a_quoted_name_before_a_cue_with_a_clause_of_its_own_is_no_quote() {
        let text = "The farm grew.\n\nAbout the invention of ‘SAU Feedmill-1,’ Masud Rana said it took about a year to make the machine.";
        let mut d = reported::tests::parsed(text);
        let q = seen(&mut d);
        assert!(
            q.iter()
                .all(|q| !q.0.iter().any(|c| c.contains("invention"))),
            "{q:?}"
        );
        assert!(
            q.iter()
                .any(|q| q.0.iter().any(|c| c.starts_with("it took"))),
            "{q:?}"
        );
    }

    #[test]
    fn what_is_struck_is_not_what_is_said() {
        let text = "The war went on.\n\nHamas fighters attacked the town on Monday. Gunmen fired rockets. Trump attacked Clinton over her emails.";
        let mut d = reported::tests::parsed(text);
        let q = seen(&mut d);
        let contents: Vec<_> = q.iter().flat_map(|q| q.0.iter().cloned()).collect();
        assert!(
            contents
                .iter()
                .all(|c| !c.contains("town") && !c.contains("rockets")),
            "{q:?}"
        );
        assert!(contents.iter().any(|c| c.starts_with("Clinton")), "{q:?}");
    }

    #[test]
    fn a_quotation_quoted_as_said_is_the_quoted_ones() {
        let text = "The talks went on.\n\nXinhua quoted Wang as saying: “The US should abandon its thinking.”";
        let mut d = reported::tests::parsed(text);
        let q = seen(&mut d);
        assert!(
            q.iter()
                .any(|q| q.3 == QuoteKind::Direct && q.1.as_deref() == Some("Wang")),
            "{q:?}"
        );
    }

    /// An unnamed source's anonymity is no attribution; "he" after a body
    /// that spoke is the person who spoke before it.
    #[test]
    fn anonymity_and_he_after_a_body() {
        let text = "The talks ended.\n\nA spokesman for the ministry, who asked not to be named, said the talks had failed. The army denied the report. He told reporters that the border was closed.";
        let mut d = reported::tests::parsed(text);
        let q = seen(&mut d);
        assert!(
            q.iter().all(|q| !q.0.iter().any(|c| c.contains("named"))),
            "{q:?}"
        );
        let he = d
            .quotes
            .iter()
            .find(|q| q.source.is_some_and(|s| d.slice(s) == "He"));
        let who = he.and_then(|q| q.speaker.as_ref()).map(|a| a.name.clone());
        assert!(who.is_some_and(|w| !w.contains("army")), "{q:?}");
    }

    #[test]
    fn a_question_attributed_after_it_and_a_mistyped_closing_mark() {
        let text = "The day began early.\n\n“Who do they think they are?” Trump said of Apple in February, when the company refused to unlock a phone.\n\n“It’s unusual,“ said Larry Noble, an attorney. “It’s a hard thing to do.”";
        let mut d = reported::tests::parsed(text);
        let q = seen(&mut d);
        let direct: Vec<_> = q.iter().filter(|q| q.3 == QuoteKind::Direct).collect();
        assert_eq!(direct.len(), 2, "{q:?}");
        assert_eq!(direct[0].0, vec!["Who do they think they are?"]);
        assert_eq!(direct[0].1.as_deref(), Some("Trump"));
        assert_eq!(
            direct[1].0,
            vec!["It’s unusual,", "It’s a hard thing to do."]
        );
        assert_eq!(direct[1].1.as_deref(), Some("Larry Noble"), "{q:?}");
    }

    #[test]
    fn transcript_turns_have_their_speakers() {
        let (_, q) = quotes("Part of the interview:\n\n\"HOST: Will the senator attend the hearing tomorrow?\n\n\"(CROSSTALK.)\n\n\"SMITH: She will not attend the hearing.\n\n\"She has other plans that day.\n\nUPDATE: The hearing was moved.");
        assert_eq!(q.len(), 2, "{q:?}");
        assert_eq!(
            q[0].0,
            vec!["Will the senator attend the hearing tomorrow?"]
        );
        assert_eq!(q[0].1.as_deref(), Some("HOST"));
        assert_eq!(q[1].0.len(), 2);
        assert_eq!(q[1].1.as_deref(), Some("SMITH"));
    }

    #[test]
    fn scare_quotes_and_apostrophes_are_not_quotes() {
        let (_, q) = quotes("Troops held the so-called \"buffer zone\" near the rebels' positions. The ‘smart port’ plan stalled.");
        assert!(q.is_empty(), "{q:?}");
    }

    #[test]
    fn styles_and_multi_paragraph() {
        let (_, q) = quotes("«Nous resterons ici jusqu'à la fin», the general told reporters.\n\n“The first paragraph of a long statement goes here.\n\n“And it ends in the second one,” the envoy said.\n\n‘We want our jobs back,’ said the union leader.");
        assert_eq!(q.len(), 3, "{q:?}");
        assert_eq!(q[0].1.as_deref(), Some("the general"));
        assert_eq!(q[1].0.len(), 2);
        assert_eq!(q[1].1.as_deref(), Some("the envoy"));
        assert_eq!(q[2].1.as_deref(), Some("the union leader"));
    }
}
