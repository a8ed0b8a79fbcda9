//! Exports in the formats the field already reads: the GDELT 2.0 event
//! table (TSV, 61 columns in GDELT's order) and PLOVER JSON records shaped
//! like the PLOVER gold-standard records.

use serde_json::json;
use wirecode_doc::{CharIndex, Doc, Event, Mode, Participant};

/// GDELT 2.0 event-table columns, in order (from GDELT's published header).
pub const GDELT_COLUMNS: [&str; 61] = [
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
];

/// Extra columns after GDELT's 61: where the record came from and how.
pub const GDELT_EXTRA: [&str; 5] = [
    "wirecode_article_id",
    "wirecode_evidence_start",
    "wirecode_evidence_end",
    "wirecode_mode",
    "wirecode_event_index",
];

/// The header line (GDELT columns, then ours), tab-separated.
pub fn gdelt_header() -> String {
    GDELT_COLUMNS
        .iter()
        .chain(GDELT_EXTRA.iter())
        .copied()
        .collect::<Vec<_>>()
        .join("\t")
}

fn clean(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

/// CAMEO actor code split the GDELT way: country, known group, types.
fn actor_cols(p: Option<&Participant>, doc: &Doc) -> [String; 10] {
    let Some(p) = p else {
        return Default::default();
    };
    let code = p
        .actor
        .as_ref()
        .and_then(|a| a.code.clone())
        .unwrap_or_default();
    let name = p
        .actor
        .as_ref()
        .map(|a| a.name.clone())
        .unwrap_or_else(|| doc.slice(p.span).to_string())
        .to_uppercase();
    let (country, rest) = if code.starts_with("IGO")
        || code.starts_with("NGO")
        || code.starts_with("IMG")
        || code.starts_with("MNC")
    {
        (String::new(), code.clone())
    } else if code.len() >= 3 {
        (code[..3].to_string(), code[3..].to_string())
    } else {
        (String::new(), String::new())
    };
    let types: Vec<String> = rest
        .as_bytes()
        .chunks(3)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect();
    let known_group =
        if code.starts_with("IGO") || code.starts_with("NGO") || code.starts_with("IMG") {
            code.clone()
        } else {
            String::new()
        };
    [
        code,
        clean(&name),
        country,
        known_group,
        String::new(),
        String::new(),
        String::new(),
        if known_group_is_type(&types) {
            String::new()
        } else {
            types.first().cloned().unwrap_or_default()
        },
        types.get(1).cloned().unwrap_or_default(),
        types.get(2).cloned().unwrap_or_default(),
    ]
}

fn known_group_is_type(types: &[String]) -> bool {
    types
        .first()
        .is_some_and(|t| matches!(t.as_str(), "IGO" | "NGO" | "IMG" | "MNC"))
}

/// One GDELT event row per event, with our evidence offsets (code points)
/// in extra columns and the article URL (or id) in SOURCEURL.
pub fn to_gdelt(doc: &Doc) -> String {
    let ix = CharIndex::new(&doc.article.text);
    let mut out = String::new();
    let added = doc
        .article
        .published
        .map(|d| d.format("%Y%m%d000000").to_string())
        .unwrap_or_default();
    for (i, e) in doc.events.iter().enumerate() {
        let date = e.date.or(doc.article.published);
        let (sql, my, y, frac) = match date {
            Some(d) => {
                use wirecode_doc::Datelike;
                (
                    d.format("%Y%m%d").to_string(),
                    d.format("%Y%m").to_string(),
                    d.year().to_string(),
                    format!(
                        "{:.4}",
                        d.year() as f64 + (d.ordinal() as f64 - 1.0) / 365.0
                    ),
                )
            }
            None => Default::default(),
        };
        let a1 = actor_cols(e.source.as_ref(), doc);
        let a2 = actor_cols(e.target.as_ref(), doc);
        let base = &e.code[..e.code.len().min(3)];
        let root = &e.code[..e.code.len().min(2)];
        let geo = e.location.as_ref().map(|l| {
            let ty = if l.name.eq_ignore_ascii_case(&l.country) {
                "1"
            } else {
                "4"
            };
            [
                ty.to_string(),
                clean(&l.name),
                l.country.clone(),
                String::new(),
                String::new(),
                format!("{:.4}", l.lat),
                format!("{:.4}", l.lon),
                l.geonameid.map(|g| g.to_string()).unwrap_or_default(),
            ]
        });
        let geo = geo.unwrap_or_default();
        let empty_geo: [String; 8] = Default::default();
        let mut cols: Vec<String> = vec![format!("{}", i + 1), sql, my, y, frac];
        cols.extend(a1);
        cols.extend(a2);
        cols.extend([
            "1".into(),
            e.code.clone(),
            base.to_string(),
            root.to_string(),
            e.quad_class.to_string(),
            format!("{:.1}", e.goldstein),
            "1".into(),
            "1".into(),
            "1".into(),
            String::new(),
        ]);
        cols.extend(empty_geo.iter().cloned());
        cols.extend(empty_geo.iter().cloned());
        cols.extend(geo);
        cols.push(added.clone());
        cols.push(clean(doc.article.url.as_deref().unwrap_or(&doc.article.id)));
        cols.extend([
            clean(&doc.article.id),
            ix.char_of(e.evidence.start).to_string(),
            ix.char_of(e.evidence.end).to_string(),
            mode_str(e.mode).into(),
            i.to_string(),
        ]);
        debug_assert_eq!(cols.len(), GDELT_COLUMNS.len() + GDELT_EXTRA.len());
        out.push_str(&cols.join("\t"));
        out.push('\n');
    }
    out
}

fn mode_str(m: Mode) -> &'static str {
    match m {
        Mode::Asserted => "asserted",
        Mode::Negated => "negated",
        Mode::Claimed => "claimed",
        Mode::Denied => "denied",
        Mode::Intended => "intended",
        Mode::Hypothetical => "hypothetical",
    }
}

fn plover_actor(p: &Participant, doc: &Doc) -> serde_json::Value {
    let code = p
        .actor
        .as_ref()
        .and_then(|a| a.code.clone())
        .unwrap_or_default();
    let (country, sector) =
        if code.len() > 3 && !code.starts_with("IGO") && !code.starts_with("NGO") {
            (code[..3].to_string(), code[3..].to_string())
        } else {
            (code.clone(), String::new())
        };
    json!({"actorText": doc.slice(p.span), "code": country, "sector": sector, "wirecode_code": code})
}

/// PLOVER JSON records (one per event with a PLOVER type), shaped like the
/// PLOVER gold records: id, date, source/target lists, event, mode, text.
pub fn to_plover(doc: &Doc) -> Vec<serde_json::Value> {
    let ix = CharIndex::new(&doc.article.text);
    doc.events
        .iter()
        .enumerate()
        .filter_map(|(i, e): (usize, &Event)| {
            let event = e.plover.clone()?;
            Some(json!({
                "id": format!("{}-{}", doc.article.id, i + 1),
                "date": e.date.map(|d| d.to_string()),
                "source": e.source.iter().map(|p| plover_actor(p, doc)).collect::<Vec<_>>(),
                "target": e.target.iter().map(|p| plover_actor(p, doc)).collect::<Vec<_>>(),
                "event": event,
                "mode": mode_str(e.mode),
                "eventText": e.trigger.map(|t| doc.slice(t).to_string()),
                "text": doc.slice(e.evidence),
                "location": e.location.as_ref().map(|l| json!({"name": l.name, "country": l.country, "lat": l.lat, "lon": l.lon})),
                "cameo": e.code,
                "url": doc.article.url,
                "article_id": doc.article.id,
                "evidence": {"start": ix.char_of(e.evidence.start), "end": ix.char_of(e.evidence.end)},
                "language": "en",
                "coder": "wirecode",
            }))
        })
        .collect()
}
