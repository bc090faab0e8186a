//! Pieces of drawing the tabs and overlays share.

use chrono::{DateTime, FixedOffset};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Block;

use super::theme;
use crate::domain::time::{relative_days, relative_time};
use crate::domain::{Consultation, GoalStatus, Visibility};
use crate::text::{one_line, sanitize, truncate, width};

/// A day as every screen writes it, in the user's date style: "Tue 24 Nov
/// 2026" where there is room (`wide`), "24 Nov 26" in a narrow column.
pub fn day(d: chrono::NaiveDate, wide: bool) -> String {
    use theme::DateStyle::*;
    let format = match (theme::look().dates, wide) {
        (DayMonth, true) => "%a %d %b %Y",
        (DayMonth, false) => "%d %b %y",
        (MonthDay, true) => "%a %b %d %Y",
        (MonthDay, false) => "%b %d %y",
        (Iso, true) => "%a %Y-%m-%d",
        (Iso, false) => "%Y-%m-%d",
    };
    d.format(format).to_string()
}

/// A day at the head of a detail pane: "Tuesday 24 November 2026".
pub fn headline_day(d: chrono::NaiveDate) -> String {
    let format = match theme::look().dates {
        theme::DateStyle::DayMonth => "%A %d %B %Y",
        theme::DateStyle::MonthDay => "%A %B %d %Y",
        theme::DateStyle::Iso => "%A %Y-%m-%d",
    };
    d.format(format).to_string()
}

/// `lead` then the `pieces` (text, each in its style), wrapped at word
/// boundaries to `width` columns, the rows after the first indented as
/// wide as `lead`: an item's text wraps under its text, not its checkbox.
/// A piece that starts with two spaces (" — me", "  2 days late") is kept
/// whole on one row.
pub fn hanging(
    lead: Vec<Span<'static>>,
    pieces: Vec<(String, Style)>,
    width: usize,
) -> Vec<Line<'static>> {
    let indent: usize = lead.iter().map(|s| width_of(&s.content)).sum();
    let room = width.saturating_sub(indent).max(8);
    let mut lines = Vec::new();
    let mut spans = lead;
    let mut used = 0;
    for (text, style) in pieces {
        let words: Vec<String> = if text.starts_with("  ") {
            vec![text]
        } else {
            text.split(' ')
                .enumerate()
                .map(|(i, w)| {
                    if i == 0 {
                        w.to_string()
                    } else {
                        format!(" {w}")
                    }
                })
                .collect()
        };
        for piece in words {
            let w = width_of(&piece);
            if used > 0 && used + w > room {
                lines.push(Line::from(std::mem::take(&mut spans)));
                spans.push(Span::raw(" ".repeat(indent)));
                let trimmed = piece.trim_start().to_string();
                used = width_of(&trimmed);
                spans.push(Span::styled(trimmed, style));
            } else {
                used += w;
                spans.push(Span::styled(piece, style));
            }
        }
    }
    lines.push(Line::from(spans));
    lines
}

fn width_of(s: &str) -> usize {
    width(s)
}

/// A bordered box with a title, in the accent colour when it has the focus.
pub fn block(title: String, focused: bool) -> Block<'static> {
    let style = if focused {
        Style::new().fg(theme::accent())
    } else {
        theme::muted()
    };
    Block::bordered()
        .border_style(style)
        .title(Span::styled(title, theme::title()))
}

/// `text` as spans, what matches `find` (any case) marked: the filter's
/// matches stand out in the rows it keeps.
pub fn marked(text: String, find: &str) -> Vec<Span<'static>> {
    let needle: Vec<char> = find.chars().flat_map(char::to_lowercase).collect();
    if needle.is_empty() {
        return vec![Span::raw(text)];
    }
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let lower: Vec<char> = chars
        .iter()
        .map(|(_, c)| c.to_lowercase().next().unwrap_or(*c))
        .collect();
    let mut spans = Vec::new();
    let mut from = 0; // byte offset of what is not pushed yet
    let mut i = 0;
    while i + needle.len() <= lower.len() {
        if lower[i..i + needle.len()] == needle[..] {
            let start = chars[i].0;
            let end = chars.get(i + needle.len()).map_or(text.len(), |c| c.0);
            if start > from {
                spans.push(Span::raw(text[from..start].to_string()));
            }
            spans.push(Span::styled(
                text[start..end].to_string(),
                Style::new().add_modifier(Modifier::REVERSED),
            ));
            from = end;
            i += needle.len();
        } else {
            i += 1;
        }
    }
    if from < text.len() {
        spans.push(Span::raw(text[from..].to_string()));
    }
    spans
}

/// A row laid out as a left part that takes the room left and right
/// columns, what matches `find` marked.
pub fn row(
    left: Vec<Span<'static>>,
    left_text: &str,
    right: Vec<Span<'static>>,
    w: usize,
    by: Option<&str>,
    find: &str,
) -> Line<'static> {
    // A partner's record is labelled with its author.
    let mut left = left;
    if let Some(by) = by {
        let first_name = by.split_whitespace().next().unwrap_or(by);
        left.push(Span::styled(
            format!("{} · ", one_line(first_name, 16)),
            Style::new()
                .fg(theme::accent())
                .add_modifier(Modifier::ITALIC),
        ));
    }
    let right_w: usize = right.iter().map(|s| width(&s.content)).sum();
    let room = w.saturating_sub(right_w + 1);
    let prefix_w: usize = left.iter().map(|s| width(&s.content)).sum();
    let text = truncate(&one_line(left_text, 500), room.saturating_sub(prefix_w));
    let mut spans = left;
    let filler = room.saturating_sub(prefix_w + width(&text));
    spans.extend(marked(text, find));
    spans.push(Span::raw(" ".repeat(filler + 1)));
    if room > 0 {
        spans.extend(right);
    }
    Line::from(spans)
}

pub fn status_mark(s: GoalStatus) -> Span<'static> {
    match s {
        GoalStatus::Active => Span::styled("● ", Style::new().fg(theme::good())),
        GoalStatus::Paused => Span::styled("◐ ", Style::new().fg(theme::warn())),
        GoalStatus::Achieved => Span::styled("✔ ", Style::new().fg(theme::accent())),
        GoalStatus::Dropped => Span::styled("✕ ", theme::muted()),
    }
}

/// A progress bar of `cells` cells: filled and empty parts.
pub fn gauge(progress: u8, cells: usize) -> (String, String) {
    let filled = (usize::from(progress.min(100)) * cells)
        .div_ceil(100)
        .min(cells);
    let filled = if progress > 0 && progress < 100 {
        filled.clamp(1, cells - 1)
    } else {
        filled
    };
    ("█".repeat(filled), "░".repeat(cells - filled))
}

pub fn gauge_spans(progress: u8, cells: usize) -> Vec<Span<'static>> {
    let (a, b) = gauge(progress, cells);
    vec![
        Span::styled(a, Style::new().fg(theme::good())),
        Span::styled(b, theme::muted()),
        Span::raw(format!(" {progress:>3}%")),
    ]
}

pub fn visibility_span(v: Visibility) -> Span<'static> {
    match v {
        Visibility::Private => Span::styled("private ", theme::muted()),
        Visibility::Shared => Span::styled("shared  ", Style::new().fg(theme::good())),
    }
}

pub fn heading(text: &str) -> Line<'static> {
    Line::styled(text.to_string(), theme::heading())
}

/// User text of several lines, made safe to draw.
pub fn block_text(text: &str) -> Vec<Line<'static>> {
    sanitize(text, true)
        .lines()
        .map(|l| Line::raw(l.to_string()))
        .collect()
}

/// "1 day late", "3 days late".
pub fn days_late(days: i64) -> String {
    if days == 1 {
        "1 day late".to_string()
    } else {
        format!("{days} days late")
    }
}

/// The mark before the item picked in a detail pane.
pub fn picker(selected: bool, focused: bool) -> Span<'static> {
    if selected && focused {
        Span::styled("▸ ", theme::key())
    } else {
        Span::raw("  ")
    }
}

/// How long until an event: "now", "in 2 days", "3 hours ago".
pub fn countdown(c: &Consultation, now: DateTime<FixedOffset>) -> String {
    if c.start <= now && now <= c.ends_at() {
        return "now".into();
    }
    if c.all_day {
        relative_days(c.start.date_naive(), now.date_naive())
    } else {
        relative_time(c.start, now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gauges_show_a_sliver_for_small_progress() {
        assert_eq!(gauge(3, 10).0.chars().count(), 1);
        assert_eq!(gauge(100, 10).1, "");
        assert_eq!(gauge(99, 10).1.chars().count(), 1);
    }
}
