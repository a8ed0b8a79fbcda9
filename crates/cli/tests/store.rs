//! End-to-end tests of `wirecode ingest`, `recode` and `query`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use wirecode_store::rusqlite::{Connection, OpenFlags};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_wirecode"))
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn jsonl(o: &Output) -> Vec<serde_json::Value> {
    assert!(o.status.success(), "{}", stderr(o));
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each output line is JSON"))
        .collect()
}

fn count(db: &Path, sql: &str) -> i64 {
    let c = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    c.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn ingest_examples_twice_then_query() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    let db = db.to_str().unwrap();
    let examples = repo().join("examples");
    let examples = examples.to_str().unwrap();

    let o = run(&["ingest", examples, "--db", db, "--quiet"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("stored 3, already present 0, skipped 0"),
        "{}",
        stderr(&o)
    );
    let o = run(&["ingest", examples, "--db", db, "--quiet"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("stored 0, already present 3, skipped 0"),
        "{}",
        stderr(&o)
    );

    // The stored records are what `wirecode code` writes.
    let coded = jsonl(&run(&["code", examples]));
    let dbp = Path::new(db);
    let sum = |k: &str| -> i64 {
        coded
            .iter()
            .map(|v| v[k].as_array().unwrap().len() as i64)
            .sum()
    };
    assert_eq!(count(dbp, "SELECT count(*) FROM articles"), 3);
    for t in ["entities", "quotes", "events"] {
        assert_eq!(
            count(dbp, &format!("SELECT count(*) FROM {t}")),
            sum(t),
            "{t}"
        );
    }
    let events = jsonl(&run(&["query", "events", "--db", db]));
    let expected: Vec<(String, String, u64, u64)> = coded
        .iter()
        .flat_map(|v| {
            v["events"].as_array().unwrap().iter().map(|e| {
                (
                    v["id"].as_str().unwrap().to_string(),
                    e["code"].as_str().unwrap().to_string(),
                    e["evidence"]["start"].as_u64().unwrap(),
                    e["evidence"]["end"].as_u64().unwrap(),
                )
            })
        })
        .collect();
    let got: Vec<(String, String, u64, u64)> = events
        .iter()
        .map(|e| {
            let art = coded.iter().find(|v| v["id"] == e["article"]).unwrap();
            let text: Vec<char> = art["text"].as_str().unwrap().chars().collect();
            let ev = e["evidence"].as_str().unwrap();
            // Find the evidence span back in the text: stored offsets are code points.
            let n = ev.chars().count();
            let start = (0..=text.len() - n)
                .find(|&i| text[i..i + n].iter().collect::<String>() == ev)
                .unwrap() as u64;
            (
                e["article"].as_str().unwrap().to_string(),
                e["code"].as_str().unwrap().to_string(),
                start,
                start + n as u64,
            )
        })
        .collect();
    assert_eq!(got.len(), expected.len());
    for g in &got {
        assert!(
            expected
                .iter()
                .any(|x| x.0 == g.0 && x.1 == g.1 && x.3 - x.2 == g.3 - g.2),
            "{g:?}"
        );
    }

    // Filters: actor prefix (source or target), code prefix, limit.
    let vetoes = jsonl(&run(&[
        "query", "events", "--db", db, "--actor", "RUS", "--code", "12",
    ]));
    assert!(!vetoes.is_empty());
    for e in &vetoes {
        assert!(e["code"].as_str().unwrap().starts_with("12"), "{e}");
        let rus = |k: &str| e[k].as_str().is_some_and(|c| c.starts_with("RUS"));
        assert!(rus("source_code") || rus("target_code"), "{e}");
    }
    let one = jsonl(&run(&["query", "events", "--db", db, "--limit", "1"]));
    assert_eq!(one.len(), 1);
    let places = jsonl(&run(&["query", "events", "--db", db, "--place", "mombasa"]));
    assert!(!places.is_empty());
    assert!(places.iter().all(|e| e["place"] == "Mombasa"));

    // Quotes by speaker name and by code prefix; full-text search.
    let reyes = jsonl(&run(&["query", "quotes", "--db", db, "--speaker", "Reyes"]));
    assert!(!reyes.is_empty());
    assert!(
        reyes
            .iter()
            .all(|q| q["speaker"] == "Marcus Reyes"
                || q["source"].as_str().unwrap().contains("Reyes"))
    );
    let usa = jsonl(&run(&["query", "quotes", "--db", db, "--speaker", "USA"]));
    assert!(
        usa.iter().any(|q| q["speaker"] == "Marcus Reyes"),
        "{usa:?}"
    );
    let famine = jsonl(&run(&["query", "quotes", "--db", db, "--search", "famine"]));
    assert!(famine
        .iter()
        .all(|q| q["content"].as_str().unwrap().contains("famine")));
    assert!(!famine.is_empty());

    // Claims with their denials.
    let claims = jsonl(&run(&["query", "claims", "--db", db]));
    assert!(
        claims
            .iter()
            .any(|c| c["claim_cue"] == "accused" && c["denial_cue"] == "denied"),
        "{claims:?}"
    );

    // Articles by full-text search; table and CSV on demand.
    let hits = jsonl(&run(&["query", "articles", "--db", db, "--search", "veto"]));
    assert_eq!(hits.len(), 1);
    assert!(hits[0]["article"]
        .as_str()
        .unwrap()
        .ends_with("security-council-veto.txt"));
    let t = run(&["query", "claims", "--db", db, "--format", "table"]);
    let t = String::from_utf8_lossy(&t.stdout);
    assert!(t.starts_with("article  "), "{t}");
    assert!(t.lines().nth(1).unwrap().starts_with("-------"));
    let c = run(&["query", "articles", "--db", db, "--format", "csv"]);
    let c = String::from_utf8_lossy(&c.stdout);
    assert_eq!(
        c.lines().next().unwrap(),
        "article,title,published,url,entities,quotes,events"
    );
    assert_eq!(c.lines().count(), 4);

    // Re-coding replaces the layers with the same result.
    let before = count(dbp, "SELECT count(*) FROM events");
    let o = run(&["recode", "--db", db, "--quiet"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("recoded 3"), "{}", stderr(&o));
    assert_eq!(count(dbp, "SELECT count(*) FROM events"), before);

    // A missing database is a clear error, not a new empty file.
    let missing = dir.path().join("none.db");
    let o = run(&["query", "events", "--db", missing.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no such database"), "{}", stderr(&o));
    assert!(!missing.exists());
}

#[test]
fn bad_inputs_are_skipped_with_exit_code_3() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    let bad = dir.path().join("bad.jsonl");
    std::fs::write(
        &bad,
        "{\"id\": \"ok\", \"text\": \"Police said the road was closed.\"}\n{not json\n",
    )
    .unwrap();
    let o = run(&[
        "ingest",
        bad.to_str().unwrap(),
        "--db",
        db.to_str().unwrap(),
        "--no-syntax",
    ]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(stderr(&o).contains("bad.jsonl:2"), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("stored 1, already present 0, skipped 1"),
        "{}",
        stderr(&o)
    );
}

/// Kill an ingest mid-run (after at least one committed batch), run it
/// again, and check every article is stored exactly once, whole.
#[test]
fn killed_ingest_resumes_without_loss_or_duplicates() {
    const N: usize = 3000;
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("articles");
    std::fs::create_dir(&input).unwrap();
    for i in 0..N {
        std::fs::write(
            input.join(format!("a{i:05}.txt")),
            format!(
                "Talks {i}\n\n\"We will reopen the road to checkpoint {i},\" Foreign Minister \
                 Amara Diallo said in Bamako on Monday.\n"
            ),
        )
        .unwrap();
    }
    let db = dir.path().join("w.db");
    let args = |c: &mut Command| {
        c.arg("ingest")
            .arg(&input)
            .arg("--db")
            .arg(&db)
            .args(["--no-syntax", "--quiet"]);
    };
    let mut cmd = bin();
    args(&mut cmd);
    let mut child = cmd.spawn().unwrap();
    let t = Instant::now();
    let mut committed = 0;
    while t.elapsed() < Duration::from_secs(60) {
        if db.exists() {
            if let Ok(c) = Connection::open_with_flags(&db, OpenFlags::SQLITE_OPEN_READ_ONLY) {
                committed = c
                    .query_row("SELECT count(*) FROM articles", [], |r| r.get::<_, i64>(0))
                    .unwrap_or(0);
            }
        }
        if committed > 0 {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    assert!(committed > 0, "no batch committed in time");
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let after_kill = count(&db, "SELECT count(*) FROM articles");
    assert!(after_kill > 0);
    eprintln!("killed with {after_kill} of {N} articles stored");
    // Whatever is stored is whole: each article has its one quote.
    assert_eq!(count(&db, "SELECT count(*) FROM quotes"), after_kill);

    let mut cmd = bin();
    args(&mut cmd);
    let o = cmd.output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let expected = format!(
        "stored {}, already present {after_kill}, skipped 0",
        N as i64 - after_kill
    );
    assert!(stderr(&o).contains(&expected), "{}", stderr(&o));

    assert_eq!(count(&db, "SELECT count(*) FROM articles"), N as i64);
    assert_eq!(
        count(&db, "SELECT count(DISTINCT hash) FROM articles"),
        N as i64
    );
    assert_eq!(
        count(&db, "SELECT count(DISTINCT ext_id) FROM articles"),
        N as i64
    );
    assert_eq!(count(&db, "SELECT count(*) FROM quotes"), N as i64);
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM articles a WHERE (SELECT count(*) FROM quotes q
                 WHERE q.article_id = a.id) != 1
             OR NOT EXISTS (SELECT 1 FROM entities e WHERE e.article_id = a.id)"
        ),
        0
    );
    // The full-text index is in step with the table.
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM quotes_fts WHERE quotes_fts MATCH 'checkpoint'"
        ),
        N as i64
    );
}

/// One HTTP/1.1 request over a fresh connection; the status and the body.
fn http(addr: &str, method: &str, path: &str, token: Option<&str>, body: &str) -> (u16, String) {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let auth = token
        .map(|t| format!("Authorization: Bearer {t}\r\n"))
        .unwrap_or_default();
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n{auth}\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut raw = String::new();
    s.read_to_string(&mut raw).unwrap();
    let (head, rest) = raw.split_once("\r\n\r\n").unwrap();
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    // Small JSON answers: drop a chunked encoding's size lines.
    let body = if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        rest.lines()
            .filter(|l| !l.chars().all(|c| c.is_ascii_hexdigit()) || l.is_empty())
            .collect::<Vec<_>>()
            .join("\n")
    } else {
        rest.to_string()
    };
    (status, body)
}

#[test]
fn serve_allow_ingest_codes_as_ingest_does() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    let db_s = db.to_str().unwrap();
    let veto = repo().join("examples/security-council-veto.txt");
    let o = run(&["ingest", veto.to_str().unwrap(), "--db", db_s, "--quiet"]);
    assert!(o.status.success(), "{}", stderr(&o));

    // No token: refused, and so is a non-loopback address.
    let o = bin()
        .args([
            "serve",
            "--db",
            db_s,
            "--allow-ingest",
            "--addr",
            "127.0.0.1:0",
        ])
        .env_remove("WIRECODE_TOKEN")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("needs a token"), "{}", stderr(&o));
    let o = bin()
        .args(["serve", "--db", db_s, "--addr", "0.0.0.0:0"])
        .env_remove("WIRECODE_TOKEN")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("loopback"), "{}", stderr(&o));

    let token = "cli-test-token-0123456789";
    let token_file = dir.path().join("token.txt");
    std::fs::write(&token_file, format!("{token}\n")).unwrap();
    let mut server = bin()
        .args([
            "serve",
            "--db",
            db_s,
            "--allow-ingest",
            "--addr",
            "127.0.0.1:0",
        ])
        .arg("--token-file")
        .arg(&token_file)
        .env_remove("WIRECODE_TOKEN")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut err = std::io::BufReader::new(server.stderr.take().unwrap());
    let mut line = String::new();
    std::io::BufRead::read_line(&mut err, &mut line).unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .unwrap_or_else(|| panic!("no URL in {line:?}"))
        .to_string();
    let article = serde_json::json!({
        "id": "aleppo",
        "date": "2024-03-05",
        "text": "Syrian government forces shelled rebel-held districts of Aleppo on Tuesday, \
                 killing at least 12 civilians, a monitoring group said."
    })
    .to_string();
    let (status, _) = http(&addr, "POST", "/api/articles", None, &article);
    assert_eq!(status, 401);
    let (status, body) = http(&addr, "POST", "/api/articles", Some(token), &article);
    let (again_status, again) = http(&addr, "POST", "/api/articles", Some(token), &article);
    let _ = server.kill();
    let _ = server.wait();
    assert_eq!(status, 200, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["stored"], 1, "{v}");
    assert_eq!(again_status, 200, "{again}");
    let again: serde_json::Value = serde_json::from_str(&again).unwrap();
    assert_eq!(
        (again["stored"].clone(), again["present"].clone()),
        (0.into(), 1.into())
    );

    // The same article through `wirecode ingest`: the same events.
    let line_file = dir.path().join("aleppo.jsonl");
    std::fs::write(
        &line_file,
        article.replace("\"date\"", "\"published\"") + "\n",
    )
    .unwrap();
    let db2 = dir.path().join("w2.db");
    let o = run(&[
        "ingest",
        line_file.to_str().unwrap(),
        "--db",
        db2.to_str().unwrap(),
        "--quiet",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let events = |db: &Path| {
        let c = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
        let mut st = c
            .prepare(
                "SELECT e.code, e.place_name, e.day FROM events e JOIN articles a
                 ON a.id = e.article_id WHERE a.ext_id = 'aleppo' ORDER BY e.idx",
            )
            .unwrap();
        st.query_map([], |r| {
            Ok(format!(
                "{} {:?} {:?}",
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, Option<String>>(2)?
            ))
        })
        .unwrap()
        .map(|r| r.unwrap())
        .collect::<Vec<_>>()
    };
    let posted = events(&db);
    assert!(!posted.is_empty(), "no event coded");
    assert!(posted.iter().any(|e| e.contains("Aleppo")), "{posted:?}");
    assert_eq!(posted, events(&db2));
    assert_eq!(
        count(&db, "SELECT count(*) FROM articles WHERE ext_id = 'aleppo'"),
        1
    );
}
