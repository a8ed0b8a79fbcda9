-- Multiplies the articles and events of a wirecode database for load tests
-- (scripts/bench_api.sh): copy k (1..:copies) of every article gets a new
-- row id (id + k * span), a distinct hash and ext_id, and its publication
-- and event dates moved k * 13 + id % 13 days later, so the copies spread
-- over the calendar; its events are copied with the same shift. Entities
-- and quotes are not copied, and the copies are left out of the full-text
-- index (its triggers are dropped for the copy and restored after): the
-- load test reads events. Run with sqlite3 after `.parameter set :copies N`.
PRAGMA journal_mode = WAL;
PRAGMA synchronous = OFF;
PRAGMA cache_size = -262144;
BEGIN;
DROP TRIGGER articles_fts_insert;
CREATE TEMP TABLE copies AS
  WITH RECURSIVE c(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM c WHERE k < :copies)
  SELECT k FROM c;
CREATE TEMP TABLE span AS SELECT max(id) AS n FROM articles;
INSERT INTO articles (id, ext_id, hash, title, url, published, source, text, extra, coded_at,
                      wirecode_version)
SELECT a.id + c.k * s.n, a.ext_id || '#copy' || c.k, a.hash || '-copy' || c.k, a.title, a.url,
       date(a.published, '+' || (c.k * 13 + a.id % 13) || ' days'), a.source, a.text, a.extra,
       a.coded_at, a.wirecode_version
FROM copies c, span s, (SELECT * FROM articles ORDER BY id) a
WHERE a.id <= s.n
ORDER BY c.k, a.id;
INSERT INTO events (article_id, idx, code, root, name, plover, goldstein, quad_class,
                    source_text, source_name, source_code, target_text, target_name,
                    target_code, mode, date, place_name, place_country, lat, lon,
                    evidence_start, evidence_end, day, evidence)
SELECT e.article_id + c.k * s.n, e.idx, e.code, e.root, e.name, e.plover, e.goldstein,
       e.quad_class, e.source_text, e.source_name, e.source_code, e.target_text, e.target_name,
       e.target_code, e.mode,
       date(e.date, '+' || (c.k * 13 + e.article_id % 13) || ' days'),
       e.place_name, e.place_country, e.lat, e.lon, e.evidence_start, e.evidence_end,
       date(e.day, '+' || (c.k * 13 + e.article_id % 13) || ' days'), e.evidence
FROM copies c, span s, (SELECT * FROM events ORDER BY article_id, idx) e
WHERE e.article_id <= s.n
ORDER BY c.k, e.article_id, e.idx;
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
COMMIT;
ANALYZE;
