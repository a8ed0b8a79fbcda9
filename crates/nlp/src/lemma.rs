//! Rule-based English lemmatiser following UD English (EWT/GUM) conventions.
//!
//! Irregular forms come from a hand-written table (`lemma_data.txt`);
//! regular inflection is undone by suffix rules keyed on the Penn tag (or UPOS
//! when the Penn tag is unknown). Proper nouns, numbers and punctuation keep
//! their form; everything else is lowercased (except the pronoun `I`).

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

const DATA: &str = include_str!("lemma_data.txt");

struct Tables {
    verb: HashMap<&'static str, &'static str>,
    noun: HashMap<&'static str, &'static str>,
    adj: HashMap<&'static str, &'static str>,
    any: HashMap<&'static str, &'static str>,
}

fn tables() -> &'static Tables {
    static T: OnceLock<Tables> = OnceLock::new();
    T.get_or_init(|| {
        let mut t = Tables {
            verb: HashMap::new(),
            noun: HashMap::new(),
            adj: HashMap::new(),
            any: HashMap::new(),
        };
        for line in DATA.lines() {
            let mut it = line.split_whitespace();
            let (Some(class), Some(lemma)) = (it.next(), it.next()) else {
                continue;
            };
            let map = match class {
                "V" => &mut t.verb,
                "N" => &mut t.noun,
                "A" => &mut t.adj,
                "P" => &mut t.any,
                _ => continue,
            };
            map.entry(lemma).or_insert(lemma);
            for f in it {
                map.entry(f).or_insert(lemma);
            }
        }
        t
    })
}

#[derive(PartialEq, Clone, Copy)]
enum Pos {
    Verb,
    Noun,
    Adj,
    Keep,
    Other,
}

fn pos_of(upos: &str, xpos: &str) -> Pos {
    match xpos {
        "VB" | "VBD" | "VBG" | "VBN" | "VBP" | "VBZ" | "MD" => return Pos::Verb,
        "NN" | "NNS" => return Pos::Noun,
        "JJ" | "JJR" | "JJS" | "RB" | "RBR" | "RBS" => return Pos::Adj,
        "NNP" | "NNPS" | "CD" | "." | "," | ":" | "``" | "''" | "-LRB-" | "-RRB-" | "HYPH"
        | "NFP" | "$" | "#" | "SYM" | "ADD" | "GW" | "LS" => return Pos::Keep,
        _ => {}
    }
    match upos {
        "VERB" | "AUX" => Pos::Verb,
        "NOUN" => Pos::Noun,
        "ADJ" | "ADV" => Pos::Adj,
        "PROPN" | "NUM" | "PUNCT" | "SYM" | "X" => Pos::Keep,
        _ => Pos::Other,
    }
}

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// Restores a final `e` dropped before `-ed`/`-ing`/`-er`/`-est`, and undoes
/// consonant doubling (`stopp` -> `stop`).
fn restore_stem(s: &str) -> String {
    let b = s.as_bytes();
    let n = b.len();
    if n < 2 {
        return s.to_string();
    }
    let (a, z) = (b[n - 2], b[n - 1]);
    // "stopp" -> "stop"; "add", "ebb", "err" are whole verbs.
    if a == z && !is_vowel(z) && !matches!(z, b'l' | b's' | b'z' | b'f') && n >= 4 {
        return s[..n - 1].to_string();
    }
    // A doubled final l after a stressed second syllable: "expell" ->
    // "expel", "patroll" -> "patrol"; one-syllable "spell" keeps it.
    if a == b'l'
        && z == b'l'
        && n >= 5
        && matches!(b[n - 3], b'e' | b'o' | b'u')
        && b[..n - 3].iter().any(|&c| is_vowel(c))
    {
        return s[..n - 1].to_string();
    }
    let ends = |suf: &str| s.ends_with(suf);
    let add_e = z == b'v'
        || (z == b'z' && a != b'z')
        // "notic", "practic", "invoic": verbs in -ic take -cked.
        || z == b'c'
        || (z == b'g' && a == b'n' && n >= 3 && matches!(b[n - 3], b'a' | b'e' | b'u'))
        || (z == b'g' && a == b'd')
        || (z == b'l' && !is_vowel(a) && !matches!(a, b'l' | b'r' | b'w'))
        || (z == b's' && is_vowel(a) && !ends("ss") && !ends("us") && !ends("is"))
        // "advis", "criticis", "rais": -ise verbs ("visit" ends in t).
        || ends("is")
        || (z == b's' && matches!(a, b'p' | b'n' | b'r' | b'l'))
        || (ends("us") && !ends("ocus") && !ends("ous"))
        || ends("rg")
        || ends("dg")
        || ends("ieg")
        || (ends("ag") && n >= 4)
        || ends("lig")
        || ends("lleg")
        || ends("reneg")
        || ends("aug")
        || (ends("ang") && n >= 5)
        || z == b'u'
        || ends("uas")
        || ends("aus")
        || ends("ous")
        // "creat", "negotiat"; not "defeat", "treat", "float".
        || (ends("at") && n > 4 && (!ends("eat") || ends("creat")) && !ends("oat"))
        // "complet", "delet", "compet"; not "target", "interpret".
        || ends("plet")
        || ends("elet")
        || ends("mpet")
        // "promot", "quot", "devot"; not "pivot", "pilot".
        || ends("mot")
        || ends("uot")
        || (ends("vot") && !ends("ivot"))
        || (ends("ut") && n > 4)
        // "declar", "prepar"; not "appear", "fear", "roar".
        || (ends("ar") && !ends("ear") && !ends("oar"))
        // "schedul", "rul"; "escap", "shap"; "assum", "consum"; "becom", "welcom".
        || (ends("ul") && n >= 3 && !is_vowel(b[n - 3]))
        || (ends("ap") && n >= 3 && !is_vowel(b[n - 3]))
        || ends("sum")
        || ends("guid")
        || ends("lik")
        || ends("lys")
        || ends("com")
        // "tast", "wast"; "invit", "excit", "unit", "ignit".
        || ends("tast")
        || ends("wast")
        || ends("vit")
        || (ends("cit") && !ends("licit"))
        || (ends("nit") && n >= 4)
        // "desir", "requir"; not "chair", "repair".
        || (ends("ir") && n >= 3 && (!is_vowel(b[n - 3]) || ends("quir")))
        || (ends("ur") && !ends("our"))
        // "restor", "explor", "ignor", "scor", "ador"; not "sponsor",
        // "monitor", "honor".
        || ends("stor")
        || ends("plor")
        || ends("gnor")
        || ends("scor")
        || ends("ador")
        || ends("shor")
        || (ends("id") && n >= 3 && !is_vowel(b[n - 3]))
        || ends("ud")
        || ends("ib")
        // "declin" -> "decline", "determin" -> "determine"; "join",
        // "train", "bargain" keep their vowel pair.
        || (ends("in") && n >= 3 && !is_vowel(b[n - 3]))
        || ends("on") && n >= 4 && ends("zon")
        || (n <= 4
            && !is_vowel(z)
            && !matches!(z, b'w' | b'x' | b'y' | b'h')
            && is_vowel(a)
            && a != b'e'
            && (n == 2 || !is_vowel(b[n - 3])));
    // "hang", "bang"; "edit", "exit" are whole verbs.
    let add_e = add_e && !matches!(s, "hang" | "bang" | "edit" | "exit");
    if add_e {
        format!("{s}e")
    } else {
        s.to_string()
    }
}

fn verb_regular(w: &str) -> String {
    let n = w.len();
    if let Some(s) = w.strip_suffix("ing") {
        if n > 4 {
            if let Some(t) = s.strip_suffix('y') {
                if t.is_empty() {
                    return "ye".into();
                }
            }
            return restore_stem(s);
        }
    }
    if let Some(s) = w.strip_suffix("ied") {
        if n > 4 {
            return format!("{s}y");
        }
        // "died", "tied", "lied": die, tie, lie.
        if n == 4 {
            return format!("{s}ie");
        }
    }
    // "agreed", "guaranteed", "freed": the verb ends in -ee; "needed",
    // "proceeded" end in -eded and keep their stem below.
    if w.ends_with("eed")
        && !matches!(
            w,
            "need"
                | "feed"
                | "heed"
                | "seed"
                | "weed"
                | "deed"
                | "reed"
                | "bleed"
                | "breed"
                | "speed"
                | "exceed"
                | "succeed"
                | "proceed"
                | "steed"
                | "greed"
        )
    {
        return w[..n - 1].to_string();
    }
    if let Some(s) = w.strip_suffix("ed") {
        if n > 3 {
            if s.ends_with('e') {
                return s.to_string();
            }
            return restore_stem(s);
        }
    }
    third_person(w)
}

fn third_person(w: &str) -> String {
    let n = w.len();
    if let Some(s) = w.strip_suffix("ies") {
        if n > 4 {
            return format!("{s}y");
        }
    }
    for suf in ["sses", "shes", "ches", "xes", "zzes", "oes"] {
        if w.ends_with(suf) && n > suf.len() {
            return w[..n - 2].to_string();
        }
    }
    if w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is") && n > 2 {
        return w[..n - 1].to_string();
    }
    w.to_string()
}

fn noun_regular(w: &str) -> String {
    let n = w.len();
    // "gunmen", "policemen", "countrymen": -man compounds.
    if let Some(s) = w.strip_suffix("men") {
        if n > 4 && !matches!(w, "specimen" | "regimen" | "abdomen" | "stamen") {
            return format!("{s}man");
        }
    }
    if let Some(s) = w.strip_suffix("ies") {
        if n > 4 {
            return format!("{s}y");
        }
    }
    for suf in ["sses", "shes", "ches", "xes", "zzes"] {
        if w.ends_with(suf) && n > suf.len() {
            return w[..n - 2].to_string();
        }
    }
    if w.ends_with('s')
        && !w.ends_with("ss")
        && !w.ends_with("us")
        && !w.ends_with("is")
        && !w.ends_with("'s")
        && n > 2
    {
        return w[..n - 1].to_string();
    }
    w.to_string()
}

fn adj_regular(w: &str, xpos: &str) -> String {
    let suf = match xpos {
        "JJR" | "RBR" => "er",
        "JJS" | "RBS" => "est",
        _ => return w.to_string(),
    };
    match w.strip_suffix(suf) {
        Some(s) if s.len() >= 2 => {
            if let Some(t) = s.strip_suffix('i') {
                return format!("{t}y");
            }
            let b = s.as_bytes();
            let n = b.len();
            if b[n - 1] == b[n - 2] && !is_vowel(b[n - 1]) && b[n - 1] != b'l' {
                return s[..n - 1].to_string();
            }
            if matches!(b[n - 1], b'g' | b'c' | b'v' | b'r' | b'u')
                || (b[n - 1] == b'l' && !is_vowel(b[n - 2]) && b[n - 2] != b'l')
                || s.ends_with("at")
                || s.ends_with("ur")
                || s.ends_with("id")
                || (n <= 3 && is_vowel(b[n - 2]) && !is_vowel(b[n - 1]) && b[n - 1] != b'w')
            {
                return format!("{s}e");
            }
            s.to_string()
        }
        _ => w.to_string(),
    }
}

/// Lemmatises `word` given its UPOS and Penn (XPOS) tags, e.g.
/// `lemma("went", "VERB", "VBD") == "go"`, `lemma("mice", "NOUN", "NNS") == "mouse"`.
/// Returns the input unchanged (borrowed) when no change is needed.
pub fn lemma<'a>(word: &'a str, upos: &str, xpos: &str) -> Cow<'a, str> {
    let pos = pos_of(upos, xpos);
    if pos == Pos::Keep {
        return Cow::Borrowed(word);
    }
    let lower: Cow<str> = if word.chars().any(|c| c.is_uppercase()) {
        Cow::Owned(word.to_lowercase())
    } else {
        Cow::Borrowed(word)
    };
    let lw = lower.as_ref();
    let t = tables();
    if let Some(l) = t.any.get(lw) {
        if !(lw == "her" && xpos == "PRP$" || lw == "'s" && xpos == "POS") {
            return Cow::Owned((*l).to_string());
        }
    }
    if lw == "i" && upos == "PRON" {
        return Cow::Borrowed("I");
    }
    // "lay" is the past of "lie" only in the past tense ("they lay down their arms" is VBP).
    if lw == "lay" && matches!(xpos, "VB" | "VBP") {
        return Cow::Borrowed("lay");
    }
    let table = match pos {
        Pos::Verb => Some(&t.verb),
        Pos::Noun => Some(&t.noun),
        Pos::Adj => Some(&t.adj),
        _ => None,
    };
    if let Some(map) = table {
        if let Some(l) = map.get(lw) {
            // 'd is "would" as a modal and "have" as VBD.
            if (lw == "'d" || lw == "d") && xpos == "MD" {
                return Cow::Borrowed("would");
            }
            return Cow::Owned((*l).to_string());
        }
        if !lw.chars().all(|c| c.is_ascii_alphabetic() || c == '-') || lw.len() < 3 {
            return lower_cow(word, lower);
        }
        // A prefixed irregular past: "overthrew", "withheld", "rebuilt", "misled".
        if pos == Pos::Verb && matches!(xpos, "VBD" | "VBN") {
            for pre in [
                "over", "under", "with", "out", "fore", "mis", "re", "up", "be",
            ] {
                if let Some(l) = lw
                    .strip_prefix(pre)
                    .filter(|rest| rest.len() >= 3)
                    .and_then(|rest| t.verb.get(rest).filter(|l| **l != rest))
                {
                    return Cow::Owned(format!("{pre}{l}"));
                }
            }
        }
        let out = match (pos, xpos) {
            (Pos::Verb, "VB" | "VBP" | "MD") => return lower_cow(word, lower),
            (Pos::Verb, "VBZ") => third_person(lw),
            (Pos::Verb, _) => verb_regular(lw),
            (Pos::Noun, "NN") => return lower_cow(word, lower),
            (Pos::Noun, _) => noun_regular(lw),
            (Pos::Adj, _) => adj_regular(lw, xpos),
            _ => return lower_cow(word, lower),
        };
        return if out == word {
            Cow::Borrowed(word)
        } else {
            Cow::Owned(out)
        };
    }
    lower_cow(word, lower)
}

fn lower_cow<'a>(word: &'a str, lower: Cow<'_, str>) -> Cow<'a, str> {
    match lower {
        Cow::Borrowed(_) => Cow::Borrowed(word),
        Cow::Owned(s) => Cow::Owned(s),
    }
}

#[cfg(test)]
mod tests {
    use super::lemma;

    #[test]
    fn irregular_and_regular_cases() {
        let cases = [
            ("went", "VERB", "VBD", "go"),
            ("is", "AUX", "VBZ", "be"),
            ("'s", "AUX", "VBZ", "be"),
            ("'s", "PART", "POS", "'s"),
            ("n't", "PART", "RB", "not"),
            ("wo", "AUX", "MD", "will"),
            ("'d", "AUX", "MD", "would"),
            ("mice", "NOUN", "NNS", "mouse"),
            ("children", "NOUN", "NNS", "child"),
            ("cats", "NOUN", "NNS", "cat"),
            ("boxes", "NOUN", "NNS", "box"),
            ("cities", "NOUN", "NNS", "city"),
            ("glass", "NOUN", "NN", "glass"),
            ("making", "VERB", "VBG", "make"),
            ("stopped", "VERB", "VBD", "stop"),
            ("expelled", "VERB", "VBD", "expel"),
            ("patrolling", "VERB", "VBG", "patrol"),
            ("spelled", "VERB", "VBD", "spell"),
            ("installed", "VERB", "VBN", "install"),
            ("called", "VERB", "VBN", "call"),
            ("accused", "VERB", "VBN", "accuse"),
            ("refused", "VERB", "VBD", "refuse"),
            ("focused", "VERB", "VBD", "focus"),
            ("continued", "VERB", "VBD", "continue"),
            ("charged", "VERB", "VBD", "charge"),
            ("pledged", "VERB", "VBD", "pledge"),
            ("alleged", "VERB", "VBD", "allege"),
            ("reneged", "VERB", "VBD", "renege"),
            ("changed", "VERB", "VBD", "change"),
            ("lay", "VERB", "VBP", "lay"),
            ("argued", "VERB", "VBD", "argue"),
            ("tried", "VERB", "VBD", "try"),
            ("watches", "VERB", "VBZ", "watch"),
            ("goes", "VERB", "VBZ", "go"),
            ("used", "VERB", "VBN", "use"),
            ("created", "VERB", "VBN", "create"),
            ("changing", "VERB", "VBG", "change"),
            ("bringing", "VERB", "VBG", "bring"),
            ("opened", "VERB", "VBD", "open"),
            ("collapsed", "VERB", "VBD", "collapse"),
            ("overthrew", "VERB", "VBD", "overthrow"),
            ("withheld", "VERB", "VBD", "withhold"),
            ("rebuilt", "VERB", "VBN", "rebuild"),
            ("understood", "VERB", "VBD", "understand"),
            ("endorsed", "VERB", "VBD", "endorse"),
            ("endorsing", "VERB", "VBG", "endorse"),
            ("licensed", "VERB", "VBN", "license"),
            ("pulsed", "VERB", "VBD", "pulse"),
            ("harassed", "VERB", "VBD", "harass"),
            ("besieged", "VERB", "VBN", "besiege"),
            ("besieging", "VERB", "VBG", "besiege"),
            ("managed", "VERB", "VBD", "manage"),
            ("engaging", "VERB", "VBG", "engage"),
            ("obliged", "VERB", "VBN", "oblige"),
            ("flagged", "VERB", "VBD", "flag"),
            ("declined", "VERB", "VBD", "decline"),
            ("chaired", "VERB", "VBD", "chair"),
            ("required", "VERB", "VBD", "require"),
            ("advised", "VERB", "VBD", "advise"),
            ("completed", "VERB", "VBD", "complete"),
            ("targeted", "VERB", "VBD", "target"),
            ("defeated", "VERB", "VBD", "defeat"),
            ("created", "VERB", "VBD", "create"),
            ("negotiating", "VERB", "VBG", "negotiate"),
            ("quoted", "VERB", "VBD", "quote"),
            ("promoted", "VERB", "VBD", "promote"),
            ("piloted", "VERB", "VBD", "pilot"),
            ("visited", "VERB", "VBD", "visit"),
            ("gunmen", "NOUN", "NNS", "gunman"),
            ("specimen", "NOUN", "NNS", "specimen"),
            ("hanging", "VERB", "VBG", "hang"),
            ("edited", "VERB", "VBN", "edit"),
            ("guided", "VERB", "VBN", "guide"),
            ("poured", "VERB", "VBD", "pour"),
            ("secured", "VERB", "VBD", "secure"),
            ("shown", "VERB", "VBN", "show"),
            ("laid", "VERB", "VBD", "lay"),
            ("added", "VERB", "VBD", "add"),
            ("adding", "VERB", "VBG", "add"),
            ("died", "VERB", "VBD", "die"),
            ("agreed", "VERB", "VBD", "agree"),
            ("needed", "VERB", "VBD", "need"),
            ("noticed", "VERB", "VBD", "notice"),
            ("appeared", "VERB", "VBD", "appear"),
            ("hearing", "VERB", "VBG", "hear"),
            ("declared", "VERB", "VBD", "declare"),
            ("scheduled", "VERB", "VBN", "schedule"),
            ("escaping", "VERB", "VBG", "escape"),
            ("assumed", "VERB", "VBD", "assume"),
            ("welcomed", "VERB", "VBD", "welcome"),
            ("invited", "VERB", "VBN", "invite"),
            ("sponsored", "VERB", "VBN", "sponsor"),
            ("monitored", "VERB", "VBN", "monitor"),
            ("restored", "VERB", "VBD", "restore"),
            ("ignored", "VERB", "VBD", "ignore"),
            ("determining", "VERB", "VBG", "determine"),
            ("joined", "VERB", "VBD", "join"),
            ("explained", "VERB", "VBD", "explain"),
            ("beginning", "VERB", "VBG", "begin"),
            ("bigger", "ADJ", "JJR", "big"),
            ("happiest", "ADJ", "JJS", "happy"),
            ("larger", "ADJ", "JJR", "large"),
            ("better", "ADJ", "JJR", "good"),
            ("Google", "PROPN", "NNP", "Google"),
            ("The", "DET", "DT", "the"),
            ("an", "DET", "DT", "a"),
            ("me", "PRON", "PRP", "I"),
            ("I", "PRON", "PRP", "I"),
            ("her", "PRON", "PRP$", "her"),
            ("her", "PRON", "PRP", "she"),
            ("those", "DET", "DT", "that"),
            ("3.5", "NUM", "CD", "3.5"),
        ];
        for (w, u, x, want) in cases {
            assert_eq!(lemma(w, u, x), want, "{w}/{x}");
        }
    }
}
