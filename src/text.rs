//! User text made safe and tidy for a terminal.
//!
//! What is shown is display text only: stored records are never changed.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// At most this many zero-width characters (combining accents, joiners,
/// variation selectors, ...) are shown after a visible character. Real text
/// needs a few (Vietnamese two accents, an emoji flag six tags); a note that
/// starts with 60,000 accents would otherwise make a list row of 120 KB.
/// Unicode's stream-safe format allows 30; a terminal line needs fewer.
pub const MAX_MARKS: usize = 8;

/// Removes control characters and terminal escape sequences, so that text a
/// user (or a partner's bundle) wrote can never move the cursor, change colours
/// or retitle the terminal; and the invisible characters that reorder or hide
/// text (bidirectional controls, soft hyphens, ...). Tabs become a space;
/// newlines are kept only when `keep_newlines` is set. Zero-width characters
/// are kept only where they can be drawn as they are measured: after a
/// visible character, not right after a joiner, at most [`MAX_MARKS`] of them.
///
/// ```
/// use tandem::text::sanitize;
///
/// assert_eq!(sanitize("\x1b]0;pwned\x07Budget \x1b[31mtalk", false), "Budget talk");
/// assert_eq!(sanitize("写真 🎨", false), "写真 🎨");
/// assert_eq!(sanitize("\u{200f}abc\u{202e}def", false), "abcdef");
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

/// Invisible characters that change how the text around them is drawn, or
/// that terminals draw at different widths: never shown.
fn is_hidden_format(c: char) -> bool {
    is_bidi_control(c)
        // The soft hyphen: zero columns for some terminals, one for others.
        || c == '\u{ad}'
        // Deprecated controls of mirroring, shaping and digit shapes.
        || ('\u{206a}'..='\u{206f}').contains(&c)
        // Interlinear annotation anchors, which may hide the text they hold.
        || ('\u{fff9}'..='\u{fffb}').contains(&c)
}

/// The characters [`sanitize`] keeps, handed to `emit` one by one until it
/// returns `false`.
fn sanitized(input: &str, keep_newlines: bool, mut emit: impl FnMut(char) -> bool) {
    let mut chars = input.chars().peekable();
    let mut marks = Marks::default();
    while let Some(c) = chars.next() {
        let keep = match c {
            ' '..='~' => Some(c),
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
            c if is_hidden_format(c) => None,
            c => Some(c),
        };
        if let Some(c) = keep
            && marks.keeps(c)
            && !emit(c)
        {
            return;
        }
    }
}

/// Decides which zero-width characters are shown. A terminal puts one on
/// the cell before it: with no visible character before it (at the start,
/// after a space) it would land on a neighbouring cell, and after a joiner it
/// makes a sequence terminals draw at different widths.
#[derive(Default)]
struct Marks {
    /// A visible character came last, with only zero-width ones after it.
    base: bool,
    /// Zero-width characters shown since that character (or since the first
    /// of the characters joined to it).
    count: usize,
    /// The last character shown is a zero-width joiner or non-joiner.
    joiner: bool,
}

impl Marks {
    fn keeps(&mut self, c: char) -> bool {
        if c.is_ascii_graphic() {
            if !self.joiner {
                self.count = 0;
            }
            self.base = true;
            self.joiner = false;
            return true;
        }
        if c.is_whitespace() {
            *self = Marks::default();
            return true;
        }
        if c.width().unwrap_or(0) > 0 {
            // Characters joined into one (an emoji family) share a count, so
            // that a chain of joins stays short too.
            if !self.joiner {
                self.count = 0;
            }
            self.base = true;
            self.joiner = false;
            return true;
        }
        if !self.base || self.joiner || self.count >= MAX_MARKS {
            return false;
        }
        self.count += 1;
        self.joiner = matches!(c, '\u{200c}' | '\u{200d}');
        true
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
    // Only as much as fits (and a little more, to know it was cut) is
    // folded: a list row shows the start of a meeting's notes, not all of it.
    let mut folded = String::new();
    let mut space = false;
    // While every character stands alone, each is a grapheme as soon as the
    // next one comes: enough is read once those before the last overflow.
    let mut alone = true;
    let mut used = 0usize;
    // Otherwise whether enough is read is checked now and then, each time
    // after twice as many characters, so the checks cost as much as a read.
    let mut read = 0usize;
    let mut check_at = max + 2;
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
        read += 1;
        if alone && stands_alone(c) {
            let settled = used;
            used += c.width().unwrap_or(0);
            return settled <= max;
        }
        alone = false;
        if read < check_at {
            return true;
        }
        check_at = read.saturating_mul(2);
        settled_width(&folded) <= max
    });
    if alone {
        return cut(
            &folded,
            max,
            folded
                .chars()
                .map(|c| (c.len_utf8(), c.width().unwrap_or(0))),
        );
    }
    truncate(&folded, max)
}

/// The columns of `s` but its last grapheme, which more text could extend.
fn settled_width(s: &str) -> usize {
    let mut graphemes = s.graphemes(true);
    graphemes.next_back();
    graphemes.map(UnicodeWidthStr::width).sum()
}

/// Cuts `s` to at most `max` terminal columns, ending in `…` when cut. A
/// grapheme (a letter with its accents, an emoji sequence) is never split.
pub fn truncate(s: &str, max: usize) -> String {
    cut(s, max, cells(s).map(|(g, w)| (g.len(), w)))
}

/// Cuts `s` to at most `max` terminal columns from its start, beginning
/// with `…` when cut: for a path, whose end names the file.
pub fn truncate_start(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let graphemes: Vec<&str> = s.graphemes(true).collect();
    let mut used = 1;
    let mut start = graphemes.len();
    while start > 0 {
        let w = UnicodeWidthStr::width(graphemes[start - 1]);
        if used + w > max {
            break;
        }
        used += w;
        start -= 1;
    }
    format!("…{}", graphemes[start..].concat())
}

/// [`truncate`], given the length in bytes and the width of each grapheme
/// of `s`.
fn cut(s: &str, max: usize, cells: impl Iterator<Item = (usize, usize)>) -> String {
    // Where the text is cut if it does not fit: after the graphemes that
    // leave a column for the ellipsis.
    let mut at = None;
    let mut used = 0;
    let mut end = 0;
    for (len, w) in cells {
        if at.is_none() && used + w > max.saturating_sub(1) {
            at = Some(end);
        }
        used += w;
        end += len;
        if used > max && at.is_some() {
            break;
        }
    }
    if used <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = s[..at.unwrap_or(end)].to_string();
    // A joiner left at the end would join the ellipsis to the text before it.
    while out.ends_with(['\u{200c}', '\u{200d}']) {
        out.pop();
    }
    out.push('…');
    out
}

/// Pads `s` with spaces to `width` terminal columns (wide characters count twice).
pub fn pad(s: &str, width: usize) -> String {
    let w = self::width(s);
    if w >= width {
        s.to_string()
    } else {
        format!("{s}{}", " ".repeat(width - w))
    }
}

/// Terminal columns `s` takes: the sum of its graphemes' widths, the way
/// terminals and the app's screen lay text out cell by cell. (The width of
/// the whole string would let neighbouring graphemes change each other's
/// width, as Arabic lam and alef do, which a terminal does not.)
pub fn width(s: &str) -> usize {
    if s.bytes().all(|b| (b' '..=b'~').contains(&b)) {
        return s.len();
    }
    cells(s).map(|(_, w)| w).sum()
}

/// The graphemes of `s` with their widths.
fn cells(s: &str) -> Cells<'_> {
    let mut chars = s.char_indices();
    Cells {
        s,
        next: chars.next().map(|(at, c)| (at, c, stands_alone(c))),
        chars,
        graphemes: None,
    }
}

/// Whether `c` is a grapheme of its own next to any other such character,
/// as wide as it is alone: text made of such characters (most text: ASCII,
/// Latin, Greek, Cyrillic, punctuation, symbols, CJK ideographs, kana and
/// Hangul syllables) is measured character by character, several times
/// faster than by finding its graphemes, with the same result.
fn stands_alone(c: char) -> bool {
    matches!(c,
        ' '..='~'
        | '\u{a0}'..='\u{ac}'
        | '\u{ae}'..='\u{2ff}'
        | '\u{370}'..='\u{482}'
        | '\u{48a}'..='\u{52f}'
        | '\u{2010}'..='\u{2027}'
        | '\u{2030}'..='\u{205e}'
        | '\u{2190}'..='\u{2bff}'
        | '\u{3041}'..='\u{3096}'
        | '\u{30a1}'..='\u{30fa}'
        | '\u{4e00}'..='\u{9fff}'
        | '\u{ac00}'..='\u{d7a3}'
    )
}

/// Graphemes with their widths: character by character while a character
/// and the next [stand alone](stands_alone), by Unicode's rules from the
/// first one that does not (a grapheme boundary, since the character
/// before it stands alone).
struct Cells<'a> {
    s: &'a str,
    chars: std::str::CharIndices<'a>,
    /// The character to measure next, where it is and whether it stands alone.
    next: Option<(usize, char, bool)>,
    graphemes: Option<unicode_segmentation::Graphemes<'a>>,
}

impl<'a> Iterator for Cells<'a> {
    type Item = (&'a str, usize);

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(g) = &mut self.graphemes {
            return g.next().map(|g| (g, g.width()));
        }
        let (at, c, alone) = self.next?;
        let after = self.chars.next().map(|(i, d)| (i, d, stands_alone(d)));
        if alone && after.is_none_or(|(_, _, alone)| alone) {
            self.next = after;
            let end = after.map_or(self.s.len(), |(i, _, _)| i);
            return Some((&self.s[at..end], c.width().unwrap_or(0)));
        }
        let g = self.graphemes.insert(self.s[at..].graphemes(true));
        g.next().map(|g| (g, g.width()))
    }
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
    use super::*;

    #[test]
    fn a_path_is_cut_from_its_start() {
        assert_eq!(
            truncate_start("~/Downloads/a.bundle", 40),
            "~/Downloads/a.bundle"
        );
        assert_eq!(truncate_start("~/Downloads/a.bundle", 10), "…/a.bundle");
        assert_eq!(truncate_start("~/下载/文件.bundle", 12), "…文件.bundle");
        assert_eq!(truncate_start("abc", 0), "");
    }

    /// Letters, and the characters whose width a terminal and a naive count
    /// disagree on: accents, joiners, variation selectors, Arabic lam and
    /// alef (which Unicode's string width joins into one column), Lisu tone
    /// letters, Hangul jamo, a keycap, regional indicators, invisible format
    /// characters, and runs of accents. Emoji joined by a joiner are left
    /// out: terminals differ on those (one emoji's width, or each one's).
    const TRICKY: &str = "([a-z写 \t\n]|\u{1b}\\[31m|\u{1b}\\]0;x\u{7}|\u{301}|\u{301}{9,12}|\u{200d}|\u{200c}|\u{fe0f}|\u{20e3}|1|[\u{644}\u{627}\u{a4f8}\u{a4fc}]|[\u{1100}\u{1161}\u{11a8}]|\u{1f1f7}|\u{ad}|\u{200b}|\u{200e}|\u{202e}){0,40}";

    /// The column where a terminal leaves its cursor after drawing `s`.
    fn drawn(s: &str) -> usize {
        let mut term = vt100::Parser::new(
            std::num::NonZeroU16::new(2).unwrap(),
            std::num::NonZeroU16::new(1000).unwrap(),
            0,
        );
        term.process(s.as_bytes());
        usize::from(term.screen().cursor_position().1)
    }

    proptest::proptest! {
        /// Whatever the text, its cells are its graphemes.
        #[test]
        fn cells_are_graphemes(s in TRICKY) {
            let cells: Vec<(&str, usize)> = cells(&s).collect();
            let graphemes: Vec<(&str, usize)> = s.graphemes(true).map(|g| (g, g.width())).collect();
            proptest::prop_assert_eq!(cells, graphemes);
        }

        /// One line is what sanitising, folding every run of white space
        /// and cutting the whole text gives, though it stops reading early.
        #[test]
        fn one_line_is_sanitise_fold_and_cut(input in TRICKY, max in 0usize..20) {
            let folded = sanitize(&input, true).split_whitespace().collect::<Vec<_>>().join(" ");
            proptest::prop_assert_eq!(one_line(&input, max), truncate(&folded, max));
        }

        /// The width tables pad by is the width a terminal draws, and a
        /// cut line never draws wider than asked.
        #[test]
        fn width_is_what_a_terminal_draws(input in TRICKY, max in 1usize..20) {
            let shown = sanitize(&input, false);
            proptest::prop_assert_eq!(width(&shown), drawn(&shown), "{:?}", shown);
            let line = one_line(&input, max);
            proptest::prop_assert_eq!(width(&line), drawn(&line), "{:?}", line);
            proptest::prop_assert!(width(&line) <= max);
            let padded = pad(&line, max);
            proptest::prop_assert_eq!(drawn(&padded), max);
        }

        /// Sanitised text is as short as its visible characters allow, and
        /// sanitising it again changes nothing.
        #[test]
        fn sanitised_text_is_bounded_and_stable(input in TRICKY) {
            let once = sanitize(&input, true);
            let visible = once.chars().filter(|c| c.width().unwrap_or(0) > 0 || c.is_whitespace()).count();
            proptest::prop_assert!(once.chars().count() <= visible * (MAX_MARKS + 1));
            proptest::prop_assert_eq!(sanitize(&once, true), once.clone());
        }
    }

    proptest::proptest! {
        /// Text of characters that stand alone measures and cuts the same
        /// character by character as grapheme by grapheme.
        #[test]
        fn standing_alone_measures_as_graphemes(
            s in "[ -~\u{a0}-\u{ac}\u{ae}-\u{2ff}\u{370}-\u{482}\u{48a}-\u{52f}\u{2010}-\u{2027}\u{2030}-\u{205e}\u{2190}-\u{2bff}\u{3041}-\u{3096}\u{30a1}-\u{30fa}\u{4e00}-\u{9fff}\u{ac00}-\u{d7a3}]{0,12}",
        ) {
            proptest::prop_assert!(s.chars().all(stands_alone));
            let by_chars: Vec<(&str, usize)> = cells(&s).collect();
            let mut all = cells(&s);
            all.by_ref().for_each(drop);
            proptest::prop_assert!(all.graphemes.is_none(), "measured by characters");
            let by_graphemes: Vec<(&str, usize)> =
                s.graphemes(true).map(|g| (g, g.width())).collect();
            proptest::prop_assert_eq!(by_chars, by_graphemes);
        }
    }

    #[test]
    fn every_character_that_stands_alone_is_one_grapheme_as_wide_as_alone() {
        for c in (' '..='\u{ffff}').filter(|c| stands_alone(*c)) {
            let s = c.to_string();
            assert_eq!(s.graphemes(true).count(), 1, "U+{:04X}", u32::from(c));
            assert_eq!(s.width(), c.width().unwrap_or(0), "U+{:04X}", u32::from(c));
            // Nothing joins it to a letter or an ideograph next to it.
            for other in ['a', '写', '\u{2014}'] {
                let pair: String = [c, other].into_iter().collect();
                assert_eq!(pair.graphemes(true).count(), 2, "U+{:04X}", u32::from(c));
                let pair: String = [other, c].into_iter().collect();
                assert_eq!(pair.graphemes(true).count(), 2, "U+{:04X}", u32::from(c));
            }
        }
    }

    #[test]
    fn strips_direction_marks_and_invisible_format_characters() {
        assert_eq!(
            sanitize("\u{200e}a\u{200f}b\u{61c}c\u{2067}d\u{2069}e", false),
            "abcde"
        );
        assert_eq!(
            sanitize("soft\u{ad}hyphen\u{206b}\u{fff9}!", false),
            "softhyphen!"
        );
        // Joiners and non-joiners between letters stay.
        assert_eq!(sanitize("क्\u{200d}ष", false), "क्\u{200d}ष");
        assert_eq!(sanitize("ab\u{200c}c", false), "ab\u{200c}c");
    }

    #[test]
    fn accents_need_a_letter_and_are_few() {
        let accents = "\u{301}".repeat(60_000);
        assert_eq!(sanitize(&format!("{accents}Venue"), false), "Venue");
        assert_eq!(
            sanitize(&format!("a{accents}b"), false),
            format!("a{}b", "\u{301}".repeat(MAX_MARKS))
        );
        assert_eq!(sanitize("a \u{301}b\n\u{301}c", true), "a b\nc");
        // Nothing after a joiner but a letter.
        assert_eq!(sanitize("a\u{200d}\u{301}", false), "a\u{200d}");
        assert_eq!(sanitize("a\u{200d}\u{200d}b", false), "a\u{200d}b");
        // Vietnamese, a keycap, emoji sequences and a flag of tags are intact.
        for s in [
            "Việt Nam",
            "e\u{302}\u{301}",
            "1\u{fe0f}\u{20e3}",
            "👨\u{200d}👩\u{200d}👧\u{200d}👦",
            "👩🏻\u{200d}❤\u{fe0f}\u{200d}💋\u{200d}👨🏼",
            "🏴\u{e0067}\u{e0062}\u{e0073}\u{e0063}\u{e0074}\u{e007f}",
        ] {
            assert_eq!(sanitize(s, false), s);
        }
        // A chain of joined emoji is cut into short ones: a grapheme never
        // holds more than MAX_MARKS joins, so a cut line stays short.
        let chain = vec!["👨"; 1000].join("\u{200d}");
        let shown = sanitize(&chain, false);
        assert!(
            shown
                .graphemes(true)
                .all(|g| g.chars().count() <= 2 * MAX_MARKS + 1)
        );
        assert_eq!(shown.chars().filter(|c| *c == '👨').count(), 1000);
        let line = one_line(&chain, 10);
        assert!(width(&line) <= 10 && line.len() < 400, "{line}");
    }

    #[test]
    fn widths_are_counted_per_grapheme() {
        // Unicode's string width counts lam-alef as one column; a terminal
        // draws two.
        assert_eq!(width("\u{644}\u{627}"), 2);
        assert_eq!(width("\u{a4f8}\u{200d}\u{a4fc}"), 2);
        assert_eq!(width("a\u{200d}\u{301}"), 1);
        assert_eq!(width("❤\u{fe0f}"), 2);
        assert_eq!(width("👨\u{200d}👩\u{200d}👧"), 2);
        assert_eq!(pad("\u{644}\u{627}", 4), "\u{644}\u{627}  ");
    }

    #[test]
    fn truncating_never_splits_a_grapheme_or_leaves_a_joiner() {
        assert_eq!(truncate("e\u{301}e\u{301}e\u{301}", 2), "e\u{301}…");
        assert_eq!(
            truncate("👨\u{200d}👩\u{200d}👧 abc", 3),
            "👨\u{200d}👩\u{200d}👧…"
        );
        assert_eq!(truncate("a\u{200d}bc", 2), "a…");
        assert_eq!(one_line("a\u{200d}bc", 2), "a…");
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
