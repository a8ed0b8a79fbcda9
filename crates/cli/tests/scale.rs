//! `wirecode enqueue`, `worker` and `queue`: clear errors without servers
//! (always), and one worker's life against live NATS and PostgreSQL when
//! `WIRECODE_TEST_NATS=nats://...` and `WIRECODE_TEST_POSTGRES=postgres://...`
//! are set (`scripts/scale_test.sh` sets both; without them that test prints
//! a message and passes). The fault test with several workers, a SIGKILL and
//! a database restart is `scripts/scale_test.sh` itself.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_wirecode"))
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn run(args: &[&str]) -> Output {
    bin()
        .args(args)
        .env_remove("WIRECODE_QUEUE")
        .env_remove("WIRECODE_STORE")
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn queue_commands_fail_clearly_without_servers() {
    let ex = repo().join("examples");
    let ex = ex.to_str().unwrap();
    // Nothing listens on port 1.
    let o = run(&["enqueue", ex, "--queue", "nats://127.0.0.1:1"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("cannot connect to NATS"),
        "{}",
        stderr(&o)
    );
    let o = run(&["queue", "status", "--queue", "nats://127.0.0.1:1"]);
    assert_eq!(o.status.code(), Some(1));
    let o = run(&[
        "enqueue",
        ex,
        "--queue",
        "nats://127.0.0.1:1",
        "--queue-name",
        "a.b",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("queue name"), "{}", stderr(&o));
    // A store URL of an unknown kind, or no store at all, is a usage error.
    let o = run(&[
        "worker",
        "--queue",
        "nats://127.0.0.1:1",
        "--store",
        "mysql://h/db",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("unknown store mysql://"),
        "{}",
        stderr(&o)
    );
    let o = run(&["worker", "--queue", "nats://127.0.0.1:1"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    // The password never shows in a message.
    let o = run(&[
        "query",
        "articles",
        "--store",
        "postgres://me:s3cret@127.0.0.1:1/db?connect_timeout=2",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        !stderr(&o).contains("s3cret") && stderr(&o).contains("me:***@"),
        "{}",
        stderr(&o)
    );
}

fn status(nats: &str, name: &str) -> Vec<(String, u64)> {
    let o = run(&["queue", "status", "--queue", nats, "--queue-name", name]);
    assert!(o.status.success(), "{}", stderr(&o));
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .filter_map(|l| {
            let (k, v) = l.split_once('\t')?;
            Some((k.to_string(), v.parse().ok()?))
        })
        .collect()
}

#[test]
fn a_worker_codes_the_queue_into_postgres_and_stops_on_sigterm() {
    let (Ok(nats), Ok(pg)) = (
        std::env::var("WIRECODE_TEST_NATS"),
        std::env::var("WIRECODE_TEST_POSTGRES"),
    ) else {
        eprintln!(
            "skipped: set WIRECODE_TEST_NATS=nats://... and WIRECODE_TEST_POSTGRES=postgres://... \
             to run the worker test"
        );
        return;
    };
    let name = format!("clitest{}", std::process::id());
    let schema = name.clone();
    let psql = |sql: &str| {
        let mut c = wirecode_pgstore::connect_client(&pg).unwrap();
        c.batch_execute(sql).unwrap();
    };
    psql(&format!(
        "DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"
    ));
    let store = wirecode_pgstore::url_with_schema(&pg, &schema);
    let ex = repo().join("examples");
    let ex = ex.to_str().unwrap();
    let q = ["--queue", nats.as_str(), "--queue-name", name.as_str()];

    let o = run(&[&["enqueue", ex][..], &q].concat());
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("queued 3, already queued 0"),
        "{}",
        stderr(&o)
    );
    let worker = bin()
        .args(
            [
                &[
                    "worker",
                    "--store",
                    store.as_str(),
                    "--no-syntax",
                    "--batch",
                    "2",
                ][..],
                &q,
            ]
            .concat(),
        )
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let t = Instant::now();
    loop {
        let s = status(&nats, &name);
        let get = |k: &str| s.iter().find(|(n, _)| n == k).map(|(_, v)| *v);
        if get("messages") == Some(0) && get("in_flight") == Some(0) {
            break;
        }
        assert!(
            t.elapsed() < Duration::from_secs(120),
            "the queue did not drain: {s:?}"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    // SIGTERM: the worker finishes and says what it did.
    let pid = worker.id().to_string();
    assert!(Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap()
        .success());
    let out = worker.wait_with_output().unwrap();
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("stopping after the batch in hand"), "{err}");
    assert!(
        err.contains("stored 3, already present 0, dead-lettered 0"),
        "{err}"
    );
    let o = run(&["query", "articles", "--store", &store, "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(String::from_utf8_lossy(&o.stdout).lines().count(), 3);

    // Enqueued again: deduplicated by content hash, nothing to do.
    let o = run(&[&["enqueue", ex][..], &q].concat());
    assert!(
        stderr(&o).contains("queued 0, already queued 3"),
        "{}",
        stderr(&o)
    );
    psql(&format!("DROP SCHEMA {schema} CASCADE"));
}
