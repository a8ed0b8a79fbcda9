//! The queries of `wirecode query`, written once for both backends.
//!
//! SQLite and PostgreSQL agree on almost all the SQL the record needs; where
//! they differ ([`Dialect`]) the difference is said here and nowhere else:
//!
//! | what | SQLite | PostgreSQL |
//! |---|---|---|
//! | placeholders | `?1` | `$1` ([`Dialect::placeholders`] rewrites) |
//! | case-insensitive equality | `= ?1 COLLATE NOCASE` | `lower(..) = lower($1)` |
//! | case-insensitive substring | `LIKE` (ASCII case) | `ILIKE` (Unicode case) |
//! | full-text search | FTS5 tables, `MATCH`, `rank`, `snippet()` | `tsvector` columns, `@@ to_tsquery`, `ts_rank`, `ts_headline` |
//!
//! Searches are written in the FTS5 query language for both: [`fts_query`]
//! reads the user's text, and [`tsquery`] translates it for PostgreSQL
//! (words, `"phrases"`, `AND`/`OR`/`NOT`, `prefix*`, parentheses).

use std::borrow::Cow;

use crate::{fts_query, like_escape, prefix_end, EventFilter, QuoteFilter};

/// The PostgreSQL text-search configuration the schema creates: English
/// Snowball stemming and no stop words (FTS5's `porter` tokenizer drops none
/// either, so `"the veto"` finds the same articles in both).
pub const PG_TEXT_CONFIG: &str = "wirecode_english";

/// Which SQL the statement is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// The embedded store (`rusqlite`, FTS5).
    Sqlite,
    /// A PostgreSQL server (`tsvector` full-text search).
    Postgres,
}

/// A statement parameter.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    /// Text.
    Text(String),
    /// A whole number (bound as a 64-bit integer: `BIGINT` in PostgreSQL).
    Int(i64),
}

/// A statement and its parameters, placeholders written `?N` (see
/// [`Dialect::placeholders`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    /// SQL with `?1`, `?2`, ... placeholders.
    pub sql: String,
    /// The parameters, `args[0]` for `?1`.
    pub args: Vec<Arg>,
}

impl Query {
    fn new(sql: impl Into<String>) -> Query {
        Query {
            sql: sql.into(),
            args: Vec::new(),
        }
    }
    /// Adds a text parameter and returns its placeholder.
    fn text(&mut self, v: impl Into<String>) -> String {
        self.args.push(Arg::Text(v.into()));
        format!("?{}", self.args.len())
    }
}

/// How a full-text search enters a statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Search {
    /// Joined after the `FROM` list (SQLite's FTS5 table), or empty.
    pub join: String,
    /// Appended to the `WHERE` conditions (starts with ` AND `), or empty.
    pub cond: String,
    /// Best match first, for `ORDER BY`.
    pub rank: String,
}

impl Dialect {
    /// `col` equals the parameter `ph`, ignoring case.
    pub fn nocase_eq(self, col: &str, ph: &str) -> String {
        match self {
            Dialect::Sqlite => format!("{col} = {ph} COLLATE NOCASE"),
            Dialect::Postgres => format!("lower({col}) = lower({ph})"),
        }
    }

    /// `col` matches the LIKE pattern `ph` (escaped with [`like_escape`]),
    /// ignoring case.
    pub fn like_nocase(self, col: &str, ph: &str) -> String {
        match self {
            Dialect::Sqlite => format!("{col} LIKE {ph} ESCAPE '\\'"),
            Dialect::Postgres => format!("{col} ILIKE {ph} ESCAPE '\\'"),
        }
    }

    /// The search parameter for a user's search text: FTS5 syntax for
    /// SQLite, a `to_tsquery` string for PostgreSQL. An error is a search
    /// that cannot be read (unbalanced parentheses, a dangling operator).
    pub fn search_arg(self, user: &str) -> Result<String, String> {
        let q = fts_query(user);
        match self {
            Dialect::Sqlite => Ok(q),
            Dialect::Postgres => tsquery(&q),
        }
    }

    /// Full-text search over quote contents, alias `q`, parameter `ph`.
    pub fn quote_search(self, ph: &str) -> Search {
        match self {
            Dialect::Sqlite => Search {
                join: format!(
                    " JOIN quotes_fts ON quotes_fts.rowid = q.rowid AND quotes_fts MATCH {ph}"
                ),
                cond: String::new(),
                rank: "quotes_fts.rank".into(),
            },
            Dialect::Postgres => {
                let tq = format!("to_tsquery('{PG_TEXT_CONFIG}', {ph})");
                Search {
                    join: String::new(),
                    cond: format!(" AND q.search @@ {tq}"),
                    rank: format!("ts_rank(q.search, {tq}) DESC"),
                }
            }
        }
    }

    /// Full-text search over article titles and text, alias `a`, parameter
    /// `ph`, and the snippet expression (matches in `[...]`).
    pub fn article_search(self, ph: &str) -> (Search, String) {
        match self {
            Dialect::Sqlite => (
                Search {
                    join: format!(
                        " JOIN articles_fts ON articles_fts.rowid = a.id AND articles_fts MATCH {ph}"
                    ),
                    cond: String::new(),
                    rank: "articles_fts.rank".into(),
                },
                "snippet(articles_fts, 1, '[', ']', '…', 16)".into(),
            ),
            Dialect::Postgres => {
                let tq = format!("to_tsquery('{PG_TEXT_CONFIG}', {ph})");
                (
                    Search {
                        join: String::new(),
                        cond: format!(" AND a.search @@ {tq}"),
                        rank: format!("ts_rank(a.search, {tq}) DESC"),
                    },
                    format!(
                        "ts_headline('{PG_TEXT_CONFIG}', left(a.text, {PG_SEARCHED_CHARS}), {tq}, \
                         'StartSel=[, StopSel=], MaxWords=16, MinWords=8, MaxFragments=1')"
                    ),
                )
            }
        }
    }

    /// The statement with its placeholders written for this dialect:
    /// `?N` stays for SQLite and becomes `$N` for PostgreSQL (text inside
    /// single-quoted literals and double-quoted names is left alone).
    pub fn placeholders(self, sql: &str) -> Cow<'_, str> {
        if self == Dialect::Sqlite || !sql.contains('?') {
            return Cow::Borrowed(sql);
        }
        let mut out = String::with_capacity(sql.len());
        let mut quote: Option<char> = None;
        let mut chars = sql.chars().peekable();
        while let Some(c) = chars.next() {
            match quote {
                Some(q) => {
                    if c == q {
                        quote = None;
                    }
                    out.push(c);
                }
                None if c == '\'' || c == '"' => {
                    quote = Some(c);
                    out.push(c);
                }
                None if c == '?' && chars.peek().is_some_and(char::is_ascii_digit) => {
                    out.push('$');
                }
                None => out.push(c),
            }
        }
        Cow::Owned(out)
    }
}

/// How much of an article PostgreSQL indexes for search (a `tsvector` is
/// limited to 1 MB): the first 200,000 characters of its text.
pub const PG_SEARCHED_CHARS: usize = 200_000;

fn limit_clause(limit: Option<usize>) -> String {
    limit.map(|n| format!(" LIMIT {n}")).unwrap_or_default()
}

/// `wirecode query events`: events matching `f`, in input order (article,
/// then event index), with the evidence text.
pub fn events(f: &EventFilter, d: Dialect) -> Query {
    let mut q = Query::new(
        "SELECT a.ext_id AS article, e.idx AS event, COALESCE(e.date, a.published) AS date,
                e.code, e.name, e.mode,
                e.source_code, COALESCE(e.source_name, e.source_text) AS source,
                e.target_code, COALESCE(e.target_name, e.target_text) AS target,
                e.place_name AS place, e.place_country AS country, e.lat, e.lon,
                e.goldstein, e.quad_class, e.plover, e.evidence
         FROM events e JOIN articles a ON a.id = e.article_id WHERE 1 = 1",
    );
    let mut cond = String::new();
    if let Some(actor) = &f.actor {
        let up = actor.to_uppercase();
        let (lo, hi) = (q.text(up.clone()), q.text(prefix_end(&up)));
        cond += &format!(
            " AND ((e.source_code >= {lo} AND e.source_code < {hi})
                OR (e.target_code >= {lo} AND e.target_code < {hi}))"
        );
    }
    if let Some(code) = &f.code {
        let (lo, hi) = (q.text(code.clone()), q.text(prefix_end(code)));
        cond += &format!(" AND e.code >= {lo} AND e.code < {hi}");
    }
    if let Some(from) = &f.from {
        cond += &format!(" AND COALESCE(e.date, a.published) >= {}", q.text(from));
    }
    if let Some(to) = &f.to {
        cond += &format!(" AND COALESCE(e.date, a.published) <= {}", q.text(to));
    }
    if let Some(place) = &f.place {
        let ph = q.text(place);
        cond += &format!(" AND {}", d.nocase_eq("e.place_name", &ph));
    }
    if let Some(mode) = &f.mode {
        cond += &format!(" AND e.mode = {}", q.text(mode.to_lowercase()));
    }
    q.sql += &cond;
    q.sql += " ORDER BY a.id, e.idx";
    q.sql += &limit_clause(f.limit);
    q
}

/// Adds the three parameters of a speaker match (code prefix range, and a
/// LIKE pattern for part of a name) and returns the number of the first.
pub fn speaker_args(sp: &str, args: &mut Vec<Arg>) -> usize {
    let up = sp.to_uppercase();
    args.push(Arg::Text(up.clone()));
    args.push(Arg::Text(prefix_end(&up)));
    args.push(Arg::Text(format!("%{}%", like_escape(sp))));
    args.len() - 2
}

/// Conditions matching a speaker by code prefix, or by part of the name or
/// of the source mention (any case), on the quotes alias `t`, with the
/// parameters `?n`, `?n+1`, `?n+2` of [`speaker_args`].
pub fn speaker_cond(t: &str, n: usize, d: Dialect) -> String {
    let like = format!("?{}", n + 2);
    format!(
        "(({t}.speaker_code >= ?{n} AND {t}.speaker_code < ?{})
          OR {} OR {})",
        n + 1,
        d.like_nocase(&format!("{t}.speaker_name"), &like),
        d.like_nocase(&format!("{t}.source_text"), &like),
    )
}

/// `wirecode query quotes`: quotes matching `f`, in input order, or best
/// match first when searching.
pub fn quotes(f: &QuoteFilter, d: Dialect) -> Result<Query, String> {
    let mut q = Query::new(
        "SELECT a.ext_id AS article, q.idx AS quote, q.kind,
                q.speaker_name AS speaker, q.speaker_code, q.source_text AS source,
                q.cue_text AS cue, q.content_text AS content, q.responds_to
         FROM quotes q JOIN articles a ON a.id = q.article_id",
    );
    let mut order = "a.id, q.idx".to_string();
    let mut cond = String::new();
    if let Some(search) = &f.search {
        let ph = q.text(d.search_arg(search)?);
        let s = d.quote_search(&ph);
        q.sql += &s.join;
        cond += &s.cond;
        order = format!("{}, a.id, q.idx", s.rank);
    }
    q.sql += " WHERE 1 = 1";
    q.sql += &cond;
    if let Some(sp) = &f.speaker {
        let n = speaker_args(sp, &mut q.args);
        q.sql += &format!(" AND {}", speaker_cond("q", n, d));
    }
    q.sql += &format!(" ORDER BY {order}");
    q.sql += &limit_clause(f.limit);
    Ok(q)
}

/// Cue words that make a quote a claim or an accusation.
pub const CLAIM_CUES: &str = "(lower(c.cue_text) LIKE '%accus%' OR lower(c.cue_text) LIKE '%claim%'
        OR lower(c.cue_text) LIKE '%alleg%' OR lower(c.cue_text) LIKE '%charg%'
        OR lower(c.cue_text) LIKE '%blam%')";

/// `wirecode query claims`: claims and accusations, each with the denials
/// that answer it (one row per claim-denial pair).
pub fn claims(speaker: Option<&str>, limit: Option<usize>, d: Dialect) -> Query {
    let mut q = Query::new(format!(
        "SELECT a.ext_id AS article, c.idx AS claim, c.speaker_name AS claimant,
                c.speaker_code AS claimant_code, c.source_text AS claimant_source,
                c.cue_text AS claim_cue, c.content_text AS claim_text,
                d.idx AS denial, d.speaker_name AS denier, d.speaker_code AS denier_code,
                d.source_text AS denier_source, d.cue_text AS denial_cue,
                d.content_text AS denial_text
         FROM quotes c JOIN articles a ON a.id = c.article_id
         LEFT JOIN quotes d ON d.article_id = c.article_id AND d.responds_to = c.idx
         WHERE (d.idx IS NOT NULL OR {CLAIM_CUES})"
    ));
    if let Some(sp) = speaker {
        // The same three parameters serve the claimant and the denier.
        let n = speaker_args(sp, &mut q.args);
        q.sql += &format!(
            " AND ({} OR {})",
            speaker_cond("c", n, d),
            speaker_cond("d", n, d)
        );
    }
    q.sql += " ORDER BY a.id, c.idx, d.idx";
    q.sql += &limit_clause(limit);
    q
}

/// Entity, quote and event counts of article `a`, for article lists.
pub const ARTICLE_COUNTS: &str =
    "(SELECT count(*) FROM entities WHERE article_id = a.id) AS entities,
     (SELECT count(*) FROM quotes WHERE article_id = a.id) AS quotes,
     (SELECT count(*) FROM events WHERE article_id = a.id) AS events";

/// `wirecode query articles`: best match first for a full-text `search`
/// over title and text (with a snippet), or all in input order.
pub fn articles(search: Option<&str>, limit: Option<usize>, d: Dialect) -> Result<Query, String> {
    Ok(match search {
        Some(s) => {
            let mut q = Query::new("");
            let ph = q.text(d.search_arg(s)?);
            let (s, snippet) = d.article_search(&ph);
            q.sql = format!(
                "SELECT a.ext_id AS article, a.title, a.published, {snippet} AS snippet,
                        {ARTICLE_COUNTS}
                 FROM articles a{} WHERE 1 = 1{} ORDER BY {}, a.id{}",
                s.join,
                s.cond,
                s.rank,
                limit_clause(limit)
            );
            q
        }
        None => Query::new(format!(
            "SELECT a.ext_id AS article, a.title, a.published, a.url, {ARTICLE_COUNTS}
             FROM articles a ORDER BY a.id{}",
            limit_clause(limit)
        )),
    })
}

/// One piece of an FTS5 query.
#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Open,
    Close,
    And,
    Or,
    Not,
    /// Words (one, or a quoted phrase), and whether it ends in `*`.
    Term(String, bool),
}

fn tokens(s: &str) -> Result<Vec<Tok>, String> {
    let mut out = Vec::new();
    let mut it = s.chars().peekable();
    let star = |it: &mut std::iter::Peekable<std::str::Chars<'_>>| {
        let p = it.peek() == Some(&'*');
        if p {
            it.next();
        }
        p
    };
    while let Some(&c) = it.peek() {
        if c.is_whitespace() {
            it.next();
        } else if c == '(' {
            it.next();
            out.push(Tok::Open);
        } else if c == ')' {
            it.next();
            out.push(Tok::Close);
        } else if c == '"' {
            it.next();
            let mut phrase = String::new();
            loop {
                match it.next() {
                    None => return Err("unterminated \"phrase\"".into()),
                    Some('"') if it.peek() == Some(&'"') => {
                        it.next();
                        phrase.push('"');
                    }
                    Some('"') => break,
                    Some(ch) => phrase.push(ch),
                }
            }
            let p = star(&mut it);
            out.push(Tok::Term(phrase, p));
        } else if c.is_alphanumeric() || c == '_' {
            let mut w = String::new();
            while let Some(&ch) = it.peek() {
                if ch.is_alphanumeric() || ch == '_' {
                    w.push(ch);
                    it.next();
                } else {
                    break;
                }
            }
            let p = star(&mut it);
            out.push(match (w.as_str(), p) {
                ("AND", false) => Tok::And,
                ("OR", false) => Tok::Or,
                ("NOT", false) => Tok::Not,
                // NEAR(a b): read as a group of required words.
                ("NEAR", false) if it.peek() == Some(&'(') => continue,
                _ => Tok::Term(w, p),
            });
        } else if c == '*' {
            return Err("a * must end a word".into());
        } else {
            // Other punctuation separates words, as FTS5's tokenizer does.
            it.next();
        }
    }
    Ok(out)
}

/// A term as a `to_tsquery` operand: quoted (the text-search parser splits
/// and stems its words; several words make a phrase), with `:*` for a prefix.
fn ts_term(words: &str, prefix: bool) -> String {
    let clean: String = words
        .chars()
        .map(|c| {
            if matches!(c, '\'' | '\\' | ':') {
                ' '
            } else {
                c
            }
        })
        .collect();
    let clean = clean.split_whitespace().collect::<Vec<_>>().join(" ");
    if clean.is_empty() {
        return String::new();
    }
    format!("'{clean}'{}", if prefix { ":*" } else { "" })
}

struct TsParser {
    toks: Vec<Tok>,
    at: usize,
}

impl TsParser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.at)
    }
    // or := and ("OR" and)*
    fn or(&mut self) -> Result<String, String> {
        let mut parts = vec![self.and()?];
        while self.peek() == Some(&Tok::Or) {
            self.at += 1;
            parts.push(self.and()?);
        }
        Ok(join(parts, " | "))
    }
    // and := not (["AND"] not)*   (adjacent terms are ANDed, as in FTS5)
    fn and(&mut self) -> Result<String, String> {
        let mut parts = vec![self.not()?];
        loop {
            match self.peek() {
                Some(Tok::And) => {
                    self.at += 1;
                    parts.push(self.not()?);
                }
                Some(Tok::Term(..)) | Some(Tok::Open) => parts.push(self.not()?),
                _ => break,
            }
        }
        Ok(join(parts, " & "))
    }
    // not := primary ("NOT" primary)*   (FTS5's binary NOT: a NOT b = a AND NOT b)
    fn not(&mut self) -> Result<String, String> {
        let mut expr = self.primary()?;
        while self.peek() == Some(&Tok::Not) {
            self.at += 1;
            let rhs = self.primary()?;
            expr = if rhs.is_empty() {
                expr
            } else {
                format!("({expr}) & !({rhs})")
            };
        }
        Ok(expr)
    }
    fn primary(&mut self) -> Result<String, String> {
        match self.toks.get(self.at).cloned() {
            Some(Tok::Open) => {
                self.at += 1;
                let inner = self.or()?;
                if self.peek() != Some(&Tok::Close) {
                    return Err("unbalanced parentheses".into());
                }
                self.at += 1;
                Ok(if inner.is_empty() {
                    inner
                } else {
                    format!("({inner})")
                })
            }
            Some(Tok::Term(w, p)) => {
                self.at += 1;
                Ok(ts_term(&w, p))
            }
            Some(t) => Err(format!(
                "expected a word or a phrase, found {}",
                tok_name(&t)
            )),
            None => Err("expected a word or a phrase at the end".into()),
        }
    }
}

fn tok_name(t: &Tok) -> &'static str {
    match t {
        Tok::Open => "(",
        Tok::Close => ")",
        Tok::And => "AND",
        Tok::Or => "OR",
        Tok::Not => "NOT",
        Tok::Term(..) => "a word",
    }
}

fn join(parts: Vec<String>, op: &str) -> String {
    let parts: Vec<String> = parts.into_iter().filter(|p| !p.is_empty()).collect();
    match parts.len() {
        0 => String::new(),
        1 => parts.into_iter().next().unwrap_or_default(),
        _ => parts.join(op),
    }
}

/// An FTS5 query (words, `"phrases"`, `AND`, `OR`, `NOT`, `prefix*`,
/// parentheses, `NEAR(...)` read as all of its words) as a PostgreSQL
/// `to_tsquery` string with the same meaning. An error names what cannot be
/// read, as FTS5 refuses it.
pub fn tsquery(fts5: &str) -> Result<String, String> {
    let toks = tokens(fts5)?;
    if toks.is_empty() {
        return Err("empty search".into());
    }
    let mut p = TsParser { toks, at: 0 };
    let out = p.or()?;
    if let Some(t) = p.peek() {
        return Err(format!("unexpected {}", tok_name(t)));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_become_dollars_outside_literals() {
        let sql = "SELECT '?1', \"a?2\" FROM t WHERE x = ?1 AND y LIKE ?12 ESCAPE '\\' OR z = ?";
        assert_eq!(Dialect::Sqlite.placeholders(sql), sql);
        assert_eq!(
            Dialect::Postgres.placeholders(sql),
            "SELECT '?1', \"a?2\" FROM t WHERE x = $1 AND y LIKE $12 ESCAPE '\\' OR z = ?"
        );
    }

    #[test]
    fn fts5_queries_translate_to_tsquery() {
        assert_eq!(tsquery("veto").unwrap(), "'veto'");
        assert_eq!(tsquery("aid Rakhine").unwrap(), "'aid' & 'Rakhine'");
        assert_eq!(tsquery("aid AND Rakhine").unwrap(), "'aid' & 'Rakhine'");
        assert_eq!(tsquery("a OR b c").unwrap(), "'a' | 'b' & 'c'");
        assert_eq!(tsquery("a NOT b").unwrap(), "('a') & !('b')");
        assert_eq!(
            tsquery("\"humanitarian access\"").unwrap(),
            "'humanitarian access'"
        );
        assert_eq!(tsquery("sanct*").unwrap(), "'sanct':*");
        assert_eq!(tsquery("(a OR b) c").unwrap(), "('a' | 'b') & 'c'");
        assert_eq!(tsquery("NEAR(a b)").unwrap(), "('a' & 'b')");
        // What fts_query makes of punctuation: quoted words.
        assert_eq!(tsquery(&fts_query("U.N. it's")).unwrap(), "'U.N.' & 'it s'");
        assert_eq!(tsquery("\"say \"\"no\"\"\"").unwrap(), "'say \"no\"'");
    }

    #[test]
    fn unreadable_searches_are_errors() {
        for bad in ["AND", "a OR", "(a", "a)", "\"open", "*", "", "NOT a"] {
            assert!(tsquery(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn sqlite_statements_are_unchanged_by_the_dialect_layer() {
        let f = EventFilter {
            place: Some("Sittwe".into()),
            actor: Some("rus".into()),
            ..Default::default()
        };
        let q = events(&f, Dialect::Sqlite);
        assert!(
            q.sql.contains("e.place_name = ?3 COLLATE NOCASE"),
            "{}",
            q.sql
        );
        assert_eq!(q.args[0], Arg::Text("RUS".into()));
        let p = events(&f, Dialect::Postgres);
        assert!(
            p.sql.contains("lower(e.place_name) = lower(?3)"),
            "{}",
            p.sql
        );
        let s = quotes(
            &QuoteFilter {
                search: Some("veto".into()),
                speaker: Some("kerry".into()),
                limit: Some(5),
            },
            Dialect::Postgres,
        )
        .unwrap();
        assert!(s
            .sql
            .contains("q.search @@ to_tsquery('wirecode_english', ?1)"));
        assert!(s.sql.contains("q.speaker_name ILIKE ?4"), "{}", s.sql);
        assert_eq!(s.args[0], Arg::Text("'veto'".into()));
        assert!(quotes(
            &QuoteFilter {
                search: Some("(veto".into()),
                ..Default::default()
            },
            Dialect::Postgres
        )
        .is_err());
    }
}
