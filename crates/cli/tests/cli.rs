//! End-to-end tests of the `wirecode` command.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_wirecode"))
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn shared() -> Option<PathBuf> {
    let p = repo().join("../shared");
    if p.is_dir() {
        Some(p)
    } else {
        eprintln!("skipping: ../shared is not present");
        None
    }
}

/// Runs `wirecode ARGS` with `input` on stdin.
fn run_stdin(args: &[&str], input: &str) -> Output {
    let mut child = bin()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn lines(o: &Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each output line is JSON"))
        .collect()
}

fn text_of(v: &serde_json::Value, start: &serde_json::Value, end: &serde_json::Value) -> String {
    let chars: Vec<char> = v["text"].as_str().unwrap().chars().collect();
    chars[start.as_u64().unwrap() as usize..end.as_u64().unwrap() as usize]
        .iter()
        .collect()
}

#[test]
fn bundled_examples_are_coded() {
    let o = bin()
        .arg("code")
        .arg(repo().join("examples"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = lines(&o);
    assert_eq!(
        out.len(),
        3,
        "three example stories (README.md is not an article)"
    );
    for v in &out {
        assert!(v["title"].is_string());
        assert!(!v["quotes"].as_array().unwrap().is_empty(), "{}", v["id"]);
        assert!(!v["entities"].as_array().unwrap().is_empty());
        // Every offset points at the text it claims.
        for e in v["entities"].as_array().unwrap() {
            assert_eq!(
                text_of(v, &e["start"], &e["end"]),
                e["text"].as_str().unwrap()
            );
        }
        for q in v["quotes"].as_array().unwrap() {
            if q["source"].is_object() {
                assert_eq!(
                    text_of(v, &q["source"]["start"], &q["source"]["end"]),
                    q["source"]["text"].as_str().unwrap()
                );
            }
        }
    }
}

#[test]
fn canonical_article_quotes_and_speakers() {
    let Some(shared) = shared() else { return };
    let path = shared.join("examples/aleppo-evacuation-talks.txt");
    let o = bin()
        .args(["code", "--published", "2016-12-06"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = lines(&o);
    assert_eq!(out.len(), 1);
    let v = &out[0];
    assert_eq!(v["id"], path.to_string_lossy().as_ref());
    assert_eq!(v["published"], "2016-12-06");
    assert_eq!(
        v["title"],
        "Syrian rebels 'discussing evacuation' of Aleppo with US"
    );
    let mut by_speaker: std::collections::HashMap<String, Vec<String>> = Default::default();
    for q in v["quotes"].as_array().unwrap() {
        let who = q["speaker"]["name"].as_str().unwrap_or("?").to_string();
        for c in q["content"].as_array().unwrap() {
            by_speaker
                .entry(who.clone())
                .or_default()
                .push(text_of(v, &c["start"], &c["end"]));
        }
    }
    let kerry = by_speaker.get("John Kerry").cloned().unwrap_or_default();
    let lavrov: Vec<String> = by_speaker
        .iter()
        .filter(|(k, _)| k.contains("Lavrov"))
        .flat_map(|(_, v)| v.clone())
        .collect();
    let has = |v: &[String], s: &str| v.iter().any(|c| c.contains(s));
    // Speakers carry the role in force on the publication date.
    let codes: Vec<(String, String)> = v["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|q| {
            Some((
                q["speaker"]["name"].as_str()?.to_string(),
                q["speaker"]["code"].as_str()?.to_string(),
            ))
        })
        .collect();
    assert!(
        codes.contains(&("John Kerry".into(), "USAGOV".into())),
        "{codes:?}"
    );
    assert!(
        codes
            .iter()
            .any(|(n, c)| n.contains("Lavrov") && c == "RUSGOV"),
        "{codes:?}"
    );
    // The denial answers the accusation.
    let denial = v["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["cue"]["text"] == "denies")
        .expect("Washington's denial is an attribution");
    assert_eq!(denial["speaker"]["code"], "USAGOV");
    let claim = &v["quotes"][denial["responds_to"].as_u64().expect("linked") as usize];
    assert_eq!(claim["cue"]["text"], "accused");
    // Events: who did what to whom, when and where.
    let events: Vec<(String, String, String, String, String)> = v["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let code = |p: &serde_json::Value| p["code"].as_str().unwrap_or("").to_string();
            (
                e["code"].as_str().unwrap().to_string(),
                code(&e["source"]),
                code(&e["target"]),
                e["mode"].as_str().unwrap().to_string(),
                e["date"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let has_event = |code: &str, src: &str, tgt: &str| {
        events
            .iter()
            .any(|(c, s, t, _, _)| c.starts_with(code) && s.starts_with(src) && t.starts_with(tgt))
    };
    assert!(
        events
            .iter()
            .any(|e| e.0 == "129" && e.1.starts_with("RUS") && e.4 == "2016-12-05"),
        "{events:?}"
    );
    // "China joined Russia in the rejecting the truce": China vetoes too.
    assert!(
        events
            .iter()
            .any(|e| e.0 == "129" && e.1.starts_with("CHN") && e.2.starts_with("IGOUNO")),
        "{events:?}"
    );
    assert!(has_event("111", "USA", "RUS"), "{events:?}");
    assert!(has_event("13", "RUSGOV", "SYRREB"), "{events:?}");
    assert!(has_event("112", "RUSGOV", "USA"), "{events:?}");
    assert!(has_event("016", "USAGOV", "RUSGOV"), "{events:?}");
    assert!(
        events
            .iter()
            .any(|e| e.0 == "036" && e.1 == "USAGOV" && e.2 == "RUSGOV" && e.3 == "intended"),
        "{events:?}"
    );
    let seize = v["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["code"] == "192")
        .expect("regime forces seize territory");
    assert_eq!(seize["source"]["code"], "SYRMIL");
    assert_eq!(seize["location"]["country"], "SYR");
    assert!((seize["location"]["lat"].as_f64().unwrap() - 36.20).abs() < 0.05);
    assert!(
        has(&kerry, "We're not the fighters on the ground"),
        "{by_speaker:?}"
    );
    assert!(
        has(&kerry, "They have to make their choices"),
        "{by_speaker:?}"
    );
    assert!(has(&kerry, "trying to move people out"), "{by_speaker:?}");
    assert!(has(&lavrov, "will be wiped out"), "{by_speaker:?}");
    assert!(has(&lavrov, "There is no other solution"), "{by_speaker:?}");
    assert!(
        has(
            &lavrov,
            "Serious conversations with our partners do not work"
        ),
        "{by_speaker:?}"
    );
}

#[test]
fn bad_inputs_are_reported_and_the_rest_is_coded() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::write(
        p.join("a-good.txt"),
        "Talks resume\n\n\"We will return to the table next week,\" the envoy said.",
    )
    .unwrap();
    std::fs::write(
        p.join("b-binary.dat"),
        [0x7f, b'E', b'L', b'F', 0, 0, 1, 2, 0, 255],
    )
    .unwrap();
    std::fs::write(p.join("c-empty.txt"), "").unwrap();
    std::fs::write(
        p.join("d-latin1.txt"),
        b"Caf\xe9 talks\n\nThe minister said the caf\xe9 would reopen on Monday.",
    )
    .unwrap();
    std::fs::write(p.join("e-lines.jsonl"), "{\"id\":\"ok-1\",\"text\":\"Police said the march was peaceful.\"}\n{broken json\n[1,2]\n{\"id\":\"no-text\"}\n").unwrap();
    let o = bin().arg("code").arg(p).output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(
        o.status.code(),
        Some(3),
        "exit code 3 = something was skipped; stderr: {err}"
    );
    let out = lines(&o);
    let ids: Vec<&str> = out.iter().map(|v| v["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 3, "{ids:?}");
    assert!(ids[0].ends_with("a-good.txt") && ids[1].ends_with("d-latin1.txt") && ids[2] == "ok-1");
    assert!(out[1]["text"].as_str().unwrap().contains("café"));
    assert!(err.contains("b-binary.dat: binary file"), "{err}");
    assert!(err.contains("c-empty.txt: empty article"), "{err}");
    assert!(
        err.contains("d-latin1.txt: invalid UTF-8 at byte 3"),
        "{err}"
    );
    assert!(err.contains("e-lines.jsonl:2: malformed JSON"), "{err}");
    assert!(
        err.contains("e-lines.jsonl:3: a JSON line must be an object"),
        "{err}"
    );
    assert!(
        err.contains("e-lines.jsonl:4: missing field \"text\""),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn stdin_jsonl_keeps_order_and_extra_fields() {
    let mut input = String::new();
    for i in 0..40 {
        input.push_str(&format!("{{\"id\":\"n{i}\",\"text\":\"Article {i}: the mayor said talks went well.\",\"feed\":\"x\"}}\n"));
    }
    let o = run_stdin(&["code", "-", "--published", "2020-05-01"], &input);
    assert!(o.status.success());
    let out = lines(&o);
    assert_eq!(out.len(), 40);
    for (i, v) in out.iter().enumerate() {
        assert_eq!(v["id"], format!("n{i}"));
        assert_eq!(v["published"], "2020-05-01");
        assert_eq!(v["extra"]["feed"], "x");
    }
}

#[test]
fn tsv_output_and_output_file() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("a.txt");
    std::fs::write(
        &f,
        "\"We will not leave,\" Foreign Minister Amara Diallo said in Bamako.",
    )
    .unwrap();
    let out = dir.path().join("out.tsv");
    let o = bin()
        .args(["code", "--format", "tsv", "-o"])
        .arg(&out)
        .arg(&f)
        .output()
        .unwrap();
    assert!(o.status.success());
    let t = std::fs::read_to_string(&out).unwrap();
    let mut rows = t.lines();
    assert!(rows.next().unwrap().starts_with("id\tlayer\tstart"));
    assert!(
        t.lines()
            .any(|l| l.contains("\tquote\t") && l.contains("Amara Diallo")),
        "{t}"
    );
}

#[test]
fn usage_errors_are_clear() {
    let o = bin()
        .args(["code", "--no-such-flag", "x"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--no-such-flag"));
    let o = bin()
        .args(["code", "--published", "06/12/2016", "x"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("YYYY-MM-DD"));
    let o = bin().args(["code", "/no/such/path"]).output().unwrap();
    assert_eq!(o.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&o.stderr).contains("/no/such/path: cannot read"));
}

#[test]
fn polnear_eval_prints_figures() {
    let Some(shared) = shared() else { return };
    let o = bin()
        .args(["eval", "polnear", "--split", "dev", "--data"])
        .arg(shared.join("gold/polnear"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let s = String::from_utf8_lossy(&o.stdout);
    for name in [
        "polnear.all.content.f1",
        "polnear.all.content_source.f1",
        "polnear.direct.content_source.f1",
        "polnear.all.content_exact.f1",
    ] {
        let line = s
            .lines()
            .find(|l| l.starts_with(&format!("{name}\t")))
            .unwrap_or_else(|| panic!("{name} missing: {s}"));
        let v: f64 = line.split('\t').nth(1).unwrap().parse().unwrap();
        assert!((0.0..=1.0).contains(&v));
    }
}

#[test]
fn gdelt_and_plover_exports() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("a.txt");
    std::fs::write(&f, "Veto in New York\n\nRussia and China vetoed the resolution on Monday, and government forces attacked rebels in Homs.").unwrap();
    let o = bin()
        .args(["code", "--format", "gdelt", "--published", "2016-12-06"])
        .arg(&f)
        .output()
        .unwrap();
    assert!(o.status.success());
    let t = String::from_utf8_lossy(&o.stdout);
    let mut rows = t.lines();
    let header: Vec<&str> = rows.next().unwrap().split('\t').collect();
    assert_eq!(&header[..2], ["GLOBALEVENTID", "SQLDATE"]);
    assert_eq!(header[60], "SOURCEURL");
    let veto: Vec<Vec<&str>> = rows
        .map(|r| r.split('\t').collect::<Vec<_>>())
        .filter(|r| r[26] == "129")
        .collect();
    assert_eq!(veto.len(), 2, "{t}");
    assert!(veto
        .iter()
        .all(|r| r.len() == header.len() && r[1] == "20161205" && r[28] == "12" && r[29] == "3"));
    assert!(veto.iter().any(|r| r[7] == "RUS") && veto.iter().any(|r| r[7] == "CHN"));
    let o = bin()
        .args(["code", "--format", "plover", "--published", "2016-12-06"])
        .arg(&f)
        .output()
        .unwrap();
    let recs = lines(&o);
    assert!(
        recs.iter().any(|r| r["event"] == "REJECT"
            && r["cameo"] == "129"
            && r["source"][0]["code"] == "RUS"),
        "{recs:?}"
    );
}

#[test]
fn train_tagger_and_parser_on_a_tiny_treebank() {
    let dir = tempfile::tempdir().unwrap();
    let tb = dir.path().join("tiny.conllu");
    let mut s = String::new();
    for (i, (w1, w2)) in [
        ("Russia", "vetoed"),
        ("China", "agreed"),
        ("Kerry", "spoke"),
    ]
    .iter()
    .enumerate()
    {
        s.push_str(&format!(
            "# sent_id = {i}\n1\t{w1}\t{w1}\tPROPN\tNNP\t_\t2\tnsubj\t_\t_\n2\t{w2}\t{w2}\tVERB\tVBD\t_\t0\troot\t_\t_\n3\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n"
        ));
    }
    std::fs::write(&tb, s).unwrap();
    for model in ["tagger", "parser"] {
        let out = dir.path().join(format!("{model}.bin"));
        let o = bin()
            .args([
                "train",
                model,
                "--epochs",
                "2",
                "--jackknife",
                "2",
                "--train",
            ])
            .arg(&tb)
            .arg("--dev")
            .arg(&tb)
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        assert!(std::fs::metadata(&out).unwrap().len() > 0);
    }
    let o = bin()
        .args([
            "train",
            "tagger",
            "--train",
            "/no/such.conllu",
            "--dev",
            "/no/such.conllu",
            "--out",
        ])
        .arg(dir.path().join("x.bin"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("/no/such.conllu"));
}

/// Announced acts are coded as CAMEO codes them: "willing to withdraw" is an
/// intent to de-escalate (0356), a reported "it will release" an intent to
/// release (0353, "it" resolved to the group named before), a bare future
/// keeps the act's code with the intended mode; PLOVER types all three AGREE.
#[test]
fn announced_acts_are_intents() {
    let text = "Egypt is willing to withdraw its troops from Gaza.\n\nThe ELN said on Monday it will release the captured Colombian soldiers.\n\nThe United States will supply arms to Israel.\n\nIsrael said it will not release the Palestinian prisoners.\n\nThe US claimed that ISIL had attacked Iraq.\n\nThe cook sautéed onions and flambéing pans.\n";
    let o = run_stdin(&["code", "-", "--published", "2020-01-08"], text);
    assert!(o.status.success());
    let v = &lines(&o)[0];
    let events = v["events"].as_array().unwrap();
    let find = |code: &str| {
        events
            .iter()
            .find(|e| e["code"] == code)
            .unwrap_or_else(|| panic!("no {code} in {events:#?}"))
    };
    let w = find("0356");
    assert_eq!(w["source"]["code"], "EGY");
    assert_eq!(w["mode"], "intended");
    let r = find("0353");
    assert_eq!(r["source"]["code"], "COLREB");
    let s = find("072");
    assert_eq!(s["mode"], "intended");
    for e in [w, r, s] {
        assert_eq!(e["plover"], "AGREE", "{e:#?}");
    }
    // A refused act is a rejection; a reported attack is also an accusation.
    assert_eq!(find("1243")["source"]["code"], "ISR");
    let acc = find("112");
    assert_eq!(acc["source"]["code"], "USA");
    assert_eq!(acc["target"]["code"], "IMGMUSISI");
    assert_eq!(find("190")["mode"], "claimed");
}

/// `wirecode train clusters` learns a table from token-per-line text, and
/// refuses to run with nothing to read.
#[test]
fn train_clusters_from_columns() {
    let dir = tempfile::tempdir().unwrap();
    let cols = dir.path().join("words.txt");
    let mut text = String::new();
    for i in 0..60 {
        let city = ["Paris", "Lima", "Cairo"][i % 3];
        text.push_str(&format!(
            "en:He\tO\nwent\tO\nto\tO\n{city}\tB-LOC\n.\tO\n\n"
        ));
    }
    std::fs::write(&cols, text).unwrap();
    let out = dir.path().join("clusters.bin");
    let o = bin()
        .args(["train", "clusters", "--classes", "6", "--columns"])
        .arg(&cols)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let table = wirecode::nlp::Clusters::load(&out).unwrap();
    assert_eq!(table.of("paris").0, table.of("Cairo").0);
    assert_eq!(table.len(), 7);
    let o = bin()
        .args(["train", "clusters", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("--corpus"));
}

#[test]
fn dyad_types_named_pairs_and_reports_bad_lines() {
    // Code-point offsets: "Ünal" and "Kämpfer" would shift byte offsets.
    let input = concat!(
        "{\"id\":\"a\",\"text\":\"Ünal's militia attacked Kämpfer's convoy near Aleppo.\",\"source\":[0,14],\"target\":[24,40]}\n",
        "not json\n",
        "{\"id\":\"b\",\"text\":\"Short.\",\"source\":[0,3],\"target\":[4,99]}\n",
        "{\"id\":\"c\",\"text\":\"France praised Germany for its help with the refugees.\",\"source\":[0,6],\"target\":[15,22]}\n",
    );
    let o = run_stdin(&["dyad", "-"], input);
    // Two bad lines: skipped, reported with their line numbers, the rest typed.
    assert_eq!(o.status.code(), Some(3));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains(":2: skipped"), "{err}");
    assert!(
        err.contains(":3: skipped") && err.contains("target"),
        "{err}"
    );
    let out = lines(&o);
    assert_eq!(out.len(), 2);
    assert_eq!(out[0]["id"], "a");
    assert_eq!(out[0]["type"], "ASSAULT");
    assert_eq!(out[0]["cameo"], "180");
    assert_eq!(out[1]["id"], "c");
    assert_eq!(out[1]["type"], "SUPPORT");
    assert!(out[1]["margin"].as_f64().unwrap() > 0.0);
}
