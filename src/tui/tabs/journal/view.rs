//! How meetings are drawn: a row with the open actions counted, a detail
//! with the notes and the agreed actions.

use chrono::{NaiveDate, NaiveTime};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::ListItem;

use crate::domain::JournalEntry;
use crate::domain::time::relative_days;
use crate::text::one_line;
use crate::tui::app::App;
use crate::tui::ui::theme;
use crate::tui::ui::widgets::{
    block_text, day, days_late, hanging, heading, headline_day, picker, row as layout_row,
};

pub fn row(
    e: &JournalEntry,
    w: usize,
    today: NaiveDate,
    by: Option<&str>,
    find: &str,
) -> ListItem<'static> {
    let when = day(e.at.date_naive(), w >= 50);
    let open = e.open_actions();
    let late = e.actions.iter().filter(|a| a.is_overdue(today)).count();
    let mut right = Vec::new();
    if open > 0 {
        let style = if late > 0 {
            Style::new().fg(theme::bad())
        } else {
            Style::new().fg(theme::warn())
        };
        right.push(Span::styled(format!("{open} open"), style));
    }
    let kind = match e.kind {
        crate::domain::EventKind::PairMeeting => String::new(),
        k => format!("{} · ", k.label().replace('-', " ")),
    };
    let left = vec![
        Span::styled(format!("{when}  "), theme::muted()),
        Span::styled(kind, Style::new().fg(theme::accent())),
    ];
    ListItem::new(layout_row(left, &e.notes, right, w, by, find))
}

pub fn detail(e: &JournalEntry, app: &App, width: usize, focused: bool) -> Vec<Line<'static>> {
    let today = app.ws.now.date_naive();
    // `with` is written from the author's side: on a partner's meeting, the
    // viewer named there is "you".
    let names_me = app.ws.me.as_ref().is_some_and(|me| {
        let with = e.with.trim().to_lowercase();
        let name = me.name.trim().to_lowercase();
        !with.is_empty() && (with == name || name.split_whitespace().next() == Some(with.as_str()))
    });
    let with = if e.with.trim().is_empty() {
        String::new()
    } else if names_me && !app.ws.is_mine(e.meta.author) {
        " with you".to_string()
    } else {
        format!(" with {}", one_line(&e.with, 40))
    };
    let time = if e.at.time() == NaiveTime::MIN {
        String::new()
    } else {
        e.at.format(" %H:%M").to_string()
    };
    // A partner's meeting written in another zone: their clock beside.
    let theirs = app
        .ws
        .data
        .written_at
        .get(&e.meta.id)
        .filter(|_| !time.is_empty())
        .map(|at| {
            let name = app.ws.other_author(e.meta.author).unwrap_or("their");
            format!(
                "  ({} {}'s time, UTC{})",
                at.format("%H:%M"),
                one_line(name.split_whitespace().next().unwrap_or(name), 20),
                at.format("%:z")
            )
        })
        .unwrap_or_default();
    let mut lines = vec![
        Line::from(vec![
            Span::styled(
                format!("{}{time}", headline_day(e.at.date_naive())),
                theme::title(),
            ),
            Span::styled(theirs, theme::muted()),
        ]),
        Line::raw(format!(
            "{}{with} · {}",
            e.kind.label().replace('-', " "),
            relative_days(e.at.date_naive(), today)
        )),
        Line::default(),
        heading("Notes"),
    ];
    lines.extend(block_text(&e.notes));
    let twin = app.ws.data.twins.get(&e.meta.id);
    if let Some(t) = twin {
        let name = app.ws.other_author(t.meta.author).unwrap_or("Partner");
        lines.push(Line::default());
        lines.push(heading(&format!("{}'s notes", one_line(name, 30))));
        lines.extend(block_text(&t.notes));
    }
    let private = e.private_notes.trim();
    if !private.is_empty() {
        lines.push(Line::default());
        lines.push(heading("Your private notes (never shared)"));
        lines.extend(block_text(private));
    }
    lines.push(Line::default());
    // The partner's record adds the agreements it has that this one has
    // not (one written down by both is listed once).
    let extra = app.ws.twin_extra(e);
    let all: Vec<(&JournalEntry, &crate::domain::AgreedAction)> = e
        .actions
        .iter()
        .map(|a| (e, a))
        .chain(
            twin.into_iter()
                .flat_map(|t| extra.iter().map(move |&i| (t, &t.actions[i]))),
        )
        .collect();
    let open = all.iter().filter(|(_, a)| !a.done).count();
    lines.push(heading(&format!("Agreed actions ({open} open)")));
    if all.is_empty() {
        lines.push(Line::styled("  none", theme::muted()));
    }
    for (i, (owner_of, a)) in all.into_iter().enumerate() {
        let owner = one_line(&app.ws.owner_of(a, owner_of.meta.author), 20);
        let due = match a.due {
            Some(d) if a.is_overdue(today) => (
                format!("  {}", days_late((today - d).num_days())),
                Style::new().fg(theme::bad()),
            ),
            Some(d) if !a.done => (format!("  due {}", relative_days(d, today)), theme::muted()),
            _ => (String::new(), Style::new()),
        };
        let style = if a.done { theme::muted() } else { Style::new() };
        lines.extend(hanging(
            vec![
                picker(i == app.detail, focused),
                Span::raw(if a.done { "[x] " } else { "[ ] " }),
            ],
            vec![
                (one_line(&a.text, 200), style),
                (format!("  — {owner}"), theme::muted()),
                due,
            ],
            width,
        ));
    }
    let goals: Vec<String> = e
        .goals
        .iter()
        .filter_map(|id| app.ws.data.goals.iter().find(|g| g.meta.id == *id))
        .map(|g| one_line(&g.title, 60))
        .collect();
    if !goals.is_empty() {
        lines.push(Line::default());
        lines.push(heading("About"));
        lines.extend(goals.into_iter().map(|t| Line::raw(format!("  {t}"))));
    }
    lines
}
