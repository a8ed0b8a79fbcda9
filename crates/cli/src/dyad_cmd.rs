//! `wirecode dyad`: the PLOVER event type of a source-target pair the user
//! names in a text. Analysts who already know the dyad (from their own
//! coding, or a system such as POLECAT that marks actors) want the type of
//! interaction; the pair model reads the parse between the two mentions,
//! the sentence's words and the dictionary's own events.
//!
//! Input: JSON Lines, one pair per line:
//! `{"id": "a1", "text": "...", "source": [start, end], "target": [start, end]}`
//! with code-point offsets (end exclusive); `id` and `published`
//! (YYYY-MM-DD) are optional. Output: one JSON line per pair, in order. A
//! bad line is reported on stderr and the rest are still coded.

use std::io::{BufRead, BufReader, Write};

use serde_json::json;
use wirecode::doc::{Article, Span};
use wirecode::extract::events::learned::{mention_of, PairModel};
use wirecode::lexicon::EventLexicon;

/// One input record.
struct DyadIn {
    id: Option<String>,
    text: String,
    source: [usize; 2],
    target: [usize; 2],
    published: Option<String>,
}

impl DyadIn {
    fn parse(line: &str) -> Result<DyadIn, String> {
        let v: serde_json::Value =
            serde_json::from_str(line).map_err(|e| format!("not JSON: {e}"))?;
        let str_of = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_string);
        let pair = |k: &str| -> Result<[usize; 2], String> {
            let a = v.get(k).and_then(|x| x.as_array()).filter(|a| a.len() == 2);
            let n = |i: usize| a.and_then(|a| a[i].as_u64()).map(|x| x as usize);
            match (n(0), n(1)) {
                (Some(s), Some(e)) => Ok([s, e]),
                _ => Err(format!("{k:?} must be [start, end] (code-point offsets)")),
            }
        };
        Ok(DyadIn {
            id: str_of("id"),
            text: str_of("text").ok_or("no \"text\" string")?,
            source: pair("source")?,
            target: pair("target")?,
            published: str_of("published"),
        })
    }
}

/// Byte span of code-point offsets `[start, end)` in `text`.
fn byte_span(text: &str, [start, end]: [usize; 2], what: &str) -> Result<Span, String> {
    let mut bytes: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    bytes.push(text.len());
    let chars = bytes.len() - 1;
    if start >= end || end > chars {
        return Err(format!(
            "{what} [{start}, {end}] is not a non-empty range within the text's {chars} characters"
        ));
    }
    Ok(Span::new(bytes[start], bytes[end]))
}

/// Codes one input line into its output line.
fn code_line(
    pipeline: &wirecode::Pipeline,
    model: &PairModel,
    line: &str,
) -> Result<String, String> {
    let d = DyadIn::parse(line)?;
    let s = byte_span(&d.text, d.source, "source")?;
    let t = byte_span(&d.text, d.target, "target")?;
    let published = d
        .published
        .as_deref()
        .map(|p| {
            p.parse()
                .map_err(|_| format!("published {p:?} is not YYYY-MM-DD"))
        })
        .transpose()?;
    let doc = pipeline.code(Article {
        id: d.id.clone().unwrap_or_default(),
        text: d.text,
        published,
        ..Default::default()
    });
    let (class, margin) = model.classify(
        &doc,
        &doc.events,
        &mention_of(&doc, s),
        &mention_of(&doc, t),
    );
    let cameo = EventLexicon::builtin().type_code(class);
    // The dictionary's own event for the pair, when one links the two.
    let dict = doc.events.iter().find(|e| {
        e.source.as_ref().is_some_and(|p| p.span.overlaps(&s))
            && e.target.as_ref().is_some_and(|p| p.span.overlaps(&t))
    });
    let rec = json!({
        "id": d.id,
        "type": class,
        "cameo": cameo.map(|c| c.code.as_str()),
        "cameo_name": cameo.map(|c| c.name.as_str()),
        "margin": (f64::from(margin) * 100.0).round() / 100.0,
        "confident": margin >= model.threshold(),
        "dictionary": dict.map(|e| json!({
            "code": e.code, "name": e.name, "plover": e.plover, "mode": e.mode,
        })),
    });
    Ok(rec.to_string())
}

/// Runs `wirecode dyad` over `input` (a file, or `-` for stdin).
pub fn run(input: &str, pipeline: &crate::pipeline_args::PipelineArgs) -> Result<u8, String> {
    let model = PairModel::builtin()
        .ok_or("no pair model is built in (data/models/events.bin is empty)")?;
    let pipeline = pipeline.build()?;
    let reader: Box<dyn BufRead> = if input == "-" {
        Box::new(BufReader::new(std::io::stdin().lock()))
    } else {
        let f = std::fs::File::open(input).map_err(|e| format!("{input}: {e}"))?;
        Box::new(BufReader::new(f))
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let (mut done, mut bad) = (0usize, 0usize);
    for (n, line) in reader.split(b'\n').enumerate() {
        let line = line.map_err(|e| format!("{input}: {e}"))?;
        let result = std::str::from_utf8(&line)
            .map_err(|_| "not valid UTF-8".to_string())
            .and_then(|l| {
                if l.trim().is_empty() {
                    return Ok(None);
                }
                code_line(&pipeline, model, l).map(Some)
            });
        match result {
            Ok(Some(rec)) => {
                writeln!(out, "{rec}").map_err(|e| format!("cannot write output: {e}"))?;
                done += 1;
            }
            Ok(None) => {}
            Err(e) => {
                eprintln!("wirecode: {input}:{}: skipped: {e}", n + 1);
                bad += 1;
            }
        }
    }
    out.flush()
        .map_err(|e| format!("cannot write output: {e}"))?;
    if bad > 0 {
        eprintln!("wirecode: typed {done} pair(s); skipped {bad} line(s)");
        return Ok(crate::EXIT_SKIPPED);
    }
    Ok(0)
}
