//! How events are drawn: a countdown, the time, the audience.

use chrono::{DateTime, FixedOffset};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::ListItem;

use crate::domain::{Audience, Consultation, Source};
use crate::text::{one_line, pad};
use crate::tui::ui::theme;
use crate::tui::ui::widgets::{block_text, countdown, row as layout_row};

fn when(c: &Consultation, long: bool) -> String {
    let fmt = if long { "%a %d %b %Y" } else { "%d %b" };
    if c.all_day {
        c.start.format(fmt).to_string()
    } else {
        c.start.format(&format!("{fmt} %H:%M")).to_string()
    }
}

pub fn row(
    c: &Consultation,
    past: bool,
    w: usize,
    now: DateTime<FixedOffset>,
    by: Option<&str>,
) -> ListItem<'static> {
    let cd = pad(&countdown(c, now), 13);
    let mut left = vec![Span::styled(
        cd,
        if past {
            theme::muted()
        } else {
            Style::new().fg(theme::WARN)
        },
    )];
    if w >= 60 {
        left.push(Span::styled(pad(&when(c, false), 14), theme::muted()));
    }
    let right = if w >= 34 {
        vec![Span::styled(
            pad(c.audience.label(), 9),
            Style::new().fg(theme::ACCENT),
        )]
    } else {
        vec![]
    };
    let item = ListItem::new(layout_row(left, &c.title, right, w, by));
    if past {
        item.style(theme::muted())
    } else {
        item
    }
}

pub fn detail(c: &Consultation, now: DateTime<FixedOffset>) -> Vec<Line<'static>> {
    let when = match (c.all_day, c.end) {
        (true, Some(end)) if (end - c.start).num_days() > 1 => {
            format!(
                "{} – {} (all day)",
                c.start.format("%a %d %b %Y"),
                (end - chrono::Duration::days(1)).format("%a %d %b %Y")
            )
        }
        (true, _) => format!("{} (all day)", c.start.format("%a %d %b %Y")),
        (false, Some(end)) if end.date_naive() == c.start.date_naive() => {
            format!(
                "{}–{}",
                c.start.format("%a %d %b %Y %H:%M"),
                end.format("%H:%M")
            )
        }
        (false, Some(end)) => format!(
            "{} – {}",
            c.start.format("%a %d %b %Y %H:%M"),
            end.format("%a %d %b %H:%M")
        ),
        (false, None) => c.start.format("%a %d %b %Y %H:%M").to_string(),
    };
    let mut lines = vec![
        Line::styled(one_line(&c.title, 200), theme::title()),
        Line::from(vec![
            Span::raw(when),
            Span::styled(
                format!("  ({})", countdown(c, now)),
                Style::new().fg(theme::WARN),
            ),
        ]),
        Line::raw(format!(
            "{} · for {}",
            c.kind.label().replace('-', " "),
            audience_words(c)
        )),
    ];
    if !c.place.trim().is_empty() {
        lines.push(Line::raw(format!("at {}", one_line(&c.place, 200))));
    }
    if !c.notes.trim().is_empty() {
        lines.push(Line::default());
        lines.extend(block_text(&c.notes));
    }
    if let Source::Imported { uid } = &c.source {
        lines.push(Line::default());
        lines.push(Line::styled(
            format!("from the programme's calendar ({})", one_line(uid, 60)),
            theme::muted(),
        ));
    }
    lines
}

fn audience_words(c: &Consultation) -> &'static str {
    match c.audience {
        Audience::Mentors => "all mentors",
        Audience::Mentees => "all mentees",
        Audience::Everyone => "everyone",
        Audience::Pair => "our pair",
    }
}
