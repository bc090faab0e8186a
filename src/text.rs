//! User text made safe and tidy for a terminal.

use unicode_width::UnicodeWidthStr;

/// Removes control characters and terminal escape sequences, so that text a
/// user (or a partner's bundle) wrote can never move the cursor, change colours
/// or retitle the terminal. Tabs become a space; newlines are kept only when
/// `keep_newlines` is set.
///
/// ```
/// use tandem::text::sanitize;
///
/// assert_eq!(sanitize("\x1b]0;pwned\x07Budget \x1b[31mtalk", false), "Budget talk");
/// assert_eq!(sanitize("写真 🎨", false), "写真 🎨");
/// ```
pub fn sanitize(input: &str, keep_newlines: bool) -> String {
    let mut out = String::with_capacity(input.len());
    sanitized(input, keep_newlines, |c| {
        out.push(c);
        true
    });
    out
}

/// The bidirectional controls (Unicode's Bidi_Control): marks and overrides
/// that change the order in which a terminal draws the text around them, so
/// that text can read differently than it is.
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
    )
}

/// The characters [`sanitize`] keeps, handed to `emit` one by one until it
/// returns `false`.
fn sanitized(input: &str, keep_newlines: bool, mut emit: impl FnMut(char) -> bool) {
    let mut chars = input.chars().peekable();
    while let Some(c) = chars.next() {
        let keep = match c {
            '\u{1b}' => {
                skip_escape(&mut chars);
                None
            }
            // C1 control sequence introducers (CSI, OSC, DCS, ...).
            '\u{9b}' | '\u{9d}' | '\u{90}' | '\u{98}' | '\u{9e}' | '\u{9f}' => {
                skip_sequence_body(&mut chars, c == '\u{9b}');
                None
            }
            '\n' if keep_newlines => Some('\n'),
            '\t' => Some(' '),
            c if c.is_control() => None,
            // Bidirectional overrides can make text read differently than it is.
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => None,
            c => Some(c),
        };
        if let Some(c) = keep
            && !emit(c)
        {
            return;
        }
    }
}

fn skip_escape(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    match chars.peek().copied() {
        Some('[') => {
            chars.next();
            skip_sequence_body(chars, true);
        }
        Some(']') | Some('P') | Some('X') | Some('^') | Some('_') => {
            chars.next();
            skip_sequence_body(chars, false);
        }
        Some(c) if ('\u{20}'..='\u{7e}').contains(&c) => {
            chars.next();
        }
        _ => {}
    }
}

/// Skips a CSI sequence (ends at a final byte `@`..`~`) or a string sequence
/// (OSC/DCS/...: ends at BEL or ST).
fn skip_sequence_body(chars: &mut std::iter::Peekable<std::str::Chars<'_>>, csi: bool) {
    while let Some(c) = chars.next() {
        if csi {
            if ('\u{40}'..='\u{7e}').contains(&c) {
                return;
            }
        } else if c == '\u{7}' || c == '\u{9c}' {
            return;
        } else if c == '\u{1b}' {
            if chars.peek() == Some(&'\\') {
                chars.next();
            }
            return;
        }
    }
}

/// One line of text for a listing: sanitised, runs of white space (newlines
/// included) folded into one space, cut to `max` columns with an ellipsis.
pub fn one_line(input: &str, max: usize) -> String {
    // Only as much as fits (and one column more, to know it was cut) is
    // folded: a list row shows the start of a meeting's notes, not all of it.
    let mut folded = String::new();
    let mut used = 0;
    let mut space = false;
    sanitized(input, true, |c| {
        if c.is_whitespace() {
            space = !folded.is_empty();
            return true;
        }
        if std::mem::take(&mut space) {
            folded.push(' ');
            used += 1;
        }
        folded.push(c);
        used += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        used <= max
    });
    truncate(&folded, max)
}

/// Cuts `s` to at most `max` terminal columns, ending in `…` when cut.
pub fn truncate(s: &str, max: usize) -> String {
    if s.width() <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for g in s.chars() {
        let w = unicode_width::UnicodeWidthChar::width(g).unwrap_or(0);
        if used + w > max - 1 {
            break;
        }
        out.push(g);
        used += w;
    }
    out.push('…');
    out
}

/// Pads `s` with spaces to `width` terminal columns (wide characters count twice).
pub fn pad(s: &str, width: usize) -> String {
    let w = s.width();
    if w >= width {
        s.to_string()
    } else {
        format!("{s}{}", " ".repeat(width - w))
    }
}

/// Terminal columns `s` takes.
pub fn width(s: &str) -> usize {
    s.width()
}

/// The searchable text of many rows, lowercased once into one buffer: a
/// filter key then scans contiguous memory (with `memchr`'s vectorised
/// search) instead of lowercasing every field of every record again.
#[derive(Debug, Default)]
pub struct Haystack {
    text: String,
    /// Where each row's text starts; one more entry marks the end.
    starts: Vec<usize>,
}

impl Haystack {
    /// One row per item, each the fields a filter looks at.
    pub fn new<'a>(rows: impl IntoIterator<Item = Vec<&'a str>>) -> Haystack {
        let mut h = Haystack::default();
        for fields in rows {
            h.starts.push(h.text.len());
            for f in fields {
                h.text.push_str(&f.to_lowercase());
                // A filter is typed on one line, so it never spans fields.
                h.text.push('\n');
            }
        }
        h.starts.push(h.text.len());
        h
    }

    /// The rows whose text contains `needle` (already lowercase), in order.
    pub fn matching(&self, needle: &str) -> Vec<usize> {
        let rows = self.starts.len().saturating_sub(1);
        if needle.is_empty() {
            return (0..rows).collect();
        }
        // Fields end in a newline: a needle holding one would match across them.
        if needle.contains('\n') {
            return Vec::new();
        }
        let finder = memchr::memmem::Finder::new(needle.as_bytes());
        let text = self.text.as_bytes();
        let mut out = Vec::new();
        let mut from = 0;
        while let Some(at) = finder.find(&text[from..]).map(|i| from + i) {
            // The row holding `at`; the search goes on from the next row.
            let row = self.starts.partition_point(|&s| s <= at) - 1;
            out.push(row);
            from = self.starts[row + 1];
        }
        out
    }
}

#[cfg(test)]
mod tests {

    proptest::proptest! {
        /// One line is what sanitising, folding every run of white space
        /// and cutting the whole text gives, though it stops reading early.
        #[test]
        fn one_line_is_sanitise_fold_and_cut(
            input in "([a-z写 \t\n]|\u{1b}\\[31m|\u{1b}\\]0;x\u{7}|\u{301}){0,40}",
            max in 0usize..20,
        ) {
            let folded = sanitize(&input, true).split_whitespace().collect::<Vec<_>>().join(" ");
            proptest::prop_assert_eq!(one_line(&input, max), truncate(&folded, max));
        }
    }

    #[test]
    fn a_haystack_finds_rows_ignoring_case_and_never_across_rows() {
        let h = Haystack::new([
            vec!["Budget and VENUE", "Marko"],
            vec!["ĆAO", ""],
            vec!["venue", "budget"],
            vec![],
        ]);
        assert_eq!(h.matching("venue"), vec![0, 2]);
        assert_eq!(h.matching("ćao"), vec![1]);
        assert_eq!(h.matching(""), vec![0, 1, 2, 3]);
        // Not across fields or rows, and every row once.
        assert_eq!(
            h.matching(
                "marko
ćao"
            ),
            Vec::<usize>::new()
        );
        assert_eq!(h.matching("e"), vec![0, 2]);
        assert_eq!(
            Haystack::new(Vec::<Vec<&str>>::new()).matching("x"),
            Vec::<usize>::new()
        );
    }
    use super::*;

    #[test]
    fn strips_escape_sequences_and_controls() {
        assert_eq!(sanitize("a\x1b[31mred\x1b[0m b", false), "ared b");
        assert_eq!(sanitize("title\x1b]0;pwned\x07!", false), "title!");
        assert_eq!(
            sanitize("x\x1b]8;;http://e\x1b\\link\x1b]8;;\x1b\\", false),
            "xlink"
        );
        assert_eq!(sanitize("bell\x07 back\x08 cr\r", false), "bell back cr");
        assert_eq!(sanitize("a\u{9b}2Jb", false), "ab");
        assert_eq!(sanitize("two\nlines\tok", true), "two\nlines ok");
        assert_eq!(sanitize("two\nlines", false), "twolines");
        assert_eq!(sanitize("abc\u{202e}def", false), "abcdef");
    }

    #[test]
    fn keeps_unicode_intact() {
        let s = "Émilie 🎨 写真 e\u{301}";
        assert_eq!(sanitize(s, false), s);
    }

    #[test]
    fn truncates_by_columns() {
        assert_eq!(truncate("hello", 10), "hello");
        assert_eq!(truncate("hello world", 6), "hello…");
        assert_eq!(truncate("写真写真", 5), "写真…");
        assert_eq!(width(&truncate("写真写真", 5)), 5);
        assert_eq!(one_line("a\n  b\tc", 20), "a b c");
        assert_eq!(one_line("end.\nNext", 20), "end. Next");
        assert_eq!(pad("写", 4), "写  ");
    }
}
