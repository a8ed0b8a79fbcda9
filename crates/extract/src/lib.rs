//! Extraction stages. Each reads the shared [`wirecode_doc::Doc`] and adds
//! one layer: entities (with actors), then quotes (which use entities to
//! resolve speakers). Events, dates and places build on these.

pub mod dates;
pub mod entities;
pub mod events;
mod features;
pub mod places;
pub mod quotes;

pub use entities::find_entities;
pub use events::find_events;
pub use places::resolve_places;
pub use quotes::{find_quotes, find_quotes_with, learned};

#[cfg(test)]
pub(crate) mod tests {
    use wirecode_doc::{Article, Doc};

    /// A segmented document for stage tests.
    pub fn segmented(text: &str) -> Doc {
        let mut d = Doc::new(Article {
            text: text.into(),
            ..Default::default()
        });
        wirecode_text::segment(&mut d);
        d
    }
}
