//! Byte offset -> Unicode code-point offset conversion.

/// Converts byte offsets of one text to code-point offsets (what Python
/// users index by). ASCII text needs no table; otherwise the byte offset of
/// every non-ASCII char is kept and a binary search counts the extra bytes.
#[derive(Debug, Clone)]
pub struct CharIndex {
    /// (byte offset of a multi-byte char, extra bytes up to and including it)
    wide: Vec<(usize, usize)>,
}

impl CharIndex {
    /// Builds the index for `text`.
    pub fn new(text: &str) -> Self {
        let mut wide = Vec::new();
        if !text.is_ascii() {
            let mut extra = 0;
            for (b, c) in text.char_indices() {
                let n = c.len_utf8();
                if n > 1 {
                    extra += n - 1;
                    wide.push((b, extra));
                }
            }
        }
        CharIndex { wide }
    }

    /// Code-point offset of byte offset `byte` (which must be a char boundary).
    pub fn char_of(&self, byte: usize) -> usize {
        let i = self.wide.partition_point(|&(b, _)| b < byte);
        if i == 0 {
            byte
        } else {
            byte - self.wide[i - 1].1
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_is_identity() {
        let ix = CharIndex::new("hello");
        assert_eq!(ix.char_of(3), 3);
    }

    #[test]
    fn multibyte() {
        let text = "a“bé€c”";
        let ix = CharIndex::new(text);
        for (ci, (b, _)) in text.char_indices().enumerate() {
            assert_eq!(ix.char_of(b), ci, "byte {b}");
        }
        assert_eq!(ix.char_of(text.len()), text.chars().count());
    }
}
