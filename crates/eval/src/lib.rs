//! Evaluation suites. Each reads gold data from a directory (by default under
//! `../shared/gold/`), codes it with the same [`wirecode::Pipeline`] users
//! run, and reports figures as `name<TAB>value` lines, one figure per line.

pub mod actors;
pub mod events;
pub mod ner;
pub mod polnear;
pub mod ud;

use std::fmt::Write;

/// Precision, recall and F1 from counts.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Prf {
    /// Predicted items that matched.
    pub tp_pred: usize,
    /// Gold items that matched.
    pub tp_gold: usize,
    pub predicted: usize,
    pub gold: usize,
}

impl Prf {
    pub fn precision(&self) -> f64 {
        ratio(self.tp_pred, self.predicted)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp_gold, self.gold)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    /// Adds another set of counts.
    pub fn add(&mut self, o: &Prf) {
        self.tp_pred += o.tp_pred;
        self.tp_gold += o.tp_gold;
        self.predicted += o.predicted;
        self.gold += o.gold;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// A suite's report: ordered `(name, value)` figures.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub figures: Vec<(String, String)>,
}

impl Report {
    /// Adds a figure.
    pub fn add(&mut self, name: impl Into<String>, value: impl ToString) {
        self.figures.push((name.into(), value.to_string()));
    }
    /// Adds precision, recall and F1 under `name`.
    pub fn prf(&mut self, name: &str, p: &Prf) {
        self.add(format!("{name}.precision"), format!("{:.4}", p.precision()));
        self.add(format!("{name}.recall"), format!("{:.4}", p.recall()));
        self.add(format!("{name}.f1"), format!("{:.4}", p.f1()));
    }
    /// The value of a figure, if present.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.figures
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
    /// One `name<TAB>value` line per figure.
    pub fn render(&self) -> String {
        let mut s = String::new();
        for (n, v) in &self.figures {
            let _ = writeln!(s, "{n}\t{v}");
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prf_math() {
        let p = Prf {
            tp_pred: 3,
            tp_gold: 3,
            predicted: 4,
            gold: 6,
        };
        assert!((p.precision() - 0.75).abs() < 1e-9);
        assert!((p.recall() - 0.5).abs() < 1e-9);
        assert!((p.f1() - 0.6).abs() < 1e-9);
        assert_eq!(Prf::default().f1(), 0.0);
    }
}
