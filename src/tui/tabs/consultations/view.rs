//! How events are drawn: a countdown, the time, the audience.

use chrono::{DateTime, FixedOffset};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::ListItem;

use crate::domain::{Audience, Consultation};
use crate::text::{one_line, pad};
use crate::tui::ui::theme;
use crate::tui::ui::widgets::{block_text, countdown, day, row as layout_row};

/// When an event starts, for its row: the day, and the time unless it
/// lasts all day.
fn when(c: &Consultation) -> String {
    let d = day(c.start.date_naive(), false);
    if c.all_day {
        d
    } else {
        format!("{d} {}", c.start.format("%H:%M"))
    }
}

pub fn row(
    c: &Consultation,
    past: bool,
    w: usize,
    now: DateTime<FixedOffset>,
    by: Option<&str>,
    find: &str,
) -> ListItem<'static> {
    let cd = pad(&countdown(c, now), 13);
    let mut left = vec![Span::styled(
        cd,
        if past {
            theme::muted()
        } else {
            Style::new().fg(theme::warn())
        },
    )];
    // The day goes before the title wherever a title still has room.
    if w >= 46 {
        left.push(Span::styled(pad(&when(c), 17), theme::muted()));
    }
    // The audience goes where the title keeps room for a few words.
    let right = if w >= 60 || (34..46).contains(&w) {
        vec![Span::styled(
            pad(c.audience.label(), 9),
            Style::new().fg(theme::accent()),
        )]
    } else {
        vec![]
    };
    let item = ListItem::new(layout_row(left, &c.title, right, w, by, find));
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
                day(c.start.date_naive(), true),
                day((end - chrono::Duration::days(1)).date_naive(), true)
            )
        }
        (true, _) => format!("{} (all day)", day(c.start.date_naive(), true)),
        (false, Some(end)) if end.date_naive() == c.start.date_naive() => {
            format!(
                "{} {}–{}",
                day(c.start.date_naive(), true),
                c.start.format("%H:%M"),
                end.format("%H:%M")
            )
        }
        (false, Some(end)) => format!(
            "{} {} – {} {}",
            day(c.start.date_naive(), true),
            c.start.format("%H:%M"),
            day(end.date_naive(), true),
            end.format("%H:%M")
        ),
        (false, None) => format!(
            "{} {}",
            day(c.start.date_naive(), true),
            c.start.format("%H:%M")
        ),
    };
    let mut lines = vec![
        Line::styled(one_line(&c.title, 200), theme::title()),
        Line::from(vec![
            Span::raw(when),
            Span::styled(
                format!("  ({})", countdown(c, now)),
                Style::new().fg(theme::warn()),
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
    if let Some(uid) = c.source.calendar_uid() {
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
