//! Pieces of drawing the tabs and overlays share.

use chrono::{DateTime, FixedOffset};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Block;

use super::theme;
use crate::domain::time::{relative_days, relative_time};
use crate::domain::{Consultation, GoalStatus, Visibility};
use crate::text::{one_line, sanitize, truncate, width};

/// A day as every screen writes it: "Tue 24 Nov 2026" where there is room
/// (`wide`), "24 Nov 26" in a narrow column.
pub fn day(d: chrono::NaiveDate, wide: bool) -> String {
    if wide {
        d.format("%a %d %b %Y").to_string()
    } else {
        d.format("%d %b %y").to_string()
    }
}

/// A day at the head of a detail pane: "Tuesday 24 November 2026".
pub fn headline_day(d: chrono::NaiveDate) -> String {
    d.format("%A %d %B %Y").to_string()
}

/// A bordered box with a title, in the accent colour when it has the focus.
pub fn block(title: String, focused: bool) -> Block<'static> {
    let style = if focused {
        Style::new().fg(theme::ACCENT)
    } else {
        theme::muted()
    };
    Block::bordered()
        .border_style(style)
        .title(Span::styled(title, theme::title()))
}

/// A row laid out as a left part that takes the room left and right columns.
pub fn row(
    left: Vec<Span<'static>>,
    left_text: &str,
    right: Vec<Span<'static>>,
    w: usize,
    by: Option<&str>,
) -> Line<'static> {
    // A partner's record is labelled with its author.
    let mut left = left;
    if let Some(by) = by {
        let first_name = by.split_whitespace().next().unwrap_or(by);
        left.push(Span::styled(
            format!("{} · ", one_line(first_name, 16)),
            Style::new()
                .fg(theme::ACCENT)
                .add_modifier(Modifier::ITALIC),
        ));
    }
    let right_w: usize = right.iter().map(|s| width(&s.content)).sum();
    let room = w.saturating_sub(right_w + 1);
    let prefix_w: usize = left.iter().map(|s| width(&s.content)).sum();
    let text = truncate(&one_line(left_text, 500), room.saturating_sub(prefix_w));
    let mut spans = left;
    let filler = room.saturating_sub(prefix_w + width(&text));
    spans.push(Span::raw(text));
    spans.push(Span::raw(" ".repeat(filler + 1)));
    if room > 0 {
        spans.extend(right);
    }
    Line::from(spans)
}

pub fn status_mark(s: GoalStatus) -> Span<'static> {
    match s {
        GoalStatus::Active => Span::styled("● ", Style::new().fg(theme::GOOD)),
        GoalStatus::Paused => Span::styled("◐ ", Style::new().fg(theme::WARN)),
        GoalStatus::Achieved => Span::styled("✔ ", Style::new().fg(theme::ACCENT)),
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
        Span::styled(a, Style::new().fg(theme::GOOD)),
        Span::styled(b, theme::muted()),
        Span::raw(format!(" {progress:>3}%")),
    ]
}

pub fn visibility_span(v: Visibility) -> Span<'static> {
    match v {
        Visibility::Private => Span::styled("private ", theme::muted()),
        Visibility::Shared => Span::styled("shared  ", Style::new().fg(theme::GOOD)),
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
